/**
 * A forecaster trained end to end with a distribution head and a backtest (examples/series/energy.csv,
 * a few steps): the run's summary carries the interval metrics, the baselines beside `final` and each
 * backtest origin (labelled by its date), and `final` is the mean over the origins; run.json keeps the
 * baselines and the backtest, so a finished run shows them after a reload.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetMetadata } from '../../../src/data/dataset-metadata';
import { TrainingControl } from '../../../src/train/control';
import { loadModelCheckpoint } from '../../../src/train/model-checkpoint';
import { prepareForTraining } from '../../../src/train/setup';
import { runTraining } from '../../../src/train/trainer';

const energy = join(__dirname, '../../../examples/series/energy.csv');
const folder = mkdtempSync(join(tmpdir(), 'forecast-distribution-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function train(
  distribution: 'gaussian' | 'quantile',
  backtest: number,
  quantiles?: number[],
  calibrate: 'on' | 'off' = 'on',
) {
  const setup = await prepareForTraining(
    energy,
    {
      distribution,
      backtest,
      horizon: 4,
      maxSteps: 8,
      threads: 1,
      kernelBackend: 'js',
      hiddenSize: 8,
      calibrate,
      ...(quantiles ? { quantiles } : {}),
    },
    { targetColumns: ['load'], dateColumn: 'date' },
  );
  const summary = await runTraining({
    setup: { ...setup, resumed: null },
    runsRoot: join(folder, 'runs'),
    control: new TrainingControl(),
    emit: () => {},
  });
  return { setup, summary };
}

describe('a forecaster with a distribution head', () => {
  it('gaussian: a head of μ and scale per value, interval metrics, baselines and a 3-origin backtest', async () => {
    const { setup, summary } = await train('gaussian', 3);
    expect(setup.modelConfig.loss).toBe('gaussian-nll');
    expect(setup.modelConfig.outputSize).toBe(8); // horizon 4 × 1 target × 2
    expect(setup.prepared.checkpoint.dataset.season).toBe(24); // hourly dates
    expect(summary.status).toBe('finished');
    const final = summary.final!;
    for (const key of ['mae', 'rmse', 'mase', 'smape', 'coverage', 'intervalWidth', 'crps', 'maseVsBestBaseline'])
      expect(Number.isFinite(final[key]), key).toBe(true);
    expect(Object.keys(summary.baselines!)).toEqual(['naive', 'seasonalNaive', 'drift']);
    const origins = summary.backtest!;
    // 3000 rows, horizon 4: the last window forecasts rows 2996…2999 (0-based), the others 4 and 8 earlier
    expect(origins.map((o) => o.origin)).toEqual([2988, 2992, 2996]);
    // labelled by the date of their first forecast row (line 2998 of the file: 2023-05-06T20:00:00Z)
    expect(origins.map((o) => o.label)).toEqual(['2023-05-06 12:00', '2023-05-06 16:00', '2023-05-06 20:00']);
    const meanMae = origins.reduce((s, o) => s + o.metrics.mae!, 0) / 3;
    expect(final.mae).toBeCloseTo(meanMae, 10);
    expect(summary.baselines!.naive.mae).toBeCloseTo(origins.reduce((s, o) => s + o.baselines.naive.mae!, 0) / 3, 10);
    const manifest = JSON.parse(readFileSync(join(summary.runDir, 'run.json'), 'utf8'));
    expect(manifest.final).toEqual(final);
    expect(manifest.baselines).toEqual(summary.baselines);
    expect(manifest.backtest).toEqual(origins);
  });

  it('calibrates its interval on the validation windows before the backtest, stored in the checkpoint', async () => {
    const { summary } = await train('gaussian', 3);
    const final = summary.final!;
    // coverage and width are the calibrated interval's, raw… the head's own, both in run.json
    for (const key of ['coverage', 'rawCoverage', 'intervalWidth', 'rawIntervalWidth', 'crps', 'rawCrps'])
      expect(Number.isFinite(final[key]), key).toBe(true);
    const manifest = JSON.parse(readFileSync(join(summary.runDir, 'run.json'), 'utf8'));
    expect(manifest.final.rawCoverage).toBe(final.rawCoverage);
    // 8 steps: no evaluation before the end, so no best.safetensors (the export test reads a best one's).
    for (const kind of ['last']) {
      const { metadata } = await loadModelCheckpoint(join(summary.runDir, `${kind}.safetensors`));
      const calibration = (metadata.dataset as DatasetMetadata).forecastCalibration!;
      expect(calibration.kind, kind).toBe('gaussian-scale');
      expect(calibration.corrections).toHaveLength(4); // horizon 4 × 1 target
      // 300 validation rows → 297 windows of horizon 4; the backtest's 3 × 4 rows leave 285
      expect(calibration.windows, kind).toBe(285);
    }
  });

  it('`--calibrate off`: no calibration stored, the head’s own interval as coverage', async () => {
    const { summary } = await train('gaussian', 0, undefined, 'off');
    expect(summary.final!.rawCoverage).toBeUndefined();
    const { metadata } = await loadModelCheckpoint(join(summary.runDir, 'last.safetensors'));
    expect((metadata.dataset as DatasetMetadata).forecastCalibration).toBeUndefined();
  });

  it('quantile: three outputs per value and the mean quantile loss', async () => {
    const { setup, summary } = await train('quantile', 0);
    expect(setup.modelConfig.quantiles).toEqual([0.1, 0.5, 0.9]);
    expect(setup.modelConfig.outputSize).toBe(12);
    expect(Number.isFinite(summary.final!.quantileLoss)).toBe(true);
    expect(summary.backtest).toBeUndefined();
    const manifest = JSON.parse(readFileSync(join(summary.runDir, 'run.json'), 'utf8'));
    expect(Object.keys(manifest.baselines)).toEqual(['naive', 'seasonalNaive', 'drift']);
    expect(manifest.backtest).toBeUndefined();
  });

  it('quantile levels of its own (`--quantiles 0.05,0.1,0.5,0.9,0.95`): five outputs per value', async () => {
    const { setup, summary } = await train('quantile', 0, [0.05, 0.1, 0.5, 0.9, 0.95]);
    expect(setup.modelConfig.quantiles).toEqual([0.05, 0.1, 0.5, 0.9, 0.95]);
    expect(setup.modelConfig.outputSize).toBe(20);
    expect(Number.isFinite(summary.final!.coverage)).toBe(true);
  });
});
