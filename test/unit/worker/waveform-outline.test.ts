/** The Audio view's waveform outline: every sample in one bucket, each bucket's min and max exact. */

import { describe, expect, it } from 'vitest';
import { waveformOutline } from '../../../src/worker/inference/waveform-outline';

describe('the waveform outline', () => {
  it('keeps the min and max of each even span', () => {
    const samples = Float32Array.from([0, 1, -1, 0.5, 0.25, -0.5, 0.75, 0]);
    const { min, max } = waveformOutline(samples, 4);
    expect(Array.from(min)).toEqual([0, -1, -0.5, 0]);
    expect(Array.from(max)).toEqual([1, 0.5, 0.25, 0.75]);
  });

  it('has one bucket per sample when there are fewer samples than buckets, none for no samples', () => {
    const { min, max } = waveformOutline(Float32Array.from([0.5, -0.25]), 2000);
    expect(Array.from(min)).toEqual([0.5, -0.25]);
    expect(Array.from(max)).toEqual([0.5, -0.25]);
    expect(waveformOutline(new Float32Array(0)).min.length).toBe(0);
  });

  it('spreads a minute of 16 kHz audio over 2 000 buckets, the peaks where they are', () => {
    const samples = new Float32Array(16000 * 60);
    samples[480_000] = 0.9;
    samples[959_999] = -0.8;
    const { min, max } = waveformOutline(samples);
    expect(max.length).toBe(2000);
    expect(max[1000]).toBeCloseTo(0.9, 6);
    expect(min[1999]).toBeCloseTo(-0.8, 6);
    expect(Math.max(...max.subarray(0, 1000))).toBe(0);
  });
});
