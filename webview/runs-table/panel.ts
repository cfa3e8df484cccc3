/**
 * The Runs table panel: the toolbar (filter, column chooser, actions on the selected runs), the table,
 * the configuration diff of two runs, the overlay chart of the selected runs and the
 * parallel-coordinates plot. The host sends snapshots of rows; everything the table derives — columns,
 * filter, sort, groups — comes from the pure model in src/protocol/runs-table-model.ts. The view state
 * (sort, filter, hidden columns, selection, chart metric) is remembered in the webview's state.
 */

import type {
  HostToRunsTable,
  RunCurves,
  RunsTableRun,
  RunsTableSnapshot,
  RunsTableToHost,
} from '../../src/protocol/runs-table';
import { EMPTY_FILTER, filteredSettings, matchesFilter, parseRunsFilter } from '../../src/protocol/runs-table-filter';
import { groupBySweep, sortRuns, tableColumns, type TableColumn } from '../../src/protocol/runs-table-model';
import type { MetricDescriptor } from '../../src/protocol/task-presentation';
import { element, setVisible } from '../shared/dom';
import { readThemeColors, watchTheme, type ThemeColors } from '../shared/theme';
import { onHostMessage, vscodeApi } from '../shared/vscode-api';
import { ColumnChooser } from './column-chooser';
import { DiffView } from './diff-view';
import { OverlayChart } from './overlay-chart';
import { ParallelCoordinates } from './parallel-coordinates';
import { TableView } from './table-view';
import { columnVisible, readViewState, type RunsTableViewState } from './view-state';
import * as l10n from '../shared/l10n';

export class RunsTablePanel {
  private readonly api = vscodeApi<RunsTableViewState, RunsTableToHost>();
  private state: RunsTableViewState = readViewState(this.api.getState());
  private snapshot: RunsTableSnapshot = { runs: [], metrics: [], settings: [] };
  private received = false;
  /** Curves read so far, with the step the run was at: a run that trained on is read again. */
  private readonly curves = new Map<string, { curves: RunCurves; step: number }>();
  private readonly loading = new Set<string>();
  /** Which runs each `load-curves` request asked for. */
  private readonly requests = new Map<number, string[]>();
  private requestCounter = 0;
  private diffShown = false;
  private theme: ThemeColors = readThemeColors();
  /** The rows as drawn: filtered and sorted (what Export writes). */
  private shownRuns: RunsTableRun[] = [];
  private shownColumns: TableColumn[] = [];

  private readonly count = element('p', {
    id: 'runs-table-count',
    className: 'muted',
    attrs: { 'aria-live': 'polite' },
  });
  private readonly filterInput = element('input', {
    id: 'runs-table-filter',
    attrs: {
      type: 'search',
      placeholder: l10n.t('Filter: words, or hiddenSize=64, lr<0.01, accuracy>0.8'),
      'aria-describedby': 'runs-table-filter-help runs-table-filter-error',
      spellcheck: 'false',
    },
  });
  private readonly filterError = element('p', {
    id: 'runs-table-filter-error',
    className: 'error',
    attrs: { 'aria-live': 'polite' },
  });
  private readonly status = element('p', { id: 'runs-table-status', className: 'muted', attrs: { role: 'status' } });
  private readonly buttons = {
    open: actionButton('runs-table-open', l10n.t('Open'), l10n.t('Open the Training panel of the selected run')),
    trainAgain: actionButton(
      'runs-table-train-again',
      l10n.t('Train again…'),
      l10n.t('Open the New Training Run form with the selected run’s settings'),
    ),
    diff: actionButton(
      'runs-table-diff-button',
      l10n.t('Diff'),
      l10n.t('Compare the configurations of the two selected runs'),
    ),
    delete: actionButton(
      'runs-table-delete',
      l10n.t('Delete…'),
      l10n.t('Delete the selected run’s folder (not while it trains)'),
    ),
    export: actionButton(
      'runs-table-export',
      l10n.t('Export CSV…'),
      l10n.t('Save the table as shown (visible columns, filtered and sorted rows)'),
    ),
  };
  private readonly table = new TableView({
    sort: (key) => this.sortBy(key),
    select: (runId, selected) =>
      this.select(selected ? [...this.state.selected, runId] : this.state.selected.filter((id) => id !== runId)),
    selectAll: (selected) => this.select(selected ? this.shownRuns.map((r) => r.id) : []),
    stopSweep: (sweepId) => this.api.postMessage({ type: 'stop-sweep', sweepId }),
  });
  private readonly chooser = new ColumnChooser((key, visible) => this.toggleColumn(key, visible));
  private readonly diff = new DiffView(() => this.showDiff(false));
  private readonly chart = new OverlayChart((metric) => {
    this.update({ chartMetric: metric });
  });
  private readonly parallel = new ParallelCoordinates((runId) => this.markHovered(runId));

