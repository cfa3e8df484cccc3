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
import { allTaskPresentations } from '../tasks/presentations';
import type { InferenceClient } from '../worker/inference-client';

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
  if (!inference) throw new Error('LSTM Studio is not activated yet');
  const checkpointPath = uri.fsPath;
  const status = await inference.request({ kind: 'import-status', checkpointPath });
  if (status.kind === 'studio') return true;
  if (status.kind === 'refused') throw new Error(`${basename(checkpointPath)} cannot be used: ${status.message}`);
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
    title: `${file}: class names`,
    prompt: `The ${count} classes, comma-separated, in the order of the model's outputs`,
    value: Array.from({ length: count }, (_, k) => `class ${k}`).join(', '),
    validateInput: (text) =>
      split(text).length === count ? undefined : `give ${count} names (${split(text).length} now)`,
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
  const pick = async (side: string, size: number, specials: string) => {
    const chosen = await vscode.window.showOpenDialog({
      title: `${file}: the ${side} vocabulary (${size} tokens, ${specials} first) — one token per line, or a JSON list`,
      openLabel: `Use as ${side} vocabulary`,
      canSelectMany: false,
      filters: { Vocabulary: ['txt', 'json', 'vocab', '*'] },
    });
    return chosen?.[0] ? { from: 'file' as const, path: chosen[0].fsPath } : undefined;
  };
  const vocab = await pick('source', status.vocabSize, '<pad>, <unk>');
  if (!vocab) return undefined;
  const targetVocab = await pick('target', targetSize, '<pad>, <unk>, <sos>, <eos>');
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
      ? `predicts the next token over its ${status.vocabSize} tokens`
      : null,
  'class-probabilities': (status) =>
    status.vocabSize > 0
      ? `${status.outputSize === 1 ? 'two classes (one logit)' : `${status.outputSize} classes`} from a text`
      : null,
  forecast: (status) =>
    status.vocabSize === 0 ? `the next value(s) of a series of ${status.inputSize} column(s)` : null,
};

/** The registered tasks the file could be (by its shapes), the one its shapes suggest first. */
async function askTask(file: string, status: Foreign): Promise<TaskPresentation | undefined> {
  const possible = allTaskPresentations()
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
      detail: i === 0 ? 'suggested by the shapes' : undefined,
      task,
    })),
    { title: `${file}: ${status.architecture} (${status.moduleNames}) — what does it do?`, ignoreFocusOut: true },
  );
  return picked?.task;
}

async function askVocabulary(file: string, status: Foreign): Promise<VocabularySource | undefined> {
  type Item = vscode.QuickPickItem & { source: 'metadata' | 'file' | 'text' };
  const items: Item[] = [
    ...(status.metadataVocabularySize !== null
      ? [
          {
            label: "From the file's metadata",
            description: `${status.metadataVocabularySize} tokens`,
            source: 'metadata' as const,
          },
        ]
      : []),
    { label: 'From a JSON file…', description: 'a list of tokens (id = index), or a {token: id} map', source: 'file' },
    {
      label: "From a text file's characters…",
      description: 'its distinct characters in code-point order (sorted(set(text)))',
      source: 'text',
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `${file}: its vocabulary (${status.vocabSize} tokens)`,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.source === 'metadata') return { from: 'metadata' };
  const chosen = await vscode.window.showOpenDialog({
    title: `${file}: the ${picked.source === 'file' ? 'vocabulary JSON' : 'text file'}`,
    canSelectMany: false,
    filters: picked.source === 'file' ? { JSON: ['json'] } : { Text: ['txt', 'md', '*'] },
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
    title: `${file}: the ${D} input column(s)`,
    prompt: 'Names of the values the model reads per step, comma-separated, in its order',
    value: Array.from({ length: D }, (_, k) => `x${k + 1}`).join(', '),
    validateInput: (text) => (split(text).length === D ? undefined : `give ${D} names (${split(text).length} now)`),
  });
  if (columns === undefined) return undefined;
  const features = split(columns);
  const O = status.outputSize;
  const targets = await vscode.window.showInputBox({
    title: `${file}: what it predicts (${O} value(s) per input)`,
    prompt: 'The predicted column(s), comma-separated; the model predicts outputs ÷ targets rows ahead',
    value: (O <= D ? features.slice(0, O) : features.slice(0, 1)).join(', '),
    validateInput: (text) => {
      const names = split(text);
      if (names.length === 0 || names.some((n) => !features.includes(n))) return `choose among ${features.join(', ')}`;
      return O % names.length === 0 ? undefined : `${O} outputs do not divide into ${names.length} column(s)`;
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

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
