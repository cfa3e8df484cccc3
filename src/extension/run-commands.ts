/**
 * The run commands, from the Runs view (a run item), the status bar (a run's state) or the palette (no
 * argument: a quick pick of the runs the command applies to): *Open Run…*, *Run Actions…*, *Pause
 * Training*, *Resume Paused Training*, *Stop Training*, *Resume Run from Last Checkpoint…*, *Open Best
 * Checkpoint…*, *Evaluate Run*, *Reveal Run Folder…*, *Delete Run…*. Which run offers what is decided in run-actions.ts.
 */

import * as vscode from 'vscode';
import { join } from 'node:path';
import { registerCommand } from './commands';
import { actionApplies, runActionsFor, runsToList, type RunAction } from './run-actions';
import type { RunManager } from './run-manager';
import { RunState } from './run-state';
import { TrainingPanel } from './training-panel';
import { describeRun, workspaceRuns, type WorkspaceRun } from './workspace-runs';

export interface RunCommandServices {
  context: vscode.ExtensionContext;
  manager: RunManager;
  /** Redraws the Runs view (after a delete). */
  refreshRunsView(): void;
  /** Opens the Training panel of a run that just started and watches for its end. */
  showRun(state: RunState | undefined): void;
}

export function registerRunCommands(services: RunCommandServices): vscode.Disposable[] {
  const { manager } = services;
  /** The run a command names (a Runs view item, a state, a run folder), or one picked among those `action` applies to. */
  const target = async (argument: unknown, title: string, action?: RunAction): Promise<WorkspaceRun | undefined> => {
    const named = await runOf(manager, argument);
    if (named) return named;
    return pickRun(await workspaceRuns(manager), title, action);
  };
  const command = (id: string, action: RunAction, title: () => string) =>
    registerCommand(id, async (argument?: unknown) => {
      const run = await target(argument, title(), action);
      if (run) await perform(action, run, services);
    });
  return [
    command('lstmStudio.openTrainingPanel', 'open-panel', () => vscode.l10n.t('Open which run?')),
    command('lstmStudio.runs.openPanel', 'open-panel', () => vscode.l10n.t('Open which run?')),
    command('lstmStudio.pauseRun', 'pause', () => vscode.l10n.t('Pause which run?')),
    command('lstmStudio.resumeRun', 'resume-paused', () => vscode.l10n.t('Resume which paused run?')),
    command('lstmStudio.stopRun', 'stop', () => vscode.l10n.t('Stop which run?')),
    command('lstmStudio.runs.resume', 'resume-from-last', () =>
      vscode.l10n.t('Resume which run from its last checkpoint?'),
    ),
    command('lstmStudio.evaluateRun', 'evaluate', () => vscode.l10n.t('Evaluate which run?')),
    command('lstmStudio.runs.openBest', 'open-best', () => vscode.l10n.t('Open the best checkpoint of which run?')),
    command('lstmStudio.runs.reveal', 'reveal', () => vscode.l10n.t('Reveal the folder of which run?')),
    command('lstmStudio.runs.delete', 'delete', () => vscode.l10n.t('Delete which run?')),
    registerCommand('lstmStudio.runActions', async (argument?: unknown) => {
      const run = await target(argument, vscode.l10n.t('Actions of which run?'));
      if (!run) return;
      const action = await pickAction(run);
      if (action) await perform(action, run, services);
    }),
  ];
}

/** The run an argument names: a Runs view item or a state (`{ state }` / RunState), or a run folder's path. */
async function runOf(manager: RunManager, argument: unknown): Promise<WorkspaceRun | undefined> {
  if (argument instanceof RunState) return describeRun(manager, argument);
  if (argument && typeof argument === 'object' && 'state' in argument && argument.state instanceof RunState)
    return describeRun(manager, manager.activeRun(argument.state.meta.runDir) ?? argument.state);
  if (typeof argument === 'string' && argument.length > 0)
    return describeRun(manager, await manager.readRecord(argument));
  return undefined;
}

function trusted(): { trusted: boolean } {
  return { trusted: vscode.workspace.isTrusted };
}

async function pickRun(runs: WorkspaceRun[], title: string, action?: RunAction): Promise<WorkspaceRun | undefined> {
  const listed = runsToList(runs, trusted(), action);
  if (listed.length === 0) {
    void vscode.window.showInformationMessage(
      runs.length === 0
        ? vscode.l10n.t(
            'This workspace has no LSTM Studio runs yet: right-click a dataset and choose Train LSTM on This Dataset.',
          )
        : vscode.l10n.t('No run of this workspace can do that now.'),
    );
    return undefined;
  }
  // One run training and a command for a running run (pause, stop): no question to ask.
  if (listed.length === 1 && action !== undefined && listed[0].active) return listed[0];
  const picked = await vscode.window.showQuickPick(
    listed.map((run) => ({
      label: runLabel(run),
      description: runDescription(run),
      detail: run.state.meta.architecture || undefined,
      run,
    })),
    {
      title,
      placeHolder: vscode.l10n.t('Runs of this workspace, training ones first, then newest first'),
      matchOnDescription: true,
    },
  );
  return picked?.run;
}

function runLabel(run: WorkspaceRun): string {
  const icon = run.active
    ? run.status === 'paused'
      ? '$(debug-pause)'
      : '$(sync~spin)'
    : run.status === 'failed'
      ? '$(error)'
      : '$(pass)';
  return `${icon} ${run.state.meta.id.startsWith('pending-') ? run.state.meta.datasetName : run.state.meta.id}`;
}

