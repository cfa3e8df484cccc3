/**
 * The attention map's model: what pointing at a cell, an output token or a source token highlights, what
 * the live region says, and where the keyboard moves.
 */

import { describe, expect, it } from 'vitest';
import {
  announcement,
  firstCell,
  highlightFor,
  moveCell,
  outputLabels,
} from '../../../webview/prediction/tasks/attention-focus';

// Rows: 'le', 'chat', <eos>; columns: 'the', 'cat', '.'.
const attention = [
  [0.8, 0.15, 0.05],
  [0.1, 0.72, 0.18],
  [0.02, 0.08, 0.9],
];
const outputs = outputLabels(['le', 'chat'], attention.length);
const sources = ['the', 'cat', '.'];

describe('the attention map', () => {
  it('labels the rows with the output tokens, then <eos>', () => {
    expect(outputs).toEqual(['le', 'chat', '<eos>']);
    // A decode cut at its maximum length has no <eos> row.
    expect(outputLabels(['a', 'b', 'c'], 3)).toEqual(['a', 'b', 'c']);
  });

  it('highlights the source tokens an output token attended to, by the attribution rule', () => {
    const h = highlightFor(attention, { kind: 'output', output: 1 });
    // 0.72 is the row's largest: strong; 0.18 is 25 % of it: weak; 0.1 is 14 %: weak.
    expect(h.sources).toEqual(['weak', 'strong', 'weak']);
    expect(h.outputs).toEqual([null, null, null]);
    expect(h.currentOutput).toBe(1);
    expect(h.currentSource).toBeNull();
  });

  it('highlights the output tokens that attended to a source token', () => {
    const h = highlightFor(attention, { kind: 'source', source: 1 });
    // 0.15 and 0.08 of the column's 0.72: 21 % and 11 %, both weak.
    expect(h.outputs).toEqual(['weak', 'strong', 'weak']);
    expect(h.sources).toEqual([null, null, null]);
    expect(h.currentSource).toBe(1);
    expect(h.currentOutput).toBeNull();
  });

  it('a cell points at both its tokens and highlights its row', () => {
    const h = highlightFor(attention, { kind: 'cell', output: 0, source: 2 });
    expect(h.currentOutput).toBe(0);
    expect(h.currentSource).toBe(2);
    // 0.15 of 0.8 is 19 %: weak; 0.05 is 6 %: none.
    expect(h.sources).toEqual(['strong', 'weak', null]);
  });

  it('announces what a point means', () => {
    expect(announcement(attention, { kind: 'cell', output: 1, source: 1 }, outputs, sources)).toBe(
      "output 'chat' attends to 'cat' 0.72",
    );
    expect(announcement(attention, { kind: 'output', output: 0 }, outputs, sources)).toBe(
      "output 'le' attends most to 'the' 0.80, 'cat' 0.15, '.' 0.05",
    );
    expect(announcement(attention, { kind: 'source', source: 2 }, outputs, sources)).toBe(
      "'.' is attended most by output '<eos>' 0.90, output 'chat' 0.18, output 'le' 0.05",
    );
    expect(announcement([[1]], { kind: 'cell', output: 0, source: 0 }, ['a'], [' '])).toBe(
      "output 'a' attends to '␣' 1.00",
    );
  });

  it('moves with the arrows, pages and Home/End, and stays inside the map', () => {
    const at = { output: 1, source: 1 };
    expect(moveCell(at, 'ArrowUp', false, 3, 3)).toEqual({ output: 0, source: 1 });
    expect(moveCell(at, 'ArrowDown', false, 3, 3)).toEqual({ output: 2, source: 1 });
    expect(moveCell(at, 'ArrowLeft', false, 3, 3)).toEqual({ output: 1, source: 0 });
    expect(moveCell(at, 'ArrowRight', false, 3, 3)).toEqual({ output: 1, source: 2 });
    expect(moveCell({ output: 0, source: 0 }, 'ArrowUp', false, 3, 3)).toEqual({ output: 0, source: 0 });
    expect(moveCell({ output: 2, source: 2 }, 'ArrowRight', false, 3, 3)).toEqual({ output: 2, source: 2 });
    expect(moveCell(at, 'PageDown', false, 20, 3)).toEqual({ output: 6, source: 1 });
    expect(moveCell(at, 'PageUp', false, 20, 3)).toEqual({ output: 0, source: 1 });
    expect(moveCell(at, 'Home', false, 3, 3)).toEqual({ output: 1, source: 0 });
    expect(moveCell(at, 'End', false, 3, 3)).toEqual({ output: 1, source: 2 });
    expect(moveCell(at, 'Home', true, 3, 3)).toEqual({ output: 0, source: 0 });
    expect(moveCell(at, 'End', true, 3, 3)).toEqual({ output: 2, source: 2 });
    expect(moveCell(at, 'Enter', false, 3, 3)).toBeNull();
    expect(moveCell(at, 'a', false, 3, 3)).toBeNull();
  });

  it('starts the keyboard on the first output token’s strongest source token', () => {
    expect(firstCell(attention)).toEqual({ output: 0, source: 0 });
    expect(firstCell([[0.1, 0.6, 0.3]])).toEqual({ output: 0, source: 1 });
    expect(firstCell([])).toEqual({ output: 0, source: 0 });
  });
});
