/**
 * The module interface: what `nn.Module` is to PyTorch, cut down to what a training pass needs. A model
 * is a composition of modules (composition.ts: input → recurrent stack → head → loss); embedding, the
 * LSTM layer and stack, and the dense head implement the interfaces below, and a new module (attention, a
 * GRU cell, a bidirectional stack, an encoder–decoder's halves) implements one of them — or adds a new
 * one here — without touching the others.
 *
 * What every module provides:
 * - `parameters()`: its parameters in PyTorch `state_dict` order, named with their full path
 *   (`embedding.weight`, `lstm.weight_ih_l0`, `head.bias`): a checkpoint maps onto PyTorch one to one.
 *   A composition lists its children's parameters in data-flow order.
 * - forward over a `Pass` and time-major activations: a sequence tensor is `[T, B, W]`, the state of all
 *   B sequences at one step one contiguous `[B, W]` matrix. Forward caches exactly what backward needs
 *   (by reference, no copies) in workspaces grown with `pass.kernels.ensure` and reused — nothing is
 *   allocated in a steady-state step. What forward returns is a view into the module's workspace, valid
 *   until its next forward.
 * - backward over the last forward (same pass): parameter gradients accumulate (`+=`, PyTorch's
 *   `.grad` semantics), the input gradient is written only when the caller asks for it (dX non-null).
 * - gate recording where it applies (recurrent modules: their cells' internals, for the gate views).
 */

import type { EmbeddedInput, Kernels } from './kernels/kernels';
import type { Random } from './random';
import type { FloatArray, Parameter } from './tensor';

/**
 * One forward pass and its backward: the geometry of the batch, the mode, and the kernels every module
 * runs on, chosen once at the start of the pass. A model keeps one and refills it every forward.
 */
export class Pass {
  /** Batch size B and steps T. */
  B = 0;
  T = 0;
  /** Real length of each sequence `[B]` (right padding); null = all T. */
  lengths: Int32Array | null = null;
  /** Training mode: dropout on (then `rng` draws the masks). */
  training = false;
  rng: Random | null = null;
  /**
   * Offered by a model whose first recurrent layer reads an embedding's output `x` directly: that layer may
   * read the table rows instead (`EmbeddedInput`) and then sets `taken`, and its backward accumulates the
   * table's gradient in place of dX. Cleared by `begin`.
   */
  embeddedInput: { x: FloatArray; rows: EmbeddedInput; taken: boolean } | null = null;

  constructor(public kernels: Kernels) {}

  begin(
    kernels: Kernels,
    B: number,
    T: number,
    lengths: Int32Array | null,
    training: boolean,
    rng: Random | null,
  ): this {
    this.kernels = kernels;
    this.B = B;
    this.T = T;
    this.lengths = lengths;
    this.training = training;
    this.rng = rng;
    this.embeddedInput = null;
    return this;
  }
}

export interface Module {
  /** Every parameter, in PyTorch's `state_dict` order, named with its full module path. */
  parameters(): Parameter[];
}

/**
 * Turns a batch's raw input into the first sequence tensor x `[T, B, outputSize]` — an embedding of token
 * ids, or the features themselves. `Input` is what the batch carries (token ids `[B, T]`, features `[B, T, D]`).
 */
export interface InputModule<Input> extends Module {
  readonly outputSize: number;
  /** True when backward needs dX (it has parameters); otherwise the model skips computing dX. */
  readonly needsOutputGradient: boolean;
  // x (T, B, outputSize) ← input (batch-major)
  forward(pass: Pass, input: Input): FloatArray;
  // parameter grads += from dX (T, B, outputSize)
  backward(pass: Pass, input: Input, dX: FloatArray): void;
}

/** A module over sequences: x `[T, B, inputSize]` → y `[T, B, outputSize]` (attention, a per-step layer). */
export interface SequenceModule extends Module {
  readonly inputSize: number;
  readonly outputSize: number;
  // y (T, B, outputSize) ← x (T, B, inputSize)
  forward(pass: Pass, x: FloatArray): FloatArray;
  // dX (T, B, inputSize) ← dY (T, B, outputSize) when dX is given; parameter grads +=
  backward(pass: Pass, dY: FloatArray | null, dX: FloatArray | null): void;
}

/** The gradients that reach a recurrent module from above; any of them may be absent (= zero). */
export interface RecurrentGradients<State> {
  /** dLoss/d(outputs) `[T, B, outputSize]`. */
  dOutputs?: FloatArray | null;
  /** dLoss/d(lastOutput()) `[B, outputSize]`: a head that read each sequence's last real step. */
  dLastOutput?: FloatArray | null;
  /** dLoss/d(final state), laid out as `finalState()` returns it (an encoder under a decoder gets this). */
  dFinalState?: Partial<State> | null;
}

/**
 * A recurrent module: x `[T, B, inputSize]` plus an initial state → outputs `[T, B, outputSize]` and a
 * final state. `State` is the module's state as named arrays (LSTM: `{ h, c }`, each `[L, B, H]`; a GRU
 * would have `{ h }`). Padding: a sequence's state is carried unchanged past its length, so the final
 * state is the state at its last real step.
 */
export interface RecurrentModule<State, Recording = never> extends Module {
  readonly inputSize: number;
  readonly outputSize: number;
  // outputs (T, B, outputSize) ← x (T, B, inputSize), from `initialState` (null = zeros)
  forward(pass: Pass, x: FloatArray, initialState: State | null): FloatArray;
  /** After forward: the output at each sequence's last real step `[B, outputSize]` (a view). */
  lastOutput(pass: Pass): FloatArray;
  /** After forward: the final state (fresh copies). */
  finalState(pass: Pass): State;
  // dX (T, B, inputSize) when given; parameter grads +=
  backward(pass: Pass, gradients: RecurrentGradients<State>, dX: FloatArray | null): void;
  /** After backward: dLoss/d(initial state) (fresh copies). */
  initialStateGrads(pass: Pass): State;
  /** After forward: the cells' internals per layer, batch-major, for the gate views (fresh copies). */
  recordGates?(pass: Pass): Recording;
}

/** A module over rows: x `[R, inputSize]` → y `[R, outputSize]`, R = B (one row per sequence) or T·B (every step). */
export interface RowModule extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  // out (R, outFeatures) ← x (R, inFeatures) read from xOffset
  forward(rows: number, x: FloatArray, xOffset: number, out: FloatArray, kernels?: Kernels): void;
  // parameter grads += from dY (R, outFeatures); dX (R, inFeatures) when given
  backward(
    rows: number,
    x: FloatArray,
    xOffset: number,
    dY: FloatArray,
    dX: FloatArray | null,
    kernels?: Kernels,
  ): void;
}
