/**
 * Which points of a long series to draw. The panel keeps every step in memory; only drawing thins, and
 * only when there are more points than buckets (the caller asks for ~2 buckets per pixel of width).
 * Points are bucketed by x over the series' x range; each bucket keeps its first, lowest, highest and
 * last point, so spikes stay visible and the line still enters and leaves each bucket where the data
 * does (the "M4" reduction). Pure: no DOM.
 */

/**
 * Indices into `xs`/`ys` of the points to draw, ascending. A series of at most `bucketCount` points is
 * returned whole; otherwise at most 4 × `bucketCount` indices. Points with a non-finite x cannot be
 * placed and are left out of thinned output; a non-finite y never counts as a bucket's min or max.
 */
export function thinIndices(xs: ArrayLike<number>, ys: ArrayLike<number>, bucketCount: number): number[] {
  const n = Math.min(xs.length, ys.length);
  const buckets = Math.floor(bucketCount);
  if (n <= buckets || buckets < 1) return Array.from({ length: n }, (_, i) => i);

  let xMin = Infinity;
  let xMax = -Infinity;
  let monotonic = true;
  let previousX = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    if (x !== x || x === Infinity || x === -Infinity) continue;
    if (x < xMin) xMin = x;
    if (x > xMax) xMax = x;
    if (x < previousX) monotonic = false;
    previousX = x;
  }
  if (xMin > xMax) return []; // no finite x at all
  const scale = buckets / (xMax > xMin ? xMax - xMin : 1);

  // This runs on every redraw over every step held, so it stays allocation-free per point: the
  // lowest/highest y of each bucket are kept beside their indices instead of looked up again.
  const first = new Int32Array(buckets).fill(-1);
  const last = new Int32Array(buckets);
  const low = new Int32Array(buckets).fill(-1);
  const high = new Int32Array(buckets).fill(-1);
  const lowY = new Float64Array(buckets);
  const highY = new Float64Array(buckets);
  const lastBucket = buckets - 1;
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    if (!(x >= xMin && x <= xMax)) continue; // not finite
    let b = ((x - xMin) * scale) | 0;
    if (b > lastBucket) b = lastBucket;
    if (first[b] < 0) first[b] = i;
    last[b] = i;
    const y = ys[i];
    if (y !== y || y === Infinity || y === -Infinity) continue;
    if (low[b] < 0) {
      low[b] = high[b] = i;
      lowY[b] = highY[b] = y;
    } else if (y < lowY[b]) {
      low[b] = i;
      lowY[b] = y;
    } else if (y > highY[b]) {
      high[b] = i;
      highY[b] = y;
    }
  }

  const kept: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const f = first[b];
    if (f < 0) continue;
    const l = last[b];
    let p = low[b];
    let q = high[b];
    kept.push(f);
    if (p >= 0) {
      if (p > q) [p, q] = [q, p];
      if (p !== f && p !== l) kept.push(p);
      if (q !== f && q !== l && q !== p) kept.push(q);
    }
    if (l !== f) kept.push(l);
  }
  // With x increasing, buckets come in index order and first ≤ min/max ≤ last within each; otherwise
  // restore the series' order.
  return monotonic ? kept : kept.sort((p, q) => p - q);
}
