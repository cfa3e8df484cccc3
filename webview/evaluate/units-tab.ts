/**
 * The Units tab: find units by meaning. A pattern over the input (a regular expression, the position in
 * the line, a label, a column condition) and a layer (or all) → `find-units`; the units whose activation
 * correlates most with it, ranked by |r|, each with its example span and the ways on: open it in the
 * Gates panel, hand it to Search or Ablation. Below, the catalogue of one layer's units (unit-catalogue.ts).
 */

import type { EvaluationSummary, HostToEvaluatePanel, InputPattern, UnitScore } from '../../src/protocol/evaluate-view';
import { element, setText, setVisible } from '../shared/dom';
import { formatFixed, formatInteger } from '../shared/format';
import * as l10n from '../shared/l10n';
import { AddressPicker, addressName } from './address-picker';
import { field, selectOf, setOptions, runButton } from './form-fields';
import { PendingRequest } from './pending-request';
import { openInGatesButton, rowButton } from './row-actions';
import { spanView } from './span-view';
import type { EvaluateTabFactory, EvaluateTabView, PostToHost } from './tab';
import { numeric, tableHead } from './table-head';
import { handOffUnits } from './unit-handoff';
import { UnitCatalogue } from './unit-catalogue';
import { describePattern, readPattern, REGEX_PRESETS, type PatternKind } from './unit-pattern';

export const createUnitsTab: EvaluateTabFactory = (post) => new UnitsTab(post);

class UnitsTab implements EvaluateTabView {
  readonly id = 'units' as const;
  readonly title = l10n.t('Units');
  readonly element: HTMLElement;

  private summary: EvaluationSummary | null = null;
  private readonly kind = selectOf('units-pattern-kind', []);
  private readonly regex = element('input', {
    id: 'units-regex',
    className: 'mono',
    attrs: { type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: '"[^"\\n]*"' },
  });
  private readonly ignoreCase = element('input', { id: 'units-ignore-case', attrs: { type: 'checkbox' } });
  private readonly presets = element('div', {
    className: 'presets',
    attrs: { role: 'group', 'aria-label': l10n.t('Presets') },
  });
  private readonly label = selectOf('units-label', []);
  private readonly column = selectOf('units-column', []);
  private readonly op = selectOf('units-op', [
    ['>', '>'],
    ['>=', '≥'],
    ['<', '<'],
    ['<=', '≤'],
  ]);
  private readonly value = element('input', { id: 'units-value', attrs: { type: 'text', inputmode: 'decimal' } });
  private readonly regexRow: HTMLElement;
  private readonly labelRow: HTMLElement;
  private readonly columnRow: HTMLElement;
  private readonly address = new AddressPicker('units-address', l10n.t('In'), true);
  private readonly run = runButton('units-find', l10n.t('Find units'));
  private readonly request: PendingRequest;
  private readonly caption = element('caption', { id: 'units-caption' });
  private readonly body = element('tbody');
  private readonly table: HTMLTableElement;
  private readonly catalogue: UnitCatalogue;

