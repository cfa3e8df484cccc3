/**
 * The Gates panel's view of an encoder–decoder, on a hand-made recording: the encoder's maps are a
 * recording of their own (source steps and tokens, the encoder's layers, the attention each source token
 * received as their band), the attention map reads one row per output step, the hover of an encoder cell
 * names the source token and the attention it received, pointing at an output step tints the source
 * tokens it read, and the pair's arrays survive postMessage and go into the transfer list.
 */

import { describe, expect, it } from 'vitest';
import { recordingBuffers, type GateRecording } from '../../../src/protocol/gate-recording';
import { hoverText } from '../../../webview/gates/hover-text';
import {
  attentionReceived,
  attentionRowOf,
  attentionRows,
  encoderRecordingOf,
  isPairRecording,
} from '../../../webview/gates/pair-recording';
import { reviveRecording, scalesFor, ordersFor } from '../../../webview/gates/recording-data';
import { DEFAULT_SETTINGS } from '../../../webview/gates/view-settings';
import { makeRecording } from './gate-recordings';

const SOURCE = ['3', ' ', 'm', 'a', 'r', 's'];

/** A decoder of 2 layers over 4 output steps (`2`, `0`, `3`, `<eos>`) and an encoder over 6 source tokens. */
function pairRecording(): GateRecording & { pair: NonNullable<GateRecording['pair']> } {
  const decoder = makeRecording({ steps: 4, units: 3, layers: 2 });
  const encoder = makeRecording({ steps: SOURCE.length, units: 3, layers: 2 });
  const Ts = SOURCE.length;
  const attention = new Float32Array(4 * Ts);
  // Output step t attends to source step t + 2 (0.7) and to step 0 (0.3).
  for (let t = 0; t < 4; t++) {
    attention[t * Ts + Math.min(Ts - 1, t + 2)] += 0.7;
    attention[t * Ts] += 0.3;
  }
  return {
    ...decoder,
    task: 'seq2seq',
    tokens: ['2', '0', '3', '<eos>'],
    pair: {
      sourceSteps: Ts,
      sourceTokens: SOURCE,
      encoder: encoder.gates,
      attention,
      attentionKind: 'general',
      output: '203',
      finished: true,
      reference: '2003',
    },
  };
}

describe('an encoder–decoder in the Gates panel', () => {
  it('shows the encoder as a recording over the source tokens', () => {
    const recording = pairRecording();
    const encoder = encoderRecordingOf(recording);
    expect(encoder.steps).toBe(6);
    expect(encoder.tokens).toEqual(SOURCE);
    expect(encoder.gates).toBe(recording.pair.encoder);
    expect(encoder.outputs.kind).toBe('attention-received');
    // Its maps are built like any recording's: scales and orders per encoder layer.
    expect(scalesFor(encoder, { background: '#000', positive: '#00f', negative: '#f80' })).toHaveLength(2);
    expect(ordersFor(encoder, DEFAULT_SETTINGS).orders[1].h).toEqual(Int32Array.of(0, 1, 2));
    expect(isPairRecording(recording)).toBe(true);
    expect(isPairRecording(makeRecording({ steps: 3, units: 2 }))).toBe(false);
  });

  it('averages the attention each source token received over the output steps', () => {
    const received = attentionReceived(pairRecording());
    expect(Array.from(received, (x) => Number(x.toFixed(4)))).toEqual([0.3, 0, 0.175, 0.175, 0.175, 0.175]);
    expect(received.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('reads the attention as one row per output step', () => {
    const recording = pairRecording();
    const rows = attentionRows(recording);
    expect(rows).toHaveLength(4);
    expect(rows[1].map((x) => Number(x.toFixed(4)))).toEqual([0.3, 0, 0, 0.7, 0, 0]);
    expect(Array.from(attentionRowOf(recording, 3)!, (x) => Number(x.toFixed(4)))).toEqual([0.3, 0, 0, 0, 0, 0.7]);
    expect(attentionRowOf(recording, 4)).toBeNull();
    expect(attentionRowOf(recording, -1)).toBeNull();
    const none = { ...recording, pair: { ...recording.pair, attention: null } };
    expect(attentionRows(none)).toEqual([]);
  });

  it('names the source token and the attention it received when an encoder cell is hovered', () => {
    const encoder = encoderRecordingOf(pairRecording());
    const text = hoverText(encoder, { kind: 'cell', layer: 1, signal: 'h', unit: 2, row: 2, step: 4 });
    expect(text.title).toContain('step 4');
    expect(text.title).toContain('r');
    expect(text.lines.at(-1)).toEqual({ label: 'attention received (mean over outputs)', value: '17.5 %' });
    expect(text.cell).toMatchObject({ layer: 1, signal: 'h', unit: 2, step: 4 });
  });

  it('keeps the pair’s arrays through postMessage and hands them over for transfer', () => {
    const recording = pairRecording();
    const buffers = recordingBuffers(recording);
    expect(buffers).toContain(recording.pair.attention!.buffer);
    for (const layer of recording.pair.encoder)
      for (const signal of layer.signals) expect(buffers).toContain(signal.values.buffer);
    // A structured clone keeps typed arrays; an older host's plain objects are revived too.
    const plain = JSON.parse(JSON.stringify(recording)) as GateRecording;
    const revived = reviveRecording(plain);
    expect(revived.pair!.attention).toBeInstanceOf(Float32Array);
    expect(Array.from(revived.pair!.attention!)).toEqual(Array.from(recording.pair.attention!));
    expect(revived.pair!.encoder[1].signals[5].values).toEqual(recording.pair.encoder[1].signals[5].values);
  });
});
