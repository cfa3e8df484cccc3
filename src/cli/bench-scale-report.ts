/**
 * The scale benchmark's results: one record per data set (what `--json` prints, one object a line) and
 * the table printed otherwise, with a line per failure giving its message.
 */

import type { ScaleStage } from './bench-scale-observer';
import { formatBytes } from './bench-scale-files';

export interface ScaleResult {
  dataset: string;
  description: string;
  file: string;
  /** The file's size in bytes. */
  bytes: number;
  status: 'ok' | 'failed' | 'timed-out';
  /** Why it failed or timed out (or a note), null when all went well. */
  message: string | null;
  /** Where the child was at the end (`evaluated` when all went well). */
  stage: ScaleStage;
  /** Optimizer steps asked for before the evaluation. */
  steps: number;
  /** The `train` flags given beyond `--steps N --validate-every N --json --out <scratch>` (`--scale-train-args`). */
  trainArgs: string[];
  secondsToFirstStep: number | null;
  stepsPerSecond: number | null;
  /** The child's peak resident memory in MB (10^6 bytes). */
  peakRssMb: number | null;
  /** Peak resident bytes per byte of the input file (the goal: ≤ 1.5 plus a constant). */
  peakBytesPerInputByte: number | null;
  evaluationSeconds: number | null;
  /** Seconds from spawn to `run-started`: reading and preparing the data. */
  secondsToRunStarted: number | null;
  /** Seconds from spawn to the evaluation, or to the child's end. */
  seconds: number;
  task: string | null;
  split: { unit: string; train: number; validation: number } | null;
  /** The machine's 1, 5 and 15 minute load averages when the child started and when it ended. */
  loadAverage: { start: number[]; end: number[] };
}

/** The JSON line of one result (figures rounded to what a measurement on a shared machine can say). */
export function scaleResultJson(result: ScaleResult): string {
  return JSON.stringify({
    ...result,
    secondsToFirstStep: round(result.secondsToFirstStep, 2),
    stepsPerSecond: round(result.stepsPerSecond, 3),
    peakRssMb: round(result.peakRssMb, 1),
    peakBytesPerInputByte: round(result.peakBytesPerInputByte, 2),
    evaluationSeconds: round(result.evaluationSeconds, 2),
    secondsToRunStarted: round(result.secondsToRunStarted, 2),
    seconds: round(result.seconds, 2),
    loadAverage: {
      start: result.loadAverage.start.map((x) => round(x, 2)),
      end: result.loadAverage.end.map((x) => round(x, 2)),
    },
  });
}

const COLUMNS = [
  'data set',
  'size',
  'status',
  'first step',
  'steps/s',
  'peak memory',
  'per input byte',
  'evaluation',
  'load (start→end)',
] as const;

/** The results as an aligned table, then one line per result that has a message. */
export function formatScaleTable(results: readonly ScaleResult[]): string {
  const rows = results.map((r) => [
    r.dataset,
    formatBytes(r.bytes),
    r.status,
    seconds(r.secondsToFirstStep),
    r.stepsPerSecond === null ? '—' : r.stepsPerSecond.toFixed(2),
    r.peakRssMb === null ? '—' : formatBytes(r.peakRssMb * 1e6),
    r.peakBytesPerInputByte === null ? '—' : r.peakBytesPerInputByte.toFixed(2),
    seconds(r.evaluationSeconds),
    `${r.loadAverage.start[0].toFixed(2)}→${r.loadAverage.end[0].toFixed(2)}`,
  ]);
  const widths = COLUMNS.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c].length)));
  // Names left-aligned, figures right-aligned.
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  const lines = [line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  for (const r of results) {
    if (r.message === null) continue;
    const where = r.status === 'ok' ? '' : ` after ${r.seconds.toFixed(1)} s while ${r.stage}`;
    lines.push(`  ${r.dataset}: ${r.status}${where}: ${r.message}`);
  }
  return lines.join('\n');
}

function seconds(x: number | null): string {
  return x === null ? '—' : `${x.toFixed(1)} s`;
}

function round(x: number | null, digits: number): number | null {
  if (x === null) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
