/**
 * A forecast: the selected history of each target column and the next N values plotted after it (the
 * rows the model read marked by a heavier line), the values in a table, and Insert / Copy of the values
 * in the selection's own layout.
 */

import type { ForecastAnswer } from '../../../src/protocol/prediction-results';
import { element } from '../../shared/dom';
import { formatSignificant } from '../../shared/format';
import type { ThemeColors } from '../../shared/theme';
import { withAlpha } from '../../shared/theme';
import type { ContinuationActions } from './continuation-view';
import { XyChart, type XySeries } from '../xy-chart';

export class ForecastView {
  readonly root = element('div', { className: 'result' });
  private readonly canvas = element('canvas', { id: 'forecast-chart' });
  private readonly chart: XyChart;
  private answer: ForecastAnswer | null = null;
  private canInsert = false;

  constructor(private readonly actions: ContinuationActions) {
    this.chart = new XyChart(this.canvas, {
      description: 'The selected history and the forecast after it',
      xTitle: 'row (0 = the last selected)',
      yTitle: 'value',
      titleOf: (x) => (x > 0 ? `forecast step ${x}` : x === 0 ? 'last selected row' : `row ${x}`),
      formatY: (y) => formatSignificant(y, 4),
    });
  }

  render(answer: ForecastAnswer, canInsert: boolean, theme: ThemeColors): void {
    this.answer = answer;
    this.canInsert = canInsert;
    const plain = answer.values.map((row) => row.map((v) => formatSignificant(v, 6)).join(', ')).join('\n');
    const insert = element('button', {
      id: 'insert',
      className: 'button',
      text: 'Insert',
      title: canInsert
        ? 'Insert the values after the rows they continue, in their layout (at the cursor once that document has been edited)'
        : 'The input was typed here, not selected in an editor: use Copy',
    });
    insert.disabled = !canInsert;
    const copy = element('button', { id: 'copy', className: 'button secondary', text: 'Copy' });
    insert.addEventListener('click', () => this.actions.insert(answer.insertText));
    copy.addEventListener('click', () => this.actions.copy(plain));
    const header = element(
      'tr',
      {},
      element('th', { text: 'step' }),
      ...answer.targets.map((t) => element('th', { text: t })),
    );
    const rows = answer.values.map((row, step) =>
      element(
        'tr',
        {},
        element('td', { text: `+${step + 1}` }),
        ...row.map((v) => element('td', { text: formatSignificant(v, 6) })),
      ),
    );
    const table = element(
      'table',
      { id: 'forecast-values', className: 'values', attrs: { 'data-values': JSON.stringify(answer.values) } },
      element('thead', {}, header),
      element('tbody', {}, ...rows),
    );
    this.root.replaceChildren(
      element(
        'div',
        { className: 'card-row' },
        element(
          'section',
          { className: 'card', attrs: { 'aria-label': 'Forecast chart' } },
          element('h2', {
            text: `Next ${answer.values.length} value${answer.values.length === 1 ? '' : 's'} of ${answer.targets.join(', ')}`,
          }),
          element('div', { className: 'chart-body' }, this.canvas),
          this.legend(answer, theme),
        ),
        element(
          'section',
          { className: 'card', attrs: { 'aria-label': 'Forecast values' } },
          element('h2', { text: 'Values' }),
          element('div', { className: 'values-scroll' }, table),
          element('div', { className: 'actions' }, insert, copy),
        ),
      ),
    );
    this.draw(theme);
  }

  private legend(answer: ForecastAnswer, theme: ThemeColors): HTMLElement {
    const item = (color: string, text: string) => {
      const swatch = element('span', { className: 'swatch' });
      swatch.style.background = color;
      return element('span', {}, swatch, text);
    };
    return element(
      'div',
      { className: 'legend' },
      item(withAlpha(theme.blue, 0.55), `selected (${answer.history.length} rows)`),
      item(theme.blue, `read by the model (the last ${answer.windowRows})`),
      item(theme.orange, `forecast (${answer.values.length})`),
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
    const n = answer.history.length;
    const series: XySeries[] = [];
    answer.targets.forEach((target, k) => {
      const column = answer.features.indexOf(target);
      const color = palette[k % palette.length];
      const history = answer.history.map((row, r) => ({ x: r - (n - 1), y: row[column] }));
      series.push({
        label: `${target} (selected)`,
        points: history.slice(0, n - answer.windowRows + 1),
        color: withAlpha(color, 0.55),
      });
      series.push({
        label: `${target} (read by the model)`,
        points: history.slice(n - answer.windowRows),
        color,
        dots: answer.windowRows <= 60,
      });
      const last = history[n - 1];
      series.push({
        label: `${target} (forecast)`,
        points: [last, ...answer.values.map((row, step) => ({ x: step + 1, y: row[k] }))],
        color: theme.orange,
        dash: [5, 3],
        dots: answer.values.length <= 60,
      });
    });
    this.chart.draw(series, theme);
  }
}
