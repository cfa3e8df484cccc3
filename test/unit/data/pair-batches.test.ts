/**
 * The pieces of a pairs dataset: per-side vocabularies with `<sos>`/`<eos>`, the random split, batches
 * with the decoder's side (shapes, `<sos>`/`<eos>`, padding, lengths, cutting), validation units, pairs
 * back to text, and reading a table without a header row.
 */

import { describe, expect, it } from 'vitest';
import type { TargetBatch } from '../../../src/data/batcher';
import {
  PairBatcher,
  pairValidationBatches,
  pairValidationUnits,
  type PairSequences,
} from '../../../src/data/pair-batcher';
import { headerLooksLikeData } from '../../../src/data/pair-headerless';
import { randomPairSplit } from '../../../src/data/pair-split';
import { outputText, outputTokens, pairExample } from '../../../src/data/pair-texts';
import {
  buildSideVocabulary,
  encodePairText,
  EOS_ID,
  PairSideTokens,
  SOS_ID,
  StoredSideEncoder,
} from '../../../src/data/pair-vocabulary';
import { parseTable } from '../../../src/data/table';
import { PAD_ID, UNK_ID } from '../../../src/data/vocabulary';
import { Random } from '../../../src/engine/random';
import { unwrap } from './helpers';

const SOURCES = ['ab', 'abcd', 'c', 'dddddd', 'ba'];
const TARGETS = ['xy', '', 'zzz', 'x', 'yx'];

/** The five pairs above as characters, vocabularies fitted on all of them. */
function fivePairs(): { data: PairSequences; source: PairSideTokens; target: PairSideTokens } {
  const source = new PairSideTokens('char', 'source');
  const target = new PairSideTokens('char', 'target');
  SOURCES.forEach((s, i) => {
    source.add(s);
    target.add(TARGETS[i]);
  });
  const all = Int32Array.from([0, 1, 2, 3, 4]);
  const s = source.encode(all, 100);
  const t = target.encode(all, 100);
  return { data: { source: s, target: t }, source, target };
}

describe('pair vocabularies', () => {
  it('put <pad>, <unk> first, and on the target side <sos> and <eos>, then tokens by frequency', () => {
    const counts = new Map([
      ['a', 1],
      ['b', 3],
      ['c', 2],
    ]);
    expect(buildSideVocabulary(counts, 'char', 'source', 100).tokens).toEqual(['<pad>', '<unk>', 'b', 'c', 'a']);
    const target = buildSideVocabulary(counts, 'char', 'target', 100);
    expect(target.tokens).toEqual(['<pad>', '<unk>', '<sos>', '<eos>', 'b', 'c', 'a']);
    expect([target.idOf('<sos>'), target.idOf('<eos>')]).toEqual([SOS_ID, EOS_ID]);
    // Capped: the cap counts the specials.
    expect(buildSideVocabulary(counts, 'char', 'source', 4).tokens).toEqual(['<pad>', '<unk>', 'b', 'c']);
    expect(buildSideVocabulary(counts, 'char', 'target', 6).tokens).toEqual([
      '<pad>',
      '<unk>',
      '<sos>',
      '<eos>',
      'b',
      'c',
    ]);
  });

  it('are fitted on the training pairs only; other tokens read <unk>', () => {
    const side = new PairSideTokens('word', 'target');
    side.add('Hello, world');
    side.add('Goodbye!');
    const encoded = side.encode(Int32Array.from([0]), 100);
    expect(encoded.vocab.tokens.slice(4)).toEqual([',', 'Hello', 'world']);
    expect(Array.from(encoded.offsets)).toEqual([0, 3, 5]);
    expect(Array.from(encoded.ids.subarray(3))).toEqual([UNK_ID, UNK_ID]);
    expect(Array.from(encodePairText('world, hi', encoded.vocab))).toEqual([
      encoded.vocab.idOf('world'),
      encoded.vocab.idOf(','),
      UNK_ID,
    ]);
    const stored = new StoredSideEncoder(encoded.vocab);
    stored.add('Hello hi hi ho');
    const read = stored.finish();
    expect([read.tokens, read.unknown, read.unknownExamples]).toEqual([4, 3, ['hi', 'ho']]);
  });
});

