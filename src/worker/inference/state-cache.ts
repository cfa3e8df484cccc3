/**
 * The Evaluate view's cache of recurrent states (`CachedStates`, evaluation-sessions.ts): every cached
 * address's `[T_s, width]` states of every sequence, as float16. Sequences are appended in order into
 * slices of `sliceBytes`; a sequence's block is address-major (address a's `[T_s, width_a]` rows, then the
 * next address's), so one address of one sequence is one contiguous range. Slices stay in memory up to
 * `memoryBudgetBytes`; past it each full slice is written to a file under the session's folder and read
 * back by range when asked. Past `diskBudgetBytes` on disk the cache stops taking sequences (`append`
 * answers false): only the first sequences are cached. Node only (files); runs in the inference worker.
 */

import { closeSync, mkdirSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StateAddress, StateLayer } from '../../protocol/evaluate-view';
import { decodeFloat16, encodeFloat16, encodeFloat32BitsAsFloat16 } from '../../inference/float16';
import type { CachedStates } from './evaluation-sessions';

/** States kept in memory (bytes of float16) before slices go to disk. */
export const MEMORY_BUDGET_BYTES = 256 * 1024 * 1024;
/** States kept on disk at most; past it only the first sequences are cached. */
export const DISK_BUDGET_BYTES = 2 * 1024 * 1024 * 1024;
/** Bytes of one slice (one file on disk). */
export const SLICE_BYTES = 32 * 1024 * 1024;

export interface StateCacheOptions {
  /** The session's own folder for slice files (created at the first spill, deleted on dispose). */
  dir: string;
  memoryBudgetBytes?: number;
  diskBudgetBytes?: number;
  sliceBytes?: number;
}

/**
 * Where one address's rows of a sequence are read from: step t's `width` values at `start + t·stride`
 * (a time-major `[T+1, B, W]` engine buffer: stride B·W; a backward direction walks it with a negative one).
 */
export interface StepRows {
  values: ArrayLike<number>;
  start: number;
  stride: number;
}

interface Slice {
  /** In memory (null once written to disk). */
  data: Uint16Array | null;
  /** Values used. */
  used: number;
  /** On disk: the file and its descriptor. */
  file: string | null;
  fd: number | null;
}

/** The key of an address, as the cache indexes them. */
export function addressKey(address: StateAddress): string {
  return `${address.layer}:${address.direction}:${address.signal}`;
}

export class StateCache implements CachedStates {
  private readonly layers: readonly StateLayer[];
  private readonly index = new Map<string, number>();
  /** Σ widths of the addresses before each one, and of all. */
  private readonly prefixWidth: number[];
  private readonly stepWidth: number;
  private readonly memoryBudget: number;
  private readonly diskBudget: number;
  private readonly sliceValues: number;
  private readonly slices: Slice[] = [];
  private sliceOf = new Int32Array(1024);
  private offsetOf = new Float64Array(1024);
  private lengthOf = new Int32Array(1024);
  private count = 0;
  private stepsTotal = 0;
  private readonly sums: Float64Array[];
  private inMemory = 0;
  private onDisk = 0;
  private full = false;
  private disposed = false;
  private madeDir = false;
  /** Scratch for reading a range back from disk. */
  private diskScratch = new Uint16Array(0);

  constructor(
    layers: readonly StateLayer[],
    private readonly options: StateCacheOptions,
  ) {
    this.layers = layers;
    this.prefixWidth = [];
    let width = 0;
    layers.forEach((layer, a) => {
      this.index.set(addressKey(layer), a);
      this.prefixWidth.push(width);
      width += layer.width;
    });
    this.stepWidth = width;
    this.memoryBudget = options.memoryBudgetBytes ?? MEMORY_BUDGET_BYTES;
    this.diskBudget = options.diskBudgetBytes ?? DISK_BUDGET_BYTES;
    this.sliceValues = Math.max(1, Math.floor((options.sliceBytes ?? SLICE_BYTES) / 2));
    this.sums = layers.map((layer) => new Float64Array(layer.width));
  }

  get sequences(): number {
    return this.count;
  }

  get totalSteps(): number {
    return this.stepsTotal;
  }

  /** True once a sequence was refused for the disk budget: later sequences are not cached. */
  get truncated(): boolean {
    return this.full;
  }

  get memoryBytes(): number {
    return this.inMemory;
  }

  get diskBytes(): number {
    return this.onDisk;
  }

  /** The cached addresses, in the cache's order. */
  addresses(): readonly StateLayer[] {
    return this.layers;
  }

  width(address: StateAddress): number {
    return this.layers[this.addressIndex(address)].width;
  }

  steps(sequence: number): number {
    this.checkSequence(sequence);
    return this.lengthOf[sequence];
  }

