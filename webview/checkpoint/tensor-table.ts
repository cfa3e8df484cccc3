/**
 * The tensor table: every tensor of the file with its dtype, shape, size and — once the worker has
 * computed them — min, max, mean, std, zeros, NaN count and a histogram sparkline. A filter box, an
 * optimizer-state toggle and sortable headers; clicking a row (or Enter on it) opens its detail
 * (heatmap, gate statistics) right under it. Rows carry `data-name`; e2e tests read them.
 */

import type { TensorRow, TensorStatistics } from '../../src/protocol/checkpoint-overview';
import { codicon, element, setText } from '../shared/dom';
import { formatInteger, formatPercent } from '../shared/format';
import type { ThemeColors } from '../shared/theme';
import { formatBytes, formatCount, formatShape, formatStat, nonFiniteCell } from './format';
import { recurrentTags } from './recurrent-labels';
import { createSparkline } from './sparkline';
import { COLUMNS, columnText, nextSort, visibleRows, type SortOrder } from './table-model';
import * as l10n from '../shared/l10n';

const STAT_SORT_KEYS: ReadonlySet<string> = new Set(['min', 'max', 'mean', 'std', 'zeros', 'nans']);

/** Where a tensor's statistics are. */
export type StatsState =
  | { kind: 'idle' }
  | { kind: 'queued' }
  | { kind: 'running'; fraction: number }
  | { kind: 'done'; stats: TensorStatistics }
  | { kind: 'failed'; message: string };

export interface TableViewSettings {
  filter: string;
  showOptimizer: boolean;
  sort: SortOrder;
}

export interface TensorTableEvents {
  select(name: string): void;
  compute(name: string): void;
  computeAll(): void;
  settingsChanged(settings: TableViewSettings): void;
}

export class TensorTable {
  readonly root: HTMLElement;
  private readonly filterInput = element('input', {
    id: 'tensor-filter',
    className: 'filter',
    attrs: {
      type: 'search',
      placeholder: l10n.t('Filter tensors (name, dtype, shape)'),
      'aria-label': l10n.t('Filter tensors'),
      spellcheck: 'false',
    },
  });
  private readonly optimizerToggle = element('input', { id: 'show-optimizer', attrs: { type: 'checkbox' } });
  private readonly optimizerLabel = element(
    'label',
    { className: 'checkbox' },
    this.optimizerToggle,
    l10n.t('Optimizer state'),
  );
  private readonly count = element('span', { id: 'tensor-count', className: 'muted' });
  private readonly computeAllButton = element('button', {
    id: 'compute-all',
    className: 'button secondary',
    text: l10n.t('Compute statistics'),
    title: l10n.t('Compute the statistics of every tensor (reads the whole file)'),
    attrs: { type: 'button' },
  });
  private readonly head = element('thead');
  private readonly body = element('tbody');
  private readonly rowElements = new Map<string, HTMLTableRowElement>();
  private selected: { name: string; detail: HTMLElement } | null = null;

  constructor(
    private readonly tensors: readonly TensorRow[],
    private readonly states: ReadonlyMap<string, StatsState>,
    private settings: TableViewSettings,
    private theme: ThemeColors,
    private readonly events: TensorTableEvents,
  ) {
    this.filterInput.value = settings.filter;
    this.optimizerToggle.checked = settings.showOptimizer;
    this.optimizerLabel.hidden = !tensors.some((t) => t.group === 'optimizer');
    this.filterInput.addEventListener('input', () => this.change({ filter: this.filterInput.value }));
    this.optimizerToggle.addEventListener('change', () => this.change({ showOptimizer: this.optimizerToggle.checked }));
    this.computeAllButton.addEventListener('click', () => events.computeAll());
    const toolbar = element(
      'div',
      { className: 'table-toolbar' },
      this.filterInput,
      this.optimizerLabel,
      this.count,
      element('span', { className: 'spacer' }),
      this.computeAllButton,
    );
    const table = element('table', { id: 'tensor-table', className: 'tensor-table' }, this.head, this.body);
    this.root = element(
      'section',
      { id: 'tensors', className: 'tensors', attrs: { 'aria-label': l10n.t('Tensors') } },
      element('h2', { text: l10n.t('Tensors') }),
      toolbar,
      element('div', { className: 'table-scroll' }, table),
    );
    this.render();
  }

