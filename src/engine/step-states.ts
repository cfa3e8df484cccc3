/**
 * After a forward: the per-step state buffers every layer of a stack already keeps for its backward —
 * `LstmLayer`'s hidden `[T+1, B, Hout]` and cells `[T+1, B, H]`, `GruLayer`'s hidden `[T+1, B, H]`
 * (slot 0 the initial state, slot t+1 the state after step t) — as views, without a copy. A
 * bidirectional layer's backward direction ran over each sequence reversed within its length L, so its
 * slot k+1 is the state at original step L−1−k. Valid until the stack's next forward. The Evaluate view
 * caches its states from these (src/worker/inference/evaluation-open.ts).
 */

import { BidirectionalLayer } from './bidirectional-layer';
import { GruLayer } from './gru-layer';
import { LstmLayer } from './lstm-layer';
import type { RecurrentLayer } from './recurrent-layer';
import type { RecurrentStack } from './recurrent-stack';
import type { FloatArray } from './tensor';

export interface DirectionStepStates {
  layer: number;
  direction: 'forward' | 'backward';
  /** h `[T+1, B, hWidth]` (slot 0 = h0). */
  h: FloatArray;
  hWidth: number;
  /** An LSTM's c `[T+1, B, H]` (slot 0 = c0); null for a GRU. */
  c: FloatArray | null;
  cWidth: number;
}

/** Every layer and direction of the stack's last forward, layer-major, forward before backward. */
export function stepStateBuffers<R>(stack: RecurrentStack<R>): DirectionStepStates[] {
  return stack.layers.flatMap((layer, index) =>
    layer instanceof BidirectionalLayer
      ? [
          directionStates(layer.forwardLayer as RecurrentLayer<unknown>, index, 'forward'),
          directionStates(layer.backwardLayer as RecurrentLayer<unknown>, index, 'backward'),
        ]
      : [directionStates(layer, index, 'forward')],
  );
}

function directionStates<R>(
  layer: RecurrentLayer<R>,
  index: number,
  direction: 'forward' | 'backward',
): DirectionStepStates {
  if (layer instanceof LstmLayer)
    return {
      layer: index,
      direction,
      h: layer.hiddenStates(),
      hWidth: layer.outputSize,
      c: layer.cellStates(),
      cWidth: layer.hiddenSize,
    };
  if (layer instanceof GruLayer)
    return { layer: index, direction, h: layer.hiddenStates(), hWidth: layer.outputSize, c: null, cWidth: 0 };
  throw new Error(`layer ${index + 1} is a cell whose per-step states are not known here`);
}
