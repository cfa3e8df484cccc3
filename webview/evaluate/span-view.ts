/**
 * A `SequenceSpan` as a result row shows it: the context before, the span itself marked, the context
 * after, on one line (newlines and tabs drawn as signs), with where it is for a screen reader.
 */

import type { SequenceSpan } from '../../src/protocol/evaluate-view';
import { element } from '../shared/dom';
import * as l10n from '../shared/l10n';

/** Newlines and tabs as visible signs, so a span stays on its row. */
export function oneLine(text: string): string {
  return text.replace(/\r?\n/g, '↵').replace(/\t/g, '⇥');
}

/** `sequence 12, steps 40–52`: the evaluated set's own indices, as the Gates panel's validation samples count them. */
export function spanPlace(span: SequenceSpan): string {
  return span.end - span.start <= 1
    ? l10n.t('sequence {0}, step {1}', span.sequence, span.start)
    : l10n.t('sequence {0}, steps {1}–{2}', span.sequence, span.start, span.end - 1);
}

/** before **text** after, the span in a `<mark>`; the title says where it is. */
export function spanView(span: SequenceSpan): HTMLElement {
  return element(
    'span',
    { className: 'span-view', title: spanPlace(span) },
    element('span', { className: 'span-before', text: oneLine(span.before) }),
    element('mark', { className: 'span-text', text: oneLine(span.text) }),
    element('span', { className: 'span-after', text: oneLine(span.after) }),
  );
}
