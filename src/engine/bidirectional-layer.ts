/**
 * One bidirectional layer — what `nn.LSTM(bidirectional=True)`/`nn.GRU(bidirectional=True)` runs at each
 * layer: a forward layer reads the sequence in time order, a backward layer (parameters `*_reverse`) reads
 * each sequence reversed **within its own length** (x'_t = x_{L−1−t} for t < L, as PyTorch's packed
 * sequences do: the backward direction starts at the last real token, never at padding), and its outputs
 * are put back in time order. Outputs `[T, B, 2·Hout]` = forward ‖ backward at every step.
 *
 * Steps past a sequence's length are left where they are by the reversal (it is a permutation of each
 * sequence's steps, its own inverse), so at padded steps the backward layer carries its state exactly as
 * a single direction does, and every gradient goes back through the same permutation.
 *
 * State: two slots, forward then backward — h `[2, B, Hout]`, c `[2, B, H]` (LSTM) — PyTorch's `h_n`
 * layout for one layer. `lastOutput()` `[B, 2·Hout]` = forward's h at the last real step ‖ backward's h
 * after reading step 0 (its final state): what a classifier reads from `cat(h_n[-2], h_n[-1])`.
 */

import type { LayerNaming } from './layer-naming';
import type { Pass, RecurrentGradients } from './module';
import type { RecurrentLayer, RecurrentLayerFactory, RecurrentState } from './recurrent-layer';
import { allocate, type DType, type FloatArray, type Parameter } from './tensor';

/** Both directions' recordings, each batch-major `[B, T, ·]` and in time order (aligned to the same tokens). */
export interface BidirectionalRecording<Recording> {
  forward: Recording;
  backward: Recording;
}

export class BidirectionalLayer<Recording extends object> implements RecurrentLayer<BidirectionalRecording<Recording>> {
  readonly directions = 2;
  readonly forwardLayer: RecurrentLayer<Recording>;
  readonly backwardLayer: RecurrentLayer<Recording>;

  private steps = 0;
  private batchSize = 0;
  private lengths: Int32Array | null = null;
  // Workspaces (pass.kernels.ensure), reused every pass:
  /** The input with each sequence reversed within its length `[T, B, D]` (the backward layer keeps it). */
  private reversedInput: FloatArray | null = null;
  /** Forward ‖ backward outputs `[T, B, 2·Hout]`. */
  private outputs: FloatArray | null = null;
  /** Forward ‖ backward last outputs `[B, 2·Hout]`. */
  private lastOutputs: FloatArray | null = null;
  /** The output gradients split per direction `[T, B, Hout]`, the backward half in its reading order. */
  private forwardOutputGrads: FloatArray | null = null;
  private backwardOutputGrads: FloatArray | null = null;
  /** dLoss/d(final h) per direction `[B, Hout]`. */
  private forwardFinalGrad: FloatArray | null = null;
  private backwardFinalGrad: FloatArray | null = null;
  /** The backward layer's input gradient in its reading order `[T, B, D]`. */
  private reversedInputGrads: FloatArray | null = null;

  constructor(
    readonly layerIndex: number,
    readonly inputSize: number,
    readonly hiddenSize: number,
    readonly dtype: DType,
    module: string,
    makeLayer: RecurrentLayerFactory<Recording>,
  ) {
    this.forwardLayer = makeLayer(layerIndex, inputSize, hiddenSize, dtype, { module, direction: 'forward' });
    this.backwardLayer = makeLayer(layerIndex, inputSize, hiddenSize, dtype, { module, direction: 'backward' });
  }

  get naming(): LayerNaming {
    return this.forwardLayer.naming;
  }

  /** Hout: the width of one direction's h (H, or P for a projected LSTM). */
  get directionOutputSize(): number {
    return this.forwardLayer.outputSize;
  }

  get outputSize(): number {
    return 2 * this.forwardLayer.outputSize;
  }

  /** PyTorch's order: every forward parameter, then every `_reverse` one. */
  parameters(): Parameter[] {
    return [...this.forwardLayer.parameters(), ...this.backwardLayer.parameters()];
  }

