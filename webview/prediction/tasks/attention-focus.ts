/**
 * What the attention map shows for the point under the mouse or the keyboard focus — pure, so the unit
 * tests check it without a page. `attention[i][j]` is the weight of source token j when output token i
 * was chosen (the rows: the output tokens, then `<eos>`). An output token (its row label, or a token of
 * the output text) highlights the source tokens it attended to; a source token (its column label, or a
 * token of the source text) the output tokens that attended to it; a cell both its tokens, with the
 * source tokens its row attended to. Strengths follow the attribution rule (≥ 60 / 30 / 10 % of the
 * largest weight in view), so the panel highlights attention as it highlights attributions.
 */

import { attributionLevel, type AttributionLevel } from '../../../src/protocol/prediction-results';
import { visibleToken } from '../../shared/token-text';
import * as l10n from '../../shared/l10n';

export type AttentionPoint =
  | { kind: 'cell'; output: number; source: number }
  | { kind: 'output'; output: number }
  | { kind: 'source'; source: number };

export interface AttentionHighlight {
  /** Per output row (the output tokens, then `<eos>`): how strongly it is highlighted. */
  outputs: (AttributionLevel | null)[];
  /** Per source token. */
  sources: (AttributionLevel | null)[];
  /** The tokens pointed at. */
  currentOutput: number | null;
  currentSource: number | null;
}

/** The rows' labels: the output tokens, then `<eos>` for each row past them (the decode chose it there). */
export function outputLabels(outputTokens: readonly string[], rows: number): string[] {
  return Array.from({ length: rows }, (_, i) => (i < outputTokens.length ? outputTokens[i] : '<eos>'));
}

export function highlightFor(attention: readonly (readonly number[])[], point: AttentionPoint): AttentionHighlight {
  const rows = attention.length;
  const columns = rows > 0 ? attention[0].length : 0;
  const outputs = new Array<AttributionLevel | null>(rows).fill(null);
  const sources = new Array<AttributionLevel | null>(columns).fill(null);
  if (point.kind === 'source') {
    const column = attention.map((row) => row[point.source] ?? 0);
    const max = maxOf(column);
    column.forEach((w, i) => (outputs[i] = attributionLevel(w, max)));
    return { outputs, sources, currentOutput: null, currentSource: point.source };
  }
  const row = attention[point.output] ?? [];
  const max = maxOf(row);
  row.forEach((w, j) => (sources[j] = attributionLevel(w, max)));
  return {
    outputs,
    sources,
    currentOutput: point.output,
    currentSource: point.kind === 'cell' ? point.source : null,
  };
}

/** The live region's sentence for a point: `output 'x' attends to 'y' 0.72`, or an output's or source's strongest links. */
export function announcement(
  attention: readonly (readonly number[])[],
  point: AttentionPoint,
  outputs: readonly string[],
  sources: readonly string[],
): string {
  const out = (i: number) => l10n.t("output '{0}'", visibleToken(outputs[i] ?? ''));
  const src = (j: number) => `'${visibleToken(sources[j] ?? '')}'`;
  switch (point.kind) {
    case 'cell':
      return l10n.t(
        '{0} attends to {1} {2}',
        out(point.output),
        src(point.source),
        weight(attention[point.output]?.[point.source]),
      );
    case 'output': {
      const row = attention[point.output] ?? [];
      return l10n.t('{0} attends most to {1}', out(point.output), strongest(row, src));
    }
    case 'source': {
      const column = attention.map((row) => row[point.source] ?? 0);
      return l10n.t('{0} is attended most by {1}', src(point.source), strongest(column, out));
    }
  }
}

/** The three largest weights of a row or column, with what they belong to. */
function strongest(weights: readonly number[], name: (k: number) => string): string {
  const order = weights.map((_, k) => k).sort((a, b) => weights[b] - weights[a] || a - b);
  return order
    .slice(0, 3)
    .map((k) => `${name(k)} ${weight(weights[k])}`)
    .join(', ');
}

function maxOf(weights: readonly number[]): number {
  let max = 0;
  for (const w of weights) if (w > max) max = w;
  return max;
}

function weight(w: number | undefined): string {
  return (w ?? 0).toFixed(2);
}

/**
 * The cell the keyboard moves to from `cell` (null: the key is not a move): arrows by one, Page Up/Down
 * by `page` rows, Home/End to the row's first or last source token (with Ctrl: the first or last cell).
 */
export function moveCell(
  cell: { output: number; source: number },
  key: string,
  ctrlKey: boolean,
  rows: number,
  columns: number,
  page = 5,
): { output: number; source: number } | null {
  const clampRow = (i: number) => Math.max(0, Math.min(rows - 1, i));
  const clampColumn = (j: number) => Math.max(0, Math.min(columns - 1, j));
  switch (key) {
    case 'ArrowUp':
      return { output: clampRow(cell.output - 1), source: cell.source };
    case 'ArrowDown':
      return { output: clampRow(cell.output + 1), source: cell.source };
    case 'ArrowLeft':
      return { output: cell.output, source: clampColumn(cell.source - 1) };
    case 'ArrowRight':
      return { output: cell.output, source: clampColumn(cell.source + 1) };
    case 'PageUp':
      return { output: clampRow(cell.output - page), source: cell.source };
    case 'PageDown':
      return { output: clampRow(cell.output + page), source: cell.source };
    case 'Home':
      return { output: ctrlKey ? 0 : cell.output, source: 0 };
    case 'End':
      return { output: ctrlKey ? rows - 1 : cell.output, source: columns - 1 };
    default:
      return null;
  }
}

/** The cell a keyboard user starts on: the strongest weight of the first row (where the output begins). */
export function firstCell(attention: readonly (readonly number[])[]): { output: number; source: number } {
  const row = attention[0] ?? [];
  let best = 0;
  for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
  return { output: 0, source: best };
}
