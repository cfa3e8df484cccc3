/**
 * The parallel-coordinates plot as numbers: one axis per setting that has an order or a set of values
 * (numbers, choices, yes/no) and differs between the drawn runs, the headline metric last; where each run crosses each axis
 * (0 = bottom, 1 = top) and what the ticks say. A setting spanning more than a decade of positive values
 * (a learning rate) gets a log axis. Pure.
 */

import type { RunsTableRun, SettingValue } from '../../src/protocol/runs-table';
import { cellValue, type TableColumn } from '../../src/protocol/runs-table-model';
import { columnLabel, metricValueText, numberText } from './cell-text';
import type { MetricDescriptor } from '../../src/protocol/task-presentation';
import * as l10n from '../shared/l10n';

export interface ParallelAxis {
  /** The table column it shows (`setting:lr`, `best:accuracy`). */
  key: string;
  label: string;
  scale: 'linear' | 'log' | 'categories';
  /** A value as the axis writes it. */
  format(value: SettingValue): string;
  /** Position of a value on the axis in [0, 1]; null when the run has no value. */
  position(value: SettingValue): number | null;
  ticks: { position: number; text: string }[];
}

export interface ParallelPlot {
  axes: ParallelAxis[];
  /** The runs drawn (those with a value of the metric), each with its positions and its metric's position (its colour). */
  lines: { run: RunsTableRun; positions: (number | null)[]; metric: number }[];
  /** Runs left out: they have no value of the metric. */
  missing: number;
}

/** The plot of `runs` over the setting columns shown, coloured by `metric`'s best value. */
export function parallelPlot(
  runs: readonly RunsTableRun[],
  settingColumns: readonly TableColumn[],
  metric: MetricDescriptor,
): ParallelPlot {
  const metricKey = `best:${metric.key}`;
  const drawn = runs.filter((run) => typeof cellValue(run, metricKey) === 'number');
  // A setting that differs among the shown runs but not among the drawn ones would be a flat axis.
  const axes = settingColumns
    .filter((c) => c.kind === 'setting' && c.setting && c.setting.kind !== 'text')
    .filter((c) => drawn.length < 2 || new Set(drawn.map((run) => String(cellValue(run, c.key)))).size > 1)
    .map((c) => axisOf(c.key, columnLabel(c), drawn, (value) => formatSetting(value)));
  const metricAxis = axisOf(metricKey, l10n.t('Best {0}', metric.label), drawn, (value) =>
    typeof value === 'number' ? metricValueText(metric, value) : String(value),
  );
  axes.push(metricAxis);
  const lines = drawn.map((run) => {
    const positions = axes.map((axis) => axis.position(cellValue(run, axis.key)));
    const m = positions[positions.length - 1] ?? 0;
    // Colour means "better": flip a metric where lower is better.
    return { run, positions, metric: metric.higherIsBetter ? m : 1 - m };
  });
  return { axes, lines, missing: runs.length - drawn.length };
}

function axisOf(
  key: string,
  label: string,
  runs: readonly RunsTableRun[],
  formatValue: (value: SettingValue) => string,
): ParallelAxis {
  const format = (value: SettingValue) => (value === null ? '—' : formatValue(value));
  const values = runs.map((run) => cellValue(run, key)).filter((v): v is Exclude<SettingValue, null> => v !== null);
  const numbers = values.filter((v): v is number => typeof v === 'number');
  if (numbers.length === values.length && numbers.length > 0) {
    const min = Math.min(...numbers);
    const max = Math.max(...numbers);
    const log = min > 0 && max / min > 10;
    const t = (v: number) => (log ? Math.log(v) : v);
    const span = t(max) - t(min);
    const position = (value: SettingValue) =>
      typeof value !== 'number' ? null : span === 0 ? 0.5 : (t(value) - t(min)) / span;
    const ticks =
      min === max
        ? [{ position: 0.5, text: format(min) }]
        : [
            { position: 0, text: format(min) },
            { position: 1, text: format(max) },
          ];
    return { key, label, scale: log ? 'log' : 'linear', format, position, ticks };
  }
  const categories = [...new Set(values.map(String))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const position = (value: SettingValue) => {
    if (value === null) return null;
    const k = categories.indexOf(String(value));
    return k < 0 ? null : categories.length === 1 ? 0.5 : k / (categories.length - 1);
  };
  return {
    key,
    label,
    scale: 'categories',
    format,
    position,
    ticks: categories.map((c) => ({ position: position(c)!, text: c })),
  };
}

function formatSetting(value: SettingValue): string {
  return typeof value === 'number' ? numberText(value) : String(value);
}
