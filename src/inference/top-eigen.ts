/**
 * The few largest eigenpairs of a symmetric positive semi-definite matrix (a covariance), by subspace
 * iteration with Rayleigh–Ritz (Golub & Van Loan §8.2.4; Saad, "Numerical Methods for Large Eigenvalue
 * Problems", ch. 5): a block of `count + GUARD` orthonormal vectors is multiplied by A and
 * re-orthonormalised until each wanted Ritz pair's residual ‖A u − λ u‖ is below `tolerance · λ₁`. A
 * projection needs two components of a 256 × 256 covariance; a full Jacobi decomposition (pca.ts's
 * `symmetricEigen`) finds all 256 and costs far more (measured in `npm run bench`). The guard vectors make
 * the convergence rate λ_{count+GUARD+1} / λ_count rather than λ_{count+1} / λ_count, so close eigenvalues
 * do not stall it. Should it not converge within `maxIterations`, the answer is the full Jacobi one.
 */

import { symmetricEigen } from './pca';

/** Extra vectors iterated beside the wanted ones. */
const GUARD = 6;

export interface TopEigenOptions {
  /** Relative residual at which a pair counts as found (default 1e-10). */
  tolerance?: number;
  /** Iterations before falling back to the full decomposition (default 2 000). */
  maxIterations?: number;
}

export interface TopEigenResult {
  /** The `count` largest eigenvalues, descending, and their unit eigenvectors as rows `[count, n]`. */
  values: Float64Array;
  vectors: Float64Array;
  iterations: number;
  /** True when the iteration did not converge and the full Jacobi decomposition answered. */
  fellBack: boolean;
}

/** The `count` largest eigenpairs of the symmetric n × n matrix `a` (row-major; not modified). */
export function topEigenpairs(
  a: Float64Array,
  n: number,
  count: number,
  options: TopEigenOptions = {},
): TopEigenResult {
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 2000;
  const wanted = Math.min(count, n);
  const k = Math.min(n, wanted + GUARD);
  if (k === n) return fullDecomposition(a, n, wanted, 0);
  // V: k orthonormal rows of width n, started from a deterministic spread of values (no random source:
  // the same matrix always gives the same signs).
  let v = new Float64Array(k * n);
  for (let c = 0; c < k; c++) for (let i = 0; i < n; i++) v[c * n + i] = Math.sin(1 + (c + 1) * (i + 1) * 0.7548776662);
  orthonormalizeRows(v, k, n);
  let av = new Float64Array(k * n);
  const t = new Float64Array(k * k);
  let rotated = new Float64Array(k * n);
  let rotatedA = new Float64Array(k * n);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    multiplyRows(a, n, v, k, av);
    // T = V A Vᵀ (k × k), its eigenpairs S Λ Sᵀ; Ritz vectors U = Sᵀ V and A U = Sᵀ (A V)
    for (let p = 0; p < k; p++)
      for (let q = p; q < k; q++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += v[p * n + i] * av[q * n + i];
        t[p * k + q] = dot;
        t[q * k + p] = dot;
      }
    const small = symmetricEigen(t, k);
    combineRows(small.vectors, k, v, n, rotated);
    combineRows(small.vectors, k, av, n, rotatedA);
    const scale = Math.max(Math.abs(small.values[0]), 1e-300);
    let converged = true;
    for (let c = 0; c < wanted && converged; c++) {
      const lambda = small.values[c];
      let residual = 0;
      for (let i = 0; i < n; i++) {
        const r = rotatedA[c * n + i] - lambda * rotated[c * n + i];
        residual += r * r;
      }
      if (Math.sqrt(residual) > tolerance * scale) converged = false;
    }
    if (converged || small.values[0] === 0) {
      const vectors = rotated.slice(0, wanted * n);
      return { values: small.values.slice(0, wanted), vectors, iterations: iteration, fellBack: false };
    }
    // The power step: the next block is A U, orthonormalised (Ritz order kept, so the wanted pairs lead).
    [v, rotatedA] = [rotatedA, v];
    orthonormalizeRows(v, k, n);
    [av, rotated] = [rotated, av];
  }
  return fullDecomposition(a, n, wanted, maxIterations);
}

function fullDecomposition(a: Float64Array, n: number, wanted: number, iterations: number): TopEigenResult {
  const { values, vectors } = symmetricEigen(a, n);
  return {
    values: values.slice(0, wanted),
    vectors: vectors.slice(0, wanted * n),
    iterations,
    fellBack: iterations > 0,
  };
}

// out (k, n) = V (k, n) · Aᵀ = rows of A·v_c, A symmetric (n, n)
function multiplyRows(a: Float64Array, n: number, v: Float64Array, k: number, out: Float64Array): void {
  for (let c = 0; c < k; c++) {
    const vc = c * n;
    for (let i = 0; i < n; i++) {
      let dot = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) dot += a[row + j] * v[vc + j];
      out[vc + i] = dot;
    }
  }
}

// out (k, n) = S (k, k) · X (k, n): row c of out is Σ_p S[c, p] X[p] (S's rows are the small eigenvectors)
function combineRows(s: Float64Array, k: number, x: Float64Array, n: number, out: Float64Array): void {
  out.fill(0, 0, k * n);
  for (let c = 0; c < k; c++)
    for (let p = 0; p < k; p++) {
      const w = s[c * k + p];
      if (w === 0) continue;
      for (let i = 0; i < n; i++) out[c * n + i] += w * x[p * n + i];
    }
}

/**
 * Modified Gram–Schmidt on the k rows (twice, for orthogonality to rounding). A row that vanishes against
 * the ones before it (a rank-deficient matrix sent it to zero) is replaced by the next basis vector.
 */
function orthonormalizeRows(v: Float64Array, k: number, n: number): void {
  let basis = 0;
  for (let c = 0; c < k; c++) {
    for (;;) {
      let before = 0;
      for (let i = 0; i < n; i++) before += v[c * n + i] * v[c * n + i];
      for (let pass = 0; pass < 2; pass++)
        for (let p = 0; p < c; p++) {
          let dot = 0;
          for (let i = 0; i < n; i++) dot += v[c * n + i] * v[p * n + i];
          for (let i = 0; i < n; i++) v[c * n + i] -= dot * v[p * n + i];
        }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += v[c * n + i] * v[c * n + i];
      if (norm > 1e-20 * before && norm > 1e-300) {
        norm = Math.sqrt(norm);
        for (let i = 0; i < n; i++) v[c * n + i] /= norm;
        break;
      }
      // k < n rows, so some basis vector is independent of the c rows before this one.
      v.fill(0, c * n, (c + 1) * n);
      v[c * n + (basis++ % n)] = 1;
    }
  }
}
