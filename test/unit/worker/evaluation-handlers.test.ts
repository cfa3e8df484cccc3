/**
 * The inference worker's Evaluate handlers on real (tiny) trained runs: a session opened on a run's
 * validation split caches, for sequence s, the very h and c the Gates panel records for validation sample
 * s (to float16 precision); the per-sequence and per-token losses average to the metrics' loss; a
 * forecaster's residuals are one per window; the match and unit searches answer spans of the session's
 * text; a pattern that backtracks without end is refused in one line; closing deletes the spilled slices.
 */

import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalOf, type GateRecording } from '../../../src/protocol/gate-recording';
import type {
  InferenceAnswer,
  InferenceKind,
  InferencePartial,
  InferenceRequestOf,
} from '../../../src/protocol/inference-messages';
import type { EvaluationSummary, StateAddress } from '../../../src/protocol/evaluate-view';
import { TrainingControl } from '../../../src/train/control';
import type { TrainingConfig } from '../../../src/train/config';
import { prepareForTraining } from '../../../src/train/setup';
import { runTraining } from '../../../src/train/trainer';
import { handlerFor } from '../../../src/worker/inference/handlers';
import { requireSession } from '../../../src/worker/inference/evaluation-sessions';
import { openEvaluation } from '../../../src/worker/inference/evaluation-open';
import { predictorFor } from '../../../src/worker/inference/model-cache';
import '../../../src/worker/inference/register-all';

const root = mkdtempSync(join(tmpdir(), 'lstm-evaluate-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function trainRun(file: string, text: string, config: Partial<TrainingConfig>): Promise<string> {
  const path = join(root, file);
  writeFileSync(path, text);
  const setup = { ...(await prepareForTraining(path, { epochs: 1, seed: 5, ...config }, {})), resumed: null };
  const summary = await runTraining({
    setup,
    runsRoot: join(root, 'runs'),
    control: new TrainingControl(),
    progressIntervalMs: 0,
    emit: () => {},
  });
  return join(summary.runDir, 'last.safetensors');
}

async function ask<K extends InferenceKind>(
  kind: K,
  request: Omit<InferenceRequestOf<K>, 'kind'>,
  partials: InferencePartial<K>[] = [],
): Promise<InferenceAnswer<K>> {
  const handler = handlerFor(kind)!;
  expect(handler).toBeDefined();
  const context = { partial: (p: InferencePartial<K>) => partials.push(p), transfer: [], throwIfCancelled: () => {} };
  return handler({ kind, ...request } as InferenceRequestOf<K>, context);
}

const words = ['good', 'great', 'fine', 'bad', 'awful', 'poor', 'the', 'film', 'was', 'very', 'not', 'really'];
function reviews(): string {
  const lines = ['text,label'];
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 160; i++) {
    const positive = i % 2 === 0;
    const body = Array.from({ length: 4 + Math.floor(next() * 6) }, () => words[6 + Math.floor(next() * 6)]);
    body.splice(Math.floor(next() * body.length), 0, words[(positive ? 0 : 3) + Math.floor(next() * 3)]);
    lines.push(`${body.join(' ')},${positive ? 'pos' : 'neg'}`);
  }
  return lines.join('\n') + '\n';
}

const fable = 'The fox saw the grapes hanging high on the vine. "They are sour," said the fox, and went away.\n'.repeat(
  12,
);

let lm = '';
let classifier = '';
let forecaster = '';
beforeAll(async () => {
  lm = await trainRun('fable.txt', fable, {
    maxSteps: 3,
    batchSize: 8,
    seqLen: 32,
    hiddenSize: 12,
    numLayers: 2,
    embeddingDim: 8,
  });
  classifier = await trainRun('reviews.csv', reviews(), {
    batchSize: 16,
    seqLen: 12,
    hiddenSize: 8,
    numLayers: 1,
    embeddingDim: 8,
    bidirectional: true,
  });
  const series =
    [
      'date,load',
      ...Array.from(
        { length: 200 },
        (_, t) =>
          `${new Date(Date.UTC(2024, 0, 1 + t)).toISOString().slice(0, 10)},${(100 + 20 * Math.sin(t / 5)).toFixed(3)}`,
      ),
    ].join('\n') + '\n';
  forecaster = await trainRun('load.csv', series, { batchSize: 16, seqLen: 12, hiddenSize: 6, numLayers: 1 });
}, 300_000);

