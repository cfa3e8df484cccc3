/**
 * A forecast: the selected history of each target column and the next N values plotted after it (the
 * rows the model read marked by a heavier line). A model with a predictive distribution adds its interval
 * as a filled band around the median and its other quantiles as lines shown on hover; the table then has a
 * column per quantile. Insert (Insert median) / Insert quantiles / Copy put the values in the selection's
 * own layout; a model of several series gets a series picker, which asks the host to forecast again.
 */

import type { ForecastAnswer } from '../../../src/protocol/prediction-results';
import { element } from '../../shared/dom';
import { formatSignificant } from '../../shared/format';
import type { ThemeColors } from '../../shared/theme';
import { withAlpha } from '../../shared/theme';
import type { ContinuationActions } from './continuation-view';
import { XyChart, type XySeries } from '../../shared/xy-chart';
import { forecastLines, insertChoices, intervalLabel, medianLevelIndex, quantileLabel } from './forecast-band';
import * as l10n from '../../shared/l10n';

export interface ForecastActions extends ContinuationActions {
  /** Insert every quantile: the host inserts its own answer's rows. */
  insertQuantiles(): void;
  /** Forecast the same rows for another of the model's series. */
  pickSeries(id: string): void;
}

const INSERT_DISABLED_TITLE = l10n.t('The input was typed here, not selected in an editor: use Copy');

export class ForecastView {
  readonly root = element('div', { className: 'result' });
  private readonly canvas = element('canvas', { id: 'forecast-chart' });
  private readonly chart: XyChart;
  private answer: ForecastAnswer | null = null;
  private canInsert = false;

  constructor(private readonly actions: ForecastActions) {
    this.chart = new XyChart(this.canvas, {
      description: l10n.t('The selected history and the forecast after it'),
      xTitle: l10n.t('row (0 = the last selected)'),
      yTitle: l10n.t('value'),
      titleOf: (x) =>
        x > 0 ? l10n.t('forecast step {0}', x) : x === 0 ? l10n.t('last selected row') : l10n.t('row {0}', x),
      formatY: (y) => formatSignificant(y, 4),
    });
  }

  render(answer: ForecastAnswer, canInsert: boolean, theme: ThemeColors): void {
    this.answer = answer;
    this.canInsert = canInsert;
    const choices = insertChoices(answer);
    const plain = answer.values.map((row) => row.map((v) => formatSignificant(v, 6)).join(', ')).join('\n');
    const insert = this.insertButton(
      'insert',
      choices.valuesLabel,
      choices.quantiles
        ? l10n.t(
            'Insert the median forecast after the rows it continues, in their layout (at the cursor once that document has been edited)',
          )
        : l10n.t(
            'Insert the values after the rows they continue, in their layout (at the cursor once that document has been edited)',
          ),
    );
    insert.addEventListener('click', () => this.actions.insert(answer.insertText));
    const buttons: HTMLElement[] = [insert];
    if (choices.quantiles) {
      const quantiles = this.insertButton(
        'insert-quantiles',
        l10n.t('Insert quantiles'),
        l10n.t('Insert every quantile (a column each) after the rows they continue, in their layout'),
      );
      quantiles.classList.add('secondary');
      quantiles.addEventListener('click', () => this.actions.insertQuantiles());
      buttons.push(quantiles);
    }
    const copy = element('button', { id: 'copy', className: 'button secondary', text: l10n.t('Copy') });
    copy.addEventListener('click', () => this.actions.copy(plain));
    buttons.push(copy);
    const series = answer.series;
    const title =
      answer.values.length === 1
        ? l10n.t('Next value of {0}', answer.targets.join(', '))
        : l10n.t('Next {0} values of {1}', answer.values.length, answer.targets.join(', '));
    this.root.replaceChildren(
      element(
        'div',
        { className: 'card-row' },
        element(
          'section',
          { className: 'card', attrs: { 'aria-label': l10n.t('Forecast chart') } },
          element(
            'div',
            { className: 'forecast-heading' },
            element('h2', { text: series ? `${title} · ${series.column} ${series.id}` : title }),
            series && series.ids.length > 1 ? this.seriesPicker(series) : null,
          ),
          element('div', { className: 'chart-body' }, this.canvas),
          this.legend(answer, theme),
        ),
        element(
          'section',
          { className: 'card', attrs: { 'aria-label': l10n.t('Forecast values') } },
          element('h2', { text: l10n.t('Values') }),
          element('div', { className: 'values-scroll' }, valuesTable(answer)),
          element('div', { className: 'actions' }, ...buttons),
        ),
      ),
    );
    this.draw(theme);
  }

  private insertButton(id: string, text: string, title: string): HTMLButtonElement {
    const button = element('button', {
      id,
      className: 'button',
      text,
      title: this.canInsert ? title : INSERT_DISABLED_TITLE,
    });
    button.disabled = !this.canInsert;
    return button;
  }

  /** A dropdown of the model's series; choosing one asks the host to forecast it. */
  private seriesPicker(series: NonNullable<ForecastAnswer['series']>): HTMLElement {
    const select = element('select', {
      id: 'forecast-series',
      title: l10n.t(
        'Forecast the selected rows as another {0} (the model was trained on {1})',
        series.column,
        series.ids.length,
      ),
    });
    for (const id of series.ids)
      select.append(element('option', { text: id, attrs: { value: id, selected: id === series.id } }));
    select.addEventListener('change', () => this.actions.pickSeries(select.value));
    return element('label', { className: 'control series-picker' }, series.column, select);
  }

