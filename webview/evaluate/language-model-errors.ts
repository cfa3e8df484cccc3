/**
 * A language model's errors: the evaluated text coloured by each token's loss (where the model is
 * surprised), a page of `LOSS_PAGE_TOKENS` at a time asked of the host; a legend of the fixed loss bands;
 * the worst contexts (the text before each of the most surprising tokens, the token and what the model
 * expected) and the hardest tokens of the vocabulary.
 */

import type { LossPage } from '../../src/protocol/evaluate-view';
import type { LanguageModelReport } from '../../src/protocol/evaluation-report';
import { element, setText } from '../shared/dom';
import { formatFixed, formatInteger, formatSignificant } from '../shared/format';
import * as l10n from '../shared/l10n';
import { guessJoiner, visibleToken } from '../shared/token-text';
import { LOSS_BAND_EDGES, LOSS_BANDS, lossBand } from './error-numbers';
import { stat } from './classifier-errors';
import type { PostToHost } from './tab';

export class LanguageModelErrors {
  readonly root = element('div', { className: 'errors language-model-errors' });
  private readonly headline = element('div', { className: 'headline' });
  private readonly text = element('div', {
    id: 'loss-text',
    className: 'loss-text',
    attrs: { tabindex: 0, 'aria-label': l10n.t('The evaluated text, coloured by the loss of each token') },
  });
  private readonly pageLabel = element('span', { className: 'page-label', attrs: { 'aria-live': 'polite' } });
  private readonly previous = element('button', {
    id: 'loss-previous',
    className: 'button secondary',
    text: l10n.t('Previous'),
    attrs: { type: 'button' },
  });
  private readonly next = element('button', {
    id: 'loss-next',
    className: 'button secondary',
    text: l10n.t('Next'),
    attrs: { type: 'button' },
  });
  private readonly worst = element('ol', { id: 'worst-contexts', className: 'example-list' });
  private readonly hardest = element('table', { id: 'hardest-tokens', className: 'data-table' });
  private page: LossPage | null = null;

  constructor(private readonly post: PostToHost) {
    this.previous.addEventListener('click', () => this.ask(Math.max(0, (this.page?.start ?? 0) - this.pageSize())));
    this.next.addEventListener('click', () => this.page && this.ask(this.page.start + this.pageSize()));
    const card = (title: string, ...children: Node[]) =>
      element('section', { className: 'card' }, element('h2', { text: title }), ...children);
    this.root.append(
      this.headline,
      card(
        l10n.t('Loss per token'),
        element('div', { className: 'loss-bar' }, legend(), this.previous, this.pageLabel, this.next),
        this.text,
      ),
      element(
        'div',
        { className: 'card-row' },
        card(l10n.t('Worst contexts'), this.worst),
        card(l10n.t('Hardest tokens'), element('div', { className: 'table-scroll' }, this.hardest)),
      ),
    );
  }

  show(report: LanguageModelReport): void {
    this.page = null;
    this.headline.replaceChildren(
      stat('mean-loss', l10n.t('Mean loss'), `${formatFixed(report.meanLoss, 4)} ${l10n.t('nats')}`),
      stat('bits', l10n.t('Bits per token'), formatFixed(report.meanLoss / Math.LN2, 3)),
      stat('perplexity', l10n.t('Perplexity'), formatSignificant(Math.exp(report.meanLoss), 4)),
      stat('tokens', l10n.t('Tokens'), formatInteger(report.tokens)),
    );
    this.text.replaceChildren(element('span', { className: 'muted', text: l10n.t('Loading the text…') }));
    setText(this.pageLabel, '');
    this.previous.disabled = true;
    this.next.disabled = true;
    this.worst.replaceChildren(
      ...report.worstContexts.map((w) =>
        element(
          'li',
          { className: 'example' },
          // The context on one line: its newlines shown as ↵, as the token itself would be.
          element('span', { className: 'context', text: w.context.replace(/\n/g, '↵') }),
          element('mark', { className: `loss-${lossBand(w.loss)} surprise`, text: visibleToken(w.token) }),
          element('span', {
            className: 'expected',
            text: l10n.t('{0} nats · expected {1}', formatFixed(w.loss, 2), visibleToken(w.expected)),
          }),
        ),
      ),
    );
    const header = element(
      'tr',
      {},
      ...[l10n.t('Token'), l10n.t('Count'), l10n.t('Mean loss')].map((h, k) =>
        element('th', { text: h, className: k > 0 ? 'number' : undefined, attrs: { scope: 'col' } }),
      ),
    );
    this.hardest.replaceChildren(
      element('thead', {}, header),
      element(
        'tbody',
        {},
        ...report.hardestTokens.map((h) =>
          element(
            'tr',
            {},
            element('th', { className: 'token', text: visibleToken(h.token), attrs: { scope: 'row' } }),
            element('td', { className: 'number', text: formatInteger(h.count) }),
            element('td', { className: 'number', text: formatFixed(h.meanLoss, 3) }),
          ),
        ),
      ),
    );
    this.ask(0);
  }

  showPage(page: LossPage): void {
    this.page = page;
    const fragment = document.createDocumentFragment();
    // Word tokens are shown with a space between them; characters as they are.
    const joiner = guessJoiner(page.tokens);
    page.tokens.forEach((token, k) => {
      if (k > 0 && joiner) fragment.append(joiner);
      const loss = page.losses[k];
      const band = lossBand(loss);
      // Newlines stay line breaks; every other token is a span whose title gives its loss exactly.
      const span = element('span', {
        className: band > 0 ? `loss-${band}` : undefined,
        text: token,
        title: l10n.t('{0}: {1} nats', visibleToken(token), formatFixed(loss, 3)),
      });
      fragment.append(span);
    });
    this.text.replaceChildren(fragment);
    const end = page.start + page.tokens.length;
    setText(
      this.pageLabel,
      l10n.t('tokens {0}–{1} of {2}', formatInteger(page.start + 1), formatInteger(end), formatInteger(page.total)),
    );
    this.previous.disabled = page.start === 0;
    this.next.disabled = end >= page.total;
  }

  private pageSize(): number {
    return Math.max(1, this.page?.tokens.length ?? 1);
  }

  private ask(start: number): void {
    this.previous.disabled = true;
    this.next.disabled = true;
    this.post({ type: 'loss-page', start });
  }
}

/** The loss bands' swatches with their ranges in nats. */
function legend(): HTMLElement {
  const edges = [0, ...LOSS_BAND_EDGES];
  return element(
    'span',
    { className: 'loss-legend', attrs: { role: 'list', 'aria-label': l10n.t('Loss colours') } },
    ...Array.from({ length: LOSS_BANDS }, (_, band) =>
      element('span', {
        className: `swatch loss-${band}`,
        text: band < LOSS_BANDS - 1 ? `≤ ${formatFixed(edges[band + 1], band === 0 ? 2 : 1)}` : `> ${edges[band]}`,
        attrs: { role: 'listitem' },
      }),
    ),
    element('span', { className: 'legend-unit', text: l10n.t('nats') }),
  );
}
