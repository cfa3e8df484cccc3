/** The numbers given to `lstm-studio predict` for a forecaster. */

/** Numbers separated by commas, whitespace or newlines; CSV rows become rows of `width`. */
export function parseCliNumbers(text: string, width: number): number[][] {
  const rows = text
    .trim()
    .split(/\r?\n/)
    .filter((line) => line.trim().length > 0);
  const parse = (cell: string, where: string) => {
    const n = Number(cell);
    if (cell.trim() === '' || !Number.isFinite(n)) throw new Error(`${where}: '${cell}' is not a number`);
    return n;
  };
  const perLine = rows.map((line, i) =>
    line
      .split(/[,\s;]+/)
      .filter(Boolean)
      .map((c) => parse(c, `line ${i + 1}`)),
  );
  if (width > 1 && perLine.every((r) => r.length === width)) return perLine;
  const flat = perLine.flat();
  if (flat.length % width !== 0) throw new Error(`${flat.length} numbers do not make whole rows of ${width} columns`);
  const out: number[][] = [];
  for (let k = 0; k < flat.length; k += width) out.push(flat.slice(k, k + width));
  return out;
}
