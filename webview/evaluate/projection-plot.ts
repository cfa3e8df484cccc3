/**
 * The projection's scatter: 20 000 points drawn in one ImageData pass on a base canvas, and on an overlay
 * canvas above it what changes often (the lasso, the hovered point, the keyboard cursor). Hover finds the
 * nearest point through a grid index; a pointer drag draws a lasso whose points become the selection (a
 * click without a drag selects the nearest point); the arrow keys move a cursor between nearest points and
 * say where it is, Enter opens it, Escape clears the selection.
 */

import { element, setText, setVisible } from '../shared/dom';
import { Announcer } from '../shared/announcer';
import * as l10n from '../shared/l10n';
import { readThemeColors, themeKind, withAlpha } from '../shared/theme';
import {
  centralPoint,
  dataBounds,
  GridIndex,
  pointsInPolygon,
  projectToScreen,
  rasterizePoints,
  stepCursor,
  type ArrowDirection,
  type PlotFrame,
} from './scatter';

/** Pixels (CSS) round the plot inside the canvas, so edge points are drawn whole. */
const PADDING = 10;
/** How near (CSS pixels) the pointer must be to a point for hover to show it. */
const HOVER_RADIUS = 12;
/** A point's square (CSS pixels). */
const POINT_SIZE = 3;
/** Unselected points' opacity (of 255) while a selection exists; high contrast themes keep them visible. */
const DIMMED_ALPHA = 45;
const DIMMED_ALPHA_HIGH_CONTRAST = 110;

export interface PointText {
  /** `sequence 12, step 40`. */
  place: string;
  /** `label spam, predicted ham · loss 1.23`. */
  detail: string;
  context?: string;
}

/** What e2e tests read of the scatter (`window.__evaluateProjection`). */
export interface ProjectionProbe {
  /** Where point `n` is drawn, in CSS pixels inside the canvas (null before a projection or past the end). */
  pointPosition(point: number): { x: number; y: number } | null;
  /** The keyboard cursor's point (−1 none). */
  cursor(): number;
}

declare global {
  interface Window {
    __evaluateProjection?: ProjectionProbe;
  }
}

export interface PlotEvents {
  describe(point: number): PointText;
  onSelect(points: number[]): void;
  onOpen(point: number): void;
}

const ARROWS: Record<string, ArrowDirection> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

export class ProjectionPlot {
  readonly root: HTMLElement;
  readonly overlay: HTMLCanvasElement;
  private readonly base = element('canvas', { className: 'plot-base', attrs: { 'aria-hidden': 'true' } });
  private readonly tooltip = element('div', {
    id: 'projection-hover',
    className: 'plot-tooltip',
    attrs: { role: 'presentation' },
  });
  private readonly announcer = new Announcer('projection-announcer');
  private points: Float32Array = new Float32Array(0);
  private screen: Float32Array = new Float32Array(0);
  private colors: Uint8Array = new Uint8Array(0);
  private selected: Uint8Array | null = null;
  private grid: GridIndex | null = null;
  private frame: PlotFrame = { left: 0, top: 0, width: 0, height: 0 };
  private cssWidth = 0;
  private cssHeight = 0;
  private lasso: number[] | null = null;
  private dragging = false;
  private hover = -1;
  private cursor = -1;

  constructor(private readonly events: PlotEvents) {
    this.overlay = element('canvas', {
      id: 'projection-canvas',
      className: 'plot-overlay',
      attrs: {
        tabindex: 0,
        role: 'application',
        'aria-roledescription': l10n.t('scatter plot'),
        'aria-label': l10n.t(
          'Projection of the hidden states. Arrow keys move between points, Enter opens the point in the Gates panel, Escape clears the selection; drag to draw a lasso.',
        ),
      },
    });
    setVisible(this.tooltip, false);
    this.root = element('div', { className: 'plot' }, this.base, this.overlay, this.tooltip, this.announcer.root);
    this.overlay.addEventListener('pointerdown', (event) => this.pointerDown(event));
    this.overlay.addEventListener('pointermove', (event) => this.pointerMove(event));
    this.overlay.addEventListener('pointerup', (event) => this.pointerUp(event));
    // A drag the browser takes over (a touch scroll, a lost capture) draws no lasso.
    this.overlay.addEventListener('pointercancel', () => {
      this.dragging = false;
      this.lasso = null;
      this.drawOverlay();
    });
    this.overlay.addEventListener('pointerleave', () => {
      if (!this.dragging) this.setHover(-1);
    });
    this.overlay.addEventListener('keydown', (event) => this.keyDown(event));
    window.__evaluateProjection = {
      pointPosition: (point) => this.pointPosition(point),
      cursor: () => this.cursor,
    };
  }

