/**
 * *Train LSTM on This Dataset*: from the Explorer's context menu (a file) or the command palette (asks
 * for one). The dataset is detected and prepared in a training worker; a quick pick shows the task, the
 * split and the preset, with other presets, another task, and *Customize…* for the main settings; then
 * the run starts in that same worker, on the data it prepared, and the Training panel opens beside the
 * editor. The host does no data work: it only shows what the worker describes.
 */

import * as vscode from 'vscode';
import { basename, join } from 'node:path';
import type { TaskId } from '../protocol/task-presentation';
import type { DatasetDescription, StartTrainingRequest } from '../protocol/worker-messages';
import { allTaskPresentations, taskPresentation } from '../tasks/presentations';
import type { PresetName, TrainingConfig } from '../protocol/training-config';
import { DatasetSession } from '../worker/client';
import { log } from './log';
import type { RunManager } from './run-manager';
import type { RunState } from './run-state';
import { runsFolder, trainingDefaults } from './settings';

type Choice = vscode.QuickPickItem & { action: 'start' | 'preset' | 'task' | 'customize'; preset?: PresetName };

export async function trainDatasetCommand(
  context: vscode.ExtensionContext,
  manager: RunManager,
  uri?: vscode.Uri,
): Promise<RunState | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      'LSTM Studio does not train in Restricted Mode: training reads your data and writes run folders. Trust this workspace to train; viewing runs and checkpoints still works.',
    );
    return undefined;
  }
  const dataset = uri instanceof vscode.Uri ? uri : await pickDataset();
  if (!dataset) return undefined;
  const workerPath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath;
  const session = new DatasetSession(workerPath);
  try {
    const chosen = await chooseRun(session, dataset);
    if (!chosen) return undefined;
    const request: StartTrainingRequest = {
      datasetPath: dataset.fsPath,
      runsRoot: runsRootFor(dataset),
      config: chosen.config,
      dataset: { task: chosen.task },
    };
    const running = manager.activeRuns().filter((r) => r.meta.status === 'running' || r.meta.status === 'paused');
    if (running.length > 0) {
      void vscode.window.showInformationMessage(
        `${running.length} run${running.length > 1 ? 's are' : ' is'} already training; this one trains alongside in its own worker thread (they share the CPU).`,
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
 * one), and the task the last description reported — the one the run trains.
 */
async function chooseRun(
  session: DatasetSession,
  dataset: vscode.Uri,
): Promise<{ config: Partial<TrainingConfig>; task: TaskId | undefined; detectedTask: TaskId } | undefined> {
  let config: Partial<TrainingConfig> = trainingDefaults();
  let task: TaskId | undefined;
  for (;;) {
    const description = await vscode.window
      .withProgress(
        { location: vscode.ProgressLocation.Notification, title: `LSTM Studio: reading ${basename(dataset.fsPath)}…` },
        (progress) =>
          session.describe({ datasetPath: dataset.fsPath, config, dataset: { task } }, readingProgress(progress)),
      )
      .then(
        (d) => d,
        (error: Error) => {
          log().error(`${dataset.fsPath}: ${error.message}`);
          void vscode.window.showErrorMessage(
            `LSTM Studio cannot train on ${basename(dataset.fsPath)}: ${error.message}`,
          );
          return undefined;
        },
      );
    if (!description) return undefined;
    const choice = await confirm(description);
    if (!choice) return undefined;
    const detectedTask = description.summary.task;
    if (choice.action === 'start') return { config, task, detectedTask };
    if (choice.action === 'preset') config = { ...config, preset: choice.preset, ...presetIndependent(config) };
    if (choice.action === 'task') task = (await pickTask(detectedTask)) ?? task;
    if (choice.action === 'customize') {
      const customized = await customize(description.config);
      if (!customized) continue;
      // Customized settings that shape the data (the seed) make the worker prepare it again when the run starts.
      return { config: { ...config, ...customized }, task, detectedTask };
    }
  }
}

/** Reports a description's reading as a share of the file (its passes together), in whole percent. */
function readingProgress(progress: vscode.Progress<{ message?: string; increment?: number }>) {
  let reported = 0;
  return (bytesRead: number, totalBytes: number) => {
    if (totalBytes <= 0) return;
    const percent = Math.floor((100 * bytesRead) / totalBytes);
    if (percent <= reported) return;
    progress.report({ increment: percent - reported, message: `${percent} %` });
    reported = percent;
  };
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
    openLabel: 'Train on This Dataset',
    filters: { Datasets: ['txt', 'md', 'csv', 'tsv', 'jsonl'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return files?.[0];
}

async function confirm(d: DatasetDescription): Promise<Choice | undefined> {
  const s = d.summary;
  const c = d.config;
  const balance = s.classBalance
    ? ` · classes ${s.classBalance.train.map((b) => `${b.label} ${b.count}`).join(', ')}`
    : '';
  const items: Choice[] = [
    {
      label: `$(play) Train: ${taskPresentation(s.task).displayName} · ${c.preset} preset`,
      description: `${d.architecture} · ${d.parameterCount.toLocaleString('en-US')} parameters`,
      detail: `${s.sizes.train.toLocaleString('en-US')} train / ${s.sizes.validation.toLocaleString('en-US')} validation ${s.sizes.unit}${balance} · ${c.epochs} epochs, batch ${c.batchSize}, sequence ${c.seqLen}, lr ${c.lr}`,
      action: 'start',
    },
    ...(['small', 'medium', 'large'] as PresetName[])
      .filter((p) => p !== c.preset)
      .map((p): Choice => ({ label: `$(settings) Use the ${p} preset`, action: 'preset', preset: p })),
    {
      label: '$(symbol-enum) Change task…',
      description: `detected: ${taskPresentation(s.task).displayName}`,
      action: 'task',
    },
    {
      label: '$(edit) Customize…',
      description:
        'cell (LSTM, GRU, bidirectional), epochs, batch size, sequence length, hidden size, layers, learning rate, seed',
      action: 'customize',
    },
  ];
  return vscode.window.showQuickPick(items, {
    title: `Train LSTM on ${s.file} — ${s.reason}`,
    placeHolder: s.warnings.length ? `Note: ${s.warnings.join('; ')}` : 'Press Enter to start training',
    ignoreFocusOut: true,
  });
}

async function pickTask(current: TaskId): Promise<TaskId | undefined> {
  const items = allTaskPresentations().map((t) => ({
    label: t.displayName,
    description: t.id === current ? 'detected' : undefined,
    task: t.id,
  }));
  return (await vscode.window.showQuickPick(items, { title: 'Train the model for which task?' }))?.task;
}

type CellChoice = vscode.QuickPickItem & Pick<TrainingConfig, 'cell' | 'bidirectional'>;

/** The recurrent cell; the bidirectional ones only for a task whose model reads the whole sequence first. */
async function pickCell(config: TrainingConfig): Promise<CellChoice | undefined> {
  const refusal = taskPresentation(config.task).bidirectionalRefusal;
  const items: CellChoice[] = [
    { label: 'LSTM', description: 'nn.LSTM: input, forget, cell and output gates', cell: 'lstm', bidirectional: false },
    {
      label: 'GRU',
      description: 'nn.GRU: reset and update gates, about ¾ of an LSTM',
      cell: 'gru',
      bidirectional: false,
    },
  ];
  if (refusal === null)
    items.push(
      { label: 'Bidirectional LSTM', description: 'reads the text both ways', cell: 'lstm', bidirectional: true },
      { label: 'Bidirectional GRU', description: 'reads the text both ways', cell: 'gru', bidirectional: true },
    );
  for (const item of items)
    if (item.cell === config.cell && item.bidirectional === config.bidirectional) item.detail = 'current';
  return vscode.window.showQuickPick(items, {
    title: 'Customize training: recurrent cell',
    placeHolder: refusal === null ? 'Which cell?' : `Which cell? (not bidirectional: ${refusal})`,
    ignoreFocusOut: true,
  });
}

/** A quick pick of the cell, then input boxes for the main settings, prefilled with the current values. */
async function customize(config: TrainingConfig): Promise<Partial<TrainingConfig> | undefined> {
  const fields: { key: keyof TrainingConfig; label: string; integer: boolean }[] = [
    { key: 'epochs', label: 'Epochs', integer: true },
    { key: 'batchSize', label: 'Batch size', integer: true },
    { key: 'seqLen', label: 'Sequence length (tokens per text, window, or rows of history)', integer: true },
    { key: 'hiddenSize', label: 'Hidden units per layer', integer: true },
    { key: 'numLayers', label: 'Layers', integer: true },
    { key: 'lr', label: 'Learning rate', integer: false },
    { key: 'seed', label: 'Random seed', integer: true },
  ];
  const cell = await pickCell(config);
  if (!cell) return undefined;
  // One box per field, the projection's (LSTM only), and the validation sample's.
  const boxes = fields.length + (cell.cell === 'lstm' ? 1 : 0) + 1;
  const result: Partial<TrainingConfig> = { cell: cell.cell, bidirectional: cell.bidirectional };
  for (const [index, field] of fields.entries()) {
    const value = await vscode.window.showInputBox({
      title: `Customize training (${index + 1}/${boxes})`,
      prompt: field.label,
      value: String(config[field.key]),
      ignoreFocusOut: true,
      validateInput: (text) => {
        const n = Number(text);
        if (!Number.isFinite(n) || (field.integer && !Number.isInteger(n)))
          return `${field.label} must be ${field.integer ? 'a whole number' : 'a number'}`;
        if (field.key !== 'seed' && n <= 0) return `${field.label} must be positive`;
        return undefined;
      },
    });
    if (value === undefined) return undefined;
    (result as Record<string, number>)[field.key] = Number(value);
  }
  result.projSize = 0;
  if (cell.cell === 'lstm') {
    const hidden = result.hiddenSize!;
    const value = await vscode.window.showInputBox({
      title: `Customize training (${boxes - 1}/${boxes})`,
      prompt: `LSTM projection size: h is this many numbers wide, projected from the ${hidden} units (0 = none)`,
      value: String(config.projSize < hidden ? config.projSize : 0),
      ignoreFocusOut: true,
      validateInput: (text) => {
        const n = Number(text);
        if (!Number.isInteger(n) || n < 0) return 'The projection size must be a whole number, 0 or more';
        if (n >= hidden) return `The projection size must be smaller than the ${hidden} hidden units`;
        return undefined;
      },
    });
    if (value === undefined) return undefined;
    result.projSize = Number(value);
  }
  const validation = await askValidation(config, `Customize training (${boxes}/${boxes})`);
  if (!validation) return undefined;
  return { ...result, ...validation };
}

/**
 * How much of the validation split each evaluation scores: a number of windows or examples (a fixed
 * sample; 0 = automatic, about a million steps' worth), or `all`.
 */
async function askValidation(
  config: TrainingConfig,
  title: string,
): Promise<Pick<TrainingConfig, 'validationMax' | 'fullValidation'> | undefined> {
  const value = await vscode.window.showInputBox({
    title,
    prompt:
      'Validation windows or examples scored per evaluation: a fixed sample of at most this many (0 = automatic, about a million steps), or "all"',
    value: config.fullValidation ? 'all' : String(config.validationMax),
    ignoreFocusOut: true,
    validateInput: (text) => {
      if (text.trim().toLowerCase() === 'all') return undefined;
      const n = Number(text);
      if (!Number.isInteger(n) || n < 0) return 'Enter a whole number, 0 or more, or "all"';
      return undefined;
    },
  });
  if (value === undefined) return undefined;
  if (value.trim().toLowerCase() === 'all') return { validationMax: 0, fullValidation: true };
  return { validationMax: Number(value), fullValidation: false };
}
