/**
 * The LSTM layer's forward and backward passes on the WebAssembly kernels (the same scheme as the
 * TypeScript kernel in lstm-js.ts: input projection of all steps in one product, one small product
 * and one fused element-wise kernel per step, weight gradients of all steps in one product after the
 * recurrence). Every sequence buffer is an arena view, so each kernel call passes byte offsets and nothing
 * is copied inside the time loop. The weights live on the JavaScript heap (the optimizer and checkpoints
 * own them); they are copied into the arena once per pass — transposed for forward, so that x·W_ihᵀ and
 * h·W_hhᵀ become plain row-major products.
 */

import type { FloatArray } from '../tensor';
import type { WasmKernels } from './backend';
import { arenaPointer } from './gemm-wasm';
import type { LstmBackwardBuffers, LstmForwardBuffers, LstmProjectionBackward, LstmProjectionForward } from './kernels';
import { EmbeddedInputWorkspace } from './lstm-embedded-wasm';
import { carryPaddedRows, zeroPaddedRows } from './lstm-js';
import { clampCellStep, clampHiddenStep } from './state-clamp';

/** Arena copies a layer keeps for its WebAssembly passes; all float32 unless said otherwise. */
export class LstmWasmWorkspace {
  /**
   * W_ihᵀ `[D, 4H]` and W_hhᵀ `[R, 4H]` (forward), rows `transposedStride` floats apart. R, the recurrent
   * width, is H, or P for a projected layer (then every `[·, H]` of W_hh below is `[·, P]`).
   */
  weightIhT: Float32Array;
  weightHhT: Float32Array;
  readonly transposedStride: number;
  /** W_hhᵀ in panels of 32 columns `[4H/32, R, 32]`, for batches of fewer than 4 sequences (forward). */
  weightHhPanels: Float32Array | null = null;
  /** W_ih `[4H, D]` and W_hh `[4H, H]` as stored (backward). */
  weightIh: Float32Array;
  weightHh: Float32Array;
  /** Weight-gradient products before they are added into the parameters' gradients. */
  gradIh: Float32Array;
  gradHh: Float32Array;
  /** Bias-gradient column sums, float64. */
  biasSums: Float64Array;
  /** A projected layer's W_hrᵀ `[H, P]` (forward), W_hr `[P, H]` (backward) and its gradient product; else null. */
  weightHrT: Float32Array | null = null;
  weightHr: Float32Array | null = null;
  gradHr: Float32Array | null = null;
  /** Sequence lengths `[B]`, int32 (when the batch has them). */
  lengths: Int32Array | null = null;
  /** The input when it does not live in the arena `[T, B, D]`, and dOutputs likewise `[T, B, H]`. */
  inputCopy: Float32Array | null = null;
  outputGradCopy: Float32Array | null = null;
  /** dX when the caller's buffer is not in the arena `[T, B, D]`. */
  inputGradCopy: Float32Array | null = null;
  /** The buffers of an embedded input (made on first use). */
  embedded: EmbeddedInputWorkspace | null = null;

