/**
 * `evaluate-ablate` and `evaluate-project` through the worker's handlers, on sessions opened by
 * `evaluate-open` on real (tiny) trained runs: a bidirectional word classifier and a two-layer character
 * language model. With every unit of the classifier's top h held at 0 the head reads only its bias, so the
 * answers are known without the engine; the language model's ablation lists the sequences whose loss moved
 * most against the session's own per-sequence losses; projections carry the session's labels and the
 * character classes of the text.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { singleStackOf } from '../../../src/inference/predictor';
import { characterClass } from '../../../src/inference/projection-points';
import type {
  InferenceAnswer,
  InferenceKind,
  InferencePartial,
  InferenceRequestOf,
} from '../../../src/protocol/inference-messages';
import { TrainingControl } from '../../../src/train/control';
import type { TrainingConfig } from '../../../src/train/config';
import { prepareForTraining } from '../../../src/train/setup';
import { runTraining } from '../../../src/train/trainer';
import { requireSession } from '../../../src/worker/inference/evaluation-sessions';
import { handlerFor } from '../../../src/worker/inference/handlers';
import '../../../src/worker/inference/register-all';

const root = mkdtempSync(join(tmpdir(), 'lstm-evaluate-engine-test-'));
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
  const context = { partial: (p: InferencePartial<K>) => partials.push(p), transfer: [], throwIfCancelled: () => {} };
  return handler({ kind, ...request } as InferenceRequestOf<K>, context);
}

const words = ['good', 'great', 'fine', 'bad', 'awful', 'poor', 'the', 'film', 'was', 'very', 'not', 'really'];
function reviews(): string {
  const lines = ['text,label'];
  let seed = 3;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 200; i++) {
    const label = ['pos', 'neg', 'mixed'][i % 3];
    const body = Array.from({ length: 4 + Math.floor(next() * 6) }, () => words[6 + Math.floor(next() * 6)]);
    body.splice(Math.floor(next() * body.length), 0, words[(i % 3) * 2 + Math.floor(next() * 2)]);
    lines.push(`${body.join(' ')},${label}`);
  }
  return lines.join('\n') + '\n';
}

const fable =
  'The fox saw the grapes hanging high on the vine. "They are sour," said the fox, and went 3 miles.\n'.repeat(14);

let classifier = '';
let lm = '';
beforeAll(async () => {
  classifier = await trainRun('reviews.csv', reviews(), {
    batchSize: 16,
    seqLen: 12,
    hiddenSize: 8,
    numLayers: 2,
    embeddingDim: 8,
    bidirectional: true,
  });
  lm = await trainRun('fable.txt', fable, {
    maxSteps: 3,
    batchSize: 8,
    seqLen: 32,
    hiddenSize: 12,
    numLayers: 2,
    embeddingDim: 8,
  });
}, 300_000);

async function open(checkpointPath: string) {
  return ask('evaluate-open', { checkpointPath, data: { kind: 'validation' }, cacheDir: join(root, 'cache') });
}

describe('evaluate-ablate on real sessions', () => {
  it('a classifier with its whole top layer at 0 (both directions) answers argmax(bias) everywhere', async () => {
    const summary = await open(classifier);
    const session = requireSession(summary.sessionId);
    const model = singleStackOf(session.predictor);
    const top = summary.layers.filter((l) => l.layer === 1 && l.signal === 'h');
    expect(top.map((l) => l.direction)).toEqual(['forward', 'backward']);
    const units = Array.from({ length: 8 }, (_, u) => u);
    // Hold the forward direction at 0 inside the backward one's ablation: both at 0, the head reads its bias.
    const { withAblation, stateClamp } = await import('../../../src/inference/ablation');
    const forwardTop = { layer: 1, direction: 'forward', signal: 'h' } as const;
    const backwardTop = { layer: 1, direction: 'backward', signal: 'h' } as const;
    const partials: InferencePartial<'evaluate-ablate'>[] = [];
    const result = await withAblation(
      model,
      forwardTop,
      stateClamp(model, forwardTop, units, new Float64Array(8)),
      () =>
        ask(
          'evaluate-ablate',
          { sessionId: summary.sessionId, query: { address: backwardTop, units, mode: 'zero' } },
          partials,
        ),
    );
    const bias = Array.from(model.head.bias.value);
    const best = bias.indexOf(Math.max(...bias));
    const labels = summary.labels!;
    const expectedAccuracy =
      Array.from(session.actual).filter((actual) => actual === best).length / session.actual.length;
    expect(result.after.accuracy).toBeCloseTo(expectedAccuracy, 12);
    expect(result.before).toEqual(summary.metrics);
    const changed = Array.from(session.predicted)
      .map((p, s) => [p, s])
      .filter(([p]) => p !== best)
      .map(([, s]) => s);
    expect(result.changedCount).toBe(changed.length);
    for (const row of result.changed) {
      expect(row.after).toBe(labels[best]);
      expect(row.before).toBe(labels[session.predicted[row.sequence]]);
      expect(row.text.split(' ').length).toBeGreaterThan(3);
    }
    expect(partials.at(-1)).toEqual({ stage: 'ablating', done: summary.sequences, total: summary.sequences });
  }, 120_000);

  it('a language model: mean-clamped c units move the loss; the rows are the largest moves, from the session’s losses', async () => {
    const summary = await open(lm);
    const session = requireSession(summary.sessionId);
    const address = { layer: 0, direction: 'forward', signal: 'c' } as const;
    const result = await ask('evaluate-ablate', {
      sessionId: summary.sessionId,
      query: { address, units: [0, 1, 2, 3, 4, 5], mode: 'mean' },
    });
    expect(result.after.loss).not.toBeCloseTo(result.before.loss, 6);
    expect(result.changedCount).toBeGreaterThan(0);
    const moves = result.changed.map((row) => Math.abs(row.lossAfter - row.lossBefore));
    expect(moves).toEqual([...moves].sort((a, b) => b - a));
    for (const row of result.changed) expect(row.lossBefore).toBe(session.sequenceLoss[row.sequence]);
    // Other tasks than classifiers write the losses out as the before/after of a row.
    expect(result.changed[0].before).toBe(result.changed[0].lossBefore.toPrecision(4));
    await expect(
      ask('evaluate-ablate', { sessionId: summary.sessionId, query: { address, units: [12], mode: 'zero' } }),
    ).rejects.toThrow(/unit 12 does not exist: c of layer 1 has units 0…11/);
  }, 120_000);
});

describe('evaluate-project on real sessions', () => {
  it('PCA of the last states carries the session’s labels; every step carries the text’s character classes', async () => {
    const summary = await open(classifier);
    const session = requireSession(summary.sessionId);
    const last = await ask('evaluate-project', {
      sessionId: summary.sessionId,
      query: { address: { layer: 1, direction: 'backward', signal: 'h' }, steps: 'last', method: 'pca' },
    });
    expect(last.sequence.length).toBe(summary.sequences);
    expect(Array.from(last.label!)).toEqual(Array.from(last.sequence, (s) => session.actual[s]));
    expect(Array.from(last.predicted!)).toEqual(Array.from(last.sequence, (s) => session.predicted[s]));
    expect(Array.from(last.step)).toEqual(Array(summary.sequences).fill(0));
    expect(last.explained![0]).toBeGreaterThanOrEqual(last.explained![1]);
    expect(last.explained![0] + last.explained![1]).toBeLessThanOrEqual(1 + 1e-9);

    const lmSummary = await open(lm);
    const lmSession = requireSession(lmSummary.sessionId);
    const every = await ask('evaluate-project', {
      sessionId: lmSummary.sessionId,
      query: { address: { layer: 1, direction: 'forward', signal: 'h' }, steps: 'every', method: 'pca' },
    });
    expect(every.sampledFrom).toBe(lmSummary.steps);
    expect(every.characterClass).toBeDefined();
    for (let k = 0; k < every.sequence.length; k += 7)
      expect(every.characterClass![k]).toBe(characterClass(lmSession.tokens(every.sequence[k])[every.step[k]]));
    expect(new Set(every.characterClass)).toContain(1); // the digit of "3 miles"
    expect(every.points.every(Number.isFinite)).toBe(true);
  }, 120_000);
});
