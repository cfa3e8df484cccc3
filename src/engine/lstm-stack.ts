/**
 * A stack of LSTM layers — PyTorch's `nn.LSTM(num_layers=L, batch_first=True, dropout=p)`.
 * With `projSize` P > 0, `nn.LSTM(proj_size=P)`: every layer's h is P wide (h0, h_n `[L, B, P]`), c stays
 * H wide (c0, c_n `[L, B, H]`), and layer l+1 reads P features.
 * Layer l+1 reads layer l's outputs; while training, inverted dropout (keep with probability 1-p, scale
 * kept values by 1/(1-p)) is applied between layers, never after the last one.
 *
 * Two APIs: the recurrent-module one (time-major `[T, B, ·]` over a pass, what a composition uses, no
 * copies) and a batch-major one (`[B, T, ·]`, what `nn.LSTM(batch_first=True)` takes, with one transpose
 * at each end, on a pass of its own).
 */

import { kernelsFor } from './kernels/choose';
import { FORWARD_LSTM_NAMING } from './layer-naming';
import { LstmLayer, type LayerRecording, type LstmState } from './lstm-layer';
import { Pass, type RecurrentGradients, type RecurrentModule } from './module';
import type { Random } from './random';
import { transposeBatchTime, transposeTimeBatch } from './transpose';
import { allocate, type DType, type FloatArray, type Parameter } from './tensor';

export interface StackForwardOptions {
  /** Real length of each sequence `[B]`; null = all T. */
  lengths?: Int32Array | null;
  /** Initial hidden state `[L, B, H]` (`[L, B, P]` when projected); null = zeros. */
  h0?: FloatArray | null;
  /** Initial cell state `[L, B, H]`; null = zeros. */
  c0?: FloatArray | null;
  /** Apply dropout between layers (needs `rng` when dropout > 0). */
  training?: boolean;
  rng?: Random;
}

