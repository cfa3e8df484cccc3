/**
 * Append-only typed arrays that double when full: columns of a table streamed row by row, whose length
 * is known only at the end. `toArray` gives a trimmed copy, so the slack is freed with the builder.
 */

type TypedArray = Float64Array | Float32Array | Int32Array;

abstract class Growable<A extends TypedArray> {
  protected data: A;
  private size = 0;

  constructor(capacity: number) {
    this.data = this.allocate(Math.max(16, capacity));
  }

  protected abstract allocate(length: number): A;

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const grown = this.allocate(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size++] = value;
  }

  at(index: number): number {
    return this.data[index];
  }

  /** The values pushed so far, without spare capacity (a view: valid until the next push). */
  view(): A {
    return this.data.subarray(0, this.size) as A;
  }

  /** The values pushed so far, as an array of their own. */
  toArray(): A {
    return this.data.slice(0, this.size) as A;
  }
}

export class GrowableFloat64 extends Growable<Float64Array> {
  constructor(capacity = 1024) {
    super(capacity);
  }
  protected allocate(length: number): Float64Array {
    return new Float64Array(length);
  }
}

export class GrowableInt32 extends Growable<Int32Array> {
  constructor(capacity = 1024) {
    super(capacity);
  }
  protected allocate(length: number): Int32Array {
    return new Int32Array(length);
  }
}
