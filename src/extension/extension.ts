/**
 * Activation: registers commands, the Runs view, the status bar item and the panel serializer. Nothing
 * here computes: training, dataset detection and prediction run in worker threads, so activation loads
 * no engine code and the extension bundle stays small.
 */

import * as vscode from 'vscode';
import { InferenceClient } from '../worker/inference-client';
import { registerAudioView } from './audio-commands';
import { registerCheckpointEditor } from './checkpoint-editor';
import { registerExport } from './export-command';
import { registerGatesPanel } from './gates-commands';
import { registerEvaluate, type EvaluateApi } from './evaluate-commands';
import { registerPrediction } from './prediction-commands';
import { log } from './log';
import { notifyWhenRunEnds } from './run-end-notification';
import { MenuContextKeys } from './context-keys';
import { registerDatasetFoldersCommand } from './dataset-folders-command';
import { registerRunCommands } from './run-commands';
import { RunManager } from './run-manager';
import type { RunState } from './run-state';
import { RunsView } from './runs-view';
import { registerRunsTable } from './runs-table-panel';
import { TrainingStatusBar } from './status-bar';
import { NewRunPanel, type NewRunArgument } from './new-run-panel';
import { trainDatasetCommand } from './train-dataset-command';
import { TrainingPanel } from './training-panel';
import { registerCommand } from './commands';
import { registerSweepCommands } from './sweep-commands';
import { registerWalkthrough } from './walkthrough';
import { registerDocumentationCommand } from './documentation-command';
import { setDisplayLocale } from './display-format';
import { installTranslator } from './l10n';

/** What `activate` returns: the run manager, for the extension-host tests and other extensions. */
export interface LstmStudioApi {
  runManager: RunManager;
}

export function activate(context: vscode.ExtensionContext): LstmStudioApi {
  const started = performance.now();
  // The host's pure modules translate and format numbers through these (src/protocol/l10n.ts,
  // display-format.ts); the bundle goes to every worker the host starts (workerData).
  installTranslator((message, ...args) => vscode.l10n.t(message, ...args), vscode.l10n.bundle);
  setDisplayLocale(vscode.env.language);
  // Inference workers, each started on first use: one for what a user waits on (gate recording,
  // prediction, export, a run's history), and one for the checkpoint editor's tensor work — a statistics
  // pass over a 1 GiB tensor takes 15–50 s and must not hold up a prediction queued behind it.
  const inferenceWorkerPath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'inference-worker.js').fsPath;
  const inference = new InferenceClient(inferenceWorkerPath);
  const tensorWork = new InferenceClient(inferenceWorkerPath);
  context.subscriptions.push({ dispose: () => inference.dispose() }, { dispose: () => tensorWork.dispose() });
  const readHistory = (runDir: string) => inference.request({ kind: 'run-history', runDir });
  const manager = new RunManager(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath, readHistory);
  const runsView = new RunsView(manager);
  // The Gates panel searches the data set in the Evaluate view, which opens samples in the Gates panel
  // and attributions in Predict: each gets the other's entry point once both are registered.
  const later: { evaluate?: EvaluateApi } = {};
  const gates = registerGatesPanel(context, {
    inference,
    searchDataSet: (path, query) => later.evaluate?.searchDataSet(path, query),
  });
  registerExport(context, { inference });
  const prediction = registerPrediction(context, { inference });
  later.evaluate = registerEvaluate(context, {
    inference,
    openGates: (path, input, focusStep) => gates.show(path, input, focusStep),
    classifyWithAttribution: (path, text) => prediction.classifyWithAttribution(path, text),
  });
  registerAudioView(context, { inference });
  registerSweepCommands(context, manager);
  registerWalkthrough(context, manager);
  context.subscriptions.push(registerDocumentationCommand(context));

  const startAndShow = (state: RunState | undefined) => {
    if (!state) return;
    TrainingPanel.show(context, manager, state);
    // No notification while it trains (the status bar and the panel report): one when it ends.
    notifyWhenRunEnds(manager, state, (ended) => TrainingPanel.show(context, manager, ended));
  };
  registerCheckpointEditor(context, { inference: tensorWork, runManager: manager, showRun: startAndShow });

  context.subscriptions.push(
    manager,
    runsView,
    new TrainingStatusBar(manager),
    vscode.window.registerTreeDataProvider('lstmStudio.runs', runsView),
    TrainingPanel.registerSerializer(context, manager),
    registerRunsTable(context, manager),
    registerCommand('lstmStudio.trainDataset', async (uri?: vscode.Uri) =>
      startAndShow(await trainDatasetCommand(context, manager, uri)),
    ),
    registerCommand('lstmStudio.newTrainingRun', (argument?: NewRunArgument) =>
      NewRunPanel.open({ context, manager, showRun: startAndShow }, argument),
    ),
    // The Explorer's *Train LSTM with Settings…* on a dataset file: the same form.
    registerCommand('lstmStudio.newTrainingRunOnFile', (uri: vscode.Uri) =>
      NewRunPanel.open({ context, manager, showRun: startAndShow }, uri),
    ),
    registerCommand('lstmStudio.showLog', () => log().show()),
    registerCommand('lstmStudio.runs.refresh', () => runsView.refresh()),
    ...registerRunCommands({ context, manager, refreshRunsView: () => runsView.refresh(), showRun: startAndShow }),
    registerDatasetFoldersCommand(),
    new MenuContextKeys(context, manager),
  );
  void vscode.commands.executeCommand('setContext', 'lstmStudio.trainingActive', false);
  log().info(`LSTM Studio activated in ${(performance.now() - started).toFixed(1)} ms`);
  return { runManager: manager };
}

export function deactivate(): void {}
