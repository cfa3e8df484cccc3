/**
 * The shape every recurrent layer has — one direction of one layer of a stack (`LstmLayer`, a projected
 * LSTM, `GruLayer`) — so that `BidirectionalLayer` and `RecurrentStack` build on any cell without knowing
 * its maths. `LstmLayer` satisfies it as written; a cell with no cell state (GRU) leaves `c` out.
 */

import type { LayerNaming } from './layer-naming';
import type { Pass, RecurrentGradients } from './module';
import type { DType, FloatArray, Parameter } from './tensor';

/** A recurrent layer's state: h `[B, outputSize]`, and c `[B, H]` for an LSTM (absent for a GRU). */
export interface RecurrentState {
  h: FloatArray;
  c?: FloatArray;
}

export interface RecurrentLayer<Recording> {
  readonly layerIndex: number;
  readonly inputSize: number;
  /** H: the width of the cell's state (the gates). */
  readonly hiddenSize: number;
  /** The width of h and of the outputs: H, or P for a projected LSTM. */
  readonly outputSize: number;
  readonly dtype: DType;
  readonly naming: LayerNaming;
  /** The layer's parameters in PyTorch's `state_dict` order. */
  parameters(): Parameter[];
  // outputs (T, B, outputSize) ← x (T, B, inputSize) time-major, kept by reference until backward;
  // initial state h, c (B, ·), either may be absent (= zeros); padded steps carry the state.
  forward(pass: Pass, x: FloatArray, initialState: Partial<RecurrentState> | null): FloatArray;
  /** After forward: h at each sequence's last real step `[B, outputSize]` (a view). */
  lastOutput(): FloatArray;
  /** After forward: the final state (fresh copies). */
  finalState(): RecurrentState;
  /**
   * BPTT over the last forward: dOutputs `[T, B, outputSize]`; dLastOutput or dFinalState.h (the same
   * array for a single direction: give one), dFinalState.c. Parameter grads +=, dX `[T, B, inputSize]`
   * written when given.
   */
  backward(pass: Pass, gradients: RecurrentGradients<RecurrentState>, dX: FloatArray | null): void;
  /** After backward: dLoss/d(initial state) (fresh copies). */
  initialStateGrads(): RecurrentState;
  /** After forward: the cell's internals, batch-major `[B, T, width]` arrays, zero at padded steps. */
  recordGates(): Recording;
}

/** Makes one direction of layer `layerIndex` of a stack (an LSTM, a projected LSTM, a GRU layer). */
export type RecurrentLayerFactory<Recording> = (
  layerIndex: number,
  inputSize: number,
  hiddenSize: number,
  dtype: DType,
  naming: LayerNaming,
) => RecurrentLayer<Recording>;
