import { describe, expect, it } from 'vitest';
import { backtestWindows } from '../../../src/train/backtest';

describe('backtestWindows', () => {
  it('takes the last window and every horizon-th before it, oldest first', () => {
    expect(backtestWindows(20, 3, 4)).toEqual([11, 15, 19]);
  });
  it('takes fewer when the validation part holds fewer', () => {
    expect(backtestWindows(6, 5, 4)).toEqual([1, 5]);
    expect(backtestWindows(0, 3, 1)).toEqual([]);
  });
});
