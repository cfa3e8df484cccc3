import { describe, expect, it } from 'vitest';
import { ExampleOrder } from '../../../src/data/example-order';
import { Random } from '../../../src/engine/random';

const drain = (order: ExampleOrder, batchSize: number): number[][] => {
  const batches: number[][] = [];
  for (let b = order.next(batchSize); b; b = order.next(batchSize)) batches.push(Array.from(b));
  return batches;
};

describe('ExampleOrder', () => {
  it('hands out every item once per epoch, batchSize at a time, the last batch short', () => {
    const order = new ExampleOrder([10, 11, 12, 13, 14], new Random(3));
    const batches = drain(order, 2);
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(batches.flat().sort()).toEqual([10, 11, 12, 13, 14]);
    expect(order.next(2)).toBeNull();
  });

  it("draws an epoch's order from the generator's state alone, whatever epochs came before (exact resume)", () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const random = new Random(7);
    const trained = new ExampleOrder(items, random);
    trained.startEpoch();
    drain(trained, 8);
    trained.startEpoch();
    drain(trained, 8);
    // A resumed run: a fresh order, the generator rewound to the third epoch's start.
    const atThirdEpoch = random.getState();
    trained.startEpoch();
    const third = drain(trained, 8);
    const resumedRandom = new Random(1);
    resumedRandom.setState(atThirdEpoch);
    const resumed = new ExampleOrder(items, resumedRandom);
    resumed.startEpoch();
    expect(drain(resumed, 8)).toEqual(third);
  });

  it('begins the first epoch on the first batch if no one began it', () => {
    const a = new ExampleOrder([1, 2, 3, 4], new Random(5));
    const b = new ExampleOrder([1, 2, 3, 4], new Random(5));
    b.startEpoch();
    expect(drain(a, 3)).toEqual(drain(b, 3));
  });
});