  constructor(private readonly post: PostToHost) {
    for (const preset of REGEX_PRESETS) {
      const button = element('button', {
        className: 'button secondary preset',
        text: preset.name(),
        title: preset.source,
        attrs: { type: 'button', 'data-source': preset.source },
      });
      button.addEventListener('click', () => {
        this.regex.value = preset.source;
        this.request.clearError();
        this.regex.focus();
      });
      this.presets.append(button);
    }
    this.regexRow = element(
      'div',
      { className: 'form-row' },
      field(l10n.t('Regular expression'), this.regex, 'grow'),
      element('label', { className: 'check' }, this.ignoreCase, element('span', { text: l10n.t('Ignore case') })),
      this.presets,
    );
    this.labelRow = element('div', { className: 'form-row' }, field(l10n.t('Label'), this.label));
    this.columnRow = element(
      'div',
      { className: 'form-row' },
      field(l10n.t('Column'), this.column),
      field(l10n.t('Is'), this.op),
      field(l10n.t('Value'), this.value),
    );
    const form = element(
      'form',
      { className: 'tab-form', attrs: { 'aria-label': l10n.t('Find units by meaning') } },
      element(
        'div',
        { className: 'form-row' },
        field(l10n.t('Units that track'), this.kind),
        this.address.root,
        this.run,
      ),
      this.regexRow,
      this.labelRow,
      this.columnRow,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.find();
    });
    this.kind.addEventListener('change', () => this.showKindRows());
    this.table = element(
      'table',
      { id: 'units-results', className: 'results-table' },
      this.caption,
      tableHead([
        numeric(l10n.t('Rank')),
        numeric(l10n.t('Unit')),
        l10n.t('Layer'),
        l10n.t('Correlation r'),
        l10n.t('Example'),
        l10n.t('Actions'),
      ]),
      this.body,
    );
    setVisible(this.table, false);
    const findSection = element(
      'section',
      { className: 'tab-section', attrs: { 'aria-labelledby': 'units-find-heading' } },
      element('h2', { id: 'units-find-heading', text: l10n.t('Find units by meaning') }),
      form,
      element('div', { className: 'results-scroll' }, this.table),
    );
    this.request = new PendingRequest(post, [this.run], findSection);
    form.after(this.request.root);
    this.catalogue = new UnitCatalogue(post);
    this.element = element('div', { className: 'evaluate-tab units-tab' }, findSection, this.catalogue.root);
  }

  setSummary(summary: EvaluationSummary): void {
    this.summary = summary;
    const kinds: Array<[PatternKind, string]> = [];
    if (summary.input === 'text') {
      kinds.push(['regex', l10n.t('a regular expression')], ['position-in-line', l10n.t('the position in the line')]);
    }
    if (summary.labels && summary.labels.length > 0) kinds.push(['label', l10n.t('a label')]);
    if (summary.input === 'rows' && summary.columns && summary.columns.length > 0) {
      kinds.push(['column', l10n.t('a column condition')]);
    }
    setOptions(this.kind, kinds);
    setOptions(
      this.label,
      (summary.labels ?? []).map((label) => [label, label]),
    );
    setOptions(
      this.column,
      (summary.columns ?? []).map((column) => [column, column]),
    );
    this.kind.disabled = kinds.length === 0;
    this.run.disabled = kinds.length === 0;
    this.address.setLayers(summary.layers);
    this.showKindRows();
    this.request.reset();
    this.body.replaceChildren();
    setVisible(this.table, false);
    this.catalogue.setSummary(summary);
  }

  receive(message: HostToEvaluatePanel): void {
    switch (message.type) {
      case 'unit-results':
        if (this.request.answers(message.requestId)) this.showResults(message.pattern, message.results, message.ms);
        break;
      case 'catalogue':
        this.catalogue.receive(message);
        break;
      case 'error':
        if (!this.request.fail(message.requestId, message.message)) this.catalogue.receive(message);
        break;
    }
  }

  private showKindRows(): void {
    const kind = this.kind.value as PatternKind;
    setVisible(this.regexRow, kind === 'regex');
    setVisible(this.labelRow, kind === 'label');
    setVisible(this.columnRow, kind === 'column');
  }

  private find(): void {
    // No pattern kind is offered (a series model without columns): nothing to send.
    if (!this.summary || this.request.pending || this.kind.value === '') return;
    const parsed = readPattern({
      kind: this.kind.value as PatternKind,
      regex: this.regex.value,
      ignoreCase: this.ignoreCase.checked,
      label: this.label.value,
      column: this.column.value,
      op: this.op.value,
      value: this.value.value,
    });
    if (!parsed.ok) {
      this.request.showError(parsed.message);
      return;
    }
    const requestId = this.request.start(l10n.t('Correlating every unit with {0}…', describePattern(parsed.pattern)));
    this.post({ type: 'find-units', requestId, pattern: parsed.pattern, address: this.address.value() });
  }

  private showResults(pattern: InputPattern, results: UnitScore[], ms: number): void {
    const bidirectional = this.address.bidirectional();
    setText(
      this.caption,
      results.length === 1
        ? l10n.t('The unit most correlated with {0} · {1} ms', describePattern(pattern), formatInteger(ms))
        : l10n.t(
            '{0} units most correlated with {1}, by |r| · {2} ms',
            results.length,
            describePattern(pattern),
            formatInteger(ms),
          ),
    );
    this.body.replaceChildren(
      ...results.map((score, rank) => {
        const r = score.correlation;
        const fill = element('span', { className: `r-fill ${r < 0 ? 'negative' : 'positive'}` });
        fill.style.width = `${Math.min(100, Math.abs(r) * 100).toFixed(1)}%`;
        const handoff = { address: score.address, units: [score.unit] };
        return element(
          'tr',
          { attrs: { 'data-unit': score.unit } },
          element('td', { className: 'num', text: String(rank + 1) }),
          element('th', { className: 'num', text: String(score.unit), attrs: { scope: 'row' } }),
          element('td', { text: addressName(score.address, bidirectional) }),
          element(
            'td',
            {},
            element(
              'span',
              { className: 'r-cell' },
              element('span', { className: 'num', text: formatFixed(r, 3) }),
              element('span', { className: 'r-bar', attrs: { 'aria-hidden': 'true' } }, fill),
            ),
          ),
          element('td', { className: 'span-cell' }, spanView(score.example)),
          element(
            'td',
            { className: 'actions' },
            openInGatesButton(this.post, score.example.sequence, score.example.start),
            rowButton(
              'search',
              l10n.t('Search like this'),
              l10n.t('Put unit {0} into the Search form', score.unit),
              () => handOffUnits(this.element, 'search', handoff),
            ),
            rowButton('circle-slash', l10n.t('Ablate'), l10n.t('Put unit {0} into the Ablation form', score.unit), () =>
              handOffUnits(this.element, 'ablation', handoff),
            ),
          ),
        );
      }),
    );
    setVisible(this.table, true);
  }
}
