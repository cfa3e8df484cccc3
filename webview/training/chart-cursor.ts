/**
 * The keyboard cursor of a line chart: one point of one series. Left and Right step through the series'
 * points (skipping gaps), Page Up / Page Down a tenth of them, Home / End to the first or last; Up and
 * Down move to the previous or next series, to its point nearest the same x. Pure: series of points and
 * a key in, a cursor out; no DOM, no chart.js.
 */

export interface CursorPoint {
  x: number;
  y: number;
}

export interface ChartCursor {
  /** Index into the series handed in (the charts' visible, foreground series). */
  series: number;
  /** Index into that series' points. */
  index: number;
}

const KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);

export function isChartKey(key: string): boolean {
  return KEYS.has(key);
}

const drawn = (p: CursorPoint | undefined): boolean => !!p && Number.isFinite(p.x) && Number.isFinite(p.y);

/** The drawn point of a series nearest to `x` (ties: the earlier); −1 when it has none. */
export function nearestIndex(points: readonly CursorPoint[], x: number): number {
  let best = -1;
  let distance = Infinity;
  // Points are sorted by x: a binary search finds the neighbourhood, a short walk skips gaps.
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].x < x) lo = mid + 1;
    else hi = mid;
  }
  for (const start of [lo, lo - 1]) {
    const step = start === lo ? 1 : -1;
    for (let i = start; i >= 0 && i < points.length; i += step) {
      if (!drawn(points[i])) continue;
      const d = Math.abs(points[i].x - x);
      if (d < distance || (d === distance && i < best)) {
        distance = d;
        best = i;
      }
      break;
    }
  }
  return best;
}

function firstDrawn(points: readonly CursorPoint[], from: number, direction: 1 | -1): number {
  for (let i = from; i >= 0 && i < points.length; i += direction) if (drawn(points[i])) return i;
  return -1;
}

/** The first series with a drawn point, at its first (or, with `last`, last) point; null if none. */
function startCursor(series: readonly (readonly CursorPoint[])[], last: boolean): ChartCursor | null {
  for (let s = 0; s < series.length; s++) {
    const points = series[s];
    const index = last ? firstDrawn(points, points.length - 1, -1) : firstDrawn(points, 0, 1);
    if (index >= 0) return { series: s, index };
  }
  return null;
}

/**
 * Where `key` moves the cursor; from nowhere the first point (End: the last) of the first series with
 * one. Null when no series has a drawn point. A cursor left outside the data (the series shrank) is
 * first brought back in.
 */
export function moveChartCursor(
  series: readonly (readonly CursorPoint[])[],
  from: ChartCursor | null,
  key: string,
): ChartCursor | null {
  if (!from || !series[from.series] || firstDrawn(series[from.series], 0, 1) < 0)
    return startCursor(series, key === 'End');
  const points = series[from.series];
  const here = Math.max(0, Math.min(points.length - 1, from.index));
  const x = points[here].x;
  const at = (index: number) => ({ series: from.series, index });
  const page = Math.max(1, Math.round(points.length / 10));
  const moveBy = (delta: number): ChartCursor => {
    const target = Math.max(0, Math.min(points.length - 1, here + delta));
    const direction = delta < 0 ? -1 : 1;
    const found = firstDrawn(points, target, direction);
    return at(found >= 0 ? found : firstDrawn(points, here, -direction as 1 | -1));
  };
  switch (key) {
    case 'ArrowLeft':
      return moveBy(-1);
    case 'ArrowRight':
      return moveBy(1);
    case 'PageUp':
      return moveBy(-page);
    case 'PageDown':
      return moveBy(page);
    case 'Home':
      return at(firstDrawn(points, 0, 1));
    case 'End':
      return at(firstDrawn(points, points.length - 1, -1));
    case 'ArrowUp':
    case 'ArrowDown': {
      const direction = key === 'ArrowDown' ? 1 : -1;
      for (let s = from.series + direction; s >= 0 && s < series.length; s += direction) {
        const index = nearestIndex(series[s], x);
        if (index >= 0) return { series: s, index };
      }
      return at(here);
    }
    default:
      return at(here);
  }
}
