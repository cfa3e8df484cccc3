/**
 * The `lstm-studio` command end to end (the built bundle, as a user runs it): train each bundled example
 * with --json, check the run folder, and check the validation metric beats a trivial baseline computed
 * here from the data (majority class; naive last value; a unigram character model). Then eval, predict
 * and inspect on the checkpoints it wrote, and the error paths.
 */

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
/** Training runs take seconds to a minute here (2 cores, possibly shared); generous, so a slow machine fails only on a real hang. */
const TRAINING_TIMEOUT = 300_000;
const repo = join(__dirname, '../../..');
const cli = join(repo, 'bin/lstm-studio.js');
const out = mkdtempSync(join(tmpdir(), 'lstm-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface JsonLine {
  type: string;
  [key: string]: any;
}

async function lstm(args: string[], expectFailure = false): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { cwd: out, maxBuffer: 64 << 20 });
    if (expectFailure) throw new Error(`expected failure, got success:\n${stdout}`);
    return { stdout, stderr, code: 0 };
  } catch (error: any) {
    if (!expectFailure || error.code === undefined) throw error;
    return { stdout: error.stdout, stderr: error.stderr, code: error.code };
  }
}

async function trainJson(args: string[]): Promise<{ lines: JsonLine[]; summary: JsonLine; started: JsonLine }> {
  const { stdout } = await lstm(['train', ...args, '--json', '--out', join(out, 'runs')]);
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as JsonLine);
  return { lines, summary: lines[lines.length - 1], started: lines.find((l) => l.type === 'run-started')! };
}

beforeAll(() => {
  if (!existsSync(join(repo, 'dist/cli.js')) || !existsSync(join(repo, 'dist/worker.js')))
    throw new Error('build first: npm run build');
});

