/**
 * A stack of recurrent layers of any cell, in one or two directions — PyTorch's
 * `nn.LSTM`/`nn.GRU(num_layers=L, bidirectional=…, dropout=p, batch_first=True)`. Layer l+1 reads layer
 * l's outputs (both directions' for a bidirectional stack); while training, inverted dropout (keep with
 * probability 1-p, scale kept values by 1/(1-p)) is applied between layers, never after the last one —
 * the same masks drawn in the same order as `LstmStack`, so an LSTM stack built here is bit-identical.
 *
 * State, as PyTorch lays out h_n and c_n: h `[L·dirs, B, Hout]` ordered layer × direction, c
 * `[L·dirs, B, H]` for an LSTM (absent for a GRU). Hout = H, or P for a projected LSTM.
 *
 * Two APIs: the recurrent-module one (time-major `[T, B, ·]` over a pass, no copies) and a batch-major
 * one (`[B, T, ·]`, with one transpose at each end, on a pass of its own).
 */

import { BidirectionalLayer, type BidirectionalRecording } from './bidirectional-layer';
import { kernelsFor } from './kernels/choose';
import { Pass, type RecurrentGradients, type RecurrentModule } from './module';
import type { Random } from './random';
import type { RecurrentLayer, RecurrentLayerFactory, RecurrentState } from './recurrent-layer';
import { transposeBatchTime, transposeTimeBatch } from './transpose';
import { allocate, type DType, type FloatArray, type Parameter } from './tensor';

export interface StackForwardOptions {
  /** Real length of each sequence `[B]`; null = all T. */
  lengths?: Int32Array | null;
  /** Initial hidden state `[L·dirs, B, Hout]`; null = zeros. */
  h0?: FloatArray | null;
  /** Initial cell state `[L·dirs, B, H]` (LSTM); null = zeros. */
  c0?: FloatArray | null;
  /** Apply dropout between layers (needs `rng` when dropout > 0). */
  training?: boolean;
  rng?: Random;
}

export interface RecurrentStackOptions<Recording> {
  /** Makes one direction of one layer (an `LstmLayer`, a projected LSTM layer, a `GruLayer`). */
  makeLayer: RecurrentLayerFactory<Recording>;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  bidirectional?: boolean;
  /** Dropout probability between layers while training (0 = none). */
  dropout?: number;
  dtype: DType;
  /** The module path that prefixes the parameter names (`lstm`, `gru`); default `lstm`. */
  module?: string;
}

/** Batch-major results: output `[B, T, dirs·Hout]` (zero at padded steps), h_n `[L·dirs, B, Hout]`, c_n `[L·dirs, B, H]`. */
export interface StackBatchFirstOutput {
  output: FloatArray;
  hN: FloatArray;
  cN?: FloatArray;
}

/** Batch-major input gradients: dx `[B, T, D]`, dh0 `[L·dirs, B, Hout]`, dc0 `[L·dirs, B, H]` (with c). */
export interface StackBatchFirstGradients {
  dx: FloatArray;
  dh0: FloatArray;
  dc0?: FloatArray;
}

/** Builds an LSTM or GRU stack, one or two directions, in one line. */
export function createRecurrentStack<R extends object>(
  options: RecurrentStackOptions<R> & { bidirectional: true },
): RecurrentStack<BidirectionalRecording<R>>;
export function createRecurrentStack<R extends object>(
  options: RecurrentStackOptions<R> & { bidirectional?: false },
): RecurrentStack<R>;
export function createRecurrentStack<R extends object>(
  options: RecurrentStackOptions<R>,
): RecurrentStack<R> | RecurrentStack<BidirectionalRecording<R>>;
export function createRecurrentStack<R extends object>(
  options: RecurrentStackOptions<R>,
): RecurrentStack<R> | RecurrentStack<BidirectionalRecording<R>> {
  const { makeLayer, inputSize, hiddenSize, numLayers, dtype } = options;
  const module = options.module ?? 'lstm';
  const dropout = options.dropout ?? 0;
  if (options.bidirectional) {
    const layers: BidirectionalLayer<R>[] = [];
    for (let l = 0; l < numLayers; l++) {
      const layerInputSize = l === 0 ? inputSize : layers[l - 1].outputSize; // both directions of layer l-1
      layers.push(new BidirectionalLayer(l, layerInputSize, hiddenSize, dtype, module, makeLayer));
    }
    return new RecurrentStack(layers, 2, dropout);
  }
  const layers: RecurrentLayer<R>[] = [];
  for (let l = 0; l < numLayers; l++) {
    const layerInputSize = l === 0 ? inputSize : layers[l - 1].outputSize; // H, or P when projected
    layers.push(makeLayer(l, layerInputSize, hiddenSize, dtype, { module, direction: 'forward' }));
  }
  return new RecurrentStack(layers, 1, dropout);
}

