/**
 * Attention's per-(t, b, s) work on the WebAssembly kernels (assembly/attention.ts), behind the `Kernels`
 * attention methods of wasm-kernels.ts. Workspaces from `ensure` are arena views and are passed in place;
 * an operand on the JavaScript heap (a test's input, the decoder's copied memory at inference) is copied
 * into arena scratch first, and an output there is copied back after the call.
 */

import type { FloatArray } from '../tensor';
import type { WasmKernels } from './backend';
import { jsKernels } from './js-kernels';
import type { AttentionGeometry } from './kernels';

/** How an operand travels: read by the kernel, written by it, or both. */
type Role = 'in' | 'out' | 'inout';

interface Operand {
  array: FloatArray;
  length: number;
  role: Role;
}

/** Arena scratch for heap operands, one slot per operand position of a call (so no call reuses a slot). */
class ArenaStaging {
  private readonly floats: (Float32Array | null)[] = [];
  private lengths: Int32Array | null = null;

  constructor(readonly wasm: WasmKernels) {}

  /** Byte address of each operand in the arena (the array itself when the arena owns it). */
  place(operands: Operand[]): number[] {
    return operands.map((op, slot) => {
      const array = op.array as Float32Array;
      if (this.wasm.arena.owns(array)) return array.byteOffset;
      const copy = this.slot(slot, op.length);
      if (op.role !== 'out') copy.set(array.subarray(0, op.length));
      return copy.byteOffset;
    });
  }

  /** Copies every written operand that does not live in the arena back from its scratch slot. */
  copyBack(operands: Operand[]): void {
    operands.forEach((op, slot) => {
      if (op.role === 'in' || this.wasm.arena.owns(op.array)) return;
      op.array.set(this.floats[slot]!.subarray(0, op.length));
    });
  }

  /** Byte address of the lengths `[B]` in the arena, or 0 for "every source is Tm long". */
  lengthsPointer(lengths: Int32Array | null, B: number): number {
    if (lengths === null) return 0;
    if (this.lengths === null || this.lengths.length < B || !this.wasm.arena.owns(this.lengths)) {
      if (this.lengths) this.wasm.arena.release(this.lengths);
      this.lengths = this.wasm.arena.int32(Math.max(B, 64));
    }
    this.lengths.set(lengths.subarray(0, B));
    return this.lengths.byteOffset;
  }

  private slot(slot: number, length: number): Float32Array {
    let buffer = this.floats[slot] ?? null;
    if (buffer === null || buffer.length < length || !this.wasm.arena.owns(buffer)) {
      if (buffer !== null) this.wasm.arena.release(buffer);
      buffer = this.floats[slot] = this.wasm.arena.float32(Math.max(length, 1024));
    }
    return buffer;
  }
}

const allFloat32 = (operands: Operand[]): boolean => operands.every((op) => op.array instanceof Float32Array);

/** The attention methods of the WebAssembly kernel set; heap operands of another type run the TypeScript loops. */
export class AttentionWasm {
  private readonly staging: ArenaStaging;

  constructor(readonly wasm: WasmKernels) {
    this.staging = new ArenaStaging(wasm);
  }

  // scores (Tq, B, Tm) ← query (Tq, B, H) · keys (Tm, B, H)
  scores(g: AttentionGeometry, H: number, query: FloatArray, keys: FloatArray, scores: FloatArray): void {
    const { Tq, Tm, B } = g;
    const ops: Operand[] = [
      { array: query, length: Tq * B * H, role: 'in' },
      { array: keys, length: Tm * B * H, role: 'in' },
      { array: scores, length: Tq * B * Tm, role: 'inout' },
    ];
    if (!allFloat32(ops)) return jsKernels.float32.attentionScores(g, H, query, keys, scores);
    const [q, k, e] = this.staging.place(ops);
    this.wasm.exports.attentionScores(Tq, Tm, B, H, q, k, this.staging.lengthsPointer(g.lengths, B), e);
    this.staging.copyBack(ops);
  }

