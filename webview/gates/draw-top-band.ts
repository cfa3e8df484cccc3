/**
 * The band above the maps, scrolled horizontally with them: the step axis, the input tokens (whitespace
 * visible; the steps matching the unit selection highlighted) and the model's output at each step, drawn
 * by the view of its kind (tasks/: the predicted next token, stacked class probabilities, or the
 * predicted next value against the actual one). The caller translates the context so that x = 0 is step 0 and y = 0 the band's top.
 */

import { withAlpha } from '../shared/theme';
import { fit } from './canvas-text';
import type { ColorScale } from './color-scales';
import { BANDS } from './map-layout';
import type { Scene } from './scene';
import { outputViewOf } from './tasks';
import { visibleToken } from './token-format';

export function drawTopBand(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  first: number,
  last: number,
  sequential: ColorScale,
): void {
  const { layout, theme, recording } = scene;
  const w = layout.cellWidth;
  // Step axis: a label every k steps, k from 1-2-5 so labels stay ≥ 44 px apart.
  const every = niceStep(44 / w);
  ctx.fillStyle = theme.descriptionForeground;
  ctx.font = `10px ${theme.fontFamily}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (let t = Math.ceil(first / every) * every; t <= last; t += every) {
    ctx.fillText(String(t), t * w + 1, BANDS.axis / 2);
    ctx.fillRect(t * w, BANDS.axis - 4, 1, 4);
  }

  const tokensTop = BANDS.axis;
  const mask = scene.match?.mask;
  if (mask) {
    ctx.fillStyle = withAlpha(theme.yellow, 0.35);
    for (let t = first; t <= last; t++) if (mask[t]) ctx.fillRect(t * w, tokensTop, w, BANDS.tokens);
    ctx.fillStyle = theme.yellow;
    for (let t = first; t <= last; t++) if (mask[t]) ctx.fillRect(t * w, tokensTop, w, 3);
  }
  const from = scene.attentionFrom;
  if (from) {
    // The source tokens the pointed output step read, tinted by its attention (relative to its largest weight).
    let max = 0;
    for (const x of from.weights) max = Math.max(max, x);
    for (let t = first; t <= last && t < from.weights.length; t++) {
      if (!(max > 0)) break;
      ctx.fillStyle = withAlpha(theme.blue, (0.6 * from.weights[t]) / max);
      ctx.fillRect(t * w, tokensTop, w, BANDS.tokens);
    }
  }
  const hoverStep = scene.hover ? scene.hover.step : -1;
  if (hoverStep >= first && hoverStep <= last) {
    ctx.fillStyle = withAlpha(theme.foreground, 0.14);
    ctx.fillRect(hoverStep * w, tokensTop, w, BANDS.tokens + BANDS.outputs);
  }
  if (w >= 7) {
    const size = Math.min(13, w + 1);
    ctx.font = `${size}px ${scene.monoFont}`;
    ctx.textAlign = 'center';
    for (let t = first; t <= last; t++) {
      const token = recording.tokens[t] ?? '';
      const shown = visibleToken(token);
      const whitespace = shown !== token;
      ctx.fillStyle = whitespace ? theme.descriptionForeground : theme.foreground;
      ctx.fillText(fit(ctx, shown, w - 1), (t + 0.5) * w, tokensTop + BANDS.tokens / 2 + 1);
    }
  }
  drawOutputs(ctx, scene, first, last, tokensTop + BANDS.tokens, sequential);
}

function drawOutputs(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  first: number,
  last: number,
  top: number,
  sequential: ColorScale,
): void {
  const out = scene.recording.outputs;
  outputViewOf(out.kind).drawBand(ctx, scene, out, { first, last, y0: top + 2, h: BANDS.outputs - 4, sequential });
}

/** The smallest of 1, 2, 5, 10, 20, 50, … that is ≥ x. */
export function niceStep(x: number): number {
  if (!(x > 1)) return 1;
  const magnitude = Math.pow(10, Math.floor(Math.log10(x)));
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= x) return m * magnitude;
  return 10 * magnitude;
}
