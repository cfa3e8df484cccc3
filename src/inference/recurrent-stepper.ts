/**
 * A trained model run one token at a time, for generation: the state of every layer is kept between
 * calls, and a step is one or two products per layer plus the head. LSTM layers (with or without a
 * projection) and GRU layers, each exactly as PyTorch and the engine define them.
 *
 * Why not `model.forward` with T = 1: the engine is built for training on whole sequences, and each pass
 * stages (transposes) every weight for its kernels — for one token that costs more than the step itself
 * (≈ 10 ms per character for LSTM(256) × 2). Here the kernels are chosen once, at construction, and the
 * weights stacked and transposed once into their workspace (the WebAssembly arena when those are the
 * WebAssembly kernels), so each step runs the engine's products in place.
 * test/unit/inference/recurrent-stepper.test.ts checks it against `model.forward`, step by step.
 */

import { sigmoid } from '../engine/activations';
import { kernelsFor } from '../engine/kernels/choose';
import type { Kernels } from '../engine/kernels/kernels';
import { product } from '../engine/kernels/products';
import type { LstmModel } from '../engine/model';
import type { FloatArray, Parameter } from '../engine/tensor';

/** What a step needs of one layer's parameters (LstmLayer and GruLayer both have these). */
export interface SteppableLayer {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** Width of h: the projection's P, else H. */
  readonly outputSize: number;
  readonly weightIh: Parameter;
  readonly weightHh: Parameter;
  readonly biasIh: Parameter;
  readonly biasHh: Parameter;
  /** LSTM projection W_hr `[P, H]`, when there is one. */
  readonly weightHr?: Parameter | null;
}

/** One layer's step: reads its input from `input` (its first D entries), leaves h in `h()`. */
interface LayerStep {
  /** The layer's input x `[D]`, filled by the caller (the embedding, or the layer below's h). */
  readonly input: FloatArray;
  /** h `[outputSize]` after the last step (a view). */
  h(): FloatArray;
  /** Where h lives, as an array and an offset (the kernels' products take those, not views). */
  readonly hArray: FloatArray;
  readonly hOffset: number;
  setState(h: FloatArray | null, hOffset: number, c: FloatArray | null, cOffset: number): void;
  step(kernels: Kernels): void;
}

/** `weights[k, j] = source[j, k]` for rows `rows` and columns `cols` of source, at row offset `rowOffset`. */
function transposeInto(
  weights: FloatArray,
  rowOffset: number,
  width: number,
  source: FloatArray,
  rows: number,
  cols: number,
): void {
  for (let j = 0; j < rows; j++)
    for (let k = 0; k < cols; k++) weights[(rowOffset + k) * width + j] = source[j * cols + k];
}

/** LSTM: z (1, 4H) = [x, h] · [W_ih, W_hh]ᵀ + b; c = f c + i g; m = o tanh(c); h = m, or W_hr m with a projection. */
class LstmStep implements LayerStep {
  readonly input: FloatArray;
  private readonly D: number;
  private readonly H: number;
  private readonly P: number;
  /** [W_ih, W_hh]ᵀ `[(D + P), 4H]`, so z (1, 4H) = xh (1, D + P) · weights. */
  private readonly weights: FloatArray;
  /** b_ih + b_hh `[4H]`. */
  private readonly bias: FloatArray;
  /** [x, h] `[D + P]`; h is updated in place. */
  private readonly xh: FloatArray;
  private readonly z: FloatArray;
  private readonly c: Float64Array;
  /** With a projection: W_hrᵀ `[H, P]` and m = o ⊙ tanh(c) `[H]`. */
  private readonly projectionT: FloatArray | null;
  private readonly m: FloatArray | null;

  get hArray(): FloatArray {
    return this.xh;
  }

  get hOffset(): number {
    return this.D;
  }

