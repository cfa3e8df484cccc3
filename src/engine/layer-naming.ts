/**
 * PyTorch's names for the parameters of one recurrent layer: `{module}.{kind}_l{k}` for the forward
 * direction and `{module}.{kind}_l{k}_reverse` for the backward one of a bidirectional layer
 * (`lstm.weight_ih_l0`, `gru.bias_hh_l1_reverse`, `lstm.weight_hr_l0`), so a checkpoint maps onto
 * `nn.LSTM`/`nn.GRU` one to one.
 */

export type Direction = 'forward' | 'backward';

export interface LayerNaming {
  /** The module path of the recurrent stack (`lstm`, `gru`, `encoder.lstm`). */
  module: string;
  direction: Direction;
}

export const FORWARD_LSTM_NAMING: LayerNaming = { module: 'lstm', direction: 'forward' };

/** `lstm.weight_ih_l0`, `gru.bias_hh_l1_reverse`. */
export function layerParameterName(naming: LayerNaming, kind: string, layerIndex: number): string {
  return `${naming.module}.${kind}_l${layerIndex}${naming.direction === 'backward' ? '_reverse' : ''}`;
}
