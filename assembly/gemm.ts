/**
 * Register-tiled f32x4 matrix products over linear memory (all pointers are byte addresses).
 *
 *   C (M, N) = beta·C + A (M, K) · B (K, N)
 *
 * B is always row-major with row stride `ldb`; (k, n) sits at b + 4·(k·ldb + n). A is strided:
 * element (m, k) sits at a + 4·(m·aRowStride + k·aColStride), so row-major A (aColStride 1) gives
 * A·B and a stored-transposed A (aRowStride 1, aColStride = its row length) gives Aᵀ·B without a copy.
 * A·Bᵀ with a weight stored [N, K] is A·B against a transposed copy of the weight (see `transpose`),
 * made once per forward, not per product.
 *
 * The tile is 4 rows × 8 columns of C held in eight f32x4 accumulators: per k it loads two vectors of B
 * and broadcasts four scalars of A, then does eight multiply-adds. That is 11 live vector registers,
 * inside the 16 that x86-64 has (a 4×16 tile would need 21 and spill). K is processed in blocks of at most
 * KC so the B block and the A tile stay in L1/L2 while every tile of C passes over them.
 */

import { madd } from './simd';

let KC: i32 = 128;
let NC: i32 = 1 << 30;

/** Block sizes (for tuning experiments; the defaults are what the benchmarks chose). */
export function setGemmBlocking(kc: i32, nc: i32): void {
  KC = kc;
  NC = nc;
}

// C tile (4, 8) (+)= A (4, kc) · B (kc, 8)
// @ts-ignore: decorator
@inline
function tile4x8(kc: i32, a: usize, aRow: usize, aCol: usize, b: usize, ldb: usize, c: usize, ldc: usize, beta: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let p0 = a;
  let p1 = a + aRow;
  let p2 = p1 + aRow;
  let p3 = p2 + aRow;
  let pb = b;
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let x = v128.load32_splat(p0);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    x = v128.load32_splat(p1);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    x = v128.load32_splat(p2);
    c20 = madd(x, b0, c20);
    c21 = madd(x, b1, c21);
    x = v128.load32_splat(p3);
    c30 = madd(x, b0, c30);
    c31 = madd(x, b1, c31);
    p0 += aCol;
    p1 += aCol;
    p2 += aCol;
    p3 += aCol;
    pb += ldb;
  }
  let pc = c;
  if (beta) {
    c00 = f32x4.add(c00, v128.load(pc));
    c01 = f32x4.add(c01, v128.load(pc, 16));
  }
  v128.store(pc, c00);
  v128.store(pc, c01, 16);
  pc += ldc;
  if (beta) {
    c10 = f32x4.add(c10, v128.load(pc));
    c11 = f32x4.add(c11, v128.load(pc, 16));
  }
  v128.store(pc, c10);
  v128.store(pc, c11, 16);
  pc += ldc;
  if (beta) {
    c20 = f32x4.add(c20, v128.load(pc));
    c21 = f32x4.add(c21, v128.load(pc, 16));
  }
  v128.store(pc, c20);
  v128.store(pc, c21, 16);
  pc += ldc;
  if (beta) {
    c30 = f32x4.add(c30, v128.load(pc));
    c31 = f32x4.add(c31, v128.load(pc, 16));
  }
  v128.store(pc, c30);
  v128.store(pc, c31, 16);
}

