/**
 * An evaluated sequence as a line of text for a result row: its tokens joined as the vocabulary splits
 * them (characters side by side, words with a space), cut to `MAX_TEXT` characters.
 */

import type { EvaluationSession } from './evaluation-sessions';

/** Characters of a sequence's text in a result row. */
export const MAX_TEXT = 400;

export function sequenceText(session: EvaluationSession, sequence: number): string {
  const separator = session.predictor.encoder.vocab?.unit === 'word' ? ' ' : '';
  const text = session.tokens(sequence).join(separator);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