  // weights (Tq, B, Tm) ← softmax in place; joined (Tq, B, Hm + Hq) ← [Σ_s a_s m_s ; query]
  softmaxContext(
    g: AttentionGeometry,
    Hm: number,
    Hq: number,
    weights: FloatArray,
    memory: FloatArray,
    query: FloatArray,
    joined: FloatArray,
  ): void {
    const { Tq, Tm, B } = g;
    const ops: Operand[] = [
      { array: weights, length: Tq * B * Tm, role: 'inout' },
      { array: memory, length: Tm * B * Hm, role: 'in' },
      { array: query, length: Tq * B * Hq, role: 'in' },
      { array: joined, length: Tq * B * (Hm + Hq), role: 'out' },
    ];
    if (!allFloat32(ops)) return jsKernels.float32.attentionSoftmaxContext(g, Hm, Hq, weights, memory, query, joined);
    const [a, m, q, out] = this.staging.place(ops);
    this.wasm.exports.attentionSoftmaxContext(
      Tq,
      Tm,
      B,
      Hm,
      Hq,
      a,
      m,
      q,
      this.staging.lengthsPointer(g.lengths, B),
      out,
    );
    this.staging.copyBack(ops);
  }

  // dJoined → dQuery, dMemory (overwritten), dScores
  contextBackward(
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
    const { Tq, Tm, B } = g;
    const ops: Operand[] = [
      { array: weights, length: Tq * B * Tm, role: 'in' },
      { array: memory, length: Tm * B * Hm, role: 'in' },
      { array: dJoined, length: Tq * B * (Hm + Hq), role: 'in' },
      { array: dQuery, length: Tq * B * Hq, role: 'out' },
      { array: dMemory, length: Tm * B * Hm, role: 'out' },
      { array: dScores, length: Tq * B * Tm, role: 'out' },
    ];
    if (!allFloat32(ops))
      return jsKernels.float32.attentionContextBackward(g, Hm, Hq, weights, memory, dJoined, dQuery, dMemory, dScores);
    const [a, m, dj, dq, dm, de] = this.staging.place(ops);
    const lengths = this.staging.lengthsPointer(g.lengths, B);
    this.wasm.exports.attentionContextBackward(Tq, Tm, B, Hm, Hq, a, m, dj, lengths, dq, dm, de);
    this.staging.copyBack(ops);
  }

  // dQuery += Σ_s de keys_s; dKeys += Σ_t de query_t
  scoresBackward(
    g: AttentionGeometry,
    H: number,
    dScores: FloatArray,
    query: FloatArray,
    keys: FloatArray,
    dQuery: FloatArray,
    dKeys: FloatArray,
  ): void {
    const { Tq, Tm, B } = g;
    const ops: Operand[] = [
      { array: dScores, length: Tq * B * Tm, role: 'in' },
      { array: query, length: Tq * B * H, role: 'in' },
      { array: keys, length: Tm * B * H, role: 'in' },
      { array: dQuery, length: Tq * B * H, role: 'inout' },
      { array: dKeys, length: Tm * B * H, role: 'inout' },
    ];
    if (!allFloat32(ops)) return jsKernels.float32.attentionScoresBackward(g, H, dScores, query, keys, dQuery, dKeys);
    const [de, q, k, dq, dk] = this.staging.place(ops);
    this.wasm.exports.attentionScoresBackward(
      Tq,
      Tm,
      B,
      H,
      de,
      q,
      k,
      this.staging.lengthsPointer(g.lengths, B),
      dq,
      dk,
    );
    this.staging.copyBack(ops);
  }

  // x (n) ← tanh(x)
  tanhInPlace(n: number, x: FloatArray): void {
    const ops: Operand[] = [{ array: x, length: n, role: 'inout' }];
    if (!allFloat32(ops)) return jsKernels.float32.tanhInPlace(n, x);
    const [p] = this.staging.place(ops);
    this.wasm.exports.tanhArray(n, p, p);
    this.staging.copyBack(ops);
  }

  // dx (n) = dy ⊙ (1 − y²)
  tanhBackward(n: number, dy: FloatArray, y: FloatArray, dx: FloatArray): void {
    const ops: Operand[] = [
      { array: dy, length: n, role: 'in' },
      { array: y, length: n, role: 'in' },
      { array: dx, length: n, role: 'out' },
    ];
    if (!allFloat32(ops)) return jsKernels.float32.tanhBackward(n, dy, y, dx);
    const [pdy, py, pdx] = this.staging.place(ops);
    this.wasm.exports.tanhBackward(n, pdy, py, pdx);
    this.staging.copyBack(ops);
  }
}