  constructor(layer: SteppableLayer, kernels: Kernels) {
    const D = (this.D = layer.inputSize);
    const H = (this.H = layer.hiddenSize);
    const P = (this.P = layer.outputSize);
    const G = 4 * H;
    this.weights = kernels.ensure<FloatArray>(null, (D + P) * G);
    transposeInto(this.weights, 0, G, layer.weightIh.value, G, D);
    transposeInto(this.weights, D, G, layer.weightHh.value, G, P);
    this.bias = kernels.ensure<FloatArray>(null, G);
    for (let j = 0; j < G; j++) this.bias[j] = layer.biasIh.value[j] + layer.biasHh.value[j];
    this.xh = kernels.ensure<FloatArray>(null, D + P).fill(0);
    this.input = this.xh;
    this.z = kernels.ensure<FloatArray>(null, G);
    this.c = new Float64Array(H);
    if (layer.weightHr) {
      this.projectionT = kernels.ensure<FloatArray>(null, H * P);
      transposeInto(this.projectionT, 0, P, layer.weightHr.value, P, H);
      this.m = kernels.ensure<FloatArray>(null, H);
    } else {
      this.projectionT = null;
      this.m = null;
    }
  }

  h(): FloatArray {
    return this.xh.subarray(this.D, this.D + this.P) as FloatArray;
  }

  setState(h: FloatArray | null, hOffset: number, c: FloatArray | null, cOffset: number): void {
    for (let j = 0; j < this.P; j++) this.xh[this.D + j] = h ? h[hOffset + j] : 0;
    for (let j = 0; j < this.H; j++) this.c[j] = c ? c[cOffset + j] : 0;
  }

  step(kernels: Kernels): void {
    const { D, H, P, xh, z, bias, c, m } = this;
    // z (1, 4H) = [x, h] (1, D + P) · [W_ih, W_hh]ᵀ (D + P, 4H)
    product(kernels, 1, 4 * H, D + P, xh, 0, this.weights, 0, z, 0, 0);
    for (let j = 0; j < H; j++) {
      const i = sigmoid(z[j] + bias[j]);
      const f = sigmoid(z[H + j] + bias[H + j]);
      const g = Math.tanh(z[2 * H + j] + bias[2 * H + j]);
      const o = sigmoid(z[3 * H + j] + bias[3 * H + j]);
      c[j] = f * c[j] + i * g;
      const out = o * Math.tanh(c[j]);
      if (m) m[j] = out;
      else xh[D + j] = out;
    }
    // h (1, P) = m (1, H) · W_hrᵀ (H, P)
    if (m) product(kernels, 1, P, H, m, 0, this.projectionT!, 0, xh, D, 0);
  }
}

/** GRU: r, z = σ(W_i· x + b_i· + W_h· h + b_h·); n = tanh(W_in x + b_in + r (W_hn h + b_hn)); h = (1 − z) n + z h. */
class GruStep implements LayerStep {
  readonly input: FloatArray;
  private readonly D: number;
  private readonly H: number;
  /** W_ihᵀ `[D, 3H]` and W_hhᵀ `[H, 3H]`: the n block's two products stay apart (r multiplies only one). */
  private readonly inputWeightsT: FloatArray;
  private readonly stateWeightsT: FloatArray;
  private readonly biasIh: FloatArray;
  private readonly biasHh: FloatArray;
  private readonly state: FloatArray;
  /** x · W_ihᵀ and h · W_hhᵀ `[3H]`. */
  private readonly fromInput: FloatArray;
  private readonly fromState: FloatArray;

  constructor(layer: SteppableLayer, kernels: Kernels) {
    const D = (this.D = layer.inputSize);
    const H = (this.H = layer.hiddenSize);
    const G = 3 * H;
    this.inputWeightsT = kernels.ensure<FloatArray>(null, D * G);
    transposeInto(this.inputWeightsT, 0, G, layer.weightIh.value, G, D);
    this.stateWeightsT = kernels.ensure<FloatArray>(null, H * G);
    transposeInto(this.stateWeightsT, 0, G, layer.weightHh.value, G, H);
    this.biasIh = layer.biasIh.value;
    this.biasHh = layer.biasHh.value;
    this.input = kernels.ensure<FloatArray>(null, D).fill(0);
    this.state = kernels.ensure<FloatArray>(null, H).fill(0);
    this.fromInput = kernels.ensure<FloatArray>(null, G);
    this.fromState = kernels.ensure<FloatArray>(null, G);
  }

  readonly hOffset = 0;

  get hArray(): FloatArray {
    return this.state;
  }

  h(): FloatArray {
    return this.state.subarray(0, this.H) as FloatArray;
  }

