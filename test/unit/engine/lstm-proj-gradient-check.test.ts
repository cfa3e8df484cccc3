/**
 * Finite-difference gradient checks of the projected LSTM (`proj_size`) in float64, with right padding and
 * a nonzero initial state: every parameter (weight_hr included), x, h0 and c0. The loss
 * Σ output·r + Σ h_n·w + Σ c_n·v with random r, w, v reaches every path (outputs, h_n, c_n) with
 * independent weights. See gradient-check.test.ts for the difference scheme and the 1e-6 bound.
 */

import { describe, expect, it } from 'vitest';
import { LstmStack, Random } from '../../../src/engine';
import { numericDerivative, relativeError } from './gradient-check-helpers';

interface Case {
  name: string;
  D: number;
  H: number;
  P: number;
  L: number;
  lengths: number[];
  dropout: number;
}

const T = 6;

const cases: Case[] = [
  { name: '1 layer, H=4, P=3, padded', D: 3, H: 4, P: 3, L: 1, lengths: [6, 2, 4], dropout: 0 },
  {
    name: '2 layers, H=5, P=2, padded (one sequence of length 1)',
    D: 2,
    H: 5,
    P: 2,
    L: 2,
    lengths: [1, 6, 3],
    dropout: 0,
  },
  { name: '3 layers, H=3, P=1, dropout 0.3 under a fixed mask', D: 2, H: 3, P: 1, L: 3, lengths: [6, 5], dropout: 0.3 },
];

const normals = (rng: Random, n: number, scale = 1) => Float64Array.from({ length: n }, () => scale * rng.normal());

describe.each(cases)('projected LSTM gradient check: $name', ({ D, H, P, L, lengths, dropout }) => {
  it('analytic gradients of every parameter, x, h0 and c0 match central differences', () => {
    const B = lengths.length;
    const rng = new Random(4321);
    const stack = new LstmStack(D, H, L, dropout, 'float64', P);
    for (const p of stack.parameters()) for (let k = 0; k < p.value.length; k++) p.value[k] = 0.6 * rng.normal();
    const x = normals(rng, B * T * D);
    const h0 = normals(rng, L * B * P, 0.5);
    const c0 = normals(rng, L * B * H, 0.5);
    const r = normals(rng, B * T * P);
    // The batch-major output is zero past each length (PyTorch's packed output), so its weight there is moot;
    // keep it zero, as a loss on that output would give.
    for (let b = 0; b < B; b++) r.fill(0, (b * T + lengths[b]) * P, (b + 1) * T * P);
    const w = normals(rng, L * B * P);
    const v = normals(rng, L * B * H);
    const options = { lengths: Int32Array.from(lengths), h0, c0 };
    const maskSeed = 17;
    const forward = () =>
      stack.forwardBatchFirst(
        x,
        B,
        T,
        dropout > 0 ? { ...options, training: true, rng: new Random(maskSeed) } : options,
      );
    const lossAt = () => {
      const { output, hN, cN } = forward();
      let loss = 0;
      for (let k = 0; k < output.length; k++) loss += output[k] * r[k];
      for (let k = 0; k < hN.length; k++) loss += hN[k] * w[k];
      for (let k = 0; k < cN.length; k++) loss += cN[k] * v[k];
      return loss;
    };

    for (const p of stack.parameters()) p.grad.fill(0);
    forward();
    const { dx, dh0, dc0 } = stack.backwardBatchFirst(r, w, v);

    let worst = 0;
    const check = (label: string, values: Float64Array, analytic: ArrayLike<number>) => {
      for (let k = 0; k < values.length; k++) {
        const numeric = numericDerivative(values, k, lossAt);
        const error = relativeError(numeric, analytic[k]);
        worst = Math.max(worst, error);
        expect(error, `${label}[${k}]: numeric ${numeric}, analytic ${analytic[k]}`).toBeLessThan(1e-6);
      }
    };
    expect(stack.parameters().filter((p) => p.name.startsWith('lstm.weight_hr_l'))).toHaveLength(L);
    for (const p of stack.parameters()) check(p.name, p.value as Float64Array, p.grad.slice());
    check('x', x, dx);
    check('h0', h0, dh0);
    check('c0', c0, dc0);
    // Padded steps contribute nothing: dx is exactly zero there.
    for (let b = 0; b < B; b++)
      for (let k = (b * T + lengths[b]) * D; k < (b + 1) * T * D; k++) expect(dx[k], `dx[${k}] at padding`).toBe(0);
    console.log(`worst relative error ${worst.toExponential(2)}`);
  });
});
