/**
 * A stack of LSTM layers — PyTorch's `nn.LSTM(num_layers=L, batch_first=True, dropout=p)`.
 * Layer l+1 reads layer l's outputs; while training, inverted dropout (keep with probability 1-p, scale
 * kept values by 1/(1-p)) is applied between layers, never after the last one.
 *
 * Two APIs: time-major (`[T, B, ·]`, what the model uses, no copies) and batch-major (`[B, T, ·]`, what
 * `nn.LSTM(batch_first=True)` takes, with one transpose at each end).
 */

import { LstmLayer } from './lstm-layer';
import type { Random } from './random';
import { allocate, ensureCapacity, type DType, type FloatArray, type Parameter } from './tensor';

export interface StackForwardOptions {
  /** Real length of each sequence `[B]`; null = all T. */
  lengths?: Int32Array | null;
  /** Initial hidden state `[L, B, H]`; null = zeros. */
  h0?: FloatArray | null;
  /** Initial cell state `[L, B, H]`; null = zeros. */
  c0?: FloatArray | null;
  /** Apply dropout between layers (needs `rng` when dropout > 0). */
  training?: boolean;
  rng?: Random;
}

export class LstmStack {
  readonly layers: LstmLayer[];
  private readonly dropoutMasks: (FloatArray | null)[];
  private readonly droppedInputs: (FloatArray | null)[];
  private readonly layerInputGrads: (FloatArray | null)[];
  private appliedDropout = false;
  private steps = 0;
  private batchSize = 0;
  private transposeScratch: FloatArray | null = null;

  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    readonly numLayers: number,
    readonly dropout: number,
    readonly dtype: DType,
  ) {
    this.layers = [];
    for (let l = 0; l < numLayers; l++) this.layers.push(new LstmLayer(l, l === 0 ? inputSize : hiddenSize, hiddenSize, dtype));
    this.dropoutMasks = this.layers.map(() => null);
    this.droppedInputs = this.layers.map(() => null);
    this.layerInputGrads = this.layers.map(() => null);
  }

  parameters(): Parameter[] {
    return this.layers.flatMap((layer) => layer.parameters());
  }

  /** x `[T, B, D]`. Returns the top layer's hidden buffer `[T+1, B, H]` (outputs from offset B·H). */
  forwardTimeMajor(x: FloatArray, T: number, B: number, options: StackForwardOptions = {}): FloatArray {
    const H = this.hiddenSize;
    const BH = B * H;
    const lengths = options.lengths ?? null;
    this.steps = T;
    this.batchSize = B;
    this.appliedDropout = options.training === true && this.dropout > 0 && this.numLayers > 1;
    if (this.appliedDropout && !options.rng) throw new Error('LstmStack: dropout while training needs a random generator');
    let input = x;
    let hidden: FloatArray = x;
    for (let l = 0; l < this.numLayers; l++) {
      const layer = this.layers[l];
      const h0 = options.h0 ? options.h0.subarray(l * BH, (l + 1) * BH) : null;
      const c0 = options.c0 ? options.c0.subarray(l * BH, (l + 1) * BH) : null;
      hidden = layer.forward(input, T, B, lengths, h0, c0);
      if (l + 1 < this.numLayers) {
        const outputs = hidden.subarray(BH, (T + 1) * BH);
        input = this.appliedDropout ? this.applyDropout(l, outputs, T * BH, options.rng!) : outputs;
      }
    }
    return hidden;
  }

  // dropped (n) = outputs (n) ⊙ mask, mask ∈ {0, 1/(1-p)} drawn per element.
  private applyDropout(l: number, outputs: FloatArray, n: number, rng: Random): FloatArray {
    const mask = (this.dropoutMasks[l] = ensureCapacity(this.dropoutMasks[l], n, this.dtype));
    const dropped = (this.droppedInputs[l] = ensureCapacity(this.droppedInputs[l], n, this.dtype));
    const keep = 1 - this.dropout;
    const scale = 1 / keep;
    for (let k = 0; k < n; k++) {
      const m = rng.uniform() < keep ? scale : 0;
      mask[k] = m;
      dropped[k] = outputs[k] * m;
    }
    return dropped;
  }

  /**
   * BPTT through every layer. dOutputs `[T, B, H]` for the top layer's outputs (or null); dhN, dcN
   * `[L, B, H]` (or null); dInput `[T, B, D]` receives dLoss/dx when given.
   */
  backwardTimeMajor(dOutputs: FloatArray | null, dhN: FloatArray | null, dcN: FloatArray | null, dInput: FloatArray | null): void {
    const T = this.steps;
    const B = this.batchSize;
    const H = this.hiddenSize;
    const BH = B * H;
    let dOut = dOutputs;
    for (let l = this.numLayers - 1; l >= 0; l--) {
      const layer = this.layers[l];
      const dh = dhN ? dhN.subarray(l * BH, (l + 1) * BH) : null;
      const dc = dcN ? dcN.subarray(l * BH, (l + 1) * BH) : null;
      let dx: FloatArray | null = dInput;
      if (l > 0) dx = this.layerInputGrads[l] = ensureCapacity(this.layerInputGrads[l], T * BH, this.dtype);
      layer.backward(dOut, dh, dc, dx);
      if (l > 0) {
        const grads = dx!;
        if (this.appliedDropout) {
          const mask = this.dropoutMasks[l - 1]!;
          for (let k = 0; k < T * BH; k++) grads[k] *= mask[k];
        }
        dOut = grads;
      }
    }
  }

  /** After forward: final states `[L, B, H]` each (fresh copies). */
  finalState(): { h: FloatArray; c: FloatArray } {
    const T = this.steps;
    const BH = this.batchSize * this.hiddenSize;
    const h = allocate(this.dtype, this.numLayers * BH);
    const c = allocate(this.dtype, this.numLayers * BH);
    this.layers.forEach((layer, l) => {
      h.set(layer.hiddenStates().subarray(T * BH, (T + 1) * BH), l * BH);
      c.set(layer.cellStates().subarray(T * BH, (T + 1) * BH), l * BH);
    });
    return { h, c };
  }

  /** After backward: dLoss/dh0 and dLoss/dc0 `[L, B, H]` (fresh copies). */
  initialStateGrads(): { dh0: FloatArray; dc0: FloatArray } {
    const BH = this.batchSize * this.hiddenSize;
    const dh0 = allocate(this.dtype, this.numLayers * BH);
    const dc0 = allocate(this.dtype, this.numLayers * BH);
    this.layers.forEach((layer, l) => {
      const grads = layer.initialStateGrads();
      dh0.set(grads.dh0, l * BH);
      dc0.set(grads.dc0, l * BH);
    });
    return { dh0, dc0 };
  }

  /**
   * Batch-major forward, as `nn.LSTM(batch_first=True)`: x `[B, T, D]` → output `[B, T, H]` (zero at
   * padded steps, as PyTorch's packed sequences give), h_n and c_n `[L, B, H]`.
   */
  forward(x: FloatArray, B: number, T: number, options: StackForwardOptions = {}): { output: FloatArray; hN: FloatArray; cN: FloatArray } {
    const D = this.inputSize;
    const H = this.hiddenSize;
    const xTime = allocate(this.dtype, T * B * D);
    transposeBatchTime(x, B, T, D, xTime);
    const hidden = this.forwardTimeMajor(xTime, T, B, options);
    const output = allocate(this.dtype, B * T * H);
    transposeTimeBatch(hidden, B * H, T, B, H, output);
    const lengths = options.lengths;
    if (lengths) for (let b = 0; b < B; b++) output.fill(0, (b * T + lengths[b]) * H, (b + 1) * T * H);
    const { h, c } = this.finalState();
    return { output, hN: h, cN: c };
  }

  /**
   * Batch-major backward after `forward`: dOutput `[B, T, H]` or null, dhN/dcN `[L, B, H]` or null →
   * dx `[B, T, D]`, dh0 and dc0 `[L, B, H]`. Parameter gradients accumulate.
   */
  backward(dOutput: FloatArray | null, dhN: FloatArray | null, dcN: FloatArray | null): { dx: FloatArray; dh0: FloatArray; dc0: FloatArray } {
    const T = this.steps;
    const B = this.batchSize;
    const D = this.inputSize;
    const H = this.hiddenSize;
    let dOutTime: FloatArray | null = null;
    if (dOutput) {
      dOutTime = this.transposeScratch = ensureCapacity(this.transposeScratch, T * B * H, this.dtype);
      transposeBatchTime(dOutput, B, T, H, dOutTime);
    }
    const dxTime = allocate(this.dtype, T * B * D);
    this.backwardTimeMajor(dOutTime, dhN, dcN, dxTime);
    const dx = allocate(this.dtype, B * T * D);
    transposeTimeBatch(dxTime, 0, T, B, D, dx);
    return { dx, ...this.initialStateGrads() };
  }
}

// out [T, B, W] ← x [B, T, W]
export function transposeBatchTime(x: FloatArray, B: number, T: number, W: number, out: FloatArray): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const src = (b * T + t) * W;
      const dst = (t * B + b) * W;
      for (let w = 0; w < W; w++) out[dst + w] = x[src + w];
    }
  }
}

// out [B, T, W] ← x [T, B, W] read from x starting at `offset`
export function transposeTimeBatch(x: FloatArray, offset: number, T: number, B: number, W: number, out: FloatArray): void {
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      const src = offset + (t * B + b) * W;
      const dst = (b * T + t) * W;
      for (let w = 0; w < W; w++) out[dst + w] = x[src + w];
    }
  }
}
