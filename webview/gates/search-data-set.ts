/**
 * *Search the Data Set*: the Gates panel's LSTMVis selection (units of one layer and direction that must
 * all reach a threshold in one signal) as the Evaluate view's match query, or why it cannot be one. The
 * Evaluate view caches only the recurrent states (h and c), so a selection in a gate (i, f, g, o, r, z, n)
 * cannot be searched across the data set.
 */

import type { MatchQuery, StateSignal } from '../../src/protocol/evaluate-view';
import type { GateRecording } from '../../src/protocol/gate-recording';
import * as l10n from '../shared/l10n';
import { matchSignalOf } from './recording-data';
import type { GatesViewSettings } from './view-settings';

/** Results the search asks for: one screen of the Search tab. */
export const SEARCH_TOP_K = 50;

export type DataSetSearch = { ok: true; query: MatchQuery } | { ok: false; reason: string };

export function dataSetSearchOf(recording: GateRecording, match: GatesViewSettings['match']): DataSetSearch {
  if (match.units.length === 0) return { ok: false, reason: l10n.t('Select units first (Ctrl/⌘-click them)') };
  const layer = recording.gates[match.layer];
  if (!layer) return { ok: false, reason: l10n.t('Select units first (Ctrl/⌘-click them)') };
  // The signal the selection is really matched in (matchSignalOf falls back as the view bar shows it).
  const signal = matchSignalOf(layer, match.signal)?.name;
  if (signal !== 'h' && signal !== 'c')
    return {
      ok: false,
      reason: l10n.t(
        'Only the hidden state h and the cell state c are cached over the data set: choose h or c to search',
      ),
    };
  return {
    ok: true,
    query: {
      address: { layer: layer.layer, direction: layer.direction, signal: signal as StateSignal },
      units: [...match.units],
      threshold: match.threshold,
      topK: SEARCH_TOP_K,
    },
  };
}
