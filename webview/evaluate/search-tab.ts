/**
 * The Search tab: LSTMVis's match view over the whole evaluated set. A layer, units (`3, 17, 40-42`), a
 * threshold and top-k → `match`; the ranked spans, each in its context and openable in the Gates panel.
 * A selection made in the Gates panel arrives as `run-match`: the form is filled and the search runs; a
 * unit handed over by the Units tab fills the form without running it.
 */

import {
  MAX_RESULTS,
  type EvaluationSummary,
  type HostToEvaluatePanel,
  type MatchQuery,
  type MatchResult,
  type StateAddress,
} from '../../src/protocol/evaluate-view';
import { element, setText, setVisible } from '../shared/dom';
import { formatFixed, formatInteger } from '../shared/format';
import * as l10n from '../shared/l10n';
import { AddressPicker, addressName, sameAddress } from './address-picker';
import { field, runButton } from './form-fields';
import { PendingRequest } from './pending-request';
import { openInGatesButton } from './row-actions';
import { spanPlace, spanView } from './span-view';
import type { EvaluateTabFactory, EvaluateTabView, PostToHost } from './tab';
import { numeric, tableHead } from './table-head';
import { onUnitHandoff } from './unit-handoff';
import { formatUnitList, parseUnitList } from './unit-list';

export const createSearchTab: EvaluateTabFactory = (post) => new SearchTab(post);

/** LSTMVis's default: a unit is "on" from 0.3 of the tanh range up. */
const DEFAULT_THRESHOLD = 0.3;
const DEFAULT_TOP_K = 20;

class SearchTab implements EvaluateTabView {
  readonly id = 'search' as const;
  readonly title = l10n.t('Search');
  readonly element: HTMLElement;

  private summary: EvaluationSummary | null = null;
  /** A Gates search that arrived before the session's summary: run once the summary is here. */
  private waitingQuery: MatchQuery | null = null;
  private readonly address = new AddressPicker('search-address', l10n.t('Layer'));
  private readonly units = element('input', {
    id: 'search-units',
    className: 'mono',
    attrs: { type: 'text', placeholder: '3, 17, 40-42', autocomplete: 'off', spellcheck: 'false' },
  });
  private readonly threshold = element('input', {
    id: 'search-threshold',
    attrs: { type: 'number', step: '0.05', value: String(DEFAULT_THRESHOLD) },
  });
  private readonly topK = element('input', {
    id: 'search-top-k',
    attrs: { type: 'number', min: 1, max: MAX_RESULTS, step: 1, value: String(DEFAULT_TOP_K) },
  });
  private readonly run = runButton('search-run', l10n.t('Search'));
  private readonly request: PendingRequest;
  private readonly caption = element('caption', { id: 'search-caption' });
  private readonly body = element('tbody');
  private readonly table: HTMLTableElement;

  constructor(private readonly post: PostToHost) {
    const form = element(
      'form',
      { className: 'tab-form', attrs: { 'aria-label': l10n.t('Search the data set by a unit pattern') } },
      element(
        'div',
        { className: 'form-row' },
        this.address.root,
        field(l10n.t('Units'), this.units, 'grow'),
        field(l10n.t('All ≥'), this.threshold, 'narrow'),
        field(l10n.t('Top'), this.topK, 'narrow'),
        this.run,
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.search();
    });
    this.units.addEventListener('input', () => this.request.clearError());
    this.table = element(
      'table',
      { id: 'search-results', className: 'results-table' },
      this.caption,
      tableHead([
        numeric(l10n.t('Rank')),
        numeric(l10n.t('Score')),
        l10n.t('Where'),
        l10n.t('Match in context'),
        l10n.t('Actions'),
      ]),
      this.body,
    );
    setVisible(this.table, false);
    const section = element(
      'section',
      { className: 'tab-section', attrs: { 'aria-labelledby': 'search-heading' } },
      element('h2', { id: 'search-heading', text: l10n.t('Search the data set by a unit pattern') }),
      element('p', {
        className: 'muted hint',
        text: l10n.t(
          'Finds the spans where every chosen unit is at or above the threshold, ranked by how much more they are on than the other units. Select units in the Gates panel and choose Search the data set to start from there.',
        ),
      }),
      form,
    );
    this.request = new PendingRequest(post, [this.run], section);
    section.append(this.request.root, element('div', { className: 'results-scroll' }, this.table));
    this.element = element('div', { className: 'evaluate-tab search-tab' }, section);
    onUnitHandoff('search', ({ address, units }) => this.fill(address, units));
  }