export class LstmStack implements RecurrentModule<LstmState, LayerRecording[]> {
  readonly layers: LstmLayer[];
  private readonly dropoutMasks: (FloatArray | null)[];
  private readonly droppedInputs: (FloatArray | null)[];
  private readonly layerInputGrads: (FloatArray | null)[];
  private appliedDropout = false;
  private steps = 0;
  private batchSize = 0;
  /** The pass of the batch-major API. */
  private batchFirstPass: Pass | null = null;
  private transposeScratch: FloatArray | null = null;

  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    readonly numLayers: number,
    readonly dropout: number,
    readonly dtype: DType,
    /** P of `nn.LSTM(proj_size=P)`; 0 = no projection. */
    readonly projSize = 0,
  ) {
    this.layers = [];
    const layerOutput = projSize > 0 ? projSize : hiddenSize;
    for (let l = 0; l < numLayers; l++)
      this.layers.push(
        new LstmLayer(l, l === 0 ? inputSize : layerOutput, hiddenSize, dtype, FORWARD_LSTM_NAMING, projSize),
      );
    this.dropoutMasks = this.layers.map(() => null);
    this.droppedInputs = this.layers.map(() => null);
    this.layerInputGrads = this.layers.map(() => null);
  }

  /** The width of h and of the outputs: P when projected, else H. */
  get outputSize(): number {
    return this.projSize > 0 ? this.projSize : this.hiddenSize;
  }

  parameters(): Parameter[] {
    return this.layers.flatMap((layer) => layer.parameters());
  }

  /**
   * x `[T, B, D]`, initial h `[L, B, outputSize]` and c `[L, B, H]` (null or absent = zeros). Returns the top
   * layer's outputs `[T, B, outputSize]`.
   */
  forward(pass: Pass, x: FloatArray, initialState: Partial<LstmState> | null): FloatArray {
    const { B, T } = pass;
    const BH = B * this.hiddenSize;
    const BO = B * this.outputSize;
    this.steps = T;
    this.batchSize = B;
    this.appliedDropout = pass.training && this.dropout > 0 && this.numLayers > 1;
    if (this.appliedDropout && !pass.rng) throw new Error('LstmStack: dropout while training needs a random generator');
    let input = x;
    let outputs: FloatArray = x;
    for (let l = 0; l < this.numLayers; l++) {
      const layerState = initialState
        ? { h: initialState.h?.subarray(l * BO, (l + 1) * BO), c: initialState.c?.subarray(l * BH, (l + 1) * BH) }
        : null;
      outputs = this.layers[l].forward(pass, input, layerState);
      if (l + 1 < this.numLayers) input = this.appliedDropout ? this.applyDropout(pass, l, outputs, T * BO) : outputs;
    }
    return outputs;
  }

  // dropped (n) = outputs (n) ⊙ mask, mask ∈ {0, 1/(1-p)} drawn per element.
  private applyDropout(pass: Pass, l: number, outputs: FloatArray, n: number): FloatArray {
    const mask = (this.dropoutMasks[l] = pass.kernels.ensure(this.dropoutMasks[l], n));
    const dropped = (this.droppedInputs[l] = pass.kernels.ensure(this.droppedInputs[l], n));
    const rng = pass.rng!;
    const keep = 1 - this.dropout;
    const scale = 1 / keep;
    for (let k = 0; k < n; k++) {
      const m = rng.uniform() < keep ? scale : 0;
      mask[k] = m;
      dropped[k] = outputs[k] * m;
    }
    return dropped;
  }

  /** After forward: the top layer's h at each sequence's last real step `[B, outputSize]` (a view). */
  lastOutput(): FloatArray {
    return this.layers[this.numLayers - 1].lastOutput();
  }

  /**
   * BPTT through every layer. gradients.dOutputs `[T, B, outputSize]` and dLastOutput `[B, outputSize]`
   * reach the top layer's outputs; dFinalState h `[L, B, outputSize]`, c `[L, B, H]` each layer's final
   * state; dInput `[T, B, D]` receives dLoss/dx when given.
   */
  backward(pass: Pass, gradients: RecurrentGradients<LstmState>, dInput: FloatArray | null): void {
    const T = this.steps;
    const BH = this.batchSize * this.hiddenSize;
    const BO = this.batchSize * this.outputSize;
    const dhN = gradients.dFinalState?.h ?? null;
    const dcN = gradients.dFinalState?.c ?? null;
    let dOut = gradients.dOutputs ?? null;
    for (let l = this.numLayers - 1; l >= 0; l--) {
      const layer = this.layers[l];
      const dFinalState =
        dhN || dcN ? { h: dhN?.subarray(l * BO, (l + 1) * BO), c: dcN?.subarray(l * BH, (l + 1) * BH) } : null;
      const dLastOutput = l === this.numLayers - 1 ? (gradients.dLastOutput ?? null) : null;
      let dx: FloatArray | null = dInput;
      if (l > 0) dx = this.layerInputGrads[l] = pass.kernels.ensure(this.layerInputGrads[l], T * BO);
      layer.backward(pass, { dOutputs: dOut, dLastOutput, dFinalState }, dx);
      if (l > 0) {
        const grads = dx!;
        if (this.appliedDropout) {
          const mask = this.dropoutMasks[l - 1]!;
          for (let k = 0; k < T * BO; k++) grads[k] *= mask[k];
        }
        dOut = grads;
      }
    }
  }

  /** After forward: final states h `[L, B, outputSize]`, c `[L, B, H]` (fresh copies). */
  finalState(): LstmState {
    const T = this.steps;
    const BH = this.batchSize * this.hiddenSize;
    const BO = this.batchSize * this.outputSize;
    const h = allocate(this.dtype, this.numLayers * BO);
    const c = allocate(this.dtype, this.numLayers * BH);
    this.layers.forEach((layer, l) => {
      h.set(layer.hiddenStates().subarray(T * BO, (T + 1) * BO), l * BO);
      c.set(layer.cellStates().subarray(T * BH, (T + 1) * BH), l * BH);
    });
    return { h, c };
  }

  /** After backward: dLoss/dh0 `[L, B, outputSize]` and dLoss/dc0 `[L, B, H]` (fresh copies). */
  initialStateGrads(): LstmState {
    const BH = this.batchSize * this.hiddenSize;
    const BO = this.batchSize * this.outputSize;
    const h = allocate(this.dtype, this.numLayers * BO);
    const c = allocate(this.dtype, this.numLayers * BH);
    this.layers.forEach((layer, l) => {
      const grads = layer.initialStateGradViews();
      h.set(grads.dh0, l * BO);
      c.set(grads.dc0, l * BH);
    });
    return { h, c };
  }

  /** After forward: every layer's i, f, g, o, c, h, batch-major `[B, T, H]` (fresh copies). */
  recordGates(): LayerRecording[] {
    return this.layers.map((layer) => layer.recordGates());
  }

  /**
   * Batch-major forward, as `nn.LSTM(batch_first=True)`: x `[B, T, D]` → output `[B, T, outputSize]` (zero
   * at padded steps, as PyTorch's packed sequences give), h_n `[L, B, outputSize]` and c_n `[L, B, H]`.
   */
  forwardBatchFirst(
    x: FloatArray,
    B: number,
    T: number,
    options: StackForwardOptions = {},
  ): { output: FloatArray; hN: FloatArray; cN: FloatArray } {
    const D = this.inputSize;
    const H = this.outputSize;
    const kernels = kernelsFor(this.dtype);
    const pass = (this.batchFirstPass ??= new Pass(kernels)).begin(
      kernels,
      B,
      T,
      options.lengths ?? null,
      options.training === true,
      options.rng ?? null,
    );
    const xTime = allocate(this.dtype, T * B * D);
    transposeBatchTime(x, B, T, D, xTime);
    const outputs = this.forward(pass, xTime, { h: options.h0 ?? undefined, c: options.c0 ?? undefined });
    const output = allocate(this.dtype, B * T * H);
    transposeTimeBatch(outputs, 0, B, T, H, output);
    const lengths = options.lengths;
    if (lengths) for (let b = 0; b < B; b++) output.fill(0, (b * T + lengths[b]) * H, (b + 1) * T * H);
    const { h, c } = this.finalState();
    return { output, hN: h, cN: c };
  }

  /**
   * Batch-major backward after `forwardBatchFirst`: dOutput `[B, T, outputSize]` or null, dhN
   * `[L, B, outputSize]` and dcN `[L, B, H]` or null → dx `[B, T, D]`, dh0 and dc0 (shaped as h0, c0).
   * Parameter gradients accumulate.
   */
  backwardBatchFirst(
    dOutput: FloatArray | null,
    dhN: FloatArray | null,
    dcN: FloatArray | null,
  ): { dx: FloatArray; dh0: FloatArray; dc0: FloatArray } {
    const pass = this.batchFirstPass;
    if (!pass) throw new Error('LstmStack: call forwardBatchFirst first');
    const { B, T } = pass;
    const D = this.inputSize;
    const H = this.outputSize;
    let dOutTime: FloatArray | null = null;
    if (dOutput) {
      dOutTime = this.transposeScratch = pass.kernels.ensure(this.transposeScratch, T * B * H);
      transposeBatchTime(dOutput, B, T, H, dOutTime);
    }
    const dxTime = allocate(this.dtype, T * B * D);
    this.backward(pass, { dOutputs: dOutTime, dFinalState: { h: dhN ?? undefined, c: dcN ?? undefined } }, dxTime);
    const dx = allocate(this.dtype, B * T * D);
    transposeTimeBatch(dxTime, 0, B, T, D, dx);
    const { h, c } = this.initialStateGrads();
    return { dx, dh0: h, dc0: c };
  }
}
