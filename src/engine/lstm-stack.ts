/**
 * A stack of LSTM layers — PyTorch's `nn.LSTM(num_layers=L, batch_first=True, dropout=p)`: the generic
 * `RecurrentStack` over `LstmLayer`s in one direction, under the module path `lstm`. Layer l+1 reads layer
 * l's outputs; while training, inverted dropout (keep with probability 1-p, scale kept values by
 * 1/(1-p)) is applied between layers, never after the last one.
 *
 * This class only fixes the cell and narrows the types an LSTM has (every layer an `LstmLayer`, c always
 * present); the maths, the dropout masks and both APIs (time-major over a pass, batch-major with one
 * transpose at each end) are `RecurrentStack`'s.
 */

import { FORWARD_LSTM_NAMING } from './layer-naming';
import { LstmLayer, type LayerRecording, type LstmState } from './lstm-layer';
import type { RecurrentModule } from './module';
import {
  RecurrentStack,
  type StackBatchFirstGradients,
  type StackBatchFirstOutput,
  type StackForwardOptions,
} from './recurrent-stack';
import type { DType, FloatArray } from './tensor';

export type { StackForwardOptions } from './recurrent-stack';

export class LstmStack extends RecurrentStack<LayerRecording> implements RecurrentModule<LstmState, LayerRecording[]> {
  declare readonly layers: LstmLayer[];

  /**
   * `projSize` P > 0 is `nn.LSTM(proj_size=P)`: every layer's h is P wide (h0, h_n `[L, B, P]`), c stays H
   * wide (c0, c_n `[L, B, H]`), and layer l+1 reads P features.
   */
  constructor(inputSize: number, hiddenSize: number, numLayers: number, dropout: number, dtype: DType, projSize = 0) {
    const layers: LstmLayer[] = [];
    const layerOutput = projSize > 0 ? projSize : hiddenSize;
    for (let l = 0; l < numLayers; l++)
      layers.push(
        new LstmLayer(l, l === 0 ? inputSize : layerOutput, hiddenSize, dtype, FORWARD_LSTM_NAMING, projSize),
      );
    super(layers, 1, dropout);
  }

  /** After forward: final states `[L, B, H]` each (fresh copies). */
  override finalState(): LstmState {
    return withCellState(super.finalState());
  }

  /** After backward: dLoss/dh0 and dLoss/dc0 `[L, B, H]` (fresh copies). */
  override initialStateGrads(): LstmState {
    return withCellState(super.initialStateGrads());
  }

  /**
   * Batch-major forward, as `nn.LSTM(batch_first=True)`: x `[B, T, D]` → output `[B, T, H]` (zero at
   * padded steps, as PyTorch's packed sequences give), h_n and c_n `[L, B, H]`.
   */
  override forwardBatchFirst(
    x: FloatArray,
    B: number,
    T: number,
    options: StackForwardOptions = {},
  ): StackBatchFirstOutput & { cN: FloatArray } {
    const { output, hN, cN } = super.forwardBatchFirst(x, B, T, options);
    return { output, hN, cN: cN! };
  }

  /**
   * Batch-major backward after `forwardBatchFirst`: dOutput `[B, T, H]` or null (padded steps ignored),
   * dhN/dcN `[L, B, H]` or null → dx `[B, T, D]`, dh0 and dc0 `[L, B, H]`. Parameter gradients accumulate.
   */
  override backwardBatchFirst(
    dOutput: FloatArray | null,
    dhN: FloatArray | null,
    dcN: FloatArray | null,
  ): StackBatchFirstGradients & { dc0: FloatArray } {
    const { dx, dh0, dc0 } = super.backwardBatchFirst(dOutput, dhN, dcN);
    return { dx, dh0, dc0: dc0! };
  }
}

function withCellState(state: { h: FloatArray; c?: FloatArray }): LstmState {
  return { h: state.h, c: state.c! };
}
