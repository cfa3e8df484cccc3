/**
 * Preparing a pairs dataset for sequence to sequence: each row's source and target tokenised as it
 * arrives into provisional ids (one side's tokens: characters or words, src/data/pair-tokens.ts), a
 * seeded random split, a vocabulary per side fitted on the training pairs, and batches with the
 * decoder's side (src/data/pair-batcher.ts). A table held whole (`prepareSeq2seq`) and one streamed
 * from a file too big for that (`prepareSeq2seqFile`) go through the same reader; nothing keeps a
 * row's strings.
 *
 * `auto` tokens are decided per side from the detection's table before reading (the whole table, or
 * the sample of a streamed file): characters for short strings, words for sentences.
 *
 * `seqLen` (the batcher's sequence length) is the most tokens kept per side: longer sides are cut,
 * keeping their start (`PreparedPairs.truncation(seqLen)` counts them). The checkpoint's
 * `maxSourceLength`/`maxTargetLength` are the longest sides of the training pairs, uncut: whoever
 * stores them next to a run's `seqLen` caps them with it (a cut side is at most `seqLen` long).
 */

import type { Random } from '../../engine/random';
import { detectFormat } from '../../data/detect';
import { failWith, ok, type Result } from '../../data/errors';
import type { ResolvedOptions, TaskPreparation } from '../../data/prepare';
import { PairBatcher, pairValidationBatches, pairValidationUnits, type PairSequences } from '../../data/pair-batcher';
import { PairReader, readPairsOfTable, type PairColumns, type PairRead } from '../../data/pair-reader';
import { randomPairSplit } from '../../data/pair-split';
import { pairExample, type PairExample } from '../../data/pair-texts';
import { chooseSideUnit, describeSideUnit, SideShapeCounter, type SideShape } from '../../data/pair-tokens';
import { PairSideTokens, type SideSequences } from '../../data/pair-vocabulary';
import type { Table } from '../../data/table';
import { streamTable } from '../../data/table-stream';
import type { TokenUnit } from '../../data/tokenize';
import { PAD_ID, type Vocabulary } from '../../data/vocabulary';
import type { SideTokens } from '../../protocol/training-config';
import type { DatasetFile, TaskDetection } from '../task-training';
import * as l10n from '../../protocol/l10n';

/** What a seq2seq preparation gives besides the common parts: the vocabularies and the pairs as text. */
export interface PreparedPairs {
  sourceVocab: Vocabulary;
  /** The decoder's vocabulary (`<pad>`, `<unk>`, `<sos>`, `<eos>`, then tokens): outputs are read with it. */
  targetVocab: Vocabulary;
  /** How each side's unit was chosen, in words: "characters (short strings, mean 2.4 words, 14.1 characters)". */
  units: { source: string; target: string };
  /** Validation pairs, as `validationUnits` counts them. */
  validationCount: number;
  /**
   * Validation unit u (0 ≤ u < validationCount; the units of `validationUnits`, in the split's order)
   * as text and tokens, rebuilt from the ids (src/data/pair-texts.ts), uncut.
   */
  validationExample(u: number): PairExample;
  /** Pairs whose source or target is longer than `seqLen` (cut when batched), over both parts. */
  truncation(seqLen: number): { source: number; target: number };
  /** A warning for `truncation(seqLen)`, or null when nothing is cut. */
  truncationWarning(seqLen: number): string | null;
}

export type Seq2seqPreparation = TaskPreparation & { pairs: PreparedPairs };

export function prepareSeq2seq(
  file: string,
  _content: string,
  detection: TaskDetection,
  options: ResolvedOptions,
): Result<Seq2seqPreparation> {
  const columns = pairColumns(detection);
  if (!detection.table || !columns)
    return failWith(file, l10n.t('sequence to sequence needs a source and a target column'));
  const sides = startSides(detection.table, columns, options);
  const reader = new PairReader(columns, file, (source, target) => sides.add(source, target));
  const read = readPairsOfTable(detection.table, reader);
  if (!read.ok) return read;
  return preparePairs(read.value, sides, options);
}

/** `prepareSeq2seq` for a file streamed in one pass: the same reader, fed by the streaming parser. */
export async function prepareSeq2seqFile(
  file: DatasetFile,
  detection: TaskDetection,
  options: ResolvedOptions,
): Promise<Result<Seq2seqPreparation>> {
  const columns = pairColumns(detection);
  const format = detectFormat(file.name);
  if (format === 'text' || !detection.table || !columns)
    return failWith(file.name, l10n.t('sequence to sequence needs a source and a target column'));
  const sides = startSides(detection.table, columns, options);
  const reader = new PairReader(columns, file.name, (source, target) => sides.add(source, target));
  const header = detection.columns.headerless !== true;
  const parsed = await streamTable((onText) => file.stream(onText), file.name, format, reader, { header });
  if (!parsed.ok) return parsed;
  const read = reader.finish();
  if (!read.ok) return read;
  return preparePairs(read.value, sides, options);
}

function pairColumns(detection: TaskDetection): PairColumns | null {
  const { source, target } = detection.columns;
  return source !== undefined && target !== undefined ? { source, target } : null;
}

/** Both sides' token readers, each side's unit chosen from the table at hand. */
interface PairSides {
  source: PairSideTokens;
  target: PairSideTokens;
  units: { source: string; target: string };
  add(source: string, target: string): void;
}

