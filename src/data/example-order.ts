/**
 * The order a training batcher visits its examples (or window starts) in. Each epoch shuffles the
 * *unshuffled* order afresh, so an epoch's order depends only on the data generator's state when it
 * began — the state a resumed run rewinds to (src/train/epoch-order.ts) to replay the same batches.
 * Shuffling last epoch's order instead would make epoch e depend on epochs 1 … e−1, which a resume
 * cannot replay. Batches are views of the order (no allocation per batch).
 */

import type { Random } from '../engine/random';

export class ExampleOrder {
  /** Items per epoch. */
  readonly length: number;
  private readonly unshuffled: Int32Array;
  private readonly order: Int32Array;
  /** Next item to hand out; −1 before the first epoch. */
  private position = -1;

  constructor(
    items: ArrayLike<number>,
    private readonly random: Random,
  ) {
    this.unshuffled = Int32Array.from(items);
    this.order = Int32Array.from(items);
    this.length = this.order.length;
  }

  /** Begins an epoch: the unshuffled order, shuffled by the generator. */
  startEpoch(): void {
    this.order.set(this.unshuffled);
    this.random.shuffle(this.order);
    this.position = 0;
  }

  /**
   * The epoch's next (at most) `count` items, a view valid until the next epoch begins; null once the
   * epoch is over. The first call begins the first epoch if no one has.
   */
  next(count: number): Int32Array | null {
    if (this.position < 0) this.startEpoch();
    if (this.position >= this.length) return null;
    const taken = this.order.subarray(this.position, Math.min(this.length, this.position + count));
    this.position += taken.length;
    return taken;
  }
}
