/**
 * Number and time formatting shared by the panels, in the display language's conventions
 * (`displayLanguage()`: `1,234.5` in English, `1.234,5` in German). Pure: no DOM.
 */

import { displayLanguage } from './l10n';

const formats = new Map<string, Intl.NumberFormat>();

/** One `Intl.NumberFormat` per language and options, made on first use (constructing one is slow). */
export function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const language = displayLanguage();
  const key = `${language}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, options);
    formats.set(key, format);
  }
  return format;
}

/** `12345` → `12,345`; non-finite → `—`. */
export function formatInteger(value: number): string {
  return Number.isFinite(value) ? numberFormat({ maximumFractionDigits: 0 }).format(Math.round(value)) : '—';
}

/** A value with exactly `digits` decimals (`toFixed` in the display language), grouped like an integer. */
export function formatFixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  return numberFormat({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A fraction as a percentage with `digits` decimals: `0.93125` → `93.1%` (`93,1 %` in German). */
export function formatPercent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return '—';
  return numberFormat({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    fraction,
  );
}

/** Seconds → `h:mm:ss` (hours unbounded); null, negative-infinite or NaN → `—`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** Seconds on a time axis: `m:ss` below an hour, `h:mm:ss` above. */
export function formatClock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '';
  const full = formatDuration(Math.abs(seconds));
  const short = full.startsWith('0:') ? full.slice(2).replace(/^0(\d)/, '$1') : full;
  return seconds < 0 ? `-${short}` : short;
}

/**
 * A value with `digits` significant digits, without exponent notation for everyday magnitudes and without
 * digit grouping (a loss of `12350` reads as one number in a table); the exponent form keeps `e` as
 * people write it in code (`1.23e-7`), with the display language's decimal sign.
 */
export function formatSignificant(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) {
    const [mantissa, exponent] = value.toExponential(Math.max(0, digits - 1)).split('e');
    const plain = numberFormat({ maximumFractionDigits: Math.max(0, digits - 1), useGrouping: false });
    return `${plain.format(Number(mantissa))}e${exponent}`;
  }
  return numberFormat({ maximumSignificantDigits: digits, useGrouping: false }).format(
    Number(value.toPrecision(digits)),
  );
}

/** Throughput: one decimal below 10, grouped integers above. */
export function formatRate(value: number): string {
  if (!Number.isFinite(value) || value <= 0) return '—';
  return value < 10 ? formatFixed(value, 1) : formatInteger(value);
}

/** A validation metric the way people quote it: accuracy in percent, the rest to 4 significant digits. */
export function formatMetric(key: string, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (key === 'accuracy') return formatPercent(value, 1);
  return formatSignificant(value, 4);
}
