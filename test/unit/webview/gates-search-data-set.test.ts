/**
 * *Search the Data Set* in the Gates panel: the LSTMVis selection becomes the Evaluate view's match
 * query (the recorded layer's own layer and direction, h or c), and a selection in a gate is refused with
 * the reason the button's tooltip gives.
 */

import { describe, expect, it } from 'vitest';
import { makeRecording } from './gate-recordings';
import { dataSetSearchOf, SEARCH_TOP_K } from '../../../webview/gates/search-data-set';

describe('dataSetSearchOf', () => {
  it('addresses the selected layer and direction of a bidirectional stack, in h or c', () => {
    const recording = makeRecording({ steps: 4, units: 6, layers: 2, bidirectional: true });
    // gates[3] is layer 1, backward.
    expect(dataSetSearchOf(recording, { layer: 3, units: [1, 4], signal: 'c', threshold: 0.25 })).toEqual({
      ok: true,
      query: {
        address: { layer: 1, direction: 'backward', signal: 'c' },
        units: [1, 4],
        threshold: 0.25,
        topK: SEARCH_TOP_K,
      },
    });
    const h = dataSetSearchOf(recording, { layer: 0, units: [0], signal: 'h', threshold: -0.5 });
    expect(h.ok && h.query.address).toEqual({ layer: 0, direction: 'forward', signal: 'h' });
  });

  it('refuses a gate, and an empty selection', () => {
    const recording = makeRecording({ steps: 4, units: 6 });
    const gate = dataSetSearchOf(recording, { layer: 0, units: [2], signal: 'f', threshold: 0.5 });
    expect(gate).toEqual({
      ok: false,
      reason: 'Only the hidden state h and the cell state c are cached over the data set: choose h or c to search',
    });
    expect(dataSetSearchOf(recording, { layer: 0, units: [], signal: 'h', threshold: 0.5 }).ok).toBe(false);
  });

  it('a GRU searches its h', () => {
    const recording = makeRecording({ cell: 'gru', steps: 3, units: 5 });
    const search = dataSetSearchOf(recording, { layer: 0, units: [3], signal: 'h', threshold: 0.1 });
    expect(search.ok && search.query.address.signal).toBe('h');
  });
});
