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
import { registerPrediction } from './prediction-commands';
import { log } from './log';
import { showRunProgress } from './progress-notification';
import { RunManager } from './run-manager';
import type { RunState } from './run-state';
import { RunItem, RunsView } from './runs-view';
import { registerRunsTable } from './runs-table-panel';
import { TrainingStatusBar } from './status-bar';
import { NewRunPanel, type NewRunArgument } from './new-run-panel';
import { trainDatasetCommand } from './train-dataset-command';
import { TrainingPanel } from './training-panel';
import { registerCommand } from './commands';
import { registerSweepCommands } from './sweep-commands';
import { formatInteger, setDisplayLocale } from './display-format';
import { installTranslator } from './l10n';
import { runStatusWord } from './run-status-words';

/** What `activate` returns: the run manager, for the extension-host tests and other extensions. */
export interface LstmStudioApi {
  runManager: RunManager;
}

export function activate(context: vscode.ExtensionContext): LstmStudioApi {
  const started = performance.now();
  // The host's pure modules translate and format numbers through these (src/extension/l10n.ts, display-format.ts).
  installTranslator((message, ...args) => vscode.l10n.t(message, ...args));
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
  registerGatesPanel(context, { inference });
  registerExport(context, { inference });
  registerPrediction(context, { inference });
  registerAudioView(context, { inference });
  registerSweepCommands(context, manager);

  const startAndShow = (state: RunState | undefined) => {
    if (!state) return;
    TrainingPanel.show(context, manager, state);
    showRunProgress(manager, state);
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
    registerCommand('lstmStudio.openTrainingPanel', async () => {
      const state = await pickRun(manager, vscode.l10n.t('Open the Training panel of which run?'), false);
      if (state) TrainingPanel.show(context, manager, state);
    }),
    registerCommand('lstmStudio.pauseRun', async () => control(manager, 'pause')),
    registerCommand('lstmStudio.resumeRun', async () => control(manager, 'resume')),
    registerCommand('lstmStudio.stopRun', async () => control(manager, 'stop')),
    registerCommand('lstmStudio.showLog', () => log().show()),
    registerCommand('lstmStudio.runs.refresh', () => runsView.refresh()),
    registerCommand('lstmStudio.runs.openPanel', async (item: RunItem) =>
      TrainingPanel.show(context, manager, manager.activeRun(item.state.meta.runDir) ?? item.state),
    ),
    registerCommand('lstmStudio.runs.resume', async (item: RunItem) => {
      if (!vscode.workspace.isTrusted)
        throw new Error(vscode.l10n.t('training is off in Restricted Mode; trust the workspace to resume runs'));
      const meta = item.state.meta;
      startAndShow(
        manager.start(
          { datasetPath: '', runsRoot: '', config: {}, resumeRunDir: meta.runDir },
          meta.datasetName,
          meta.task,
        ),
      );
    }),
    registerCommand('lstmStudio.runs.openBest', (item: RunItem) =>
      vscode.commands.executeCommand('vscode.open', vscode.Uri.file(`${item.state.meta.runDir}/best.safetensors`)),
    ),
    registerCommand('lstmStudio.runs.reveal', (item: RunItem) =>
      vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(item.state.meta.runDir)),
    ),
    registerCommand('lstmStudio.runs.delete', async (item: RunItem) => {
      const remove = vscode.l10n.t('Delete');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Delete the run {0} and its checkpoints?', item.state.meta.id),
        { modal: true },
        remove,
      );
      if (answer !== remove) return;
      await vscode.workspace.fs
        .delete(vscode.Uri.file(item.state.meta.runDir), { recursive: true, useTrash: true })
        .then(undefined, () =>
          vscode.workspace.fs.delete(vscode.Uri.file(item.state.meta.runDir), { recursive: true, useTrash: false }),
        );
      runsView.refresh();
    }),
  );
  void vscode.commands.executeCommand('setContext', 'lstmStudio.trainingActive', false);
  log().info(`LSTM Studio activated in ${(performance.now() - started).toFixed(1)} ms`);
  return { runManager: manager };
}

export function deactivate(): void {}

async function control(manager: RunManager, action: 'pause' | 'resume' | 'stop'): Promise<void> {
  const titles = {
    pause: vscode.l10n.t('Pause which run?'),
    resume: vscode.l10n.t('Resume which run?'),
    stop: vscode.l10n.t('Stop which run?'),
  };
  const state = await pickRun(manager, titles[action], true);
  if (state) manager.control(state, action);
}

/** The only active run, or a quick pick among active runs (or, when allowed, the active runs only). */
async function pickRun(manager: RunManager, title: string, activeOnly: boolean): Promise<RunState | undefined> {
  const active = manager.activeRuns();
  if (active.length === 1) return active[0];
  if (active.length === 0) {
    if (activeOnly)
      void vscode.window.showInformationMessage(vscode.l10n.t('No LSTM Studio run is training right now.'));
    else
      void vscode.window.showInformationMessage(
        vscode.l10n.t('No run is training; open a finished run from the Runs view (LSTM Studio in the activity bar).'),
      );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    active.map((state) => ({
      label: state.meta.id || state.meta.datasetName,
      description: vscode.l10n.t(
        '{0}, step {1}/{2}',
        runStatusWord(state.meta.status),
        formatInteger(state.meta.step),
        formatInteger(state.meta.totalSteps),
      ),
      state,
    })),
    { title },
  );
  return picked?.state;
}
