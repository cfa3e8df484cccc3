/**
 * The TypeScript matrix product: what runs float64 work (gradient checks) and float32 work when the
 * WebAssembly kernels cannot (see backend.ts).
 *
 *   C[m, n] = beta·C[m, n] + Σ_k A[m, k] · B[k, n]      for m < M, n < N, k < K
 *
 * with element (m, k) of A at `a[aOffset + m*aRowStride + k*aColStride]`, (k, n) of B at
 * `b[bOffset + k*bRowStride + n*bColStride]`, (m, n) of C at `c[cOffset + m*ldc + n]` — so A·Bᵀ, A·B and
 * Aᵀ·B are all just strides.
 *
 * Packed, as GotoBLAS does it, because JavaScript has no vectors and every typed-array load costs a
 * bounds check (and, from a Float32Array, a conversion): for each block of KC steps of k, B is copied
 * once into 4-column panels `[n/4][k][4]` and A, MC rows at a time, into 2-row panels `[m/2][k][2]`, both
 * Float64Array. The inner loop then walks two contiguous arrays with one index each, and keeps a 2×4 tile
 * of C in eight locals (with the four A/B values that is 13 live doubles: the 16 SSE registers hold them
 * without spilling, which a 4×4 tile does not). The blocks fit in L1/L2 (KC·4 + KC·MC doubles).
 * Locals are doubles, so every dot product accumulates in float64 and rounds once on store.
 */

import type { FloatArray } from '../tensor';

const KC = 128;
const MC = 128;

let bPanels = new Float64Array(KC * 64);
const aPanels = new Float64Array(KC * MC);

// C (M,N) = beta*C + A (M,K) · B (K,N), strided as described at the top of the file
export function gemmJs(
  M: number,
  N: number,
  K: number,
  a: FloatArray,
  aOffset: number,
  aRowStride: number,
  aColStride: number,
  b: FloatArray,
  bOffset: number,
  bRowStride: number,
  bColStride: number,
  c: FloatArray,
  cOffset: number,
  ldc: number,
  beta: 0 | 1,
): void {
  if (K === 0) {
    if (beta === 0) for (let m = 0; m < M; m++) c.fill(0, cOffset + m * ldc, cOffset + m * ldc + N);
    return;
  }
  const M2 = M - (M % 2);
  const N4 = N - (N % 4);
  if (bPanels.length < KC * N4) bPanels = new Float64Array(KC * N4);
  const bp = bPanels;
  const ap = aPanels;
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = Math.min(KC, K - k0);
    const accumulate = k0 > 0 || beta === 1;
    // B (kc, N4) → panels [n/4][k][4]
    for (let n = 0; n < N4; n += 4) {
      let dst = n * kc;
      let src = bOffset + k0 * bRowStride + n * bColStride;
      for (let k = 0; k < kc; k++) {
        bp[dst] = b[src];
        bp[dst + 1] = b[src + bColStride];
        bp[dst + 2] = b[src + 2 * bColStride];
        bp[dst + 3] = b[src + 3 * bColStride];
        dst += 4;
        src += bRowStride;
      }
    }
    for (let m0 = 0; m0 < M2; m0 += MC) {
      const mEnd = Math.min(M2, m0 + MC);
      // A rows m0…mEnd (kc) → panels [m/2][k][2]
      for (let m = m0; m < mEnd; m += 2) {
        let dst = (m - m0) * kc;
        let s0 = aOffset + m * aRowStride + k0 * aColStride;
        let s1 = s0 + aRowStride;
        for (let k = 0; k < kc; k++) {
          ap[dst] = a[s0];
          ap[dst + 1] = a[s1];
          dst += 2;
          s0 += aColStride;
          s1 += aColStride;
        }
      }
      for (let m = m0; m < mEnd; m += 2) {
        const pa = (m - m0) * kc;
        const paEnd = pa + 2 * kc;
        for (let n = 0; n < N4; n += 4) {
          let pb = n * kc;
          let c00 = 0,
            c01 = 0,
            c02 = 0,
            c03 = 0;
          let c10 = 0,
            c11 = 0,
            c12 = 0,
            c13 = 0;
          for (let i = pa; i < paEnd; i += 2) {
            const x0 = ap[i];
            const x1 = ap[i + 1];
            let y = bp[pb];
            c00 += x0 * y;
            c10 += x1 * y;
            y = bp[pb + 1];
            c01 += x0 * y;
            c11 += x1 * y;
            y = bp[pb + 2];
            c02 += x0 * y;
            c12 += x1 * y;
            y = bp[pb + 3];
            c03 += x0 * y;
            c13 += x1 * y;
            pb += 4;
          }
          const r0 = cOffset + m * ldc + n;
          const r1 = r0 + ldc;
          if (accumulate) {
            c[r0] += c00;
            c[r0 + 1] += c01;
            c[r0 + 2] += c02;
            c[r0 + 3] += c03;
            c[r1] += c10;
            c[r1 + 1] += c11;
            c[r1 + 2] += c12;
            c[r1 + 3] += c13;
          } else {
            c[r0] = c00;
            c[r0 + 1] = c01;
            c[r0 + 2] = c02;
            c[r0 + 3] = c03;
            c[r1] = c10;
            c[r1 + 1] = c11;
            c[r1 + 2] = c12;
            c[r1 + 3] = c13;
          }
        }
      }
    }
  }
  // Edges, one dot product at a time: the last row when M is odd (all columns) and the last N mod 4
  // columns (every other row). Blocked over K exactly like the tiles (a sum per KC block, added into C),
  // so an element's value does not depend on whether a tile or an edge computed it: a row of a product
  // is the same whatever rows surround it.
  if (M2 < M || N4 < N) {
    for (let m = 0; m < M; m++) {
      const nStart = m < M2 ? N4 : 0;
      const aRow = aOffset + m * aRowStride;
      for (let n = nStart; n < N; n++) {
        const ci = cOffset + m * ldc + n;
        for (let k0 = 0; k0 < K; k0 += KC) {
          const kEnd = Math.min(K, k0 + KC);
          let sum = 0;
          let ak = aRow + k0 * aColStride;
          let bk = bOffset + k0 * bRowStride + n * bColStride;
          for (let k = k0; k < kEnd; k++) {
            sum += a[ak] * b[bk];
            ak += aColStride;
            bk += bRowStride;
          }
          c[ci] = k0 > 0 || beta === 1 ? c[ci] + sum : sum;
        }
      }
    }
  }
}
