/**
 * The PNG export: the shown maps over the whole sequence (not just the visible part), with the token
 * strip, the output row, the labels and the focused unit's chart, under a title line. Drawn with the
 * same code as the screen (draw-scene.ts) into a canvas the size of the content, scaled down if it
 * would exceed what a canvas can hold.
 */

import { drawScene } from './draw-scene';
import { BANDS, TOP_BAND } from './map-layout';
import type { Scene } from './scene';

const TITLE_HEIGHT = 28;
const MAX_SIDE = 16_000;
const MAX_PIXELS = 64e6;

/** The image as base64 PNG (no `data:` prefix). */
export function renderScenePng(scene: Scene, title: string): string {
  const width = BANDS.left + scene.layout.contentWidth + 8;
  const height = TOP_BAND + scene.layout.contentHeight + (scene.focus ? BANDS.chart : 0);
  const scale = Math.min(
    1,
    MAX_SIDE / width,
    MAX_SIDE / (height + TITLE_HEIGHT),
    Math.sqrt(MAX_PIXELS / (width * (height + TITLE_HEIGHT))),
  );
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.floor(width * scale));
  canvas.height = Math.max(1, Math.floor((height + TITLE_HEIGHT) * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context');
  ctx.scale(scale, scale);
  ctx.fillStyle = scene.theme.background;
  ctx.fillRect(0, 0, width, TITLE_HEIGHT);
  ctx.fillStyle = scene.theme.foreground;
  ctx.font = `600 13px ${scene.theme.fontFamily}`;
  ctx.textBaseline = 'middle';
  ctx.fillText(title, 8, TITLE_HEIGHT / 2);
  ctx.translate(0, TITLE_HEIGHT);
  drawScene(ctx, { ...scene, hover: null }, { scrollX: 0, scrollY: 0, width, height });
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}
