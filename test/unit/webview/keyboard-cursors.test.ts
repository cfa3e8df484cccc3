/**
 * Keyboard use of the panels' canvases, the pure parts: the Gates maps' cursor (across maps, clamped,
 * Page/Home/End jumps), the checkpoint heatmap's grid cursor, a chart's point cursor (gaps skipped,
 * series changes keep x) and what is announced.
 */

import { describe, expect, it } from 'vitest';
import { moveGridCursor, pageRowsOf } from '../../../webview/checkpoint/heatmap-cursor';
import { cursorAnnouncement, unitActionAnnouncement } from '../../../webview/gates/cursor-announcement';
import { hoverText } from '../../../webview/gates/hover-text';
import { layoutMaps } from '../../../webview/gates/map-layout';
import {
  STEP_JUMP,
  centredScrollLeft,
  clampCursor,
  cursorAtStep,
  isCursorKey,
  moveMapCursor,
  type MapCursor,
} from '../../../webview/gates/map-cursor';
import { moveChartCursor, nearestIndex } from '../../../webview/training/chart-cursor';
import { makeRecording } from './gate-recordings';

/** Two layers × maps i (3 rows) and f (3 rows), and an empty map h in layer 0, over 20 steps. */
function layout() {
  const rows = (layer: number, signal: string) => (signal === 'h' && layer === 0 ? 0 : 3);
  return layoutMaps([0, 1], ['i', 'f', 'h'], rows, 20, 8, 8);
}

describe('gates map cursor', () => {
  const L = layout();
  const at = (block: number, row: number, step: number): MapCursor => ({ block, row, step });

  it('starts on the first cell, and knows its keys', () => {
    expect(moveMapCursor(L, null, 'ArrowDown')).toEqual(at(0, 0, 0));
    expect(isCursorKey('PageDown')).toBe(true);
    expect(isCursorKey('Enter')).toBe(false);
  });

  it('opens at a step: in the row the cursor is on, else the first cell’s; clamped; centred in view', () => {
    expect(cursorAtStep(L, null, 12)).toEqual(at(0, 0, 12));
    expect(cursorAtStep(L, at(3, 2, 4), 12)).toEqual(at(3, 2, 12));
    expect(cursorAtStep(L, at(0, 1, 4), 99)).toEqual(at(0, 1, 19));
    expect(
      cursorAtStep(
        layoutMaps([0], ['h'], () => 0, 20, 8, 8),
        null,
        3,
      ),
    ).toBeNull();
    // 20 steps × 8 px = 160 px of content in a 40 px body: step 10's centre (84) at 20 → 64.
    expect(centredScrollLeft(L, 10, 40)).toBe(64);
    expect(centredScrollLeft(L, 0, 40)).toBe(0);
    expect(centredScrollLeft(L, 19, 40)).toBe(120);
    expect(centredScrollLeft(L, 10, 400)).toBe(0);
  });

  it('moves through steps, clamped at both ends; Ctrl jumps', () => {
    expect(moveMapCursor(L, at(0, 1, 0), 'ArrowLeft')).toEqual(at(0, 1, 0));
    expect(moveMapCursor(L, at(0, 1, 0), 'ArrowRight')).toEqual(at(0, 1, 1));
    expect(moveMapCursor(L, at(0, 1, 19), 'ArrowRight')).toEqual(at(0, 1, 19));
    expect(moveMapCursor(L, at(0, 1, 3), 'ArrowRight', true)).toEqual(at(0, 1, 3 + STEP_JUMP));
    expect(moveMapCursor(L, at(0, 1, 15), 'ArrowRight', true)).toEqual(at(0, 1, 19));
    expect(moveMapCursor(L, at(0, 1, 7), 'Home')).toEqual(at(0, 1, 0));
    expect(moveMapCursor(L, at(0, 1, 7), 'End')).toEqual(at(0, 1, 19));
  });

  it('runs down from one map into the next, skipping an empty map, and stops at the last row', () => {
    expect(moveMapCursor(L, at(0, 2, 4), 'ArrowDown')).toEqual(at(1, 0, 4));
    // Block 2 (layer 0's h) has no rows: f of layer 0 (block 1) leads to i of layer 1 (block 3).
    expect(L.blocks[2].rows).toBe(0);
    expect(moveMapCursor(L, at(1, 2, 4), 'ArrowDown')).toEqual(at(3, 0, 4));
    expect(moveMapCursor(L, at(3, 0, 4), 'ArrowUp')).toEqual(at(1, 2, 4));
    expect(moveMapCursor(L, at(0, 0, 4), 'ArrowUp')).toEqual(at(0, 0, 4));
    expect(moveMapCursor(L, at(5, 2, 4), 'ArrowDown')).toEqual(at(5, 2, 4));
  });

  it('jumps a map with Page Up / Page Down and to the first or last cell with Ctrl+Home / Ctrl+End', () => {
    expect(moveMapCursor(L, at(0, 2, 4), 'PageDown')).toEqual(at(1, 2, 4));
    expect(moveMapCursor(L, at(1, 1, 4), 'PageDown')).toEqual(at(3, 1, 4));
    expect(moveMapCursor(L, at(3, 1, 4), 'PageUp')).toEqual(at(1, 1, 4));
    expect(moveMapCursor(L, at(0, 1, 4), 'PageUp')).toEqual(at(0, 1, 4));
    expect(moveMapCursor(L, at(3, 1, 4), 'Home', true)).toEqual(at(0, 0, 0));
    expect(moveMapCursor(L, at(0, 1, 4), 'End', true)).toEqual(at(5, 2, 19));
  });

  it('clamps a cursor left outside a smaller layout, and has none without cells', () => {
    expect(clampCursor(L, at(2, 9, 99))).toEqual(at(1, 2, 19));
    expect(clampCursor(L, at(9, 0, 0))).toEqual(at(5, 0, 0));
    const empty = layoutMaps([0], ['i'], () => 0, 20, 8, 8);
    expect(moveMapCursor(empty, null, 'ArrowRight')).toBeNull();
  });
});

