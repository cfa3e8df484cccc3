/**
 * "Against the baselines": under the charts, the model's validation metrics beside each naive baseline's
 * on the same windows, at the evaluation the summary compares (the best one, or the latest with
 * baselines) — the data of the metric chart's dashed lines, as text. Hidden for runs without baselines.
 */

import type { EvaluationRecord } from '../../src/protocol/run-records';
import { element, setVisible } from '../shared/dom';
import { formatInteger } from '../shared/format';
import { baselineKeys, baselineName, bestBaseline, comparisonMetric, metricName } from './baselines';
import { formatMetricValue } from './metric-format';

/** The columns, when the record has them: the error metrics every forecaster reports. */
const COLUMNS = ['mae', 'rmse', 'mase', 'smape'];

export class BaselinesTable {
  readonly root: HTMLElement;
  private readonly caption = element('caption', { id: 'baselines-caption' });
  private readonly head = element('thead');
  private readonly body = element('tbody');
  private shownKey = '';

  constructor() {
    const table = element(
      'table',
      { id: 'baselines-table', className: 'data-table' },
      this.caption,
      this.head,
      this.body,
    );
    this.root = element(
      'section',
      { id: 'card-baselines', className: 'chart-card data-card', attrs: { 'aria-label': 'Against the baselines' } },
      element(
        'div',
        { className: 'chart-header' },
        element('h2', { className: 'chart-title', text: 'Against the baselines' }),
      ),
      element('div', { className: 'data-scroll' }, table),
    );
    setVisible(this.root, false);
  }

  /** Shows `record`'s metrics and baselines (hidden when it is null or has none). */
  render(record: EvaluationRecord | null, headline: string): void {
    const baselines = record?.baselines;
    const keys = baselines ? baselineKeys([{ baselines }]) : [];
    setVisible(this.root, record !== null && keys.length > 0);
    if (!record || !baselines || keys.length === 0) return;
    const shownKey = JSON.stringify([record.step, record.metrics, baselines]);
    if (shownKey === this.shownKey) return;
    this.shownKey = shownKey;
    const columns = COLUMNS.filter(
      (c) => record.metrics[c] !== undefined || keys.some((k) => baselines[k][c] !== undefined),
    );
    const ranking = comparisonMetric(record.metrics, baselines, headline);
    const best = bestBaseline(baselines, ranking);
    this.caption.textContent = `Validation at step ${formatInteger(record.step)} (epoch ${record.epoch + 1}), the same windows for all; best baseline by ${metricName(ranking)}: ${best ? baselineName(best.key) : '—'}`;
    this.head.replaceChildren(
      element(
        'tr',
        {},
        element('th', { text: 'Forecast', attrs: { scope: 'col' } }),
        ...columns.map((c) => element('th', { text: metricName(c), attrs: { scope: 'col' } })),
      ),
    );
    const row = (name: string, metrics: Record<string, number | undefined>, className: string, key: string) =>
      element(
        'tr',
        { className, attrs: { 'data-forecaster': key } },
        element('th', { text: name, attrs: { scope: 'row' } }),
        ...columns.map((c) => element('td', { text: formatMetricValue(c, metrics[c]) })),
      );
    this.body.replaceChildren(
      row('model', record.metrics, 'model-row', 'model'),
      ...keys.map((k) => row(baselineName(k), baselines[k], k === best?.key ? 'best-baseline' : '', k)),
    );
  }
}
