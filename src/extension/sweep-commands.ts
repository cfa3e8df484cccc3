/**
 * *Start Sweep* and *Stop Sweep*. `lstmStudio.startSweep` with no arguments asks for a sweep file
 * (`lstm-studio-sweep/1`); with `(spec, specFolder)` — the New Training Run form — it takes that spec,
 * relative dataset paths resolving in `specFolder`. Either way the spec is checked here, the dataset is
 * described once in a worker (a bad file or column fails before any run starts; that worker then trains
 * the first trial), and a `SweepQueue` trains the trials through `RunManager.start`, each a normal run
 * tagged with the sweep. The command answers `StartedSweep` once the runs have started; a status bar
 * item says how far it is; one notification says how it ended.
 */

import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { describeTrialSettings, type SweepSpec } from '../protocol/sweep';
import { parseSweepSpec, planSweepRuns } from '../protocol/sweep-expansion';
import { headlineValue, rankSweepTrials, type SweepTrialResult } from '../protocol/sweep-ranking';
import type { TaskId } from '../protocol/task-presentation';
import { DatasetSession } from '../worker/client';
import { registerCommand } from './commands';
import { formatInteger, formatMetricValue } from './display-format';
import { log } from './log';
import type { RunManager } from './run-manager';
import type { RunState } from './run-state';
import { SweepQueue, type TrialRun, type TrialRunEnd } from './sweep-queue';
import { runsRootFor } from './train-dataset-command';
import { headlineMetricWords } from './task-words';

/** What `lstmStudio.startSweep` answers once the sweep has started (undefined: the user cancelled). */
export interface StartedSweep {
  id: string;
  name: string;
  count: number;
}

/** Registers the two commands and the sweeps' status bar item; all disposed with the extension. */
export function registerSweepCommands(context: vscode.ExtensionContext, manager: RunManager): void {
  const sweeps = new RunningSweeps();
  context.subscriptions.push(
    sweeps,
    registerCommand('lstmStudio.startSweep', async (spec?: unknown, specFolder?: unknown) =>
      startSweep(context, manager, sweeps, spec, specFolder),
    ),
    registerCommand('lstmStudio.stopSweep', async (sweepId?: unknown) => stopSweep(sweeps, sweepId)),
  );
}

/** The sweeps training in this window, and the status bar item that shows them. */
class RunningSweeps implements vscode.Disposable {
  readonly queues = new Set<SweepQueue>();
  private readonly item = vscode.window.createStatusBarItem('lstmStudio.sweep', vscode.StatusBarAlignment.Left, 49);

  constructor() {
    this.item.name = vscode.l10n.t('LSTM Studio Sweep');
    this.item.command = 'lstmStudio.openRunsTable';
  }

  add(queue: SweepQueue): void {
    this.queues.add(queue);
    queue.onDidChange(() => this.update());
    this.update();
  }

  remove(queue: SweepQueue): void {
    this.queues.delete(queue);
    this.update();
  }

  private update(): void {
    void vscode.commands.executeCommand('setContext', 'lstmStudio.sweepActive', this.queues.size > 0);
    const lines = [...this.queues].map((q) => q.statusLine());
    if (lines.length === 0) return this.item.hide();
    this.item.text = `$(beaker) ${lines[0]}${lines.length > 1 ? ` (+${formatInteger(lines.length - 1)})` : ''}`;
    this.item.tooltip = `${lines.join('\n')}\n${vscode.l10n.t('Click to open the Runs table; “LSTM Studio: Stop Sweep” stops it.')}`;
    this.item.show();
  }

  dispose(): void {
    for (const queue of this.queues) queue.stop();
    this.item.dispose();
  }
}

async function startSweep(
  context: vscode.ExtensionContext,
  manager: RunManager,
  sweeps: RunningSweeps,
  specArgument: unknown,
  folderArgument: unknown,
): Promise<StartedSweep | undefined> {
  if (!vscode.workspace.isTrusted)
    throw new Error(vscode.l10n.t('training is off in Restricted Mode; trust the workspace to start a sweep'));
  const chosen = specArgument === undefined ? await pickSweepFile() : checkedArguments(specArgument, folderArgument);
  if (!chosen) return;
  const { spec, specFolder } = chosen;
  if (spec.base.dataset === undefined)
    throw new Error(vscode.l10n.t(`the sweep's "base" names no "dataset" (the file every run of the sweep trains on)`));
  const datasetPath = isAbsolute(spec.base.dataset) ? spec.base.dataset : resolve(specFolder, spec.base.dataset);
  const datasetName = basename(datasetPath);
  const plan = planSweepRuns(spec, {
    datasetFileName: datasetName,
    cores: availableParallelism(),
    now: new Date(),
    randomHex: randomBytes(2).toString('hex'),
  });
  log().info(
    `sweep ${plan.id} "${plan.name}": ${plan.trials.length} runs on ${datasetPath}, at most ${plan.concurrency} at once${plan.threads !== undefined ? `, ${plan.threads} thread each` : ''}`,
  );

  // One description before any run: a bad file or column fails here, once; its worker trains the first trial.
  const session = new DatasetSession(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath);
  let task: TaskId;
  const queue = new SweepQueue(plan, datasetPath, runsRootFor(vscode.Uri.file(datasetPath)), (request, index) => {
    const state = manager.start(request, datasetName, task, index === 0 ? session : undefined);
    return trialRun(manager, state);
  });
  const first = queue.trialRequest(plan.trials[0]);
  try {
    const description = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('LSTM Studio: reading {0} for the sweep…', datasetName),
      },
      () => session.describe({ datasetPath, config: first.config, dataset: first.dataset }),
    );
    task = description.summary.task;
  } catch (error) {
    await session.dispose();
    throw new Error(vscode.l10n.t('the sweep "{0}" did not start: {1}', plan.name, (error as Error).message));
  }
  sweeps.add(queue);
  const running = queue.run(); // starts the first trials at once: the first in the session's worker
  void session.dispose(); // ends that worker only if the first trial did not take it over
  // The command answers once the sweep has started (the form is not held for the sweep's minutes).
  void running.then(
    (results) => {
      sweeps.remove(queue);
      announce(queue, results, task);
    },
    (error: Error) => {
      sweeps.remove(queue);
      log().error(`sweep ${queue.id}: ${error.stack ?? error.message}`);
    },
  );
  return { id: plan.id, name: plan.name, count: plan.trials.length };
}

