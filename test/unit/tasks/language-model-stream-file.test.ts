/**
 * A language model's text file bigger than the detection sample is read twice from disk (a census of
 * its characters, then its ids) and never held as one string: training and evaluation data equal those
 * prepared from the whole text, progress runs once from 0 to 100 % over both passes, and a table's text
 * column is still read whole.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TargetBatch } from '../../../src/data/batcher';
import type { PreparedDataset } from '../../../src/data/prepare';
import { readTextFile, SAMPLE_BYTES } from '../../../src/data/read-text';
import { Random } from '../../../src/engine/random';
import { prepareLanguageModelFile } from '../../../src/tasks/language-model/prepare';
import { prepareDataset, prepareDatasetFile } from '../../../src/tasks/prepare-dataset';
import { prepareEvaluation, prepareEvaluationFile } from '../../../src/tasks/prepare-evaluation';
import type { DatasetFile, TaskDetection } from '../../../src/tasks/task-training';
import { errorOf, unwrap } from '../data/helpers';

/** About `bytes` of text with CRLF and LF lines, accents, CJK and emoji, so chunks end inside them. */
function mixedText(bytes: number): string {
  const random = new Random(21);
  const words = ['the', 'fox', 'café', 'naïve', '東京', 'sees', 'a', '🎉', 'crow', 'and', 'runs'];
  const parts: string[] = [];
  let length = 0;
  while (length < bytes) {
    const word = words[random.int(words.length)];
    const end = random.int(9) === 0 ? (random.int(2) === 0 ? '\r\n' : '.\n') : ' ';
    parts.push(word + end);
    length += Buffer.byteLength(word + end);
  }
  return parts.join('');
}

/** Batches equal field by field (typed arrays compared as bytes: a deep equal of thousands is slow). */
function expectSameBatches(actual: (TargetBatch | null)[], expected: (TargetBatch | null)[]): void {
  expect(actual.length).toBe(expected.length);
  const bytes = (array: ArrayBufferView | undefined) =>
    array ? Buffer.from(array.buffer, array.byteOffset, array.byteLength) : null;
  actual.forEach((batch, i) => {
    const other = expected[i];
    expect([batch?.batchSize, batch?.steps]).toEqual([other?.batchSize, other?.steps]);
    for (const field of ['tokens', 'targets', 'lengths'] as const) {
      const [a, b] = [bytes(batch?.[field]), bytes(other?.[field])];
      expect(a === null ? b === null : b !== null && a.equals(b)).toBe(true);
    }
  });
}

function expectSamePreparation(streamed: PreparedDataset, whole: PreparedDataset): void {
  expect(streamed.checkpoint).toEqual(whole.checkpoint);
  expect(streamed.model).toEqual(whole.model);
  expect(streamed.fingerprint).toBe(whole.fingerprint);
  expect(streamed.summary.sizes).toEqual(whole.summary.sizes);
  expect(streamed.summary.vocabularySize).toBe(whole.summary.vocabularySize);
  expect(streamed.summary.warnings).toEqual(whole.summary.warnings);
  expectSameBatches(streamed.makeValidationBatches(16, 50), whole.makeValidationBatches(16, 50));
  const a = streamed.makeTrainBatcher(8, 40, new Random(1));
  const b = whole.makeTrainBatcher(8, 40, new Random(1));
  for (let k = 0; k < 50; k++) expectSameBatches([a.nextBatch()], [b.nextBatch()]);
}

/** Progress over all passes: strictly rising, one total, ending at 100 %. */
function expectOneProgressRun(progress: [number, number][], total: number): void {
  expect(progress.length).toBeGreaterThan(2);
  expect(progress.every(([, t]) => t === total)).toBe(true);
  expect(progress.every(([read], i) => i === 0 || read > progress[i - 1][0])).toBe(true);
  expect(progress[progress.length - 1]).toEqual([total, total]);
}

