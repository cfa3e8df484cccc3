/**
 * The producer's conversion from engine recordings (`{ name: [1, T, width] }` per layer, or a
 * `{ forward, backward }` pair) to the protocol's self-describing layers, on hand-made arrays: an LSTM's
 * i, f, g, o, c, h; a GRU's r, z, n, h; a bidirectional pair; a projected LSTM's P-wide h; and what the
 * head reads at every step.
 */

import { describe, expect, it } from 'vitest';
import {
  recordedLayer,
  recordedLayers,
  topLayerOutput,
  type CellRecording,
} from '../../../src/inference/recorded-layers';

/** `{ name: [T·width] }` with value 100·signal + 10·t + j (+ offset), signal numbered from 1. */
function arrays(names: string[], T: number, widths: Record<string, number>, offset = 0): CellRecording {
  return Object.fromEntries(
    names.map((name, k) => [
      name,
      Float64Array.from(
        { length: T * widths[name] },
        (_, i) => 100 * (k + 1) + 10 * Math.floor(i / widths[name]) + (i % widths[name]) + offset,
      ),
    ]),
  );
}

describe('recorded layers', () => {
  it('converts an LSTM layer: six float32 [T, H] signals, in the cell order, labelled', () => {
    const H = 3;
    const lstm = arrays(['h', 'c', 'o', 'g', 'f', 'i'], 2, { i: H, f: H, g: H, o: H, c: H, h: H });
    const layer = recordedLayer(0, 'forward', lstm, { cell: 'lstm', hiddenSize: H, projSize: 0 }, 2);
    expect(layer.signals.map((s) => [s.name, s.label, s.range, s.width])).toEqual([
      ['i', 'input gate', 'unit', 3],
      ['f', 'forget gate', 'unit', 3],
      ['g', 'cell input', 'signed', 3],
      ['o', 'output gate', 'unit', 3],
      ['c', 'cell state', 'unbounded', 3],
      ['h', 'hidden state', 'signed', 3],
    ]);
    const i = layer.signals[0].values;
    expect(i).toBeInstanceOf(Float32Array);
    expect(Array.from(i)).toEqual(Array.from(lstm.i, Math.fround));
  });

  it('converts a GRU layer: r, z, n, h', () => {
    const H = 2;
    const gru = arrays(['r', 'z', 'n', 'h'], 3, { r: H, z: H, n: H, h: H });
    const [layer] = recordedLayers([gru], { cell: 'gru', hiddenSize: H, projSize: 0 }, 3);
    expect(layer).toMatchObject({ layer: 0, direction: 'forward' });
    expect(layer.signals.map((s) => `${s.name} ${s.label} ${s.range}`)).toEqual([
      'r reset gate unit',
      'z update gate unit',
      'n candidate signed',
      'h hidden state signed',
    ]);
    // Unit 1 of n at step 2.
    expect(layer.signals[2].values[2 * H + 1]).toBe(300 + 20 + 1);
  });

  it('splits a bidirectional layer into forward and backward entries, layer-major', () => {
    const H = 2;
    const widths = { r: H, z: H, n: H, h: H };
    const names = ['r', 'z', 'n', 'h'];
    const layers = recordedLayers(
      [
        { forward: arrays(names, 2, widths), backward: arrays(names, 2, widths, 0.5) },
        { forward: arrays(names, 2, widths, 1000), backward: arrays(names, 2, widths, 1000.5) },
      ],
      { cell: 'gru', hiddenSize: H, projSize: 0 },
      2,
    );
    expect(layers.map((l) => `${l.layer} ${l.direction}`)).toEqual([
      '0 forward',
      '0 backward',
      '1 forward',
      '1 backward',
    ]);
    expect(layers[1].signals[3].values[0]).toBe(400.5);
    // The head reads the top layer's h forward ‖ backward at every step: [T, 2H].
    const top = topLayerOutput(layers, 2);
    expect(Array.from(top)).toEqual([1400, 1401, 1400.5, 1401.5, 1410, 1411, 1410.5, 1411.5]);
  });

  it('gives a projected LSTM’s h its P width and no fixed range', () => {
    const H = 4;
    const P = 2;
    const lstm = arrays(['i', 'f', 'g', 'o', 'c', 'h'], 2, { i: H, f: H, g: H, o: H, c: H, h: P });
    const [layer] = recordedLayers([lstm], { cell: 'lstm', hiddenSize: H, projSize: P }, 2);
    const h = layer.signals[5];
    expect([h.name, h.label, h.range, h.width, h.values.length]).toEqual([
      'h',
      'projected hidden state',
      'unbounded',
      2,
      4,
    ]);
    expect(layer.signals[4].width).toBe(H);
    expect(Array.from(topLayerOutput([layer], 2))).toEqual([600, 601, 610, 611]);
  });

  it('keeps only the recorded steps and says what is missing', () => {
    const H = 1;
    const long = arrays(['r', 'z', 'n', 'h'], 5, { r: H, z: H, n: H, h: H });
    const [layer] = recordedLayers([long], { cell: 'gru', hiddenSize: H, projSize: 0 }, 3);
    expect(layer.signals[0].values.length).toBe(3);
    const { n: _dropped, ...withoutN } = long;
    expect(() => recordedLayers([withoutN], { cell: 'gru', hiddenSize: H, projSize: 0 }, 3)).toThrow(
      /the gru layer 0 \(forward\) recorded no 'n'/,
    );
    expect(() => recordedLayers([long], { cell: 'gru', hiddenSize: 2, projSize: 0 }, 5)).toThrow(
      /fewer than 5 steps × 2/,
    );
  });
});