  /** Shows or hides the "Compute statistics" button (hidden when everything is computed or automatic). */
  setComputeAllVisible(visible: boolean): void {
    this.computeAllButton.hidden = !visible;
  }

  /** Redraws one tensor's statistics cells. */
  updateStats(name: string): void {
    const row = this.rowElements.get(name);
    if (row)
      this.fillStats(
        row,
        this.tensors.find((t) => t.name === name)!,
      );
    // Sorted by a statistic: a newly computed value moves its row.
    if (STAT_SORT_KEYS.has(this.settings.sort.key)) this.renderBody();
  }

  /** Puts `detail` under the row of `name` (or removes the open one, with null). */
  showDetail(name: string | null, detail: HTMLElement | null): void {
    this.selected?.detail.closest('tr')?.remove();
    this.selected = name && detail ? { name, detail } : null;
    for (const [rowName, row] of this.rowElements) row.setAttribute('aria-expanded', String(rowName === name));
    this.placeDetail();
  }

  /** New sparklines use the new colours; the editor redraws the existing ones (redrawSparklines). */
  setTheme(theme: ThemeColors): void {
    this.theme = theme;
  }

  private change(partial: Partial<TableViewSettings>): void {
    this.settings = { ...this.settings, ...partial };
    this.events.settingsChanged(this.settings);
    this.renderBody();
  }

  private render(): void {
    const headRow = element('tr');
    for (const column of COLUMNS) {
      const sorted = this.settings.sort.key === column.key;
      const cell = element('th', {
        className: column.numeric ? 'number' : '',
        attrs: {
          scope: 'col',
          'aria-sort': sorted ? (this.settings.sort.descending ? 'descending' : 'ascending') : undefined,
          'data-column': column.key,
        },
      });
      if (column.sortable) {
        const button = element(
          'button',
          {
            className: 'sort-button',
            title: l10n.t('{0}. Click to sort.', columnText(column.key).title),
            attrs: { type: 'button' },
          },
          columnText(column.key).label,
          sorted ? codicon(this.settings.sort.descending ? 'arrow-down' : 'arrow-up') : null,
        );
        button.addEventListener('click', () => {
          this.settings = { ...this.settings, sort: nextSort(this.settings.sort, column.key) };
          this.events.settingsChanged(this.settings);
          this.render();
        });
        cell.append(button);
      } else {
        cell.textContent = columnText(column.key).label;
        cell.title = columnText(column.key).title;
      }
      headRow.append(cell);
    }
    this.head.replaceChildren(headRow);
    this.renderBody();
  }

  private renderBody(): void {
    const stats = new Map<string, TensorStatistics>();
    for (const [name, state] of this.states) if (state.kind === 'done') stats.set(name, state.stats);
    const rows = visibleRows(this.tensors, stats, this.settings);
    this.rowElements.clear();
    this.body.replaceChildren(...rows.map((tensor) => this.renderRow(tensor)));
    const hidden = this.tensors.length - rows.length;
    setText(
      this.count,
      hidden > 0
        ? l10n.t('{0} of {1} tensors', formatInteger(rows.length), formatInteger(this.tensors.length))
        : l10n.t('{0} tensors', formatInteger(this.tensors.length)),
    );
    this.placeDetail();
  }

