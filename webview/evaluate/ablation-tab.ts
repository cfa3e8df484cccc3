/**
 * The Ablation tab: switch units off (zero, or clamp to their mean) and score the set again → `ablate`;
 * each metric before → after with the difference coloured better or worse, how many predictions
 * changed, and the changed examples (text, before → after, loss before → after), each openable in the
 * Gates panel. Units handed over by the Units tab fill the form.
 */

import type {
  AblationResult,
  EvaluationSummary,
  HostToEvaluatePanel,
  StateAddress,
} from '../../src/protocol/evaluate-view';
import { element, setText, setVisible } from '../shared/dom';
import { formatInteger, formatMetric, formatSignificant } from '../shared/format';
import * as l10n from '../shared/l10n';
import { AddressPicker, addressName, sameAddress } from './address-picker';
import { field, runButton, selectOf } from './form-fields';
import { metricChanges, metricLabel, type MetricChange } from './metric-change';
import { PendingRequest } from './pending-request';
import { openInGatesButton } from './row-actions';
import { numeric, tableHead } from './table-head';
import { oneLine } from './span-view';
import type { EvaluateTabFactory, EvaluateTabView, PostToHost } from './tab';
import { onUnitHandoff } from './unit-handoff';
import { formatUnitList, parseUnitList } from './unit-list';

export const createAblationTab: EvaluateTabFactory = (post) => new AblationTab(post);

class AblationTab implements EvaluateTabView {
  readonly id = 'ablation' as const;
  readonly title = l10n.t('Ablation');
  readonly element: HTMLElement;

  private summary: EvaluationSummary | null = null;
  private readonly address = new AddressPicker('ablation-address', l10n.t('Layer'));
  private readonly units = element('input', {
    id: 'ablation-units',
    className: 'mono',
    attrs: { type: 'text', placeholder: '3, 17, 40-42', autocomplete: 'off', spellcheck: 'false' },
  });
  private readonly mode = selectOf('ablation-mode', [
    ['zero', l10n.t('setting them to zero')],
    ['mean', l10n.t('clamping them to their mean')],
  ]);
  private readonly run = runButton('ablation-run', l10n.t('Ablate'));
  private readonly request: PendingRequest;
  private readonly heading = element('p', { id: 'ablation-result-heading', className: 'result-heading' });
  private readonly metricsBody = element('tbody');
  private readonly changedCaption = element('caption', { id: 'ablation-changed-caption' });
  private readonly changedBody = element('tbody');
  private readonly results: HTMLElement;

  constructor(private readonly post: PostToHost) {
    const form = element(
      'form',
      { className: 'tab-form', attrs: { 'aria-label': l10n.t('Switch units off') } },
      element(
        'div',
        { className: 'form-row' },
        this.address.root,
        field(l10n.t('Units'), this.units, 'grow'),
        field(l10n.t('Switch off by'), this.mode),
        this.run,
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.ablate();
    });
    this.units.addEventListener('input', () => this.request.clearError());
    const metricsTable = element(
      'table',
      { id: 'ablation-metrics', className: 'results-table metrics-table' },
      element('caption', { text: l10n.t('Metrics on the evaluated set') }),
      tableHead([l10n.t('Metric'), numeric(l10n.t('Before')), numeric(l10n.t('After')), numeric(l10n.t('Change'))]),
      this.metricsBody,
    );
    const changedTable = element(
      'table',
      { id: 'ablation-changed', className: 'results-table' },
      this.changedCaption,
      tableHead([
        numeric(l10n.t('Sequence')),
        l10n.t('Text'),
        l10n.t('Before → after'),
        numeric(l10n.t('Loss before → after')),
        l10n.t('Actions'),
      ]),
      this.changedBody,
    );
    this.results = element(
      'div',
      { className: 'ablation-results' },
      this.heading,
      metricsTable,
      element('div', { className: 'results-scroll' }, changedTable),
    );
    setVisible(this.results, false);
    const section = element(
      'section',
      { className: 'tab-section', attrs: { 'aria-labelledby': 'ablation-heading' } },
      element('h2', { id: 'ablation-heading', text: l10n.t('Switch units off') }),
      element('p', {
        className: 'muted hint',
        text: l10n.t(
          'Runs the model over the evaluated set again with the chosen units held at zero or at their mean, and compares.',
        ),
      }),
      form,
    );
    this.request = new PendingRequest(post, [this.run], section);
    section.append(this.request.root, this.results);
    this.element = element('div', { className: 'evaluate-tab ablation-tab' }, section);
    onUnitHandoff('ablation', ({ address, units }) => this.fill(address, units));
  }