describe('the random split', () => {
  it('holds out round(n × fraction) pairs, both parts ascending, the same for a seed', () => {
    const split = randomPairSplit(100, 0.1, 3);
    expect(split.validation).toHaveLength(10);
    expect(split.train).toHaveLength(90);
    expect([...split.validation, ...split.train].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
    expect(Array.from(split.validation)).toEqual([...split.validation].sort((a, b) => a - b));
    expect(randomPairSplit(100, 0.1, 3)).toEqual(split);
    expect(randomPairSplit(100, 0.1, 4).validation).not.toEqual(split.validation);
    expect(randomPairSplit(1, 0.5, 0).train).toHaveLength(1);
  });
});

describe('pair batches', () => {
  it('pad each side to the batch’s longest row, with <sos> in and <eos> out', () => {
    const { data } = fivePairs();
    const [batch] = pairValidationBatches(data, Int32Array.from([0, 1, 2]), 3, 10);
    // Sources ab, abcd, c: Ts = 4. Targets xy, '', zzz: Td = 3 + 1.
    expect([batch.batchSize, batch.steps, batch.decoder!.steps]).toEqual([3, 4, 4]);
    const id = (side: 'source' | 'target', s: string) => Array.from(encodeIds(data, side, s));
    expect(Array.from(batch.tokens!)).toEqual([
      ...id('source', 'ab'),
      PAD_ID,
      PAD_ID,
      ...id('source', 'abcd'),
      ...id('source', 'c'),
      PAD_ID,
      PAD_ID,
      PAD_ID,
    ]);
    expect(Array.from(batch.lengths!)).toEqual([2, 4, 1]);
    const [x, y, z] = ['x', 'y', 'z'].map((c) => id('target', c)[0]);
    expect(Array.from(batch.decoder!.tokens)).toEqual([
      SOS_ID,
      x,
      y,
      PAD_ID,
      SOS_ID,
      PAD_ID,
      PAD_ID,
      PAD_ID,
      SOS_ID,
      z,
      z,
      z,
    ]);
    expect(Array.from(batch.targets)).toEqual([x, y, EOS_ID, PAD_ID, EOS_ID, PAD_ID, PAD_ID, PAD_ID, z, z, z, EOS_ID]);
    expect(Array.from(batch.decoder!.lengths)).toEqual([3, 1, 4]);
  });

  it('cut a side longer than seqLen to its start; a cut target still ends with <eos>', () => {
    const { data } = fivePairs();
    const [batch] = pairValidationBatches(data, Int32Array.from([2, 3]), 2, 2);
    expect([batch.steps, batch.decoder!.steps]).toEqual([2, 3]);
    expect(Array.from(batch.lengths!)).toEqual([1, 2]);
    expect(Array.from(batch.decoder!.lengths)).toEqual([3, 2]);
    const z = encodeIds(data, 'target', 'z')[0];
    expect(Array.from(batch.targets.subarray(0, 3))).toEqual([z, z, EOS_ID]);
  });

  it('shuffle the training pairs each epoch from the generator and cover each once', () => {
    const { data } = fivePairs();
    const train = Int32Array.from([0, 1, 2, 3, 4]);
    const batcher = new PairBatcher(data, train, 2, 8, new Random(1));
    expect([batcher.examplesPerEpoch, batcher.batchesPerEpoch]).toEqual([5, 3]);
    const epoch = () => {
      const sources: string[] = [];
      for (let batch = batcher.nextBatch(); batch; batch = batcher.nextBatch()) sources.push(...sourcesOf(batch, data));
      batcher.startEpoch();
      return sources;
    };
    const first = epoch();
    const second = epoch();
    expect([...first].sort()).toEqual([...SOURCES].sort());
    expect([...second].sort()).toEqual([...SOURCES].sort());
    const again = new PairBatcher(data, train, 2, 8, new Random(1));
    const replay: string[] = [];
    for (let batch = again.nextBatch(); batch; batch = again.nextBatch()) replay.push(...sourcesOf(batch, data));
    expect(replay).toEqual(first);
  });

  it('as validation units, whole, are exactly the validation batches; a sample keeps the split’s order', () => {
    const { data } = fivePairs();
    const indices = Int32Array.from([0, 1, 3, 4]);
    const units = pairValidationUnits(data, indices, 5);
    expect([units.unit, units.count]).toEqual(['examples', 4]);
    const whole = pairValidationBatches(data, indices, 3, 5);
    const streamed = Array.from(units.batches(3, null), copyBatch); // each copied before the next is drawn
    expect(streamed).toEqual(whole.map(copyBatch));
    const [sample] = [...units.batches(8, Int32Array.from([1, 3]))];
    expect(sourcesOf(sample, data)).toEqual(['abcd', 'ba']);
  });

  it('turn back into text, and a decoder’s output reads up to <eos>', () => {
    const { data, source, target } = fivePairs();
    const all = Int32Array.from([0, 1, 2, 3, 4]);
    const vocabs = { source: source.encode(all, 100).vocab, target: target.encode(all, 100).vocab };
    expect(pairExample(data, 2, vocabs)).toEqual({
      source: 'c',
      reference: 'zzz',
      sourceTokens: ['c'],
      referenceTokens: ['z', 'z', 'z'],
    });
    const [x, y] = ['x', 'y'].map((c) => vocabs.target.idOf(c));
    expect(outputTokens([SOS_ID, x, PAD_ID, y, EOS_ID, x], vocabs.target)).toEqual(['x', 'y']);
    expect(outputText([y, x, 99], vocabs.target)).toBe('yx<unk>');
  });
});

describe('tables without a header row', () => {
  it('are read with the first line as data and the columns named by position', () => {
    const table = unwrap(parseTable('Go.\tVa !\nHi.\tSalut !\n', 'fra.tsv', 'tsv', { header: false }));
    expect(table.columns).toEqual(['column 1', 'column 2']);
    expect(table.rows).toEqual([
      ['Go.', 'Va !'],
      ['Hi.', 'Salut !'],
    ]);
    expect(Array.from(table.lines)).toEqual([1, 2]);
    // Two equal cells or numbers on the first line are fine: nothing is a column name.
    expect(unwrap(parseTable('1,1\n2,2\n', 'n.csv', 'csv', { header: false })).rows).toHaveLength(2);
  });

  it('are recognised by a first line that reads like text', () => {
    expect(headerLooksLikeData(['Go.', 'Va !', 'CC-BY 2.0 (France) Attribution: tatoeba.org #2877272 (CM)'])).toBe(
      true,
    );
    expect(headerLooksLikeData(['Hi', 'Salut', 'CC-BY 2.0 (France)'])).toBe(true);
    expect(headerLooksLikeData(['this is a whole sentence here', 'x'])).toBe(true);
    expect(headerLooksLikeData(['source', 'target'])).toBe(false);
    expect(headerLooksLikeData(['review', 'sentiment', 'column 3'])).toBe(false);
  });
});

function encodeIds(data: PairSequences, side: 'source' | 'target', text: string): number[] {
  // The fixture's tokens are single characters: find each one's id where it occurs in the data.
  const texts = side === 'source' ? SOURCES : TARGETS;
  const sequences = data[side];
  return Array.from(text, (c) => {
    for (let i = 0; i < texts.length; i++) {
      const k = texts[i].indexOf(c);
      if (k >= 0) return sequences.ids[sequences.offsets[i] + k];
    }
    throw new Error(`no '${c}' in the fixture`);
  });
}

function sourcesOf(batch: TargetBatch, data: PairSequences): string[] {
  const out: string[] = [];
  for (let b = 0; b < batch.batchSize; b++) {
    const row = Array.from(batch.tokens!.subarray(b * batch.steps, b * batch.steps + batch.lengths![b]));
    const i = SOURCES.findIndex((_, k) => {
      const ids = Array.from(data.source.ids.subarray(data.source.offsets[k], data.source.offsets[k + 1]));
      return ids.length === row.length && ids.every((id, t) => id === row[t]);
    });
    out.push(SOURCES[i]);
  }
  return out;
}

function copyBatch(batch: TargetBatch) {
  return {
    batchSize: batch.batchSize,
    steps: batch.steps,
    tokens: Array.from(batch.tokens!),
    lengths: Array.from(batch.lengths!),
    targets: Array.from(batch.targets),
    decoder: {
      steps: batch.decoder!.steps,
      tokens: Array.from(batch.decoder!.tokens),
      lengths: Array.from(batch.decoder!.lengths),
    },
  };
}
