/**
 * The table of validation examples under the charts (sequence to sequence: the evaluation sends a few):
 * source, reference, the model's greedy output with the tokens that differ from the reference marked —
 * substituted and inserted tokens highlighted, reference tokens it left out struck through where they
 * went missing — and whether it matched exactly. It shows the latest evaluation that carried examples
 * and is hidden while there is none (other tasks never send any).
 */

import type { EvaluationRecord, ValidationExample } from '../../src/protocol/run-records';
import { element, setVisible } from '../shared/dom';
import { formatInteger } from '../shared/format';
import { markOutputTokens, type MarkedToken } from '../shared/token-diff';
import { joinerOf, visibleToken } from '../shared/token-text';
import * as l10n from '../shared/l10n';

/** What an inserted or deleted mark means, as its tooltip says. */
function markTitle(mark: 'inserted' | 'deleted'): string {
  return mark === 'inserted' ? l10n.t('not in the reference') : l10n.t('in the reference, missing from the output');
}

export class ValidationExamples {
  readonly root: HTMLElement;
  private readonly caption = element('caption', { id: 'validation-examples-caption' });
  private readonly body = element('tbody');
  /** The evaluation shown (its step), so a redraw of the charts does not rebuild an unchanged table. */
  private shownStep: number | null = null;

  constructor() {
    const header = element(
      'tr',
      {},
      element('th', { text: l10n.t('Source'), attrs: { scope: 'col' } }),
      element('th', { text: l10n.t('Reference'), attrs: { scope: 'col' } }),
      element('th', { text: l10n.t('Output'), attrs: { scope: 'col' } }),
      element(
        'th',
        { className: 'exact-column', title: l10n.t('Exact match'), attrs: { scope: 'col' } },
        element('span', { text: '✓', attrs: { 'aria-hidden': 'true' } }),
        element('span', { className: 'visually-hidden', text: l10n.t('Exact match') }),
      ),
    );
    const table = element(
      'table',
      { id: 'validation-examples', className: 'examples-table' },
      this.caption,
      element(
        'colgroup',
        {},
        ...['source', 'reference', 'output', 'exact'].map((c) => element('col', { className: `col-${c}` })),
      ),
      element('thead', {}, header),
      this.body,
    );
    // A scrolling region: focusable, so it scrolls from the keyboard too.
    const scroller = element(
      'div',
      {
        className: 'examples-scroll',
        attrs: { tabindex: 0, role: 'region', 'aria-labelledby': 'validation-examples-caption' },
      },
      table,
    );
    const legend = element(
      'div',
      { className: 'examples-legend' },
      element('span', {}, element('mark', { className: 'token-substituted', text: 'abc' }), l10n.t(' substituted')),
      element('span', {}, element('ins', { className: 'token-inserted', text: 'abc' }), l10n.t(' inserted')),
      element('span', {}, element('del', { className: 'token-deleted', text: 'abc' }), l10n.t(' missing')),
    );
    this.root = element(
      'section',
      {
        id: 'card-examples',
        className: 'chart-card examples-card',
        attrs: { 'aria-label': l10n.t('Validation examples') },
      },
      element(
        'div',
        { className: 'chart-header' },
        element('h2', { className: 'chart-title', text: l10n.t('Validation examples') }),
        legend,
      ),
      scroller,
    );
    setVisible(this.root, false);
  }

  /** Shows the examples of the latest evaluation that has some (hidden when none has). */
  render(evaluations: readonly EvaluationRecord[]): void {
    const latest = latestWithExamples(evaluations);
    setVisible(this.root, latest !== null);
    if (!latest || latest.step === this.shownStep) return;
    this.shownStep = latest.step;
    const examples = latest.examples!;
    const rows = examples.map((example) => exampleRow(example));
    const exact = rows.filter((row) => row.dataset.exact === 'true').length;
    this.caption.textContent =
      examples.length === 1
        ? l10n.t(
            'At step {0} (epoch {1}): {2} of 1 example exactly right',
            formatInteger(latest.step),
            latest.epoch + 1,
            exact,
          )
        : l10n.t(
            'At step {0} (epoch {1}): {2} of {3} examples exactly right',
            formatInteger(latest.step),
            latest.epoch + 1,
            exact,
            examples.length,
          );
    this.caption.dataset.step = String(latest.step);
    this.body.replaceChildren(...rows);
  }

  /** The step of the evaluation shown (null: none), for tests. */
  get step(): number | null {
    return this.root.hidden ? null : this.shownStep;
  }

  /** A new snapshot: the evaluations may be another run's. */
  reset(): void {
    this.shownStep = null;
  }
}

export function latestWithExamples(evaluations: readonly EvaluationRecord[]): EvaluationRecord | null {
  for (let k = evaluations.length - 1; k >= 0; k--) {
    const examples = evaluations[k].examples;
    if (examples && examples.length > 0) return evaluations[k];
  }
  return null;
}

function exampleRow(example: ValidationExample): HTMLTableRowElement {
  const marked = markOutputTokens(example.referenceTokens, example.outputTokens);
  const exact = marked.every((token) => token.mark === 'same');
  const joiner = joinerOf(example.output, example.outputTokens);
  return element(
    'tr',
    { attrs: { 'data-exact': String(exact) } },
    element('th', { className: 'example-text', text: example.source, attrs: { scope: 'row' } }),
    element('td', { className: 'example-text', text: example.reference }),
    element('td', { className: 'example-text example-output' }, ...markedNodes(marked, joiner)),
    element(
      'td',
      {
        className: `exact-cell ${exact ? 'exact' : 'inexact'}`,
        title: exact ? l10n.t('exact match') : l10n.t('differs'),
      },
      element('span', { text: exact ? '✓' : '✗', attrs: { 'aria-hidden': 'true' } }),
      element('span', { className: 'visually-hidden', text: exact ? l10n.t('exact match') : l10n.t('differs') }),
    ),
  );
}

/**
 * The output as text with its differences marked. Consecutive tokens of one kind share an element;
 * `joiner` goes between tokens (a space between words), outside the marks so a marked word is the word.
 */
function markedNodes(marked: readonly MarkedToken[], joiner: '' | ' '): (Node | string)[] {
  const nodes: (Node | string)[] = [];
  let k = 0;
  while (k < marked.length) {
    const mark = marked[k].mark;
    let end = k + 1;
    // Substitutions each name what they replace, so they are not grouped.
    while (end < marked.length && marked[end].mark === mark && mark !== 'substituted') end++;
    const group = marked.slice(k, end);
    if (k > 0) nodes.push(joiner);
    if (mark === 'same') nodes.push(group.map((t) => t.text).join(joiner));
    else nodes.push(markedElement(group, joiner));
    k = end;
  }
  return nodes;
}

function markedElement(group: readonly MarkedToken[], joiner: '' | ' '): HTMLElement {
  // A marked space or line break must be seen: shown as a sign.
  const text = group.map((t) => (t.text.trim() === '' ? visibleToken(t.text) : t.text)).join(joiner);
  const first = group[0];
  switch (first.mark) {
    case 'substituted':
      return element('mark', {
        className: 'token-substituted',
        text,
        title: l10n.t('reference: {0}', visibleToken(first.reference ?? '')),
      });
    case 'inserted':
      return element('ins', { className: 'token-inserted', text, title: markTitle('inserted') });
    default:
      return element('del', { className: 'token-deleted', text, title: markTitle('deleted') });
  }
}