  private renderRow(tensor: TensorRow): HTMLTableRowElement {
    const row = element('tr', {
      className: `tensor-row${tensor.group === 'optimizer' ? ' optimizer' : ''}`,
      attrs: { 'data-name': tensor.name, tabindex: 0, 'aria-expanded': String(this.selected?.name === tensor.name) },
    });
    const name = element(
      'td',
      { className: 'name', title: tensor.name },
      element('span', { className: 'name-text' }, ...breakableName(tensor.name)),
    );
    for (const tag of recurrentTags(tensor)) name.append(element('span', { className: 'tag', ...tag }));
    row.append(
      name,
      element('td', { className: 'dtype', text: tensor.dtype }),
      element('td', { className: 'shape', text: formatShape(tensor.shape) }),
      element('td', { className: 'number', text: formatInteger(tensor.elements) }),
      element('td', { className: 'number', text: formatBytes(tensor.bytes) }),
    );
    this.fillStats(row, tensor);
    row.addEventListener('click', () => this.events.select(tensor.name));
    row.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        this.events.select(tensor.name);
      }
    });
    this.rowElements.set(tensor.name, row);
    return row;
  }

  /** Cells 5.. of a row: the statistics, or where they are. */
  private fillStats(row: HTMLTableRowElement, tensor: TensorRow): void {
    while (row.cells.length > 5) row.deleteCell(5);
    const state = this.states.get(tensor.name) ?? { kind: 'idle' };
    if (state.kind !== 'done') {
      const cell = row.insertCell();
      cell.colSpan = 7;
      cell.className = 'stats-status';
      if (state.kind === 'idle') {
        const button = element('button', {
          className: 'link-button',
          text: l10n.t('Compute'),
          title: "Compute this tensor's statistics",
          attrs: { type: 'button' },
        });
        button.addEventListener('click', (event) => {
          event.stopPropagation();
          this.events.compute(tensor.name);
        });
        cell.append(button);
      } else if (state.kind === 'queued') {
        cell.append(element('span', { className: 'muted', text: l10n.t('waiting…') }));
      } else if (state.kind === 'running') {
        const bar = element(
          'div',
          {
            className: 'progress',
            attrs: {
              role: 'progressbar',
              'aria-valuemin': 0,
              'aria-valuemax': 100,
              'aria-valuenow': Math.round(state.fraction * 100),
            },
          },
          element('div', { className: 'progress-fill' }),
        );
        (bar.firstChild as HTMLElement).style.width = `${(state.fraction * 100).toFixed(1)}%`;
        cell.append(
          element('span', { className: 'muted', text: l10n.t('computing {0}', formatPercent(state.fraction, 0)) }),
          bar,
        );
      } else {
        cell.append(
          element('span', { className: 'error-text', text: '⚠ ', title: state.message }),
          element('span', { className: 'muted', text: state.message }),
        );
      }
      return;
    }
    const s = state.stats;
    const numbers = [s.min, s.max, s.mean, s.std].map((v) =>
      element('td', { className: 'number', text: formatStat(v) }),
    );
    const nonFinite = nonFiniteCell(s.nans, s.infinities, s.count);
    row.append(
      ...numbers,
      element('td', { className: 'number', text: formatCount(s.zeros, s.count) }),
      element('td', {
        className: `number${nonFinite.title ? ' warning-text' : ''}`,
        text: nonFinite.text,
        ...(nonFinite.title ? { title: nonFinite.title } : {}),
      }),
      element(
        'td',
        { className: 'histogram' },
        createSparkline(s.histogram, this.theme, l10n.t('Histogram of {0}', tensor.name)),
      ),
    );
  }

  private placeDetail(): void {
    if (!this.selected) return;
    const row = this.rowElements.get(this.selected.name);
    const existing = this.selected.detail.closest('tr');
    if (!row) {
      existing?.remove();
      return;
    }
    const detailRow =
      existing ??
      element(
        'tr',
        { className: 'detail-row' },
        element('td', { attrs: { colspan: COLUMNS.length } }, this.selected.detail),
      );
    row.after(detailRow);
  }
}

/** A dotted name with line-break opportunities after each dot (long optimizer names wrap at a module). */
function breakableName(name: string): Node[] {
  const parts = name.split('.');
  return parts.flatMap((part, k) =>
    k < parts.length - 1
      ? [document.createTextNode(`${part}.`), document.createElement('wbr')]
      : [document.createTextNode(part)],
  );
}
