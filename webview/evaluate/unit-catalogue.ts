/**
 * The catalogue of one layer's units (part of the Units tab): each unit's mean and max activation and
 * its top-activating contexts, filterable by unit number or by text in the contexts; a context opens in
 * the Gates panel at its span.
 */

import type {
  EvaluationSummary,
  HostToEvaluatePanel,
  StateAddress,
  UnitCatalogueEntry,
} from '../../src/protocol/evaluate-view';
import { element, setText, setVisible } from '../shared/dom';
import { formatInteger, formatSignificant } from '../shared/format';
import * as l10n from '../shared/l10n';
import { AddressPicker, addressName } from './address-picker';
import { field, runButton } from './form-fields';
import { PendingRequest } from './pending-request';
import { spanPlace, spanView } from './span-view';
import type { PostToHost } from './tab';
import { numeric, tableHead } from './table-head';

/** Does `entry` pass the filter: a unit number (or list start) matches the unit, other text the contexts. */
export function catalogueFilter(filter: string): (entry: UnitCatalogueEntry) => boolean {
  const text = filter.trim().toLowerCase();
  if (text === '') return () => true;
  if (/^\d+$/.test(text)) return (entry) => entry.unit === Number(text);
  return (entry) => entry.top.some((span) => `${span.before}${span.text}${span.after}`.toLowerCase().includes(text));
}

export class UnitCatalogue {
  readonly root: HTMLElement;
  private readonly address = new AddressPicker('catalogue-address', l10n.t('Layer'));
  private readonly show = runButton('catalogue-show', l10n.t('Show catalogue'));
  private readonly filter = element('input', {
    id: 'catalogue-filter',
    attrs: { type: 'search', placeholder: l10n.t('unit number or text'), autocomplete: 'off' },
  });
  private readonly request: PendingRequest;
  private readonly caption = element('caption', { id: 'catalogue-caption' });
  private readonly body = element('tbody');
  private readonly table: HTMLTableElement;
  private entries: UnitCatalogueEntry[] = [];
  private shownAddress: StateAddress | null = null;

  constructor(private readonly post: PostToHost) {
    const form = element(
      'form',
      { className: 'tab-form', attrs: { 'aria-label': l10n.t('Unit catalogue') } },
      element('div', { className: 'form-row' }, this.address.root, this.show, field(l10n.t('Filter'), this.filter)),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.ask();
    });
    this.filter.addEventListener('input', () => this.render());
    this.table = element(
      'table',
      { id: 'catalogue-table', className: 'results-table' },
      this.caption,
      tableHead([numeric(l10n.t('Unit')), numeric(l10n.t('Mean')), numeric(l10n.t('Max')), l10n.t('Top contexts')]),
      this.body,
    );
    setVisible(this.table, false);
    this.root = element(
      'section',
      { className: 'tab-section', attrs: { 'aria-labelledby': 'catalogue-heading' } },
      element('h2', { id: 'catalogue-heading', text: l10n.t('Unit catalogue') }),
      form,
    );
    this.request = new PendingRequest(post, [this.show], this.root);
    this.root.append(this.request.root, element('div', { className: 'results-scroll' }, this.table));
  }

  setSummary(summary: EvaluationSummary): void {
    this.address.setLayers(summary.layers);
    this.request.reset();
    this.entries = [];
    this.shownAddress = null;
    this.render();
  }

  receive(message: HostToEvaluatePanel): void {
    if (message.type === 'catalogue' && this.request.answers(message.requestId)) {
      this.entries = message.entries;
      this.shownAddress = message.address;
      this.render();
    } else if (message.type === 'error') {
      this.request.fail(message.requestId, message.message);
    }
  }

  private ask(): void {
    const address = this.address.value();
    if (!address || this.request.pending) return;
    const requestId = this.request.start(l10n.t('Collecting each unit’s top contexts…'));
    this.post({ type: 'catalogue', requestId, address });
  }

  private render(): void {
    setVisible(this.table, this.shownAddress !== null);
    if (!this.shownAddress) return;
    const shown = this.entries.filter(catalogueFilter(this.filter.value));
    setText(
      this.caption,
      l10n.t(
        '{0} of {1} units of {2}',
        formatInteger(shown.length),
        formatInteger(this.entries.length),
        addressName(this.shownAddress, this.address.bidirectional()),
      ),
    );
    this.body.replaceChildren(
      ...shown.map((entry) =>
        element(
          'tr',
          { attrs: { 'data-unit': entry.unit } },
          element('th', { className: 'num', text: String(entry.unit), attrs: { scope: 'row' } }),
          element('td', { className: 'num', text: formatSignificant(entry.mean, 3) }),
          element('td', { className: 'num', text: formatSignificant(entry.max, 3) }),
          element(
            'td',
            {},
            element(
              'div',
              { className: 'contexts' },
              ...entry.top.map((span) => {
                const open = element(
                  'button',
                  {
                    className: 'context-link',
                    title: l10n.t('Open {0} in the Gates panel', spanPlace(span)),
                    attrs: { type: 'button' },
                  },
                  spanView(span),
                );
                open.addEventListener('click', () =>
                  this.post({ type: 'open-in-gates', sequence: span.sequence, step: span.start }),
                );
                return open;
              }),
            ),
          ),
        ),
      ),
    );
  }
}
