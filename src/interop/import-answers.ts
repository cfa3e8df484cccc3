/**
 * What a foreign file does not say, asked once and stored beside it in `<file>.lstm-studio.json` (the
 * sidecar): the task, the vocabulary (text models), class names (classifiers), feature columns, targets,
 * horizon and normalisation (forecasters). The file itself is never modified.
 *
 * Vocabularies are taken as they are, ids included: a bare JSON list of tokens (`["\n", " ", "a", …]`,
 * id = index, as a PyTorch char model usually stores `itos`) stays without `<pad>`/`<unk>`; a list that
 * starts with them, or LSTM Studio's own vocabulary JSON, keeps its specials; a `{token: id}` map
 * (`stoi`) is inverted.
 */

import { writeFile, rename } from 'node:fs/promises';
import { readRegularTextFile } from '../data/regular-file';
import { basename } from 'node:path';
import type { NormalizationJSON } from '../data/normalize';
import { parseNormalization } from '../data/normalize';
import type { TokenUnit } from '../data/tokenize';
import { PAD_TOKEN, UNK_TOKEN, Vocabulary, type VocabularyJSON } from '../data/vocabulary';
import type { ImportRequest, VocabularySource } from '../protocol/pytorch-interop';
import type { ImportedLayout } from './import-layout';
import { allTasks, getTask, type TaskDefinition, type TaskId } from '../tasks';
import type { ForeignModelShape, ImportedTaskAnswers, ImportSources } from '../tasks/task-import';

export const IMPORT_ANSWERS_FORMAT = 'lstm-studio-import/1';

/** The answers stored beside a foreign file: which file, its task, and the task's part. */
export interface ImportAnswers extends ImportedTaskAnswers {
  format: typeof IMPORT_ANSWERS_FORMAT;
  /** The file these answers describe: a file of another size is asked about again. */
  file: { name: string; size: number };
  task: TaskId;
}

export type { ImportRequest, VocabularySource } from '../protocol/pytorch-interop';

/** The importable tasks' names for `--task` (each task's id and CLI names) → the task's id. */
export function importTaskNames(): Record<string, TaskId> {
  return Object.fromEntries(importableTasks().flatMap((t) => [...t.cliNames, t.id].map((name) => [name, t.id])));
}

export function sidecarPath(checkpointPath: string): string {
  return `${checkpointPath}.lstm-studio.json`;
}

/** The stored answers, or null when there are none (a broken sidecar is an error naming the file). */
export async function readImportAnswers(checkpointPath: string): Promise<ImportAnswers | null> {
  const path = sidecarPath(checkpointPath);
  let text: string;
  try {
    text = await readRegularTextFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let answers: ImportAnswers;
  try {
    answers = JSON.parse(text) as ImportAnswers;
  } catch (error) {
    throw new Error(
      `${path}: not valid JSON (${(error as Error).message}); delete it to answer the import questions again`,
    );
  }
  if (answers.format !== IMPORT_ANSWERS_FORMAT)
    throw new Error(
      `${path}: unknown format '${String(answers.format)}'; delete it to answer the import questions again`,
    );
  return answers;
}

export async function writeImportAnswers(checkpointPath: string, answers: ImportAnswers): Promise<string> {
  const path = sidecarPath(checkpointPath);
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, JSON.stringify(answers, null, 2) + '\n');
  await rename(temporary, path);
  return path;
}

/**
 * Checks a request against the model's shapes and fills what it leaves out, with defaults a user can
 * read in the sidecar: classes `class 0…`, feature columns `x1…`, no normalisation.
 */
