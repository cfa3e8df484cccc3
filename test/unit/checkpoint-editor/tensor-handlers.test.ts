/**
 * The inference worker's tensor handlers (src/worker/inference/tensors.ts), called directly on files
 * written to a temp folder: statistics equal `tensorStatistics` on the whole data however the tensor is
 * sliced, progress is reported for tensors larger than one slice, LSTM tensors get per-gate statistics,
 * and the heatmap values are block means that keep gate blocks apart.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSafetensorsAtomic } from '../../../src/checkpoint/file';
import { gateLayout, gateStatistics } from '../../../src/checkpoint/gates';
import { tensorStatistics } from '../../../src/checkpoint/statistics';
import type { TensorStatsProgress } from '../../../src/protocol/checkpoint-editor';
import { BlockAverager, gridSize } from '../../../src/worker/inference/block-average';
import { decodeNumbers, float8E4M3, float8E5M2 } from '../../../src/worker/inference/tensor-slices';
import { computeTensorStats, computeTensorValues } from '../../../src/worker/inference/tensors';
import { rawSafetensors } from '../checkpoint/helpers';

let dir: string;
let file: string;
const H = 8;
const D = 5;

/** Deterministic values with a NaN, an infinity and zeros sprinkled in. */
function values(count: number, seed: number, specials = true): Float32Array {
  const out = new Float32Array(count);
  let x = seed;
  for (let k = 0; k < count; k++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[k] = (x / 2 ** 32 - 0.5) * 4 + (k % 7 === 0 ? 0 : 0.1 * seed);
  }
  if (specials && count > 20) {
    out[3] = NaN;
    out[11] = Infinity;
    out[12] = 0;
    out[19] = 0;
  }
  return out;
}

const big = values(10_007, 1);
const weightIh = values(4 * H * D, 2);
const bias = values(4 * H, 3, false);
// A bidirectional GRU under a neutral name: 3H = 24 rows would also be 4 LSTM gates of 6; weight_hh [3H, H] says GRU.
const gruIh = values(3 * H * D, 4, false);
const gruHh = values(3 * H * H, 5, false);
const gruBias = values(3 * H, 6, false);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lstm-tensors-'));
  file = join(dir, 'model.safetensors');
  await writeSafetensorsAtomic(file, [
    { name: 'big', shape: [10_007], data: big },
    { name: 'lstm.weight_ih_l0', shape: [4 * H, D], data: weightIh },
    { name: 'lstm.bias_hh_l0', shape: [4 * H], data: bias },
    { name: 'rnn.weight_ih_l0_reverse', shape: [3 * H, D], data: gruIh },
    { name: 'rnn.weight_hh_l0_reverse', shape: [3 * H, H], data: gruHh },
    { name: 'rnn.bias_ih_l0_reverse', shape: [3 * H], data: gruBias },
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tensor-stats', () => {
  it('equals tensorStatistics on the whole data, in one slice or many', async () => {
    const expected = tensorStatistics(big, 20);
    const whole = await computeTensorStats(file, 'big', 20);
    expect(whole.stats).toEqual(expected);
    expect(whole.gates).toBeNull();
    // 1000 bytes = 250 floats a slice: 41 slices, the last one partial.
    const sliced = await computeTensorStats(file, 'big', 20, { sliceBytes: 1000 });
    expect(sliced.stats).toEqual(expected);
    expect(expected.nans).toBe(1);
    expect(expected.infinities).toBe(1);
    expect(expected.zeros).toBeGreaterThanOrEqual(2);
  });

  it('reports progress over both passes for a tensor larger than one slice', async () => {
    const progress: TensorStatsProgress[] = [];
    await computeTensorStats(file, 'big', 10, { sliceBytes: 4000, onProgress: (p) => progress.push(p) });
    expect(progress.length).toBeGreaterThanOrEqual(1);
    for (const p of progress) expect(p.total).toBe(2 * 10_007);
    // The last report is sent whatever the throttle says: the whole of both passes.
    expect(progress[progress.length - 1].done).toBe(2 * 10_007);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));

    const small: TensorStatsProgress[] = [];
    await computeTensorStats(file, 'lstm.bias_hh_l0', 10, { onProgress: (p) => small.push(p) });
    expect(small).toEqual([]);
  });

  it('splits an LSTM weight into i, f, g, o row blocks with their own statistics', async () => {
    for (const sliceBytes of [undefined, 44]) {
      const result = await computeTensorStats(file, 'lstm.weight_ih_l0', 12, { sliceBytes });
      expect(result.stats).toEqual(tensorStatistics(weightIh, 12));
      expect(result.gates!.map((g) => g.gate)).toEqual(['i', 'f', 'g', 'o']);
      expect(result.gates!.map((g) => g.rows)).toEqual([
        [0, H],
        [H, 2 * H],
        [2 * H, 3 * H],
        [3 * H, 4 * H],
      ]);
      result.gates!.forEach((g, q) => {
        // Gate q is rows qH..(q+1)H-1, i.e. elements qHD..(q+1)HD-1 of the row-major data.
        expect(g.stats).toEqual(tensorStatistics(weightIh.subarray(q * H * D, (q + 1) * H * D), 12));
      });
      expect(result.gates!.map((g) => ({ gate: g.gate, rows: g.rows, stats: g.stats }))).toEqual(
        gateStatistics(weightIh, gateLayout(H, D), 12),
      );
    }
  });

  it('splits an LSTM bias element-wise', async () => {
    const result = await computeTensorStats(file, 'lstm.bias_hh_l0', 20, { sliceBytes: 12 });
    result.gates!.forEach((g, q) => expect(g.stats).toEqual(tensorStatistics(bias.subarray(q * H, (q + 1) * H))));
  });

  it('gives a GRU tensor r, z, n statistics, telling it from an LSTM by its layer’s weight_hh', async () => {
    const result = await computeTensorStats(file, 'rnn.weight_ih_l0_reverse', 12, { sliceBytes: 40 });
    expect(result.gates!.map((g) => [g.gate, g.rows])).toEqual([
      ['r', [0, H]],
      ['z', [H, 2 * H]],
      ['n', [2 * H, 3 * H]],
    ]);
    expect(result.gates!.map((g) => ({ gate: g.gate, rows: g.rows, stats: g.stats }))).toEqual(
      gateStatistics(gruIh, gateLayout(H, D, 'gru'), 12),
    );
  });

  it('fails with a message for a tensor the file does not have', async () => {
    await expect(computeTensorStats(file, 'nope')).rejects.toThrow(/no tensor named 'nope'/);
  });
});

