/**
 * The TypeScript kernels: what every float64 pass (the gradient checks) runs, and float32 passes when the
 * WebAssembly kernels are off or cannot run here. Workspaces are plain heap arrays.
 */

import { ensureHeapCapacity, type DType, type FloatArray } from '../tensor';
import {
  attentionContextBackwardJs,
  attentionScoresBackwardJs,
  attentionScoresJs,
  attentionSoftmaxContextJs,
  tanhBackwardJs,
  tanhInPlaceJs,
} from './attention-js';
import { gemmJs } from './gemm-js';
import { GruJsRecurrence } from './gru-js';
import type { AttentionGeometry, GruRecurrence, Kernels, LstmRecurrence } from './kernels';
import { LstmJsRecurrence } from './lstm-js';

class JsKernels implements Kernels {
  readonly name = 'js';
  /** Float64 running sums of addColumnSums, grown on demand. */
  private columnSums = new Float64Array(0);
  /** Stateless, so one serves every layer. */
  private readonly recurrence: LstmJsRecurrence = new LstmJsRecurrence(this);
  private readonly gru: GruJsRecurrence = new GruJsRecurrence(this);

  constructor(readonly dtype: DType) {}

  ensure<T extends FloatArray>(buffer: T | null, length: number): T {
    return ensureHeapCapacity(buffer, length, this.dtype);
  }

  gemm(
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
    gemmJs(M, N, K, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc, beta);
  }

  // out (N) += Σ_rows dY (rows, N)
  addColumnSums(rows: number, N: number, dy: FloatArray, dyOffset: number, out: FloatArray): void {
    if (this.columnSums.length < N) this.columnSums = new Float64Array(N);
    const sums = this.columnSums;
    sums.fill(0, 0, N);
    for (let r = 0; r < rows; r++) {
      const base = dyOffset + r * N;
      for (let n = 0; n < N; n++) sums[n] += dy[base + n];
    }
    for (let n = 0; n < N; n++) out[n] += sums[n];
  }

  lstmRecurrence(): LstmRecurrence {
    return this.recurrence;
  }

  gruRecurrence(): GruRecurrence {
    return this.gru;
  }

  attentionScores(g: AttentionGeometry, H: number, query: FloatArray, keys: FloatArray, scores: FloatArray): void {
    attentionScoresJs(g, H, query, keys, scores);
  }

  attentionSoftmaxContext(
    g: AttentionGeometry,
    Hm: number,
    Hq: number,
    weights: FloatArray,
    memory: FloatArray,
    query: FloatArray,
    joined: FloatArray,
  ): void {
    attentionSoftmaxContextJs(g, Hm, Hq, weights, memory, query, joined);
  }

  attentionContextBackward(
    g: AttentionGeometry,
    Hm: number,
    Hq: number,
    weights: FloatArray,
    memory: FloatArray,
    dJoined: FloatArray,
    dQuery: FloatArray,
    dMemory: FloatArray,
    dScores: FloatArray,
  ): void {
    attentionContextBackwardJs(g, Hm, Hq, weights, memory, dJoined, dQuery, dMemory, dScores);
  }

  attentionScoresBackward(
    g: AttentionGeometry,
    H: number,
    dScores: FloatArray,
    query: FloatArray,
    keys: FloatArray,
    dQuery: FloatArray,
    dKeys: FloatArray,
  ): void {
    attentionScoresBackwardJs(g, H, dScores, query, keys, dQuery, dKeys);
  }

  tanhInPlace(n: number, x: FloatArray): void {
    tanhInPlaceJs(n, x);
  }

  tanhBackward(n: number, dy: FloatArray, y: FloatArray, dx: FloatArray): void {
    tanhBackwardJs(n, dy, y, dx);
  }
}

/** The TypeScript kernels for float32 and for float64 (one instance each: they are stateless but for scratch). */
export const jsKernels: Readonly<Record<DType, Kernels>> = {
  float32: new JsKernels('float32'),
  float64: new JsKernels('float64'),
};