function runDescription(run: WorkspaceRun): string {
  const m = run.state.meta;
  const steps = new Intl.NumberFormat(undefined);
  return vscode.l10n.t(
    '{0} · {1} · {2}, step {3}/{4}',
    m.datasetName,
    m.taskName,
    statusWords(run),
    steps.format(m.step),
    steps.format(m.totalSteps),
  );
}

function statusWords(run: WorkspaceRun): string {
  switch (run.status) {
    case 'running':
      return vscode.l10n.t('running');
    case 'paused':
      return vscode.l10n.t('paused');
    case 'stopped':
      return vscode.l10n.t('stopped');
    case 'finished':
      return vscode.l10n.t('finished');
    case 'failed':
      return vscode.l10n.t('failed');
    default:
      return run.status;
  }
}

/** The words and icon of each action in the *Run Actions…* quick pick. */
function actionLabel(action: RunAction): string {
  switch (action) {
    case 'open-panel':
      return `$(graph-line) ${vscode.l10n.t('Open Training Panel')}`;
    case 'pause':
      return `$(debug-pause) ${vscode.l10n.t('Pause Training')}`;
    case 'resume-paused':
      return `$(debug-continue) ${vscode.l10n.t('Resume Paused Training')}`;
    case 'stop':
      return `$(debug-stop) ${vscode.l10n.t('Stop Training (saves the last checkpoint)')}`;
    case 'resume-from-last':
      return `$(debug-restart) ${vscode.l10n.t('Resume from Last Checkpoint')}`;
    case 'predict':
      return `$(sparkle) ${vscode.l10n.t('Predict with This Run’s Model…')}`;
    case 'inspect-gates':
      return `$(pulse) ${vscode.l10n.t('Inspect Gates')}`;
    case 'evaluate':
      return `$(checklist) ${vscode.l10n.t('Evaluate Run')}`;
    case 'open-best':
      return `$(file-binary) ${vscode.l10n.t('Open Best Checkpoint')}`;
    case 'compare':
      return `$(table) ${vscode.l10n.t('Compare in the Runs Table')}`;
    case 'export':
      return `$(export) ${vscode.l10n.t('Export as PyTorch Project…')}`;
    case 'reveal':
      return `$(folder-opened) ${vscode.l10n.t('Reveal Run Folder')}`;
    case 'delete':
      return `$(trash) ${vscode.l10n.t('Delete Run…')}`;
    default:
      return action;
  }
}

async function pickAction(run: WorkspaceRun): Promise<RunAction | undefined> {
  const actions = runActionsFor(run, trusted());
  const picked = await vscode.window.showQuickPick(
    actions.map((action) => ({ label: actionLabel(action), action })),
    { title: vscode.l10n.t('Run {0}', runLabel(run)), placeHolder: runDescription(run) },
  );
  return picked?.action;
}

/** The checkpoint that stands for a run: its best, or its last while it has no best. */
function checkpointOf(run: WorkspaceRun): string {
  return join(run.state.meta.runDir, run.hasBestCheckpoint ? 'best.safetensors' : 'last.safetensors');
}

async function perform(action: RunAction, run: WorkspaceRun, services: RunCommandServices): Promise<void> {
  const { context, manager } = services;
  const state = run.state;
  const runDir = state.meta.runDir;
  if (!actionApplies(action, run, trusted())) {
    if (action === 'resume-from-last' && !vscode.workspace.isTrusted)
      throw new Error(vscode.l10n.t('training is off in Restricted Mode; trust the workspace to resume runs'));
    throw new Error(vscode.l10n.t('the run {0} cannot do that now ({1})', state.meta.id, statusWords(run)));
  }
  switch (action) {
    case 'open-panel':
      TrainingPanel.show(context, manager, manager.activeRun(runDir) ?? state);
      return;
    case 'pause':
      return manager.control(state, 'pause');
    case 'resume-paused':
      return manager.control(state, 'resume');
    case 'stop':
      return manager.control(state, 'stop');
    case 'resume-from-last':
      services.showRun(
        manager.start(
          { datasetPath: '', runsRoot: '', config: {}, resumeRunDir: runDir },
          state.meta.datasetName,
          state.meta.task,
        ),
      );
      return;
    case 'predict':
      await vscode.commands.executeCommand('lstmStudio.predictWithModel', vscode.Uri.file(checkpointOf(run)));
      return;
    case 'inspect-gates':
      await vscode.commands.executeCommand('lstmStudio.inspectGates', vscode.Uri.file(checkpointOf(run)));
      return;
    case 'evaluate':
      await vscode.commands.executeCommand('lstmStudio.evaluateCheckpoint', vscode.Uri.file(checkpointOf(run)));
      return;
    case 'open-best':
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(join(runDir, 'best.safetensors')));
      return;
    case 'compare':
      await vscode.commands.executeCommand('lstmStudio.openRunsTable');
      return;
    case 'export':
      await vscode.commands.executeCommand('lstmStudio.exportPyTorch', { state });
      return;
    case 'reveal':
      await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(runDir));
      return;
    case 'delete':
      return deleteRun(run, services);
    default:
      return;
  }
}

async function deleteRun(run: WorkspaceRun, services: RunCommandServices): Promise<void> {
  const remove = vscode.l10n.t('Delete');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete the run {0} and its checkpoints?', run.state.meta.id),
    { modal: true },
    remove,
  );
  if (answer !== remove) return;
  const folder = vscode.Uri.file(run.state.meta.runDir);
  await vscode.workspace.fs
    .delete(folder, { recursive: true, useTrash: true })
    .then(undefined, () => vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false }));
  services.refreshRunsView();
}
