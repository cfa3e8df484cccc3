/**
 * The first principal axes of accumulated states (pca.ts's `Projection`), from the covariance's largest
 * eigenpairs by subspace iteration (top-eigen.ts) instead of a full Jacobi decomposition, with each axis's
 * share of the total variance (the covariance's trace).
 */

import type { Projection } from './pca';
import { topEigenpairs } from './top-eigen';

export function principalAxes(
  statistics: { mean: Float64Array; covariance: Float64Array },
  width: number,
  count = 2,
): Projection {
  const { mean, covariance } = statistics;
  const W = width;
  let total = 0;
  for (let i = 0; i < W; i++) total += Math.max(0, covariance[i * W + i]);
  const { values, vectors } = topEigenpairs(covariance, W, Math.min(count, W));
  return {
    mean,
    components: vectors,
    variance: Array.from(values),
    explained: Array.from(values, (x) => (total > 0 ? Math.max(0, x) / total : 0)),
    width: W,
  };
}
