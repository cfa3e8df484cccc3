/**
 * A tensor as a heatmap on a canvas: one cell per value (or per block mean, for large tensors), the
 * diverging colour scale of colormap.ts, an LSTM or GRU tensor split into its gate blocks (i, f, g, o;
 * r, z, n) with labels,
 * a colour legend, and a line under the map that names the value under the pointer. From the keyboard
 * the canvas is focusable: the arrow keys move a cursor cell (heatmap-cursor.ts), outlined, whose value
 * the same line shows and a live region says. The canvas gets `data-drawn="true"` once painted (e2e
 * tests wait for it).
 */

import type { TensorValuesResult } from '../../src/protocol/checkpoint-editor';
import { GATE_NAMES } from '../../src/protocol/cell-signals';
import { Announcer } from '../shared/announcer';
import { element, setText } from '../shared/dom';
import { formatInteger } from '../shared/format';
import * as l10n from '../shared/l10n';
import type { ThemeColors } from '../shared/theme';
import { colorOf, makeColormap, paintCells, type Colormap } from './colormap';
import { formatStat } from './format';
import { isGridKey, moveGridCursor, pageRowsOf, type GridCell } from './heatmap-cursor';
import { hitTest, layoutHeatmap, sourceRange, type HeatmapHit, type HeatmapLayout } from './heatmap-layout';

export class Heatmap {
  readonly root: HTMLElement;
  private readonly canvas = element('canvas', {
    id: 'heatmap',
    className: 'heatmap-canvas',
    attrs: { tabindex: 0, role: 'application', 'aria-roledescription': l10n.t('heatmap') },
  });
  /** The keyboard cursor's outline, over the canvas. */
  private readonly cursorBox = element('div', { className: 'heatmap-cursor', attrs: { 'aria-hidden': 'true' } });
  private readonly announcer = new Announcer('heatmap-announcer');
  private cursor: GridCell | null = null;
  private readonly legend = element('canvas', { className: 'heatmap-legend', attrs: { 'aria-hidden': 'true' } });
  private readonly legendMin = element('span', { className: 'legend-label' });
  private readonly legendMax = element('span', { className: 'legend-label' });
  private readonly hover = element('div', {
    id: 'heatmap-hover',
    className: 'heatmap-hover',
    attrs: { 'aria-live': 'off' },
  });
  private layout: HeatmapLayout | null = null;
  private colormap: Colormap | null = null;

  constructor(
    private readonly data: TensorValuesResult,
    /** The tensor's shape as stored (a bias [4H] is drawn as 4 × H). */
    private readonly shape: readonly number[],
  ) {
    const note = data.downsampled
      ? l10n.t(
          '{0} × {1} shown as {2} × {3} block means',
          formatInteger(data.sourceRows),
          formatInteger(data.sourceCols),
          formatInteger(data.rows),
          formatInteger(data.cols),
        )
      : shape.length === 1 && data.gateHiddenSize
        ? l10n.t('{0} × {1} (one row per gate)', formatInteger(data.rows), formatInteger(data.cols))
        : `${formatInteger(data.rows)} × ${formatInteger(data.cols)}`;
    this.canvas.setAttribute(
      'aria-label',
      l10n.t(
        'Heatmap of {0}: {1}. Arrow keys move between cells, Page Up and Page Down by a gate, Home and End to the first and last column.',
        data.tensorName,
        note,
      ),
    );
    this.cursorBox.hidden = true;
    this.root = element(
      'div',
      { className: 'heatmap' },
      element('div', { className: 'heatmap-scroll' }, this.canvas, this.cursorBox),
      element(
        'div',
        { className: 'heatmap-footer' },
        element('div', { className: 'legend' }, this.legendMin, this.legend, this.legendMax),
        element('span', { className: 'muted heatmap-note', text: note }),
      ),
      this.hover,
      this.announcer.root,
    );
    this.canvas.addEventListener('mousemove', (event) => this.onHover(event));
    this.canvas.addEventListener('mouseleave', () => setText(this.hover, ''));
    this.canvas.addEventListener('keydown', (event) => this.onKey(event));
    this.canvas.addEventListener('focus', () => {
      if (this.canvas.matches(':focus-visible')) this.moveCursor(this.cursor ?? { row: 0, col: 0 });
    });
    this.canvas.addEventListener('blur', () => (this.cursorBox.hidden = true));
  }

