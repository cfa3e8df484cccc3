/** Number and time formatting shared by the panels. Pure: no DOM. */

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `12345` → `12,345`; non-finite → `—`. */
export function formatInteger(value: number): string {
  return Number.isFinite(value) ? integerFormat.format(Math.round(value)) : '—';
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

/** A value with `digits` significant digits, without exponent notation for everyday magnitudes. */
export function formatSignificant(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) return value.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(digits)));
}

/** Throughput: one decimal below 10, grouped integers above. */
export function formatRate(value: number): string {
  if (!Number.isFinite(value) || value <= 0) return '—';
  return value < 10 ? value.toFixed(1) : formatInteger(value);
}

/** A validation metric the way people quote it: accuracy in percent, the rest to 4 significant digits. */
export function formatMetric(key: string, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (key === 'accuracy') return `${(value * 100).toFixed(1)}%`;
  return formatSignificant(value, 4);
}
