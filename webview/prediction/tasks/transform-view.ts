/**
 * A transform (sequence to sequence: translated, normalised, …): the output — streamed token by token
 * while it is decoded, then the answer's — with Replace Selection, Insert After Selection and Copy; the
 * n-best list with scores when the beam kept more than one (click one to make it the output the buttons
 * use); and the attention map beside the source text as the model read it. Pointing at an output token
 * (in the output or a row label) highlights the source tokens it attended to, pointing at a source token
 * (in the source text or a column label) the output tokens that attended to it.
 */

import type { TransformEdit } from '../../../src/protocol/prediction-panel';
import type { AnswerToken, TransformAnswer } from '../../../src/protocol/prediction-results';
import { element, setText } from '../../shared/dom';
import { guessJoiner, joinerOf } from '../../shared/token-text';
import type { AttentionHighlight } from './attention-focus';
import { AttentionMap } from './attention-map';
import { formatFixed } from '../../shared/format';
import * as l10n from '../../shared/l10n';

export interface TransformActions {
  /** Replace the selection with, or insert after it, the candidate of this rank (0 = best). */
  edit(edit: TransformEdit, candidate: number): void;
  copy(text: string): void;
}

const HIGHLIGHT_CLASSES = ['attn-strong', 'attn-medium', 'attn-weak', 'attn-current'];

export class TransformView {
  readonly root = element('div', { className: 'result transform' });
  private readonly output = element('div', {
    id: 'transform-output',
    className: 'transform-output',
    attrs: { 'aria-live': 'polite', 'aria-label': l10n.t('The output') },
  });
  private readonly status = element('span', { id: 'transform-status', className: 'muted' });
  private readonly replaceButton = element('button', {
    id: 'transform-replace',
    className: 'button',
    text: l10n.t('Replace Selection'),
  });
  private readonly insertButton = element('button', {
    id: 'transform-insert',
    className: 'button secondary',
    text: l10n.t('Insert After Selection'),
  });
  private readonly copyButton = element('button', {
    id: 'transform-copy',
    className: 'button secondary',
    text: l10n.t('Copy'),
  });
  private readonly nbestCard = element('section', { className: 'card', attrs: { 'aria-label': l10n.t('Candidates') } });
  private readonly nbest = element('ol', { id: 'transform-nbest', className: 'nbest' });
  private readonly attentionCard = element('section', {
    className: 'card',
    attrs: { 'aria-label': l10n.t('Attention') },
  });
  private readonly source = element('div', {
    id: 'transform-source',
    className: 'highlighted-text transform-source',
    attrs: { 'aria-label': l10n.t('The source as the model read it') },
  });
  private readonly map: AttentionMap;
  private answer: TransformAnswer | null = null;
  /** The request the answer shown belongs to: a state that repeats it keeps the chosen candidate and the map. */
  private answerRequest = -1;
  private chosen = 0;
  private running = false;
  private canInsert = false;
  private outputSpans: HTMLElement[] = [];
  private sourceSpans: HTMLElement[] = [];

  constructor(private readonly actions: TransformActions) {
    this.map = new AttentionMap((highlight) => this.mark(highlight));
    this.nbestCard.append(element('h2', { text: l10n.t('Candidates') }), this.nbest);
    this.root.append(
      element(
        'div',
        { className: 'card-row' },
        element(
          'section',
          { className: 'card wide', attrs: { 'aria-label': l10n.t('Output') } },
          element('h2', { text: l10n.t('Output') }),
          this.output,
          element('div', { className: 'actions' }, this.replaceButton, this.insertButton, this.copyButton, this.status),
        ),
        this.nbestCard,
      ),
      this.attentionCard,
    );
    this.replaceButton.addEventListener('click', () => this.actions.edit('replace', this.chosen));
    this.insertButton.addEventListener('click', () => this.actions.edit('insert', this.chosen));
    this.copyButton.addEventListener('click', () => this.actions.copy(this.chosenText()));
    this.nbest.addEventListener('click', (event) => {
      const item = (event.target as HTMLElement).closest<HTMLElement>('.nbest-item');
      if (item) this.choose(Number(item.dataset.rank));
    });
    // The tokens of the output and of the source point at the map as its labels do.
    this.output.addEventListener('mouseover', (event) => {
      const index = (event.target as HTMLElement).dataset.outputIndex;
      if (index !== undefined) this.map.point({ kind: 'output', output: Number(index) });
    });
    this.source.addEventListener('mouseover', (event) => {
      const index = (event.target as HTMLElement).dataset.sourceIndex;
      if (index !== undefined) this.map.point({ kind: 'source', source: Number(index) });
    });
    for (const area of [this.output, this.source]) area.addEventListener('mouseleave', () => this.map.point(null));
  }