  draw(theme: ThemeColors, availableWidth: number): void {
    const { rows, cols, values, maxAbs } = this.data;
    const layout = layoutHeatmap(
      { rows, cols, gates: this.data.gateHiddenSize !== null ? (this.data.gates ?? null) : null },
      Math.max(120, availableWidth),
    );
    this.layout = layout;
    this.colormap = makeColormap(theme.blue, theme.background, theme.red, theme.yellow);
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.max(1, Math.round(layout.width * ratio));
    this.canvas.height = Math.max(1, Math.round(layout.height * ratio));
    this.canvas.style.width = `${layout.width}px`;
    this.canvas.style.height = `${layout.height}px`;
    const context = this.canvas.getContext('2d');
    if (!context || rows === 0 || cols === 0) return;
    // One pixel per cell off screen, then scaled up without smoothing: crisp cells at any size.
    const cells = document.createElement('canvas');
    cells.width = cols;
    cells.height = rows;
    const cellContext = cells.getContext('2d')!;
    const image = cellContext.createImageData(cols, rows);
    paintCells(values, maxAbs, this.colormap, image.data);
    cellContext.putImageData(image, 0, 0);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, layout.width, layout.height);
    context.imageSmoothingEnabled = false;
    context.font = `${theme.fontSize - 1}px ${theme.fontFamily}`;
    context.textAlign = 'left';
    context.textBaseline = 'middle';
    for (const block of layout.blocks) {
      const [start, end] = block.gridRows;
      context.drawImage(cells, 0, start, cols, end - start, block.x, block.y, block.width, block.height);
      context.strokeStyle = theme.chartLines;
      context.lineWidth = 1;
      context.strokeRect(block.x + 0.5, block.y + 0.5, block.width - 1, block.height - 1);
      if (block.gate) {
        context.fillStyle = theme.foreground;
        context.fillText(`${block.gate} · ${GATE_NAMES[block.gate]}`, block.x, layout.labelHeight / 2, block.width);
      }
    }
    this.drawLegend(theme);
    this.canvas.dataset.drawn = 'true';
    if (!this.cursorBox.hidden && this.cursor) this.placeCursor(this.cursor);
  }

  private drawLegend(theme: ThemeColors): void {
    const width = 140;
    const height = 10;
    const ratio = window.devicePixelRatio || 1;
    this.legend.width = Math.round(width * ratio);
    this.legend.height = Math.round(height * ratio);
    const context = this.legend.getContext('2d');
    if (!context || !this.colormap) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    const maxAbs = this.data.maxAbs || 1;
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colorOf(((x + 0.5) / width) * 2 * maxAbs - maxAbs, maxAbs, this.colormap);
      context.fillStyle = `rgb(${r}, ${g}, ${b})`;
      context.fillRect(x, 0, 1, height);
    }
    context.strokeStyle = theme.chartLines;
    context.strokeRect(0.5, 0.5, width - 1, height - 1);
    setText(this.legendMin, formatStat(-this.data.maxAbs));
    setText(this.legendMax, formatStat(this.data.maxAbs));
  }

  private onHover(event: MouseEvent): void {
    if (!this.layout) return;
    const bounds = this.canvas.getBoundingClientRect();
    const hit = hitTest(this.layout, event.clientX - bounds.left, event.clientY - bounds.top);
    setText(this.hover, hit ? this.describe(hit) : '');
  }

  private onKey(event: KeyboardEvent): void {
    if (!isGridKey(event.key) || !this.layout) return;
    event.preventDefault();
    const { rows, cols } = this.data;
    const shape = { rows, cols, pageRows: pageRowsOf(rows, this.layout.blocks.length) };
    const next = moveGridCursor(shape, this.cursor, event.key, event.ctrlKey || event.metaKey);
    if (next) this.moveCursor(next);
  }

  /** Puts the keyboard cursor on a grid cell: outlined, scrolled into view, its value shown and said. */
  private moveCursor(cell: GridCell): void {
    const layout = this.layout;
    if (!layout || this.data.rows === 0 || this.data.cols === 0) return;
    this.cursor = cell;
    const box = this.placeCursor(cell);
    if (!box) return;
    box.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const text = this.describe(this.hitOf(cell));
    setText(this.hover, text);
    this.announcer.say(text);
  }

  private placeCursor(cell: GridCell): HTMLElement | null {
    const layout = this.layout;
    if (!layout) return null;
    const block = layout.blocks.find((b) => cell.row >= b.gridRows[0] && cell.row < b.gridRows[1]) ?? layout.blocks[0];
    const box = this.cursorBox;
    box.style.left = `${block.x + cell.col * layout.cellWidth}px`;
    box.style.top = `${block.y + (cell.row - block.gridRows[0]) * layout.cellHeight}px`;
    box.style.width = `${Math.max(1, layout.cellWidth)}px`;
    box.style.height = `${Math.max(1, layout.cellHeight)}px`;
    box.hidden = false;
    return box;
  }

  private hitOf(cell: GridCell): HeatmapHit {
    const block = this.layout?.blocks.find((b) => cell.row >= b.gridRows[0] && cell.row < b.gridRows[1]);
    return { gridRow: cell.row, gridCol: cell.col, gate: block?.gate ?? null };
  }

  /** Where a grid cell is in the tensor (row and column, or element; the gate and unit) and its value. */
  private describe(hit: HeatmapHit): string {
    const { rows, cols, sourceRows, sourceCols, values, gateHiddenSize } = this.data;
    const value = values[hit.gridRow * cols + hit.gridCol];
    const [r0, r1] = sourceRange(hit.gridRow, rows, sourceRows);
    const [c0, c1] = sourceRange(hit.gridCol, cols, sourceCols);
    const span = (a: number, b: number) => (b - a === 1 ? `${a}` : `${a}–${b - 1}`);
    let where: string;
    if (this.shape.length <= 1) {
      // A vector drawn as rows of `sourceCols` (an LSTM bias: one row per gate).
      where =
        r1 - r0 === 1 && c1 - c0 === 1
          ? l10n.t('element {0}', r0 * sourceCols + c0)
          : l10n.t('elements {0}', span(r0 * sourceCols + c0, r0 * sourceCols + c1));
    } else {
      where = l10n.t('row {0}, column {1}', span(r0, r1), span(c0, c1));
    }
    const gate =
      hit.gate && gateHiddenSize
        ? l10n.t(
            ' · gate {0} ({1}), unit {2}',
            hit.gate,
            GATE_NAMES[hit.gate],
            this.shape.length <= 1 ? span(c0, c1) : span(r0 % gateHiddenSize, ((r1 - 1) % gateHiddenSize) + 1),
          )
        : '';
    const label = this.data.downsampled ? l10n.t('mean') : l10n.t('value');
    return `${where}${gate} · ${label} ${formatStat(value)}`;
  }
}
