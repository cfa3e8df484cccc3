/**
 * Many series with calendar and known-future inputs, trained end to end: the bundled long-format example
 * (examples/series/stores.csv, made by scripts/make-series-example.mjs) is detected with its reason,
 * trained by the real trainer, and its checkpoint stores the per-series normalisation and the inputs.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answerForecast } from '../../../../src/tasks/forecasting/predict';
import { prepareSeriesSelection } from '../../../../src/tasks/forecasting/selection';
import { loadPredictor } from '../../../../src/worker/inference/load-predictor';
import { Random } from '../../../../src/engine/random';
import { forecast } from '../../../../src/tasks/forecasting/forecast';
import { forecaster } from '../../inference/helpers';
import { forecastOutputs } from '../../../../src/tasks/forecasting/gate-outputs';
import { prepareEvaluationFile } from '../../../../src/tasks/prepare-evaluation';
import { openSampleSet } from '../../../../src/worker/inference/gate-samples';
import { recordGateInput } from '../../../../src/worker/inference/record-gate-input';
import { detectDataset } from '../../../../src/tasks/detect';
import { TrainingControl } from '../../../../src/train/control';
import { prepareForTraining } from '../../../../src/train/setup';
import { runTraining } from '../../../../src/train/trainer';

const stores = join(__dirname, '../../../../examples/series/stores.csv');
const folder = mkdtempSync(join(tmpdir(), 'series-training-'));
let checkpoint = '';

function findCheckpoint(dir: string): string {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findCheckpoint(path);
      if (found) return found;
    } else if (entry.name.endsWith('.safetensors')) return path;
  }
  return '';
}
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
    expect(inputs.calendar).toMatchObject({
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
    checkpoint = findCheckpoint(join(folder, 'runs'));
  }, 120_000);

  it('forecasts the chosen series of a selection with the known-future rows after it', async () => {
    const predictor = await loadPredictor(checkpoint);
    const lines = readFileSync(stores, 'utf8').trim().split('\n');
    const s03 = lines.filter((line) => line.startsWith('S03,'));
    const s04 = lines.filter((line) => line.startsWith('S04,'));
    // 20 history rows of S03 and S04, then S03's next 7 days with promo known and sales empty.
    const future = s03.slice(700, 707).map((line) => line.replace(/,[\d.]+,(\d)$/, ',,$1'));
    const text = [lines[0], ...s04.slice(680, 700), ...s03.slice(680, 700), ...future].join('\n');
    const prepared = prepareSeriesSelection(predictor, text);
    if (!prepared.ok) throw new Error(prepared.problem);
    const request = { kind: 'forecast', checkpointPath: checkpoint, text, series: 'S03' } as const;
    const answer = answerForecast(predictor, prepared.value, request);
    expect(answer.series).toEqual({
      column: 'store',
      id: 'S03',
      ids: ['S04', 'S03'], // the series the selection holds rows of, in its order
    });
    expect(answer.values).toHaveLength(7);
    expect(answer.history).toHaveLength(20);
    // Inserted as rows of the file: the store, the next dates, the sales forecast and the promo given.
    const inserted = answer.insertText.trim().split('\n');
    expect(inserted[0]).toMatch(new RegExp(`^S03,${s03[700].split(',')[1]},[\\d.]+,${s03[700].split(',')[3]}$`));
    // Without the known-future rows the model says what it needs.
    const short = [lines[0], ...s03.slice(680, 700)].join('\n');
    const noFuture = prepareSeriesSelection(predictor, short);
    if (!noFuture.ok) throw new Error(noFuture.problem);
    expect(() => answerForecast(predictor, noFuture.value, { ...request, text: short })).toThrow(
      'the model needs promo for each of the 7 forecast steps',
    );
    // An unknown series is forecast, with a notice.
    const other = text.replaceAll('S03,', 'S99,');
    const unknown = prepareSeriesSelection(predictor, other);
    if (!unknown.ok) throw new Error(unknown.problem);
    const answered = answerForecast(predictor, unknown.value, { ...request, text: other, series: 'S99' });
    expect(answered.notices.map((n) => n.message).join(' ')).toContain(
      "series 'S99' is not one the model was trained on",
    );
  });

  it('records the gates of a validation sample of the chosen series, with its forecast in its units', async () => {
    const predictor = await loadPredictor(checkpoint);
    const samples = () => openSampleSet(checkpoint, predictor, stores);
    const input = { type: 'validation-sample', index: 0, series: 'S05' } as const;
    const recording = await recordGateInput(checkpoint, predictor, input, samples, forecastOutputs);
    expect(recording.source.label).toContain("of series 'S05'");
    expect(recording.source.series).toBe('S05');
    // Without a series asked for, the source still says whose window it is (the panel's picker shows it).
    const first = await recordGateInput(
      checkpoint,
      predictor,
      { type: 'validation-sample', index: 0 },
      samples,
      forecastOutputs,
    );
    expect(predictor.encoder.dataset.forecastInputs?.series?.ids).toContain(first.source.series);
    const outputs = recording.outputs;
    if (outputs?.kind !== 'forecast') throw new Error('expected forecast outputs');
    // 14 history steps + 7 future steps; the actual sales of S05 (about 80…190 a day) on history steps.
    expect(outputs.predicted).toHaveLength(21);
    expect(outputs.actual[5]).toBeGreaterThan(20);
    expect(outputs.actual[15]).toBeNaN(); // a future step has no actual value in its input
    await expect(
      recordGateInput(checkpoint, predictor, { ...input, series: 'S42' }, samples, forecastOutputs),
    ).rejects.toThrow("the model knows no series 'S42'");
  });

  it('evaluates a long file with the stored per-series normalisation', async () => {
    const predictor = await loadPredictor(checkpoint);
    const { dataset, vocab, normalization } = predictor.metadata;
    const evaluation = await prepareEvaluationFile(stores, { dataset, vocab, normalization });
    if (!evaluation.ok) throw new Error(evaluation.error.message);
    const [batch] = evaluation.value.makeBatches(4, 14);
    expect(batch.steps).toBe(21);
    expect(batch.features!.length).toBe(4 * 21 * 20);
    expect(predictor.model.forward(batch).output).toHaveLength(4 * 7);
  });

  it('leaves a plain dated series as before: no calendar, no future steps, the old checkpoint shape', async () => {
    const energy = join(__dirname, '../../../../examples/series/energy.csv');
    const setup = await prepareForTraining(energy, { seqLen: 8, threads: 1, kernelBackend: 'js' }, {});
    expect(setup.prepared.checkpoint.dataset.forecastInputs).toBeUndefined();
    expect(setup.prepared.model.inputSize).toBe(setup.prepared.checkpoint.dataset.featureColumns!.length);
    const batch = setup.prepared.makeTrainBatcher(2, 8, new Random(1)).nextBatch()!;
    expect(batch.steps).toBe(8);
  });

  it('predicts with a checkpoint stored before these inputs exactly as the model and its normalisation say', () => {
    const predictor = forecaster(4);
    const rows = [
      [610, 3],
      [590, 4],
      [630, 2],
      [640, 1],
    ];
    const z = rows.flatMap(([load, t]) => [(load - 600) / 90, (t - 4) / 4]);
    const raw = predictor.model.forward({ batchSize: 1, steps: 4, features: Float32Array.from(z) }).output;
    expect(forecast(predictor, rows).values).toEqual([[raw[0] * 90 + 600]]);
  });
});
