/**
 * *Train LSTM on This Dataset*: from the Explorer's context menu (a file) or the command palette (asks
 * for one). The dataset is detected and prepared in a training worker; a quick pick shows the task, the
 * split and the preset, with other presets, another task, and *Customize…* for the main settings; then
 * the run starts in that same worker, on the data it prepared, and the Training panel opens beside the
 * editor. The host does no data work: it only shows what the worker describes.
 */

import * as vscode from 'vscode';
import { basename, join } from 'node:path';
import type { FormChoices } from '../protocol/new-run-panel';
import type { TaskId } from '../protocol/task-presentation';
import type { DatasetDescription, StartTrainingRequest } from '../protocol/worker-messages';
import type { PresetName, TrainingConfig } from '../protocol/training-config';
import { DatasetSession } from '../worker/client';
import { formatInteger } from './display-format';
import { log } from './log';
import type { RunManager } from './run-manager';
import type { RunState } from './run-state';
import { runsFolder, trainingDefaults } from './settings';
import { allTaskWords, taskWords } from './task-words';

/** Why nothing trains in Restricted Mode (the quick pick and the New Training Run form say the same). */
export const restrictedModeMessage = () =>
  vscode.l10n.t(
    'LSTM Studio does not train in Restricted Mode: training reads your data and writes run folders. Trust this workspace to train; viewing runs and checkpoints still works.',
  );

type Choice = vscode.QuickPickItem & { action: 'start' | 'preset' | 'task' | 'customize'; preset?: PresetName };

export async function trainDatasetCommand(
  context: vscode.ExtensionContext,
  manager: RunManager,
  uri?: vscode.Uri,
): Promise<RunState | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(restrictedModeMessage());
    return undefined;
  }
  const dataset = uri instanceof vscode.Uri ? uri : await pickDataset();
  if (!dataset) return undefined;
  const workerPath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath;
  const session = new DatasetSession(workerPath);
  try {
    const chosen = await chooseRun(session, dataset);
    if (!chosen) return undefined;
    if (chosen.customize) {
      // Every other choice is made in the New Training Run form, which starts from the ones made here.
      const initial: FormChoices = { task: chosen.task ?? null, columns: {}, settings: definedOnly(chosen.config) };
      void vscode.commands.executeCommand('lstmStudio.newTrainingRun', { dataset, initial });
      return undefined;
    }
    const request: StartTrainingRequest = {
      datasetPath: dataset.fsPath,
      runsRoot: runsRootFor(dataset),
      config: chosen.config,
      dataset: { task: chosen.task },
    };
    const running = manager.activeRuns().filter((r) => r.meta.status === 'running' || r.meta.status === 'paused');
    if (running.length > 0) {
      void vscode.window.showInformationMessage(
        running.length > 1
          ? vscode.l10n.t(
              '{0} runs are already training; this one trains alongside in its own worker thread (they share the CPU).',
              formatInteger(running.length),
            )
          : vscode.l10n.t(
              '1 run is already training; this one trains alongside in its own worker thread (they share the CPU).',
            ),
      );
    }
    return manager.start(request, basename(dataset.fsPath), chosen.detectedTask, session);
  } finally {
    await session.dispose(); // only ends the worker when no run took it over
  }
}

/**
 * The quick pick loop: describe, let the user change the preset, the task or the settings, describe
 * again. Ends with the config and task to train (the task as chosen, or undefined to keep the detected
 * one), and the task the last description reported — the one the run trains; or, with `customize`, the
 * choices so far for the New Training Run form.
 */
async function chooseRun(
  session: DatasetSession,
  dataset: vscode.Uri,
): Promise<
  { config: Partial<TrainingConfig>; task: TaskId | undefined; detectedTask: TaskId; customize: boolean } | undefined
> {
  let config: Partial<TrainingConfig> = trainingDefaults();
  let task: TaskId | undefined;
  for (;;) {
    const chosen = await describeAndChoose(session, dataset, config, task);
    if (!chosen) return undefined;
    const { description, choice } = chosen;
    const detectedTask = description.summary.task;
    if (choice.action === 'start') return { config, task, detectedTask, customize: false };
    if (choice.action === 'customize') return { config, task, detectedTask, customize: true };
    if (choice.action === 'preset') config = { ...config, preset: choice.preset, ...presetIndependent(config) };
    if (choice.action === 'task') task = (await pickTask(detectedTask)) ?? task;
  }
}

/**
 * One round of the quick pick: shown at once, busy, with "Reading data.csv… 42 %" as its placeholder while
 * the worker reads and describes the dataset (a big file, or a loaded machine, takes seconds), then
 * filled with the choices. Undefined when the user closes it (the reading is then abandoned with the
 * session) or the dataset cannot be read (said in an error message).
 */