  constructor(root: HTMLElement) {
    this.filterInput.value = this.state.filter;
    this.filterInput.addEventListener('input', () => this.update({ filter: this.filterInput.value }));
    this.buttons.open.addEventListener('click', () => this.onSelected('open-run'));
    this.buttons.trainAgain.addEventListener('click', () => this.onSelected('train-again'));
    this.buttons.delete.addEventListener('click', () => this.onSelected('delete-run'));
    this.buttons.diff.addEventListener('click', () => this.showDiff(!this.diffShown));
    this.buttons.export.addEventListener('click', () => this.exportCsv());
    root.replaceChildren(
      element(
        'main',
        { className: 'runs-table-panel' },
        element('header', { className: 'panel-header' }, element('h1', { text: l10n.t('Runs') }), this.count),
        element(
          'div',
          { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': l10n.t('Runs table') } },
          element('label', { className: 'filter-label', attrs: { for: 'runs-table-filter' }, text: l10n.t('Filter') }),
          this.filterInput,
          this.chooser.element,
          element('span', { className: 'toolbar-gap' }),
          ...Object.values(this.buttons),
        ),
        element('p', {
          id: 'runs-table-filter-help',
          className: 'muted help',
          text: l10n.t(
            'Words match a run’s id, dataset, task, status or sweep; setting=value, <, <=, >, >=, != compare a setting or a metric (accuracy is its best value, final.accuracy its final one).',
          ),
        }),
        this.filterError,
        element('div', { className: 'table-scroll' }, this.table.element),
        this.status,
        this.diff.element,
        element('div', { className: 'charts' }, this.chart.element, this.parallel.element),
      ),
    );
    setVisible(this.diff.element, false);
    this.chart.setTheme(this.theme);
    this.parallel.setTheme(this.theme);
    watchTheme(() => {
      this.theme = readThemeColors();
      this.chart.setTheme(this.theme);
      this.parallel.setTheme(this.theme);
      this.render();
    });
    onHostMessage<HostToRunsTable>((message) => this.onMessage(message));
    this.api.postMessage({ type: 'ready' });
    this.render();
  }

  private onMessage(message: HostToRunsTable): void {
    switch (message.type) {
      case 'snapshot': {
        const { runs, metrics, settings } = message;
        this.snapshot = { runs, metrics, settings };
        this.received = true;
        const ids = new Set(runs.map((r) => r.id));
        for (const id of [...this.curves.keys()]) if (!ids.has(id)) this.curves.delete(id);
        this.update({ selected: this.state.selected.filter((id) => ids.has(id)) });
        return;
      }
      case 'curves': {
        const asked = this.requests.get(message.requestId) ?? [];
        this.requests.delete(message.requestId);
        for (const runId of asked) {
          // A run the host could not read gets no curves, and is not asked for again until it changes.
          const curves = message.curves.find((c) => c.runId === runId) ?? {
            runId,
            steps: [],
            loss: [],
            evaluations: [],
          };
          const run = this.snapshot.runs.find((r) => r.id === runId);
          this.curves.set(runId, { curves, step: run?.step ?? -1 });
          this.loading.delete(runId);
        }
        this.render();
        return;
      }
      case 'exported':
        this.status.textContent = message.path
          ? l10n.t('Saved the table to {0}.', message.path)
          : message.error
            ? l10n.t('Could not save the table: {0}', message.error)
            : '';
        return;
    }
  }

  private update(change: Partial<RunsTableViewState>): void {
    this.state = { ...this.state, ...change };
    this.api.setState(this.state);
    this.render();
  }

  private render(): void {
    const runs = this.snapshot.runs;
    const parsed = parseRunsFilter(this.state.filter, this.snapshot);
    this.filterError.textContent = parsed.ok ? '' : parsed.reason;
    this.filterInput.setAttribute('aria-invalid', String(!parsed.ok));
    // A filter that does not parse (yet: the user may be typing it) filters nothing; its reason shows below it.
    const filter = parsed.ok ? parsed.filter : EMPTY_FILTER;
    const filtered = runs.filter((run) => matchesFilter(run, filter));
    const columns = tableColumns(filtered, this.snapshot, filteredSettings(filter));
    const visible = columns.filter((c) => columnVisible(this.state, c.key));
    const hidden = new Set(columns.filter((c) => !columnVisible(this.state, c.key)).map((c) => c.key));
    const sort = this.state.sort && columns.some((c) => c.key === this.state.sort!.key) ? this.state.sort : null;
    const sorted = sort ? sortRuns(filtered, sort.key, sort.direction) : filtered;
    const entries = groupBySweep(sorted, runs);
    // Sweep runs sit under their header: the rows as drawn (and exported) follow the entries' order.
    this.shownRuns = entries.flatMap((e) => (e.kind === 'run' ? [e.run] : []));
    this.shownColumns = visible;
    const selected = new Set(this.state.selected);
    this.table.render({ columns: visible, entries, sort, selected });
    this.chooser.render(columns, hidden);
    this.count.textContent = !this.received
      ? l10n.t('Reading the runs…')
      : runCount(filtered.length, runs.length, selected.size);
    this.renderActions();
    this.renderDiff();
    this.renderChart();
    const settingColumns = columns.filter((c) => c.kind === 'setting');
    this.parallel.render(this.shownRuns, settingColumns, this.headlineMetric(this.shownRuns));
  }

  private renderActions(): void {
    const selected = this.selectedRuns();
    const one = selected.length === 1 ? selected[0] : undefined;
    this.buttons.open.disabled = !one;
    this.buttons.trainAgain.disabled = !one;
    this.buttons.delete.disabled = !one || one.active;
    this.buttons.delete.title = one?.active
      ? l10n.t('This run is training: stop it before deleting it')
      : l10n.t('Delete the selected run’s folder');
    this.buttons.diff.disabled = selected.length !== 2;
    this.buttons.diff.setAttribute('aria-pressed', String(this.diffShown && selected.length === 2));
    this.buttons.export.disabled = this.shownRuns.length === 0;
  }

  private renderDiff(): void {
    const selected = this.selectedRuns();
    const shown = this.diffShown && selected.length === 2;
    setVisible(this.diff.element, shown);
    if (shown) this.diff.show(selected[0], selected[1], this.snapshot.settings);
  }

  private renderChart(): void {
    const selected = this.selectedRuns();
    const wanted = selected.filter((run) => {
      const cached = this.curves.get(run.id);
      return (!cached || cached.step !== run.step) && !this.loading.has(run.id);
    });
    if (wanted.length > 0) {
      for (const run of wanted) this.loading.add(run.id);
      const requestId = ++this.requestCounter;
      this.requests.set(
        requestId,
        wanted.map((r) => r.id),
      );
      this.api.postMessage({ type: 'load-curves', requestId, runIds: wanted.map((r) => r.id) });
    }
    const curves = selected.flatMap((run) => {
      const cached = this.curves.get(run.id);
      return cached ? [cached.curves] : [];
    });
    const t = this.theme;
    const shown = this.chart.render(
      this.snapshot.runs,
      curves,
      this.state.chartMetric,
      this.snapshot.metrics,
      [t.blue, t.orange, t.green, t.red, t.purple, t.yellow],
      selected.some((run) => !this.curves.has(run.id)),
    );
    if (curves.length > 0 && shown !== this.state.chartMetric && !selected.some((r) => this.loading.has(r.id)))
      this.state = { ...this.state, chartMetric: shown };
  }

  /** The metric the plot colours by: the headline of the most shown runs' task. */
  private headlineMetric(runs: readonly RunsTableRun[]): MetricDescriptor | null {
    const counts = new Map<string, number>();
    for (const run of runs)
      if (run.best[run.headline] !== undefined) counts.set(run.headline, (counts.get(run.headline) ?? 0) + 1);
    const key = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    return this.snapshot.metrics.find((m) => m.key === key) ?? null;
  }

  private selectedRuns(): RunsTableRun[] {
    return this.state.selected.flatMap((id) => this.snapshot.runs.filter((r) => r.id === id));
  }

  private select(ids: string[]): void {
    this.update({ selected: [...new Set(ids)] });
  }

  /**
   * A click on a column's header sorts by it — a metric best first (accuracy descending, a loss
   * ascending), the start time newest first, the rest ascending — and a second click reverses.
   */
  private sortBy(key: string): void {
    const current = this.state.sort;
    const metric = this.shownColumns.find((c) => c.key === key)?.metric;
    const firstDirection = metric
      ? metric.higherIsBetter
        ? 'descending'
        : 'ascending'
      : key === 'started'
        ? 'descending'
        : 'ascending';
    const direction =
      current?.key === key ? (current.direction === 'ascending' ? 'descending' : 'ascending') : firstDirection;
    this.update({ sort: { key, direction } });
  }

  private toggleColumn(key: string, visible: boolean): void {
    const hidden = new Set(this.state.hidden);
    const shown = new Set(this.state.shown);
    if (visible) {
      hidden.delete(key);
      shown.add(key);
    } else {
      hidden.add(key);
      shown.delete(key);
    }
    this.update({ hidden: [...hidden], shown: [...shown] });
  }

  private showDiff(shown: boolean): void {
    this.diffShown = shown;
    this.render();
    if (shown) this.diff.element.scrollIntoView({ block: 'nearest' });
  }

  private onSelected(type: 'open-run' | 'train-again' | 'delete-run'): void {
    const [run] = this.selectedRuns();
    if (run) this.api.postMessage({ type, runId: run.id });
  }

  private exportCsv(): void {
    this.status.textContent = '';
    this.api.postMessage({
      type: 'export-csv',
      columns: this.shownColumns.map((c) => c.key),
      runIds: this.shownRuns.map((r) => r.id),
    });
  }

  private markHovered(runId: string | null): void {
    for (const row of Array.from(this.table.element.querySelectorAll('tr[data-run-id]')))
      row.classList.toggle('hovered', row.getAttribute('data-run-id') === runId);
  }
}

function actionButton(id: string, text: string, title: string): HTMLButtonElement {
  return element('button', { id, className: 'button secondary', text, title, attrs: { type: 'button' } });
}

/** "12 runs", "3 of 12 runs, 2 selected". */
function runCount(shown: number, total: number, selected: number): string {
  const runs =
    shown === total
      ? total === 1
        ? l10n.t('1 run')
        : l10n.t('{0} runs', total)
      : total === 1
        ? l10n.t('{0} of 1 run', shown)
        : l10n.t('{0} of {1} runs', shown, total);
  return selected > 0 ? l10n.t('{0}, {1} selected', runs, selected) : runs;
}