describe('what the gates cursor announces', () => {
  it('says the tooltip title and the cursor signal with its exact value', () => {
    const recording = makeRecording({ steps: 3, units: 4 });
    const text = hoverText(recording, { kind: 'cell', layer: 0, signal: 'f', unit: 2, row: 2, step: 1 });
    const said = cursorAnnouncement(text);
    expect(said.startsWith(`${text.title}: f `)).toBe(true);
    expect(said).toContain('unit 2');
    expect(said).toContain('step 1');
    const own = text.lines.find((line) => line.emphasis)!;
    expect(said.endsWith(own.value)).toBe(true);
  });

  it('says what Enter and Escape did', () => {
    expect(unitActionAnnouncement('charted', 5, 'Layer 1')).toBe('Layer 1 unit 5 charted');
    expect(unitActionAnnouncement('selected', 5, 'Layer 2')).toBe('Layer 2 unit 5 added to the selection');
    expect(unitActionAnnouncement('cleared', 0, '')).toBe('Chart and selection cleared');
  });
});

describe('checkpoint heatmap cursor', () => {
  const shape = { rows: 8, cols: 5, pageRows: 2 };

  it('starts at the first cell, clamps at the edges and pages by a gate', () => {
    expect(moveGridCursor(shape, null, 'ArrowRight')).toEqual({ row: 0, col: 0 });
    expect(moveGridCursor(shape, { row: 0, col: 0 }, 'ArrowUp')).toEqual({ row: 0, col: 0 });
    expect(moveGridCursor(shape, { row: 0, col: 4 }, 'ArrowRight')).toEqual({ row: 0, col: 4 });
    expect(moveGridCursor(shape, { row: 1, col: 2 }, 'PageDown')).toEqual({ row: 3, col: 2 });
    expect(moveGridCursor(shape, { row: 7, col: 2 }, 'PageDown')).toEqual({ row: 7, col: 2 });
    expect(moveGridCursor(shape, { row: 3, col: 2 }, 'End')).toEqual({ row: 3, col: 4 });
    expect(moveGridCursor(shape, { row: 3, col: 2 }, 'End', true)).toEqual({ row: 7, col: 4 });
    expect(moveGridCursor(shape, { row: 3, col: 2 }, 'Home', true)).toEqual({ row: 0, col: 0 });
    expect(moveGridCursor(shape, { row: 3, col: 2 }, 'Enter')).toBeNull();
    expect(moveGridCursor({ rows: 0, cols: 0, pageRows: 1 }, null, 'ArrowRight')).toBeNull();
  });

  it('pages by one gate of a gate-stacked grid, a tenth otherwise', () => {
    expect(pageRowsOf(128, 4)).toBe(32);
    expect(pageRowsOf(100, 1)).toBe(10);
    expect(pageRowsOf(3, 1)).toBe(1);
  });
});

describe('chart point cursor', () => {
  const train = [
    { x: 0, y: 2 },
    { x: 10, y: 1.5 },
    { x: 20, y: NaN },
    { x: 30, y: 1.2 },
    { x: 40, y: 1.1 },
  ];
  const validation = [
    { x: 15, y: 1.4 },
    { x: 35, y: 1.15 },
  ];
  const series = [train, validation];

  it('starts at the first point (End: the last) of the first series with one', () => {
    expect(moveChartCursor(series, null, 'ArrowRight')).toEqual({ series: 0, index: 0 });
    expect(moveChartCursor(series, null, 'End')).toEqual({ series: 0, index: 4 });
    expect(moveChartCursor([[], validation], null, 'Home')).toEqual({ series: 1, index: 0 });
    expect(moveChartCursor([[], []], null, 'Home')).toBeNull();
  });

  it('steps over gaps and stops at the ends', () => {
    expect(moveChartCursor(series, { series: 0, index: 1 }, 'ArrowRight')).toEqual({ series: 0, index: 3 });
    expect(moveChartCursor(series, { series: 0, index: 3 }, 'ArrowLeft')).toEqual({ series: 0, index: 1 });
    expect(moveChartCursor(series, { series: 0, index: 4 }, 'ArrowRight')).toEqual({ series: 0, index: 4 });
    expect(moveChartCursor(series, { series: 0, index: 0 }, 'ArrowLeft')).toEqual({ series: 0, index: 0 });
    expect(moveChartCursor(series, { series: 0, index: 1 }, 'End')).toEqual({ series: 0, index: 4 });
  });

  it('moves between series to the point nearest the same x', () => {
    expect(moveChartCursor(series, { series: 0, index: 3 }, 'ArrowDown')).toEqual({ series: 1, index: 1 });
    expect(moveChartCursor(series, { series: 1, index: 0 }, 'ArrowUp')).toEqual({ series: 0, index: 1 });
    expect(moveChartCursor(series, { series: 1, index: 0 }, 'ArrowDown')).toEqual({ series: 1, index: 0 });
  });

  it('finds the nearest drawn point by x', () => {
    expect(nearestIndex(train, 21)).toBe(3);
    expect(nearestIndex(train, 19)).toBe(1);
    expect(nearestIndex(train, -5)).toBe(0);
    expect(nearestIndex(train, 99)).toBe(4);
    expect(nearestIndex([], 3)).toBe(-1);
  });
});
