/**
 * The input side of an LSTM layer that reads an embedding directly, on the WebAssembly kernels (see
 * `EmbeddedInput` in kernels.ts): x[r] = table[ids[r]], so x · W_ihᵀ is a row of table · W_ihᵀ (V rows
 * instead of T·B), and the products of backward's input side group the gate gradients by token first.
 *
 * Forward gives the same bits as the product over the T·B rows when D ≤ the gemm's K block (128): each
 * element of table · W_ihᵀ is the same sequential sum the row product computes, and the bias is added to it
 * once either way. Backward sums the same terms in another order (per token, then over tokens).
 */

import type { FloatArray } from '../tensor';
import type { WasmKernels } from './backend';
import type { EmbeddedInput } from './kernels';

/** Arena buffers of the embedded input path, grown on demand and reused. */
export class EmbeddedInputWorkspace {
  private ids: Int32Array | null = null;
  private table: Float32Array | null = null;
  private bias: Float32Array | null = null;
  /** table · W_ihᵀ `[V, 4H]` (forward), then the per-token gate gradients `[V, 4H]` (backward). */
  private tokenRows: Float32Array | null = null;
  private tableGrad: Float32Array | null = null;

  constructor(readonly wasm: WasmKernels) {}

  // gates (T·B, 4H) ← bias (4H) + (table (V, D) · W_ihᵀ)[ids[r]], with W_ihᵀ staged `[D, 4H]` rows ldT apart
  project(
    e: EmbeddedInput,
    rows: number,
    D: number,
    G: number,
    weightIhT: Float32Array,
    ldT: number,
    bias: FloatArray,
    gates: Float32Array,
  ): void {
    const k = this.wasm.exports;
    const V = e.vocabSize;
    const ids = this.stageIds(e.ids, rows);
    const table = (this.table = this.wasm.arena.ensureFloat32(this.table, V * D));
    table.set(e.table.subarray(0, V * D));
    const staged = (this.bias = this.wasm.arena.ensureFloat32(this.bias, G));
    staged.set(bias.subarray(0, G));
    const projected = (this.tokenRows = this.wasm.arena.ensureFloat32(this.tokenRows, V * G));
    k.gemm(V, G, D, table.byteOffset, D, 1, weightIhT.byteOffset, ldT, projected.byteOffset, G, 0);
    k.gatherRowsPlusBias(rows, G, ids, projected.byteOffset, staged.byteOffset, gates.byteOffset);
  }

  // dz (T·B, 4H) → tokenGrads (V, 4H) = Σ_{r: ids[r] = v} dz_r; gradIh (4H, D) = tokenGradsᵀ · table;
  // e.tableGrad (V, D) += tokenGrads · W_ih (4H, D), the padding row excepted
  inputGradients(
    e: EmbeddedInput,
    rows: number,
    D: number,
    G: number,
    dz: Float32Array,
    weightIh: Float32Array,
    gradIh: Float32Array,
  ): void {
    const k = this.wasm.exports;
    const V = e.vocabSize;
    const ids = this.stageIds(e.ids, rows);
    const table = (this.table = this.wasm.arena.ensureFloat32(this.table, V * D));
    table.set(e.table.subarray(0, V * D));
    const tokenGrads = (this.tokenRows = this.wasm.arena.ensureFloat32(this.tokenRows, V * G));
    k.scatterRowsSum(rows, G, V, ids, dz.byteOffset, tokenGrads.byteOffset);
    k.gemm(G, D, V, tokenGrads.byteOffset, 1, G, table.byteOffset, D, gradIh.byteOffset, D, 0);
    const tableGrad = (this.tableGrad = this.wasm.arena.ensureFloat32(this.tableGrad, V * D));
    k.gemm(V, D, G, tokenGrads.byteOffset, G, 1, weightIh.byteOffset, D, tableGrad.byteOffset, D, 0);
    addRowsExcept(tableGrad, e.tableGrad, V, D, e.paddingIdx);
  }

  // ids (rows) into the arena; returns their byte address
  private stageIds(ids: Int32Array, rows: number): number {
    if (this.ids === null || this.ids.length < rows || !this.wasm.arena.owns(this.ids)) {
      if (this.ids) this.wasm.arena.release(this.ids);
      this.ids = this.wasm.arena.int32(Math.max(rows, 256));
    }
    this.ids.set(ids.subarray(0, rows));
    return this.ids.byteOffset;
  }
}

// to (V, D) += from (V, D), except row `skip` (the embedding's padding row gets no gradient)
function addRowsExcept(from: Float32Array, to: FloatArray, V: number, D: number, skip: number): void {
  for (let v = 0; v < V; v++) {
    if (v === skip) continue;
    for (let j = v * D; j < (v + 1) * D; j++) to[j] += from[j];
  }
}
