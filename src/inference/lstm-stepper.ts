/**
 * A trained model run one token at a time, for generation: the state (h, c) of every layer is kept
 * between calls, and a step is one product per layer, z = [x, h] · [W_ih, W_hh]ᵀ, plus the head.
 *
 * Why not `model.forward` with T = 1: the engine is built for training on whole sequences, and each pass
 * stages (transposes) every weight for its kernels — for one token that costs more than the step itself
 * (≈ 10 ms per character for LSTM(256) × 2). Here the kernels are chosen once, at construction, and the
 * weights stacked and transposed once into their workspace (the WebAssembly arena when those are the
 * WebAssembly kernels), so each step runs the engine's products in place. Same equations and gate order (i, f, g, o);
 * test/unit/inference/lstm-stepper.test.ts checks it against `model.forward`, step by step.
 */

import type { LstmModel } from '../engine/model';
import { kernelsFor } from '../engine/kernels/choose';
import type { Kernels } from '../engine/kernels/kernels';
import { product } from '../engine/kernels/products';
import type { FloatArray } from '../engine/tensor';

interface StackedLayer {
  /** Input width D (embedding or the layer below's H). */
  inputSize: number;
  /** [W_ih, W_hh]ᵀ: `[(D + H), 4H]` row-major, so z (1, 4H) = xh (1, D + H) · weights. */
  weights: FloatArray;
  /** b_ih + b_hh `[4H]`. */
  bias: FloatArray;
  /** [x, h] `[D + H]`: the layer's input then its state h; h is updated in place. */
  xh: FloatArray;
  c: Float64Array;
}

export class LstmStepper {
  /** The kernels every step runs on; the workspaces below are theirs. */
  private readonly kernels: Kernels;
  private readonly H: number;
  private readonly layers: StackedLayer[];
  private readonly z: FloatArray;
  /** Head: Wᵀ `[H, O]` and b `[O]`. */
  private readonly headWeights: FloatArray;
  private readonly headBias: FloatArray;
  private readonly logits: FloatArray;

  constructor(private readonly model: LstmModel) {
    const { hiddenSize: H, outputSize: O, dtype } = model.config;
    if (!model.embedding) throw new Error('LstmStepper reads token ids: the model needs an embedding');
    this.H = H;
    const G = 4 * H;
    const kernels = (this.kernels = kernelsFor(dtype));
    this.layers = model.lstm.layers.map((layer) => {
      const D = layer.inputSize;
      const weights = kernels.ensure<FloatArray>(null, (D + H) * G);
      const wIh = layer.weightIh.value;
      const wHh = layer.weightHh.value;
      // weights[k, j] = W_ih[j, k] for k < D, W_hh[j, k − D] after
      for (let j = 0; j < G; j++) {
        for (let k = 0; k < D; k++) weights[k * G + j] = wIh[j * D + k];
        for (let k = 0; k < H; k++) weights[(D + k) * G + j] = wHh[j * H + k];
      }
      const bias = kernels.ensure<FloatArray>(null, G);
      for (let j = 0; j < G; j++) bias[j] = layer.biasIh.value[j] + layer.biasHh.value[j];
      return {
        inputSize: D,
        weights,
        bias,
        xh: kernels.ensure<FloatArray>(null, D + H).fill(0),
        c: new Float64Array(H),
      };
    });
    this.z = kernels.ensure<FloatArray>(null, G);
    this.headWeights = kernels.ensure<FloatArray>(null, H * O);
    const w = model.head.weight.value;
    for (let o = 0; o < O; o++) for (let k = 0; k < H; k++) this.headWeights[k * O + o] = w[o * H + k];
    this.headBias = model.head.bias.value;
    this.logits = kernels.ensure<FloatArray>(null, O);
  }

  /** Starts from a state `[L, 1, H]` each (e.g. `forward().finalState` of a prompt), or zeros. */
  setState(state?: { h: FloatArray; c: FloatArray }): void {
    const H = this.H;
    this.layers.forEach((layer, l) => {
      for (let j = 0; j < H; j++) {
        layer.xh[layer.inputSize + j] = state ? state.h[l * H + j] : 0;
        layer.c[j] = state ? state.c[l * H + j] : 0;
      }
    });
  }

  /** Reads one token; returns the head's logits `[O]` (overwritten by the next step). */
  step(token: number): FloatArray {
    const H = this.H;
    const G = 4 * H;
    const embedding = this.model.embedding!;
    const E = embedding.dim;
    const first = this.layers[0].xh;
    const table = embedding.weight.value;
    for (let e = 0; e < E; e++) first[e] = table[token * E + e];
    const z = this.z;
    for (let l = 0; l < this.layers.length; l++) {
      const { inputSize: D, weights, bias, xh, c } = this.layers[l];
      // z (1, 4H) = [x, h] (1, D + H) · [W_ih, W_hh]ᵀ (D + H, 4H)
      product(this.kernels, 1, G, D + H, xh, 0, weights, 0, z, 0, 0);
      const next = l + 1 < this.layers.length ? this.layers[l + 1].xh : null;
      for (let j = 0; j < H; j++) {
        const i = sigmoid(z[j] + bias[j]);
        const f = sigmoid(z[H + j] + bias[H + j]);
        const g = Math.tanh(z[2 * H + j] + bias[2 * H + j]);
        const o = sigmoid(z[3 * H + j] + bias[3 * H + j]);
        c[j] = f * c[j] + i * g;
        const h = o * Math.tanh(c[j]);
        xh[D + j] = h;
        if (next) next[j] = h;
      }
    }
    const top = this.layers[this.layers.length - 1];
    const O = this.headBias.length;
    // logits (1, O) = h (1, H) · Wᵀ (H, O) + b
    product(this.kernels, 1, O, H, top.xh, top.inputSize, this.headWeights, 0, this.logits, 0, 0);
    for (let o = 0; o < O; o++) this.logits[o] += this.headBias[o];
    return this.logits.subarray(0, O) as FloatArray;
  }
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
