/**
 * Draws one frame of the maps view into a 2D context: the maps of the scrolled body (each the visible
 * part of its bitmap, scaled to the cells with nearest-neighbour sampling), cell separators when cells
 * are large, the layer headers and map labels on the left, the focused unit's rows and the hovered cell,
 * then the top band (steps, tokens, outputs) and, with a focused unit, its chart at the bottom.
 */

import { directionLabel, signalOf } from '../../src/protocol/gate-recording';
import { withAlpha } from '../shared/theme';
import { drawTopBand } from './draw-top-band';
import { drawMapBitmap } from './map-bitmaps';
import { drawUnitChart, drawUnitChartLegend } from './draw-unit-chart';
import { BANDS, TOP_BAND, visibleSteps, type MapBlock } from './map-layout';
import { unitsOf } from './recording-data';
import type { Scene, Viewport } from './scene';
import { outputViewOf } from './tasks';
import * as l10n from '../shared/l10n';

export function drawScene(ctx: CanvasRenderingContext2D, scene: Scene, view: Viewport): void {
  const { theme, layout } = scene;
  const chartHeight = scene.focus ? BANDS.chart : 0;
  const bodyTop = TOP_BAND;
  const bodyBottom = view.height - chartHeight;
  const bodyWidth = view.width - BANDS.left;
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, view.width, view.height);
  const [first, last] = visibleSteps(layout, view.scrollX, bodyWidth);

  // Body: maps, scrolled both ways.
  clipped(
    ctx,
    BANDS.left,
    bodyTop,
    bodyWidth,
    bodyBottom - bodyTop,
    BANDS.left - view.scrollX,
    bodyTop - view.scrollY,
    () => {
      for (const block of layout.blocks) {
        if (block.top + block.height < view.scrollY || block.top > view.scrollY + bodyBottom - bodyTop) continue;
        drawMap(ctx, scene, block, first, last, view.scrollY, bodyBottom - bodyTop);
      }
      drawHover(ctx, scene);
    },
  );

  // Left band: layer headers across the full width, map labels; scrolled vertically only.
  clipped(ctx, 0, bodyTop, view.width, bodyBottom - bodyTop, 0, bodyTop - view.scrollY, () => {
    ctx.textBaseline = 'middle';
    for (const header of layout.layerHeaders) {
      ctx.fillStyle = theme.background;
      ctx.fillRect(0, header.top, view.width, BANDS.layerHeader - 2);
      ctx.fillStyle = theme.foreground;
      ctx.font = `600 12px ${theme.fontFamily}`;
      ctx.textAlign = 'left';
      ctx.fillText(layerHeaderLabel(scene, header.layer), 8, header.top + BANDS.layerHeader / 2);
      ctx.fillStyle = theme.grid;
      ctx.fillRect(0, header.top + BANDS.layerHeader - 3, view.width, 1);
    }
    ctx.fillStyle = theme.background;
    for (const block of layout.blocks) ctx.fillRect(0, block.top - 1, BANDS.left, block.height + 2);
    const visibleTop = view.scrollY;
    const visibleBottom = view.scrollY + bodyBottom - bodyTop;
    for (const block of layout.blocks) {
      if (block.top + block.height >= visibleTop && block.top <= visibleBottom)
        drawMapLabel(ctx, scene, block, visibleTop, visibleBottom);
    }
  });

  // Top band: scrolled horizontally only.
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, view.width, bodyTop);
  const sequential = scene.scales[0].sequential;
  clipped(ctx, BANDS.left, 0, bodyWidth, bodyTop, BANDS.left - view.scrollX, 0, () =>
    drawTopBand(ctx, scene, first, last, sequential),
  );
  drawTopBandLabels(ctx, scene);

  if (scene.focus) {
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, bodyBottom, view.width, chartHeight);
    ctx.fillStyle = theme.grid;
    ctx.fillRect(0, bodyBottom, view.width, 1);
    clipped(ctx, BANDS.left, bodyBottom, bodyWidth, chartHeight, BANDS.left - view.scrollX, bodyBottom, () =>
      drawUnitChart(ctx, scene, first, last),
    );
    clipped(ctx, 0, bodyBottom, BANDS.left, chartHeight, 0, bodyBottom, () =>
      drawUnitChartLegend(ctx, scene, BANDS.left),
    );
  }
}

