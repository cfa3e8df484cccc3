/**
 * A forecaster's errors: the one-step-ahead residuals (actual − forecast) over time per target, asked
 * of the host once the report is shown; their histogram per target; and the bias and mean absolute error
 * of every horizon step per target. A bias far from 0 at a horizon is a systematic over- or
 * under-forecast there; residuals that drift with time are a trend the model misses.
 */

import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import type { ResidualSeries } from '../../src/protocol/evaluate-view';
import type { ForecastReport } from '../../src/protocol/evaluation-report';
import { element } from '../shared/dom';
import { formatInteger, formatSignificant } from '../shared/format';
import * as l10n from '../shared/l10n';
import type { ThemeColors } from '../shared/theme';
import { XyChart } from '../shared/xy-chart';
import { stat } from './classifier-errors';
import type { PostToHost } from './tab';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** Residual points drawn per target (every k-th row past this: a chart of 10⁵ points says no more). */
const MAX_DRAWN_RESIDUALS = 4000;

export class ForecastErrors {
  readonly root = element('div', { className: 'errors forecast-errors' });
  private readonly headline = element('div', { className: 'headline' });
  private readonly residualCanvas = element('canvas', { id: 'residual-chart' });
  private readonly residualChart: XyChart;
  private readonly histogramCanvas = element('canvas', { id: 'residual-histogram' });
  private histogram: Chart<'bar'> | null = null;
  private readonly byHorizon = element('table', { id: 'by-horizon', className: 'data-table' });
  private report: ForecastReport | null = null;
  private residuals: ResidualSeries | null = null;

  constructor(private readonly post: PostToHost) {
    this.residualChart = new XyChart(this.residualCanvas, {
      description: l10n.t('One-step-ahead residuals over time'),
      xTitle: l10n.t('row'),
      yTitle: l10n.t('actual − forecast'),
      titleOf: (x) => this.residuals?.rowLabels[Math.round(x)] ?? String(Math.round(x)),
      formatY: (y) => formatSignificant(y, 4),
    });
    const card = (title: string, ...children: Node[]) =>
      element('section', { className: 'card' }, element('h2', { text: title }), ...children);
    this.root.append(
      this.headline,
      card(l10n.t('Residuals over time'), element('div', { className: 'chart-box wide' }, this.residualCanvas)),
      element(
        'div',
        { className: 'card-row' },
        card(l10n.t('Residual distribution'), element('div', { className: 'chart-box' }, this.histogramCanvas)),
        card(l10n.t('Bias and error by horizon'), element('div', { className: 'table-scroll' }, this.byHorizon)),
      ),
    );
  }

  show(report: ForecastReport, theme: ThemeColors): void {
    this.report = report;
    this.residuals = null;
    const mae1 = report.byHorizon.map((h) => h.meanAbsoluteError[0] ?? NaN);
    this.headline.replaceChildren(
      stat('windows', l10n.t('Windows'), formatInteger(report.windows)),
      stat('targets', l10n.t('Targets'), report.targets.join(', ')),
      stat('mae-1', l10n.t('MAE, next row'), mae1.map((v) => formatSignificant(v, 4)).join(' · ')),
    );
    this.renderByHorizon(report);
    this.drawHistogram(theme);
    this.post({ type: 'residuals' });
  }

  showResiduals(residuals: ResidualSeries, theme: ThemeColors): void {
    this.residuals = residuals;
    this.drawResiduals(theme);
  }

  redraw(theme: ThemeColors): void {
    if (this.report) this.drawHistogram(theme);
    if (this.residuals) this.drawResiduals(theme);
  }

  private drawResiduals(theme: ThemeColors): void {
    const { targets, residuals, rowLabels } = this.residuals!;
    const rows = rowLabels.length;
    const stride = Math.max(1, Math.ceil(rows / MAX_DRAWN_RESIDUALS));
    const colors = [theme.blue, theme.orange, theme.green, theme.purple, theme.red, theme.yellow];
    this.residualChart.draw(
      targets.map((target, k) => {
        const points: { x: number; y: number }[] = [];
        // residuals `[N, targets]`: row n, target k at n * targets + k.
        for (let n = 0; n < rows; n += stride) points.push({ x: n, y: residuals[n * targets.length + k] });
        return { label: target, points, color: colors[k % colors.length], width: 1 };
      }),
      theme,
    );
  }

  private drawHistogram(theme: ThemeColors): void {
    const report = this.report!;
    this.histogram?.destroy();
    const first = report.residualHistogram[0];
    if (!first) return;
    const colors = [theme.blue, theme.orange, theme.green, theme.purple];
    const labels = first.counts.map((_, b) => formatSignificant(first.lower + (b + 0.5) * first.width, 3));
    this.histogramCanvas.setAttribute('role', 'img');
    this.histogramCanvas.setAttribute(
      'aria-label',
      l10n.t('Histogram of the residuals of {0}', report.residualHistogram.map((h) => h.target).join(', ')),
    );
    this.histogram = new Chart(this.histogramCanvas, {
      type: 'bar',
      data: {
        labels,
        datasets: report.residualHistogram.map((h, k) => ({
          label: h.target,
          data: h.counts,
          backgroundColor: colors[k % colors.length],
          categoryPercentage: 1,
          barPercentage: 0.95,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: {
            grid: { display: false },
            border: { color: theme.chartLines },
            title: { display: true, text: l10n.t('residual ({0})', first.target), color: theme.chartForeground },
            ticks: { color: theme.chartForeground, maxRotation: 0, autoSkipPadding: 12 },
          },
          y: {
            grid: { color: theme.grid },
            border: { color: theme.chartLines },
            title: { display: true, text: l10n.t('rows'), color: theme.chartForeground },
            ticks: { color: theme.chartForeground, precision: 0 },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            backgroundColor: theme.tooltipBackground,
            titleColor: theme.tooltipForeground,
            bodyColor: theme.tooltipForeground,
            borderColor: theme.tooltipBorder,
            borderWidth: 1,
          },
        },
      },
    });
  }

  private renderByHorizon(report: ForecastReport): void {
    const header = element(
      'tr',
      {},
      ...[l10n.t('Target'), l10n.t('Horizon'), l10n.t('Bias'), l10n.t('MAE')].map((h, k) =>
        element('th', { text: h, className: k > 1 ? 'number' : undefined, attrs: { scope: 'col' } }),
      ),
    );
    const rows = report.byHorizon.flatMap((h) =>
      h.meanError.map((bias, step) =>
        element(
          'tr',
          {},
          element('th', { text: h.target, attrs: { scope: 'row' } }),
          element('td', { text: `+${step + 1}` }),
          element('td', { className: 'number', text: formatSignificant(bias, 4) }),
          element('td', { className: 'number', text: formatSignificant(h.meanAbsoluteError[step], 4) }),
        ),
      ),
    );
    this.byHorizon.replaceChildren(element('thead', {}, header), element('tbody', {}, ...rows));
  }
}
