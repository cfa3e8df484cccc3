/** The teacher-forcing share over a run: constant, or linear from the start to the end ratio. */

import { describe, expect, it } from 'vitest';
import { teacherForcingAt } from '../../../src/engine/schedule';
import { resolveTrainingConfig } from '../../../src/train/config';

describe('teacher forcing schedule', () => {
  it('is constant without an end, linear from start to end over the steps with one', () => {
    expect([0, 5, 99].map((s) => teacherForcingAt(0.8, undefined, s, 100))).toEqual([0.8, 0.8, 0.8]);
    expect(teacherForcingAt(1, 0.5, 0, 11)).toBe(1);
    expect(teacherForcingAt(1, 0.5, 5, 11)).toBeCloseTo(0.75, 12);
    expect(teacherForcingAt(1, 0.5, 10, 11)).toBe(0.5);
    expect(teacherForcingAt(1, 0.5, 50, 11)).toBe(0.5);
    expect(teacherForcingAt(1, 0, 0, 1)).toBe(0);
  });

  it('is checked as a share in [0, 1]', () => {
    expect(resolveTrainingConfig('seq2seq', { teacherForcing: 1, teacherForcingEnd: 0.25 }).teacherForcingEnd).toBe(
      0.25,
    );
    expect(() => resolveTrainingConfig('seq2seq', { teacherForcingEnd: 1.5 })).toThrow(
      /teacherForcingEnd must be a number in \[0, 1\]/,
    );
    expect(() => resolveTrainingConfig('seq2seq', { teacherForcing: -0.1 })).toThrow(
      /teacherForcing must be a number in \[0, 1\]/,
    );
  });
});
