import { describe, expect, it } from 'vitest';
import type { BacktestOrigin, EvaluationRecord } from '../../../src/protocol/run-records';
import type { RunView } from '../../../webview/training/run-store';
import {
  backtestToShow,
  backtestMetricKeys,
  backtestRankingMetric,
  backtestRows,
  backtestSeries,
  latestBacktest,
} from '../../../webview/training/backtest';
import {
  baselineKeys,
  baselineName,
  baselinePoints,
  baselineSummary,
  bestBaseline,
  compareWithBaselines,
  comparisonText,
  evaluationWithBaselines,
  scoresToCompare,
} from '../../../webview/training/baselines';
import { formatMetricValue } from '../../../webview/training/metric-format';
import { meta, steps } from './fixtures';

const forecastMetric = { key: 'mae', label: 'MAE', higherIsBetter: false, format: 'decimal' } as const;

function evaluation(step: number, mae: number, baselines?: EvaluationRecord['baselines']): EvaluationRecord {
  return { step, epoch: step / 100 - 1, time: step / 10, metrics: { loss: mae * 2, mae, mase: mae / 2 }, baselines };
}

const baselines = {
  naive: { loss: 0, mae: 3, rmse: 4, mase: 1.5, smape: 0.3 },
  seasonalNaive: { loss: 0, mae: 2, rmse: 3, mase: 1, smape: 0.2 },
  drift: { loss: 0, mae: 3.2, rmse: 4.1, mase: 1.6, smape: 0.31 },
};

function run(evaluations: EvaluationRecord[]): RunView {
  return { meta: meta('f', { stepsPerEpoch: 100, metric: forecastMetric }), steps: steps(1, 300), evaluations };
}

describe('the baselines on the metric chart', () => {
  it('names and orders them: naive, seasonal naive, drift, then any other', () => {
    expect(baselineKeys([{ baselines: { drift: baselines.drift, mine: baselines.naive } }, { baselines }])).toEqual([
      'naive',
      'seasonalNaive',
      'drift',
      'mine',
    ]);
    expect(baselineKeys([{}, { baselines: undefined }])).toEqual([]);
    expect(baselineName('seasonalNaive')).toBe('seasonal naive');
    expect(baselineName('mine')).toBe('mine');
  });

  it('draws each as a level per evaluation carried to the right edge', () => {
    const changed = { ...baselines, naive: { ...baselines.naive, mae: 2.5 } };
    const r = run([evaluation(100, 4, baselines), evaluation(200, 2.5), evaluation(300, 1.8, changed)]);
    expect(baselinePoints(r, 'naive', 'mae', 'step', 350)).toEqual([
      { x: 100, y: 3 },
      { x: 300, y: 2.5 },
      { x: 350, y: 2.5 },
    ]);
    expect(baselinePoints(r, 'naive', 'mae', 'epoch', null)).toEqual([
      { x: 1, y: 3 },
      { x: 3, y: 2.5 },
    ]);
    expect(baselinePoints(r, 'naive', 'coverage', 'step', 350)).toEqual([]);
  });
});

describe('the model against the best baseline', () => {
  it('finds the best baseline, lowest error first', () => {
    expect(bestBaseline(baselines, 'mae')).toEqual({ key: 'seasonalNaive', value: 2 });
    expect(bestBaseline(baselines, 'coverage')).toBeNull();
    expect(bestBaseline({ a: { loss: 0, mae: NaN } }, 'mae')).toBeNull();
  });

  it('compares on MASE when all have it, by how much of the baseline error the model saves', () => {
    const c = compareWithBaselines({ loss: 1, mae: 1.5, mase: 0.75 }, baselines, 'mae')!;
    expect(c).toMatchObject({ metric: 'mase', model: 0.75, baseline: 'seasonalNaive', baselineValue: 1, beats: true });
    expect(c.improvement).toBeCloseTo(0.25, 12);
    expect(comparisonText(c, (v) => v.toFixed(2))).toBe(
      'beats seasonal naive, the best baseline, by 25% (MASE 0.75 vs 1.00)',
    );
  });

  it('says so when the model does not beat it, and falls back to the headline without MASE', () => {
    const plain = { naive: { loss: 0, mae: 3 }, drift: { loss: 0, mae: 2.5 } };
    const c = compareWithBaselines({ loss: 1, mae: 2.6, mase: 1.2 }, plain, 'mae')!;
    expect(c).toMatchObject({ metric: 'mae', baseline: 'drift', beats: false });
    expect(comparisonText(c, (v) => v.toFixed(1))).toBe('does not beat drift, the best baseline (MAE 2.6 vs 2.5)');
    expect(compareWithBaselines({ loss: 1, mae: 2 }, undefined, 'mae')).toBeNull();
    expect(compareWithBaselines({ loss: 1 }, plain, 'mae')).toBeNull();
  });

  it('takes the best evaluation when it has baselines, else the latest that has', () => {
    const early = evaluation(100, 4, baselines);
    const late = evaluation(200, 3);
    expect(evaluationWithBaselines(late, [early, late])).toBe(early);
    expect(evaluationWithBaselines(early, [early, late])).toBe(early);
    expect(evaluationWithBaselines(null, [late])).toBeNull();
  });

  it('writes the header line, or nothing for a run without baselines', () => {
    const best = evaluation(200, 1.5, baselines);
    const m = meta('f', { metric: forecastMetric, best });
    expect(baselineSummary(m, [best])).toEqual({
      text: 'Model beats seasonal naive, the best baseline, by 25% (MASE 0.75 vs 1)',
      beats: true,
    });
    expect(baselineSummary(meta('lm'), [])).toBeNull();
  });

  it('compares the final scores once the run has ended with baselines (a backtest: the means over its origins)', () => {
    const best = evaluation(200, 1.5, baselines);
    const final = { metrics: { loss: 1, mae: 2.2, mase: 1.1 }, baselines, backtest: [] as BacktestOrigin[] };
    const ended = meta('f', { metric: forecastMetric, best, final });
    expect(scoresToCompare(ended, [best])).toEqual({ metrics: final.metrics, baselines, where: 'the final model' });
    expect(baselineSummary(ended, [best])?.text).toBe(
      'Model does not beat seasonal naive, the best baseline (MASE 1.1 vs 1)',
    );
    // run.json's final has no baselines: the best evaluation's are compared.
    const loaded = meta('f', { metric: forecastMetric, best, final: { metrics: final.metrics } });
    expect(scoresToCompare(loaded, [best])?.where).toBe('validation at step 200 (epoch 2)');
  });
});

