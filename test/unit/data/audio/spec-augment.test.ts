import { describe, expect, it } from 'vitest';
import { Random } from '../../../../src/engine/random';
import { applySpecAugment } from '../../../../src/data/audio/spec-augment';

describe('SpecAugment', () => {
  const B = 2;
  const T = 60;
  const bands = 10;
  const stack = 2;
  const masked = (seed: number) => {
    const features = new Float32Array(B * T * bands * stack).fill(1);
    applySpecAugment(features, Int32Array.of(60, 30), T, bands, stack, new Random(seed));
    return features;
  };

  it('is seeded: the same generator state masks the same values, another seed others', () => {
    expect(Array.from(masked(3))).toEqual(Array.from(masked(3)));
    expect(Array.from(masked(3))).not.toEqual(Array.from(masked(4)));
  });

  it('masks whole bands (in every stacked frame) and stretches of steps, only within each length', () => {
    const features = masked(5);
    const width = bands * stack;
    const zeros = features.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(0);
    // Row 1 is 30 steps long: its padding (steps 30…59) is never touched.
    for (let t = 30; t < T; t++) for (let k = 0; k < width; k++) expect(features[(T + t) * width + k]).toBe(1);
    // A masked band is masked in both stacked frames of a step, or a step is masked whole.
    for (let t = 0; t < T; t++)
      for (let m = 0; m < bands; m++) expect(features[t * width + m]).toBe(features[t * width + bands + m]);
  });
});
