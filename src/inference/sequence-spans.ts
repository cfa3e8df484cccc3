/**
 * A step range of an evaluated sequence as a result row shows it: the span's tokens and up to
 * `SPAN_CONTEXT` tokens of context each side, joined as the model's input reads (characters with
 * nothing between them, words with a space, a series' rows with a bar). Pure.
 */

import { SPAN_CONTEXT, type SequenceSpan } from '../protocol/evaluate-view';

/** What joins two tokens of an input: '' for characters, ' ' for words, ' | ' for rows of a series. */
export type TokenJoiner = '' | ' ' | ' | ';

export function spanOf(
  tokens: readonly string[],
  joiner: TokenJoiner,
  sequence: number,
  start: number,
  end: number,
): SequenceSpan {
  const from = Math.max(0, Math.min(start, tokens.length));
  const to = Math.max(from, Math.min(end, tokens.length));
  const before = tokens.slice(Math.max(0, from - SPAN_CONTEXT), from).join(joiner);
  const after = tokens.slice(to, to + SPAN_CONTEXT).join(joiner);
  // The joiner between the context and the span belongs to the context, so the three read as one line.
  return {
    sequence,
    start: from,
    end: to,
    before: before && joiner && from > 0 ? before + joiner : before,
    text: tokens.slice(from, to).join(joiner),
    after: after && joiner ? joiner + after : after,
  };
}
