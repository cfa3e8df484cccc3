/** The header row of a result table: a plain string heads a text column, `{ numeric }` a right-aligned one. */

import { element } from '../shared/dom';

export type Column = string | { text: string; numeric: true };

/** A number column's heading. */
export function numeric(text: string): Column {
  return { text, numeric: true };
}

export function tableHead(columns: readonly Column[]): HTMLTableSectionElement {
  return element(
    'thead',
    {},
    element(
      'tr',
      {},
      ...columns.map((column) =>
        typeof column === 'string'
          ? element('th', { text: column, attrs: { scope: 'col' } })
          : element('th', { className: 'num', text: column.text, attrs: { scope: 'col' } }),
      ),
    ),
  );
}
