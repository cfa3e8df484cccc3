import { describe, expect, it } from 'vitest';
import { baselineHeadline, baselineWords } from '../../../src/protocol/baseline-headline';

const baselines = {
  naive: { loss: NaN, mase: 1.2 },
  seasonalNaive: { loss: NaN, mase: 0.87 },
  drift: { loss: NaN, mase: 1.4 },
};

describe('baselineHeadline', () => {
  it('says by how much the model beats the best baseline on MASE', () => {
    expect(baselineHeadline({ loss: 0, mase: 0.71 }, baselines)).toBe(
      'MASE 0.71 — 18 % better than seasonal naive (0.87)',
    );
  });

  it('or that it does not', () => {
    expect(baselineHeadline({ loss: 0, mase: 0.95 }, { ...baselines, seasonalNaive: { loss: NaN, mase: 0.93 } })).toBe(
      'does not beat seasonal naive (MASE 0.95 vs 0.93)',
    );
  });

  it('is null without MASE', () => {
    expect(baselineHeadline({ loss: 0 }, baselines)).toBeNull();
    expect(baselineHeadline({ loss: 0, mase: 1 }, undefined)).toBeNull();
    expect(baselineWords('seasonalNaive')).toBe('seasonal naive');
  });
});