  setSummary(summary: EvaluationSummary): void {
    this.summary = summary;
    this.address.setLayers(summary.layers);
    this.request.reset();
    setVisible(this.results, false);
  }

  receive(message: HostToEvaluatePanel): void {
    if (message.type === 'ablation') {
      if (this.request.answers(message.requestId)) this.show(message.result);
    } else if (message.type === 'error') {
      this.request.fail(message.requestId, message.message);
    }
  }

  /** Units handed over: added to the list when the layer is the same, else they replace it. */
  private fill(address: StateAddress, units: number[]): void {
    const current = this.address.value();
    const kept =
      current && sameAddress(current, address) ? parseUnitList(this.units.value, this.address.width()) : null;
    if (!this.address.set(address)) return;
    this.units.value = formatUnitList([...(kept?.ok ? kept.units : []), ...units]);
    this.request.clearError();
  }

  private ablate(): void {
    if (!this.summary || this.request.pending) return;
    const address = this.address.value();
    if (!address) return;
    const units = parseUnitList(this.units.value, this.address.width());
    if (!units.ok) {
      this.request.showError(units.message);
      this.units.focus();
      return;
    }
    const mode = this.mode.value === 'mean' ? 'mean' : 'zero';
    const requestId = this.request.start(
      l10n.t(
        'Scoring {0} sequences with units {1} off…',
        formatInteger(this.summary.sequences),
        formatUnitList(units.units),
      ),
    );
    this.post({ type: 'ablate', requestId, query: { address, units: units.units, mode } });
  }

  private show(result: AblationResult): void {
    const { query } = result;
    setText(
      this.heading,
      l10n.t(
        'Units {0} of {1} {2}: {3} of {4} predictions changed · {5} ms',
        formatUnitList(query.units),
        addressName(query.address, this.address.bidirectional()),
        query.mode === 'zero' ? l10n.t('set to zero') : l10n.t('clamped to their mean'),
        formatInteger(result.changedCount),
        formatInteger(this.summary?.sequences ?? Number.NaN),
        formatInteger(result.ms),
      ),
    );
    this.metricsBody.replaceChildren(...metricChanges(result.before, result.after).map(metricRow));
    setText(
      this.changedCaption,
      result.changed.length < result.changedCount
        ? l10n.t('The {0} most changed of {1}', result.changed.length, formatInteger(result.changedCount))
        : l10n.t('Changed predictions'),
    );
    this.changedBody.replaceChildren(
      ...result.changed.map((change) =>
        element(
          'tr',
          { attrs: { 'data-sequence': change.sequence } },
          element('th', { className: 'num', text: String(change.sequence), attrs: { scope: 'row' } }),
          element('td', { className: 'text-cell', text: oneLine(change.text), title: change.text }),
          element(
            'td',
            {},
            element('span', { className: 'before', text: change.before }),
            ' → ',
            element('span', { className: 'after', text: change.after }),
          ),
          element(
            'td',
            { className: 'num' },
            `${formatSignificant(change.lossBefore, 3)} → ${formatSignificant(change.lossAfter, 3)}`,
          ),
          element('td', { className: 'actions' }, openInGatesButton(this.post, change.sequence)),
        ),
      ),
    );
    if (result.changed.length === 0) {
      this.changedBody.append(
        element(
          'tr',
          {},
          element('td', { className: 'muted', text: l10n.t('No prediction changed.'), attrs: { colspan: 5 } }),
        ),
      );
    }
    setVisible(this.results, true);
  }
}

function metricRow(change: MetricChange): HTMLTableRowElement {
  const sign = change.difference > 0 ? '+' : '';
  const difference = Number.isFinite(change.difference)
    ? change.key === 'accuracy'
      ? `${sign}${formatSignificant(change.difference * 100, 3)} pp`
      : `${sign}${formatSignificant(change.difference, 4)}`
    : '—';
  const verdict = { better: l10n.t('better'), worse: l10n.t('worse'), same: l10n.t('unchanged') }[change.verdict];
  return element(
    'tr',
    { attrs: { 'data-metric': change.key } },
    element('th', { text: metricLabel(change.key), attrs: { scope: 'row' } }),
    element('td', { className: 'num', text: formatMetric(change.key, change.before) }),
    element('td', { className: 'num', text: formatMetric(change.key, change.after) }),
    element(
      'td',
      { className: `num change ${change.verdict}` },
      difference,
      element('span', { className: 'verdict', text: ` (${verdict})` }),
    ),
  );
}
