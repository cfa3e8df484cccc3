/** Text on the maps' canvas. */

/** Text cut with an ellipsis to fit a width. */
export function fit(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(cut + '…').width > width) cut = cut.slice(0, -1);
  return cut.length <= 1 ? cut : cut + '…';
}
