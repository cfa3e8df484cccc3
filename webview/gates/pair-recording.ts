/**
 * An encoder–decoder's recording as the panel shows it: the decoder's maps are the recording itself
 * (output steps), the encoder's are a recording of their own derived here (source steps, with the
 * attention each source token received as its output band), and the attention map reads the
 * `[output step, source step]` weights as rows. Pure (no DOM), so the unit tests check it.
 */

import type { GateRecording, PairGateRecording } from '../../src/protocol/gate-recording';
import * as l10n from '../shared/l10n';

/** The encoder's half as a recording the maps view draws like any other (x axis: the source tokens). */
export function encoderRecordingOf(recording: GateRecording & { pair: PairGateRecording }): GateRecording {
  const { pair } = recording;
  return {
    ...recording,
    steps: pair.sourceSteps,
    tokens: pair.sourceTokens,
    tokenDetails: undefined,
    gates: pair.encoder,
    outputs: { kind: 'attention-received', received: attentionReceived(recording) },
  };
}

/** `[Ts]`: each source step's attention averaged over the output steps (zeros without attention). */
export function attentionReceived(recording: GateRecording & { pair: PairGateRecording }): Float32Array {
  const { attention, sourceSteps: Ts } = recording.pair;
  const T = recording.steps;
  const received = new Float32Array(Ts);
  if (!attention || T === 0) return received;
  for (let t = 0; t < T; t++) for (let s = 0; s < Ts; s++) received[s] += attention[t * Ts + s] / T;
  return received;
}

/** Output step t's attention over the source `[Ts]` (a view), or null without attention or past the steps. */
export function attentionRowOf(recording: GateRecording, step: number): Float32Array | null {
  const pair = recording.pair;
  if (!pair?.attention || step < 0 || step >= recording.steps) return null;
  return pair.attention.subarray(step * pair.sourceSteps, (step + 1) * pair.sourceSteps);
}

/** The weights as the attention map's rows (`[output step][source step]`); empty without attention. */
export function attentionRows(recording: GateRecording): number[][] {
  const rows: number[][] = [];
  for (let t = 0; t < recording.steps; t++) {
    const row = attentionRowOf(recording, t);
    if (!row) return [];
    rows.push(Array.from(row));
  }
  return rows;
}

/** Whether a recording is an encoder–decoder's. */
export function isPairRecording(
  recording: GateRecording | null,
): recording is GateRecording & { pair: PairGateRecording } {
  return recording?.pair !== undefined;
}

/** The recording's typed arrays of the pair part, rebuilt after postMessage (see reviveRecording). */
export function revivePair(pair: PairGateRecording, revive: (x: unknown) => Float32Array): PairGateRecording {
  return {
    ...pair,
    encoder: pair.encoder.map((layer) => ({
      ...layer,
      signals: layer.signals.map((signal) => ({
        ...signal,
        label: l10n.t(signal.label),
        values: revive(signal.values),
      })),
    })),
    attention: pair.attention ? revive(pair.attention) : null,
  };
}