  /** A new projection: `[N, 2]` points and their `[N, 4]` colours; the selection and cursor are cleared. */
  setData(points: Float32Array, colors: Uint8Array): void {
    this.points = points;
    this.colors = colors;
    this.selected = null;
    this.lasso = null;
    this.hover = -1;
    this.cursor = -1;
    // The count drawn, for tests waiting on the plot (set before layout, which waits for a visible box).
    this.overlay.setAttribute('data-points', String(points.length >> 1));
    this.layout();
  }

  setColors(colors: Uint8Array): void {
    this.colors = colors;
    this.drawBase();
  }

  /** The selected points (the rest dimmed), or none. */
  setSelection(points: readonly number[] | null): void {
    if (points === null) {
      this.selected = null;
    } else {
      this.selected = new Uint8Array(this.points.length >> 1);
      for (const n of points) this.selected[n] = 1;
    }
    this.drawBase();
    this.drawOverlay();
  }

  /** Sizes the canvases to their box and maps the points again (shown, resized). */
  layout(): void {
    const width = Math.floor(this.root.clientWidth);
    if (width <= 0) return;
    const height = Math.max(280, Math.min(620, Math.round(width * 0.6)));
    const ratio = window.devicePixelRatio || 1;
    for (const canvas of [this.base, this.overlay]) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    this.root.style.height = `${height}px`;
    const scaleLasso = this.cssWidth > 0 && this.lasso;
    const sx = width / (this.cssWidth || width);
    const sy = height / (this.cssHeight || height);
    if (scaleLasso && this.lasso) this.lasso = this.lasso.map((v, k) => (k % 2 === 0 ? v * sx : v * sy));
    this.cssWidth = width;
    this.cssHeight = height;
    this.frame = { left: PADDING, top: PADDING, width: width - 2 * PADDING, height: height - 2 * PADDING };
    if (this.screen.length !== this.points.length) this.screen = new Float32Array(this.points.length);
    projectToScreen(this.points, dataBounds(this.points), this.frame, this.screen);
    this.grid = new GridIndex(this.screen, width, height);
    this.drawBase();
    this.drawOverlay();
  }

  /** The point's position in CSS pixels inside the canvas (tests and the screenshot script hover it). */
  pointPosition(point: number): { x: number; y: number } | null {
    if (point < 0 || 2 * point + 1 >= this.screen.length) return null;
    return { x: this.screen[2 * point], y: this.screen[2 * point + 1] };
  }

  private drawBase(): void {
    const context = this.base.getContext('2d');
    if (!context || this.base.width === 0) return;
    const image = context.createImageData(this.base.width, this.base.height);
    let colors = this.colors;
    if (this.selected) {
      const kind = themeKind();
      const dimmed =
        kind === 'high-contrast' || kind === 'high-contrast-light' ? DIMMED_ALPHA_HIGH_CONTRAST : DIMMED_ALPHA;
      colors = colors.slice();
      for (let n = 0; n < this.selected.length; n++) if (!this.selected[n]) colors[4 * n + 3] = dimmed;
    }
    const ratio = this.base.width / Math.max(1, this.cssWidth);
    rasterizePoints(
      image.data,
      this.base.width,
      this.base.height,
      this.screen,
      colors,
      Math.max(2, Math.round(POINT_SIZE * ratio)),
      ratio,
    );
    context.putImageData(image, 0, 0);
  }