describe('tensor-values', () => {
  it('sends a small tensor as it is', async () => {
    const result = await computeTensorValues(file, 'lstm.weight_ih_l0', { maxElements: 10_000 });
    expect(result).toMatchObject({
      sourceRows: 4 * H,
      sourceCols: D,
      rows: 4 * H,
      cols: D,
      downsampled: false,
      gateHiddenSize: H,
    });
    expect(result.values).toEqual(weightIh);
  });

  it('shows an LSTM bias as one row per gate', async () => {
    const result = await computeTensorValues(file, 'lstm.bias_hh_l0', { maxElements: 10_000 });
    expect(result).toMatchObject({ sourceRows: 4, sourceCols: H, rows: 4, cols: H, gateHiddenSize: H });
  });

  it('shows a GRU bias as one row per gate: r, z, n', async () => {
    const result = await computeTensorValues(file, 'rnn.bias_ih_l0_reverse', { maxElements: 10_000 });
    expect(result).toMatchObject({ sourceRows: 3, sourceCols: H, rows: 3, cols: H, gateHiddenSize: H });
    expect(result.gates).toEqual(['r', 'z', 'n']);
    const weight = await computeTensorValues(file, 'rnn.weight_ih_l0_reverse', { maxElements: 10_000 });
    expect(weight).toMatchObject({ rows: 3 * H, gateHiddenSize: H, gates: ['r', 'z', 'n'] });
  });

  it('block-averages to at most maxElements, keeping gates apart, however the data is sliced', async () => {
    const a = await computeTensorValues(file, 'lstm.weight_ih_l0', { maxElements: 40 });
    const b = await computeTensorValues(file, 'lstm.weight_ih_l0', { maxElements: 40 }, { sliceBytes: 28 });
    expect(a.downsampled).toBe(true);
    expect(a.rows * a.cols).toBeLessThanOrEqual(40);
    expect(a.rows % 4).toBe(0);
    expect(b.values).toEqual(a.values);
    // Each grid row belongs to exactly one gate: the mean of gate q's block equals the mean of its grid rows' source rows.
    const rowsPerGate = a.rows / 4;
    for (let q = 0; q < 4; q++) {
      for (let i = q * rowsPerGate; i < (q + 1) * rowsPerGate; i++) {
        const firstSourceRow = Math.ceil((i * 4 * H) / a.rows);
        expect(Math.floor(firstSourceRow / H)).toBe(q);
      }
    }
    expect(a.maxAbs).toBeGreaterThan(0);
  });

  it('keeps to the canvas size per axis', async () => {
    const result = await computeTensorValues(file, 'lstm.weight_ih_l0', {
      maxElements: 10_000,
      maxRows: 10,
      maxCols: 4,
    });
    // 10 rows would mix gates: 8 (a multiple of 4) it is.
    expect(result).toMatchObject({ rows: 8, cols: 4, downsampled: true });
  });

  it('block means skip non-finite values', async () => {
    const result = await computeTensorValues(file, 'big', { maxElements: 100 });
    expect(result.rows).toBe(1);
    expect(result.cols).toBe(100);
    // Cell 0 holds elements 0..100 (⌊x·100/10007⌋ = 0), with the NaN and the infinity left out.
    const cell0 = [...big.subarray(0, 101)].filter(Number.isFinite);
    expect(result.values[0]).toBeCloseTo(cell0.reduce((s, v) => s + v, 0) / cell0.length, 6);
    expect(result.values.every(Number.isFinite)).toBe(true);
  });
});

