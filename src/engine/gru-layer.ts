/**
 * One GRU layer with PyTorch's parameterisation (`nn.GRU` layer k):
 *
 *   W_ih [3H, D], W_hh [3H, H], b_ih [3H], b_hh [3H], gate blocks in the order r, z, n
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr)    z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))    h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
 *
 * b_hn sits inside r ⊙ (…), so only the r and z blocks of b_hh fold into the input projection's bias;
 * b_hn is added to the recurrent product each step.
 *
 * The scheme of lstm-layer.ts: time-major `[T, B, ·]` buffers, the input projection of all T steps one
 * product before the recurrence, the weight gradients of all steps one product after it; only h·W_hhᵀ
 * and its gradient stay inside the time loop. Padding: past a sequence's length its state is carried
 * unchanged and its gates are zero, so padded steps contribute nothing to any gradient.
 *
 * The recurrence runs on the pass's kernels (`Kernels.gruRecurrence`: kernels/gru-js.ts in TypeScript
 * with exact Math.exp/Math.tanh, kernels/gru-wasm.ts on WebAssembly SIMD); this class owns the
 * parameters and the caches. A backward runs on the kernels its forward ran on.
 */

import type { GruRecurrence, Kernels } from './kernels/kernels';
import type { StateClamp } from './kernels/state-clamp';
import { layerParameterName, type LayerNaming } from './layer-naming';
import type { Pass, RecurrentGradients, RecurrentModule } from './module';
import { allocate, createParameter, type DType, type FloatArray, type Parameter } from './tensor';

/** A GRU's state: h, `[B, H]` for one layer. */
export interface GruState {
  h: FloatArray;
}

/** Per layer, four `[B, T, H]` arrays (batch-major; zero at padded steps for the gates). */
export interface GruLayerRecording {
  r: FloatArray;
  z: FloatArray;
  n: FloatArray;
  h: FloatArray;
}

export const FORWARD_GRU_NAMING: LayerNaming = { module: 'gru', direction: 'forward' };

export class GruLayer implements RecurrentModule<GruState, GruLayerRecording> {
  readonly weightIh: Parameter;
  readonly weightHh: Parameter;
  readonly biasIh: Parameter;
  readonly biasHh: Parameter;

  // Forward caches, exactly what backward needs (time-major):
  /** Gate activations `[T, B, 3H]`: r, z, n after their nonlinearity (zero at padded steps). */
  private gates: FloatArray | null = null;
  /** W_hn·h_{t-1} + b_hn `[T, B, H]` (dn/dr needs it; zero at padded steps). */
  private hiddenN: FloatArray | null = null;
  /** Hidden states `[T+1, B, H]`: slot 0 is h0, slot t+1 is h after step t (this is the layer's output). */
  private hidden: FloatArray | null = null;
  /** One step's recurrent product `[B, 3H]` (forward scratch). */
  private recurrentScratch: FloatArray | null = null;
  /** Input-projection bias `[3H]` (b_ih with b_hr, b_hz added) and b_hn `[H]`, refreshed every forward. */
  private readonly inputBias: FloatArray;
  private readonly biasHn: FloatArray;
  /** The input as the recurrence keeps it for backward (x, or its copy in kernel memory). */
  private input: FloatArray | null = null;
  private lengths: Int32Array | null = null;
  private steps = 0;
  private batchSize = 0;

  // Backward scratch:
  private dInputGates: FloatArray | null = null; // `[T, B, 3H]`
  private dRecurrentGates: FloatArray | null = null; // `[T, B, 3H]`
  private dh: FloatArray | null = null;
  private dhPrev: FloatArray | null = null;
  /** The recurrence of the last forward's kernels (kept while the kernels stay the same). */
  private recurrence: GruRecurrence | null = null;
  /** Ablation (kernels/state-clamp.ts, signal 'h'): units of h held at given values by every forward while set; no backward then. */
  stateClamp: StateClamp | null = null;
  private clampedForward = false;