  private legend(answer: ForecastAnswer, theme: ThemeColors): HTMLElement {
    const item = (color: string, text: string, className = 'swatch') => {
      const swatch = element('span', { className, attrs: { 'aria-hidden': 'true' } });
      swatch.style.background = color;
      return element('span', {}, swatch, text);
    };
    const band = forecastLines(answer, 0).band;
    const distribution = answer.quantiles !== undefined;
    return element(
      'div',
      { className: 'legend' },
      item(withAlpha(theme.blue, 0.55), l10n.t('selected ({0} rows)', answer.history.length)),
      item(theme.blue, l10n.t('read by the model (the last {0})', answer.windowRows)),
      item(
        theme.orange,
        distribution
          ? l10n.t('median forecast ({0})', answer.values.length)
          : l10n.t('forecast ({0})', answer.values.length),
      ),
      band ? item(bandColor(theme), intervalLabel(band.level), 'swatch band-swatch') : null,
      distribution
        ? element('span', { className: 'legend-note', text: l10n.t('hover the chart for every quantile') })
        : null,
    );
  }

  setTheme(theme: ThemeColors): void {
    if (this.answer) this.render(this.answer, this.canInsert, theme);
  }

  destroy(): void {
    this.chart.destroy();
  }

  private draw(theme: ThemeColors): void {
    const answer = this.answer!;
    const palette = [theme.blue, theme.purple, theme.green, theme.yellow];
    const series: XySeries[] = [];
    let bandLevel: number | null = null;
    answer.targets.forEach((target, k) => {
      const color = palette[k % palette.length];
      const lines = forecastLines(answer, k);
      // The band first, so the lines are drawn over it: its lower edge, then the upper edge filled down to it.
      if (lines.band) {
        bandLevel = lines.band.level;
        const label = `${target} ${intervalLabel(lines.band.level)}`;
        // The quantile lines name the edges on hover when the model has them.
        const noTooltip = lines.quantiles.length > 0;
        series.push({
          label: l10n.t('{0} (low)', label),
          points: lines.band.lower,
          color: 'transparent',
          width: 0,
          noTooltip,
        });
        series.push({
          label: l10n.t('{0} (high)', label),
          points: lines.band.upper,
          color: 'transparent',
          width: 0,
          noTooltip,
          fillToPrevious: bandColor(theme),
        });
      }
      series.push({ label: l10n.t('{0} (selected)', target), points: lines.selected, color: withAlpha(color, 0.55) });
      series.push({
        label: l10n.t('{0} (read by the model)', target),
        points: lines.read,
        color,
        dots: answer.windowRows <= 60,
      });
      for (const quantile of lines.quantiles)
        series.push({
          label: `${target} ${quantileLabel(quantile.level)}`,
          points: quantile.points,
          color: withAlpha(theme.orange, 0.8),
          width: 1,
          dash: [2, 2],
          onHover: true,
        });
      series.push({
        label: `${target} (${answer.quantiles ? 'median' : 'forecast'})`,
        points: lines.median,
        color: theme.orange,
        dash: [5, 3],
        dots: answer.values.length <= 60,
      });
    });
    this.chart.describe(
      bandLevel === null
        ? l10n.t('The selected history and the forecast after it')
        : l10n.t('The selected history, the median forecast after it and its {0}', intervalLabel(bandLevel)),
    );
    this.canvas.dataset.band = bandLevel === null ? '' : String(bandLevel);
    this.chart.draw(series, theme);
  }
}

/** The band's fill: the forecast's colour, faint (stronger in high contrast themes, where faint vanishes). */
function bandColor(theme: ThemeColors): string {
  const highContrast = theme.kind === 'high-contrast' || theme.kind === 'high-contrast-light';
  return withAlpha(theme.orange, highContrast ? 0.4 : 0.22);
}

/** Step, then per target its median (or value) and, with a distribution, each other quantile. */
function valuesTable(answer: ForecastAnswer): HTMLTableElement {
  const quantiles = answer.quantiles;
  const median = quantiles ? medianLevelIndex(quantiles.levels) : -1;
  // Per target, the columns in ascending level with the median (the answer's values) in its place.
  const columnsOf = (k: number) =>
    quantiles
      ? quantiles.levels.map((level, q) => ({
          heading: `${answer.targets[k]} ${q === median ? 'median' : quantileLabel(level)}`,
          value: (step: number) => (q === median ? answer.values[step][k] : quantiles.values[step][k][q]),
        }))
      : [{ heading: answer.targets[k], value: (step: number) => answer.values[step][k] }];
  const columns = answer.targets.flatMap((_, k) => columnsOf(k));
  const header = element(
    'tr',
    {},
    element('th', { text: l10n.t('step') }),
    ...columns.map((c) => element('th', { text: c.heading })),
  );
  const rows = answer.values.map((_, step) =>
    element(
      'tr',
      {},
      element('td', { text: `+${step + 1}` }),
      ...columns.map((c) => element('td', { text: formatSignificant(c.value(step), 6) })),
    ),
  );
  return element(
    'table',
    {
      id: 'forecast-values',
      className: 'values',
      attrs: {
        'data-values': JSON.stringify(answer.values),
        'data-quantile-levels': quantiles ? JSON.stringify(quantiles.levels) : undefined,
      },
    },
    element('thead', {}, header),
    element('tbody', {}, ...rows),
  );
}
