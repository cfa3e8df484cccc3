/**
 * How the checkpoint editor names a recurrent layer's tensors: the tags after the name in the table
 * (gate blocks, `projection`, `← backward`) and the line under the detail's title. Pure.
 */

import { CELLS, GATE_NAMES } from '../../src/protocol/cell-signals';
import type { TensorRow } from '../../src/protocol/checkpoint-overview';
import * as l10n from '../shared/l10n';

/**
 * What a recurrent tensor is: ` · layer 0, backward · GRU gates r, z, n of 32 units each`, or for a
 * projection ` · layer 0 · projection h = W_hr (o ⊙ tanh c): 8 outputs from 32 units`; '' for others.
 */
export function recurrentNote(row: TensorRow): string {
  const r = row.recurrent;
  if (!r) return '';
  const where = ` · ${r.label}`;
  if (row.gateHiddenSize && row.gates)
    return l10n.t(
      '{0} · {1} gates {2} of {3} units each',
      where,
      CELLS[r.cell].title,
      row.gates.join(', '),
      row.gateHiddenSize,
    );
  if (row.projection)
    return l10n.t(
      '{0} · projection h = W_hr (o ⊙ tanh c): {1} outputs from {2} units (proj_size {1})',
      where,
      row.projection.projSize,
      row.projection.hiddenSize,
    );
  return where;
}

/**
 * The tags after a recurrent tensor's name: its gate blocks (`i f g o`, `r z n`) or `projection`, and the
 * backward direction (`← backward`), each with a title in words.
 */
export function recurrentTags(tensor: TensorRow): { text: string; title: string }[] {
  const r = tensor.recurrent;
  if (!r) return [];
  const tags: { text: string; title: string }[] = [];
  if (tensor.gateHiddenSize && tensor.gates)
    tags.push({
      text: tensor.gates.join(' '),
      title: l10n.t(
        '{0} gates: {1} blocks of {2} rows ({3}) · {4}',
        CELLS[r.cell].title,
        tensor.gates.length,
        tensor.gateHiddenSize,
        tensor.gates.map((g) => `${g} ${GATE_NAMES[g]}`).join(', '),
        r.label,
      ),
    });
  if (tensor.projection)
    tags.push({
      text: l10n.t('projection'),
      title: l10n.t(
        'LSTM projection (proj_size {0}): h = W_hr (o ⊙ tanh c), [P, H] = [{0}, {1}] · {2}',
        tensor.projection.projSize,
        tensor.projection.hiddenSize,
        r.label,
      ),
    });
  if (r.direction === 'backward')
    tags.push({ text: l10n.t('← backward'), title: l10n.t('The backward direction: {0}', r.label) });
  return tags;
}