  constructor(
    readonly layerIndex: number,
    readonly inputSize: number,
    readonly hiddenSize: number,
    readonly dtype: DType,
    readonly naming: LayerNaming = FORWARD_GRU_NAMING,
  ) {
    const H = hiddenSize;
    const name = (kind: string) => layerParameterName(naming, kind, layerIndex);
    this.weightIh = createParameter(name('weight_ih'), [3 * H, inputSize], dtype);
    this.weightHh = createParameter(name('weight_hh'), [3 * H, H], dtype);
    this.biasIh = createParameter(name('bias_ih'), [3 * H], dtype);
    this.biasHh = createParameter(name('bias_hh'), [3 * H], dtype);
    this.inputBias = allocate(dtype, 3 * H);
    this.biasHn = allocate(dtype, H);
  }

  get outputSize(): number {
    return this.hiddenSize;
  }

  parameters(): Parameter[] {
    return [this.weightIh, this.weightHh, this.biasIh, this.biasHh];
  }

  /**
   * x `[T, B, D]` time-major (kept by reference until backward); initialState.h `[B, H]` or null for
   * zeros; the pass's lengths `[B]` or null for all T. Returns the outputs `[T, B, H]` (a view of the
   * hidden-state buffer from slot 1).
   */
  forward(pass: Pass, x: FloatArray, initialState: Partial<GruState> | null): FloatArray {
    const { B, T, kernels } = pass;
    const H = this.hiddenSize;
    const BH = B * H;
    this.lengths = pass.lengths;
    this.steps = T;
    this.batchSize = B;
    const recurrence = this.recurrenceOn(kernels);
    const gates = (this.gates = kernels.ensure(this.gates, T * B * 3 * H));
    const hiddenN = (this.hiddenN = kernels.ensure(this.hiddenN, T * BH));
    const hidden = (this.hidden = kernels.ensure(this.hidden, (T + 1) * BH));
    const recurrent = (this.recurrentScratch = kernels.ensure(this.recurrentScratch, B * 3 * H));
    if (initialState?.h) hidden.set(initialState.h.subarray(0, BH), 0);
    else hidden.fill(0, 0, BH);
    const bIh = this.biasIh.value;
    const bHh = this.biasHh.value;
    for (let j = 0; j < 2 * H; j++) this.inputBias[j] = bIh[j] + bHh[j];
    for (let j = 2 * H; j < 3 * H; j++) this.inputBias[j] = bIh[j];
    this.biasHn.set(bHh.subarray(2 * H, 3 * H));
    this.input = recurrence.forward({
      B,
      T,
      D: this.inputSize,
      H,
      x,
      weightIh: this.weightIh.value,
      weightHh: this.weightHh.value,
      inputBias: this.inputBias,
      biasHn: this.biasHn,
      lengths: this.lengths,
      gates,
      hiddenN,
      hidden,
      recurrent,
      ...(this.stateClamp ? { clamp: this.stateClamp } : {}),
    });
    this.clampedForward = this.stateClamp !== null;
    return hidden.subarray(BH, (T + 1) * BH);
  }

  private recurrenceOn(kernels: Kernels): GruRecurrence {
    if (this.recurrence === null || this.recurrence.kernels !== kernels)
      this.recurrence = kernels.gruRecurrence(this.inputSize, this.hiddenSize);
    return this.recurrence;
  }

  /** After forward: h at each sequence's last real step `[B, H]` (a view; = h_n, padding carries the state). */
  lastOutput(): FloatArray {
    const BH = this.batchSize * this.hiddenSize;
    return this.hidden!.subarray(this.steps * BH, (this.steps + 1) * BH);
  }

  /** After forward: h_n `[B, H]` (a fresh copy). */
  finalState(): GruState {
    return { h: this.lastOutput().slice() };
  }

