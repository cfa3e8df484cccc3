/**
 * The GRU layer's forward and backward passes on the WebAssembly kernels — the scheme of lstm-wasm.ts:
 * the input projection of all steps in one product, one small product (h_{t−1}·W_hhᵀ) and one fused
 * element-wise kernel (assembly/gru-cell.ts) per step, the weight gradients of all steps in one product
 * after the recurrence. Every sequence buffer is an arena view, so each kernel call passes byte offsets
 * and nothing is copied inside the time loop. The weights live on the JavaScript heap; they are copied
 * into the arena once per pass — transposed for forward, so x·W_ihᵀ and h·W_hhᵀ are row-major products.
 */

import type { FloatArray } from '../tensor';
import type { WasmKernels } from './backend';
import type { GruBackwardBuffers, GruForwardBuffers } from './kernels';
import { paddedStride, transposeInto } from './lstm-wasm';
import { clampHiddenStep } from './state-clamp';

/** Arena copies a GRU layer keeps for its WebAssembly passes; all float32 unless said otherwise. */
export class GruWasmWorkspace {
  /** W_ihᵀ `[D, 3H]` and W_hhᵀ `[H, 3H]` (forward), rows `transposedStride` floats apart. */
  readonly weightIhT: Float32Array;
  readonly weightHhT: Float32Array;
  readonly transposedStride: number;
  /** W_hhᵀ in panels of 32 columns `[3H/32, H, 32]`, for batches of fewer than 4 sequences (forward). */
  private weightHhPanels: Float32Array | null = null;
  /** W_ih `[3H, D]` and W_hh `[3H, H]` as stored (backward). */
  readonly weightIh: Float32Array;
  readonly weightHh: Float32Array;
  /** b_hn `[H]`. */
  readonly biasHn: Float32Array;
  /** Weight-gradient products before they are added into the parameters' gradients. */
  readonly gradIh: Float32Array;
  readonly gradHh: Float32Array;
  /** Bias-gradient column sums, float64. */
  readonly biasSums: Float64Array;
  private lengths: Int32Array | null = null;
  /** The input when it does not live in the arena `[T, B, D]`, dOutputs likewise `[T, B, H]`, dX `[T, B, D]`. */
  private inputCopy: Float32Array | null = null;
  private outputGradCopy: Float32Array | null = null;
  private inputGradCopy: Float32Array | null = null;

  constructor(
    readonly wasm: WasmKernels,
    inputSize: number,
    hiddenSize: number,
  ) {
    const { arena } = wasm;
    const G = 3 * hiddenSize;
    this.transposedStride = paddedStride(G);
    this.weightIhT = arena.float32(inputSize * this.transposedStride);
    this.weightHhT = arena.float32(hiddenSize * this.transposedStride);
    this.weightIh = arena.float32(inputSize * G);
    this.weightHh = arena.float32(hiddenSize * G);
    this.biasHn = arena.float32(hiddenSize);
    this.gradIh = arena.float32(inputSize * G);
    this.gradHh = arena.float32(hiddenSize * G);
    this.biasSums = arena.float64(G);
  }

  /** An arena view of `array` (`length` elements): the array itself, or a copy into `slot`. */
  inArena(
    array: Float32Array,
    length: number,
    slot: 'inputCopy' | 'outputGradCopy' | 'inputGradCopy',
    copyIn = true,
  ): Float32Array {
    if (this.wasm.arena.owns(array)) return array;
    let copy = this[slot];
    if (copy === null || copy.length < length) {
      if (copy) this.wasm.arena.release(copy);
      copy = this[slot] = this.wasm.arena.float32(length);
    }
    if (copyIn) copy.set(array.subarray(0, length));
    return copy;
  }

  /** Byte address of the lengths in the arena, or 0 for "every sequence is T long". */
  lengthsPointer(lengths: Int32Array | null, B: number): number {
    if (lengths === null) return 0;
    if (this.lengths === null || this.lengths.length < B) {
      if (this.lengths) this.wasm.arena.release(this.lengths);
      this.lengths = this.wasm.arena.int32(B);
    }
    this.lengths.set(lengths.subarray(0, B));
    return this.lengths.byteOffset;
  }

  // panels (3H/32, H, 32): panel q holds W_hhᵀ columns 32q…32q+31, (k, n) = W_hh[n, k] at (q·H + k)·32 + n mod 32.
  // Returns the panels' byte address.
  packPanels32(weightHh: FloatArray, G: number, H: number): number {
    if (this.weightHhPanels === null) this.weightHhPanels = this.wasm.arena.float32(G * H);
    const panels = this.weightHhPanels;
    for (let n = 0; n < G; n++) {
      const base = (n >> 5) * H * 32 + (n & 31);
      const row = n * H;
      for (let k = 0; k < H; k++) panels[base + k * 32] = weightHh[row + k];
    }
    return panels.byteOffset;
  }
}

