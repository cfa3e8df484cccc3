/**
 * Preparing a pairs file: tokens per side, vocabularies, the split, the model shape, the summary and
 * the checkpoint; a streamed file prepared as the same text held in memory; and a new file evaluated
 * with the checkpoint's vocabularies.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TargetBatch } from '../../../../src/data/batcher';
import type { DatasetMetadata } from '../../../../src/data/dataset-metadata';
import { fromString } from '../../../../src/data/decode-text';
import { EOS_ID, SOS_ID } from '../../../../src/data/pair-vocabulary';
import { UNK_ID, Vocabulary } from '../../../../src/data/vocabulary';
import { Random } from '../../../../src/engine/random';
import { prepareSeq2seqEvaluation, prepareSeq2seqEvaluationFile } from '../../../../src/tasks/seq2seq/evaluation-data';
import { prepareSeq2seq, prepareSeq2seqFile, type Seq2seqPreparation } from '../../../../src/tasks/seq2seq/prepare';
import type { DatasetFile, StoredEncoding, TaskDetection } from '../../../../src/tasks/task-training';
import { errorOf, unwrap } from '../../data/helpers';
import { detectPairs, PAIR_OPTIONS } from './pairs-helpers';

const DATES = readFileSync(new URL('../../../../examples/dates.tsv', import.meta.url), 'utf8');

const SENTENCES = [
  'source,target',
  '"The cat sat on the mat, quietly.","Le chat était assis sur le tapis, tranquillement."',
  '"I would like a cup of coffee, please.","Je voudrais une tasse de café, s\'il vous plaît."',
  '"Where is the train station from here?","Où est la gare d\'ici ?"',
  '"We are going to the beach tomorrow morning.","Nous allons à la plage demain matin."',
  '"She reads a book every single evening.","Elle lit un livre chaque soir."',
  '"   ","ignored: the source is blank"',
  '"Thank you very much for your kind help.",""',
].join('\n');

function prepared(file: string, content: string, options = PAIR_OPTIONS): Seq2seqPreparation {
  const detection = unwrap(detectPairs(file, content).detection);
  return unwrap(prepareSeq2seq(file, content, detection, options));
}

describe('preparing the dates example', () => {
  const data = prepared('dates.tsv', DATES);

  it('reads characters on both sides, a vocabulary each, and the model shape of an encoder–decoder', () => {
    expect(data.pairs.units.source).toMatch(/^characters \(short strings, mean /);
    expect(data.pairs.units.target).toBe('characters (short strings, mean 1.0 words, 10.0 characters)');
    const target = data.pairs.targetVocab;
    expect(target.tokens.slice(0, 4)).toEqual(['<pad>', '<unk>', '<sos>', '<eos>']);
    expect([...target.tokens.slice(4)].sort()).toEqual(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(data.model).toEqual({
      vocabSize: data.pairs.sourceVocab.size,
      inputSize: 0,
      outputSize: target.size,
      loss: 'softmax-ce',
      headOn: 'every',
      paddingIdx: 0,
      decoderVocabSize: target.size,
    });
    expect(data.summary.sizes).toEqual({ unit: 'examples', total: 8000, train: 6400, validation: 1600 });
    expect(data.summary.vocabularySize).toBe(data.pairs.sourceVocab.size);
    expect(data.summary.warnings).toEqual([]);
  });

  it('stores what decoding needs in the checkpoint', () => {
    const { dataset, vocab, normalization } = data.checkpoint;
    expect(dataset).toMatchObject({ sourceTokenUnit: 'char', targetTokenUnit: 'char', maxTargetLength: 10 });
    expect(dataset.maxSourceLength).toBe(data.summary.sequenceLengths!.max);
    expect(unwrap(Vocabulary.fromJSON(dataset.targetVocab)).tokens).toEqual(data.pairs.targetVocab.tokens);
    expect(vocab).toEqual(data.pairs.sourceVocab.toJSON());
    expect(normalization).toBeNull();
  });

  it('gives validation examples back as the file wrote them', () => {
    const lines = DATES.trimEnd().split('\n').slice(1);
    const texts = new Set(lines);
    for (let u = 0; u < 50; u++) {
      const example = data.pairs.validationExample(u);
      expect(texts.has(`${example.source}\t${example.reference}`)).toBe(true);
      expect(example.referenceTokens).toHaveLength(10);
    }
    expect(() => data.pairs.validationExample(1600)).toThrow('no validation example 1600');
  });

  it('batches with <sos> and <eos>, and its validation units whole are its validation batches', () => {
    const batches = data.makeValidationBatches(64, 40);
    expect(batches).toHaveLength(25);
    const first = batches[0];
    expect(first.decoder!.steps).toBe(11);
    for (let b = 0; b < first.batchSize; b++) {
      expect(first.decoder!.tokens[b * 11]).toBe(SOS_ID);
      expect(first.targets[b * 11 + 10]).toBe(EOS_ID);
      expect(first.decoder!.lengths[b]).toBe(11);
    }
    const units = data.validationUnits!(40);
    expect(units.count).toBe(1600);
    expect(Array.from(units.batches(64, null), copyBatch)).toEqual(batches.map(copyBatch));
  });

  it('counts the pairs cut by a sequence length', () => {
    expect(data.pairs.truncation(40)).toEqual({ source: 0, target: 0 });
    expect(data.pairs.truncationWarning(40)).toBeNull();
    const cut = data.pairs.truncation(10);
    expect(cut.target).toBe(0);
    expect(cut.source).toBeGreaterThan(1000);
    expect(data.pairs.truncationWarning(10)).toBe(`${cut.source} sources longer than 10 tokens cut to their first 10`);
  });
});

describe('preparing sentence pairs', () => {
  it('reads words (case and punctuation kept), skips a blank source and keeps an empty target', () => {
    const data = prepared('s.csv', SENTENCES, { ...PAIR_OPTIONS, validationFraction: 0 });
    expect(data.pairs.units.source).toMatch(/^words \(sentences/);
    expect(data.pairs.sourceVocab.unit).toBe('word');
    expect(data.pairs.sourceVocab.has('The')).toBe(true);
    expect(data.pairs.sourceVocab.has(',')).toBe(true);
    expect(data.summary.sizes.total).toBe(6);
    expect(data.summary.warnings).toEqual(["1 row with an empty 'source' skipped"]);
    const [batch] = data.makeValidationBatches(8, 20);
    expect(batch).toBeUndefined();
    const batcher = data.makeTrainBatcher(6, 20, new Random(0));
    const all = batcher.nextBatch()!;
    const emptyTarget = Array.from(all.decoder!.lengths).indexOf(1);
    expect(emptyTarget).toBeGreaterThanOrEqual(0);
    expect(all.targets[emptyTarget * all.decoder!.steps]).toBe(EOS_ID);
  });

  it('follows the chosen tokens per side and caps each vocabulary', () => {
    const data = prepared('s.csv', SENTENCES, { ...PAIR_OPTIONS, sourceTokens: 'char', maxVocabulary: 12 });
    expect(data.pairs.sourceVocab.unit).toBe('char');
    expect(data.pairs.targetVocab.unit).toBe('word');
    expect(data.pairs.sourceVocab.size).toBe(12);
    expect(data.pairs.targetVocab.size).toBe(12);
  });

  it('fails naming the columns when the detection has none', () => {
    const detection: TaskDetection = { columns: {}, reason: '', warnings: [], table: null };
    expect(errorOf(prepareSeq2seq('x.csv', '', detection, PAIR_OPTIONS)).message).toContain(
      'needs a source and a target column',
    );
  });
});

describe('a streamed pairs file', () => {
  for (const [name, content] of [
    ['dates.tsv', DATES],
    ['s.csv', SENTENCES],
    ['fra.tsv', 'Go.\tVa !\tCC-BY\nHi.\tSalut !\tCC-BY\nRun!\tCours !\tCC-BY\nWho?\tQui ?\tCC-BY\n'],
  ] as const) {
    it(`is prepared as the same text in memory: ${name}`, async () => {
      const detection = unwrap(detectPairs(name, content).detection);
      const whole = unwrap(prepareSeq2seq(name, content, detection, PAIR_OPTIONS));
      const streamed = unwrap(await prepareSeq2seqFile(streamedFile(name, content), detection, PAIR_OPTIONS));
      expect(streamed.model).toEqual(whole.model);
      expect(streamed.summary).toEqual(whole.summary);
      expect(streamed.checkpoint).toEqual(whole.checkpoint);
      expect(streamed.makeValidationBatches(16, 30).map(copyBatch)).toEqual(
        whole.makeValidationBatches(16, 30).map(copyBatch),
      );
      const a = streamed.makeTrainBatcher(16, 30, new Random(5));
      const b = whole.makeTrainBatcher(16, 30, new Random(5));
      for (let batch = a.nextBatch(); batch; batch = a.nextBatch())
        expect(copyBatch(batch)).toEqual(copyBatch(b.nextBatch()!));
    });
  }
});

describe('evaluating a new pairs file', () => {
  const data = prepared('dates.tsv', DATES);
  const stored: StoredEncoding = {
    dataset: { columns: { source: 'source', target: 'target' }, ...data.checkpoint.dataset } as DatasetMetadata,
    vocab: data.pairs.sourceVocab,
    normalization: null,
  };

  it('encodes every pair with the checkpoint’s vocabularies, unknown tokens as <unk>, and says how many', () => {
    const file = unwrap(fromString('new.tsv', 'target\tsource\n2021-03-03\t3 Ωμέγα 2021\n1999-12-31\t31/12/1999\n'));
    const evaluation = unwrap(prepareSeq2seqEvaluation(file, 'tsv', stored, { unknownLabels: 'error' }));
    expect(evaluation.summary.size).toEqual({ unit: 'examples', total: 2 });
    expect(evaluation.summary.unknownTokenRate).toBeCloseTo(5 / 22, 10);
    expect(evaluation.summary.warnings).toEqual([
      "22.7 % of the sources' characters (5 of 22) are not in the model's vocabulary and are read as <unk>; most often 'Ω', 'έ', 'α', 'γ' and 'μ'",
    ]);
    const [batch] = evaluation.makeBatches(8, 40);
    expect(batch.batchSize).toBe(2);
    expect(Array.from(batch.tokens!.subarray(2, 7))).toEqual([UNK_ID, UNK_ID, UNK_ID, UNK_ID, UNK_ID]);
    expect(Array.from(batch.targets.subarray(0, 11))).toEqual([
      ...Array.from('2021-03-03', (c) => data.pairs.targetVocab.idOf(c)),
      EOS_ID,
    ]);
    const units = evaluation.validationUnits!(40);
    expect(Array.from(units.batches(8, null), copyBatch)).toEqual([copyBatch(batch)]);
    expect(Array.from(evaluation.streamBatches!(8, 40), copyBatch)).toEqual([copyBatch(batch)]);
  });

  it('reads a file without the checkpoint’s column names as a pairs file, and says which columns stood in', () => {
    const file = unwrap(fromString('headerless.tsv', '3 March 2021\t2021-03-03\n4 March 2021\t2021-03-04\n'));
    const evaluation = unwrap(prepareSeq2seqEvaluation(file, 'tsv', stored, { unknownLabels: 'error' }));
    expect(evaluation.summary.size.total).toBe(2);
    expect(evaluation.summary.warnings[0]).toBe(
      "columns 'column 1' → 'column 2' read as the model's 'source' → 'target' (no header row: the first line is a pair)",
    );
  });

  it('reads a headerless file for a model trained on one', () => {
    const tatoeba = 'Go.\tVa !\tCC-BY\nHi.\tSalut !\tCC-BY\nRun!\tCours !\tCC-BY\nWho?\tQui ?\tCC-BY\n';
    const model = prepared('fra.tsv', tatoeba);
    const headerless: StoredEncoding = {
      dataset: {
        columns: { source: 'column 1', target: 'column 2', headerless: true },
        ...model.checkpoint.dataset,
      } as DatasetMetadata,
      vocab: model.pairs.sourceVocab,
      normalization: null,
    };
    const file = unwrap(fromString('more.tsv', 'Hello\tBonjour\tx\nBye\tSalut\ty\n'));
    const evaluation = unwrap(prepareSeq2seqEvaluation(file, 'tsv', headerless, { unknownLabels: 'error' }));
    expect(evaluation.summary.size.total).toBe(2);
    expect(evaluation.summary.warnings.filter((w) => w.startsWith('columns'))).toEqual([]);
  });

  it('streams a big file to the same batches and summary as the file held whole', async () => {
    for (const [name, content, model] of [
      ['dates.tsv', DATES, stored],
      [
        'swapped.tsv',
        'target\tsource\n' +
          DATES.split('\n')
            .slice(1, 500)
            .map((l) => l.split('\t').reverse().join('\t'))
            .join('\n'),
        stored,
      ],
    ] as const) {
      const file = unwrap(fromString(name, content));
      const whole = unwrap(prepareSeq2seqEvaluation(file, 'tsv', model, { unknownLabels: 'error' }));
      const sampleText = content.slice(0, content.indexOf('\n', 2000) + 1);
      const streamed = unwrap(
        await prepareSeq2seqEvaluationFile(streamedFile(name, content, sampleText), 'tsv', model, {
          unknownLabels: 'error',
        }),
      );
      expect(streamed.summary).toEqual(whole.summary);
      expect(streamed.makeBatches(64, 40).map(copyBatch)).toEqual(whole.makeBatches(64, 40).map(copyBatch));
    }
  });

  it('refuses plain text and a table with no pair to read', () => {
    const text = unwrap(fromString('x.txt', 'hello'));
    expect(errorOf(prepareSeq2seqEvaluation(text, 'text', stored, { unknownLabels: 'error' })).message).toContain(
      'is plain text',
    );
    const labels = unwrap(fromString('l.csv', 'review,sentiment\ngood,pos\nbad,neg\nfine,pos\nawful,neg\n'));
    expect(errorOf(prepareSeq2seqEvaluation(labels, 'csv', stored, { unknownLabels: 'error' })).message).toContain(
      "there are no columns 'source' and 'target'",
    );
  });
});

/** The text as a file streamed in small pieces; detection read `sample` (the whole text by default). */
function streamedFile(name: string, content: string, sample = content): DatasetFile {
  return {
    name,
    sample: {
      name,
      text: sample,
      complete: sample === content,
      sampleBytes: sample.length,
      byteLength: content.length,
      fingerprint: '',
    },
    stream: async (onText) => {
      for (let i = 0; i < content.length; i += 997) onText(content.slice(i, i + 997));
      return { ok: true, value: { name, byteLength: content.length, fingerprint: 'sha256:x' } };
    },
  };
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