/** A run started through the manager, as a trial: its end heard from the manager's events. */
function trialRun(manager: RunManager, state: RunState): TrialRun {
  const ended = new Promise<TrialRunEnd>((resolveEnd) => {
    const subscription = manager.onRunEvent(({ state: of, event }) => {
      if (of !== state) return;
      let end: TrialRunEnd | undefined;
      if (event.type === 'run-finished') end = { summary: event.summary };
      else if (event.type === 'run-failed') end = { failure: event.message, runDir: event.runDir };
      if (!end) return;
      subscription.dispose();
      resolveEnd(end);
    });
  });
  return { ended, stop: () => manager.control(state, 'stop') };
}

/** The sweep file the user picks: read and checked here (its folder is where relative paths resolve). */
async function pickSweepFile(): Promise<{ spec: SweepSpec; specFolder: string } | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Start a sweep: choose its file (lstm-studio-sweep/1)'),
    openLabel: vscode.l10n.t('Start Sweep'),
    canSelectMany: false,
    filters: { [vscode.l10n.t('Sweep files')]: ['json'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  const file = picked?.[0];
  if (!file) return undefined;
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  return { spec: parseSweepSpec(text, basename(file.fsPath)), specFolder: dirname(file.fsPath) };
}

/** `(spec, specFolder)` from the form, checked as a file would be (a command may be called by anyone). */
function checkedArguments(spec: unknown, specFolder: unknown): { spec: SweepSpec; specFolder: string } {
  if (typeof specFolder !== 'string' || !isAbsolute(specFolder))
    throw new Error('lstmStudio.startSweep takes a sweep and the absolute folder its dataset path is relative to');
  let text: string;
  try {
    text = JSON.stringify(spec);
  } catch {
    throw new Error('lstmStudio.startSweep: the sweep is not JSON data');
  }
  return { spec: parseSweepSpec(text ?? 'undefined', 'the sweep'), specFolder };
}

/**
 * Stops the sweep whose id is given (the Runs table's sweep row), or the only one running, or the one
 * the user picks. True when one was asked to stop.
 */
async function stopSweep(sweeps: RunningSweeps, sweepId: unknown): Promise<boolean> {
  const queues = [...sweeps.queues].filter((q) => !q.progress().stopping);
  if (typeof sweepId === 'string') {
    const named = queues.find((q) => q.id === sweepId);
    if (!named) return false;
    log().info(`sweep ${named.id}: stop requested`);
    named.stop();
    return true;
  }
  if (queues.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No LSTM Studio sweep is running.'));
    return false;
  }
  const queue =
    queues.length === 1
      ? queues[0]
      : (
          await vscode.window.showQuickPick(
            queues.map((q) => ({ label: q.name, description: q.statusLine(), queue: q })),
            { title: vscode.l10n.t('Stop which sweep?') },
          )
        )?.queue;
  if (!queue) return false;
  log().info(`sweep ${queue.id}: stop requested`);
  queue.stop();
  return true;
}

/** One notification: how the sweep ended and its best run, with *Open Runs Table*. */
function announce(queue: SweepQueue, results: SweepTrialResult[], task: TaskId): void {
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const counted = [
    [count('finished'), vscode.l10n.t('{0} finished', formatInteger(count('finished')))],
    [count('stopped'), vscode.l10n.t('{0} stopped', formatInteger(count('stopped')))],
    [count('failed'), vscode.l10n.t('{0} failed', formatInteger(count('failed')))],
    [count('skipped'), vscode.l10n.t('{0} not started', formatInteger(count('skipped')))],
  ] as const;
  const parts = counted.filter(([n]) => n > 0).map(([, words]) => words);
  const metric = headlineMetricWords(task);
  const best = rankSweepTrials(results, metric)[0];
  const bestValue = best ? headlineValue(best, metric) : undefined;
  const bestText =
    best && bestValue !== undefined
      ? vscode.l10n.t(
          ' Best {0}: {1} ({2}).',
          metric.label,
          formatMetricValue(bestValue, metric.format),
          describeTrialSettings(best.settings),
        )
      : '';
  const message = queue.progress().stopping
    ? vscode.l10n.t('Sweep {0} stopped: {1}.{2}', queue.name, parts.join(', '), bestText)
    : vscode.l10n.t('Sweep {0} done: {1}.{2}', queue.name, parts.join(', '), bestText);
  log().info(`sweep ${queue.id}: ${message}`);
  const show = count('failed') > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(message, vscode.l10n.t('Open Runs Table')).then((answer) => {
    if (answer) void vscode.commands.executeCommand('lstmStudio.openRunsTable');
  });
}