function startSides(table: Table, columns: PairColumns, options: ResolvedOptions): PairSides {
  const shapes = sideShapes(table, columns);
  const side = (choice: SideTokens, shape: SideShape, which: 'source' | 'target') => {
    const unit: TokenUnit = chooseSideUnit(choice, shape);
    return {
      tokens: new PairSideTokens(unit, which, options.wordSplit),
      described: describeSideUnit(unit, choice, shape),
    };
  };
  const source = side(options.sourceTokens, shapes.source, 'source');
  const target = side(options.targetTokens, shapes.target, 'target');
  return {
    source: source.tokens,
    target: target.tokens,
    units: { source: source.described, target: target.described },
    add(s, t) {
      source.tokens.add(s);
      target.tokens.add(t);
    },
  };
}

/** Mean words and characters of each side over the rows a `PairReader` keeps. */
function sideShapes(table: Table, columns: PairColumns): { source: SideShape; target: SideShape } {
  const source = new SideShapeCounter();
  const target = new SideShapeCounter();
  const s = table.columns.indexOf(columns.source);
  const t = table.columns.indexOf(columns.target);
  for (const row of table.rows) {
    const text = row[s] ?? '';
    if (s < 0 || text.trim() === '') continue;
    source.add(text);
    target.add(t < 0 ? '' : (row[t] ?? ''));
  }
  return { source: source.shape(), target: target.shape() };
}

/** The split, vocabularies, batchers, summary and checkpoint from every pair read. */
function preparePairs(read: PairRead, sides: PairSides, options: ResolvedOptions): Result<Seq2seqPreparation> {
  const total = read.pairs;
  const split = randomPairSplit(total, options.validationFraction, options.seed);
  const source = sides.source.encode(split.train, options.maxVocabulary);
  const target = sides.target.encode(split.train, Math.max(5, options.maxVocabulary));
  const data: PairSequences = {
    source: { ids: source.ids, offsets: source.offsets },
    target: { ids: target.ids, offsets: target.offsets },
  };
  const vocabs = { source: source.vocab, target: target.vocab };
  const pairs: PreparedPairs = {
    sourceVocab: source.vocab,
    targetVocab: target.vocab,
    units: sides.units,
    validationCount: split.validation.length,
    validationExample: (u) => {
      if (!(u >= 0 && u < split.validation.length)) throw new Error(`no validation example ${u}`);
      return pairExample(data, split.validation[u], vocabs);
    },
    truncation: (seqLen) => ({ source: longerThan(data.source, seqLen), target: longerThan(data.target, seqLen) }),
    truncationWarning: (seqLen) => describeTruncation(pairs.truncation(seqLen), seqLen),
  };
  return ok({
    numClasses: 0,
    inputSize: 0,
    model: {
      vocabSize: source.vocab.size,
      inputSize: 0,
      outputSize: target.vocab.size,
      loss: 'softmax-ce',
      headOn: 'every',
      paddingIdx: PAD_ID,
      decoderVocabSize: target.vocab.size,
    },
    summary: {
      sizes: { unit: 'examples', total, train: split.train.length, validation: split.validation.length },
      vocabularySize: source.vocab.size,
      sequenceLengths: lengthStatistics(source.offsets),
      warnings: [...read.warnings],
    },
    checkpoint: {
      dataset: {
        sourceTokenUnit: source.vocab.unit,
        targetTokenUnit: target.vocab.unit,
        maxSourceLength: longestOf(data.source, split.train),
        maxTargetLength: longestOf(data.target, split.train),
        targetVocab: target.vocab.toJSON(),
      },
      vocab: source.vocab.toJSON(),
      normalization: null,
    },
    makeTrainBatcher: (batchSize: number, seqLen: number, random: Random) =>
      new PairBatcher(data, split.train, batchSize, seqLen, random),
    makeValidationBatches: (batchSize, seqLen) => pairValidationBatches(data, split.validation, batchSize, seqLen),
    validationUnits: (seqLen) => pairValidationUnits(data, split.validation, seqLen),
    pairs,
  });
}

/** The most tokens of one side among `indices`. */
function longestOf(side: SideSequences, indices: Int32Array): number {
  let longest = 0;
  for (const i of indices) longest = Math.max(longest, side.offsets[i + 1] - side.offsets[i]);
  return longest;
}

function longerThan(side: SideSequences, seqLen: number): number {
  let count = 0;
  for (let i = 0; i + 1 < side.offsets.length; i++) if (side.offsets[i + 1] - side.offsets[i] > seqLen) count++;
  return count;
}

export function describeTruncation(cut: { source: number; target: number }, seqLen: number): string | null {
  const parts: string[] = [];
  if (cut.source > 0) parts.push(`${cut.source} ${cut.source === 1 ? 'source' : 'sources'}`);
  if (cut.target > 0) parts.push(`${cut.target} ${cut.target === 1 ? 'target' : 'targets'}`);
  if (parts.length === 0) return null;
  return `${parts.join(' and ')} longer than ${seqLen} tokens cut to their first ${seqLen}`;
}

/** Mean, 95th percentile and maximum tokens per text. */
function lengthStatistics(offsets: Int32Array): { mean: number; p95: number; max: number } {
  const n = offsets.length - 1;
  const lengths = new Int32Array(n);
  for (let i = 0; i < n; i++) lengths[i] = offsets[i + 1] - offsets[i];
  lengths.sort();
  return {
    mean: n === 0 ? 0 : offsets[n] / n,
    p95: n === 0 ? 0 : lengths[Math.min(n - 1, Math.ceil(0.95 * n) - 1)],
    max: n === 0 ? 0 : lengths[n - 1],
  };
}
