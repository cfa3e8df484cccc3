/**
 * The statistics the editor shows and the gate split it shows them by: hand-computed values, the
 * streaming accumulator equal to the one-shot function however the data is cut, and an LSTM weight whose
 * gate blocks are recognisable by construction (gate q's rows all hold q + 1).
 */

import { describe, expect, it } from 'vitest';
import {
  gateLayout,
  gateLayoutOf,
  gateStatistics,
  recurrentTensorLabel,
  recurrentTensorOf,
} from '../../../src/checkpoint/gates';
import { StatisticsAccumulator, tensorStatistics } from '../../../src/checkpoint/statistics';

describe('tensor statistics', () => {
  it('match hand-computed values', () => {
    const s = tensorStatistics([1, 2, 3, 4, 0, NaN, Infinity, -Infinity], 4);
    expect(s).toEqual({
      count: 8,
      min: 0,
      max: 4,
      mean: 2,
      std: Math.sqrt(2),
      zeros: 1,
      nans: 1,
      infinities: 2,
      histogram: [1, 1, 1, 2],
    });
  });

  it('have no moments without finite values, and one bin for a constant tensor', () => {
    const none = tensorStatistics([NaN, NaN], 5);
    expect([none.min, none.max, none.mean, none.std]).toEqual([NaN, NaN, NaN, NaN]);
    expect(none.histogram).toEqual([0, 0, 0, 0, 0]);
    expect(tensorStatistics([7, 7, 7], 3).histogram).toEqual([3, 0, 0]);
    expect(tensorStatistics([], 2)).toMatchObject({ count: 0, zeros: 0, histogram: [0, 0] });
  });

  it('are the same streamed in slices of any size as in one go', () => {
    const values = Float32Array.from({ length: 997 }, (_, k) => (Math.sin(k * 12.9898) * 43758.5453) % 1);
    values[10] = NaN;
    values[500] = 0;
    const whole = tensorStatistics(values, 16);
    for (const size of [1, 7, 100, 996, 5000]) {
      const accumulator = new StatisticsAccumulator(16);
      for (let start = 0; start < values.length; start += size)
        accumulator.addMoments(values, start, Math.min(values.length, start + size));
      for (let start = 0; start < values.length; start += size)
        accumulator.addHistogram(values.subarray(start, start + size));
      expect(accumulator.result()).toEqual(whole);
    }
  });

  it('refuse a histogram without bins', () => {
    expect(() => new StatisticsAccumulator(0)).toThrow(/positive integer/);
  });
});

describe('LSTM gate split', () => {
  const H = 3;
  const D = 2;
  // weight_ih [4H, D]: every row of gate q (rows qH..qH+H-1) holds q + 1, so each block is recognisable.
  const weight = Float32Array.from({ length: 4 * H * D }, (_, k) => Math.floor(k / (H * D)) + 1);

  it('rows 0..H-1 are i, H..2H-1 f, 2H..3H-1 g, 3H..4H-1 o', () => {
    const layout = gateLayoutOf('lstm.weight_ih_l0', [4 * H, D])!;
    expect(layout.hiddenSize).toBe(H);
    expect(layout.blocks.map((b) => [b.gate, b.rows, b.elements])).toEqual([
      ['i', [0, 3], [0, 6]],
      ['f', [3, 6], [6, 12]],
      ['g', [6, 9], [12, 18]],
      ['o', [9, 12], [18, 24]],
    ]);
  });

  it('gives each gate its own statistics', () => {
    const stats = gateStatistics(weight, gateLayout(H, D));
    expect(stats.map((g) => [g.gate, g.stats.mean, g.stats.std, g.stats.min, g.stats.max, g.stats.count])).toEqual([
      ['i', 1, 0, 1, 1, 6],
      ['f', 2, 0, 2, 2, 6],
      ['g', 3, 0, 3, 3, 6],
      ['o', 4, 0, 4, 4, 6],
    ]);
  });

  it('splits biases element-wise and recognises LSTMs under any prefix, optimizer state included', () => {
    expect(gateLayoutOf('lstm.bias_hh_l1', [8])!.blocks.map((b) => b.elements)).toEqual([
      [0, 2],
      [2, 4],
      [4, 6],
      [6, 8],
    ]);
    expect(gateLayoutOf('encoder.rnn.weight_hh_l0_reverse', [40, 10])!.hiddenSize).toBe(10);
    expect(gateLayoutOf('optimizer.exp_avg.lstm.weight_hh_l0', [8, 2])!.hiddenSize).toBe(2);
  });

  it('leaves alone what is not gate-stacked', () => {
    expect(gateLayoutOf('head.weight', [4, 8])).toBeUndefined();
    expect(gateLayoutOf('lstm.weight_hr_l0', [4, 8])).toBeUndefined(); // a projection: not gate-stacked
    expect(gateLayoutOf('lstm.weight_ih_l0', [6, 2])).toBeUndefined(); // 6 rows: not 4 blocks
    expect(gateLayoutOf('lstm.weight_ih_l0', [8])).toBeUndefined(); // a weight must be a matrix
    expect(gateLayoutOf('lstm.bias_ih_l0', [8, 1])).toBeUndefined(); // a bias must be a vector
  });
});