describe('lstm-studio train on the bundled examples', () => {
  it(
    'sentiment classification beats the majority class',
    async () => {
      const { summary, started } = await trainJson([join(repo, 'examples/sentiment/reviews.csv'), '--epochs', '2']);
      expect(summary.type).toBe('summary');
      expect(summary.status).toBe('finished');
      const validation = started.dataset.summary.classBalance.validation as { label: string; count: number }[];
      const majority = Math.max(...validation.map((c) => c.count)) / validation.reduce((s, c) => s + c.count, 0);
      console.log(
        `sentiment: accuracy ${summary.final.accuracy} vs majority ${majority.toFixed(3)} in ${summary.seconds.toFixed(1)} s`,
      );
      expect(summary.final.accuracy).toBeGreaterThan(majority + 0.1);
      expect(summary.best.accuracy).toBeGreaterThanOrEqual(summary.final.accuracy - 1e-12);
      for (const file of ['run.json', 'metrics.csv', 'last.safetensors', 'best.safetensors'])
        expect(existsSync(join(summary.runDir, file))).toBe(true);
    },
    TRAINING_TIMEOUT,
  );

  it(
    'forecasting beats the naive last-value forecast (MAE in the data’s units)',
    async () => {
      const { summary } = await trainJson([join(repo, 'examples/series/energy.csv'), '--epochs', '4']);
      const rows = readFileSync(join(repo, 'examples/series/energy.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => Number(l.split(',')[1]));
      const firstValidation = rows.length - Math.round(rows.length * 0.1);
      let naive = 0;
      for (let r = firstValidation; r < rows.length; r++) naive += Math.abs(rows[r] - rows[r - 1]);
      naive /= rows.length - firstValidation;
      console.log(`energy: MAE ${summary.final.mae} vs naive ${naive.toFixed(2)} in ${summary.seconds.toFixed(1)} s`);
      expect(summary.final.mae).toBeLessThan(naive * 0.8);
      expect(summary.final.rmse).toBeGreaterThan(0);
    },
    TRAINING_TIMEOUT,
  );

  it(
    'the character language model beats a unigram model (bits per character)',
    async () => {
      const { summary } = await trainJson([join(repo, 'examples/text/fables.txt'), '--steps', '150']);
      const text = readFileSync(join(repo, 'examples/text/fables.txt'), 'utf8');
      const cut = text.length - Math.round(text.length * 0.1);
      const counts = new Map<string, number>();
      for (const ch of text.slice(0, cut)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
      let bits = 0;
      const validation = text.slice(cut);
      for (const ch of validation) bits -= Math.log2(((counts.get(ch) ?? 0) + 1) / (cut + counts.size + 1)); // add-one smoothing
      const unigram = bits / validation.length;
      console.log(
        `fables: ${summary.final.bitsPerChar} bits/char vs unigram ${unigram.toFixed(3)} in ${summary.seconds.toFixed(1)} s`,
      );
      expect(summary.final.bitsPerChar).toBeLessThan(unigram - 0.3);
      expect(summary.final.perplexity).toBeCloseTo(2 ** summary.final.bitsPerChar, 6);
    },
    TRAINING_TIMEOUT,
  );
});

describe('lstm-studio on its own checkpoints', () => {
  let classifier: string;
  let forecaster: string;
  let languageModel: string;
  beforeAll(async () => {
    classifier = join(
      (await trainJson([join(repo, 'examples/topics/questions.jsonl'), '--epochs', '1'])).summary.runDir,
      'best.safetensors',
    );
    forecaster = join(
      (await trainJson([join(repo, 'examples/series/energy.csv'), '--steps', '20'])).summary.runDir,
      'last.safetensors',
    );
    languageModel = join(
      (await trainJson([join(repo, 'examples/text/fables.txt'), '--steps', '10'])).summary.runDir,
      'last.safetensors',
    );
  }, TRAINING_TIMEOUT);

  it('eval reproduces the training validation metrics on the same data', async () => {
    const { stdout } = await lstm(['eval', classifier, join(repo, 'examples/topics/questions.jsonl'), '--json']);
    const result = JSON.parse(stdout);
    expect(result.task).toBe('classification');
    expect(result.accuracy).toBeGreaterThan(0.3);
    expect(result.loss).toBeGreaterThan(0);
  });

  it('eval --report writes the classifier report: a confusion matrix that adds up to the accuracy', async () => {
    const reportPath = join(out, 'report.json');
    const { stdout } = await lstm([
      'eval',
      classifier,
      join(repo, 'examples/topics/questions.jsonl'),
      '--json',
      '--report',
      reportPath,
    ]);
    const result = JSON.parse(stdout);
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    expect(report.kind).toBe('classifier');
    expect(report.labels).toHaveLength(4);
    const matrix: number[][] = report.confusionMatrix;
    const total = matrix.flat().reduce((s, n) => s + n, 0);
    const diagonal = matrix.reduce((s, row, k) => s + row[k], 0);
    expect(total).toBe(report.examples);
    expect(diagonal / total).toBeCloseTo(result.accuracy, 12);
    expect(report.perClass.map((c: { support: number }) => c.support)).toEqual(
      matrix.map((row) => row.reduce((s, n) => s + n, 0)),
    );
    expect(report.misclassified).toHaveLength(Math.min(200, total - diagonal));
    expect(report.ece).toBeGreaterThanOrEqual(0);
  });

  it('eval --report names the file it cannot write, in one line', async () => {
    const { stderr, code } = await lstm(
      ['eval', classifier, join(repo, 'examples/topics/questions.jsonl'), '--report', join(out, 'missing/dir/r.json')],
      true,
    );
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n').at(-1)).toMatch(
      /missing\/dir\/r\.json: cannot write the report \(its folder does not exist\)/,
    );
  });

  it('predict: class probabilities, a continuation with the next-character distribution, a forecast', async () => {
    const cls = JSON.parse(
      (await lstm(['predict', classifier, '--text', 'which team won the match last night', '--json'])).stdout,
    );
    expect(cls.probabilities).toHaveLength(4);
    expect(cls.probabilities.reduce((s: number, p: any) => s + p.probability, 0)).toBeCloseTo(1, 6);

    const lm = JSON.parse(
      (await lstm(['predict', languageModel, '--text', 'The Fox', '--length', '40', '--seed', '1', '--json'])).stdout,
    );
    expect(lm.continuation).toHaveLength(40);
    const total = Object.values(lm.next as Record<string, number>).reduce((s, p) => s + p, 0);
    expect(total).toBeCloseTo(1, 5);

    const history = readFileSync(join(repo, 'examples/series/energy.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(-48)
      .map((l) => l.split(',').slice(1).join(','))
      .join('\n');
    const fc = JSON.parse((await lstm(['predict', forecaster, '--text', history, '--json'])).stdout);
    expect(fc.columns).toEqual(['load']);
    expect(fc.values).toHaveLength(1);
    expect(Number.isFinite(fc.values[0][0])).toBe(true);
  });

  it('inspect lists every tensor with PyTorch names and statistics', async () => {
    const info = JSON.parse((await lstm(['inspect', languageModel, '--json'])).stdout);
    expect(info.format).toBe('studio');
    const names = info.tensors.map((t: any) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'embedding.weight',
        'lstm.weight_ih_l0',
        'lstm.weight_hh_l0',
        'lstm.bias_ih_l0',
        'lstm.bias_hh_l0',
        'head.weight',
        'head.bias',
      ]),
    );
    expect(names.some((n: string) => n.startsWith('optimizer.exp_avg.'))).toBe(true);
    const w = info.tensors.find((t: any) => t.name === 'lstm.weight_hh_l0');
    expect(w.stats.nans).toBe(0);
    expect(w.stats.std).toBeGreaterThan(0);
  });

  it('the golden PyTorch checkpoint inspects as a foreign file', async () => {
    const info = JSON.parse(
      (await lstm(['inspect', join(repo, 'test/fixtures/golden/charlm.safetensors'), '--json'])).stdout,
    );
    expect(info.format).toBe('foreign');
    expect(info.tensors.map((t: any) => t.name)).toContain('fc.weight');
  });
});

describe('lstm-studio errors: a clear message and a non-zero exit', () => {
  it.each([
    ['examples/broken/ragged.csv', /ragged\.csv, line 6/],
    ['examples/broken/not-utf8.txt', /not-utf8\.txt.*UTF-8/s],
    ['examples/broken/empty.csv', /empty/i],
    ['examples/broken/one-class.csv', /one class|single class|only one/i],
    ['examples/broken/nan-series.csv', /nan-series\.csv, line 20/],
  ])('train %s', async (file, message) => {
    const { stderr, code } = await lstm(['train', join(repo, file), '--out', join(out, 'runs')], true);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/at .*\.js:\d+/); // a message, not a stack trace
  });

  it('a file that is not a checkpoint, and a truncated one', async () => {
    const notCheckpoint = await lstm(['inspect', join(repo, 'examples/broken/ragged.csv')], true);
    expect(notCheckpoint.code).not.toBe(0);
    expect(notCheckpoint.stderr).toMatch(/ragged\.csv/);
    const bytes = readFileSync(join(repo, 'test/fixtures/golden/charlm.safetensors'));
    const truncated = join(out, 'truncated.safetensors');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 1000));
    const cut = await lstm(['predict', truncated, '--text', 'The'], true);
    expect(cut.code).not.toBe(0);
    expect(cut.stderr).toMatch(/truncated\.safetensors/);
  });

  it('a bad option value', async () => {
    const { stderr, code } = await lstm(['train', join(repo, 'examples/text/fables.txt'), '--lr', 'fast'], true);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/--lr/);
  });
});

