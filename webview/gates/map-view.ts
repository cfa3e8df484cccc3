/**
 * The maps viewport: one canvas the size of the visible area under a transparent native scroller whose
 * spacer has the size of the whole content. Scrolling moves nothing in the DOM; each frame redraws only
 * what is visible (draw-scene.ts), so 2 layers × 256 units × 1 000 steps scroll and zoom smoothly.
 * Reports hover (cell or step), clicks and Ctrl/⌘ + wheel zoom to the panel. From the keyboard the
 * scroller is one focusable element: the arrow keys move a cursor cell (map-cursor.ts) that hovers as the
 * pointer would, Enter clicks it, Escape asks the panel to clear.
 */

import { element } from '../shared/dom';
import * as l10n from '../shared/l10n';
import { drawScene } from './draw-scene';
import { BANDS, TOP_BAND, blockAt, cellCenter, hitTest, stepAt } from './map-layout';
import { centredScrollLeft, clampCursor, cursorAtStep, isCursorKey, moveMapCursor, type MapCursor } from './map-cursor';
import type { HoverTarget, Scene } from './scene';

export interface MapViewEvents {
  /** `fromKeyboard`: the keyboard cursor moved there (the panel announces it); else the pointer. */
  onHover(target: HoverTarget | null, clientX: number, clientY: number, fromKeyboard?: boolean): void;
  /** A click on a cell (or a unit's label) of a signal's map: `toggle` when Ctrl/⌘ or Shift was held. */
  onClickUnit(layer: number, signal: string, unit: number, toggle: boolean): void;
  /** Ctrl/⌘ + wheel: zoom the time axis in (+1) or out (−1) around a step; with Shift, the unit axis. */
  onZoom(direction: 1 | -1, axis: 'steps' | 'units', anchorStep: number): void;
  /** Escape on the maps: clear what Enter chose. */
  onEscape?(): void;
}

/** The cell the keyboard cursor is on, by what it shows (rows move when the order or top-N changes). */
interface CursorCell {
  layer: number;
  signal: string;
  unit: number;
  step: number;
}

/** How a maps view is named in the page: the ids' prefix (`encoder-`: `#encoder-maps-scroller`) and its label. */
export interface MapViewNaming {
  idPrefix: string;
  label: string;
}

export class MapView {
  readonly root: HTMLElement;
  readonly scroller: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly spacer = element('div', { className: 'maps-spacer' });
  private scene: Scene | null = null;
  private frame = 0;
  private width = 0;
  private height = 0;
  private cursor: CursorCell | null = null;
  /** Milliseconds the last frame took to draw. */
  lastDrawMs = 0;

  constructor(
    private readonly events: MapViewEvents,
    naming: MapViewNaming = { idPrefix: '', label: l10n.t('Gate heatmaps') },
  ) {
    const prefix = naming.idPrefix;
    this.root = element('div', { id: `${prefix}maps`, className: 'maps', attrs: { 'data-drawn': '0' } });
    this.scroller = element('div', {
      id: `${prefix}maps-scroller`,
      className: 'maps-scroller',
      attrs: {
        tabindex: 0,
        // `application`: a screen reader passes the arrow keys through instead of reading the page with them.
        role: 'application',
        'aria-roledescription': l10n.t('heatmap'),
        'aria-label': l10n.t(
          '{0}. Arrow keys move between cells, Page Up and Page Down between maps, Home and End to the first and last step; Enter charts the unit, Ctrl+Enter selects it, Escape clears.',
          naming.label,
        ),
      },
    });
    this.canvas = element('canvas', { id: `${prefix}maps-canvas`, className: 'maps-canvas' });
    this.scroller.append(this.spacer);
    this.root.append(this.canvas, this.scroller);
    this.scroller.addEventListener('scroll', () => this.requestDraw());
    this.scroller.addEventListener('mousemove', (event) => this.hover(event));
    this.scroller.addEventListener('mouseleave', () => this.setHover(null, 0, 0));
    this.scroller.addEventListener('click', (event) => this.click(event));
    this.scroller.addEventListener('wheel', (event) => this.wheel(event), { passive: false });
    this.scroller.addEventListener('keydown', (event) => this.keydown(event));
    this.scroller.addEventListener('focus', () => {
      // Focus from the keyboard shows the cursor at once (a click focuses too, and hovers by itself).
      if (this.scroller.matches(':focus-visible')) this.moveCursor(this.cursorPosition());
    });
    this.scroller.addEventListener('blur', () => {
      if (this.scene?.cursor) this.setHover(null, 0, 0);
    });
    new ResizeObserver(() => this.resize()).observe(this.scroller);
  }