  /**
   * Backpropagation through time over the last forward. gradients.dOutputs `[T, B, H]` (dLoss/dh_t at
   * every step); dLastOutput or dFinalState.h `[B, H]` (dLoss/dh_n — the same array, give one).
   * Accumulates parameter gradients (`+=`), writes dX `[T, B, D]` into `dInput` when given, and leaves
   * dLoss/dh0 in `initialStateGradViews()`.
   */
  backward(_pass: Pass, gradients: RecurrentGradients<GruState>, dInput: FloatArray | null): void {
    if (this.clampedForward) throw new Error('GruLayer: a forward with clamped units (ablation) has no backward');
    const T = this.steps;
    const B = this.batchSize;
    const H = this.hiddenSize;
    const BH = B * H;
    const recurrence = this.recurrence!;
    const kernels = recurrence.kernels;
    const dInputGates = (this.dInputGates = kernels.ensure(this.dInputGates, T * B * 3 * H));
    const dRecurrentGates = (this.dRecurrentGates = kernels.ensure(this.dRecurrentGates, T * B * 3 * H));
    const dh = (this.dh = kernels.ensure(this.dh, BH));
    const dhPrev = (this.dhPrev = kernels.ensure(this.dhPrev, BH));
    const dhN = gradients.dFinalState?.h ?? gradients.dLastOutput ?? null;
    if (dhN) dh.set(dhN.subarray(0, BH));
    else dh.fill(0, 0, BH);
    const swapped = recurrence.backward({
      B,
      T,
      D: this.inputSize,
      H,
      x: this.input!,
      weightIh: this.weightIh.value,
      weightHh: this.weightHh.value,
      lengths: this.lengths,
      gates: this.gates!,
      hiddenN: this.hiddenN!,
      hidden: this.hidden!,
      dOutputs: gradients.dOutputs ?? null,
      dInputGates,
      dRecurrentGates,
      dh,
      dhPrev,
      gradIh: this.weightIh.grad,
      gradHh: this.weightHh.grad,
      gradBiasIh: this.biasIh.grad,
      gradBiasHh: this.biasHh.grad,
      dInput,
    });
    this.dh = swapped.dh;
    this.dhPrev = swapped.dhPrev;
  }

  /** After backward: dLoss/dh0 `[B, H]` (a view valid until the next backward). */
  initialStateGradViews(): { dh0: FloatArray } {
    return { dh0: this.dh!.subarray(0, this.batchSize * this.hiddenSize) };
  }

  /** After backward: dLoss/dh0 `[B, H]` (a fresh copy). */
  initialStateGrads(): GruState {
    return { h: this.initialStateGradViews().dh0.slice() };
  }

  /** After forward: the hidden-state buffer `[T+1, B, H]` (slot 0 = h0). */
  hiddenStates(): FloatArray {
    return this.hidden!;
  }

  /** After forward: gate activations `[T, B, 3H]` (r, z, n blocks per row). */
  gateActivations(): FloatArray {
    return this.gates!;
  }

  /** After forward: r, z, n, h copied into batch-major `[B, T, H]` arrays (fresh; zero at padded steps). */
  recordGates(): GruLayerRecording {
    const B = this.batchSize;
    const T = this.steps;
    const H = this.hiddenSize;
    const gates = this.gates!;
    const hidden = this.hidden!;
    const rec: GruLayerRecording = {
      r: allocate(this.dtype, B * T * H),
      z: allocate(this.dtype, B * T * H),
      n: allocate(this.dtype, B * T * H),
      h: allocate(this.dtype, B * T * H),
    };
    const lengths = this.lengths;
    // Row by row with TypedArray.set (a memory copy), as LstmLayer.recordGates does.
    for (let b = 0; b < B; b++) {
      const length = lengths ? lengths[b] : T;
      for (let t = 0; t < length; t++) {
        const dst = (b * T + t) * H;
        const gateRow = (t * B + b) * 3 * H;
        const stateRow = ((t + 1) * B + b) * H;
        rec.r.set(gates.subarray(gateRow, gateRow + H), dst);
        rec.z.set(gates.subarray(gateRow + H, gateRow + 2 * H), dst);
        rec.n.set(gates.subarray(gateRow + 2 * H, gateRow + 3 * H), dst);
        rec.h.set(hidden.subarray(stateRow, stateRow + H), dst);
      }
    }
    return rec;
  }
}
