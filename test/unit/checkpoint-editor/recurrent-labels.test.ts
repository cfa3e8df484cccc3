/**
 * How the checkpoint editor labels recurrent tensors and the model card's recurrent line: gate blocks
 * (LSTM i f g o, GRU r z n), the backward direction, the projection, and "GRU · … · bidirectional ·
 * proj_size P".
 */

import { describe, expect, it } from 'vitest';
import type { TensorRow } from '../../../src/protocol/checkpoint-overview';
import { describeRecurrent } from '../../../webview/checkpoint/card-view';
import { recurrentNote, recurrentTags } from '../../../webview/checkpoint/recurrent-labels';

const base: TensorRow = { name: 'x', dtype: 'F32', shape: [12, 4], elements: 48, bytes: 192, group: 'parameter' };

describe('recurrent tensor labels', () => {
  it('tags a GRU tensor r z n and its backward direction', () => {
    const row: TensorRow = {
      ...base,
      name: 'gru.weight_hh_l0_reverse',
      gateHiddenSize: 4,
      gates: ['r', 'z', 'n'],
      recurrent: { cell: 'gru', layer: 0, direction: 'backward', label: 'layer 0, backward' },
    };
    expect(recurrentTags(row).map((t) => t.text)).toEqual(['r z n', '← backward']);
    expect(recurrentTags(row)[0].title).toBe(
      'GRU gates: 3 blocks of 4 rows (r reset, z update, n candidate) · layer 0, backward',
    );
    expect(recurrentNote(row)).toBe(' · layer 0, backward · GRU gates r, z, n of 4 units each');
  });

  it('tags an LSTM tensor i f g o, and the projection as the projection', () => {
    const lstm: TensorRow = {
      ...base,
      name: 'lstm.weight_ih_l1',
      gateHiddenSize: 3,
      gates: ['i', 'f', 'g', 'o'],
      recurrent: { cell: 'lstm', layer: 1, direction: 'forward', label: 'layer 1, forward' },
    };
    expect(recurrentTags(lstm).map((t) => t.text)).toEqual(['i f g o']);
    const hr: TensorRow = {
      ...base,
      name: 'lstm.weight_hr_l0',
      shape: [2, 8],
      projection: { projSize: 2, hiddenSize: 8 },
      recurrent: { cell: 'lstm', layer: 0, direction: 'forward', label: 'layer 0, forward' },
    };
    expect(recurrentTags(hr).map((t) => t.text)).toEqual(['projection']);
    expect(recurrentNote(hr)).toBe(
      ' · layer 0, forward · projection h = W_hr (o ⊙ tanh c): 2 outputs from 8 units (proj_size 2)',
    );
    expect(recurrentTags(base)).toEqual([]);
    expect(recurrentNote(base)).toBe('');
  });

  it('says GRU, bidirectional and proj_size on the model card', () => {
    expect(
      describeRecurrent({ cell: 'gru', title: 'GRU', layers: 2, hiddenSize: 32, bidirectional: true, projSize: 0 }),
    ).toBe('GRU · 2 layers × 32 units · bidirectional');
    expect(
      describeRecurrent({ cell: 'lstm', title: 'LSTM', layers: 1, hiddenSize: 64, bidirectional: false, projSize: 16 }),
    ).toBe('LSTM · 1 layer × 64 units · proj_size 16');
  });
});
