/**
 * How the checkpoint editor names a recurrent layer's tensors: the tags after the name in the table
 * (gate blocks, `projection`, `← backward`) and the line under the detail's title. Pure.
 */

import { CELLS, GATE_NAMES } from '../../src/protocol/cell-signals';
import type { TensorRow } from '../../src/protocol/checkpoint-overview';

/**
 * What a recurrent tensor is: ` · layer 0, backward · GRU gates r, z, n of 32 units each`, or for a
 * projection ` · layer 0 · projection h = W_hr (o ⊙ tanh c): 8 outputs from 32 units`; '' for others.
 */
export function recurrentNote(row: TensorRow): string {
  const r = row.recurrent;
  if (!r) return '';
  const where = ` · ${r.label}`;
  if (row.gateHiddenSize && row.gates)
    return `${where} · ${CELLS[r.cell].title} gates ${row.gates.join(', ')} of ${row.gateHiddenSize} units each`;
  if (row.projection)
    return `${where} · projection h = W_hr (o ⊙ tanh c): ${row.projection.projSize} outputs from ${row.projection.hiddenSize} units (proj_size ${row.projection.projSize})`;
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
      title: `${CELLS[r.cell].title} gates: ${tensor.gates.length} blocks of ${tensor.gateHiddenSize} rows (${tensor.gates
        .map((g) => `${g} ${GATE_NAMES[g]}`)
        .join(', ')}) · ${r.label}`,
    });
  if (tensor.projection)
    tags.push({
      text: 'projection',
      title: `LSTM projection (proj_size ${tensor.projection.projSize}): h = W_hr (o ⊙ tanh c), [P, H] = [${tensor.projection.projSize}, ${tensor.projection.hiddenSize}] · ${r.label}`,
    });
  if (r.direction === 'backward') tags.push({ text: '← backward', title: `The backward direction: ${r.label}` });
  return tags;
}
