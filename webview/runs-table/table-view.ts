/**
 * The table itself: a header button per column (click or Enter sorts; `aria-sort` says how), a checkbox
 * per run, a header row per sweep. Redrawn whole from the model on every change (a workspace has tens
 * or hundreds of runs, not millions); the focused control is found again by its key after a redraw, so a
 * live update never takes the keyboard's place away.
 */

import type { SortDirection, TableColumn, TableEntry } from '../../src/protocol/runs-table-model';
import type { RunsTableRun } from '../../src/protocol/runs-table';
import { element } from '../shared/dom';
import * as l10n from '../shared/l10n';
import { cellText, columnLabel } from './cell-text';

export interface TableViewModel {
  columns: readonly TableColumn[];
  entries: readonly TableEntry[];
  sort: { key: string; direction: SortDirection } | null;
  selected: ReadonlySet<string>;
}

export interface TableViewEvents {
  sort(key: string): void;
  select(runId: string, selected: boolean): void;
  selectAll(selected: boolean): void;
  stopSweep(sweepId: string): void;
}

export class TableView {
  readonly element: HTMLTableElement;

  /** A sweep still running: its queue can be stopped from its header (the host refuses a sweep it did not send). */
  private stopSweepButton(sweepId: string, name: string): HTMLButtonElement {
    const button = element('button', {
      className: 'button secondary sweep-stop',
      text: l10n.t('Stop sweep'),
      attrs: {
        type: 'button',
        'aria-label': l10n.t('Stop sweep {0}', name),
        'data-focus-key': `stop-sweep:${sweepId}`,
      },
    });
    button.addEventListener('click', () => this.events.stopSweep(sweepId));
    return button;
  }

  constructor(private readonly events: TableViewEvents) {
    this.element = element('table', {
      id: 'runs-table',
      className: 'runs-table',
      attrs: { 'aria-describedby': 'runs-table-count' },
    });
  }

  render(model: TableViewModel): void {
    const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.focusKey;
    const runIds = model.entries.flatMap((e) => (e.kind === 'run' ? [e.run.id] : []));
    const allSelected = runIds.length > 0 && runIds.every((id) => model.selected.has(id));
    const selectAll = element('input', {
      id: 'runs-table-select-all',
      attrs: { type: 'checkbox', 'aria-label': l10n.t('Select every shown run'), 'data-focus-key': 'select-all' },
    });
    selectAll.checked = allSelected;
    selectAll.indeterminate = !allSelected && runIds.some((id) => model.selected.has(id));
    selectAll.addEventListener('change', () => this.events.selectAll(selectAll.checked));
    const header = element(
      'tr',
      {},
      element('th', { className: 'select-column', attrs: { scope: 'col' } }, selectAll),
      ...model.columns.map((column) => this.headerCell(column, model.sort)),
    );
    const rows = model.entries.map((entry) =>
      entry.kind === 'sweep'
        ? element(
            'tr',
            { className: 'sweep-row', attrs: { 'data-sweep-id': entry.id } },
            element(
              'th',
              { attrs: { scope: 'rowgroup', colspan: model.columns.length + 1 } },
              element('span', { className: 'sweep-name', text: l10n.t('Sweep {0}', entry.name) }),
              element('span', {
                className: 'muted',
                text:
                  entry.shown < entry.count
                    ? l10n.t(' — {0} of {1} done, {2} shown', entry.done, entry.count, entry.shown)
                    : l10n.t(' — {0} of {1} done', entry.done, entry.count),
              }),
              ...(entry.training ? [this.stopSweepButton(entry.id, entry.name)] : []),
            ),
          )
        : this.runRow(entry.run, model),
    );
    if (rows.length === 0)
      rows.push(
        element(
          'tr',
          {},
          element('td', {
            className: 'muted empty-row',
            text: l10n.t('No run matches the filter.'),
            attrs: { colspan: model.columns.length + 1 },
          }),
        ),
      );
    this.element.replaceChildren(element('thead', {}, header), element('tbody', {}, ...rows));
    if (focusKey)
      this.element
        .querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focusKey)}"]`)
        ?.focus({ preventScroll: true });
  }

  private headerCell(column: TableColumn, sort: TableViewModel['sort']): HTMLTableCellElement {
    const sorted = sort?.key === column.key ? sort.direction : undefined;
    const button = element(
      'button',
      {
        className: 'sort-button',
        title: l10n.t('Sort by {0}', columnLabel(column)),
        attrs: { type: 'button', 'data-column': column.key, 'data-focus-key': `sort:${column.key}` },
      },
      element('span', { text: columnLabel(column) }),
      element('span', {
        className: 'sort-arrow',
        text: sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : '',
        attrs: { 'aria-hidden': 'true' },
      }),
    );
    button.addEventListener('click', () => this.events.sort(column.key));
    return element(
      'th',
      {
        className: alignOf(column),
        attrs: { scope: 'col', 'aria-sort': sorted ?? 'none', 'data-column': column.key },
      },
      button,
    );
  }

  private runRow(run: RunsTableRun, model: TableViewModel): HTMLTableRowElement {
    const selected = model.selected.has(run.id);
    const checkbox = element('input', {
      className: 'row-select',
      attrs: { type: 'checkbox', 'aria-label': l10n.t('Select {0}', run.id), 'data-focus-key': `select:${run.id}` },
    });
    checkbox.checked = selected;
    checkbox.addEventListener('change', () => this.events.select(run.id, checkbox.checked));
    return element(
      'tr',
      { className: selected ? 'selected' : '', attrs: { 'data-run-id': run.id } },
      element('td', { className: 'select-column' }, checkbox),
      ...model.columns.map((column) => {
        const text = cellText(run, column);
        if (column.key === 'status')
          return element(
            'td',
            { attrs: { 'data-column': column.key } },
            element('span', { className: `status status-${run.status}`, text }),
          );
        return element('td', { className: alignOf(column), text, attrs: { 'data-column': column.key } });
      }),
    );
  }
}

function alignOf(column: TableColumn): string {
  const numeric =
    column.kind === 'metric' ||
    column.kind === 'number' ||
    column.kind === 'duration' ||
    (column.kind === 'setting' && (column.setting?.kind === 'integer' || column.setting?.kind === 'number'));
  return numeric ? 'numeric' : '';
}
