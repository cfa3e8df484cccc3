/**
 * How much of an editor selection a prediction reads, in document offsets: at most what the model can
 * use (its `SelectionLimit`, from the worker's `load`), so a whole book selected is never read into the
 * host to be cut afterwards. Pure (no VS Code API): the host turns the offsets into a range and reads
 * only that with `document.getText(range)`.
 */

import type { SelectionLimit } from '../protocol/inference-messages';
import type { PredictionNotice } from '../protocol/prediction-results';
import { DEFAULT_SELECTION_LIMIT } from '../protocol/prediction-panel-validation';
import { formatInteger } from './display-format';
import * as l10n from './l10n';

/** The offsets `[start, end)` of a selection to read, and whether the selection was longer. */
export interface ClippedRange {
  start: number;
  end: number;
  /** Characters in the whole selection. */
  total: number;
  clipped: boolean;
}

/** `[start, end)` clipped to `limit.characters`, from the end the model keeps. */
export function clipSelectionRange(
  start: number,
  end: number,
  limit: SelectionLimit = DEFAULT_SELECTION_LIMIT,
): ClippedRange {
  const total = end - start;
  const characters = Math.max(1, Math.floor(limit.characters));
  if (total <= characters) return { start, end, total, clipped: false };
  return limit.keep === 'start'
    ? { start, end: start + characters, total, clipped: true }
    : { start: end - characters, end, total, clipped: true };
}

/**
 * The text read from a clipped range, mended at the cut: half of a surrogate pair (an emoji cut in two)
 * is left out, and with `wholeLines` so is the line the cut went through. `startTrim`/`endTrim`: how
 * many characters were left out at each end, so the range can be narrowed to what was read.
 */
export function mendAtCut(
  text: string,
  range: ClippedRange,
  limit: SelectionLimit = DEFAULT_SELECTION_LIMIT,
): { text: string; startTrim: number; endTrim: number } {
  if (!range.clipped || text.length === 0) return { text, startTrim: 0, endTrim: 0 };
  if (limit.keep === 'start') {
    let end = text.length;
    if (isHighSurrogate(text.charCodeAt(end - 1))) end--;
    if (limit.wholeLines) {
      const lastBreak = text.lastIndexOf('\n', end - 1);
      if (lastBreak >= 0) end = lastBreak + 1;
    }
    return { text: text.slice(0, end), startTrim: 0, endTrim: text.length - end };
  }
  let start = 0;
  if (isLowSurrogate(text.charCodeAt(0))) start++;
  if (limit.wholeLines) {
    const firstBreak = text.indexOf('\n', start);
    if (firstBreak >= 0 && firstBreak < text.length - 1) start = firstBreak + 1;
  }
  return { text: text.slice(start), startTrim: start, endTrim: 0 };
}

/** What the answer says when the selection was cut: "used the first N characters of M". */
export function selectionCutNotice(used: number, total: number, limit: SelectionLimit): PredictionNotice {
  const [usedText, totalText] = [formatInteger(used), formatInteger(total)];
  return {
    level: 'info',
    message:
      limit.keep === 'start'
        ? l10n.t(
            'used the first {0} characters of {1} in the selection (what this model can use); the rest was not read',
            usedText,
            totalText,
          )
        : l10n.t(
            'used the last {0} characters of {1} in the selection (what this model can use); the rest was not read',
            usedText,
            totalText,
          ),
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