async function open(checkpointPath: string, cacheDir = join(root, 'cache')): Promise<EvaluationSummary> {
  const partials: InferencePartial<'evaluate-open'>[] = [];
  const summary = await ask('evaluate-open', { checkpointPath, data: { kind: 'validation' }, cacheDir }, partials);
  expect(partials[0]).toEqual({ stage: 'reading', done: 0, total: 1 });
  return summary;
}

async function gates(checkpointPath: string, index: number): Promise<GateRecording> {
  return ask('record-gates', { checkpointPath, input: { type: 'validation-sample', index } });
}

/** |a − b| within float16's rounding of b (half an ulp: 2⁻¹¹ relative, 2⁻²⁵ absolute below 2⁻¹⁴). */
function expectHalfClose(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let k = 0; k < b.length; k++) {
    const allowed = Math.max(Math.abs(b[k]) * 2 ** -11, 2 ** -24) + 1e-6;
    worst = Math.max(worst, Math.abs(a[k] - b[k]) / allowed);
  }
  expect(worst).toBeLessThanOrEqual(1);
}

describe('evaluate-open', () => {
  it("caches sequence s's h and c as the Gates panel records validation sample s (language model, 2 layers)", async () => {
    const summary = await open(lm);
    expect(summary.task).toBe('language-model');
    expect(summary.dataLabel).toMatch(/^validation split of fable\.txt \(\d+ sequences?\)$/);
    expect(summary.layers.map((l) => `${l.layer} ${l.direction} ${l.signal} ${l.width}`)).toEqual([
      '0 forward h 12',
      '0 forward c 12',
      '1 forward h 12',
      '1 forward c 12',
    ]);
    expect(summary.report?.kind).toBe('language-model');
    const session = requireSession(summary.sessionId);
    expect(session.states.sequences).toBe(summary.sequences);
    expect(session.states.totalSteps).toBe(summary.steps);
    expect(summary.cache.memoryBytes).toBe(summary.steps * 48 * 2);
    for (const s of [0, 1, summary.sequences - 1]) {
      const recording = await gates(lm, s);
      expect(session.gatesSample(s)).toBe(s);
      expect(session.states.steps(s)).toBe(recording.steps);
      expect(session.tokens(s)).toEqual(recording.tokens);
      for (const layer of [0, 1])
        for (const signal of ['h', 'c'] as const) {
          const address: StateAddress = { layer, direction: 'forward', signal };
          expectHalfClose(session.states.read(address, s), signalOf(recording.gates[layer], signal)!.values);
        }
    }
  });

  it('a GRU stack (h only) and a projected LSTM (h P wide, c H wide) cache what Gates records', async () => {
    for (const [file, config, expected] of [
      ['fable-gru.txt', { cell: 'gru' as const }, ['0 forward h 10']],
      ['fable-proj.txt', { projSize: 4 }, ['0 forward h 4', '0 forward c 10']],
    ] as const) {
      const checkpoint = await trainRun(file, fable, {
        maxSteps: 2,
        batchSize: 8,
        seqLen: 24,
        hiddenSize: 10,
        numLayers: 1,
        embeddingDim: 6,
        ...config,
      });
      const summary = await open(checkpoint);
      expect(summary.layers.map((l) => `${l.layer} ${l.direction} ${l.signal} ${l.width}`)).toEqual(expected);
      const session = requireSession(summary.sessionId);
      const recording = await gates(checkpoint, 2);
      for (const layer of summary.layers)
        expectHalfClose(session.states.read(layer, 2), signalOf(recording.gates[0], layer.signal)!.values);
    }
  });

  it("per-token losses average to the metrics' loss, page by page", async () => {
    const summary = await open(lm);
    const page = await ask('evaluate-loss-page', { sessionId: summary.sessionId, start: 0 });
    expect(page.start).toBe(0);
    expect(page.total).toBe(summary.steps); // every step of a language model's window predicts a token
    expect(page.tokens.length).toBe(Math.min(page.total, 4000));
    expect(page.losses.length).toBe(page.tokens.length);
    const mean = page.losses.reduce((a, b) => a + b, 0) / page.losses.length;
    expect(mean).toBeCloseTo(summary.metrics.loss, 4);
    const report = summary.report;
    if (report?.kind !== 'language-model') throw new Error('expected a language-model report');
    // The report's worst token is the page's, at the same index.
    const worst = report.worstContexts[0];
    expect(page.losses[worst.index]).toBeCloseTo(worst.loss, 4);
    expect(page.tokens[worst.index]).toBe(worst.token);
    await expect(ask('evaluate-loss-page', { sessionId: summary.sessionId, start: -1 })).rejects.toThrow(/loss page/);
  });

  it("a bidirectional classifier: both directions cached as Gates records them; each sequence's loss and labels", async () => {
    const summary = await open(classifier);
    expect(summary.labels).toEqual(['neg', 'pos']);
    expect(summary.layers.map((l) => `${l.direction} ${l.signal}`)).toEqual([
      'forward h',
      'forward c',
      'backward h',
      'backward c',
    ]);
    const session = requireSession(summary.sessionId);
    const recording = await gates(classifier, 3);
    for (const direction of ['forward', 'backward'] as const) {
      const layer = recording.gates.find((l) => l.direction === direction)!;
      expectHalfClose(session.states.read({ layer: 0, direction, signal: 'h' }, 3), signalOf(layer, 'h')!.values);
    }
    const meanLoss = session.sequenceLoss.reduce((a, b) => a + b, 0) / summary.sequences;
    expect(meanLoss).toBeCloseTo(summary.metrics.loss, 5);
    const right = session.actual.filter((a, s) => a === session.predicted[s]).length;
    if (summary.report?.kind !== 'classifier') throw new Error('expected a classifier report');
    expect(right / summary.sequences).toBeCloseTo(summary.report.accuracy, 10);
    for (const wrong of summary.report.misclassified)
      expect(session.predicted[wrong.index]).not.toBe(session.actual[wrong.index]);
    const sequence = await ask('evaluate-sequence', { sessionId: summary.sessionId, sequence: 3 });
    expect(sequence).toEqual({ text: recording.tokens.join(' '), gatesSample: 3 });
    // The label pattern: units correlated with the class.
    const units = await ask('evaluate-units', {
      sessionId: summary.sessionId,
      pattern: { kind: 'label', label: 'pos' },
      address: null,
    });
    expect(units.results.length).toBe(32);
    for (let k = 1; k < units.results.length; k++)
      expect(Math.abs(units.results[k - 1].correlation)).toBeGreaterThanOrEqual(Math.abs(units.results[k].correlation));
    await expect(
      ask('evaluate-units', { sessionId: summary.sessionId, pattern: { kind: 'label', label: 'meh' }, address: null }),
    ).rejects.toThrow(/'meh' is not one of the model's labels/);
  });

  it('a forecaster: one residual per window, with its date', async () => {
    const summary = await open(forecaster);
    expect(summary.input).toBe('rows');
    expect(summary.columns).toContain('load');
    const residuals = await ask('evaluate-residuals', { sessionId: summary.sessionId });
    expect(residuals.targets).toEqual(['load']);
    expect(residuals.rowLabels.length).toBe(summary.sequences);
    expect(residuals.residuals.length).toBe(summary.sequences);
    expect(residuals.rowLabels[0]).toMatch(/2024/);
    if (summary.report?.kind !== 'forecaster') throw new Error('expected a forecaster report');
    const counted = summary.report.residualHistogram[0].counts.reduce((a, b) => a + b, 0);
    expect(counted).toBe(residuals.residuals.filter(Number.isFinite).length);
    const units = await ask('evaluate-units', {
      sessionId: summary.sessionId,
      pattern: { kind: 'column', column: 'load', op: '>', value: 100 },
      address: { layer: 0, direction: 'forward', signal: 'h' },
    });
    expect(units.results.length).toBe(6);
    expect(Math.abs(units.results[0].correlation)).toBeGreaterThan(0);
    await expect(ask('evaluate-loss-page', { sessionId: summary.sessionId, start: 0 })).rejects.toThrow(
      /language models only/,
    );
  });
});

describe('Evaluate searches on a session', () => {
  it('match: every answered span has the selected units all at or above the threshold', async () => {
    const summary = await open(lm);
    const session = requireSession(summary.sessionId);
    const address: StateAddress = { layer: 1, direction: 'forward', signal: 'h' };
    // The pattern of sequence 0 at step 5: its two most active units, at most as active as there.
    const x0 = session.states.read(address, 0);
    const units = Array.from({ length: 12 }, (_, u) => u)
      .sort((a, b) => x0[5 * 12 + b] - x0[5 * 12 + a])
      .slice(0, 2);
    const threshold = Math.min(...units.map((u) => x0[5 * 12 + u])) - 1e-3;
    const query = { address, units, threshold, topK: 10 };
    const { results } = await ask('evaluate-match', { sessionId: summary.sessionId, query });
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(10);
    for (const result of results) {
      const x = session.states.read(address, result.sequence);
      for (let t = result.start; t < result.end; t++)
        for (const u of query.units) expect(x[t * 12 + u]).toBeGreaterThanOrEqual(0);
      expect(result.text).toBe(session.tokens(result.sequence).slice(result.start, result.end).join(''));
    }
    for (let k = 1; k < results.length; k++) expect(results[k - 1].score).toBeGreaterThanOrEqual(results[k].score);
  });

  it("units: a regex's units ranked by |r|, each with an example; a catastrophic regex is refused at once", async () => {
    const summary = await open(lm);
    const found = await ask('evaluate-units', {
      sessionId: summary.sessionId,
      pattern: { kind: 'regex', source: '"[^"]*"', ignoreCase: false },
      address: null,
    });
    expect(found.results.length).toBe(48);
    expect(Math.abs(found.results[0].correlation)).toBeGreaterThan(0);
    expect(found.results[0].example.text.length).toBeGreaterThan(0);
    const started = performance.now();
    await expect(
      ask('evaluate-units', {
        sessionId: summary.sessionId,
        pattern: { kind: 'regex', source: '(a+)+$', ignoreCase: false },
        address: null,
      }),
    ).rejects.toThrow(/backtracks/);
    expect(performance.now() - started).toBeLessThan(5000);
    await expect(
      ask('evaluate-units', {
        sessionId: summary.sessionId,
        pattern: { kind: 'regex', source: '(', ignoreCase: false },
        address: null,
      }),
    ).rejects.toThrow(/not a regular expression/);
    const catalogue = await ask('evaluate-catalogue', {
      sessionId: summary.sessionId,
      address: { layer: 0, direction: 'forward', signal: 'c' },
    });
    expect(catalogue.entries.length).toBe(12);
    for (const entry of catalogue.entries) {
      expect(entry.top.length).toBeLessThanOrEqual(5);
      expect(new Set(entry.top.map((s) => s.sequence)).size).toBe(entry.top.length);
      expect(entry.max).toBeGreaterThanOrEqual(entry.mean);
    }
  });

  it('spills to disk past the memory budget, reads the same states back, and closing deletes the files', async () => {
    const predictor = await predictorFor(lm);
    const cacheDir = join(root, 'spill');
    const progress: unknown[] = [];
    const options = { progress: (p: unknown) => progress.push(p), throwIfCancelled: () => {} };
    const inMemory = await openEvaluation(lm, predictor, { kind: 'validation' }, cacheDir, options);
    const spilled = await openEvaluation(lm, predictor, { kind: 'validation' }, cacheDir, {
      ...options,
      cache: { memoryBudgetBytes: 4096, sliceBytes: 4096 },
    });
    expect(spilled.states.diskBytes).toBeGreaterThan(0);
    expect(readdirSync(join(cacheDir, spilled.id)).length).toBeGreaterThan(0);
    const address: StateAddress = { layer: 1, direction: 'forward', signal: 'c' };
    for (let s = 0; s < inMemory.states.sequences; s++)
      expect(Array.from(spilled.states.read(address, s))).toEqual(Array.from(inMemory.states.read(address, s)));
    await spilled.states.dispose();
    await inMemory.states.dispose();
    expect(existsSync(join(cacheDir, spilled.id))).toBe(false);
    const summary = await open(lm, cacheDir);
    expect((await ask('evaluate-close', { sessionId: summary.sessionId })).closed).toBe(true);
    expect((await ask('evaluate-close', { sessionId: summary.sessionId })).closed).toBe(false);
    await expect(ask('evaluate-sequence', { sessionId: summary.sessionId, sequence: 0 })).rejects.toThrow(/closed/);
  });
});