  setState(h: FloatArray | null, hOffset: number): void {
    for (let j = 0; j < this.H; j++) this.state[j] = h ? h[hOffset + j] : 0;
  }

  step(kernels: Kernels): void {
    const { D, H, fromInput: gi, fromState: gh, biasIh: bi, biasHh: bh, state: h } = this;
    // gi (1, 3H) = x (1, D) · W_ihᵀ (D, 3H); gh (1, 3H) = h (1, H) · W_hhᵀ (H, 3H)
    product(kernels, 1, 3 * H, D, this.input, 0, this.inputWeightsT, 0, gi, 0, 0);
    product(kernels, 1, 3 * H, H, h, 0, this.stateWeightsT, 0, gh, 0, 0);
    for (let j = 0; j < H; j++) {
      const r = sigmoid(gi[j] + bi[j] + gh[j] + bh[j]);
      const z = sigmoid(gi[H + j] + bi[H + j] + gh[H + j] + bh[H + j]);
      const n = Math.tanh(gi[2 * H + j] + bi[2 * H + j] + r * (gh[2 * H + j] + bh[2 * H + j]));
      h[j] = (1 - z) * n + z * h[j];
    }
  }
}

export class RecurrentStepper {
  /** The kernels every step runs on; the workspaces below are theirs. */
  private readonly kernels: Kernels;
  private readonly layers: LayerStep[];
  /** Widths of each layer's h and (LSTM) c, for reading a stacked state. */
  private readonly hWidth: number;
  private readonly cWidth: number;
  /** Head: Wᵀ `[Hout, O]` and b `[O]`. */
  private readonly headWeights: FloatArray;
  private readonly headBias: FloatArray;
  private readonly logits: FloatArray;

  constructor(private readonly model: LstmModel) {
    const config = model.config;
    const { outputSize: O, dtype } = config;
    if (!model.embedding) throw new Error('the stepper reads token ids: the model needs an embedding');
    if (config.bidirectional)
      throw new Error(
        'a bidirectional model cannot run one token at a time: its backward direction needs the whole text',
      );
    const kernels = (this.kernels = kernelsFor(dtype));
    const layers = model.recurrentLayers() as SteppableLayer[];
    this.layers = layers.map((layer) =>
      config.cell === 'gru' ? new GruStep(layer, kernels) : new LstmStep(layer, kernels),
    );
    this.hWidth = layers[0].outputSize;
    this.cWidth = layers[0].hiddenSize;
    const Hout = this.hWidth;
    this.headWeights = kernels.ensure<FloatArray>(null, Hout * O);
    transposeInto(this.headWeights, 0, O, model.head.weight.value, O, Hout);
    this.headBias = model.head.bias.value;
    this.logits = kernels.ensure<FloatArray>(null, O);
  }

  /** Starts from a state (h `[L, 1, Hout]`, c `[L, 1, H]` for an LSTM; e.g. `forward().finalState` of a prompt), or zeros. */
  setState(state?: { h: FloatArray; c?: FloatArray }): void {
    this.layers.forEach((layer, l) =>
      layer.setState(state?.h ?? null, l * this.hWidth, state?.c ?? null, l * this.cWidth),
    );
  }

  /** Reads one token; returns the head's logits `[O]` (overwritten by the next step). */
  step(token: number): FloatArray {
    const embedding = this.model.embedding!;
    const E = embedding.dim;
    const first = this.layers[0].input;
    const table = embedding.weight.value;
    for (let e = 0; e < E; e++) first[e] = table[token * E + e];
    for (let l = 0; l < this.layers.length; l++) {
      this.layers[l].step(this.kernels);
      if (l + 1 < this.layers.length) this.layers[l + 1].input.set(this.layers[l].h());
    }
    const top = this.layers[this.layers.length - 1];
    const O = this.headBias.length;
    // logits (1, O) = h (1, Hout) · Wᵀ (Hout, O) + b
    product(this.kernels, 1, O, this.hWidth, top.hArray, top.hOffset, this.headWeights, 0, this.logits, 0, 0);
    for (let o = 0; o < O; o++) this.logits[o] += this.headBias[o];
    return this.logits.subarray(0, O) as FloatArray;
  }
}