  /**
   * Appends the next sequence: `length` steps; per address a (in `layers` order) its rows from `rows[a]`.
   * False (and nothing stored) once the disk budget is spent: this and every later sequence stay uncached.
   */
  append(length: number, rows: readonly StepRows[]): boolean {
    if (this.disposed) throw new Error('the state cache was disposed');
    if (this.full) return false;
    const block = length * this.stepWidth;
    // A block lives in one slice: the current one when it fits, else a new one (as large as the block).
    let slice = this.slices[this.slices.length - 1];
    if (!slice || !slice.data || slice.used + block > slice.data.length) {
      if (slice?.data) this.seal(slice);
      // The disk budget counts what must spill: everything past the memory budget.
      const bytesAfter = this.inMemory + this.onDisk + 2 * Math.max(block, this.sliceValues);
      if (bytesAfter > this.memoryBudget + this.diskBudget) {
        this.full = true;
        return false;
      }
      slice = { data: new Uint16Array(Math.max(block, this.sliceValues)), used: 0, file: null, fd: null };
      this.slices.push(slice);
      this.inMemory += slice.data!.length * 2;
    }
    const start = slice.used;
    const data = slice.data!;
    this.layers.forEach((layer, a) => {
      const W = layer.width;
      const sums = this.sums[a];
      const { values, start: first, stride } = rows[a];
      const into = start + length * this.prefixWidth[a];
      // float32 states are encoded from their bits (one view per sequence, no per-value conversion).
      const bits =
        values instanceof Float32Array ? new Uint32Array(values.buffer, values.byteOffset, values.length) : null;
      for (let t = 0; t < length; t++) {
        const from = first + t * stride;
        if (bits) encodeFloat32BitsAsFloat16(bits, from, W, data, into + t * W);
        else encodeFloat16(values, from, W, data, into + t * W);
        for (let j = 0; j < W; j++) sums[j] += values[from + j];
      }
    });
    slice.used += block;
    this.grow(this.count + 1);
    this.sliceOf[this.count] = this.slices.length - 1;
    this.offsetOf[this.count] = start;
    this.lengthOf[this.count] = length;
    this.count++;
    this.stepsTotal += length;
    return true;
  }

  /** After the last append: the open slice is sealed (trimmed, and spilled when memory is over budget). */
  finish(): void {
    const last = this.slices[this.slices.length - 1];
    if (last?.data) this.seal(last);
  }

  read(address: StateAddress, sequence: number, out?: Float32Array): Float32Array {
    const bits = this.readBits(address, sequence);
    const n = bits.length;
    const target = out && out.length >= n ? out : new Float32Array(n);
    decodeFloat16(bits, 0, n, target);
    return target.subarray(0, n);
  }

  readBits(address: StateAddress, sequence: number): Uint16Array {
    const a = this.addressIndex(address);
    this.checkSequence(sequence);
    const length = this.lengthOf[sequence];
    const n = length * this.layers[a].width;
    const slice = this.slices[this.sliceOf[sequence]];
    const from = this.offsetOf[sequence] + length * this.prefixWidth[a];
    if (slice.data) return slice.data.subarray(from, from + n);
    if (this.diskScratch.length < n) this.diskScratch = new Uint16Array(n);
    const bytes = readSync(slice.fd!, this.diskScratch, 0, n * 2, from * 2);
    if (bytes !== n * 2) throw new Error(`a state slice on disk was cut short (${slice.file})`);
    return this.diskScratch.subarray(0, n);
  }

  unitMeans(address: StateAddress): Float32Array {
    const a = this.addressIndex(address);
    const steps = Math.max(1, this.stepsTotal);
    return Float32Array.from(this.sums[a], (sum) => sum / steps);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const slice of this.slices) {
      if (slice.fd !== null) closeSync(slice.fd);
      slice.fd = null;
      slice.data = null;
    }
    if (this.madeDir) rmSync(this.options.dir, { recursive: true, force: true });
    this.inMemory = 0;
    this.onDisk = 0;
  }

  /** A full (or the last) slice: trimmed to what it holds; written to disk when memory is over budget. */
  private seal(slice: Slice): void {
    const data = slice.data!;
    this.inMemory -= data.length * 2;
    const used = data.subarray(0, slice.used);
    if (this.inMemory + used.length * 2 <= this.memoryBudget) {
      slice.data = used.length === data.length ? data : used.slice();
      this.inMemory += used.length * 2;
      return;
    }
    if (!this.madeDir) {
      mkdirSync(this.options.dir, { recursive: true });
      this.madeDir = true;
    }
    const file = join(this.options.dir, `states-${this.slices.indexOf(slice)}.f16`);
    writeFileSync(file, new Uint8Array(used.buffer, used.byteOffset, used.byteLength));
    slice.file = file;
    slice.fd = openSync(file, 'r');
    slice.data = null;
    this.onDisk += used.length * 2;
  }

  private grow(n: number): void {
    if (n <= this.sliceOf.length) return;
    const size = Math.max(n, this.sliceOf.length * 2);
    const grow32 = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.sliceOf = grow32(this.sliceOf);
    this.lengthOf = grow32(this.lengthOf);
    const offsets = new Float64Array(size);
    offsets.set(this.offsetOf);
    this.offsetOf = offsets;
  }

  private addressIndex(address: StateAddress): number {
    const a = this.index.get(addressKey(address));
    if (a === undefined)
      throw new Error(`no states cached for layer ${address.layer + 1} (${address.direction}) ${address.signal}`);
    return a;
  }

  private checkSequence(sequence: number): void {
    if (!Number.isInteger(sequence) || sequence < 0 || sequence >= this.count)
      throw new Error(`sequence ${sequence} is not cached (0 … ${this.count - 1})`);
  }
}
