/**
 * What a single cell holds: a number, a missing value, a non-finite number, a date or plain text.
 * Detection looks at shares of these over a sample; series parsing applies them to every cell.
 */

export type NumberCell =
  | { kind: 'number'; value: number }
  | { kind: 'empty' }
  /** A missing-value marker such as `NA`, `N/A`, `null`, `?`. */
  | { kind: 'missing'; text: string }
  /** `NaN`, `Infinity`, `inf`, or a number too large for a double. */
  | { kind: 'non-finite'; text: string }
  | { kind: 'text'; text: string };

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;
const MISSING = /^(na|n\/a|null|none|nil|-|\?|#n\/a)$/i;

/** Reads a cell as a decimal number (surrounding spaces allowed; no thousands separators). */
export function readNumberCell(cell: string): NumberCell {
  const text = cell.trim();
  if (text === '') return { kind: 'empty' };
  if (DECIMAL.test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'non-finite', text };
  }
  if (NON_FINITE.test(text)) return { kind: 'non-finite', text };
  if (MISSING.test(text)) return { kind: 'missing', text };
  return { kind: 'text', text };
}

const MONTH =
  '(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)';

const DATE_PATTERNS = [
  // 2024-01-31, 2024/01/31, 2024.01.31, 2024-01, optionally with a time and zone
  /^\d{4}[-/.]\d{1,2}([-/.]\d{1,2})?([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
  // 31.01.2024, 01/31/2024, 31-01-24, optionally with a time
  /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$/,
  // 13:45, 13:45:10
  /^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/,
  // Jan 2024, 2024-Jan, 31 Jan 2024, January 31, 2024
  new RegExp(`^(\\d{1,2} )?${MONTH}\\.? \\d{1,2}(, \\d{4})?$|^(\\d{1,2} )?${MONTH}[ -]\\d{4}$|^\\d{4}-${MONTH}$`, 'i'),
];

export function isDateCell(cell: string): boolean {
  const text = cell.trim();
  return text !== '' && DATE_PATTERNS.some((pattern) => pattern.test(text));
}

const DATE_NAME = /(^|[^a-z])(date|time|timestamp|datetime|day|week|month|year|period|ds)([^a-z]|$)/i;

/** A column name that says it holds dates or times (`date`, `Date Time`, `timestamp`, `year`…). */
export function isDateColumnName(name: string): boolean {
  return DATE_NAME.test(name);
}

/** Number of whitespace-separated words. */
export function countWords(cell: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    const space = c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** Orders labels numerically when both are numbers ("2" < "10"), by code point otherwise. */
export function compareLabels(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  const numeric = a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y);
  if (numeric && x !== y) return x - y;
  return compareCodePoints(a, b);
}

/** Code-point order (Python's `sorted` on str), unlike `<` on strings, which compares UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