describe('GRU gate split, directions and projections', () => {
  const H = 4;
  /** The tensors of a bidirectional GRU (H = 4, D = 3) and an LSTM with proj_size 2, by name. */
  const shapes = new Map<string, number[]>([
    ['rnn.weight_ih_l0', [3 * H, 3]],
    ['rnn.weight_hh_l0', [3 * H, H]],
    ['rnn.bias_ih_l0', [3 * H]],
    ['rnn.weight_ih_l0_reverse', [3 * H, 3]],
    ['rnn.weight_hh_l0_reverse', [3 * H, H]],
    ['lstm.weight_ih_l0', [4 * H, 3]],
    ['lstm.weight_hh_l0', [4 * H, 2]],
    ['lstm.weight_hr_l0', [2, H]],
  ]);
  const lookup = (name: string) => (shapes.has(name) ? { shape: shapes.get(name)! } : undefined);

  it('splits a GRU tensor into r, z, n blocks of H rows (3H rows), whatever its module is called', () => {
    // 12 rows would be 4 LSTM gates of 3: weight_hh [3H, H] says it is a GRU.
    const layout = gateLayoutOf('rnn.weight_ih_l0', [3 * H, 3], lookup)!;
    expect(layout.cell).toBe('gru');
    expect(layout.blocks.map((b) => [b.gate, b.rows, b.elements])).toEqual([
      ['r', [0, 4], [0, 12]],
      ['z', [4, 8], [12, 24]],
      ['n', [8, 12], [24, 36]],
    ]);
    expect(gateLayoutOf('rnn.bias_ih_l0', [3 * H], lookup)!.blocks.map((b) => b.gate)).toEqual(['r', 'z', 'n']);
    // Our own checkpoints name the module `gru`; its optimizer state splits the same way.
    expect(gateLayoutOf('gru.bias_hh_l1', [3 * H])!.cell).toBe('gru');
    expect(gateLayoutOf('optimizer.exp_avg.gru.weight_ih_l0', [3 * H, 5])!.hiddenSize).toBe(H);
    const stats = gateStatistics(
      Float32Array.from({ length: 3 * H * 3 }, (_, k) => Math.floor(k / (H * 3))),
      gateLayout(H, 3, 'gru'),
    );
    expect(stats.map((s) => [s.gate, s.stats.mean])).toEqual([
      ['r', 0],
      ['z', 1],
      ['n', 2],
    ]);
  });

  it('labels the layer and direction of every recurrent tensor, and the projection', () => {
    const backward = recurrentTensorOf('rnn.weight_hh_l0_reverse', [3 * H, H], lookup)!;
    expect(backward).toEqual({ cell: 'gru', kind: 'weight_hh', layer: 0, direction: 'backward', module: 'rnn' });
    expect(recurrentTensorLabel(backward)).toBe('layer 0, backward');
    const projection = recurrentTensorOf('lstm.weight_hr_l0', [2, H], lookup)!;
    expect(projection).toMatchObject({ cell: 'lstm', kind: 'weight_hr', direction: 'forward' });
    // An LSTM with projections: weight_hh is [4H, P], still four gates of H rows.
    expect(gateLayoutOf('lstm.weight_ih_l0', [4 * H, 3], lookup)).toMatchObject({ cell: 'lstm', hiddenSize: H });
    expect(recurrentTensorOf('optimizer.exp_avg_sq.gru.weight_hh_l2_reverse', [12, 4])).toMatchObject({
      cell: 'gru',
      layer: 2,
      direction: 'backward',
      module: 'gru',
    });
    expect(recurrentTensorOf('head.weight', [3, 4])).toBeUndefined();
  });
});
