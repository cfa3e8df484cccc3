/**
 * Finite-difference gradient checks of the GRU layer in float64 (the helpers and tolerances of
 * gradient-check.test.ts): every parameter, the input x and h0, with padding, for a single layer and for
 * two stacked layers whose loss reads every output, the last real outputs and h_n.
 */

import { describe, expect, it } from 'vitest';
import { GruLayer, Pass, Random, kernelsFor, type FloatArray } from '../../../src/engine';
import { numericDerivative, relativeError } from './gradient-check-helpers';

interface Case {
  name: string;
  inputSize: number;
  hiddenSize: number;
  layers: number;
  lengths: number[];
  withState: boolean;
}

const T = 6;

const cases: Case[] = [
  {
    name: '1 layer, padded, initial state',
    inputSize: 3,
    hiddenSize: 4,
    layers: 1,
    lengths: [6, 2, 4],
    withState: true,
  },
  {
    name: '1 layer, unpadded, zero state, H = 5',
    inputSize: 2,
    hiddenSize: 5,
    layers: 1,
    lengths: [6, 6],
    withState: false,
  },
  {
    name: '2 layers, padded, initial state',
    inputSize: 2,
    hiddenSize: 3,
    layers: 2,
    lengths: [3, 6, 1],
    withState: true,
  },
];

describe.each(cases)('GRU gradient check: $name', ({ inputSize: D, hiddenSize: H, layers: L, lengths, withState }) => {
  it('analytic gradients of every parameter, x and h0 match central differences', () => {
    const B = lengths.length;
    const BH = B * H;
    const rng = new Random(4321);
    const layers = Array.from({ length: L }, (_, l) => new GruLayer(l, l === 0 ? D : H, H, 'float64'));
    for (const p of layers.flatMap((layer) => layer.parameters()))
      for (let k = 0; k < p.value.length; k++) p.value[k] = 0.6 * rng.normal();
    const x = Float64Array.from({ length: T * B * D }, () => rng.normal());
    const h0 = Array.from({ length: L }, () =>
      Float64Array.from({ length: BH }, () => (withState ? 0.5 * rng.normal() : 0)),
    );
    // loss = Σ outputs·wOut (every step, padded ones too: they carry h) + Σ lastOutput·wLast + Σ_l h_n[l]·wN[l]
    const wOut = Float64Array.from({ length: T * BH }, () => rng.normal());
    const wLast = Float64Array.from({ length: BH }, () => rng.normal());
    const wN = Array.from({ length: L }, () => Float64Array.from({ length: BH }, () => rng.normal()));
    const kernels = kernelsFor('float64');
    const pass = new Pass(kernels).begin(kernels, B, T, Int32Array.from(lengths), false, null);

    const forward = () => {
      let input: FloatArray = x;
      for (let l = 0; l < L; l++) input = layers[l].forward(pass, input, withState ? { h: h0[l] } : null);
      return input;
    };
    const lossAt = () => {
      const outputs = forward();
      let loss = 0;
      for (let k = 0; k < T * BH; k++) loss += outputs[k] * wOut[k];
      const last = layers[L - 1].lastOutput();
      for (let k = 0; k < BH; k++) loss += last[k] * wLast[k];
      for (let l = 0; l < L; l++) {
        const hN = layers[l].finalState().h;
        for (let k = 0; k < BH; k++) loss += hN[k] * wN[l][k];
      }
      return loss;
    };

    lossAt();
    let dOutputs: Float64Array | null = wOut;
    let dx = new Float64Array(0);
    const dh0: Float64Array[] = [];
    for (let l = L - 1; l >= 0; l--) {
      const dhN = wN[l].slice();
      if (l === L - 1) for (let k = 0; k < BH; k++) dhN[k] += wLast[k];
      dx = new Float64Array(T * B * layers[l].inputSize);
      layers[l].backward(pass, { dOutputs, dFinalState: { h: dhN } }, dx);
      dh0[l] = layers[l].initialStateGrads().h as Float64Array;
      dOutputs = dx;
    }

    let worst = 0;
    const check = (label: string, values: Float64Array, analytic: ArrayLike<number>) => {
      for (let k = 0; k < values.length; k++) {
        const numeric = numericDerivative(values, k, lossAt);
        const error = relativeError(numeric, analytic[k]);
        worst = Math.max(worst, error);
        expect(error, `${label}[${k}]: numeric ${numeric}, analytic ${analytic[k]}`).toBeLessThan(1e-6);
      }
    };
    for (const p of layers.flatMap((layer) => layer.parameters()))
      check(p.name, p.value as Float64Array, p.grad.slice());
    check('x', x, dx);
    if (withState) for (let l = 0; l < L; l++) check(`h0[${l}]`, h0[l], dh0[l]);
    // Padded steps contribute nothing: the input gradient there is exactly zero.
    for (let t = 0; t < T; t++)
      for (let b = 0; b < B; b++)
        if (t >= lengths[b]) for (let d = 0; d < D; d++) expect(dx[(t * B + b) * D + d]).toBe(0);
    console.log(`worst relative error ${worst.toExponential(2)}`);
  });
});
