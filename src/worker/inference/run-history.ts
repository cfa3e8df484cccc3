/**
 * `run-history`: a run's metrics.csv as columnar steps and evaluations. Parsed here, not on the
 * extension host: a 100 000-step history takes about a second to parse.
 */

import { readRegularTextFile } from '../../data/regular-file';
import { join } from 'node:path';
import { emptyStepSeries, pushStep, type RunHistory } from '../../protocol/training-panel';
import { parseMetricsCsv, readLatestExamples } from '../../train/run-directory';
import { registerHandler } from './handlers';

/** Reads `<runDir>/metrics.csv`; a run without one has an empty history. */
export async function readRunHistory(runDir: string): Promise<RunHistory> {
  let text: string;
  try {
    text = await readRegularTextFile(join(runDir, 'metrics.csv'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { steps: emptyStepSeries(), evaluations: [] };
    throw error;
  }
  const { steps, evaluations } = parseMetricsCsv(text);
  const series = emptyStepSeries();
  for (const record of steps) pushStep(series, record);
  // The latest evaluation's examples (sequence to sequence) go back on the evaluation they came from.
  const latest = await readLatestExamples(runDir);
  if (latest)
    for (let i = evaluations.length - 1; i >= 0; i--)
      if (evaluations[i].step === latest.step) {
        evaluations[i].examples = latest.examples;
        break;
      }
  return { steps: series, evaluations };
}

registerHandler('run-history', ({ runDir }) => readRunHistory(runDir));
