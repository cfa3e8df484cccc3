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
import type { Task } from '../protocol/task';
import type { ImportRequest, ImportStatus, VocabularySource } from '../protocol/pytorch-interop';
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
export async function ensureImportAnswers(uri: vscode.Uri, inference = sharedInference, options: { force?: boolean } = {}): Promise<boolean> {
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
  const task = await askTask(file, status);
  if (!task) return undefined;
  if (task === 'forecasting') return askSeries(file, status);
  const vocab = await askVocabulary(file, status);
  if (!vocab) return undefined;
  if (task === 'language-model') return { task, vocab };
  const count = status.outputSize === 1 ? 2 : status.outputSize;
  const names = await vscode.window.showInputBox({
    title: `${file}: class names`,
    prompt: `The ${count} classes, comma-separated, in the order of the model's outputs`,
    value: Array.from({ length: count }, (_, k) => `class ${k}`).join(', '),
    validateInput: (text) => (split(text).length === count ? undefined : `give ${count} names (${split(text).length} now)`),
  });
  return names === undefined ? undefined : { task, vocab, classes: split(names) };
}

async function askTask(file: string, status: Foreign): Promise<Task | undefined> {
  const why: Record<Task, string> = {
    'language-model': `predicts the next token over its ${status.vocabSize} tokens`,
    classification: `${status.outputSize === 1 ? 'two classes (one logit)' : `${status.outputSize} classes`} from a text`,
    forecasting: `the next value(s) of a series of ${status.inputSize} column(s)`,
  };
  const labels: Record<Task, string> = { 'language-model': 'Language model', classification: 'Classifier', forecasting: 'Forecaster' };
  const possible: Task[] = status.vocabSize === 0 ? ['forecasting'] : status.outputSize === status.vocabSize ? ['language-model', 'classification'] : ['classification'];
  const ordered = [status.suggestedTask, ...possible.filter((t) => t !== status.suggestedTask)].filter((t) => possible.includes(t));
  const picked = await vscode.window.showQuickPick(
    ordered.map((task, i) => ({ label: labels[task], description: why[task], detail: i === 0 ? 'suggested by the shapes' : undefined, task })),
    { title: `${file}: ${status.architecture} (${status.moduleNames}) — what does it do?`, ignoreFocusOut: true },
  );
  return picked?.task;
}

async function askVocabulary(file: string, status: Foreign): Promise<VocabularySource | undefined> {
  type Item = vscode.QuickPickItem & { source: 'metadata' | 'file' | 'text' };
  const items: Item[] = [
    ...(status.metadataVocabularySize !== null ? [{ label: "From the file's metadata", description: `${status.metadataVocabularySize} tokens`, source: 'metadata' as const }] : []),
    { label: 'From a JSON file…', description: 'a list of tokens (id = index), or a {token: id} map', source: 'file' },
    { label: "From a text file's characters…", description: "its distinct characters in code-point order (sorted(set(text)))", source: 'text' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `${file}: its vocabulary (${status.vocabSize} tokens)`, ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.source === 'metadata') return { from: 'metadata' };
  const chosen = await vscode.window.showOpenDialog({
    title: `${file}: the ${picked.source === 'file' ? 'vocabulary JSON' : 'text file'}`,
    canSelectMany: false,
    filters: picked.source === 'file' ? { JSON: ['json'] } : { Text: ['txt', 'md', '*'] },
  });
  return chosen?.[0] ? { from: picked.source, path: chosen[0].fsPath } : undefined;
}

async function askSeries(file: string, status: Foreign): Promise<ImportRequest | undefined> {
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
  return { task: 'forecasting', featureColumns: features, targets: chosen, horizon: O / chosen.length };
}

function split(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}
