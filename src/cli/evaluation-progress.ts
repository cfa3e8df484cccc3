/**
 * `lstm-studio eval`'s progress line on stderr while every window or example of a file is scored (a
 * 10 MB text is about a minute): on a terminal one line rewritten at most ten times a second, in a log
 * a line every few seconds; stdout keeps only the result (and `--json` stays one object).
 */

import type { TargetBatch } from '../data/batcher';
import type { ValidationUnitKind } from '../protocol/run-manifest';

/** Where the line goes: stderr in the CLI. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface EvaluationProgressOptions {
  /** Units in the file, or null when the task does not count them. */
  total: number | null;
  /** What a batch's sequences are: windows or examples. */
  unit: ValidationUnitKind;
  stream: ProgressStream;
  /** Milliseconds since some origin (performance.now by default; tests pass their own clock). */
  now?: () => number;
}

const TERMINAL_INTERVAL_MS = 100;
const LOG_INTERVAL_MS = 5000;

/**
 * `batches`, passed through unchanged, reporting after each one how many units are scored. The line is
 * cleared (terminal) or completed (log) once the last batch has been scored.
 */
export function* withEvaluationProgress(
  batches: Iterable<TargetBatch>,
  options: EvaluationProgressOptions,
): Generator<TargetBatch, void, undefined> {
  const { stream, total, unit } = options;
  const now = options.now ?? (() => performance.now());
  const terminal = stream.isTTY === true;
  const interval = terminal ? TERMINAL_INTERVAL_MS : LOG_INTERVAL_MS;
  let done = 0;
  let last = now();
  /** The count last written, -1 before the first line. */
  let shown = -1;
  const line = () => `evaluating: ${progressText(done, total, unit)}`;
  for (const batch of batches) {
    // The batch is scored between this yield and the next call: count it then.
    yield batch;
    done += batch.batchSize;
    if (now() - last >= interval) {
      last = now();
      stream.write(terminal ? `\r${line()}\u001b[K` : `${line()}\n`);
      shown = done;
    }
  }
  if (shown < 0) return;
  if (terminal) stream.write('\r\u001b[K');
  else if (shown !== done) stream.write(`${line()}\n`);
}

/** "12 800 of 81 920 windows (15 %)", or "12 800 windows" without a total. */
export function progressText(done: number, total: number | null, unit: ValidationUnitKind): string {
  if (total === null || total === 0) return `${groupDigits(done)} ${unit}`;
  return `${groupDigits(done)} of ${groupDigits(total)} ${unit} (${Math.floor((100 * done) / total)} %)`;
}

function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