export async function answerImport(
  layout: ImportedLayout,
  file: { path: string; size: number; metadata: Readonly<Record<string, string>> },
  request: ImportRequest,
): Promise<ImportAnswers> {
  const { task } = request;
  const definition = getTask(task);
  const importer = definition.training.importer;
  if (!importer) throw new Error(`a ${definition.displayName} model cannot be imported`);
  const shape = foreignShape(layout);
  refuseOtherLayout(layout, definition);
  refuseFutureReading(layout, definition);
  const readsRows = definition.training.input.kind === 'rows';
  if (readsRows && layout.embedding) {
    const choose = importableTasks()
      .filter((t) => t.training.input.kind !== 'rows')
      .map((t) => t.cliNames[0] ?? t.id);
    throw new Error(
      `this model reads token ids (it has an embedding, ${layout.embedding.tensor}); ${definition.modelNoun} reads numbers — choose ${choose.join(' or ')}`,
    );
  }
  if (!readsRows && !layout.embedding) {
    const rowTasks = importableTasks().filter((t) => t.training.input.kind === 'rows');
    const who = rowTasks.map((t) => t.modelNoun).join(' or ');
    throw new Error(
      `this model reads ${layout.recurrent.inputSize} number(s) per step (it has no embedding); only ${who} ${rowTasks.length === 1 ? 'reads' : 'read'} numbers — choose ${rowTasks.map((t) => t.cliNames[0] ?? t.id).join(' or ')}`,
    );
  }
  const sources: ImportSources = {
    loadVocabulary: async (defaultUnit) => {
      const source =
        request.vocab ?? (findMetadataVocabulary(file.metadata) ? { from: 'metadata' as const } : undefined);
      if (!source)
        throw new Error(
          'this model reads tokens and its file stores no vocabulary: give one (--vocab FILE with a JSON list of tokens, or --vocab-from-text FILE)',
        );
      const vocab = await loadVocabulary(
        source,
        file.metadata,
        request.sourceTokens ?? request.tokenUnit ?? defaultUnit,
      );
      if (vocab.size !== shape.vocabSize)
        throw new Error(
          `the ${shape.targetVocabSize === undefined ? '' : 'source '}vocabulary has ${vocab.size} entries but the model's ${shape.targetVocabSize === undefined ? '' : 'encoder '}embedding has ${shape.vocabSize} rows; they must match one to one`,
        );
      return vocab;
    },
    loadTargetVocabulary: async (unit) => {
      if (!request.targetVocab)
        throw new Error(
          `an encoder–decoder needs its target vocabulary too (--target-vocab FILE: one token per line or a JSON list, ${shape.targetVocabSize} tokens)`,
        );
      const vocab = await loadVocabulary(
        request.targetVocab,
        file.metadata,
        request.targetTokens ?? request.tokenUnit ?? unit,
      );
      if (vocab.size !== shape.targetVocabSize)
        throw new Error(
          `the target vocabulary has ${vocab.size} entries but the model's decoder embedding and head have ${shape.targetVocabSize}; they must match one to one`,
        );
      return vocab;
    },
    readNormalization,
  };
  const taskAnswers = await importer.answer(shape, request, sources);
  return { format: IMPORT_ANSWERS_FORMAT, file: { name: basename(file.path), size: file.size }, task, ...taskAnswers };
}

/** An encoder–decoder imports only as a task that imports encoder–decoders, and the other way round. */
function refuseOtherLayout(layout: ImportedLayout, definition: TaskDefinition): void {
  const pairTask = definition.training.importer?.encoderDecoder === true;
  if (pairTask === (layout.encoderDecoder !== null)) return;
  const fitting = importableTasks()
    .filter((t) => (t.training.importer?.encoderDecoder === true) !== pairTask)
    .map((t) => t.cliNames[0] ?? t.id);
  throw new Error(
    pairTask
      ? `${definition.modelNoun} is an encoder–decoder, and this file holds one recurrent stack (${layout.architecture}) — choose ${fitting.join(' or ')}`
      : `this file is an encoder–decoder (${layout.architecture}) — choose ${fitting.join(' or ')}`,
  );
}

/**
 * A task that answers from what came before (a language model, a forecaster: its `bidirectionalRefusal`
 * says why) cannot use a bidirectional model, whose backward direction has read what comes after.
 */
function refuseFutureReading(layout: ImportedLayout, definition: TaskDefinition): void {
  if (!layout.recurrent.bidirectional || definition.bidirectionalRefusal === null) return;
  const others = importableTasks()
    .filter((t) => t.bidirectionalRefusal === null)
    .map((t) => t.cliNames[0] ?? t.id);
  throw new Error(
    `this model is bidirectional, and ${definition.bidirectionalRefusal}${others.length > 0 ? ` — choose ${others.join(' or ')}` : ''}`,
  );
}

/** The sizes a task's importer checks its answers against. */
export function foreignShape(layout: ImportedLayout): ForeignModelShape {
  return {
    vocabSize: layout.embedding?.vocabSize ?? 0,
    ...(layout.embedding ? { embeddingTensor: layout.embedding.tensor } : {}),
    inputSize: layout.recurrent.inputSize,
    outputSize: layout.head.outputSize,
    ...(layout.encoderDecoder ? { targetVocabSize: layout.encoderDecoder.decoder.vocabSize } : {}),
  };
}

/** The registered tasks that can be imported (they have an importer). */
export function importableTasks(): TaskDefinition[] {
  return allTasks().filter((t) => t.training.importer !== undefined);
}

/** The vocabulary-like value stored in a foreign file's metadata, if any (JSON-decoded). */
export function findMetadataVocabulary(
  metadata: Readonly<Record<string, string>>,
): { key: string; value: unknown } | null {
  for (const key of ['vocab', 'vocabulary', 'itos', 'stoi', 'chars', 'tokens', 'alphabet']) {
    const text = metadata[key];
    if (text === undefined) continue;
    try {
      return { key, value: JSON.parse(text) };
    } catch {
      // a plain string of characters, e.g. "abc…"
      return { key, value: Array.from(text) };
    }
  }
  return null;
}