describe('the backtest section', () => {
  const origin = (k: number, mae: number, coverage?: number): BacktestOrigin => ({
    origin: 100 + 10 * k,
    label: `2024-03-0${k + 1}`,
    metrics: { loss: 0, mae, mase: mae / 2, ...(coverage !== undefined ? { coverage } : {}) },
    baselines: {
      naive: { loss: 0, mae: 2, mase: 1 },
      seasonalNaive: { loss: 0, mae: 1.6 + k, mase: 0.8 + k / 2 },
    },
  });
  const origins = [origin(0, 1.2, 0.8), origin(1, 2.2, 0.7)];

  it('finds the latest evaluation with a backtest', () => {
    const records = [
      { ...evaluation(100, 3), backtest: origins },
      evaluation(200, 2),
      { ...evaluation(300, 2), backtest: [] },
    ];
    expect(latestBacktest(records)?.step).toBe(100);
    expect(latestBacktest([evaluation(100, 3)])).toBeNull();
  });

  it("shows the final model's backtest, else the latest evaluation's", () => {
    const records = [{ ...evaluation(100, 3), backtest: origins }];
    const running = meta('f', { metric: forecastMetric });
    expect(backtestToShow(running, records)).toEqual({ origins, where: 'the model at step 100' });
    const ended = meta('f', { metric: forecastMetric, final: { metrics: { loss: 1 }, backtest: origins.slice(1) } });
    expect(backtestToShow(ended, records)).toEqual({ origins: origins.slice(1), where: 'the final model' });
    expect(backtestToShow(running, [])).toBeNull();
  });

  it('lists each origin with the model and the best baseline there, ranked by MASE', () => {
    expect(backtestMetricKeys(origins)).toEqual(['mae', 'mase', 'coverage']);
    expect(backtestMetricKeys([origin(0, 1)])).toEqual(['mae', 'mase']);
    expect(backtestRankingMetric(origins)).toBe('mase');
    const rows = backtestRows(origins);
    expect(rows.map((r) => [r.label, r.best?.key, r.beats])).toEqual([
      ['2024-03-01', 'seasonalNaive', true], // 0.6 < 0.8
      ['2024-03-02', 'naive', false], // 1.1 > 1
    ]);
    expect(rows[1].best?.metrics).toEqual({ loss: 0, mae: 2, mase: 1 });
  });

  it('charts the ranking metric per origin for the model and every baseline', () => {
    expect(backtestSeries(origins, 'mase')).toEqual({
      labels: ['2024-03-01', '2024-03-02'],
      metric: 'mase',
      model: [0.6, 1.1],
      baselines: [
        { key: 'naive', values: [1, 1] },
        { key: 'seasonalNaive', values: [0.8, 1.3] },
      ],
    });
    expect(backtestSeries(origins, 'coverage').baselines[0].values.every(Number.isNaN)).toBe(true);
  });

  it('writes coverage as a percentage and a missing value as a dash', () => {
    expect(formatMetricValue('coverage', 0.8125)).toBe('81.3%');
    expect(formatMetricValue('mae', undefined)).toBe('—');
    expect(formatMetricValue('mase', 0.71234)).toBe('0.7123');
    expect(formatMetricValue('smape', 0.0913)).toBe('9.1%');
  });
});
