/**
 * The import questions for a foreign checkpoint (a PyTorch LSTM's safetensors), asked once with quick
 * picks and stored beside the file (`<file>.lstm-studio.json`) by the inference worker. Features that
 * run a model (prediction, gates) call `ensureImportAnswers(uri)` first:
 *
 *   if (!(await ensureImportAnswers(uri))) return;   // the user cancelled
 *
 * It returns true at once for LSTM Studio checkpoints and for files answered before, asks otherwise,
 * and throws (with the reason) for files LSTM Studio cannot run, e.g. a bidirectional LSTM. The checkpoint
 * editor's tensor table needs none of this.
 */

import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { ImportRequest, ImportStatus, VocabularySource } from '../protocol/pytorch-interop';
import type { StepOutputKind } from '../protocol/gate-recording';
import type { TaskPresentation } from '../protocol/task-presentation';
import type { InferenceClient } from '../worker/inference-client';
import { capitalize } from './display-format';
import { allTaskWords } from './task-words';

let sharedInference: InferenceClient | undefined;

/** The extension's inference worker (registerExport sets it at activation). */
export function setImportInference(inference: InferenceClient): void {
  sharedInference = inference;
}

/**
 * True when the model at `uri` can be used: ours, answered before, or answered now. False when the user
 * cancels a question. `force` asks again even when answers are stored.
 */
export async function ensureImportAnswers(
  uri: vscode.Uri,
  inference = sharedInference,
  options: { force?: boolean } = {},
): Promise<boolean> {
  if (!inference) throw new Error(vscode.l10n.t('LSTM Studio is not activated yet'));
  const checkpointPath = uri.fsPath;
  const status = await inference.request({ kind: 'import-status', checkpointPath });
  if (status.kind === 'studio') return true;
  if (status.kind === 'refused')
    throw new Error(vscode.l10n.t('{0} cannot be used: {1}', basename(checkpointPath), status.message));
  if (status.answered && !options.force) return true;
  const request = await askQuestions(basename(checkpointPath), status);
  if (!request) return false;
  await inference.request({ kind: 'import-answers', checkpointPath, request });
  return true;
}

type Foreign = Extract<ImportStatus, { kind: 'foreign' }>;

async function askQuestions(file: string, status: Foreign): Promise<ImportRequest | undefined> {
  if (status.targetVocabSize !== null) return askEncoderDecoder(file, status, status.targetVocabSize);
  const picked = await askTask(file, status);
  if (!picked) return undefined;
  // The registry's tasks are the ones the importer knows (src/interop/import-answers.ts checks it).
  const task = picked.id as ImportRequest['task'];
  if (picked.stepOutput === 'forecast') return askSeries(file, status, task);
  const vocab = await askVocabulary(file, status);
  if (!vocab) return undefined;
  if (picked.stepOutput !== 'class-probabilities') return { task, vocab };
  const count = status.outputSize === 1 ? 2 : status.outputSize;
  const names = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0}: class names', file),
    prompt: vscode.l10n.t("The {0} classes, comma-separated, in the order of the model's outputs", count),
    value: Array.from({ length: count }, (_, k) => vscode.l10n.t('class {0}', k)).join(', '),
    validateInput: (text) =>
      split(text).length === count ? undefined : vscode.l10n.t('give {0} names ({1} now)', count, split(text).length),
  });
  return names === undefined ? undefined : { task, vocab, classes: split(names) };
}

/**
 * An encoder–decoder: one task imports it (the status's suggestion); it needs a vocabulary per side, each
 * a file whose ids are the model's, LSTM Studio's specials first (the worker checks and says what is wrong).
 */
async function askEncoderDecoder(
  file: string,
  status: Foreign,
  targetSize: number,
): Promise<ImportRequest | undefined> {
  const pick = async (title: string, openLabel: string) => {
    const chosen = await vscode.window.showOpenDialog({
      title,
      openLabel,
      canSelectMany: false,
      filters: { [vscode.l10n.t('Vocabulary')]: ['txt', 'json', 'vocab', '*'] },
    });
    return chosen?.[0] ? { from: 'file' as const, path: chosen[0].fsPath } : undefined;
  };
  const vocab = await pick(
    vscode.l10n.t(
      '{0}: the source vocabulary ({1} tokens, {2} first) — one token per line, or a JSON list',
      file,
      status.vocabSize,
      '<pad>, <unk>',
    ),
    vscode.l10n.t('Use as source vocabulary'),
  );
  if (!vocab) return undefined;
  const targetVocab = await pick(
    vscode.l10n.t(
      '{0}: the target vocabulary ({1} tokens, {2} first) — one token per line, or a JSON list',
      file,
      targetSize,
      '<pad>, <unk>, <sos>, <eos>',
    ),
    vscode.l10n.t('Use as target vocabulary'),
  );
  if (!targetVocab) return undefined;
  return { task: status.suggestedTask, vocab, targetVocab };
}

