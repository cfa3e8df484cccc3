/**
 * The CSV export: every series of the shown runs in long format, one row per training step
 * (`kind` = train) and one per evaluation (`kind` = validation):
 *   run, kind, step, epoch, time, loss, lr, grad_norm, <validation metrics…>
 * A validation row's `loss` is the validation loss; its lr and grad_norm are empty, and a training row's
 * metrics are empty. Numbers are written at full precision. Pure: no DOM.
 */

import type { Metrics } from '../../src/protocol/metrics';
import type { RunView } from './run-store';

/** Validation metrics besides the loss, in column order, with their CSV names. */
const METRIC_COLUMNS: readonly [keyof Metrics, string][] = [
  ['accuracy', 'accuracy'],
  ['perplexity', 'perplexity'],
  ['bitsPerChar', 'bits_per_char'],
  ['mae', 'mae'],
  ['rmse', 'rmse'],
];

export function buildMetricsCsv(runs: readonly RunView[]): string {
  const metrics = METRIC_COLUMNS.filter(([key]) =>
    runs.some((run) => run.evaluations.some((e) => e.metrics[key] !== undefined)),
  );
  const lines = [
    ['run', 'kind', 'step', 'epoch', 'time', 'loss', 'lr', 'grad_norm', ...metrics.map(([, name]) => name)].join(','),
  ];
  const emptyMetrics = metrics.map(() => '');
  for (const run of runs) {
    const id = csvField(run.meta.id);
    const s = run.steps;
    for (let i = 0; i < s.step.length; i++) {
      lines.push(
        [
          id,
          'train',
          num(s.step[i]),
          num(s.epoch[i]),
          num(s.time[i]),
          num(s.loss[i]),
          num(s.lr[i]),
          num(s.gradNorm[i]),
          ...emptyMetrics,
        ].join(','),
      );
    }
    for (const e of run.evaluations) {
      lines.push(
        [
          id,
          'validation',
          num(e.step),
          num(e.epoch),
          num(e.time),
          num(e.metrics.loss),
          '',
          '',
          ...metrics.map(([key]) => num(e.metrics[key])),
        ].join(','),
      );
    }
  }
  return lines.join('\n') + '\n';
}

/** A file name from the run id: letters, digits, `.`, `_` and `-` only. */
export function exportFileName(runId: string, suffix: string, extension: 'csv' | 'png'): string {
  const base = runId.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
  return `${base}-${suffix}.${extension}`;
}

function num(value: number | undefined): string {
  return value === undefined || value === null ? '' : String(value);
}

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