  constructor(
    readonly wasm: WasmKernels,
    inputSize: number,
    hiddenSize: number,
    projSize = 0,
  ) {
    const { arena } = wasm;
    const G = 4 * hiddenSize;
    const recurrentSize = projSize > 0 ? projSize : hiddenSize;
    this.transposedStride = paddedStride(G);
    this.weightIhT = arena.float32(inputSize * this.transposedStride);
    this.weightHhT = arena.float32(recurrentSize * this.transposedStride);
    this.weightIh = arena.float32(inputSize * G);
    this.weightHh = arena.float32(recurrentSize * G);
    this.gradIh = arena.float32(inputSize * G);
    this.gradHh = arena.float32(recurrentSize * G);
    this.biasSums = arena.float64(G);
    if (projSize > 0) {
      this.weightHrT = arena.float32(hiddenSize * projSize);
      this.weightHr = arena.float32(projSize * hiddenSize);
      this.gradHr = arena.float32(projSize * hiddenSize);
    }
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
}

/**
 * Row stride for a transposed weight copy of `columns` columns: 16 floats (one cache line) more when the
 * row length is a multiple of 64 bytes. With a power-of-two stride (4H floats: 1–4 KB) the rows a 4×8 tile
 * reads fall into a few cache sets and evict each other; one extra line spreads them over all sets. Measured
 * on the kernels alone: 1 000×1 024×256 (an inference projection) 11 → 16.5 GFLOP/s, 128×256×64 (W1's
 * recurrent product) 19 → 22, 32×512×128 (W2's) 15 → 18; whole training steps, paired: W1 ×1.02, W2
 * ×1.04–1.06, W3 unchanged; the 1 000-step inference figure 125–147 → 108–136 ms. The padding is never read.
 */
export function paddedStride(columns: number): number {
  return columns % 16 === 0 ? columns + 16 : columns;
}

// dst (cols, rows) = src (rows, cols)ᵀ, dst rows `ld` floats apart; a float32 src goes through the
// kernel's 4×4 register transposes (copied into arena scratch first when it is a heap array)
export function transposeInto(
  wasm: WasmKernels,
  src: Float32Array | Float64Array,
  rows: number,
  cols: number,
  dst: Float32Array,
  ld: number,
): void {
  if (src instanceof Float32Array) {
    const pointer = arenaPointer(wasm, src, 0, rows * cols, 0);
    wasm.exports.transposeStrided(rows, cols, pointer, dst.byteOffset, ld);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const s = r * cols;
    for (let k = 0; k < cols; k++) dst[k * ld + r] = src[s + k];
  }
}

// panels (4H/32, R, 32): panel q holds W_hhᵀ columns 32q…32q+31, i.e. (k, n) = W_hh[n, k] at (q·R + k)·32 + n mod 32,
// R = H (or P for a projected layer). Returns the panels' byte address.
function packPanels32(ws: LstmWasmWorkspace, weightHh: Float32Array | Float64Array, G: number, H: number): number {
  if (ws.weightHhPanels === null) ws.weightHhPanels = ws.wasm.arena.float32(G * H);
  const panels = ws.weightHhPanels;
  for (let n = 0; n < G; n++) {
    const base = (n >> 5) * H * 32 + (n & 31);
    const row = n * H;
    for (let k = 0; k < H; k++) panels[base + k * 32] = weightHh[row + k];
  }
  return panels.byteOffset;
}

// x (T, B, D) → gates (T, B, 4H), cells and hidden (T+1, B, H), tanhCells (T, B, H); every sequence buffer,
// x included, is an arena view
export function lstmForwardWasm(ws: LstmWasmWorkspace, p: LstmForwardBuffers): void {
  if (p.projection) return lstmForwardProjectedWasm(ws, p, p.projection);
  const k = ws.wasm.exports;
  const { B, T, D, H, gates, cells, hidden, tanhCells } = p;
  const G = 4 * H;
  const BH = B * H;
  // Under 4 sequences (inference on one text) the recurrent product is a matrix-vector product that reads
  // all of W_hh every step: from panels it streams; from the [H, 4H] copy it reads rows 16H bytes apart.
  const usePanels = B < 4 && G % 32 === 0;
  const ldT = ws.transposedStride;
  transposeInto(ws.wasm, p.weightIh, G, D, ws.weightIhT, ldT);
  if (!usePanels) transposeInto(ws.wasm, p.weightHh, G, H, ws.weightHhT, ldT);
  // gates (T·B, 4H) = bias, then += x (T·B, D) · W_ihᵀ — the input projection of every step at once
  // (of the V table rows, gathered per row, when x is an embedding's output).
  if (p.embedded) {
    ws.embedded ??= new EmbeddedInputWorkspace(ws.wasm);
    ws.embedded.project(p.embedded, T * B, D, G, ws.weightIhT, ldT, p.bias, gates as Float32Array);
  } else {
    for (let r = 0; r < T * B; r++) gates.set(p.bias, r * G);
    k.gemm(T * B, G, D, p.x.byteOffset, D, 1, ws.weightIhT.byteOffset, ldT, gates.byteOffset, G, 1);
  }
  const lengths = ws.lengthsPointer(p.lengths, B);
  const wHhT = ws.weightHhT.byteOffset;
  const panels = usePanels ? packPanels32(ws, p.weightHh, G, H) : 0;
  for (let t = 0; t < T; t++) {
    const z = gates.byteOffset + t * B * G * 4;
    const prevH = hidden.byteOffset + t * BH * 4;
    const prevC = cells.byteOffset + t * BH * 4;
    // z_t (B, 4H) += h_{t-1} (B, H) · W_hhᵀ, then the gate nonlinearities and the state update
    if (usePanels) k.gemmRowsPanels32(B, G, H, prevH, H, 1, panels, z, G, 1);
    else k.gemm(B, G, H, prevH, H, 1, wHhT, ldT, z, G, 1);
    k.lstmCellForward(
      B,
      H,
      z,
      prevC,
      prevH,
      prevC + BH * 4,
      prevH + BH * 4,
      tanhCells.byteOffset + t * BH * 4,
      lengths,
      t,
    );
    const clamp = p.clamp;
    if (clamp?.signal === 'c')
      clampCellStep(clamp, B, H, t, p.lengths, gates, t * B * G, cells, tanhCells, t * BH, hidden, (t + 1) * BH);
    else if (clamp) clampHiddenStep(clamp, B, H, t, p.lengths, hidden, (t + 1) * BH);
  }
}

// dOutputs (T, B, H), dh_T and dc_T (B, H) → dz (T, B, 4H), dW_ih (4H, D), dW_hh (4H, H), db (4H) +=, dX (T, B, D).
// Returns the buffer that holds dh0 at the end (dh or dhPrev, they swap every step).
export function lstmBackwardWasm(
  ws: LstmWasmWorkspace,
  p: LstmBackwardBuffers,
): { dh: FloatArray; dhPrev: FloatArray } {
  if (p.projection) return lstmBackwardProjectedWasm(ws, p, p.projection);
  const k = ws.wasm.exports;
  const { B, T, D, H, gates, cells, hidden, tanhCells, dz, dc } = p;
  const G = 4 * H;
  const BH = B * H;
  ws.weightIh.set(p.weightIh.subarray(0, G * D));
  ws.weightHh.set(p.weightHh.subarray(0, G * H));
  const lengthsPointer = ws.lengthsPointer(p.lengths, B);
  const lengths = p.lengths;
  const dOutputs = p.dOutputs ? ws.inArena(p.dOutputs as Float32Array, T * BH, 'outputGradCopy') : null;
  let dh = p.dh;
  let dhPrev = p.dhPrev;
  const wHh = ws.weightHh.byteOffset;
  for (let t = T - 1; t >= 0; t--) {
    const z = dz.byteOffset + t * B * G * 4;
    const dOut = dOutputs ? dOutputs.byteOffset + t * BH * 4 : 0;
    k.lstmCellBackward(
      B,
      H,
      gates.byteOffset + t * B * G * 4,
      cells.byteOffset + t * BH * 4,
      tanhCells.byteOffset + t * BH * 4,
      dh.byteOffset,
      dOut,
      dc.byteOffset,
      z,
      lengthsPointer,
      t,
    );
    // dh_{t-1} (B, H) = dz_t (B, 4H) · W_hh (4H, H), plus the carried dh of sequences padded at t.
    k.gemm(B, H, G, z, G, 1, wHh, H, dhPrev.byteOffset, H, 0);
    if (lengths !== null) {
      for (let b = 0; b < B; b++) {
        if (t >= lengths[b]) for (let j = b * H; j < (b + 1) * H; j++) dhPrev[j] += dh[j];
      }
    }
    const swap = dh;
    dh = dhPrev;
    dhPrev = swap;
  }
  // Weight gradients of all steps at once: dW_ih (4H, D) = dzᵀ (4H, T·B) · x (T·B, D);
  // dW_hh (4H, H) = dzᵀ · h_{t-1} (T·B, H) — hidden slots 0…T-1 are exactly the h_{t-1}.
  // With an embedded input, dW_ih and the table's gradient come from the gate gradients summed per token.
  const rows = T * B;
  if (p.embedded) {
    ws.embedded ??= new EmbeddedInputWorkspace(ws.wasm);
    ws.embedded.inputGradients(p.embedded, rows, D, G, dz as Float32Array, ws.weightIh, ws.gradIh);
  } else k.gemm(G, D, rows, dz.byteOffset, 1, G, p.x.byteOffset, D, ws.gradIh.byteOffset, D, 0);
  k.gemm(G, H, rows, dz.byteOffset, 1, G, hidden.byteOffset, H, ws.gradHh.byteOffset, H, 0);
  addInto(ws.gradIh, p.gradIh, G * D);
  addInto(ws.gradHh, p.gradHh, G * H);
  k.columnSums(rows, G, dz.byteOffset, ws.biasSums.byteOffset);
  for (let n = 0; n < G; n++) {
    p.gradBiasIh[n] += ws.biasSums[n];
    p.gradBiasHh[n] += ws.biasSums[n];
  }
  // dX (T·B, D) = dz (T·B, 4H) · W_ih (4H, D)
  if (p.dInput && !p.embedded) {
    const dInput = ws.inArena(p.dInput as Float32Array, rows * D, 'inputGradCopy', false);
    k.gemm(rows, D, G, dz.byteOffset, G, 1, ws.weightIh.byteOffset, D, dInput.byteOffset, D, 0);
    if (dInput !== p.dInput) p.dInput.set(dInput.subarray(0, rows * D));
  }
  return { dh, dhPrev };
}

// x (T, B, D) → gates (T, B, 4H), cells (T+1, B, H), m (T+1, B, H), hidden (T+1, B, P), tanhCells (T, B, H) of a
// projected layer: the cell kernel writes m_t = o_t ⊙ tanh(c_t) where the unprojected layer writes h_t, then
// h_t (B, P) = m_t (B, H) · W_hrᵀ, one small product per step
function lstmForwardProjectedWasm(
  ws: LstmWasmWorkspace,
  p: LstmForwardBuffers,
  projection: LstmProjectionForward,
): void {
  const k = ws.wasm.exports;
  const { B, T, D, H, gates, cells, hidden, tanhCells } = p;
  const { P, unprojected } = projection;
  const G = 4 * H;
  const BH = B * H;
  const BP = B * P;
  const usePanels = B < 4 && G % 32 === 0;
  const ldT = ws.transposedStride;
  const weightHrT = ws.weightHrT!;
  transposeInto(ws.wasm, p.weightIh, G, D, ws.weightIhT, ldT);
  if (!usePanels) transposeInto(ws.wasm, p.weightHh, G, P, ws.weightHhT, ldT);
  transposeInto(ws.wasm, projection.weightHr, P, H, weightHrT, P);
  for (let r = 0; r < T * B; r++) gates.set(p.bias, r * G);
  k.gemm(T * B, G, D, p.x.byteOffset, D, 1, ws.weightIhT.byteOffset, ldT, gates.byteOffset, G, 1);
  // m slot 0 is never an m_t, but the cell kernel carries it into a sequence padded from step 0: keep it finite.
  unprojected.fill(0, 0, BH);
  const lengths = ws.lengthsPointer(p.lengths, B);
  const wHhT = ws.weightHhT.byteOffset;
  const panels = usePanels ? packPanels32(ws, p.weightHh, G, P) : 0;
  for (let t = 0; t < T; t++) {
    const z = gates.byteOffset + t * B * G * 4;
    const prevH = hidden.byteOffset + t * BP * 4;
    const prevC = cells.byteOffset + t * BH * 4;
    const prevM = unprojected.byteOffset + t * BH * 4;
    // z_t (B, 4H) += h_{t-1} (B, P) · W_hhᵀ, then the gate nonlinearities and the state update into c_t, m_t
    if (usePanels) k.gemmRowsPanels32(B, G, P, prevH, P, 1, panels, z, G, 1);
    else k.gemm(B, G, P, prevH, P, 1, wHhT, ldT, z, G, 1);
    k.lstmCellForward(
      B,
      H,
      z,
      prevC,
      prevM,
      prevC + BH * 4,
      prevM + BH * 4,
      tanhCells.byteOffset + t * BH * 4,
      lengths,
      t,
    );
    const clamp = p.clamp;
    if (clamp?.signal === 'c')
      clampCellStep(clamp, B, H, t, p.lengths, gates, t * B * G, cells, tanhCells, t * BH, unprojected, (t + 1) * BH);
    // h_t (B, P) = m_t (B, H) · W_hrᵀ, then padded sequences carry h_{t-1}
    k.gemm(B, P, H, prevM + BH * 4, H, 1, weightHrT.byteOffset, P, prevH + BP * 4, P, 0);
    if (p.lengths !== null) carryPaddedRows(hidden, t * BP, (t + 1) * BP, p.lengths, t, B, P);
    if (clamp?.signal === 'h') clampHiddenStep(clamp, B, P, t, p.lengths, hidden, (t + 1) * BP);
  }
}

// dOutputs (T, B, P), dh_T (B, P) and dc_T (B, H) → dz (T, B, 4H), dh_t (T, B, P), dW_ih (4H, D), dW_hh (4H, P),
// dW_hr (P, H), db (4H) +=, dX (T, B, D) of a projected layer. Per step: dm_t (B, H) = dh_t · W_hr, the cell
// kernel on dm_t, dh_{t-1} = dz_t · W_hh; dW_hr of all steps in one product after the loop.
function lstmBackwardProjectedWasm(
  ws: LstmWasmWorkspace,
  p: LstmBackwardBuffers,
  projection: LstmProjectionBackward,
): { dh: FloatArray; dhPrev: FloatArray } {
  const k = ws.wasm.exports;
  const { B, T, D, H, gates, cells, hidden, tanhCells, dz, dc } = p;
  const { P, unprojected, dUnprojected: dm, dProjected } = projection;
  const G = 4 * H;
  const BH = B * H;
  const BP = B * P;
  const weightHr = ws.weightHr!;
  const gradHr = ws.gradHr!;
  ws.weightIh.set(p.weightIh.subarray(0, G * D));
  ws.weightHh.set(p.weightHh.subarray(0, G * P));
  weightHr.set(projection.weightHr.subarray(0, P * H));
  const lengthsPointer = ws.lengthsPointer(p.lengths, B);
  const lengths = p.lengths;
  const dOutputs = p.dOutputs ? ws.inArena(p.dOutputs as Float32Array, T * BP, 'outputGradCopy') : null;
  let dh = p.dh;
  let dhPrev = p.dhPrev;
  const wHh = ws.weightHh.byteOffset;
  for (let t = T - 1; t >= 0; t--) {
    const z = dz.byteOffset + t * B * G * 4;
    if (dOutputs) for (let n = 0, o = t * BP; n < BP; n++) dh[n] += dOutputs[o + n];
    // dLoss/dh_t, kept for dW_hr (zero where the step is padding: its h is not W_hr·m_t)
    dProjected.set(dh.subarray(0, BP), t * BP);
    if (lengths !== null) zeroPaddedRows(dProjected, t * BP, lengths, t, B, P);
    // dm_t (B, H) = dh_t (B, P) · W_hr (P, H)
    k.gemm(B, H, P, dh.byteOffset, P, 1, weightHr.byteOffset, H, dm.byteOffset, H, 0);
    k.lstmCellBackward(
      B,
      H,
      gates.byteOffset + t * B * G * 4,
      cells.byteOffset + t * BH * 4,
      tanhCells.byteOffset + t * BH * 4,
      dm.byteOffset,
      0,
      dc.byteOffset,
      z,
      lengthsPointer,
      t,
    );
    // dh_{t-1} (B, P) = dz_t (B, 4H) · W_hh (4H, P), plus the carried dh of sequences padded at t.
    k.gemm(B, P, G, z, G, 1, wHh, P, dhPrev.byteOffset, P, 0);
    if (lengths !== null) {
      for (let b = 0; b < B; b++) {
        if (t >= lengths[b]) for (let j = b * P; j < (b + 1) * P; j++) dhPrev[j] += dh[j];
      }
    }
    const swap = dh;
    dh = dhPrev;
    dhPrev = swap;
  }
  // dW_ih (4H, D) = dzᵀ · x; dW_hh (4H, P) = dzᵀ · h_{t-1} (hidden slots 0…T-1); dW_hr (P, H) = dhᵀ (P, T·B) · m
  // (T·B, H) (m slots 1…T)
  const rows = T * B;
  k.gemm(G, D, rows, dz.byteOffset, 1, G, p.x.byteOffset, D, ws.gradIh.byteOffset, D, 0);
  k.gemm(G, P, rows, dz.byteOffset, 1, G, hidden.byteOffset, P, ws.gradHh.byteOffset, P, 0);
  k.gemm(P, H, rows, dProjected.byteOffset, 1, P, unprojected.byteOffset + BH * 4, H, gradHr.byteOffset, H, 0);
  addInto(ws.gradIh, p.gradIh, G * D);
  addInto(ws.gradHh, p.gradHh, G * P);
  addInto(gradHr, projection.gradHr, P * H);
  k.columnSums(rows, G, dz.byteOffset, ws.biasSums.byteOffset);
  for (let n = 0; n < G; n++) {
    p.gradBiasIh[n] += ws.biasSums[n];
    p.gradBiasHh[n] += ws.biasSums[n];
  }
  if (p.dInput) {
    const dInput = ws.inArena(p.dInput as Float32Array, rows * D, 'inputGradCopy', false);
    k.gemm(rows, D, G, dz.byteOffset, G, 1, ws.weightIh.byteOffset, D, dInput.byteOffset, D, 0);
    if (dInput !== p.dInput) p.dInput.set(dInput.subarray(0, rows * D));
  }
  return { dh, dhPrev };
}

function addInto(from: Float32Array, to: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) to[i] += from[i];
}