// C tile (4, 4) (+)= A (4, kc) · B (kc, 4) — the column panel left when N mod 8 ≥ 4
// @ts-ignore: decorator
@inline
function tile4x4(kc: i32, a: usize, aRow: usize, aCol: usize, b: usize, ldb: usize, c: usize, ldc: usize, beta: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  let p0 = a;
  let p1 = a + aRow;
  let p2 = p1 + aRow;
  let p3 = p2 + aRow;
  let pb = b;
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb);
    c0 = madd(v128.load32_splat(p0), b0, c0);
    c1 = madd(v128.load32_splat(p1), b0, c1);
    c2 = madd(v128.load32_splat(p2), b0, c2);
    c3 = madd(v128.load32_splat(p3), b0, c3);
    p0 += aCol;
    p1 += aCol;
    p2 += aCol;
    p3 += aCol;
    pb += ldb;
  }
  let pc = c;
  if (beta) c0 = f32x4.add(c0, v128.load(pc));
  v128.store(pc, c0);
  pc += ldc;
  if (beta) c1 = f32x4.add(c1, v128.load(pc));
  v128.store(pc, c1);
  pc += ldc;
  if (beta) c2 = f32x4.add(c2, v128.load(pc));
  v128.store(pc, c2);
  pc += ldc;
  if (beta) c3 = f32x4.add(c3, v128.load(pc));
  v128.store(pc, c3);
}

// C row (1, 32) (+)= A row (1, kc) · B (kc, 32) — rows left when M mod 4 ≠ 0, above all batch-1
// inference, where the recurrent product is a matrix-vector product. Eight independent accumulators hide
// the add latency (a 1×8 tile has two dependent chains), and each B row segment read is two whole cache
// lines (a 1×8 tile reads half a line and the next tile reads the other half, which at a power-of-two
// row stride has often been evicted in between). Each element is still the same sequential sum over k as
// in every other tile, so a row's result does not depend on the tile that computed it.
// @ts-ignore: decorator
@inline
function tile1x32(kc: i32, a: usize, aCol: usize, b: usize, ldb: usize, c: usize, beta: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  let c4 = f32x4.splat(0), c5 = f32x4.splat(0), c6 = f32x4.splat(0), c7 = f32x4.splat(0);
  let pa = a;
  let pb = b;
  for (let k = 0; k < kc; k++) {
    const x = v128.load32_splat(pa);
    c0 = madd(x, v128.load(pb), c0);
    c1 = madd(x, v128.load(pb, 16), c1);
    c2 = madd(x, v128.load(pb, 32), c2);
    c3 = madd(x, v128.load(pb, 48), c3);
    c4 = madd(x, v128.load(pb, 64), c4);
    c5 = madd(x, v128.load(pb, 80), c5);
    c6 = madd(x, v128.load(pb, 96), c6);
    c7 = madd(x, v128.load(pb, 112), c7);
    pa += aCol;
    pb += ldb;
  }
  if (beta) {
    c0 = f32x4.add(c0, v128.load(c));
    c1 = f32x4.add(c1, v128.load(c, 16));
    c2 = f32x4.add(c2, v128.load(c, 32));
    c3 = f32x4.add(c3, v128.load(c, 48));
    c4 = f32x4.add(c4, v128.load(c, 64));
    c5 = f32x4.add(c5, v128.load(c, 80));
    c6 = f32x4.add(c6, v128.load(c, 96));
    c7 = f32x4.add(c7, v128.load(c, 112));
  }
  v128.store(c, c0);
  v128.store(c, c1, 16);
  v128.store(c, c2, 32);
  v128.store(c, c3, 48);
  v128.store(c, c4, 64);
  v128.store(c, c5, 80);
  v128.store(c, c6, 96);
  v128.store(c, c7, 112);
}

// C row (1, 8) (+)= A row (1, kc) · B (kc, 8) — rows left when M mod 4 ≠ 0
// @ts-ignore: decorator
@inline
function tile1x8(kc: i32, a: usize, aCol: usize, b: usize, ldb: usize, c: usize, beta: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  let pa = a;
  let pb = b;
  for (let k = 0; k < kc; k++) {
    const x = v128.load32_splat(pa);
    c0 = madd(x, v128.load(pb), c0);
    c1 = madd(x, v128.load(pb, 16), c1);
    pa += aCol;
    pb += ldb;
  }
  if (beta) {
    c0 = f32x4.add(c0, v128.load(c));
    c1 = f32x4.add(c1, v128.load(c, 16));
  }
  v128.store(c, c0);
  v128.store(c, c1, 16);
}

