/**
 * Ablation of a trained model: units of one layer/direction's h or c held at given values at every step
 * (zero, or each unit's mean) while a function runs forwards on the model — the engine does the clamping
 * inside the recurrence (src/engine/kernels/state-clamp.ts), so a clamped pass is as fast as a plain one.
 * Which layer an address names and whether the units exist are checked here, once, with one-line errors.
 */

import * as l10n from '../protocol/l10n';
import type { LstmModel } from '../engine/model';
import type { StateClamp } from '../engine/kernels/state-clamp';
import type { GruLayer } from '../engine/gru-layer';
import type { LstmLayer } from '../engine/lstm-layer';
import type { StateAddress } from '../protocol/evaluate-view';

/** The one recurrent layer (one direction) an address names; one line when the model has none. */
export function layerAt(model: LstmModel, address: StateAddress): LstmLayer | GruLayer {
  const config = model.config;
  const directions = config.bidirectional ? 2 : 1;
  if (!Number.isInteger(address.layer) || address.layer < 0 || address.layer >= config.numLayers)
    throw new Error(
      l10n.t('layer {0} does not exist: the model has {1} layer(s)', address.layer + 1, config.numLayers),
    );
  if (address.direction === 'backward' && directions === 1)
    throw new Error(l10n.t('the model reads in one direction: it has no backward layer'));
  if (address.signal === 'c' && config.cell === 'gru') throw new Error(l10n.t('a GRU has no cell state c: ablate h'));
  return model.recurrentLayers()[address.layer * directions + (address.direction === 'backward' ? 1 : 0)];
}

/** Width of the signal an address names: H for c, the width of h (P for a projected LSTM) for h. */
export function signalWidth(model: LstmModel, address: StateAddress): number {
  const layer = layerAt(model, address);
  return address.signal === 'c' ? layer.hiddenSize : layer.outputSize;
}

/**
 * The clamp holding `units` of the address's signal at `values` (one per unit); checks the units are
 * distinct integers below the width.
 */
export function stateClamp(
  model: LstmModel,
  address: StateAddress,
  units: readonly number[],
  values: ArrayLike<number>,
): StateClamp {
  const width = signalWidth(model, address);
  if (units.length === 0) throw new Error(l10n.t('choose at least one unit to ablate'));
  if (values.length !== units.length) throw new Error(`${units.length} unit(s) but ${values.length} value(s)`);
  const seen = new Set<number>();
  for (const u of units) {
    if (!Number.isInteger(u) || u < 0 || u >= width)
      throw new Error(
        l10n.t(
          'unit {0} does not exist: {1} of layer {2} has units 0…{3}',
          u,
          address.signal,
          address.layer + 1,
          width - 1,
        ),
      );
    if (seen.has(u)) throw new Error(l10n.t('unit {0} is named twice', u));
    seen.add(u);
  }
  return { signal: address.signal, units: Int32Array.from(units), values: Float64Array.from(values) };
}

/** Runs `run` with the clamp on the address's layer, and takes it off again (also when `run` throws). */
export function withAblation<T>(model: LstmModel, address: StateAddress, clamp: StateClamp, run: () => T): T {
  const layer = layerAt(model, address);
  if (layer.stateClamp) throw new Error('this model is already running an ablation');
  layer.stateClamp = clamp;
  try {
    return run();
  } finally {
    layer.stateClamp = null;
  }
}