// x (T, B, D) → gates (T, B, 3H), hiddenN (T, B, H), hidden (T+1, B, H); every sequence buffer, x and the
// recurrent scratch included, is an arena view
export function gruForwardWasm(ws: GruWasmWorkspace, p: GruForwardBuffers): void {
  const k = ws.wasm.exports;
  const { B, T, D, H, gates, hiddenN, hidden, recurrent } = p;
  const G = 3 * H;
  const BH = B * H;
  // Under 4 sequences the recurrent product is a matrix-vector product: panels stream W_hh (lstm-wasm.ts).
  const usePanels = B < 4 && G % 32 === 0;
  const ldT = ws.transposedStride;
  transposeInto(ws.wasm, p.weightIh, G, D, ws.weightIhT, ldT);
  if (!usePanels) transposeInto(ws.wasm, p.weightHh, G, H, ws.weightHhT, ldT);
  ws.biasHn.set(p.biasHn.subarray(0, H));
  // gates (T·B, 3H) = input bias, then += x (T·B, D) · W_ihᵀ — the input projection of every step at once.
  for (let r = 0; r < T * B; r++) gates.set(p.inputBias, r * G);
  k.gemm(T * B, G, D, p.x.byteOffset, D, 1, ws.weightIhT.byteOffset, ldT, gates.byteOffset, G, 1);
  const lengths = ws.lengthsPointer(p.lengths, B);
  const wHhT = ws.weightHhT.byteOffset;
  const panels = usePanels ? ws.packPanels32(p.weightHh, G, H) : 0;
  const u = recurrent.byteOffset;
  for (let t = 0; t < T; t++) {
    const prevH = hidden.byteOffset + t * BH * 4;
    // u (B, 3H) = h_{t-1} (B, H) · W_hhᵀ, then the gate nonlinearities and the state update
    if (usePanels) k.gemmRowsPanels32(B, G, H, prevH, H, 1, panels, u, G, 0);
    else k.gemm(B, G, H, prevH, H, 1, wHhT, ldT, u, G, 0);
    k.gruCellForward(
      B,
      H,
      gates.byteOffset + t * B * G * 4,
      u,
      ws.biasHn.byteOffset,
      prevH,
      hiddenN.byteOffset + t * BH * 4,
      prevH + BH * 4,
      lengths,
      t,
    );
    if (p.clamp) clampHiddenStep(p.clamp, B, H, t, p.lengths, hidden, (t + 1) * BH);
  }
}

// dOutputs (T, B, H), dh_T (B, H) → da, du (T, B, 3H), dW_ih (3H, D), dW_hh (3H, H), db_ih, db_hh (3H) +=,
// dX (T, B, D). Returns the buffer that holds dh0 at the end (dh or dhPrev, they swap every step).
export function gruBackwardWasm(ws: GruWasmWorkspace, p: GruBackwardBuffers): { dh: FloatArray; dhPrev: FloatArray } {
  const k = ws.wasm.exports;
  const { B, T, D, H, gates, hiddenN, hidden, dInputGates, dRecurrentGates } = p;
  const G = 3 * H;
  const BH = B * H;
  ws.weightIh.set(p.weightIh.subarray(0, G * D));
  ws.weightHh.set(p.weightHh.subarray(0, G * H));
  const lengths = ws.lengthsPointer(p.lengths, B);
  const dOutputs = p.dOutputs ? ws.inArena(p.dOutputs as Float32Array, T * BH, 'outputGradCopy') : null;
  let dh = p.dh;
  let dhPrev = p.dhPrev;
  const wHh = ws.weightHh.byteOffset;
  for (let t = T - 1; t >= 0; t--) {
    const du = dRecurrentGates.byteOffset + t * B * G * 4;
    k.gruCellBackward(
      B,
      H,
      gates.byteOffset + t * B * G * 4,
      hiddenN.byteOffset + t * BH * 4,
      hidden.byteOffset + t * BH * 4,
      dh.byteOffset,
      dOutputs ? dOutputs.byteOffset + t * BH * 4 : 0,
      dhPrev.byteOffset,
      dInputGates.byteOffset + t * B * G * 4,
      du,
      lengths,
      t,
    );
    // dh_{t-1} (B, H) += du_t (B, 3H) · W_hh (3H, H) — zero rows for sequences padded at t.
    k.gemm(B, H, G, du, G, 1, wHh, H, dhPrev.byteOffset, H, 1);
    const swap = dh;
    dh = dhPrev;
    dhPrev = swap;
  }
  // Weight gradients of all steps at once: dW_ih (3H, D) = daᵀ (3H, T·B) · x (T·B, D);
  // dW_hh (3H, H) = duᵀ · h_{t-1} (T·B, H) — hidden slots 0…T-1 are exactly the h_{t-1}.
  const rows = T * B;
  k.gemm(G, D, rows, dInputGates.byteOffset, 1, G, p.x.byteOffset, D, ws.gradIh.byteOffset, D, 0);
  k.gemm(G, H, rows, dRecurrentGates.byteOffset, 1, G, hidden.byteOffset, H, ws.gradHh.byteOffset, H, 0);
  addInto(ws.gradIh, p.gradIh, G * D);
  addInto(ws.gradHh, p.gradHh, G * H);
  k.columnSums(rows, G, dInputGates.byteOffset, ws.biasSums.byteOffset);
  addInto(ws.biasSums, p.gradBiasIh, G);
  k.columnSums(rows, G, dRecurrentGates.byteOffset, ws.biasSums.byteOffset);
  addInto(ws.biasSums, p.gradBiasHh, G);
  // dX (T·B, D) = da (T·B, 3H) · W_ih (3H, D)
  if (p.dInput) {
    const dInput = ws.inArena(p.dInput as Float32Array, rows * D, 'inputGradCopy', false);
    k.gemm(rows, D, G, dInputGates.byteOffset, G, 1, ws.weightIh.byteOffset, D, dInput.byteOffset, D, 0);
    if (dInput !== p.dInput) p.dInput.set(dInput.subarray(0, rows * D));
  }
  return { dh, dhPrev };
}

function addInto(from: Float32Array | Float64Array, to: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) to[i] += from[i];
}