/**
 * Whether a foreign model of these shapes can output what a task's model outputs at every step, and
 * what that is in words (null: it cannot).
 */
const FOREIGN_OUTPUTS: Record<StepOutputKind, (status: Foreign) => string | null> = {
  'next-token': (status) =>
    status.vocabSize > 0 && status.outputSize === status.vocabSize
      ? vscode.l10n.t('predicts the next token over its {0} tokens', status.vocabSize)
      : null,
  'class-probabilities': (status) =>
    status.vocabSize > 0
      ? status.outputSize === 1
        ? vscode.l10n.t('two classes (one logit) from a text')
        : vscode.l10n.t('{0} classes from a text', status.outputSize)
      : null,
  forecast: (status) =>
    status.vocabSize === 0 ? vscode.l10n.t('the next value(s) of a series of {0} column(s)', status.inputSize) : null,
};

/** The registered tasks the file could be (by its shapes), the one its shapes suggest first. */
async function askTask(file: string, status: Foreign): Promise<TaskPresentation | undefined> {
  const possible = allTaskWords()
    .filter((task) => status.possibleTasks.includes(task.id))
    .flatMap((task) => {
      const why = FOREIGN_OUTPUTS[task.stepOutput](status);
      return why === null ? [] : [{ task, why }];
    });
  const ordered = [
    ...possible.filter((p) => p.task.id === status.suggestedTask),
    ...possible.filter((p) => p.task.id !== status.suggestedTask),
  ];
  const picked = await vscode.window.showQuickPick(
    ordered.map(({ task, why }, i) => ({
      label: capitalize(task.modelBadge),
      description: why,
      detail: i === 0 ? vscode.l10n.t('suggested by the shapes') : undefined,
      task,
    })),
    {
      title: vscode.l10n.t('{0}: {1} ({2}) — what does it do?', file, status.architecture, status.moduleNames),
      ignoreFocusOut: true,
    },
  );
  return picked?.task;
}

async function askVocabulary(file: string, status: Foreign): Promise<VocabularySource | undefined> {
  type Item = vscode.QuickPickItem & { source: 'metadata' | 'file' | 'text' };
  const items: Item[] = [
    ...(status.metadataVocabularySize !== null
      ? [
          {
            label: vscode.l10n.t("From the file's metadata"),
            description: vscode.l10n.t('{0} tokens', status.metadataVocabularySize),
            source: 'metadata' as const,
          },
        ]
      : []),
    {
      label: vscode.l10n.t('From a JSON file…'),
      description: vscode.l10n.t('a list of tokens (id = index), or a {token: id} map'),
      source: 'file',
    },
    {
      label: vscode.l10n.t("From a text file's characters…"),
      description: vscode.l10n.t('its distinct characters in code-point order (sorted(set(text)))'),
      source: 'text',
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('{0}: its vocabulary ({1} tokens)', file, status.vocabSize),
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.source === 'metadata') return { from: 'metadata' };
  const chosen = await vscode.window.showOpenDialog({
    title:
      picked.source === 'file'
        ? vscode.l10n.t('{0}: the vocabulary JSON', file)
        : vscode.l10n.t('{0}: the text file', file),
    canSelectMany: false,
    filters: picked.source === 'file' ? { JSON: ['json'] } : { [vscode.l10n.t('Text')]: ['txt', 'md', '*'] },
  });
  return chosen?.[0] ? { from: picked.source, path: chosen[0].fsPath } : undefined;
}

async function askSeries(
  file: string,
  status: Foreign,
  task: ImportRequest['task'],
): Promise<ImportRequest | undefined> {
  const D = status.inputSize;
  const columns = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0}: the {1} input column(s)', file, D),
    prompt: vscode.l10n.t('Names of the values the model reads per step, comma-separated, in its order'),
    value: Array.from({ length: D }, (_, k) => `x${k + 1}`).join(', '),
    validateInput: (text) =>
      split(text).length === D ? undefined : vscode.l10n.t('give {0} names ({1} now)', D, split(text).length),
  });
  if (columns === undefined) return undefined;
  const features = split(columns);
  const O = status.outputSize;
  const targets = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0}: what it predicts ({1} value(s) per input)', file, O),
    prompt: vscode.l10n.t('The predicted column(s), comma-separated; the model predicts outputs ÷ targets rows ahead'),
    value: (O <= D ? features.slice(0, O) : features.slice(0, 1)).join(', '),
    validateInput: (text) => {
      const names = split(text);
      if (names.length === 0 || names.some((n) => !features.includes(n)))
        return vscode.l10n.t('choose among {0}', features.join(', '));
      return O % names.length === 0
        ? undefined
        : vscode.l10n.t('{0} outputs do not divide into {1} column(s)', O, names.length);
    },
  });
  if (targets === undefined) return undefined;
  const chosen = split(targets);
  return { task, featureColumns: features, targets: chosen, horizon: O / chosen.length };
}

function split(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