describe('lstm-studio on more than one thread', () => {
  it(
    'train --threads 2 trains in the worker with a helper thread (dist/train-thread.js)',
    async () => {
      expect(existsSync(join(repo, 'dist/train-thread.js')), 'build first: npm run build').toBe(true);
      const { summary, started } = await trainJson([
        join(repo, 'examples/sentiment/reviews.csv'),
        '--threads',
        '2',
        '--steps',
        '8',
        '--seed',
        '5',
      ]);
      expect(started.threads).toBe(2);
      expect(started.config.threads).toBe(2);
      expect(summary.status).toBe('finished');
      expect(summary.steps).toBe(8);
    },
    TRAINING_TIMEOUT,
  );

  it(
    'bench --threads 1,2 --json: one line per thread count, with ratios to the peers of a --peers file',
    async () => {
      const peers = join(out, 'peers.jsonl');
      writeFileSync(peers, `${JSON.stringify({ peer: 'torch-1t', workload: 'w3', samples_per_s: 1000 })}\nnot json\n`);
      const { stdout } = await lstm([
        'bench',
        '--workload',
        'W3',
        '--threads',
        '1,2',
        '--budget',
        '0.2',
        '--warmup',
        '1',
        '--json',
        '--peers',
        peers,
      ]);
      const all = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const lines = all.filter((l) => l.workload);
      expect(lines.map((l) => [l.workload, l.threads])).toEqual([
        ['W3', 1],
        ['W3', 2],
      ]);
      for (const line of lines) {
        expect(line.samplesPerSecond).toBeGreaterThan(0);
        expect(line.backend).toMatch(/^(wasm-simd|wasm-relaxed-simd|js)$/);
        expect(line.ratios['torch-1t']).toBeCloseTo(line.samplesPerSecond / 1000, 2);
        expect(line.peakResidentMb).toBeGreaterThan(20);
      }
      // Last, the inference figure: one 1 000-step text through two 256-unit layers with gate recording.
      expect(all).toHaveLength(3);
      expect(all[2].inference).toMatchObject({ steps: 1000, layers: 2, hiddenSize: 256, runs: 15 });
      expect(all[2].inference.medianMs).toBeGreaterThan(0);
    },
    TRAINING_TIMEOUT,
  );
});