describe('block averaging', () => {
  it('chooses grids within the budget', () => {
    expect(gridSize(10, 10, 100)).toEqual({ rows: 10, cols: 10 });
    expect(gridSize(1000, 1000, 10_000)).toEqual({ rows: 100, cols: 100 });
    expect(gridSize(1, 1_000_000, 512)).toEqual({ rows: 1, cols: 512 });
    const lstm = gridSize(4 * 1024, 512, 4096, 4);
    expect(lstm.rows % 4).toBe(0);
    expect(lstm.rows * lstm.cols).toBeLessThanOrEqual(4096);
    // The canvas's pixels bind each axis: a tall embedding becomes as many rows as the map is high.
    expect(gridSize(10_000, 64, 262_144, 1, 536, 900)).toEqual({ rows: 536, cols: 64 });
    expect(gridSize(4 * 4096, 4096, 262_144, 4, 530, 900)).toEqual({ rows: 392, cols: 668 });
  });

  it('averages blocks exactly', () => {
    const averager = new BlockAverager(4, 4, { rows: 2, cols: 2 });
    averager.add([1, 2, 3, 4, 5, 6, 7, 8], 0);
    averager.add([9, 10, 11, 12, 13, 14, 15, NaN], 8);
    expect([...averager.result()]).toEqual([
      (1 + 2 + 5 + 6) / 4,
      (3 + 4 + 7 + 8) / 4,
      (9 + 10 + 13 + 14) / 4,
      Math.fround((11 + 12 + 15) / 3),
    ]);
  });
});

describe('reading every dtype', () => {
  it('decodes integers, bools and 8-bit floats', () => {
    const i64 = new Uint8Array(16);
    new DataView(i64.buffer).setBigInt64(0, -5n, true);
    new DataView(i64.buffer).setBigInt64(8, 7n, true);
    expect([...decodeNumbers(i64, 'I64')]).toEqual([-5, 7]);
    expect([...decodeNumbers(new Uint8Array([0, 1, 2]), 'BOOL')]).toEqual([0, 1, 1]);
    expect([...decodeNumbers(new Uint8Array([0xff, 0x01]), 'I8')]).toEqual([-1, 1]);
    expect(float8E4M3(0x38)).toBe(1);
    expect(float8E4M3(0x7e)).toBe(448);
    expect(float8E4M3(0x7f)).toBeNaN();
    expect(float8E4M3(0x01)).toBe(2 ** -9);
    expect(float8E5M2(0x3c)).toBe(1);
    expect(float8E5M2(0x7c)).toBe(Infinity);
    expect(float8E5M2(0xc0)).toBe(-2);
  });

  it('computes statistics of an I64 tensor in a foreign file', async () => {
    const data = new Uint8Array(24);
    [3n, 0n, -9n].forEach((v, k) => new DataView(data.buffer).setBigInt64(8 * k, v, true));
    const path = join(dir, 'ints.safetensors');
    await writeFile(
      path,
      rawSafetensors({ num_batches_tracked: { dtype: 'I64', shape: [3], data_offsets: [0, 24] } }, data),
    );
    const result = await computeTensorStats(path, 'num_batches_tracked');
    expect(result.stats).toMatchObject({ count: 3, min: -9, max: 3, zeros: 1, mean: -2 });
  });
});