// C row (1, 4) (+)= A row (1, kc) · B (kc, 4)
// @ts-ignore: decorator
@inline
function tile1x4(kc: i32, a: usize, aCol: usize, b: usize, ldb: usize, c: usize, beta: i32): void {
  let c0 = f32x4.splat(0);
  let pa = a;
  let pb = b;
  for (let k = 0; k < kc; k++) {
    c0 = madd(v128.load32_splat(pa), v128.load(pb), c0);
    pa += aCol;
    pb += ldb;
  }
  if (beta) c0 = f32x4.add(c0, v128.load(c));
  v128.store(c, c0);
}

// C element (+)= A row (1, kc) · B column (kc, 1) — the last N mod 4 columns
// @ts-ignore: decorator
@inline
function dot1x1(kc: i32, a: usize, aCol: usize, b: usize, ldb: usize, c: usize, beta: i32): void {
  let s: f32 = 0;
  let pa = a;
  let pb = b;
  for (let k = 0; k < kc; k++) {
    s += load<f32>(pa) * load<f32>(pb);
    pa += aCol;
    pb += ldb;
  }
  store<f32>(c, beta ? load<f32>(c) + s : s);
}

// C (M, N) = beta·C + A (M, K) · B (K, N), strides in elements as described at the top of the file.
export function gemm(
  M: i32, N: i32, K: i32,
  a: usize, aRowStride: i32, aColStride: i32,
  b: usize, ldb: i32,
  c: usize, ldc: i32,
  beta: i32,
): void {
  const aRow = <usize>aRowStride << 2;
  const aCol = <usize>aColStride << 2;
  const bRow = <usize>ldb << 2;
  const cRow = <usize>ldc << 2;
  const M4 = M & ~3;
  const N8 = N & ~7;
  const N4 = N & ~3;
  if (K == 0) {
    if (!beta) for (let m = 0; m < M; m++) memory.fill(c + <usize>m * cRow, 0, <usize>N << 2);
    return;
  }
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    const blockBeta = k0 > 0 ? 1 : beta;
    const aBlock = a + <usize>k0 * aCol;
    const bBlock = b + <usize>k0 * bRow;
    for (let n0 = 0; n0 < N8; n0 += NC) {
      const nEnd = min(N8, n0 + NC);
      for (let m = 0; m < M4; m += 4) {
        const pa = aBlock + <usize>m * aRow;
        const pc = c + <usize>m * cRow;
        for (let n = n0; n < nEnd; n += 8) {
          tile4x8(kc, pa, aRow, aCol, bBlock + (<usize>n << 2), bRow, pc + (<usize>n << 2), cRow, blockBeta);
        }
      }
    }
    for (let m = 0; m < M4; m += 4) {
      const pa = aBlock + <usize>m * aRow;
      const pc = c + <usize>m * cRow;
      if (N4 > N8) tile4x4(kc, pa, aRow, aCol, bBlock + (<usize>N8 << 2), bRow, pc + (<usize>N8 << 2), cRow, blockBeta);
      for (let n = N4; n < N; n++) {
        for (let i = 0; i < 4; i++) {
          dot1x1(kc, pa + <usize>i * aRow, aCol, bBlock + (<usize>n << 2), bRow, pc + <usize>i * cRow + (<usize>n << 2), blockBeta);
        }
      }
    }
    for (let m = M4; m < M; m++) {
      const pa = aBlock + <usize>m * aRow;
      const pc = c + <usize>m * cRow;
      const N32 = N & ~31;
      for (let n = 0; n < N32; n += 32) tile1x32(kc, pa, aCol, bBlock + (<usize>n << 2), bRow, pc + (<usize>n << 2), blockBeta);
      for (let n = N32; n < N8; n += 8) tile1x8(kc, pa, aCol, bBlock + (<usize>n << 2), bRow, pc + (<usize>n << 2), blockBeta);
      if (N4 > N8) tile1x4(kc, pa, aCol, bBlock + (<usize>N8 << 2), bRow, pc + (<usize>N8 << 2), blockBeta);
      for (let n = N4; n < N; n++) dot1x1(kc, pa, aCol, bBlock + (<usize>n << 2), bRow, pc + (<usize>n << 2), blockBeta);
    }
  }
}

