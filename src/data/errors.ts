/**
 * Errors as values. Every problem with a dataset is reported as a `DataError` naming the file, the line
 * and column when known, and the problem in words a user can act on:
 * `reviews.csv, line 212: expected 3 columns, found 2`. The words are in the display language when a
 * worker the extension started makes them (src/protocol/l10n.ts), English in the CLI.
 */

import * as l10n from '../protocol/l10n';

export interface DataError {
  /** File name as the user knows it (base name or the path they chose). */
  file: string;
  /** 1-based line in the file, when the problem has one. */
  line?: number;
  /** Column name, when the problem is in one column. */
  column?: string;
  /** The problem alone, without the location. */
  problem: string;
  /** Location and problem in one line, ready to show. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DataError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: DataError): Result<T> {
  return { ok: false, error };
}

/** Builds a DataError; the message reads `file, line 7, column 'close': problem`. */
export function dataError(file: string, problem: string, where: { line?: number; column?: string } = {}): DataError {
  const parts = [file];
  if (where.line !== undefined) parts.push(l10n.t('line {0}', where.line));
  if (where.column !== undefined) parts.push(l10n.t("column '{0}'", where.column));
  return { file, ...where, problem, message: `${parts.join(', ')}: ${problem}` };
}

/** Shorthand for `fail(dataError(...))`. */
export function failWith<T = never>(
  file: string,
  problem: string,
  where: { line?: number; column?: string } = {},
): Result<T> {
  return fail(dataError(file, problem, where));
}

/** Quotes a list of column names for messages: `'a', 'b' and 'c'`. */
export function listNames(names: readonly string[], max = 8): string {
  const quoted = names.slice(0, max).map((n) => `'${n}'`);
  if (names.length > max) quoted.push(l10n.t('{0} more', names.length - max));
  if (quoted.length <= 1) return quoted.join('');
  return l10n.t('{0} and {1}', quoted.slice(0, -1).join(', '), quoted[quoted.length - 1]);
}
