/**
 * A forecaster trained end to end with a distribution head and a backtest (examples/series/energy.csv,
 * a few steps): the run's summary carries the interval metrics, the baselines beside `final` and each
 * backtest origin, and `final` is the mean over the origins.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TrainingControl } from '../../../src/train/control';
import { prepareForTraining } from '../../../src/train/setup';
import { runTraining } from '../../../src/train/trainer';

const energy = join(__dirname, '../../../examples/series/energy.csv');
const folder = mkdtempSync(join(tmpdir(), 'forecast-distribution-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function train(distribution: 'gaussian' | 'quantile', backtest: number) {
  const setup = await prepareForTraining(
    energy,
    { distribution, backtest, horizon: 4, maxSteps: 8, threads: 1, kernelBackend: 'js', hiddenSize: 8 },
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
    expect(origins[2].label).toBe('row 2997');
    const meanMae = origins.reduce((s, o) => s + o.metrics.mae!, 0) / 3;
    expect(final.mae).toBeCloseTo(meanMae, 10);
    expect(summary.baselines!.naive.mae).toBeCloseTo(origins.reduce((s, o) => s + o.baselines.naive.mae!, 0) / 3, 10);
  });

  it('quantile: three outputs per value and the mean quantile loss', async () => {
    const { setup, summary } = await train('quantile', 0);
    expect(setup.modelConfig.quantiles).toEqual([0.1, 0.5, 0.9]);
    expect(setup.modelConfig.outputSize).toBe(12);
    expect(Number.isFinite(summary.final!.quantileLoss)).toBe(true);
    expect(summary.backtest).toBeUndefined();
  });
});