async function loadVocabulary(
  source: VocabularySource,
  metadata: Readonly<Record<string, string>>,
  unit: TokenUnit | undefined,
): Promise<Vocabulary> {
  if (source.from === 'metadata') {
    const found = findMetadataVocabulary(metadata);
    if (!found)
      throw new Error(
        `the file's metadata has no vocabulary (looked for vocab, vocabulary, itos, stoi, chars, tokens, alphabet; it has ${Object.keys(metadata).join(', ') || 'no keys'})`,
      );
    return vocabularyFromValue(found.value, `metadata '${found.key}'`, unit);
  }
  const text = await readRegularTextFile(source.path);
  if (source.from === 'text') {
    const chars = [...new Set(Array.from(text.replace(/\r\n/g, '\n')))].sort(
      (a, b) => a.codePointAt(0)! - b.codePointAt(0)!,
    );
    return Vocabulary.withoutSpecials('char', chars);
  }
  return vocabularyFromValue(parseVocabularyFile(text, source.path), source.path, unit);
}

/**
 * A vocabulary file's tokens: JSON (a list, a `{token: id}` map, our vocabulary JSON) when the file is
 * JSON of that kind, else one token per line (id = line number from 0; CRLF read as LF; a last empty line
 * is the file's end, not a token). A file ending in `.json` must be JSON.
 */
export function parseVocabularyFile(text: string, path: string): unknown {
  const trimmed = text.replace(/^\uFEFF/, '');
  try {
    const value: unknown = JSON.parse(trimmed);
    if (typeof value === 'object' && value !== null) return value;
  } catch (error) {
    if (/\.json$/i.test(path))
      throw new Error(
        `${path}: not valid JSON (${(error as Error).message}); a vocabulary file is a JSON list of tokens (id = index) or a text file of one token per line`,
      );
  }
  const lines = trimmed.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A list of tokens, a `{token: id}` map, or LSTM Studio's vocabulary JSON → a Vocabulary with the same ids. */
export function vocabularyFromValue(value: unknown, source: string, unit?: TokenUnit): Vocabulary {
  let tokens: string[];
  if (Array.isArray(value)) {
    if (!value.every((t) => typeof t === 'string'))
      throw new Error(`${source}: a vocabulary list must hold strings only`);
    tokens = value as string[];
  } else if (value && typeof value === 'object' && Array.isArray((value as VocabularyJSON).tokens)) {
    const stored = Vocabulary.fromJSON(value, source);
    if (!stored.ok) throw new Error(stored.error.message);
    return stored.value;
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    tokens = new Array<string>(entries.length);
    for (const [token, id] of entries) {
      if (
        !Number.isInteger(id) ||
        (id as number) < 0 ||
        (id as number) >= entries.length ||
        tokens[id as number] !== undefined
      ) {
        throw new Error(
          `${source}: a {token: id} vocabulary needs the ids 0…${entries.length - 1}, each once ('${token}' has ${JSON.stringify(id)})`,
        );
      }
      tokens[id as number] = token;
    }
  } else {
    throw new Error(`${source}: not a vocabulary (expected a list of tokens or a {token: id} map)`);
  }
  if (tokens.length === 0) throw new Error(`${source}: the vocabulary is empty`);
  if (new Set(tokens).size !== tokens.length) throw new Error(`${source}: the vocabulary lists a token twice`);
  // Specials (`<pad>`, `<sos>`, …) are no evidence of words: a character vocabulary lists them too.
  const chosenUnit =
    unit ?? (tokens.every((t) => Array.from(t).length === 1 || SPECIAL_TOKENS.has(t)) ? 'char' : 'word');
  if (tokens[0] === PAD_TOKEN && tokens[1] === UNK_TOKEN) return Vocabulary.fromTokens(chosenUnit, tokens.slice(2));
  return Vocabulary.withoutSpecials(chosenUnit, tokens);
}

const SPECIAL_TOKENS = new Set([PAD_TOKEN, UNK_TOKEN, '<sos>', '<eos>']);

async function readNormalization(path: string, columns: string[]): Promise<NormalizationJSON> {
  const value = JSON.parse(await readRegularTextFile(path)) as Partial<NormalizationJSON>;
  const parsed = parseNormalization({ method: 'z-score', columns, ...value }, path);
  if (!parsed.ok) throw new Error(parsed.error.message);
  if (parsed.value.columns.join('\u0000') !== columns.join('\u0000'))
    throw new Error(
      `${path}: its columns ${parsed.value.columns.join(', ')} are not the feature columns ${columns.join(', ')}`,
    );
  return parsed.value;
}
