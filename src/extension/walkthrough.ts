/**
 * The *Get Started with LSTM Studio* walkthrough (`contributes.walkthroughs`, id `gettingStarted`, or
 * `lstm-studio.lstm-studio#gettingStarted` for `workbench.action.openWalkthrough`): the commands its step
 * buttons run, and the listener that checks the training steps off (see walkthrough-progress). The steps
 * themselves — text, images, buttons — live in package.json and media/walkthrough/.
 */

import * as vscode from 'vscode';
import { registerCommand } from './commands';
import type { RunManager } from './run-manager';
import { copiedSample, getSampleData, SAMPLE_TO_PREDICT_ON, SAMPLE_TO_TRAIN, sampleOrCopy } from './sample-data';
import { markWalkthroughEvent } from './walkthrough-progress';

export function registerWalkthrough(context: vscode.ExtensionContext, manager: RunManager): void {
  const extensionUri = context.extensionUri;
  context.subscriptions.push(
    registerCommand('lstmStudio.getSampleData', () => getSampleData(extensionUri)),
    // Step 2's button: the Train quick pick on the sample reviews (copied first when they are not there).
    registerCommand('lstmStudio.trainSample', async () => {
      const dataset = await sampleOrCopy(extensionUri, SAMPLE_TO_TRAIN);
      if (dataset) await vscode.commands.executeCommand('lstmStudio.trainDataset', dataset);
    }),
    // Step 4's button: a review the model never saw, selected, then Predict on Selection as from the menu.
    registerCommand('lstmStudio.predictOnSample', async () => {
      const file = await sampleOrCopy(extensionUri, SAMPLE_TO_PREDICT_ON);
      if (!file) return;
      const editor = await vscode.window.showTextDocument(file);
      const firstLine = editor.document.lineAt(0).range;
      editor.selection = new vscode.Selection(firstLine.start, firstLine.end);
      await vscode.commands.executeCommand('lstmStudio.predictOnSelection');
    }),
    manager.onRunEvent(({ event }) => {
      if (event.type === 'run-started') void markWalkthroughEvent('runStarted');
      // A stopped run has a checkpoint to look into and predict with, as a finished one has.
      if (event.type === 'run-finished') void markWalkthroughEvent('runEnded');
    }),
  );
  // Samples copied in an earlier session (or before the window opened the folder they were copied into).
  void copiedSample(SAMPLE_TO_TRAIN).then((found) => found && markWalkthroughEvent('hasSampleData'));
}