  /**
   * x `[T, B, D]`; initialState h `[2, B, Hout]`, c `[2, B, H]` (slots forward, backward; either may be
   * absent = zeros). Returns forward ‖ backward outputs `[T, B, 2·Hout]` (a view).
   */
  forward(pass: Pass, x: FloatArray, initialState: Partial<RecurrentState> | null): FloatArray {
    const { B, T, kernels } = pass;
    const D = this.inputSize;
    const Hout = this.directionOutputSize;
    const BHout = B * Hout;
    const BH = B * this.hiddenSize;
    this.steps = T;
    this.batchSize = B;
    this.lengths = pass.lengths;
    const slot = (state: FloatArray | undefined, k: number, n: number) => state?.subarray(k * n, (k + 1) * n);
    const h0 = initialState?.h;
    const c0 = initialState?.c;
    const forwardOutputs = this.forwardLayer.forward(pass, x, { h: slot(h0, 0, BHout), c: slot(c0, 0, BH) });
    const reversed = (this.reversedInput = kernels.ensure(this.reversedInput, T * B * D));
    copySteps(x, D, 0, reversed, D, 0, D, T, B, this.lengths, true, false);
    const backwardOutputs = this.backwardLayer.forward(pass, reversed, { h: slot(h0, 1, BHout), c: slot(c0, 1, BH) });
    const outputs = (this.outputs = kernels.ensure(this.outputs, T * B * 2 * Hout));
    copySteps(forwardOutputs, Hout, 0, outputs, 2 * Hout, 0, Hout, T, B, this.lengths, false, false);
    copySteps(backwardOutputs, Hout, 0, outputs, 2 * Hout, Hout, Hout, T, B, this.lengths, true, false);
    const last = (this.lastOutputs = kernels.ensure(this.lastOutputs, B * 2 * Hout));
    copySteps(this.forwardLayer.lastOutput(), Hout, 0, last, 2 * Hout, 0, Hout, 1, B, null, false, false);
    copySteps(this.backwardLayer.lastOutput(), Hout, 0, last, 2 * Hout, Hout, Hout, 1, B, null, false, false);
    return outputs.subarray(0, T * B * 2 * Hout);
  }

  /** After forward: forward's h at each sequence's last real step ‖ backward's h at its step 0 `[B, 2·Hout]` (a view). */
  lastOutput(): FloatArray {
    return this.lastOutputs!.subarray(0, this.batchSize * this.outputSize);
  }

  /** After forward: h `[2, B, Hout]`, c `[2, B, H]` when the cell has one (fresh copies). */
  finalState(): RecurrentState {
    return stackSlots(this.dtype, this.forwardLayer.finalState(), this.backwardLayer.finalState());
  }

  /**
   * BPTT through both directions. dOutputs `[T, B, 2·Hout]`; dLastOutput `[B, 2·Hout]` and dFinalState
   * h `[2, B, Hout]` both reach the directions' final h (summed when both are given); dFinalState.c
   * `[2, B, H]`. dX `[T, B, D]` = forward's dX + backward's dX put back in time order.
   */
  backward(pass: Pass, gradients: RecurrentGradients<RecurrentState>, dX: FloatArray | null): void {
    const { kernels } = pass;
    const T = this.steps;
    const B = this.batchSize;
    const D = this.inputSize;
    const Hout = this.directionOutputSize;
    const BHout = B * Hout;
    const BH = B * this.hiddenSize;
    const lengths = this.lengths;
    const dOutputs = gradients.dOutputs ?? null;
    const dLastOutput = gradients.dLastOutput ?? null;
    const dhN = gradients.dFinalState?.h ?? null;
    const dcN = gradients.dFinalState?.c ?? null;

    let dOutForward: FloatArray | null = null;
    let dOutBackward: FloatArray | null = null;
    if (dOutputs) {
      dOutForward = this.forwardOutputGrads = kernels.ensure(this.forwardOutputGrads, T * BHout);
      dOutBackward = this.backwardOutputGrads = kernels.ensure(this.backwardOutputGrads, T * BHout);
      copySteps(dOutputs, 2 * Hout, 0, dOutForward, Hout, 0, Hout, T, B, lengths, false, false);
      copySteps(dOutputs, 2 * Hout, Hout, dOutBackward, Hout, 0, Hout, T, B, lengths, true, false);
    }
    let dhForward: FloatArray | undefined;
    let dhBackward: FloatArray | undefined;
    if (dhN || dLastOutput) {
      dhForward = this.forwardFinalGrad = kernels.ensure(this.forwardFinalGrad, BHout);
      dhBackward = this.backwardFinalGrad = kernels.ensure(this.backwardFinalGrad, BHout);
      if (dhN) {
        dhForward.set(dhN.subarray(0, BHout));
        dhBackward.set(dhN.subarray(BHout, 2 * BHout));
      } else {
        dhForward.fill(0, 0, BHout);
        dhBackward.fill(0, 0, BHout);
      }
      if (dLastOutput) {
        copySteps(dLastOutput, 2 * Hout, 0, dhForward, Hout, 0, Hout, 1, B, null, false, true);
        copySteps(dLastOutput, 2 * Hout, Hout, dhBackward, Hout, 0, Hout, 1, B, null, false, true);
      }
      dhForward = dhForward.subarray(0, BHout);
      dhBackward = dhBackward.subarray(0, BHout);
    }
    this.forwardLayer.backward(
      pass,
      { dOutputs: dOutForward, dFinalState: { h: dhForward, c: dcN?.subarray(0, BH) } },
      dX,
    );
    const dXReversed = dX ? (this.reversedInputGrads = kernels.ensure(this.reversedInputGrads, T * B * D)) : null;
    this.backwardLayer.backward(
      pass,
      { dOutputs: dOutBackward, dFinalState: { h: dhBackward, c: dcN?.subarray(BH, 2 * BH) } },
      dXReversed,
    );
    if (dX) copySteps(dXReversed!, D, 0, dX, D, 0, D, T, B, lengths, true, true);
  }