  /** A transform being decoded: its best hypothesis so far (no answer yet). */
  stream(tokens: readonly string[], running: boolean, canInsert: boolean): void {
    this.answer = null;
    this.chosen = 0;
    this.running = running;
    this.canInsert = canInsert;
    this.outputSpans = [];
    setText(this.output, tokens.join(guessJoiner(tokens)));
    this.output.dataset.tokens = String(tokens.length);
    this.output.dataset.running = String(running);
    // Each chunk replaces the hypothesis: read the output once it is whole, not at every token.
    this.output.setAttribute('aria-busy', String(running));
    setText(
      this.status,
      running ? l10n.t('{0} tokens so far…', tokens.length) : l10n.t('stopped after {0} tokens', tokens.length),
    );
    this.nbestCard.hidden = true;
    this.attentionCard.hidden = true;
    this.updateButtons();
  }

  /** The answer of request `requestId` (a new one, or the same in a new state: the chosen candidate is kept). */
  render(answer: TransformAnswer, requestId: number, input: string, running: boolean, canInsert: boolean): void {
    const fresh = this.answer === null || requestId !== this.answerRequest;
    if (fresh) this.chosen = 0;
    this.answer = answer;
    this.answerRequest = requestId;
    this.running = running;
    this.canInsert = canInsert;
    this.output.dataset.running = String(running);
    this.output.setAttribute('aria-busy', String(running));
    this.renderNbest(answer);
    if (fresh) this.renderAttention(answer, input);
    this.showChosen();
  }

  private choose(rank: number): void {
    if (!this.answer || !Number.isInteger(rank) || rank < 0 || rank >= this.answer.nbest.length) return;
    this.chosen = rank;
    this.renderNbest(this.answer);
    this.showChosen();
  }

  private chosenText(): string {
    const answer = this.answer;
    if (!answer) return this.output.textContent ?? '';
    return answer.nbest[this.chosen]?.output ?? answer.output;
  }

  /** The chosen candidate as tokens; the best one's tokens point at the map (the attention is the best's). */
  private showChosen(): void {
    const answer = this.answer!;
    const candidate = answer.nbest[this.chosen];
    const text = candidate?.output ?? answer.output;
    const tokens = candidate?.tokens ?? answer.outputTokens;
    const linked = this.chosen === 0 && answer.attention !== null;
    const joiner = joinerOf(text, tokens);
    this.outputSpans = tokens.map((token, i) =>
      element('span', { className: 'output-token', text: token, attrs: linked ? { 'data-output-index': i } : {} }),
    );
    const nodes: (Node | string)[] = [];
    this.outputSpans.forEach((span, i) => nodes.push(...(i > 0 && joiner ? [joiner] : []), span));
    // A word model's detokenised output may differ from its tokens joined (punctuation): show the text then.
    if (tokens.join(joiner) === text) this.output.replaceChildren(...nodes);
    else {
      this.outputSpans = [];
      setText(this.output, text);
    }
    this.output.dataset.tokens = String(tokens.length);
    this.output.dataset.candidate = String(this.chosen);
    const parts = [`${tokens.length} ${tokens.length === 1 ? 'token' : 'tokens'}`];
    if (answer.nbest.length > 1) parts.push(l10n.t('candidate {0} of {1}', this.chosen + 1, answer.nbest.length));
    if (this.chosen > 0 && answer.attention) parts.push(l10n.t('the attention map shows the best candidate'));
    setText(this.status, parts.join(' · '));
    this.updateButtons();
  }

  private updateButtons(): void {
    const empty = this.chosenText().length === 0;
    const noEditor = l10n.t('The input was typed here, not selected in an editor: use Copy');
    this.replaceButton.disabled = this.running || !this.canInsert || empty || this.answer === null;
    this.insertButton.disabled = this.running || !this.canInsert || empty || this.answer === null;
    this.copyButton.disabled = this.running || empty;
    this.replaceButton.title = this.canInsert ? l10n.t('Replace the text predicted from with this output') : noEditor;
    this.insertButton.title = this.canInsert ? l10n.t('Insert this output after the text predicted from') : noEditor;
  }