describe('a language model on a text file bigger than the detection sample', () => {
  let dir: string;
  let path: string;
  let size: number;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lm-stream-'));
    path = join(dir, 'story.txt');
    const text = mixedText(SAMPLE_BYTES + 300_000) + 'Ωmega: a letter only the end has.\r\n';
    writeFileSync(path, text);
    size = Buffer.byteLength(text);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is prepared pass by pass into exactly the data of its whole text, progress over both passes', async () => {
    const progress: [number, number][] = [];
    const options = { validationFraction: 0.2, seed: 3 };
    const streamed = unwrap(
      await prepareDatasetFile(path, { ...options, chunkSize: 64 * 1024, onProgress: (r, t) => progress.push([r, t]) }),
    );
    const whole = unwrap(prepareDataset(unwrap(await readTextFile(path)), options));
    expectSamePreparation(streamed, whole);
    expect(streamed.summary.warnings).toEqual([
      expect.stringMatching(/^\d+ character\(s\) of the validation text never occur in the training text/),
    ]);
    expect(streamed.summary.reason).toMatch(/\(detected from the first 1\.0 MiB of 1\.\d MiB\)$/);
    expect(streamed.summary.sizes.total).toBeGreaterThan(SAMPLE_BYTES / 2);
    expectOneProgressRun(progress, 2 * size);
    expect(progress.length).toBe(2 * Math.ceil(size / (64 * 1024))); // read twice, once per pass
  });

  it('is evaluated pass by pass with a checkpoint vocabulary, as its whole text is', async () => {
    const trained = unwrap(await prepareDatasetFile(path, { validationFraction: 0.5 }));
    // The vocabulary of the first half: characters seen only later are <unk>, and said so.
    const stored = { dataset: trained.checkpoint.dataset, vocab: trained.checkpoint.vocab, normalization: null };
    const progress: [number, number][] = [];
    const streamed = unwrap(await prepareEvaluationFile(path, stored, { onProgress: (r, t) => progress.push([r, t]) }));
    const whole = unwrap(prepareEvaluation(unwrap(await readTextFile(path)), stored));
    expect(streamed.summary).toEqual(whole.summary);
    expect(streamed.summary.warnings).toContainEqual(expect.stringContaining(`are not in the model's vocabulary`));
    expect(streamed.fingerprint).toBe(whole.fingerprint);
    expectSameBatches(streamed.makeBatches(64, 100), whole.makeBatches(64, 100));
    expectOneProgressRun(progress, 2 * size);
  });

  it('refuses a file that changed between the two passes', async () => {
    const pieces = ['abc\r\nab', 'abcab\r\nabc'];
    let pass = 0;
    const file: DatasetFile = {
      name: 'moving.txt',
      sample: { name: 'moving.txt', text: 'abc', complete: false, sampleBytes: 3, byteLength: 20, fingerprint: '' },
      stream: async (onText) => {
        onText(pieces[pass]);
        return { ok: true, value: { name: 'moving.txt', byteLength: 20, fingerprint: `sha256:${pass++}` } };
      },
    };
    const detection: TaskDetection = { columns: {}, reason: 'plain text', warnings: [], table: null };
    const options = {
      validationFraction: 0.1,
      seed: 0,
      tokenUnit: 'char',
      maxVocabulary: 10,
      truncationKeeps: 'start',
      horizon: 1,
      sourceTokens: 'auto',
      targetTokens: 'auto',
    } as const;
    const result = await prepareLanguageModelFile(file, detection, options);
    expect(errorOf(result!).message).toContain('the file changed while it was being read');
  });
});

describe('a language model on a big table’s text column', () => {
  it('reads the table whole, as before, and learns the column’s text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lm-table-'));
    try {
      const path = join(dir, 'reviews.csv');
      const random = new Random(4);
      const rows = ['review,stars'];
      let bytes = 0;
      while (bytes < SAMPLE_BYTES + 100_000) {
        const row = `"${mixedText(40 + random.int(80))
          .replace(/\r?\n/g, ' ')
          .trim()}",${1 + random.int(5)}`;
        rows.push(row);
        bytes += Buffer.byteLength(row) + 1;
      }
      writeFileSync(path, rows.join('\n') + '\n');
      const options = { task: 'language-model', textColumn: 'review', validationFraction: 0.1 };
      const streamed = unwrap(await prepareDatasetFile(path, options));
      const whole = unwrap(prepareDataset(unwrap(await readTextFile(path)), options));
      expectSamePreparation(streamed, whole);
      expect(streamed.summary.columns).toEqual({ text: 'review' });
      expect(streamed.summary.sizes.total).toBeLessThan(bytes); // the column, not the whole file
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