export class RecurrentStack<LayerRecording> implements RecurrentModule<RecurrentState, LayerRecording[]> {
  readonly numLayers: number;
  readonly inputSize: number;
  /** H: the width of each cell's state. */
  readonly hiddenSize: number;
  /** The stack's output width: dirs · Hout. */
  readonly outputSize: number;
  /** Hout: the width of one direction's h (H, or P for a projected LSTM). */
  readonly stateSize: number;
  readonly dtype: DType;
  private readonly dropoutMasks: (FloatArray | null)[];
  private readonly droppedInputs: (FloatArray | null)[];
  private readonly layerInputGrads: (FloatArray | null)[];
  /** dLoss/d(top layer's final h) when both dLastOutput and dFinalState.h reach a single direction. */
  private topFinalGrad: FloatArray | null = null;
  private appliedDropout = false;
  private steps = 0;
  private batchSize = 0;
  /** The pass of the batch-major API. */
  private batchFirstPass: Pass | null = null;
  private transposeScratch: FloatArray | null = null;

  /** `layers`: bottom to top, each single-direction (`directions` 1) or a `BidirectionalLayer` (2). */
  constructor(
    readonly layers: RecurrentLayer<LayerRecording>[],
    readonly directions: 1 | 2,
    readonly dropout: number,
  ) {
    if (layers.length === 0) throw new Error('RecurrentStack: needs at least one layer');
    this.numLayers = layers.length;
    this.inputSize = layers[0].inputSize;
    this.hiddenSize = layers[0].hiddenSize;
    this.outputSize = layers[layers.length - 1].outputSize;
    this.stateSize = layers[0].outputSize / directions;
    this.dtype = layers[0].dtype;
    this.dropoutMasks = layers.map(() => null);
    this.droppedInputs = layers.map(() => null);
    this.layerInputGrads = layers.map(() => null);
  }

  parameters(): Parameter[] {
    return this.layers.flatMap((layer) => layer.parameters());
  }

  /** One layer's slice of h `[dirs, B, Hout]` and of c `[dirs, B, H]` in the stack's state layout. */
  private slotSizes(B: number): { hSize: number; cSize: number } {
    return { hSize: this.directions * B * this.stateSize, cSize: this.directions * B * this.hiddenSize };
  }

  /**
   * x `[T, B, D]`, initial h `[L·dirs, B, Hout]` and c `[L·dirs, B, H]` (null or absent = zeros). Returns
   * the top layer's outputs `[T, B, dirs·Hout]` (a view).
   */
  forward(pass: Pass, x: FloatArray, initialState: Partial<RecurrentState> | null): FloatArray {
    const { B, T } = pass;
    const { hSize, cSize } = this.slotSizes(B);
    this.steps = T;
    this.batchSize = B;
    this.appliedDropout = pass.training && this.dropout > 0 && this.numLayers > 1;
    if (this.appliedDropout && !pass.rng)
      throw new Error('RecurrentStack: dropout while training needs a random generator');
    let input = x;
    let outputs: FloatArray = x;
    for (let l = 0; l < this.numLayers; l++) {
      const layerState = initialState
        ? {
            h: initialState.h?.subarray(l * hSize, (l + 1) * hSize),
            c: initialState.c?.subarray(l * cSize, (l + 1) * cSize),
          }
        : null;
      const layer = this.layers[l];
      outputs = layer.forward(pass, input, layerState);
      if (l + 1 < this.numLayers)
        input = this.appliedDropout ? this.applyDropout(pass, l, outputs, T * B * layer.outputSize) : outputs;
    }
    return outputs;
  }

  // dropped (n) = outputs (n) ⊙ mask, mask ∈ {0, 1/(1-p)} drawn per element (LstmStack's order).
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

  /** After forward: the top layer's last output `[B, dirs·Hout]` (a view; bidirectional: see BidirectionalLayer). */
  lastOutput(): FloatArray {
    return this.layers[this.numLayers - 1].lastOutput();
  }

  /**
   * BPTT through every layer. gradients.dOutputs `[T, B, dirs·Hout]` and dLastOutput `[B, dirs·Hout]`
   * reach the top layer's outputs; dFinalState h `[L·dirs, B, Hout]`, c `[L·dirs, B, H]` each layer's
   * final state; dInput `[T, B, D]` receives dLoss/dx when given.
   */
  backward(pass: Pass, gradients: RecurrentGradients<RecurrentState>, dInput: FloatArray | null): void {
    const T = this.steps;
    const B = this.batchSize;
    const { hSize, cSize } = this.slotSizes(B);
    const dhN = gradients.dFinalState?.h ?? null;
    const dcN = gradients.dFinalState?.c ?? null;
    let dOut = gradients.dOutputs ?? null;
    for (let l = this.numLayers - 1; l >= 0; l--) {
      const layer = this.layers[l];
      let dFinalState =
        dhN || dcN
          ? { h: dhN?.subarray(l * hSize, (l + 1) * hSize), c: dcN?.subarray(l * cSize, (l + 1) * cSize) }
          : null;
      const dLastOutput = l === this.numLayers - 1 ? (gradients.dLastOutput ?? null) : null;
      if (dLastOutput && dFinalState?.h && this.directions === 1) {
        // A single direction's last output is its final h: the layer takes one gradient for both.
        const sum = (this.topFinalGrad = pass.kernels.ensure(this.topFinalGrad, hSize));
        for (let k = 0; k < hSize; k++) sum[k] = dFinalState.h[k] + dLastOutput[k];
        dFinalState = { h: sum.subarray(0, hSize), c: dFinalState.c };
      }
      let dx: FloatArray | null = dInput;
      const inputLength = T * B * layer.inputSize;
      if (l > 0) dx = this.layerInputGrads[l] = pass.kernels.ensure(this.layerInputGrads[l], inputLength);
      layer.backward(pass, { dOutputs: dOut, dLastOutput, dFinalState }, dx);
      if (l > 0) {
        const grads = dx!;
        if (this.appliedDropout) {
          const mask = this.dropoutMasks[l - 1]!;
          for (let k = 0; k < inputLength; k++) grads[k] *= mask[k];
        }
        dOut = grads;
      }
    }
  }