  private drawOverlay(): void {
    const context = this.overlay.getContext('2d');
    if (!context) return;
    const theme = readThemeColors();
    const ratio = this.overlay.width / Math.max(1, this.cssWidth);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, this.cssWidth, this.cssHeight);
    context.strokeStyle = theme.grid;
    context.lineWidth = 1;
    context.strokeRect(0.5, 0.5, this.cssWidth - 1, this.cssHeight - 1);
    if (this.lasso && this.lasso.length >= 4) {
      context.beginPath();
      context.moveTo(this.lasso[0], this.lasso[1]);
      for (let k = 2; k < this.lasso.length; k += 2) context.lineTo(this.lasso[k], this.lasso[k + 1]);
      if (!this.dragging) context.closePath();
      context.fillStyle = withAlpha(theme.focusBorder, 0.08);
      context.fill();
      context.setLineDash([4, 3]);
      context.strokeStyle = theme.focusBorder;
      context.stroke();
      context.setLineDash([]);
    }
    const ring = (point: number, color: string, radius: number, width: number) => {
      const at = this.pointPosition(point);
      if (!at) return;
      context.beginPath();
      context.arc(at.x, at.y, radius, 0, 2 * Math.PI);
      context.strokeStyle = color;
      context.lineWidth = width;
      context.stroke();
    };
    if (this.hover >= 0) ring(this.hover, theme.foreground, 6, 1.5);
    if (this.cursor >= 0) ring(this.cursor, theme.focusBorder, 8, 2);
  }

  private local(event: PointerEvent): { x: number; y: number } {
    const box = this.overlay.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  private pointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    const { x, y } = this.local(event);
    this.dragging = true;
    this.lasso = [x, y];
    this.overlay.setPointerCapture(event.pointerId);
    this.setHover(-1);
  }

  private pointerMove(event: PointerEvent): void {
    const { x, y } = this.local(event);
    if (this.dragging && this.lasso) {
      const last = this.lasso.length - 2;
      if (Math.hypot(x - this.lasso[last], y - this.lasso[last + 1]) >= 3) {
        this.lasso.push(x, y);
        this.drawOverlay();
      }
      return;
    }
    this.setHover(this.grid ? this.grid.nearest(x, y, HOVER_RADIUS) : -1, x, y);
  }

  private pointerUp(event: PointerEvent): void {
    if (!this.dragging) return;
    this.dragging = false;
    if (this.overlay.hasPointerCapture(event.pointerId)) this.overlay.releasePointerCapture(event.pointerId);
    if (this.lasso && this.lasso.length >= 6) {
      this.finishLasso();
      return;
    }
    // A click: the nearest point alone, and the keyboard cursor moves to it.
    const { x, y } = this.local(event);
    this.lasso = null;
    const point = this.grid ? this.grid.nearest(x, y, HOVER_RADIUS) : -1;
    this.cursor = point;
    this.events.onSelect(point >= 0 ? [point] : []);
    this.drawOverlay();
  }

  private finishLasso(): void {
    const inside = this.lasso ? pointsInPolygon(this.screen, this.lasso) : [];
    this.events.onSelect(inside);
    this.drawOverlay();
  }

  private setHover(point: number, x = 0, y = 0): void {
    if (point !== this.hover) {
      this.hover = point;
      this.drawOverlay();
    }
    if (point < 0) {
      setVisible(this.tooltip, false);
      return;
    }
    const text = this.events.describe(point);
    this.tooltip.replaceChildren(
      element('div', { className: 'tooltip-title', text: text.place }),
      element('div', { text: text.detail }),
    );
    if (text.context !== undefined) {
      this.tooltip.append(element('div', { className: 'tooltip-context mono', text: text.context }));
    }
    setVisible(this.tooltip, true);
    // Beside the pointer, flipped to its left near the right edge so it stays inside the plot.
    const left = x + 14 + this.tooltip.offsetWidth > this.cssWidth ? x - 14 - this.tooltip.offsetWidth : x + 14;
    this.tooltip.style.left = `${Math.max(0, left)}px`;
    this.tooltip.style.top = `${Math.max(0, Math.min(y + 14, this.cssHeight - this.tooltip.offsetHeight))}px`;
  }

  private keyDown(event: KeyboardEvent): void {
    const count = this.points.length >> 1;
    if (count === 0) return;
    const direction = ARROWS[event.key];
    if (direction) {
      event.preventDefault();
      const next =
        this.cursor < 0 ? centralPoint(this.screen, this.frame) : stepCursor(this.screen, this.cursor, direction);
      if (next >= 0) this.cursor = next;
      this.announce();
      this.drawOverlay();
    } else if (event.key === 'Enter' && this.cursor >= 0) {
      event.preventDefault();
      this.events.onOpen(this.cursor);
    } else if (event.key === 'Escape' && (this.lasso || this.selected)) {
      event.preventDefault();
      this.lasso = null;
      this.events.onSelect([]);
      this.drawOverlay();
    }
  }

  private announce(): void {
    if (this.cursor < 0) return;
    const text = this.events.describe(this.cursor);
    this.announcer.say([text.place, text.detail, text.context].filter(Boolean).join('. '));
  }

  /** Hides the hover (a new answer, the tab hidden). */
  clearHover(): void {
    this.setHover(-1);
    setText(this.tooltip, '');
  }
}