/** Runs `draw` clipped to a rectangle, with the origin moved to (ox, oy). */
function clipped(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  ox: number,
  oy: number,
  draw: () => void,
): void {
  if (w <= 0 || h <= 0) return;
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.translate(ox, oy);
  draw();
  ctx.restore();
}

function drawMap(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  block: MapBlock,
  first: number,
  last: number,
  scrollY: number,
  bodyHeight: number,
): void {
  const { layout, theme } = scene;
  const w = layout.cellWidth;
  const h = layout.cellHeight;
  const bitmap = scene.bitmap(block.layer, block.signal);
  if (!bitmap || last < first || block.rows === 0) return;
  const firstRow = Math.max(0, Math.floor((scrollY - block.top) / h));
  const lastRow = Math.min(block.rows - 1, Math.ceil((scrollY + bodyHeight - block.top) / h));
  if (lastRow < firstRow) return;
  const steps = last - first + 1;
  const rows = lastRow - firstRow + 1;
  drawMapBitmap(ctx, bitmap, first, last, firstRow, lastRow, w, h, block.top);
  // Cell separators once cells are large enough to read one by one.
  ctx.fillStyle = withAlpha(theme.background, 0.55);
  if (w >= 8) for (let t = first + 1; t <= last; t++) ctx.fillRect(t * w - 0.5, block.top + firstRow * h, 1, rows * h);
  if (h >= 8)
    for (let r = firstRow + 1; r <= lastRow; r++) ctx.fillRect(first * w, block.top + r * h - 0.5, steps * w, 1);
  // The focused unit (a unit of the layer's gates: not marked in a projected h, whose units are others).
  const row = focusRow(scene, block);
  if (row >= 0) {
    ctx.strokeStyle = theme.foreground;
    ctx.lineWidth = 1;
    ctx.strokeRect(first * w + 0.5, block.top + row * h - 0.5, steps * w - 1, h + 1);
  }
}

function drawHover(ctx: CanvasRenderingContext2D, scene: Scene): void {
  const hover = scene.hover;
  if (!hover) return;
  // An encoder–decoder's maps show the pointed step's column on a cell's hover too (the step is what links them).
  if (hover.kind === 'step' || (scene.recording.pair && hover.step >= 0)) drawStepColumn(ctx, scene, hover.step);
  if (hover.kind === 'step') return;
  const block = scene.layout.blocks.find((b) => b.layer === hover.layer && b.signal === hover.signal);
  if (!block) return;
  const { cellWidth: w, cellHeight: h } = scene.layout;
  const x = hover.step * w;
  const y = block.top + hover.row * h;
  if (scene.cursor) {
    // The keyboard cursor: the focus colour, with a line of background inside so it shows on any cell colour.
    ctx.strokeStyle = scene.theme.background;
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
    ctx.strokeStyle = scene.theme.focusBorder;
    ctx.lineWidth = 2;
    ctx.strokeRect(x - 1, y - 1, w + 2, h + 2);
    return;
  }
  ctx.strokeStyle = scene.theme.foreground;
  ctx.lineWidth = 1.5;
  ctx.strokeRect(x - 0.5, y - 0.5, w + 1, h + 1);
}

/** A pointed step (its token, or a linked view's step): its column tinted and outlined in every map shown. */
function drawStepColumn(ctx: CanvasRenderingContext2D, scene: Scene, step: number): void {
  const { cellWidth: w } = scene.layout;
  for (const block of scene.layout.blocks) {
    ctx.fillStyle = withAlpha(scene.theme.foreground, 0.16);
    ctx.fillRect(step * w, block.top, w, block.height);
    ctx.fillStyle = scene.theme.foreground;
    ctx.fillRect(step * w - 1, block.top, 1, block.height);
    ctx.fillRect((step + 1) * w, block.top, 1, block.height);
  }
}

