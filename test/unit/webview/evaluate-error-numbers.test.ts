/** The Errors tab's arithmetic: confusion rows as shares, the grid cursor, the loss colour bands. */

import { describe, expect, it } from 'vitest';
import { LOSS_BANDS, lossBand, matrixMax, moveInGrid, rowShares } from '../../../webview/evaluate/error-numbers';

describe('confusion matrix numbers', () => {
  it('normalises each row by its own sum and leaves an empty row at 0', () => {
    expect(
      rowShares([
        [3, 1],
        [0, 0],
        [2, 6],
      ]),
    ).toEqual([
      [0.75, 0.25],
      [0, 0],
      [0.25, 0.75],
    ]);
    expect(
      matrixMax([
        [3, 1],
        [0, 9],
      ]),
    ).toBe(9);
    expect(matrixMax([])).toBe(0);
  });
});

describe('moveInGrid', () => {
  it('moves by arrows, stops at the edges, jumps with Home/End and Ctrl+Home/End', () => {
    const at = { row: 1, column: 1 };
    expect(moveInGrid(at, 'ArrowUp', false, 3, 3)).toEqual({ row: 0, column: 1 });
    expect(moveInGrid({ row: 0, column: 0 }, 'ArrowUp', false, 3, 3)).toEqual({ row: 0, column: 0 });
    expect(moveInGrid({ row: 2, column: 2 }, 'ArrowRight', false, 3, 3)).toEqual({ row: 2, column: 2 });
    expect(moveInGrid(at, 'ArrowLeft', false, 3, 3)).toEqual({ row: 1, column: 0 });
    expect(moveInGrid(at, 'End', false, 3, 4)).toEqual({ row: 1, column: 3 });
    expect(moveInGrid(at, 'Home', true, 3, 4)).toEqual({ row: 0, column: 0 });
    expect(moveInGrid(at, 'End', true, 3, 4)).toEqual({ row: 2, column: 3 });
    expect(moveInGrid(at, 'a', false, 3, 3)).toBeNull();
  });
});

describe('lossBand', () => {
  it('leaves near-certain tokens uncoloured and puts p < 1 % in the top band', () => {
    expect(lossBand(-Math.log(0.95))).toBe(0);
    expect(lossBand(0.3)).toBe(1);
    expect(lossBand(0.7)).toBe(2);
    expect(lossBand(1.5)).toBe(3);
    expect(lossBand(3)).toBe(4);
    expect(lossBand(-Math.log(0.005))).toBe(5);
    expect(lossBand(Number.POSITIVE_INFINITY)).toBe(LOSS_BANDS - 1);
  });
});
