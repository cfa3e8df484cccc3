/**
 * `evaluate-ablate` on a hand-built session around a real small classifier (evaluation-session-double.ts).
 * The strongest check is one that needs no engine to believe: with every unit of the top layer's h held
 * at 0 the head sees only its bias, so every prediction is argmax(bias) and every loss −log softmax(bias)[y].
 */

import { describe, expect, it } from 'vitest';
import type { Batch } from '../../../src/engine';
import { stateClamp, withAblation } from '../../../src/inference/ablation';
import type { AblationQuery, EvaluationProgress } from '../../../src/protocol/evaluate-view';
import { ablate } from '../../../src/worker/inference/evaluate-ablate';
import { LABELS, classifierSession } from './evaluation-session-double';

function recorder() {
  const partials: EvaluationProgress[] = [];
  return { partials, context: { partial: (p: EvaluationProgress) => partials.push(p), throwIfCancelled: () => {} } };
}

describe('evaluate-ablate', () => {
  it('with the whole top layer held at 0, every prediction is the head bias argmax and every loss −log softmax(bias)[y]', () => {
    const { session, model, sequences } = classifierSession();
    const bias = Array.from(model.head.bias.value);
    // Make the bias decide clearly, so the answer does not hang on rounding.
    model.head.bias.value.set([0.3, -0.2, 1.1]);
    bias.splice(0, 3, 0.3, -0.2, 1.1);
    const { partials, context } = recorder();
    const query: AblationQuery = {
      address: { layer: 1, direction: 'forward', signal: 'h' },
      units: Array.from({ length: 8 }, (_, u) => u),
      mode: 'zero',
    };
    const result = ablate(session, query, context);
    const max = Math.max(...bias);
    const logSum = Math.log(bias.reduce((s, b) => s + Math.exp(b - max), 0)) + max;
    const expectedLoss = (y: number) => logSum - bias[y];
    const argmax = bias.indexOf(max); // 2: 'pos'
    const accuracy = sequences.filter((s) => s.label === argmax).length / sequences.length;
    expect(result.after.accuracy).toBeCloseTo(accuracy, 12);
    expect(result.after.loss).toBeCloseTo(
      sequences.reduce((sum, s) => sum + expectedLoss(s.label), 0) / sequences.length,
      5,
    );
    expect(result.before).toBe(session.summary.metrics);
    // Changed: exactly the sequences not already predicted 'pos', each now 'pos', with its loss.
    const changed = sequences.map((_, s) => s).filter((s) => session.predicted[s] !== argmax);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThan(sequences.length);
    expect(result.changedCount).toBe(changed.length);
    expect(result.changed.map((row) => row.sequence).sort((a, b) => a - b)).toEqual(changed);
    for (const row of result.changed) {
      expect(row.after).toBe(LABELS[argmax]);
      expect(row.before).toBe(LABELS[session.predicted[row.sequence]]);
      expect(row.lossAfter).toBeCloseTo(expectedLoss(sequences[row.sequence].label), 5);
      expect(row.lossBefore).toBe(session.sequenceLoss[row.sequence]);
      expect(row.text).toBe(session.tokens(row.sequence).join(''));
    }
    // Most hurt first.
    const deltas = result.changed.map((row) => row.lossAfter - row.lossBefore);
    expect(deltas).toEqual([...deltas].sort((a, b) => b - a));
    // Progress: from 0 to every sequence, one partial per batch.
    expect(partials[0]).toEqual({ stage: 'ablating', done: 0, total: sequences.length });
    expect(partials.at(-1)).toEqual({ stage: 'ablating', done: sequences.length, total: sequences.length });
    expect(result.ms).toBeGreaterThanOrEqual(0);
  });

  it('mean mode clamps to the cached unit means; each changed loss is that sequence run alone with the clamp', () => {
    const { session, model, batches, sequences } = classifierSession();
    const address = { layer: 0, direction: 'forward', signal: 'c' } as const;
    const units = [0, 3, 5];
    const result = ablate(session, { address, units, mode: 'mean' }, recorder().context);
    const means = session.states.unitMeans(address);
    const clamp = stateClamp(
      model,
      address,
      units,
      units.map((u) => means[u]),
    );
    // Each sequence alone (a batch of one), with the clamp: its loss and prediction.
    const alone = sequences.map((s) => {
      const batch: Batch = {
        batchSize: 1,
        steps: s.ids.length,
        tokens: Int32Array.from(s.ids),
        lengths: Int32Array.of(s.ids.length),
        targets: Int32Array.of(s.label),
      };
      const { loss, output } = withAblation(model, address, clamp, () => model.forward(batch));
      return { loss, predicted: output.indexOf(Math.max(...output)) };
    });
    const changed = alone.map((_, s) => s).filter((s) => alone[s].predicted !== session.predicted[s]);
    expect(changed.length).toBeGreaterThan(0);
    expect(result.changedCount).toBe(changed.length);
    expect(result.changed.map((row) => row.sequence).sort((a, b) => a - b)).toEqual(changed);
    for (const row of result.changed) expect(row.lossAfter).toBeCloseTo(alone[row.sequence].loss, 5);
    const correct = alone.filter((a, s) => a.predicted === sequences[s].label).length;
    expect(result.after.accuracy).toBeCloseTo(correct / sequences.length, 12);
    expect(result.after.loss).toBeCloseTo(alone.reduce((sum, a) => sum + a.loss, 0) / sequences.length, 5);
    // The ablation changed the model's answers (else this test would prove nothing) …
    expect(Math.abs(result.after.loss - result.before.loss)).toBeGreaterThan(1e-4);
    // … and the clamp is off afterwards: the plain pass gives the session's numbers again.
    const plain = model.forward(batches[0]);
    expect(plain.loss).toBeCloseTo(Array.from(session.sequenceLoss.subarray(0, 4)).reduce((a, b) => a + b, 0) / 4, 5);
  });

  it('ablates a GRU and the backward direction of a bidirectional LSTM', () => {
    for (const overrides of [{ cell: 'gru' as const }, { bidirectional: true }]) {
      const { session } = classifierSession(overrides);
      const direction = overrides.bidirectional ? 'backward' : 'forward';
      const result = ablate(
        session,
        { address: { layer: 0, direction, signal: 'h' }, units: [1, 2, 6], mode: 'zero' },
        recorder().context,
      );
      expect(Math.abs(result.after.loss - result.before.loss)).toBeGreaterThan(1e-5);
    }
  });

  it('refuses units past the width, an unknown layer and c of a GRU in one line, and stops when cancelled', () => {
    const { session, model, batches } = classifierSession();
    const { context } = recorder();
    const h0 = { layer: 0, direction: 'forward', signal: 'h' } as const;
    expect(() => ablate(session, { address: h0, units: [8], mode: 'zero' }, context)).toThrow(
      /^unit 8 does not exist: h of layer 1 has units 0…7$/,
    );
    expect(() => ablate(session, { address: h0, units: [9], mode: 'mean' }, context)).toThrow(/unit 9 does not exist/);
    expect(() => ablate(session, { address: { ...h0, layer: 3 }, units: [0], mode: 'zero' }, context)).toThrow(
      /layer 4 does not exist/,
    );
    const gru = classifierSession({ cell: 'gru' }).session;
    expect(() => ablate(gru, { address: { ...h0, signal: 'c' }, units: [0], mode: 'zero' }, context)).toThrow(
      /GRU has no cell state/,
    );
    let calls = 0;
    const cancelling = {
      partial: () => {},
      throwIfCancelled: () => {
        if (++calls === 2) throw new Error('the request was cancelled');
      },
    };
    expect(() => ablate(session, { address: h0, units: [0], mode: 'zero' }, cancelling)).toThrow(/cancelled/);
    expect(calls).toBe(2);
    // The cancelled ablation left no clamp behind.
    expect(model.forward(batches[0]).loss).toBeCloseTo(
      Array.from(session.sequenceLoss.subarray(0, 4)).reduce((a, b) => a + b, 0) / 4,
      5,
    );
  });
});
