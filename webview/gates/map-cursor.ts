/**
 * The keyboard cursor of the maps: one cell (a map, a row of it, a step) that the arrow keys move, as the
 * pointer's hover would. Up and Down run through every shown map's rows in order (from one map's last
 * row to the next map's first), Left and Right through the steps; Page Up / Page Down jump to the
 * previous or next map (same row where it has one), Home / End to the first or last step (with Ctrl/⌘,
 * the first or last cell of all). Pure: a layout and a key in, a cursor out.
 */

import type { MapLayout } from './map-layout';

export interface MapCursor {
  /** Index into `layout.blocks`. */
  block: number;
  /** Row within the block (a position in the map's unit order, not a unit number). */
  row: number;
  step: number;
}

export const CURSOR_KEYS = [
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
] as const;

export type CursorKey = (typeof CURSOR_KEYS)[number];

export function isCursorKey(key: string): key is CursorKey {
  return (CURSOR_KEYS as readonly string[]).includes(key);
}

/** Steps that Ctrl/⌘ + Left/Right jump over. */
export const STEP_JUMP = 10;

/** The blocks that have rows (a top-N of 0 or an empty map has none): the only ones a cursor can sit in. */
function nonEmpty(layout: MapLayout): number[] {
  const blocks: number[] = [];
  layout.blocks.forEach((b, i) => {
    if (b.rows > 0) blocks.push(i);
  });
  return blocks;
}

/** A cursor inside the layout: block, row and step clamped; null when there is no cell at all. */
export function clampCursor(layout: MapLayout, cursor: MapCursor | null): MapCursor | null {
  const blocks = nonEmpty(layout);
  if (blocks.length === 0 || layout.steps <= 0) return null;
  if (!cursor) return { block: blocks[0], row: 0, step: 0 };
  // A block that lost its rows (or no longer exists) gives way to the nearest one before it that has some.
  let block = blocks[0];
  for (const b of blocks) if (b <= cursor.block) block = b;
  const rows = layout.blocks[block].rows;
  return {
    block,
    row: Math.max(0, Math.min(rows - 1, cursor.row)),
    step: Math.max(0, Math.min(layout.steps - 1, cursor.step)),
  };
}

/**
 * Where `key` moves the cursor (from nowhere: the first cell); null when the layout has no cell. `jump`
 * is Ctrl/⌘ held.
 */
export function moveMapCursor(
  layout: MapLayout,
  from: MapCursor | null,
  key: CursorKey,
  jump = false,
): MapCursor | null {
  const start = clampCursor(layout, from);
  if (!start || !from) return start;
  const blocks = nonEmpty(layout);
  const lastStep = layout.steps - 1;
  const at = blocks.indexOf(start.block);
  const rowsOf = (i: number) => layout.blocks[blocks[i]].rows;
  switch (key) {
    case 'ArrowLeft':
      return { ...start, step: Math.max(0, start.step - (jump ? STEP_JUMP : 1)) };
    case 'ArrowRight':
      return { ...start, step: Math.min(lastStep, start.step + (jump ? STEP_JUMP : 1)) };
    case 'ArrowUp':
      if (start.row > 0) return { ...start, row: start.row - 1 };
      return at > 0 ? { ...start, block: blocks[at - 1], row: rowsOf(at - 1) - 1 } : start;
    case 'ArrowDown':
      if (start.row < rowsOf(at) - 1) return { ...start, row: start.row + 1 };
      return at < blocks.length - 1 ? { ...start, block: blocks[at + 1], row: 0 } : start;
    case 'PageUp':
      return at > 0 ? { ...start, block: blocks[at - 1], row: Math.min(start.row, rowsOf(at - 1) - 1) } : start;
    case 'PageDown':
      return at < blocks.length - 1
        ? { ...start, block: blocks[at + 1], row: Math.min(start.row, rowsOf(at + 1) - 1) }
        : start;
    case 'Home':
      return jump ? { block: blocks[0], row: 0, step: 0 } : { ...start, step: 0 };
    case 'End':
      return jump
        ? { block: blocks[blocks.length - 1], row: rowsOf(blocks.length - 1) - 1, step: lastStep }
        : { ...start, step: lastStep };
  }
}

/**
 * The cursor on `step` (a sequence opened at a step from the Evaluate view): in the cell's row where the
 * cursor already is, else the first map's first row; the step clamped to the layout. Null when there is
 * no cell.
 */
export function cursorAtStep(layout: MapLayout, from: MapCursor | null, step: number): MapCursor | null {
  const start = clampCursor(layout, from);
  return start && clampCursor(layout, { ...start, step });
}

/** The `scrollLeft` that puts `step`'s cell in the middle of a body `bodyWidth` wide, within the content. */
export function centredScrollLeft(layout: MapLayout, step: number, bodyWidth: number): number {
  const centre = (step + 0.5) * layout.cellWidth - bodyWidth / 2;
  return Math.max(0, Math.min(layout.contentWidth - bodyWidth, centre));
}
