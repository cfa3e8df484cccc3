/**
 * A table bigger than the detection sample is streamed through the task's `prepareFile`; the result must
 * be the preparation the whole text held in memory gives: split, vocabulary or normalisation, summary,
 * checkpoint and batches.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PreparedDataset } from '../../../src/data/prepare';
import { readTextFile, SAMPLE_BYTES } from '../../../src/data/read-text';
import { Random } from '../../../src/engine/random';
import { prepareDataset, prepareDatasetFile } from '../../../src/tasks/prepare-dataset';
import { unwrap } from './helpers';

const WORDS = ['good', 'bad', 'café', 'naïve', 'film', 'plot', '東京', 'acting', 'the', 'a', 'very', '😀'];

/** A classification CSV over `minBytes`: quoted texts with commas, doubled quotes and line breaks; CRLF. */
function reviewsCsv(minBytes: number): string {
  const random = new Random(4);
  const lines = ['id,review,sentiment'];
  let size = 0;
  for (let i = 0; size < minBytes; i++) {
    let text = '';
    const n = 1 + random.int(12);
    for (let k = 0; k < n; k++) text += (k > 0 ? ' ' : '') + WORDS[random.int(WORDS.length)];
    if (random.int(10) === 0) text += ', "really"\r\nsecond line';
    const label = ['positive', 'negative', 'neutral'][random.int(3)];
    const line = `${i},"${text.replaceAll('"', '""')}",${random.int(50) === 0 ? '' : label}`;
    lines.push(line);
    size += line.length + 2;
  }
  return lines.join('\r\n') + '\r\n';
}

/** A forecasting CSV over `minBytes`: date, target and two features. */
function salesCsv(minBytes: number): string {
  const random = new Random(9);
  const lines = ['date,sales,temperature,price'];
  let size = 0;
  for (let i = 0; size < minBytes; i++) {
    const date = new Date(Date.UTC(2000, 0, 1) + i * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    const line = `${date},${(100 + 10 * Math.sin(i / 24) + random.uniform()).toFixed(3)},${(15 + random.uniform() * 5).toFixed(2)},${(123456.78 + i / 100).toFixed(2)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

/** A classification JSON Lines file over `minBytes`, with a key that only some objects have. */
function intentsJsonl(minBytes: number): string {
  const random = new Random(2);
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < minBytes; i++) {
    const text = Array.from({ length: 2 + random.int(6) }, () => WORDS[random.int(WORDS.length)]).join(' ');
    const object: Record<string, unknown> = { text, intent: ['greet', 'bye', 'ask'][random.int(3)] };
    if (random.int(7) === 0) object.extra = { n: i };
    const line = JSON.stringify(object);
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

function expectSamePreparation(streamed: PreparedDataset, held: PreparedDataset): void {
  const { reason: streamedReason, ...streamedSummary } = streamed.summary;
  const { reason: heldReason, ...heldSummary } = held.summary;
  expect(streamedReason).toMatch(/ \(detected from the first [\d.]+ (bytes|KiB|MiB) of [\d.]+ MiB\)$/);
  expect(streamedReason.startsWith(heldReason)).toBe(true);
  expect(streamedSummary).toEqual(heldSummary);
  expect(streamed.model).toEqual(held.model);
  expect(streamed.checkpoint).toEqual(held.checkpoint);
  expect(streamed.fingerprint).toBe(held.fingerprint);
  const seqLen = 16;
  const a = streamed.makeTrainBatcher(8, seqLen, new Random(5));
  const b = held.makeTrainBatcher(8, seqLen, new Random(5));
  for (let k = 0; k < 20; k++) expect(a.nextBatch()).toEqual(b.nextBatch());
  expect(streamed.makeValidationBatches(64, seqLen)).toEqual(held.makeValidationBatches(64, seqLen));
}

describe('prepareFile: a table bigger than the detection sample, streamed', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'prepare-file-table-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function both(name: string, text: string, options = {}) {
    const path = join(dir, name);
    writeFileSync(path, text);
    expect(Buffer.byteLength(text)).toBeGreaterThan(SAMPLE_BYTES);
    let lastProgress = 0;
    const streamed = unwrap(
      await prepareDatasetFile(path, { ...options, onProgress: (read) => (lastProgress = read) }),
    );
    expect(lastProgress).toBe(Buffer.byteLength(text));
    const held = unwrap(prepareDataset(unwrap(await readTextFile(path)), options));
    return { streamed, held };
  }

  it('classification (CSV with quoted CRLF line breaks): the same split, vocabulary and batches', async () => {
    const { streamed, held } = await both('reviews.csv', reviewsCsv(1.5 * SAMPLE_BYTES), { seed: 3 });
    expect(held.task).toBe('classification');
    expect(held.summary.warnings.some((w) => w.includes("with an empty 'sentiment' skipped"))).toBe(true);
    expectSamePreparation(streamed, held);
  });

  it('classification (JSON Lines with a key only some objects have)', async () => {
    const { streamed, held } = await both('intents.jsonl', intentsJsonl(1.2 * SAMPLE_BYTES), {
      tokenUnit: 'char',
      maxVocabulary: 12,
    });
    expect(held.task).toBe('classification');
    expectSamePreparation(streamed, held);
  });

  it('forecasting: the same rows, normalisation and windows', async () => {
    const { streamed, held } = await both('sales.csv', salesCsv(1.3 * SAMPLE_BYTES), {
      task: 'forecasting',
      targetColumns: ['sales'],
      horizon: 2,
    });
    expect(held.summary.sizes.total).toBeGreaterThan(20000);
    expectSamePreparation(streamed, held);
  });

  it('reports a bad cell past the sample with its line', async () => {
    const text = salesCsv(1.2 * SAMPLE_BYTES);
    const rows = text.split('\n');
    rows[rows.length - 5] = rows[rows.length - 5].replace(/,[^,]+$/, ',12k');
    const path = join(dir, 'bad-sales.csv');
    writeFileSync(path, rows.join('\n'));
    const result = await prepareDatasetFile(path, { task: 'forecasting', targetColumns: ['sales'] });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.message).toBe(
        `bad-sales.csv, line ${rows.length - 4}, column 'price': '12k' is not a number`,
      );
  });
});
