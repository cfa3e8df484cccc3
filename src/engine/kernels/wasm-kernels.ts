/**
 * The WebAssembly SIMD kernels (float32 only). Workspaces are views into the kernels' arena, so the
 * products and the LSTM recurrence read and write them in place; operands from the heap are copied into
 * arena scratch by gemm-wasm.ts. A product whose B operand has a layout the kernel does not take runs
 * the TypeScript kernel instead.
 */

import type { FloatArray } from '../tensor';
import { AttentionWasm } from './attention-wasm';
import type { WasmKernels } from './backend';
import { gemmJs } from './gemm-js';
import { arenaPointer, gemmWasm } from './gemm-wasm';
import { jsKernels } from './js-kernels';
import { GruWasmWorkspace, gruBackwardWasm, gruForwardWasm } from './gru-wasm';
import type {
  AttentionGeometry,
  GruBackwardBuffers,
  GruForwardBuffers,
  GruRecurrence,
  Kernels,
  LstmBackwardBuffers,
  LstmForwardBuffers,
  LstmRecurrence,
} from './kernels';
import { LstmWasmWorkspace, lstmBackwardWasm, lstmForwardWasm } from './lstm-wasm';

class WasmKernelSet implements Kernels {
  readonly name = 'wasm';
  readonly dtype = 'float32';
  /** Float64 column sums in the arena, grown on demand. */
  private columnSums: Float64Array | null = null;
  private readonly attention: AttentionWasm;

  constructor(readonly wasm: WasmKernels) {
    this.attention = new AttentionWasm(wasm);
  }

  ensure<T extends FloatArray>(buffer: T | null, length: number): T {
    return this.wasm.arena.ensureFloat32(buffer, length) as T;
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
    if (c instanceof Float32Array && a instanceof Float32Array && b instanceof Float32Array) {
      if (
        gemmWasm(
          this.wasm,
          M,
          N,
          K,
          a,
          aOffset,
          aRowStride,
          aColStride,
          b,
          bOffset,
          bRowStride,
          bColStride,
          c,
          cOffset,
          ldc,
          beta,
        )
      )
        return;
    }
    gemmJs(M, N, K, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc, beta);
  }

  // out (N) += Σ_rows dY (rows, N)
  addColumnSums(rows: number, N: number, dy: FloatArray, dyOffset: number, out: FloatArray): void {
    if (!(dy instanceof Float32Array)) return jsKernels.float32.addColumnSums(rows, N, dy, dyOffset, out);
    const { arena, exports } = this.wasm;
    if (this.columnSums === null || this.columnSums.length < N || !arena.owns(this.columnSums)) {
      if (this.columnSums) arena.release(this.columnSums);
      this.columnSums = arena.float64(Math.max(N, 256));
    }
    const sums = this.columnSums;
    exports.columnSums(rows, N, arenaPointer(this.wasm, dy, dyOffset, rows * N, 0), sums.byteOffset);
    for (let n = 0; n < N; n++) out[n] += sums[n];
  }

  lstmRecurrence(D: number, H: number, P = 0): LstmRecurrence {
    return new LstmWasmRecurrence(this, new LstmWasmWorkspace(this.wasm, D, H, P), P === 0);
  }

  gruRecurrence(D: number, H: number): GruRecurrence {
    return new GruWasmRecurrence(this, new GruWasmWorkspace(this.wasm, D, H));
  }

  attentionScores(g: AttentionGeometry, H: number, query: FloatArray, keys: FloatArray, scores: FloatArray): void {
    this.attention.scores(g, H, query, keys, scores);
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
    this.attention.softmaxContext(g, Hm, Hq, weights, memory, query, joined);
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
    this.attention.contextBackward(g, Hm, Hq, weights, memory, dJoined, dQuery, dMemory, dScores);
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
    this.attention.scoresBackward(g, H, dScores, query, keys, dQuery, dKeys);
  }

  tanhInPlace(n: number, x: FloatArray): void {
    this.attention.tanhInPlace(n, x);
  }

  tanhBackward(n: number, dy: FloatArray, y: FloatArray, dx: FloatArray): void {
    this.attention.tanhBackward(n, dy, y, dx);
  }
}

/** One layer's recurrence on WebAssembly; its workspace holds the layer's staged weights. */
class LstmWasmRecurrence implements LstmRecurrence {
  constructor(
    readonly kernels: Kernels,
    private readonly workspace: LstmWasmWorkspace,
    /** Unprojected layers take an embedded input (lstm-embedded-wasm.ts). */
    readonly takesEmbeddedInput: boolean,
  ) {}

  forward(p: LstmForwardBuffers): FloatArray {
    const x = this.workspace.inArena(p.x as Float32Array, p.T * p.B * p.D, 'inputCopy');
    lstmForwardWasm(this.workspace, { ...p, x });
    return x;
  }

  backward(p: LstmBackwardBuffers): { dh: FloatArray; dhPrev: FloatArray } {
    return lstmBackwardWasm(this.workspace, p);
  }
}

/** One GRU layer's recurrence on WebAssembly; its workspace holds the layer's staged weights. */
class GruWasmRecurrence implements GruRecurrence {
  constructor(
    readonly kernels: Kernels,
    private readonly workspace: GruWasmWorkspace,
  ) {}

  forward(p: GruForwardBuffers): FloatArray {
    const x = this.workspace.inArena(p.x as Float32Array, p.T * p.B * p.D, 'inputCopy');
    gruForwardWasm(this.workspace, { ...p, x });
    return x;
  }

  backward(p: GruBackwardBuffers): { dh: FloatArray; dhPrev: FloatArray } {
    return gruBackwardWasm(this.workspace, p);
  }
}

const byInstance = new WeakMap<WasmKernels, Kernels>();

/** The kernels over one WebAssembly instance (one per instance, so its arena scratch is reused). */
export function wasmKernelsOf(wasm: WasmKernels): Kernels {
  let kernels = byInstance.get(wasm);
  if (kernels === undefined) byInstance.set(wasm, (kernels = new WasmKernelSet(wasm)));
  return kernels;
}