  /**
   * Draws the characters the maps use once, off screen, in the fonts they use: the first text drawn
   * in a font pays for finding it and rasterising its glyphs, and that should not land on the first
   * frame of a recording.
   */
  warmUpFonts(fonts: string[]): void {
    const canvas = document.createElement('canvas');
    canvas.width = 8;
    canvas.height = 8;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    let text = '·↵→…−0123456789';
    for (let code = 33; code < 127; code++) text += String.fromCharCode(code);
    for (const font of fonts) {
      ctx.font = font;
      ctx.fillText(text, 0, 4);
    }
  }

  setScene(scene: Scene | null): void {
    this.scene = scene;
    // A rebuilt scene (new order, zoom, focus) keeps the keyboard cursor on the same cell where it still shows.
    if (scene && this.cursor && document.activeElement === this.scroller) {
      const position = this.cursorPosition();
      if (position) {
        scene.hover = this.targetOf(position);
        scene.cursor = true;
      }
    }
    const chart = scene?.focus ? BANDS.chart : 0;
    this.spacer.style.width = scene ? `${BANDS.left + scene.layout.contentWidth}px` : '0px';
    this.spacer.style.height = scene ? `${TOP_BAND + scene.layout.contentHeight + chart}px` : '0px';
    this.requestDraw();
  }

  requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.drawNow();
    });
  }

  /** Draws at once; returns the time it took in milliseconds. */
  drawNow(): number {
    const started = performance.now();
    this.sizeCanvas();
    const ctx = this.canvas.getContext('2d');
    if (!ctx || !this.scene || this.width === 0 || this.height === 0) return 0;
    const ratio = window.devicePixelRatio || 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const view = {
      scrollX: this.scroller.scrollLeft,
      scrollY: this.scroller.scrollTop,
      width: this.width,
      height: this.height,
    };
    drawScene(ctx, this.scene, view);
    this.lastDrawMs = performance.now() - started;
    this.root.setAttribute('data-drawn', String(this.visibleCells(view.scrollX, view.scrollY)));
    return this.lastDrawMs;
  }

  /** The width of the scrolled body (visible steps × cell width), for zooming to fit. */
  bodyWidth(): number {
    return Math.max(0, this.scroller.clientWidth - BANDS.left);
  }

  /**
   * Puts the keyboard cursor on `step` (in its current row, else the first map's first row), scrolls that
   * step to the middle and focuses the maps, so the arrow keys go on from there.
   */
  focusStep(step: number): void {
    const scene = this.scene;
    if (!scene) return;
    const position = cursorAtStep(scene.layout, this.cursor ? this.cursorPosition() : null, step);
    if (!position) return;
    this.scroller.scrollLeft = centredScrollLeft(scene.layout, position.step, this.bodyWidth());
    this.moveCursor(position);
    this.scroller.focus({ preventScroll: true });
  }

  /** Keeps `step` at `offset` pixels from the body's left edge (after a zoom). */
  scrollToStep(step: number, offset: number): void {
    if (!this.scene) return;
    this.scroller.scrollLeft = Math.max(0, step * this.scene.layout.cellWidth - offset);
  }

  /**
   * The point (relative to the scroller) over the centre of a cell, scrolling it into view first; null
   * when that map or unit is not shown. Used by the e2e tests to hover a known cell.
   */
  cellPoint(layer: number, signal: string, unit: number, step: number): { x: number; y: number } | null {
    const scene = this.scene;
    if (!scene) return null;
    const row = scene.rows[layer]?.[signal]?.[unit] ?? -1;
    const center = cellCenter(scene.layout, layer, signal, row, step);
    if (!center) return null;
    const bodyHeight = this.scroller.clientHeight - TOP_BAND - (scene.focus ? BANDS.chart : 0);
    this.scroller.scrollLeft = Math.max(0, center.x - this.bodyWidth() / 2);
    this.scroller.scrollTop = Math.max(0, center.y - bodyHeight / 2);
    this.drawNow();
    return { x: BANDS.left + center.x - this.scroller.scrollLeft, y: TOP_BAND + center.y - this.scroller.scrollTop };
  }

  /** The canvas as it is now, for tests and screenshots. */
  get canvasElement(): HTMLCanvasElement {
    return this.canvas;
  }

  private resize(): void {
    this.sizeCanvas();
    this.requestDraw();
  }

  private sizeCanvas(): void {
    const width = this.scroller.clientWidth;
    const height = this.scroller.clientHeight;
    const ratio = window.devicePixelRatio || 1;
    if (width === this.width && height === this.height && this.canvas.width === Math.round(width * ratio)) return;
    this.width = width;
    this.height = height;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
  }

  private visibleCells(scrollX: number, scrollY: number): number {
    const scene = this.scene!;
    const { layout } = scene;
    const bodyHeight = this.height - TOP_BAND - (scene.focus ? BANDS.chart : 0);
    const steps =
      Math.min(layout.steps, Math.ceil((scrollX + this.bodyWidth()) / layout.cellWidth)) -
      Math.floor(scrollX / layout.cellWidth);
    let rows = 0;
    for (const block of layout.blocks) {
      const top = Math.max(block.top, scrollY);
      const bottom = Math.min(block.top + block.height, scrollY + bodyHeight);
      if (bottom > top)
        rows += Math.ceil((bottom - block.top) / layout.cellHeight) - Math.floor((top - block.top) / layout.cellHeight);
    }
    return Math.max(0, steps) * rows;
  }

  /** What is under a mouse event: a cell of the body, a step (top band or chart), or nothing. */
  private targetAt(event: MouseEvent): HoverTarget | null {
    const scene = this.scene;
    if (!scene) return null;
    const rect = this.scroller.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    const chartTop = this.scroller.clientHeight - (scene.focus ? BANDS.chart : 0);
    if (x >= this.scroller.clientWidth || y >= this.scroller.clientHeight) return null;
    const contentX = x - BANDS.left + this.scroller.scrollLeft;
    if (y < TOP_BAND || y >= chartTop) {
      const step = x < BANDS.left ? -1 : stepAt(scene.layout, contentX);
      return step < 0 ? null : { kind: 'step', step };
    }
    const contentY = y - TOP_BAND + this.scroller.scrollTop;
    if (x < BANDS.left) {
      // Over a map's label: the unit of that row, at no particular step.
      const block = blockAt(scene.layout, contentY);
      if (!block) return null;
      const row = Math.floor((contentY - block.top) / scene.layout.cellHeight);
      const unit = scene.orders[block.layer][block.signal][row];
      return unit === undefined
        ? null
        : { kind: 'cell', layer: block.layer, signal: block.signal, unit, row, step: -1 };
    }
    const hit = hitTest(scene.layout, contentX, contentY);
    if (!hit) return null;
    return {
      kind: 'cell',
      layer: hit.block.layer,
      signal: hit.block.signal,
      unit: scene.orders[hit.block.layer][hit.block.signal][hit.row],
      row: hit.row,
      step: hit.step,
    };
  }

  private hover(event: MouseEvent): void {
    this.setHover(this.targetAt(event), event.clientX, event.clientY);
  }

  private setHover(target: HoverTarget | null, clientX: number, clientY: number, fromKeyboard = false): void {
    if (!this.scene) return;
    const before = JSON.stringify(this.scene.hover) + String(this.scene.cursor);
    this.scene.hover = target;
    this.scene.cursor = fromKeyboard && target !== null;
    if (JSON.stringify(target) + String(this.scene.cursor) !== before) this.requestDraw();
    this.events.onHover(target, clientX, clientY, fromKeyboard);
  }

  private keydown(event: KeyboardEvent): void {
    const scene = this.scene;
    if (!scene) return;
    const jump = event.ctrlKey || event.metaKey;
    if (isCursorKey(event.key)) {
      event.preventDefault();
      const here = this.cursorPosition();
      this.moveCursor(moveMapCursor(scene.layout, here, event.key, jump));
    } else if (event.key === 'Enter' || event.key === ' ') {
      const here = this.cursorPosition();
      if (!here) return;
      event.preventDefault();
      const target = this.targetOf(here);
      this.events.onClickUnit(target.layer, target.signal, target.unit, jump || event.shiftKey);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.events.onEscape?.();
    }
  }

  /** The keyboard cursor in the current layout (clamped; the top-left cell in view when there was none). */
  private cursorPosition(): MapCursor | null {
    const scene = this.scene;
    if (!scene) return null;
    const cell = this.cursor;
    if (!cell) {
      const { layout } = scene;
      const top = this.scroller.scrollTop;
      const block = layout.blocks.findIndex((b) => b.rows > 0 && b.top + b.height > top);
      if (block < 0) return clampCursor(layout, null);
      const row = Math.floor((top - layout.blocks[block].top) / layout.cellHeight);
      const step = Math.ceil(this.scroller.scrollLeft / layout.cellWidth);
      return clampCursor(layout, { block, row: Math.max(0, row), step });
    }
    const blocks = scene.layout.blocks;
    let block = blocks.findIndex((b) => b.layer === cell.layer && b.signal === cell.signal);
    const row = scene.rows[cell.layer]?.[cell.signal]?.[cell.unit] ?? -1;
    if (block < 0)
      block = Math.max(
        0,
        blocks.findIndex((b) => b.layer === cell.layer),
      );
    return clampCursor(scene.layout, { block, row: Math.max(0, row), step: cell.step });
  }

  private targetOf(position: MapCursor): Extract<HoverTarget, { kind: 'cell' }> {
    const scene = this.scene!;
    const block = scene.layout.blocks[position.block];
    const unit = scene.orders[block.layer][block.signal][position.row];
    return { kind: 'cell', layer: block.layer, signal: block.signal, unit, row: position.row, step: position.step };
  }

  /** Puts the cursor on a cell: scrolls it into view, hovers it and reports where it is on screen. */
  private moveCursor(position: MapCursor | null): void {
    const scene = this.scene;
    if (!scene || !position) return;
    const target = this.targetOf(position);
    this.cursor = { layer: target.layer, signal: target.signal, unit: target.unit, step: target.step };
    this.root.setAttribute('data-cursor-step', String(target.step));
    const { cellWidth: w, cellHeight: h } = scene.layout;
    const block = scene.layout.blocks[position.block];
    const x = position.step * w;
    const y = block.top + position.row * h;
    const bodyWidth = this.bodyWidth();
    const bodyHeight = this.scroller.clientHeight - TOP_BAND - (scene.focus ? BANDS.chart : 0);
    // Scroll as little as shows the cell (and, at the top of a map, its label row above).
    if (x < this.scroller.scrollLeft) this.scroller.scrollLeft = x;
    else if (x + w > this.scroller.scrollLeft + bodyWidth) this.scroller.scrollLeft = x + w - bodyWidth;
    if (y < this.scroller.scrollTop) this.scroller.scrollTop = Math.max(0, y - (position.row === 0 ? h : 0));
    else if (y + h > this.scroller.scrollTop + bodyHeight) this.scroller.scrollTop = y + h - bodyHeight;
    const rect = this.scroller.getBoundingClientRect();
    const right = rect.left + BANDS.left + x + w - this.scroller.scrollLeft;
    const bottom = rect.top + TOP_BAND + y + h - this.scroller.scrollTop;
    this.setHover(target, Math.min(right, rect.right), Math.min(bottom, rect.bottom), true);
  }

  private click(event: MouseEvent): void {
    const target = this.targetAt(event);
    if (target?.kind === 'cell' && target.step >= 0) this.cursor = { ...target };
    if (target?.kind === 'cell')
      this.events.onClickUnit(
        target.layer,
        target.signal,
        target.unit,
        event.ctrlKey || event.metaKey || event.shiftKey,
      );
  }

  private wheel(event: WheelEvent): void {
    if (!this.scene || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    const rect = this.scroller.getBoundingClientRect();
    const contentX = event.clientX - rect.left - BANDS.left + this.scroller.scrollLeft;
    const step = Math.max(0, Math.min(this.scene.layout.steps - 1, Math.floor(contentX / this.scene.layout.cellWidth)));
    this.events.onZoom(event.deltaY < 0 ? 1 : -1, event.shiftKey ? 'units' : 'steps', step);
  }
}
