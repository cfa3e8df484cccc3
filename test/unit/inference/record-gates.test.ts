/**
 * The inference worker's `record-gates` handler on real (tiny) trained runs: the recorded i, f, g, o, c, h
 * are exactly what `model.forward(batch, { record: true })` gives for the same input; a classifier's
 * per-step class probability ends at exactly the model's answer; validation samples come from the run's
 * own split (found again by search); a forecaster's predictions are in the data's units; and every
 * array is handed over for transfer.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CELLS } from '../../../src/protocol/cell-signals';
import { signalOf, type GateRecording } from '../../../src/protocol/gate-recording';
import type { InferenceRequest } from '../../../src/protocol/inference-messages';
import { classProbabilities, singleStackOf } from '../../../src/inference/predictor';
import { classify } from '../../../src/tasks/classification/classify';
import { loadPredictor } from '../../../src/worker/inference/load-predictor';
import { TrainingControl } from '../../../src/train/control';
import type { TrainingConfig } from '../../../src/train/config';
import { prepareForTraining } from '../../../src/train/setup';
import { runTraining } from '../../../src/train/trainer';
import { handlerFor } from '../../../src/worker/inference/handlers';
import '../../../src/worker/inference/record-gates';
import '../../../src/worker/inference/load';

const root = mkdtempSync(join(tmpdir(), 'lstm-gates-test-'));
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

async function record(
  checkpointPath: string,
  input: Extract<InferenceRequest, { kind: 'record-gates' }>['input'],
): Promise<{ recording: GateRecording; transfer: ArrayBuffer[] }> {
  const context = { partial: () => {}, transfer: [] as ArrayBuffer[], throwIfCancelled: () => {} };
  const recording = (await handlerFor('record-gates')!(
    { kind: 'record-gates', checkpointPath, input },
    context,
  )) as GateRecording;
  return { recording, transfer: context.transfer };
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

describe('record-gates', () => {
  it('records exactly what model.forward(batch, { record: true }) records, for a typed text', async () => {
    const text = 'the fox saw\nthe grapes';
    const { recording, transfer } = await record(lm, { type: 'text', text });
    const predictor = await loadPredictor(lm);
    const batch = predictor.encoder.encode(text);
    if (!batch.ok) throw new Error(batch.error.message);
    const expected = singleStackOf(predictor).forward(batch.value, { record: true }).recording!;
    expect(recording.layers).toBe(2);
    expect(recording.steps).toBe(text.length);
    expect(recording.units).toBe(12);
    expect(recording.tokens.join('')).toBe(text);
    expect([recording.cell, recording.bidirectional, recording.projSize]).toEqual(['lstm', false, 0]);
    expect(recording.gates.map((l) => `${l.layer} ${l.direction}`)).toEqual(['0 forward', '1 forward']);
    for (let l = 0; l < 2; l++) {
      expect(recording.gates[l].signals.map((s) => s.name)).toEqual(CELLS.lstm.signals.map((s) => s.name));
      for (const { name, values, width } of recording.gates[l].signals) {
        expect(width).toBe(12);
        expect(Array.from(values)).toEqual(Array.from(expected[l][name as keyof (typeof expected)[number]]));
      }
    }
    // Every map and output array is handed over for transfer.
    expect(transfer.length).toBe(2 * 6);
    for (const layer of recording.gates) for (const s of layer.signals) expect(transfer).toContain(s.values.buffer);
    // Language model: the top-5 next characters per step, and what actually came next.
    const out = recording.outputs;
    if (out.kind !== 'next-token') throw new Error('expected language-model outputs');
    expect(out.top[0]).toHaveLength(5);
    expect(out.actual[0]).toBe('h');
    expect(out.actual[text.length - 1]).toBeNull();
    const sum = out.top[3].reduce((s, e) => s + e.probability, 0);
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('gives a classifier’s running class probability, ending at exactly the model’s answer', async () => {
    const text = 'the film was really great';
    const { recording, transfer } = await record(classifier, { type: 'text', text });
    const out = recording.outputs;
    if (out.kind !== 'class-probabilities') throw new Error('expected classification outputs');
    const predictor = await loadPredictor(classifier);
    const answer = classify(predictor, text);
    const C = out.classes.length;
    expect(out.classes).toEqual(answer.probabilities.map((p) => p.label));
    const last = Array.from(out.probabilities.subarray((recording.steps - 1) * C));
    answer.probabilities.forEach((p, c) => expect(last[c]).toBeCloseTo(p.probability, 6));
    // Each step: the head on that step's top-layer h.
    const h = signalOf(recording.gates[0], 'h')!.values;
    const H = recording.units;
    const logits = new Float32Array(predictor.model.config.outputSize);
    singleStackOf(predictor).head.forward(1, h.subarray(2 * H, 3 * H), 0, logits);
    classProbabilities(logits, predictor.model.config.outputSize).forEach((p, c) =>
      expect(out.probabilities[2 * C + c]).toBeCloseTo(p, 6),
    );
    expect(recording.tokens).toEqual(['the', 'film', 'was', 'really', 'great']);
    expect(transfer).toContain(out.probabilities.buffer);
  });

  it('walks the run’s validation split and finds samples by text', async () => {
    const first = (await record(classifier, { type: 'validation-sample', index: 0 })).recording;
    expect(first.source.kind).toBe('validation-sample');
    expect(first.source.fromValidationSplit).toBe(true);
    expect(first.source.total).toBe(16); // 10 % of 160, stratified
    expect(first.source.label).toMatch(/^validation sample 1 of 16 · reviews\.csv$/);
    const out = first.outputs;
    expect(out.kind === 'class-probabilities' && (out.label === 'pos' || out.label === 'neg')).toBe(true);
    const wrapped = (await record(classifier, { type: 'validation-sample', index: -1 })).recording;
    expect(wrapped.source.index).toBe(15);
    const found = (await record(classifier, { type: 'validation-sample', index: 0, search: 'awful' })).recording;
    expect(found.tokens).toContain('awful');
    await expect(record(classifier, { type: 'validation-sample', index: 0, search: 'zebra' })).rejects.toThrow(
      /no sample of reviews\.csv contains/,
    );
    // A language model's sample: a window of the held-out text, with the next character known at the end.
    const window = (await record(lm, { type: 'validation-sample', index: 1 })).recording;
    expect(window.steps).toBeGreaterThan(1);
    expect(window.steps).toBeLessThanOrEqual(32);
    if (window.outputs.kind !== 'next-token') throw new Error('expected language-model outputs');
    expect(window.outputs.actual[window.steps - 1]).not.toBeNull();
  });

  it('predicts a series’ next value after every step, in the data’s units, against the actual one', async () => {
    const { recording } = await record(forecaster, { type: 'validation-sample', index: 2 });
    const out = recording.outputs;
    if (out.kind !== 'forecast') throw new Error('expected forecasting outputs');
    expect(recording.steps).toBe(12);
    expect(out.targets).toEqual(['load']);
    for (let t = 0; t < recording.steps; t++) {
      expect(out.actual[t]).toBeGreaterThan(70);
      expect(out.actual[t]).toBeLessThan(130);
      expect(Number.isFinite(out.predicted[t])).toBe(true);
    }
    // The actual value after step t is the input row t + 1.
    expect(recording.tokens[1]).toBe(String(Number(out.actual[0].toPrecision(5))));
    expect(recording.tokenDetails![1]).toBe(`load ${recording.tokens[1]}`);
    // Typed rows work too, one per line.
    const typed = (await record(forecaster, { type: 'text', text: '100\n104\n108\n111' })).recording;
    expect(typed.steps).toBe(4);
    expect(typed.tokens).toEqual(['100', '104', '108', '111']);
  });

  it('says what is wrong with an input', async () => {
    await expect(record(forecaster, { type: 'text', text: '1, x' })).rejects.toThrow(/'x' is not a number/);
    await expect(record(lm, { type: 'text', text: '' })).rejects.toThrow(/empty/);
  });
});
