/**
 * Numbers for people in the display language's formats (`vscode.env.language`, installed by
 * `activate`): `1,234.5` in English, `1.234,5` in German. Never a hard-coded `en-US`. Pure (no `vscode`), so
 * the host's pure modules and their tests use it too; before activation the runtime's default locale applies.
 */

let displayLocale: string | undefined;

/** The locale VS Code displays in (`vscode.env.language`: `en`, `de`, `zh-cn`, `qps-ploc`). */
export function setDisplayLocale(language: string | undefined): void {
  displayLocale = usableLocale(language);
}

/** `language` if `Intl` accepts it as a locale tag, else undefined (the runtime's default). */
export function usableLocale(language: string | undefined): string | undefined {
  if (!language) return undefined;
  try {
    return Intl.getCanonicalLocales(language)[0];
  } catch {
    return undefined;
  }
}

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(options: Intl.NumberFormatOptions, locale: string | undefined): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/** `12345` → `12,345` (`12.345` in German); non-finite → `—`. */
export function formatInteger(value: number, locale = displayLocale): string {
  return Number.isFinite(value) ? numberFormat({ maximumFractionDigits: 0 }, locale).format(Math.round(value)) : '—';
}

/** Exactly `digits` decimals: `0.412` with 3; `1.234,5` in German with 1. */
export function formatFixed(value: number, digits: number, locale = displayLocale): string {
  if (!Number.isFinite(value)) return String(value);
  return numberFormat({ minimumFractionDigits: digits, maximumFractionDigits: digits }, locale).format(value);
}

/** `digits` significant digits (a metric, an attribution score): `0.3141`, `1235`. */
export function formatSignificant(value: number, digits: number, locale = displayLocale): string {
  if (!Number.isFinite(value)) return String(value);
  return numberFormat({ maximumSignificantDigits: digits, useGrouping: false }, locale).format(value);
}

/** A metric's value as its task shows it: `81.2 %` for a percent metric, else 4 significant digits (`0.4521`). */
export function formatMetricValue(value: number, format: 'percent' | 'decimal', locale = displayLocale): string {
  return format === 'percent' ? `${formatFixed(value * 100, 1, locale)} %` : formatSignificant(value, 4, locale);
}

/** The first letter in upper case, by the display language's rules (`language model` → `Language model`). */
export function capitalize(text: string, locale = displayLocale): string {
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}
