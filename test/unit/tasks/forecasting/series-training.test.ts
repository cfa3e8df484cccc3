/**
 * Many series with calendar and known-future inputs, trained end to end: the bundled long-format example
 * (examples/series/stores.csv, made by scripts/make-series-example.mjs) is detected with its reason,
 * trained by the real trainer, and its checkpoint stores the per-series normalisation and the inputs.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectDataset } from '../../../../src/tasks/detect';
import { TrainingControl } from '../../../../src/train/control';
import { prepareForTraining } from '../../../../src/train/setup';
import { runTraining } from '../../../../src/train/trainer';

const stores = join(__dirname, '../../../../examples/series/stores.csv');
const folder = mkdtempSync(join(tmpdir(), 'series-training-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('many series (long format) with calendar and known-future inputs', () => {
  it('detects the series column with the reason in words', () => {
    const detection = detectDataset('stores.csv', readFileSync(stores, 'utf8'));
    if (!detection.ok) throw new Error(detection.error.message);
    expect(detection.value.task).toBe('forecasting');
    expect(detection.value.columns).toMatchObject({ series: 'store', date: 'date', targets: ['sales'] });
    expect(detection.value.reason).toContain("column 'store' identifies 8 series of 730 rows each (long format)");
  });

  it('trains one global model across the series and stores its inputs', async () => {
    const setup = await prepareForTraining(
      stores,
      { epochs: 1, maxSteps: 30, seqLen: 14, horizon: 7, threads: 1, kernelBackend: 'js', hiddenSize: 16 },
      { knownFutureColumns: ['promo'], holidays: 'US' },
    );
    const { prepared } = setup;
    // sales, promo | 8 stores | dayOfWeek, dayOfMonth, weekOfYear, month (sin, cos) | holiday | future
    expect(prepared.model.inputSize).toBe(2 + 8 + 8 + 1 + 1);
    expect(prepared.summary.sizes).toEqual({ unit: 'rows', total: 5840, train: 8 * 657, validation: 8 * 73 });
    const inputs = prepared.checkpoint.dataset.forecastInputs!;
    expect(inputs.series?.ids).toEqual(['S01', 'S02', 'S03', 'S04', 'S05', 'S06', 'S07', 'S08']);
    expect(inputs.calendar).toEqual({
      frequency: 'daily',
      fields: ['dayOfWeek', 'dayOfMonth', 'weekOfYear', 'month'],
      holidays: 'US',
    });
    expect(inputs.knownFuture).toEqual(['promo']);
    const summary = await runTraining({
      setup: { ...setup, resumed: null },
      runsRoot: join(folder, 'runs'),
      control: new TrainingControl(),
      emit: () => {},
    });
    expect(summary.status).toBe('finished');
    expect(summary.final?.mae).toBeGreaterThan(0);
  }, 120_000);
});
