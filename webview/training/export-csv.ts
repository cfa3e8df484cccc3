/**
 * The CSV export: every series of the shown runs in long format, one row per training step
 * (`kind` = train) and one per evaluation (`kind` = validation):
 *   run, kind, step, epoch, time, loss, lr, grad_norm, <validation metrics…>
 * A validation row's `loss` is the validation loss; its lr and grad_norm are empty, and a training row's
 * metrics are empty. A forecaster's baselines scored at an evaluation follow it, one row each
 * (`kind` = baseline_naive, baseline_seasonal_naive, baseline_drift), with their metrics and no loss.
 * Numbers are written at full precision. Pure: no DOM.
 */

import { baselineKeys } from './baselines';
import type { RunView } from './run-store';

/** Validation metrics besides the loss with a column of their own, in column order, with their CSV names. */
const METRIC_COLUMNS: readonly [string, string][] = [
  ['accuracy', 'accuracy'],
  ['perplexity', 'perplexity'],
  ['bitsPerChar', 'bits_per_char'],
  ['mae', 'mae'],
  ['rmse', 'rmse'],
];

export function buildMetricsCsv(runs: readonly RunView[]): string {
  const metrics = metricColumns(runs);
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
      for (const baseline of baselineKeys([e])) {
        const scored = e.baselines![baseline];
        const kind = csvField(`baseline_${snakeCase(baseline)}`);
        lines.push(
          [
            id,
            kind,
            num(e.step),
            num(e.epoch),
            num(e.time),
            '',
            '',
            '',
            ...metrics.map(([key]) => num(scored[key])),
          ].join(','),
        );
      }
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * The columns of the metrics some run has: the known ones in their order, then any other a task scores
 * (sequence to sequence: `tokenAccuracy`, `exactMatch`, `bleu`, …) in the order they first appear, named
 * in snake case (`token_accuracy`).
 */
function metricColumns(runs: readonly RunView[]): [string, string][] {
  const present = new Set<string>();
  for (const run of runs)
    for (const e of run.evaluations)
      for (const scored of [e.metrics, ...Object.values(e.baselines ?? {})])
        for (const key of Object.keys(scored)) if (scored[key] !== undefined) present.add(key);
  present.delete('loss');
  const known = METRIC_COLUMNS.filter(([key]) => present.has(key));
  for (const [key] of known) present.delete(key);
  const others = [...present].map((key): [string, string] => [key, csvField(snakeCase(key))]);
  return [...known, ...others];
}

function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
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