async function describeAndChoose(
  session: DatasetSession,
  dataset: vscode.Uri,
  config: Partial<TrainingConfig>,
  task: TaskId | undefined,
): Promise<{ description: DatasetDescription; choice: Choice } | undefined> {
  const name = basename(dataset.fsPath);
  const pick = vscode.window.createQuickPick<Choice>();
  pick.title = vscode.l10n.t('Train LSTM on {0}', name);
  pick.placeholder = vscode.l10n.t('Reading {0}…', name);
  pick.busy = true;
  pick.enabled = false;
  pick.ignoreFocusOut = true;
  const closed = new Promise<undefined>((resolve) => pick.onDidHide(() => resolve(undefined)));
  pick.show();
  try {
    const described = session
      .describe({ datasetPath: dataset.fsPath, config, dataset: { task } }, readingProgress(pick, name))
      .then(
        (d) => d,
        (error: Error) => {
          log().error(`${dataset.fsPath}: ${error.message}`);
          void vscode.window.showErrorMessage(`LSTM Studio cannot train on ${name}: ${error.message}`);
          return undefined;
        },
      );
    const description = await Promise.race([described, closed]);
    if (!description) return undefined;
    showChoices(pick, description);
    const choice = await new Promise<Choice | undefined>((resolve) => {
      pick.onDidAccept(() => {
        const selected = pick.selectedItems[0];
        if (selected) resolve(selected);
      });
      void closed.then(resolve);
    });
    return choice ? { description, choice } : undefined;
  } finally {
    pick.dispose();
  }
}

/** The quick pick's placeholder follows the reading (its passes together), in whole percent. */
function readingProgress(pick: vscode.QuickPick<Choice>, name: string) {
  let reported = -1;
  return (bytesRead: number, totalBytes: number) => {
    if (totalBytes <= 0) return;
    const percent = Math.floor((100 * bytesRead) / totalBytes);
    if (percent <= reported) return;
    pick.placeholder = vscode.l10n.t('Reading {0}… {1} %', name, formatInteger(percent));
    reported = percent;
  };
}

/** The settings given a value (the form's choices hold no `undefined`). */
function definedOnly(config: Partial<TrainingConfig>): Partial<TrainingConfig> {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
}

/** Settings that are not part of a preset survive a preset change; preset fields are dropped. */
function presetIndependent(config: Partial<TrainingConfig>): Partial<TrainingConfig> {
  return {
    seed: config.seed,
    cell: config.cell,
    bidirectional: config.bidirectional,
    projSize: config.projSize,
    validationMax: config.validationMax,
    fullValidation: config.fullValidation,
  };
}

export function runsRootFor(dataset: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(dataset) ?? vscode.workspace.workspaceFolders?.[0];
  const base = folder ? folder.uri.fsPath : join(dataset.fsPath, '..');
  return join(base, runsFolder());
}

async function pickDataset(): Promise<vscode.Uri | undefined> {
  const files = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Train on This Dataset'),
    filters: { [vscode.l10n.t('Datasets')]: ['txt', 'md', 'csv', 'tsv', 'jsonl'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return files?.[0];
}

/** Fills the quick pick with what the description found: start, the other presets, the task, Customize…. */
function showChoices(pick: vscode.QuickPick<Choice>, d: DatasetDescription): void {
  const s = d.summary;
  const c = d.config;
  const balance = s.classBalance
    ? vscode.l10n.t(
        ' · classes {0}',
        s.classBalance.train.map((b) => `${b.label} ${formatInteger(b.count)}`).join(', '),
      )
    : '';
  const taskName = taskWords(s.task).displayName;
  const items: Choice[] = [
    {
      label: `$(play) ${vscode.l10n.t('Train: {0} · {1} preset', taskName, c.preset)}`,
      description: vscode.l10n.t('{0} · {1} parameters', d.architecture, formatInteger(d.parameterCount)),
      detail: vscode.l10n.t(
        '{0} train / {1} validation {2}{3} · {4} epochs, batch {5}, sequence {6}, lr {7}',
        formatInteger(s.sizes.train),
        formatInteger(s.sizes.validation),
        s.sizes.unit,
        balance,
        formatInteger(c.epochs),
        formatInteger(c.batchSize),
        formatInteger(c.seqLen),
        c.lr,
      ),
      action: 'start',
    },
    ...(['small', 'medium', 'large'] as PresetName[])
      .filter((p) => p !== c.preset)
      .map((p): Choice => ({
        label: `$(settings) ${vscode.l10n.t('Use the {0} preset', p)}`,
        action: 'preset',
        preset: p,
      })),
    {
      label: `$(symbol-enum) ${vscode.l10n.t('Change task…')}`,
      description: vscode.l10n.t('detected: {0}', taskName),
      action: 'task',
    },
    {
      label: `$(edit) ${vscode.l10n.t('Customize…')}`,
      description: vscode.l10n.t(
        'every setting in the New Training Run form: columns, model, optimizer, schedule, sweeps…',
      ),
      action: 'customize',
    },
  ];
  pick.title = vscode.l10n.t('Train LSTM on {0} — {1}', s.file, s.reason);
  pick.placeholder = s.warnings.length
    ? vscode.l10n.t('Note: {0}', s.warnings.join('; '))
    : vscode.l10n.t('Press Enter to start training');
  pick.items = items;
  pick.busy = false;
  pick.enabled = true;
}

async function pickTask(current: TaskId): Promise<TaskId | undefined> {
  const items = allTaskWords().map((t) => ({
    label: t.displayName,
    description: t.id === current ? vscode.l10n.t('detected') : undefined,
    task: t.id,
  }));
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Train the model for which task?') }))?.task;
}
