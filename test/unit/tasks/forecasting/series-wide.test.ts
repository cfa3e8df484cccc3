/**
 * Many series in wide format (a date and one column per series): detected with the reason, trained as
 * the long table it stands for (per-series normalisation stored), evaluated on the file; a numeric table
 * whose columns are not one name and a number stays one multivariate series, and `wide: 'off'` keeps it so.
 */

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WideToLongSink, wideStem } from '../../../../src/data/series-wide';
import { LongSeriesReader } from '../../../../src/data/series-long';
import { replayTable } from '../../../../src/data/table';
import { detectDataset } from '../../../../src/tasks/detect';
import { prepareEvaluationFile } from '../../../../src/tasks/prepare-evaluation';
import { prepareSeriesSelection } from '../../../../src/tasks/forecasting/selection';
import { answerForecast } from '../../../../src/tasks/forecasting/predict';
import { forecastSeries } from '../../../../src/tasks/forecasting/forecast';
import { TrainingControl } from '../../../../src/train/control';
import { prepareForTraining } from '../../../../src/train/setup';
import { runTraining } from '../../../../src/train/trainer';
import { loadPredictor } from '../../../../src/worker/inference/load-predictor';

const folder = mkdtempSync(join(tmpdir(), 'series-wide-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * `days` daily rows of four stores, each its own level and weekly swing (deterministic); levels stay
 * below 1000, as numbers that read like years would make a column a date.
 */
function wideTable(days: number, names = ['store_1', 'store_2', 'store_3', 'store_4']): string {
  const lines = [['date', ...names].join(',')];
  for (let d = 0; d < days; d++) {
    const date = new Date(Date.UTC(2023, 0, 1 + d)).toISOString().slice(0, 10);
    const values = names.map((_, s) => (10 * (s + 1) + (s + 1) * Math.sin((2 * Math.PI * d) / 7)).toFixed(2));
    lines.push([date, ...values].join(','));
  }
  return lines.join('\n') + '\n';
}

const wideFile = join(folder, 'stores-wide.csv');
writeFileSync(wideFile, wideTable(200));

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

describe('wide format: one column per series', () => {
  it('finds the name stem of series columns, and none for other names', () => {
    expect(wideStem(['store_1', 'store_2', 'store_12'])).toBe('store');
    expect(wideStem(['sensor1', 'sensor2', 'sensor3'])).toBe('sensor');
    expect(wideStem(['store_1', 'store_2'])).toBeNull(); // fewer than three
    expect(wideStem(['load', 'temp', 'humidity'])).toBeNull();
    expect(wideStem(['temp_min', 'temp_max', 'temp_mean'])).toBeNull();
    expect(wideStem(['store_1', 'shop_2', 'store_3'])).toBeNull();
  });

  it('reshapes wide rows into long rows, one per series column, keeping each line', () => {
    const reader = new LongSeriesReader(
      { features: ['value'], targets: ['value'], date: 'date', seriesColumn: 'series', times: true },
      'w.csv',
    );
    const sink = new WideToLongSink({ seriesColumns: ['a1', 'a2', 'a3'], date: 'date' }, reader, 'w.csv');
    const table = {
      columns: ['date', 'a1', 'a2', 'a3'],
      rows: [
        ['2024-01-01', '1', '10', '100'],
        ['2024-01-02', '2', '20', '200'],
      ],
      lines: Int32Array.from([2, 3]),
    };
    expect(replayTable(table, sink)).toBeNull();
    const many = reader.finish();
    if (!many.ok) throw new Error(many.error.message);
    expect(many.value.series.map((one) => one.id)).toEqual(['a1', 'a2', 'a3']);
    expect(Array.from(many.value.series[2].data.values)).toEqual([100, 200]);
    expect(Array.from(many.value.series[1].lines)).toEqual([2, 3]);
    expect(many.value.frequency).toBe('daily');
  });

  it('detects a wide table with the reason in words', () => {
    const names = Array.from({ length: 12 }, (_, i) => `store_${i + 1}`);
    const detection = detectDataset('wide.csv', wideTable(30, names));
    if (!detection.ok) throw new Error(detection.error.message);
    expect(detection.value.task).toBe('forecasting');
    expect(detection.value.columns).toMatchObject({
      features: ['value'],
      targets: ['value'],
      series: 'series',
      date: 'date',
      wide: names,
    });
    expect(detection.value.reason).toContain(
      'columns store_1 … store_12 share a name: one series each (wide format, 12 series)',
    );
  });

  it('keeps a numeric table one multivariate series without the rule or the flag', () => {
    const plain = detectDataset('plain.csv', wideTable(30, ['load', 'temp', 'humidity']));
    if (!plain.ok) throw new Error(plain.error.message);
    expect(plain.value.columns.wide).toBeUndefined();
    expect(plain.value.columns.series).toBeUndefined();
    expect(plain.value.columns.features).toEqual(['load', 'temp', 'humidity']);
    const off = detectDataset('wide.csv', wideTable(30), { wide: 'off' });
    if (!off.ok) throw new Error(off.error.message);
    expect(off.value.columns.wide).toBeUndefined();
    expect(off.value.columns.features).toEqual(['store_1', 'store_2', 'store_3', 'store_4']);
    // A named target is one multivariate series too: the rule only applies when none is named.
    const target = detectDataset('wide.csv', wideTable(30), { targetColumns: ['store_2'] });
    if (!target.ok) throw new Error(target.error.message);
    expect(target.value.columns.wide).toBeUndefined();
    expect(target.value.columns.targets).toEqual(['store_2']);
  });

  it('takes wide: on for columns of any names', () => {
    const named = detectDataset('named.csv', wideTable(30, ['north', 'south']), { wide: 'on' });
    if (!named.ok) throw new Error(named.error.message);
    expect(named.value.columns.wide).toEqual(['north', 'south']);
    expect(named.value.reason).toContain('columns north … south: one series each (wide format, 2 series)');
  });

  it('trains one global model across the columns, stores each one normalisation, evaluates the file', async () => {
    const setup = await prepareForTraining(
      wideFile,
      { epochs: 1, maxSteps: 20, seqLen: 14, horizon: 7, threads: 1, kernelBackend: 'js', hiddenSize: 8 },
      {},
    );
    const { prepared } = setup;
    // value | 4 series one-hot | dayOfWeek, dayOfMonth, weekOfYear, month (sin, cos) | future flag
    expect(prepared.model.inputSize).toBe(1 + 4 + 8 + 1);
    expect(prepared.summary.sizes).toEqual({ unit: 'rows', total: 800, train: 4 * 180, validation: 4 * 20 });
    const inputs = prepared.checkpoint.dataset.forecastInputs!;
    expect(inputs.wide).toEqual(['store_1', 'store_2', 'store_3', 'store_4']);
    expect(inputs.series?.ids).toEqual(['store_1', 'store_2', 'store_3', 'store_4']);
    // Each store z-scored by its own training part: means near 10, 20, 30, 40.
    const means = inputs.series!.mean.map((m) => m[0]);
    means.forEach((mean, s) => expect(Math.abs(mean - 10 * (s + 1))).toBeLessThan(0.1));
    const stds = inputs.series!.std.map((m) => m[0]);
    expect(stds[3] / stds[0]).toBeCloseTo(4, 1);
    const summary = await runTraining({
      setup: { ...setup, resumed: null },
      runsRoot: join(folder, 'runs'),
      control: new TrainingControl(),
      emit: () => {},
    });
    expect(summary.status).toBe('finished');
    const checkpoint = findCheckpoint(join(folder, 'runs'));
    const predictor = await loadPredictor(checkpoint);
    const { dataset, vocab, normalization } = predictor.metadata;

    // Eval on a wide file of the same columns: every series' windows, an unknown column left out.
    const evalFile = join(folder, 'eval-wide.csv');
    writeFileSync(evalFile, wideTable(60, ['store_1', 'store_2', 'store_3', 'store_4', 'store_9']));
    const evaluation = await prepareEvaluationFile(evalFile, { dataset, vocab, normalization });
    if (!evaluation.ok) throw new Error(evaluation.error.message);
    expect(evaluation.value.summary.size.total).toBe(4 * 60);
    expect(evaluation.value.summary.warnings.join(' ')).toContain("'store_9'");
    const [batch] = evaluation.value.makeBatches(4, 14);
    expect(batch.steps).toBe(21);
    expect(batch.features!.length).toBe(4 * 21 * 14);
    expect(predictor.model.forward(batch).output).toHaveLength(4 * 7);

    // Predict on Selection of rows of the table: the first column by default, another when picked, the
    // forecast inserted as wide rows; the same as forecasting that series' long rows.
    const selected = wideTable(30).trim().split('\n').slice(-20).join('\n'); // no header
    const read = prepareSeriesSelection(predictor, selected);
    if (!read.ok) throw new Error(read.problem);
    const first = answerForecast(predictor, read.value, {
      kind: 'forecast',
      checkpointPath: checkpoint,
      text: selected,
    });
    expect(first.series).toEqual({
      column: 'series',
      id: 'store_1',
      ids: ['store_1', 'store_2', 'store_3', 'store_4'],
    });
    expect(first.values).toHaveLength(7);
    expect(first.notices.map((n) => n.message).join(' ')).toContain("forecasting 'store_1', the first column");
    const third = answerForecast(predictor, read.value, {
      kind: 'forecast',
      checkpointPath: checkpoint,
      text: selected,
      series: 'store_3',
    });
    expect(third.series?.id).toBe('store_3');
    const inserted = third.insertText.trim().split('\n');
    expect(inserted).toHaveLength(7);
    expect(inserted[0]).toMatch(/^2023-01-31,,,\d+\.\d\d,$/);
    const long = [
      'date,series,value',
      ...selected.split('\n').map((line) => {
        const cells = line.split(',');
        return `${cells[0]},store_3,${cells[3]}`;
      }),
    ].join('\n');
    const asLong = forecastSeries(
      predictor,
      {
        rows: long
          .split('\n')
          .slice(1)
          .map((l) => [Number(l.split(',')[2])]),
        dates: long
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[0]),
        future: [],
        series: 'store_3',
      },
      undefined,
      14,
    );
    expect(third.values).toEqual(asLong.values);
    expect(third.values).not.toEqual(first.values);
  }, 120_000);
});