function drawMapLabel(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  block: MapBlock,
  visibleTop: number,
  visibleBottom: number,
): void {
  const { theme, layout } = scene;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  const labelTop = block.top + 1;
  ctx.fillStyle = theme.foreground;
  ctx.font = `600 13px ${scene.monoFont}`;
  ctx.fillText(block.signal, 8, labelTop);
  if (block.height >= 28) {
    ctx.fillStyle = theme.descriptionForeground;
    ctx.font = `10px ${theme.fontFamily}`;
    ctx.fillText(signalOf(scene.recording.gates[block.layer], block.signal)?.label ?? '', 8, labelTop + 16);
  }
  // Unit numbers at the right edge of the band when rows are tall enough; marks for the selection.
  const h = layout.cellHeight;
  const order = scene.orders[block.layer][block.signal];
  const gateUnits = isGateWidth(scene, block);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.font = `9px ${theme.fontFamily}`;
  const match = scene.match && scene.match.layer === block.layer && gateUnits ? scene.match.units : [];
  const firstRow = Math.max(0, Math.floor((visibleTop - block.top) / h));
  const lastRow = Math.min(block.rows - 1, Math.ceil((visibleBottom - block.top) / h));
  for (let r = firstRow; r <= lastRow; r++) {
    const unit = order[r];
    const y = block.top + (r + 0.5) * h;
    const focused = gateUnits && scene.focus?.layer === block.layer && scene.focus.unit === unit;
    if (match.includes(unit)) {
      ctx.fillStyle = theme.yellow;
      ctx.fillRect(BANDS.left - 4, block.top + r * h, 3, Math.max(1, h));
    }
    if (h >= 10 || focused) {
      ctx.fillStyle = focused ? theme.foreground : theme.descriptionForeground;
      ctx.fillText(String(unit), BANDS.left - 7, y);
    }
  }
}

/**
 * `Layer 1 of 2 · 32 of 32 units`, with the direction of a bidirectional layer (`Layer 1 of 2 · → forward
 * · …`) and the order (`sorted by variance of h · top 32`).
 */
export function layerHeaderLabel(scene: Scene, layer: number): string {
  const { recording } = scene;
  const recorded = recording.gates[layer];
  const first = recorded.signals[0]?.name ?? '';
  const units = scene.orders[layer][first]?.length ?? 0;
  const direction = recording.bidirectional ? ` · ${directionLabel(recorded.direction)}` : '';
  const order = scene.orderLabel ? ` · ${scene.orderLabel}` : '';
  return l10n.t(
    'Layer {0} of {1}{2} · {3} of {4} units{5}',
    recorded.layer + 1,
    recording.layers,
    direction,
    units,
    recording.units,
    order,
  );
}

/** Whether a map's units are the layer's gate units (H), the ones focus and selection refer to. */
function isGateWidth(scene: Scene, block: MapBlock): boolean {
  const recorded = scene.recording.gates[block.layer];
  return signalOf(recorded, block.signal)?.width === unitsOf(recorded);
}

/** The focused unit's row in a map, or −1 (not this layer, not shown, or a map of other units). */
function focusRow(scene: Scene, block: MapBlock): number {
  const focus = scene.focus;
  if (!focus || focus.layer !== block.layer || !isGateWidth(scene, block)) return -1;
  return scene.rows[block.layer][block.signal][focus.unit] ?? -1;
}

function drawTopBandLabels(ctx: CanvasRenderingContext2D, scene: Scene): void {
  const { theme, recording } = scene;
  ctx.fillStyle = theme.descriptionForeground;
  ctx.font = `10px ${theme.fontFamily}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText('step', 8, BANDS.axis / 2);
  const output = outputViewOf(recording.outputs.kind);
  ctx.fillText(output.inputLabel, 8, BANDS.axis + BANDS.tokens / 2);
  ctx.fillText(output.bandLabel, 8, BANDS.axis + BANDS.tokens + BANDS.outputs / 2);
  ctx.fillStyle = theme.grid;
  ctx.fillRect(0, TOP_BAND - 2, BANDS.left + scene.layout.contentWidth, 1);
}
