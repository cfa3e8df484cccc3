/**
 * An LSTM layer that reads an embedding's output directly (`Pass.embeddedInput`, kernels.ts's
 * `EmbeddedInput`): on the WebAssembly kernels it projects the V table rows instead of the T·B input rows
 * and returns the table's gradient instead of dX. Against the same layer fed x itself (then the embedding's
 * own backward): forward and every gradient that does not pass through the input side are bit-identical;
 * dW_ih and the table's gradient are the same sums grouped by token, equal to float32 rounding. A padded
 * batch with padding ids, H not a multiple of 4, and the padding row left without gradient. The TypeScript
 * kernels never take the offer.
 */

import { describe, expect, it } from 'vitest';
import { Embedding, LstmLayer, Pass, Random, kernelsFor, setKernelBackend } from '../../../src/engine';
import type { EmbeddedInput } from '../../../src/engine/kernels/kernels';
import { KERNEL_VARIANTS, useKernels } from './golden-helpers';

const [B, T, D, H, V, PAD] = [5, 7, 6, 9, 11, 0];
const LENGTHS = [7, 4, 1, 6, 3];

/** Batch-major tokens (B, T): random ids in 1…V−1 up to each length, the padding id after it. */
function tokens(rng: Random): Int32Array {
  const ids = new Int32Array(B * T);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) ids[b * T + t] = t < LENGTHS[b] ? 1 + rng.int(V - 1) : PAD;
  return ids;
}

/** One forward + backward of loss Σ outputs·wOut + Σ h_n·wN; offered = read the table rows in place of x. */
function run(offered: boolean) {
  const rng = new Random(11);
  const embedding = new Embedding(V, D, PAD, 'float32', 'embedding');
  const layer = new LstmLayer(0, D, H, 'float32');
  for (const p of [...embedding.parameters(), ...layer.parameters()])
    for (let k = 0; k < p.value.length; k++) p.value[k] = 0.5 * rng.normal();
  embedding.weight.value.fill(0, PAD * D, (PAD + 1) * D);
  const ids = tokens(rng);
  const wOut = Float32Array.from({ length: T * B * H }, () => rng.normal());
  const wN = Float32Array.from({ length: B * H }, () => rng.normal());

  const kernels = kernelsFor('float32');
  const pass = new Pass(kernels).begin(kernels, B, T, Int32Array.from(LENGTHS), false, null);
  const x = embedding.forward(pass, ids);
  const offer = { x, rows: embeddedRows(ids, embedding), taken: false };
  if (offered) pass.embeddedInput = offer;
  const outputs = Float32Array.from(layer.forward(pass, x, null));
  const dx = new Float32Array(T * B * D);
  layer.backward(pass, { dOutputs: wOut, dFinalState: { h: wN } }, offer.taken ? null : dx);
  if (!offer.taken) embedding.backward(pass, ids, dx);
  const grads = Object.fromEntries(
    [...embedding.parameters(), ...layer.parameters()].map((p) => [p.name, Float32Array.from(p.grad)]),
  );
  return { taken: offer.taken, outputs, grads };
}

function embeddedRows(batchMajor: Int32Array, embedding: Embedding): EmbeddedInput {
  const ids = new Int32Array(T * B);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) ids[t * B + b] = batchMajor[b * T + t];
  const { value, grad } = embedding.weight;
  return { ids, table: value, tableGrad: grad, vocabSize: V, paddingIdx: PAD };
}

function maxRelative(actual: Float32Array, expected: Float32Array): number {
  let scale = 0;
  let worst = 0;
  for (let k = 0; k < expected.length; k++) {
    scale = Math.max(scale, Math.abs(expected[k]));
    worst = Math.max(worst, Math.abs(actual[k] - expected[k]));
  }
  return worst / Math.max(scale, 1e-30);
}

for (const variant of KERNEL_VARIANTS.filter((v) => v.choice === 'wasm')) {
  describe(`LSTM layer on an embedded input (${variant.name})`, () => {
    useKernels(variant);

    it('takes the offer: same forward bits, same gradients (input side to float32 rounding)', () => {
      const plain = run(false);
      const fused = run(true);
      expect(plain.taken).toBe(false);
      expect(fused.taken).toBe(true);
      expect(fused.outputs).toEqual(plain.outputs);
      for (const name of ['lstm.weight_hh_l0', 'lstm.bias_ih_l0', 'lstm.bias_hh_l0'])
        expect(fused.grads[name], name).toEqual(plain.grads[name]);
      for (const name of ['lstm.weight_ih_l0', 'embedding.weight'])
        expect(maxRelative(fused.grads[name], plain.grads[name]), name).toBeLessThan(1e-6);
      const padRow = fused.grads['embedding.weight'].subarray(PAD * D, (PAD + 1) * D);
      expect(Array.from(padRow)).toEqual(new Array(D).fill(0));
    });
  });
}

describe('LSTM layer on an embedded input (TypeScript kernels)', () => {
  it('never takes the offer: x itself is read', () => {
    setKernelBackend('js');
    try {
      expect(run(true).taken).toBe(false);
    } finally {
      setKernelBackend('auto');
    }
  });
});
