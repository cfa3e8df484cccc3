/**
 * "Against the baselines": under the charts, the model's metrics beside each naive baseline's on the same
 * windows — the scores the header compares (`scoresToCompare`: the final ones, or the best evaluation's),
 * the data of the metric chart's dashed lines as text. Hidden for runs without baselines.
 */

import { element, setVisible } from '../shared/dom';
import {
  baselineKeys,
  baselineName,
  bestBaseline,
  comparisonMetric,
  metricName,
  type ComparedScores,
} from './baselines';
import { formatMetricValue } from './metric-format';
import * as l10n from '../shared/l10n';

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
      {
        id: 'card-baselines',
        className: 'chart-card data-card',
        attrs: { 'aria-label': l10n.t('Against the baselines') },
      },
      element(
        'div',
        { className: 'chart-header' },
        element('h2', { className: 'chart-title', text: l10n.t('Against the baselines') }),
      ),
      element('div', { className: 'data-scroll' }, table),
    );
    setVisible(this.root, false);
  }

  /** Shows the scores and their baselines (hidden when there are none). */
  render(scores: ComparedScores | null, headline: string): void {
    const baselines = scores?.baselines;
    const keys = baselines ? baselineKeys([{ baselines }]) : [];
    setVisible(this.root, scores !== null && keys.length > 0);
    if (!scores || !baselines || keys.length === 0) return;
    const metrics = scores.metrics;
    const shownKey = JSON.stringify([scores.where, metrics, baselines]);
    if (shownKey === this.shownKey) return;
    this.shownKey = shownKey;
    const columns = COLUMNS.filter((c) => metrics[c] !== undefined || keys.some((k) => baselines[k][c] !== undefined));
    const ranking = comparisonMetric(metrics, baselines, headline);
    const best = bestBaseline(baselines, ranking);
    this.caption.textContent = l10n.t(
      'Scores of {0}, on the same windows for all; best baseline by {1}: {2}',
      scores.where,
      metricName(ranking),
      best ? baselineName(best.key) : '—',
    );
    this.head.replaceChildren(
      element(
        'tr',
        {},
        element('th', { text: l10n.t('Forecast'), attrs: { scope: 'col' } }),
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
      row('model', metrics, 'model-row', 'model'),
      ...keys.map((k) => row(baselineName(k), baselines[k], k === best?.key ? 'best-baseline' : '', k)),
    );
  }
}