  setSummary(summary: EvaluationSummary): void {
    this.summary = summary;
    this.address.setLayers(summary.layers);
    this.request.reset();
    this.body.replaceChildren();
    setVisible(this.table, false);
    if (this.waitingQuery) this.runQuery(this.waitingQuery);
    this.waitingQuery = null;
  }

  receive(message: HostToEvaluatePanel): void {
    switch (message.type) {
      case 'run-match':
        if (this.summary) this.runQuery(message.query);
        else this.waitingQuery = message.query;
        break;
      case 'match-results':
        if (this.request.answers(message.requestId)) this.showResults(message.query, message.results, message.ms);
        break;
      case 'error':
        this.request.fail(message.requestId, message.message);
        break;
    }
  }

  /** A search from the Gates panel: the form shows it and it runs (replacing any search still running). */
  private runQuery(query: MatchQuery): void {
    if (!this.address.set(query.address)) {
      this.request.showError(l10n.t('This session has no such layer; choose one and search again.'));
      return;
    }
    this.units.value = formatUnitList(query.units);
    this.threshold.value = String(query.threshold);
    this.topK.value = String(query.topK);
    this.search();
  }

  /** Units handed over: added to the list when the layer is the same, else they replace it. */
  private fill(address: StateAddress, units: number[]): void {
    const current = this.address.value();
    const width = this.address.width();
    const kept = current && sameAddress(current, address) ? parseUnitList(this.units.value, width) : null;
    if (!this.address.set(address)) return;
    this.units.value = formatUnitList([...(kept?.ok ? kept.units : []), ...units]);
    this.request.clearError();
  }

  /** Sends the form's search; one still running is superseded (its late answer is ignored). */
  private search(): void {
    if (!this.summary) return;
    const address = this.address.value();
    if (!address) return;
    const units = parseUnitList(this.units.value, this.address.width());
    if (!units.ok) {
      this.request.showError(units.message);
      this.units.focus();
      return;
    }
    const threshold = Number(this.threshold.value);
    if (this.threshold.value.trim() === '' || !Number.isFinite(threshold)) {
      this.request.showError(l10n.t('The threshold must be a number.'));
      return;
    }
    const topK = Math.round(Number(this.topK.value));
    if (!Number.isFinite(topK) || topK < 1 || topK > MAX_RESULTS) {
      this.request.showError(l10n.t('Top must be between 1 and {0}.', MAX_RESULTS));
      return;
    }
    const query: MatchQuery = { address, units: units.units, threshold, topK };
    const requestId = this.request.start(l10n.t('Searching the data set…'));
    this.post({ type: 'match', requestId, query });
  }

  private showResults(query: MatchQuery, results: MatchResult[], ms: number): void {
    setText(
      this.caption,
      l10n.t(
        '{0} matches of units {1} ≥ {2} in {3} · {4} ms',
        results.length,
        formatUnitList(query.units),
        query.threshold,
        addressName(query.address, this.address.bidirectional()),
        formatInteger(ms),
      ),
    );
    this.body.replaceChildren(
      ...results.map((result, rank) =>
        element(
          'tr',
          { attrs: { 'data-sequence': result.sequence, 'data-start': result.start } },
          element('td', { className: 'num', text: String(rank + 1) }),
          element('td', { className: 'num', text: formatFixed(result.score, 3) }),
          element('td', { className: 'where', text: spanPlace(result) }),
          element('td', { className: 'span-cell' }, spanView(result)),
          element('td', { className: 'actions' }, openInGatesButton(this.post, result.sequence, result.start)),
        ),
      ),
    );
    if (results.length === 0) {
      this.body.append(
        element(
          'tr',
          {},
          element('td', {
            className: 'muted',
            text: l10n.t(
              'No span has all these units at or above the threshold. Try a lower threshold or fewer units.',
            ),
            attrs: { colspan: 5 },
          }),
        ),
      );
    }
    setVisible(this.table, true);
  }
}