// C (M, N) = beta·C + A (M, K) · B (K, N) for a few rows (batch-1 inference's matrix-vector products),
// with B packed in panels of 32 columns: (k, n) sits at bp + 4·((⌊n/32⌋·K + k)·32 + n mod 32), so each
// panel is one contiguous [K, 32] stream the hardware prefetcher follows. (A row-major B whose row stride
// is a power of two — 4H floats — maps every row segment a tile reads to the same few cache sets.)
// N must be a multiple of 32. K is blocked exactly as in `gemm`, so every element is bit for bit what
// `gemm` computes for it.
export function gemmRowsPanels32(
  M: i32, N: i32, K: i32,
  a: usize, aRowStride: i32, aColStride: i32,
  bp: usize,
  c: usize, ldc: i32,
  beta: i32,
): void {
  const aRow = <usize>aRowStride << 2;
  const aCol = <usize>aColStride << 2;
  const cRow = <usize>ldc << 2;
  const panelBytes = <usize>K << 7; // K rows × 32 floats × 4 bytes
  for (let m = 0; m < M; m++) {
    const pa = a + <usize>m * aRow;
    const pc = c + <usize>m * cRow;
    for (let n = 0; n < N; n += 32) {
      const panel = bp + <usize>(n >> 5) * panelBytes;
      for (let k0 = 0; k0 < K; k0 += KC) {
        const kc = min(KC, K - k0);
        tile1x32(kc, pa + <usize>k0 * aCol, aCol, panel + (<usize>k0 << 7), 128, pc + (<usize>n << 2), k0 > 0 ? 1 : beta);
      }
    }
  }
}

// out (cols, rows) = in (rows, cols)ᵀ, both row-major and dense
export function transpose(rows: i32, cols: i32, src: usize, dst: usize): void {
  transposeStrided(rows, cols, src, dst, rows);
}

// out (cols, rows) = in (rows, cols)ᵀ, in dense, out rows `ld` floats apart (a weight staged transposed
// with a padded row stride). 4×4 blocks go through registers: four row loads, eight shuffles, four stores.
export function transposeStrided(rows: i32, cols: i32, src: usize, dst: usize, ld: i32): void {
  const R4 = rows & ~3;
  const C4 = cols & ~3;
  const srcRow = <usize>cols << 2;
  const dstRow = <usize>ld << 2;
  for (let r = 0; r < R4; r += 4) {
    const s = src + <usize>r * srcRow;
    for (let c = 0; c < C4; c += 4) {
      const p = s + (<usize>c << 2);
      const r0 = v128.load(p);
      const r1 = v128.load(p + srcRow);
      const r2 = v128.load(p + 2 * srcRow);
      const r3 = v128.load(p + 3 * srcRow);
      const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
      const t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
      const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
      const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
      const q = dst + <usize>c * dstRow + (<usize>r << 2);
      v128.store(q, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
      v128.store(q + dstRow, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
      v128.store(q + 2 * dstRow, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
      v128.store(q + 3 * dstRow, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
    }
    for (let i = 0; i < 4; i++)
      for (let c = C4; c < cols; c++)
        store<f32>(dst + <usize>c * dstRow + (<usize>(r + i) << 2), load<f32>(s + <usize>i * srcRow + (<usize>c << 2)));
  }
  for (let r = R4; r < rows; r++)
    for (let c = 0; c < cols; c++)
      store<f32>(dst + <usize>c * dstRow + (<usize>r << 2), load<f32>(src + <usize>r * srcRow + (<usize>c << 2)));
}
