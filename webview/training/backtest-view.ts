/**
 * The Backtest section under the charts, for a forecaster trained with `--backtest K`: per rolling origin
 * (of the final model, or of the latest evaluation that ran one), the model's MAE, MASE and interval coverage beside the best baseline's at that
 * origin, and a chart of the ranking metric at every origin for the model and each baseline. Hidden for
 * runs without a backtest.
 */

import type { BacktestOrigin } from '../../src/protocol/run-records';
import { element, setVisible } from '../shared/dom';
import type { ThemeColors } from '../shared/theme';
import { backtestMetricKeys, backtestRankingMetric, backtestRows, backtestSeries } from './backtest';
import { BacktestChart, backtestLines } from './backtest-chart';
import { baselineName, metricName } from './baselines';
import { formatMetricValue } from './metric-format';
import * as l10n from '../shared/l10n';

export class BacktestView {
  readonly root: HTMLElement;
  private readonly caption = element('caption', { id: 'backtest-caption' });
  private readonly head = element('thead');
  private readonly body = element('tbody');
  private readonly chart: BacktestChart;
  /** What is shown (step and theme), so a redraw of the charts does not rebuild an unchanged section. */
  private shownKey = '';

  constructor(private readonly colorOf: (theme: ThemeColors, index: number) => string) {
    const canvas = element('canvas', { id: 'chart-backtest' });
    const legend = element('div', {
      id: 'legend-backtest',
      className: 'chart-legend',
      attrs: { role: 'group', 'aria-label': l10n.t('Backtest series') },
    });
    this.chart = new BacktestChart(canvas, legend);
    const table = element(
      'table',
      { id: 'backtest-table', className: 'data-table' },
      this.caption,
      this.head,
      this.body,
    );
    this.root = element(
      'section',
      {
        id: 'card-backtest',
        className: 'chart-card data-card backtest-card',
        attrs: { 'aria-label': l10n.t('Backtest') },
      },
      element(
        'div',
        { className: 'chart-header' },
        element('h2', { className: 'chart-title', text: l10n.t('Backtest') }),
        legend,
      ),
      element(
        'div',
        { className: 'backtest-body' },
        element('div', { className: 'data-scroll' }, table),
        element('div', { className: 'chart-body backtest-chart' }, canvas),
      ),
    );
    setVisible(this.root, false);
  }

  /** Shows `shown` (hidden when null): the origins, and which model they scored in words. */
  render(shown: { origins: BacktestOrigin[]; where: string } | null, theme: ThemeColors): void {
    setVisible(this.root, shown !== null);
    if (!shown) return;
    const key = JSON.stringify([shown.where, shown.origins, theme.kind, theme.blue]);
    if (key === this.shownKey) return;
    this.shownKey = key;
    const origins = shown.origins;
    const columns = backtestMetricKeys(origins);
    const ranking = backtestRankingMetric(origins);
    const rows = backtestRows(origins);
    const beaten = rows.filter((row) => row.beats === true).length;
    this.caption.textContent = l10n.t(
      '{0} origins, {1}: it beats the best baseline by {2} at {3} of {4}',
      origins.length,
      shown.where,
      metricName(ranking),
      beaten,
      origins.length,
    );
    const header = (text: string) => element('th', { text, attrs: { scope: 'col' } });
    this.head.replaceChildren(
      element(
        'tr',
        {},
        header(l10n.t('Origin')),
        ...columns.map((c) => header(l10n.t('model {0}', metricName(c)))),
        header(l10n.t('best baseline')),
        header(l10n.t('its {0}', metricName('mae'))),
        header(l10n.t('its {0}', metricName('mase'))),
      ),
    );
    this.body.replaceChildren(
      ...rows.map((row) =>
        element(
          'tr',
          { attrs: { 'data-origin': row.origin, 'data-beats': row.beats === null ? undefined : String(row.beats) } },
          element('th', { text: row.label, attrs: { scope: 'row' } }),
          ...columns.map((c) => element('td', { text: formatMetricValue(c, row.metrics[c]) })),
          element('td', { className: 'baseline-name', text: row.best ? baselineName(row.best.key) : '—' }),
          element('td', { text: formatMetricValue('mae', row.best?.metrics.mae) }),
          element('td', { text: formatMetricValue('mase', row.best?.metrics.mase) }),
        ),
      ),
    );
    const series = backtestSeries(origins, ranking);
    this.chart.draw(
      series,
      backtestLines(series, theme.orange, (i) => this.colorOf(theme, i)),
      theme,
    );
  }

  /** A new snapshot or theme: draw again. */
  reset(): void {
    this.shownKey = '';
  }
}
