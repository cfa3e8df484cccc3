/**
 * An input pattern of the Evaluate view's unit search as a signal per step of one evaluated sequence:
 * 1 on steps whose token lies (partly) inside a match of a regular expression, the position in the line,
 * 1/0 for a label, 1/0 for a condition on a series column. Pure.
 *
 * A regular expression from the user runs on the worker's thread, and JavaScript cannot interrupt a
 * running match, so its time is bounded three ways: (1) it must compile (JavaScript syntax, `u` flag) and
 * be at most `MAX_PATTERN_LENGTH` characters; (2) before any real text it runs on short probes — each
 * character the pattern names (and a few common ones) repeated 8, 16 and 24 times, then a character that
 * ends no match — and a pattern that spends more than `PROBE_LIMIT_MS` on one probe is refused: that is
 * exponential backtracking (`(a+)+$`), which at 24 characters is already millions of steps and at a
 * sequence's length would never end; (3) it only ever sees one sequence's text at a time, cut into chunks
 * of at most `MAX_CHUNK_CHARACTERS` (a 10 MB input is never one string for it), and the whole search stops
 * with a message once matching has taken `MATCH_BUDGET_MS`.
 */

import * as l10n from '../protocol/l10n';
import { positionInLine, regexMask } from './unit-correlation';
import type { TokenJoiner } from './sequence-spans';

export const MAX_PATTERN_LENGTH = 500;
export const PROBE_LIMIT_MS = 20;
export const MAX_CHUNK_CHARACTERS = 65536;
export const MATCH_BUDGET_MS = 10_000;

/** The pattern compiled, or a one-line reason it cannot be used. */
export function compileBoundedRegex(
  source: string,
  ignoreCase: boolean,
): { ok: true; regex: RegExp } | { ok: false; message: string } {
  if (source.length === 0) return { ok: false, message: l10n.t('type a regular expression to look for') };
  if (source.length > MAX_PATTERN_LENGTH)
    return { ok: false, message: l10n.t('the regular expression is longer than {0} characters', MAX_PATTERN_LENGTH) };
  let regex: RegExp;
  try {
    regex = new RegExp(source, ignoreCase ? 'giu' : 'gu');
  } catch (error) {
    return { ok: false, message: l10n.t('not a regular expression: {0}', (error as Error).message) };
  }
  for (const probe of probes(source)) {
    const started = performance.now();
    regex.lastIndex = 0;
    // Every match of the probe, as the search will run it.
    for (const _ of probe.matchAll(regex)) void _;
    if (performance.now() - started > PROBE_LIMIT_MS)
      return {
        ok: false,
        message: l10n.t(
          'this regular expression backtracks without end on repeated text (as nested repeats like (a+)+ do); write it without a repeat inside a repeat',
        ),
      };
  }
  return { ok: true, regex };
}

function* probes(source: string): Generator<string> {
  const named = Array.from(new Set(source.replace(/\\[a-zA-Z]/g, '').match(/[\p{L}\p{N} ]/gu) ?? [])).slice(0, 12);
  const characters = Array.from(new Set([...named, 'a', '0', ' ', '\n', '.', '"']));
  for (const length of [8, 16, 24]) for (const c of characters) yield c.repeat(length) + '\u0001';
}

/** Measures the time spent matching across sequences; throws once `MATCH_BUDGET_MS` is spent. */
export class MatchBudget {
  private spent = 0;
  charge(ms: number): void {
    this.spent += ms;
    if (this.spent > MATCH_BUDGET_MS)
      throw new Error(
        l10n.t('the regular expression took over {0} s on this data; make it simpler', MATCH_BUDGET_MS / 1000),
      );
  }
}

/** A sequence's tokens as one text, and the step of every character (−1 for the joiners between tokens). */
export function joinedText(tokens: readonly string[], joiner: TokenJoiner): { text: string; stepOf: Int32Array } {
  const text = tokens.join(joiner);
  const stepOf = new Int32Array(text.length).fill(-1);
  let at = 0;
  tokens.forEach((token, step) => {
    if (step > 0) at += joiner.length;
    stepOf.fill(step, at, at + token.length);
    at += token.length;
  });
  return { text, stepOf };
}

/** 1 on every step with a character inside a match (matched chunk by chunk), else 0: `[T]`. */
export function regexStepSignal(
  tokens: readonly string[],
  joiner: TokenJoiner,
  regex: RegExp,
  budget: MatchBudget,
): Float32Array {
  const { text, stepOf } = joinedText(tokens, joiner);
  const signal = new Float32Array(tokens.length);
  for (let from = 0; from < text.length; from += MAX_CHUNK_CHARACTERS) {
    const started = performance.now();
    const mask = regexMask(text.slice(from, from + MAX_CHUNK_CHARACTERS), regex);
    budget.charge(performance.now() - started);
    for (let k = 0; k < mask.length; k++) if (mask[k] && stepOf[from + k] >= 0) signal[stepOf[from + k]] = 1;
  }
  return signal;
}

/** Each step's position in its line: its token's first character's (characters since the last newline). */
export function positionStepSignal(tokens: readonly string[], joiner: TokenJoiner): Float32Array {
  const { text, stepOf } = joinedText(tokens, joiner);
  const position = positionInLine(text);
  const signal = new Float32Array(tokens.length);
  for (let k = text.length - 1; k >= 0; k--) if (stepOf[k] >= 0) signal[stepOf[k]] = position[k];
  return signal;
}

/** A series condition, per step: 1 where `values[t·columns + column] op value`. */
export function columnStepSignal(
  values: Float32Array,
  columns: number,
  column: number,
  op: '>' | '<' | '>=' | '<=',
  value: number,
): Float32Array {
  const T = values.length / columns;
  const signal = new Float32Array(T);
  for (let t = 0; t < T; t++) {
    const v = values[t * columns + column];
    signal[t] = (op === '>' ? v > value : op === '<' ? v < value : op === '>=' ? v >= value : v <= value) ? 1 : 0;
  }
  return signal;
}
