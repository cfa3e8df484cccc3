/**
 * The maps viewport: one canvas the size of the visible area under a transparent native scroller whose
 * spacer has the size of the whole content. Scrolling moves nothing in the DOM; each frame redraws only
 * what is visible (draw-scene.ts), so 2 layers × 256 units × 1 000 steps scroll and zoom smoothly.
 * Reports hover (cell or step), clicks and Ctrl/⌘ + wheel zoom to the panel.
 */

import { element } from '../shared/dom';
import { drawScene } from './draw-scene';
import { BANDS, TOP_BAND, blockAt, cellCenter, hitTest, stepAt } from './map-layout';
import type { HoverTarget, Scene } from './scene';
import * as l10n from '../shared/l10n';

export interface MapViewEvents {
  onHover(target: HoverTarget | null, clientX: number, clientY: number): void;
  /** A click on a cell (or a unit's label) of a signal's map: `toggle` when Ctrl/⌘ or Shift was held. */
  onClickUnit(layer: number, signal: string, unit: number, toggle: boolean): void;
  /** Ctrl/⌘ + wheel: zoom the time axis in (+1) or out (−1) around a step; with Shift, the unit axis. */
  onZoom(direction: 1 | -1, axis: 'steps' | 'units', anchorStep: number): void;
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
      attrs: { tabindex: 0, role: 'img', 'aria-label': naming.label },
    });
    this.canvas = element('canvas', { id: `${prefix}maps-canvas`, className: 'maps-canvas' });
    this.scroller.append(this.spacer);
    this.root.append(this.canvas, this.scroller);
    this.scroller.addEventListener('scroll', () => this.requestDraw());
    this.scroller.addEventListener('mousemove', (event) => this.hover(event));
    this.scroller.addEventListener('mouseleave', () => this.setHover(null, 0, 0));
    this.scroller.addEventListener('click', (event) => this.click(event));
    this.scroller.addEventListener('wheel', (event) => this.wheel(event), { passive: false });
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

  private setHover(target: HoverTarget | null, clientX: number, clientY: number): void {
    if (!this.scene) return;
    const before = JSON.stringify(this.scene.hover);
    this.scene.hover = target;
    if (JSON.stringify(target) !== before) this.requestDraw();
    this.events.onHover(target, clientX, clientY);
  }

  private click(event: MouseEvent): void {
    const target = this.targetAt(event);
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