  private renderNbest(answer: TransformAnswer): void {
    this.nbestCard.hidden = answer.nbest.length <= 1;
    if (this.nbestCard.hidden) return;
    const best = answer.nbest[0].score;
    this.nbest.replaceChildren(
      ...answer.nbest.map((candidate, rank) =>
        element(
          'li',
          {},
          element(
            'button',
            {
              className: `nbest-item${rank === this.chosen ? ' chosen' : ''}`,
              title:
                rank === 0 ? l10n.t('Use candidate {0} (the best)', rank + 1) : l10n.t('Use candidate {0}', rank + 1),
              attrs: {
                'data-rank': rank,
                'data-score': candidate.score,
                'aria-pressed': String(rank === this.chosen),
              },
            },
            element('span', { className: 'nbest-output', text: candidate.output || '(empty)' }),
            element('span', {
              className: 'nbest-score',
              text: formatFixed(candidate.score, 3),
              title:
                rank > 0
                  ? l10n.t(
                      'score {0} (log-probability per length unit), {1} from the best',
                      formatFixed(candidate.score, 4),
                      formatFixed(candidate.score - best, 3),
                    )
                  : l10n.t('score {0} (log-probability per length unit)', formatFixed(candidate.score, 4)),
            }),
          ),
        ),
      ),
    );
  }

  private renderAttention(answer: TransformAnswer, input: string): void {
    this.attentionCard.hidden = false;
    this.sourceSpans = [];
    const echo = this.echo(answer.sourceTokens, input, answer.attention !== null);
    if (!answer.attention) {
      this.attentionCard.replaceChildren(
        element('h2', { text: l10n.t('Source') }),
        echo,
        element('p', { className: 'muted', text: l10n.t('This model has no attention: there is no map to show.') }),
      );
      return;
    }
    this.map.render(
      answer.attention,
      answer.outputTokens,
      answer.sourceTokens.map((t) => t.token),
    );
    this.attentionCard.replaceChildren(
      element('h2', { text: l10n.t('Attention') }),
      echo,
      this.map.root,
      element(
        'div',
        { className: 'legend' },
        element(
          'span',
          {},
          element('span', { className: 'swatch attention-swatch' }),
          l10n.t('weight of a source token when the output token was chosen'),
        ),
      ),
    );
  }

  /** The source text, each token the model read a span (pointing at its column of the map). */
  private echo(tokens: readonly AnswerToken[], input: string, linked: boolean): HTMLElement {
    const nodes: (Node | string)[] = [];
    let at = 0;
    tokens.forEach((token, j) => {
      if (token.start > at) nodes.push(input.slice(at, token.start));
      const span = element('span', {
        className: `token${token.known ? '' : ' unknown'}`,
        text: input.slice(token.start, token.end),
        title: token.known
          ? token.token === token.text
            ? undefined
            : l10n.t('read as "{0}"', token.token)
          : l10n.t('not in the vocabulary: read as <unk>'),
        attrs: linked ? { 'data-source-index': j } : {},
      });
      this.sourceSpans.push(span);
      nodes.push(span);
      at = Math.max(at, token.end);
    });
    if (at < input.length) nodes.push(input.slice(at));
    this.source.replaceChildren(...nodes);
    return this.source;
  }

  /** The map's highlight, repeated on the source text and the output. */
  private mark(highlight: AttentionHighlight | null): void {
    for (const span of [...this.sourceSpans, ...this.outputSpans]) span.classList.remove(...HIGHLIGHT_CLASSES);
    if (!highlight) return;
    highlight.sources.forEach((level, j) => level && this.sourceSpans[j]?.classList.add(`attn-${level}`));
    if (highlight.currentSource !== null) this.sourceSpans[highlight.currentSource]?.classList.add('attn-current');
    // Only the best candidate's tokens are the map's rows.
    if (this.chosen !== 0) return;
    highlight.outputs.forEach((level, i) => level && this.outputSpans[i]?.classList.add(`attn-${level}`));
    if (highlight.currentOutput !== null) this.outputSpans[highlight.currentOutput]?.classList.add('attn-current');
  }
}
