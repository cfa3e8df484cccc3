/**
 * The arena: the engine's float32 workspaces as views into one WebAssembly memory, so the WebAssembly
 * kernels read and write them in place (a kernel takes byte offsets, never copies).
 *
 * The memory is *shared* (a SharedArrayBuffer underneath): growing a shared memory never detaches the
 * views made before, so a workspace handed out once stays valid for its whole life however much the arena
 * grows later — and the same memory can later be given to worker threads for data-parallel training.
 * Each growth makes `memory.buffer` a new SharedArrayBuffer object over the same bytes, so ownership is
 * checked against every buffer object seen so far.
 *
 * Allocation is first-fit over a sorted free list with coalescing, in 64-byte (cache-line) units. It is
 * only called when a workspace first appears or grows, never inside a training step. A block is freed
 * explicitly when `ensureFloat32` replaces it with a larger one, or when its view is garbage-collected
 * (a FinalizationRegistry), so models that come and go do not leak arena memory. Consequence: a
 * `subarray` of a workspace is valid only while the workspace itself is alive — the engine keeps every
 * such view next to the workspace it came from.
 */

const ALIGN = 64;
const PAGE = 65536;

interface Block {
  offset: number;
  size: number;
}

export class Arena {
  private readonly buffers = new Set<ArrayBufferLike>();
  /** Free blocks, sorted by offset, never adjacent (adjacent ones are merged). */
  private readonly freeBlocks: Block[] = [];
  private readonly sizes = new Map<number, number>();
  private readonly finalizer = new FinalizationRegistry<number>((offset) => this.releaseOffset(offset));
  private top: number;
  /** Bytes handed out and not yet freed. */
  usedBytes = 0;

  constructor(
    readonly memory: WebAssembly.Memory,
    base: number,
  ) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
    this.buffers.add(memory.buffer);
  }

  /** True when `array` is a view into this arena's memory. */
  owns(array: ArrayBufferView): boolean {
    return this.buffers.has(array.buffer);
  }

  /** A zeroed float32 workspace of `length` elements. */
  float32(length: number): Float32Array {
    const bytes = Math.max(ALIGN, Math.ceil((length * 4) / ALIGN) * ALIGN);
    const offset = this.allocate(bytes);
    const view = new Float32Array(this.currentBuffer(), offset, length);
    view.fill(0);
    this.finalizer.register(view, offset, view);
    return view;
  }

  /** An int32 workspace of `length` elements (not zeroed). */
  int32(length: number): Int32Array {
    const bytes = Math.max(ALIGN, Math.ceil((length * 4) / ALIGN) * ALIGN);
    const offset = this.allocate(bytes);
    const view = new Int32Array(this.currentBuffer(), offset, length);
    this.finalizer.register(view, offset, view);
    return view;
  }

  /** A float64 workspace of `length` elements (not zeroed). */
  float64(length: number): Float64Array {
    const bytes = Math.max(ALIGN, Math.ceil((length * 8) / ALIGN) * ALIGN);
    const offset = this.allocate(bytes);
    const view = new Float64Array(this.currentBuffer(), offset, length);
    this.finalizer.register(view, offset, view);
    return view;
  }

  /**
   * `buffer` when it is a float32 view of this arena holding `length` elements, else a new zeroed one half
   * as large again (the old one, if this arena's, is released: no view of it may be kept).
   */
  ensureFloat32(buffer: Float32Array | Float64Array | null, length: number): Float32Array {
    if (buffer instanceof Float32Array && buffer.length >= length && this.owns(buffer)) return buffer;
    const grown = Math.max(length, buffer ? Math.ceil(buffer.length * 1.5) : 0);
    if (buffer !== null) this.release(buffer);
    return this.float32(grown);
  }

  /** Returns a workspace made by this arena to the free list; the view must not be used afterwards. */
  release(view: ArrayBufferView): void {
    if (!this.owns(view)) return;
    this.finalizer.unregister(view);
    this.releaseOffset(view.byteOffset);
  }

  private currentBuffer(): ArrayBufferLike {
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    return buffer;
  }

  private allocate(bytes: number): number {
    const blocks = this.freeBlocks;
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i];
      if (block.size < bytes) continue;
      const offset = block.offset;
      if (block.size === bytes) blocks.splice(i, 1);
      else {
        block.offset += bytes;
        block.size -= bytes;
      }
      return this.handOut(offset, bytes);
    }
    const offset = this.top;
    const end = offset + bytes;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      // Grow by at least a quarter of the current size, so a growing model does not grow page by page.
      const pages = Math.max(Math.ceil((end - have) / PAGE), Math.ceil(have / PAGE / 4));
      try {
        this.memory.grow(pages);
      } catch {
        this.memory.grow(Math.ceil((end - have) / PAGE)); // throws RangeError when even that cannot be had
      }
    }
    this.top = end;
    return this.handOut(offset, bytes);
  }

  private handOut(offset: number, bytes: number): number {
    this.sizes.set(offset, bytes);
    this.usedBytes += bytes;
    return offset;
  }

  private releaseOffset(offset: number): void {
    const size = this.sizes.get(offset);
    if (size === undefined) return;
    this.sizes.delete(offset);
    this.usedBytes -= size;
    const blocks = this.freeBlocks;
    let i = 0;
    while (i < blocks.length && blocks[i].offset < offset) i++;
    blocks.splice(i, 0, { offset, size });
    // merge with the next block, then with the previous one
    if (i + 1 < blocks.length && offset + size === blocks[i + 1].offset) {
      blocks[i].size += blocks[i + 1].size;
      blocks.splice(i + 1, 1);
    }
    if (i > 0 && blocks[i - 1].offset + blocks[i - 1].size === offset) {
      blocks[i - 1].size += blocks[i].size;
      blocks.splice(i, 1);
      i--;
    }
    // a free block at the very top goes back to the unallocated region
    const last = blocks[blocks.length - 1];
    if (last && last.offset + last.size === this.top) {
      this.top = last.offset;
      blocks.pop();
    }
  }
}
