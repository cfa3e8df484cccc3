import { classBalance, stratifiedSplit, tailSplit } from '../../../src/data/split';

describe('tailSplit', () => {
  it('holds out the last fraction, keeping at least one training item', () => {
    expect(tailSplit(1000, 0.1)).toEqual({ train: 900, validation: 100 });
    expect(tailSplit(1000, 0.25)).toEqual({ train: 750, validation: 250 });
    expect(tailSplit(1000, 0)).toEqual({ train: 1000, validation: 0 });
    expect(tailSplit(1, 0.5)).toEqual({ train: 1, validation: 0 });
    expect(() => tailSplit(10, 1)).toThrow('validation fraction must be in [0, 1)');
  });
});

describe('stratifiedSplit', () => {
  // 700 of class 0, 250 of class 1, 49 of class 2, 1 of class 3, interleaved
  const labels = new Int32Array(1000);
  for (let i = 0; i < 1000; i++) labels[i] = i < 700 ? 0 : i < 950 ? 1 : i < 999 ? 2 : 3;
  const classes = ['a', 'b', 'c', 'd'];

  it('holds out the same share of every class; a single example stays in training', () => {
    const split = stratifiedSplit(labels, 4, 0.1, 42);
    expect(classBalance(labels, classes, split.validation).map((c) => c.count)).toEqual([70, 25, 5, 0]);
    expect(classBalance(labels, classes, split.train).map((c) => c.count)).toEqual([630, 225, 44, 1]);
    expect(split.train.length + split.validation.length).toBe(1000);
    expect(new Set([...split.train, ...split.validation]).size).toBe(1000);
  });

  it('is the same for the same seed and differs for another', () => {
    const a = stratifiedSplit(labels, 4, 0.1, 42);
    const b = stratifiedSplit(labels, 4, 0.1, 42);
    const c = stratifiedSplit(labels, 4, 0.1, 43);
    expect(Array.from(a.validation)).toEqual(Array.from(b.validation));
    expect(Array.from(a.validation)).not.toEqual(Array.from(c.validation));
  });

  it('respects another fraction', () => {
    const split = stratifiedSplit(labels, 4, 0.2, 1);
    expect(classBalance(labels, classes, split.validation).map((c) => c.count)).toEqual([140, 50, 10, 0]);
  });

  it('reports class balance with shares', () => {
    expect(classBalance(Int32Array.of(0, 1, 1, 1), ['x', 'y'])).toEqual([
      { label: 'x', count: 1, share: 0.25 },
      { label: 'y', count: 3, share: 0.75 },
    ]);
  });
});
