/**
 * The band above the maps, scrolled horizontally with them: the step axis, the input tokens (whitespace
 * visible; the steps matching the unit selection highlighted) and the model's output at each step — the
 * predicted next token shaded by the probability given to the one that came (language model), the class
 * probabilities as stacked bars (classification), or the predicted next value against the actual one
 * (forecasting). The caller translates the context so that x = 0 is step 0 and y = 0 the band's top.
 */

import { withAlpha } from '../shared/theme';
import { cssColorOf, type ColorScale } from './color-scales';
import { BANDS } from './map-layout';
import type { Scene } from './scene';
import { visibleToken } from './token-format';

export function drawTopBand(ctx: CanvasRenderingContext2D, scene: Scene, first: number, last: number, sequential: ColorScale): void {
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

function drawOutputs(ctx: CanvasRenderingContext2D, scene: Scene, first: number, last: number, top: number, sequential: ColorScale): void {
  const { layout, theme } = scene;
  const out = scene.recording.outputs;
  const w = layout.cellWidth;
  const h = BANDS.outputs - 4;
  const y0 = top + 2;
  if (out.kind === 'next-token') {
    ctx.font = `${Math.min(13, w + 1)}px ${scene.monoFont}`;
    ctx.textAlign = 'center';
    for (let t = first; t <= last; t++) {
      const p = out.actualProbability[t];
      ctx.fillStyle = p === null ? withAlpha(theme.descriptionForeground, 0.15) : cssColorOf(sequential, p);
      ctx.fillRect(t * w, y0, Math.max(1, w - (w >= 6 ? 1 : 0)), h);
      if (w >= 7) {
        const best = out.top[t][0]?.token ?? '';
        const right = best === out.actual[t];
        ctx.fillStyle = p !== null && p > 0.55 ? theme.background : right ? theme.foreground : theme.descriptionForeground;
        ctx.fillText(fit(ctx, visibleToken(best), w - 1), (t + 0.5) * w, y0 + h / 2 + 1);
      }
    }
    return;
  }
  if (out.kind === 'class-probabilities') {
    const C = out.classes.length;
    const colors = classColors(scene);
    for (let t = first; t <= last; t++) {
      let y = y0 + h;
      for (let c = 0; c < C; c++) {
        const p = out.probabilities[t * C + c];
        const height = p * h;
        ctx.fillStyle = colors[c % colors.length];
        ctx.fillRect(t * w, y - height, Math.max(1, w - (w >= 6 ? 1 : 0)), height);
        y -= height;
      }
    }
    return;
  }
  // Forecasting: the first target, predicted (line) against actual (dots), on the range of both.
  const K = out.targets.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < scene.recording.steps; t++) {
    for (const v of [out.predicted[t * K], out.actual[t * K]]) {
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (!(hi > lo)) {
    hi = lo + 1;
    lo -= 1;
  }
  const yOf = (v: number) => y0 + h - ((v - lo) / (hi - lo)) * h;
  ctx.strokeStyle = theme.blue;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (let t = Math.max(0, first - 1); t <= Math.min(scene.recording.steps - 1, last + 1); t++) {
    const x = (t + 0.5) * w;
    if (t === Math.max(0, first - 1)) ctx.moveTo(x, yOf(out.predicted[t * K]));
    else ctx.lineTo(x, yOf(out.predicted[t * K]));
  }
  ctx.stroke();
  ctx.fillStyle = theme.foreground;
  for (let t = first; t <= last; t++) {
    const v = out.actual[t * K];
    if (Number.isFinite(v)) ctx.fillRect((t + 0.5) * w - 1.5, yOf(v) - 1.5, 3, 3);
  }
}

/** One colour per class, from the theme's chart colours. */
export function classColors(scene: Pick<Scene, 'theme'>): string[] {
  const t = scene.theme;
  return [t.blue, t.orange, t.green, t.red, t.purple, t.yellow];
}

/** The smallest of 1, 2, 5, 10, 20, 50, … that is ≥ x. */
export function niceStep(x: number): number {
  if (!(x > 1)) return 1;
  const magnitude = Math.pow(10, Math.floor(Math.log10(x)));
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= x) return m * magnitude;
  return 10 * magnitude;
}

/** Text cut with an ellipsis to fit a width. */
export function fit(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(cut + '…').width > width) cut = cut.slice(0, -1);
  return cut.length <= 1 ? cut : cut + '…';
}
