/** Formatting for the checkpoint editor. Pure: no DOM. */

import { formatInteger, formatSignificant } from '../shared/format';

/** `34432` → `33.6 KB`; binary units, as file managers show sizes. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)} ${units[unit]}`;
}

/** `[128, 32]` → `128 × 32`; a scalar → `scalar`. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join(' × ');
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
  return `${formatInteger(count)} (${percent < 0.1 ? '<0.1' : percent.toFixed(1)}%)`;
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
    title: `${formatInteger(nans)} NaN and ${formatInteger(infinities)} infinite value(s): LSTM Studio refuses to predict, evaluate or resume with this checkpoint`,
  };
}

/** How a token reads in a preview: whitespace made visible, long tokens cut. */
export function displayToken(token: string): string {
  const visible = token.replace(/\n/g, '↵').replace(/\r/g, '␍').replace(/\t/g, '⇥').replace(/^ $/, '␣');
  return [...visible].length > 24 ? `${[...visible].slice(0, 23).join('')}…` : visible;
}

/** The Task row: the registered task's title (sent by the host), else the id as stored, else `Unknown`. */
export function taskName(task: string | null, title: string | null): string {
  return title ?? task ?? 'Unknown';
}

const METRIC_NAMES: Record<string, string> = {
  loss: 'loss',
  accuracy: 'accuracy',
  perplexity: 'perplexity',
  bitsPerChar: 'bits/char',
  mae: 'MAE',
  rmse: 'RMSE',
};

export function metricName(key: string): string {
  return METRIC_NAMES[key] ?? key;
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
  return new Date(time).toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
