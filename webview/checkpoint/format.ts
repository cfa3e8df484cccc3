/** Formatting for the checkpoint editor. Pure: no DOM. */

import { formatFixed, formatInteger, formatPercent, formatSignificant } from '../shared/format';
import * as l10n from '../shared/l10n';

/** `34432` → `33.6 KB`; binary units, as file managers show sizes. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return l10n.t('{0} B', formatInteger(bytes));
  const units = ['KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatFixed(value, value >= 100 ? 0 : value >= 10 ? 1 : 2)} ${units[unit]}`;
}

/** `[128, 32]` → `128 × 32`; a scalar → `scalar`. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? l10n.t('scalar') : shape.join(' × ');
}

/** A statistic in a table cell: 4 significant digits, `NaN` and `±∞` spelled out, `—` for none. */
export function formatStat(value: number | undefined): string {
  if (value === undefined) return '—';
  if (Number.isNaN(value)) return '—';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  return formatSignificant(value, 4).replace(/^-/, '−');
}

/** A count with its share of the whole, e.g. `12 (0.4%)`; `0` alone. */
export function formatCount(count: number, total: number): string {
  if (count === 0 || total === 0) return formatInteger(count);
  const percent = (100 * count) / total;
  return `${formatInteger(count)} (${percent < 0.1 ? `<${formatPercent(0.001, 1)}` : formatPercent(percent / 100, 1)})`;
}

/**
 * The NaN/∞ cell of a tensor: counts, and for a tensor holding any, a ⚠ mark and a tooltip saying what
 * it means — predict, eval and resume refuse such a checkpoint, so the user sees why here.
 */
export function nonFiniteCell(
  nans: number,
  infinities: number,
  total: number,
): { text: string; title: string | undefined } {
  const counts = formatCount(nans, total) + (infinities ? ` +${formatInteger(infinities)} ∞` : '');
  if (nans + infinities === 0) return { text: counts, title: undefined };
  return {
    text: `⚠ ${counts}`,
    title: l10n.t(
      '{0} NaN and {1} infinite value(s): LSTM Studio refuses to predict, evaluate or resume with this checkpoint',
      formatInteger(nans),
      formatInteger(infinities),
    ),
  };
}

/** How a token reads in a preview: whitespace made visible, long tokens cut. */
export function displayToken(token: string): string {
  const visible = token.replace(/\n/g, '↵').replace(/\r/g, '␍').replace(/\t/g, '⇥').replace(/^ $/, '␣');
  return [...visible].length > 24 ? `${[...visible].slice(0, 23).join('')}…` : visible;
}

/** The Task row: the registered task's title (sent by the host), else the id as stored, else `Unknown`. */
export function taskName(task: string | null, title: string | null): string {
  return title ?? task ?? l10n.t('Unknown');
}

export function metricName(key: string): string {
  switch (key) {
    case 'loss':
      return l10n.t('loss');
    case 'accuracy':
      return l10n.t('accuracy');
    case 'perplexity':
      return l10n.t('perplexity');
    case 'bitsPerChar':
      return l10n.t('bits/char');
    case 'mae':
      return l10n.t('MAE');
    case 'rmse':
      return l10n.t('RMSE');
    default:
      return key;
  }
}

/** `sha256:eb3344f94ef9…` for a long fingerprint (the full one goes in a tooltip). */
export function shortFingerprint(fingerprint: string): string {
  const colon = fingerprint.indexOf(':');
  const hex = fingerprint.slice(colon + 1);
  return hex.length > 16 ? `${fingerprint.slice(0, colon + 1)}${hex.slice(0, 12)}…` : fingerprint;
}

/** An ISO time in the reader's locale, e.g. `26 Nov 2026, 23:10:30`; the input when unparsable. */
export function formatCreated(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Date(time).toLocaleString(l10n.displayLanguage(), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