  /** After backward: dLoss/dh0 `[2, B, Hout]`, dLoss/dc0 `[2, B, H]` when the cell has c (fresh copies). */
  initialStateGrads(): RecurrentState {
    return stackSlots(this.dtype, this.forwardLayer.initialStateGrads(), this.backwardLayer.initialStateGrads());
  }

  /** After forward: both directions' recordings, the backward one put back in time order. */
  recordGates(): BidirectionalRecording<Recording> {
    const backward = this.backwardLayer.recordGates();
    const B = this.batchSize;
    const T = this.steps;
    for (const value of Object.values(backward)) {
      if (!ArrayBuffer.isView(value)) continue;
      reverseBatchMajorInPlace(value as FloatArray, B, T, (value as FloatArray).length / (B * T), this.lengths);
    }
    return { forward: this.forwardLayer.recordGates(), backward };
  }
}

/**
 * dst (T, B, ·) [=|+=] src (T, B, ·), W columns per row: row (t, b) of dst at column dstOffset gets row
 * (s, b) of src at column srcOffset, s = L_b−1−t for t < L_b when `reversed` (L_b = T without lengths),
 * else s = t. Reversal within the lengths is its own inverse, so the same call puts data back.
 */
export function copySteps(
  src: FloatArray,
  srcWidth: number,
  srcOffset: number,
  dst: FloatArray,
  dstWidth: number,
  dstOffset: number,
  W: number,
  T: number,
  B: number,
  lengths: Int32Array | null,
  reversed: boolean,
  accumulate: boolean,
): void {
  for (let b = 0; b < B; b++) {
    const length = lengths ? lengths[b] : T;
    for (let t = 0; t < T; t++) {
      const s = reversed && t < length ? length - 1 - t : t;
      const from = (s * B + b) * srcWidth + srcOffset;
      const to = (t * B + b) * dstWidth + dstOffset;
      if (accumulate) for (let w = 0; w < W; w++) dst[to + w] += src[from + w];
      else for (let w = 0; w < W; w++) dst[to + w] = src[from + w];
    }
  }
}

// x (B, T, W) batch-major: each sequence's first L_b steps reversed in place.
function reverseBatchMajorInPlace(x: FloatArray, B: number, T: number, W: number, lengths: Int32Array | null): void {
  for (let b = 0; b < B; b++) {
    const length = lengths ? lengths[b] : T;
    for (let t = 0, u = length - 1; t < u; t++, u--) {
      const p = (b * T + t) * W;
      const q = (b * T + u) * W;
      for (let w = 0; w < W; w++) {
        const swap = x[p + w];
        x[p + w] = x[q + w];
        x[q + w] = swap;
      }
    }
  }
}

/** Two directions' states as slots: h `[2, B, Hout]`, c `[2, B, H]` when present. */
function stackSlots(dtype: DType, forward: RecurrentState, backward: RecurrentState): RecurrentState {
  const join = (a: FloatArray, b: FloatArray) => {
    const out = allocate(dtype, a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    return out;
  };
  const state: RecurrentState = { h: join(forward.h, backward.h) };
  if (forward.c && backward.c) state.c = join(forward.c, backward.c);
  return state;
}