  /** After forward: h `[L·dirs, B, Hout]`, c `[L·dirs, B, H]` for an LSTM (fresh copies). */
  finalState(): RecurrentState {
    return this.gatherSlots(this.layers.map((layer) => layer.finalState()));
  }

  /** After backward: dLoss/dh0 `[L·dirs, B, Hout]`, dLoss/dc0 `[L·dirs, B, H]` for an LSTM (fresh copies). */
  initialStateGrads(): RecurrentState {
    return this.gatherSlots(this.layers.map((layer) => layer.initialStateGrads()));
  }

  private gatherSlots(perLayer: RecurrentState[]): RecurrentState {
    const { hSize, cSize } = this.slotSizes(this.batchSize);
    const h = allocate(this.dtype, this.numLayers * hSize);
    perLayer.forEach((state, l) => h.set(state.h.subarray(0, hSize), l * hSize));
    if (!perLayer.every((state) => state.c)) return { h };
    const c = allocate(this.dtype, this.numLayers * cSize);
    perLayer.forEach((state, l) => c.set(state.c!.subarray(0, cSize), l * cSize));
    return { h, c };
  }

  /** After forward: every layer's recording, batch-major (fresh copies). */
  recordGates(): LayerRecording[] {
    return this.layers.map((layer) => layer.recordGates());
  }

  /**
   * Batch-major forward, as `nn.LSTM`/`nn.GRU(batch_first=True)`: x `[B, T, D]` → output
   * `[B, T, dirs·Hout]` (zero at padded steps, as PyTorch's packed sequences give), h_n and c_n.
   */
  forwardBatchFirst(x: FloatArray, B: number, T: number, options: StackForwardOptions = {}): StackBatchFirstOutput {
    const D = this.inputSize;
    const W = this.outputSize;
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
    const output = allocate(this.dtype, B * T * W);
    transposeTimeBatch(outputs, 0, B, T, W, output);
    const lengths = options.lengths;
    if (lengths) for (let b = 0; b < B; b++) output.fill(0, (b * T + lengths[b]) * W, (b + 1) * T * W);
    const { h, c } = this.finalState();
    return c ? { output, hN: h, cN: c } : { output, hN: h };
  }

  /**
   * Batch-major backward after `forwardBatchFirst`: dOutput `[B, T, dirs·Hout]` or null (its padded steps
   * are ignored, as the output is zero there), dhN/dcN in the state layout or null → dx `[B, T, D]`, dh0
   * and dc0. Parameter gradients accumulate.
   */
  backwardBatchFirst(
    dOutput: FloatArray | null,
    dhN: FloatArray | null,
    dcN: FloatArray | null = null,
  ): StackBatchFirstGradients {
    const pass = this.batchFirstPass;
    if (!pass) throw new Error('RecurrentStack: call forwardBatchFirst first');
    const { B, T } = pass;
    const D = this.inputSize;
    const W = this.outputSize;
    let dOutTime: FloatArray | null = null;
    if (dOutput) {
      dOutTime = this.transposeScratch = pass.kernels.ensure(this.transposeScratch, T * B * W);
      transposeBatchTime(dOutput, B, T, W, dOutTime);
      // The output is zero at padded steps (forwardBatchFirst), so nothing flows back from there.
      const lengths = pass.lengths;
      if (lengths)
        for (let b = 0; b < B; b++)
          for (let t = lengths[b]; t < T; t++) dOutTime.fill(0, (t * B + b) * W, (t * B + b + 1) * W);
    }
    const dxTime = allocate(this.dtype, T * B * D);
    this.backward(pass, { dOutputs: dOutTime, dFinalState: { h: dhN ?? undefined, c: dcN ?? undefined } }, dxTime);
    const dx = allocate(this.dtype, B * T * D);
    transposeTimeBatch(dxTime, 0, B, T, D, dx);
    const { h, c } = this.initialStateGrads();
    return c ? { dx, dh0: h, dc0: c } : { dx, dh0: h };
  }
}
