/**
 * Hide and show columns: a disclosure (`<details>`) listing every column the table has now, each with a
 * checkbox. The hidden keys are the panel's (remembered in its state); a column that comes back later
 * (a setting that differs again) keeps its choice.
 */

import type { TableColumn } from '../../src/protocol/runs-table-model';
import { element } from '../shared/dom';
import * as l10n from '../shared/l10n';
import { columnLabel } from './cell-text';

export class ColumnChooser {
  readonly element: HTMLDetailsElement;
  private readonly list: HTMLFieldSetElement;

  constructor(private readonly onToggle: (key: string, visible: boolean) => void) {
    this.list = element('fieldset', { className: 'column-list' }, element('legend', { text: l10n.t('Shown columns') }));
    this.element = element(
      'details',
      { id: 'runs-table-columns', className: 'column-chooser' },
      element('summary', { className: 'button secondary', text: l10n.t('Columns') }),
      this.list,
    );
  }

  render(columns: readonly TableColumn[], hidden: ReadonlySet<string>): void {
    const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.focusKey;
    const items = columns.map((column) => {
      const box = element('input', {
        attrs: { type: 'checkbox', 'data-column': column.key, 'data-focus-key': `column:${column.key}` },
      });
      box.checked = !hidden.has(column.key);
      box.addEventListener('change', () => this.onToggle(column.key, box.checked));
      return element('label', { className: 'column-option' }, box, ` ${columnLabel(column)}`);
    });
    this.list.replaceChildren(element('legend', { text: l10n.t('Shown columns') }), ...items);
    if (focusKey?.startsWith('column:'))
      this.list.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
  }
}
