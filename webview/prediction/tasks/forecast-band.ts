/**
 * The geometry of a forecast chart, per target column: the selected history (x ≤ 0, 0 = the last selected
 * row), the rows the model read, the median forecast (x = 1…horizon), the interval band around it and the
 * other quantiles' lines. The median, the band and the quantile lines all start at the last selected
 * value, so the forecast fans out from the history instead of floating beside it. Pure: no DOM, no chart.js.
 */

import type { ForecastAnswer } from '../../../src/protocol/prediction-results';
import { numberFormat } from '../../shared/format';
import * as l10n from '../../shared/l10n';

export interface Point {
  x: number;
  y: number;
}

export interface ForecastBand {
  /** Nominal coverage, e.g. 0.8 for the 10 %–90 % band. */
  level: number;
  lower: Point[];
  upper: Point[];
}

export interface ForecastLines {
  /** Every selected row but the ones the model read (ending where they start, so the line is unbroken). */
  selected: Point[];
  /** The rows the model read: the last `windowRows` of the history. */
  read: Point[];
  /** The point forecast — the median of a model with a distribution — after the last selected value. */
  median: Point[];
  band: ForecastBand | null;
  /** Each quantile besides the median, as a line (shown on hover). */
  quantiles: { level: number; points: Point[] }[];
}

/** The lines of target `k` (an index into `answer.targets`). */
export function forecastLines(answer: ForecastAnswer, k: number): ForecastLines {
  const column = answer.features.indexOf(answer.targets[k]);
  const n = answer.history.length;
  const history = answer.history.map((row, r) => ({ x: r - (n - 1), y: column >= 0 ? row[column] : NaN }));
  const window = Math.min(Math.max(answer.windowRows, 1), n);
  const start = n > 0 ? [history[n - 1]] : [];
  const after = (values: readonly number[]) => [...start, ...values.map((y, step) => ({ x: step + 1, y }))];
  const quantiles = answer.quantiles;
  const medianIndex = quantiles ? medianLevelIndex(quantiles.levels) : -1;
  return {
    selected: history.slice(0, n - window + 1),
    read: history.slice(n - window),
    median: after(answer.values.map((row) => row[k])),
    band: bandOf(answer, k, after),
    quantiles: quantiles
      ? quantiles.levels
          .map((level, q) => ({ level, points: after(quantiles.values.map((row) => row[k][q])) }))
          .filter((_, q) => q !== medianIndex)
      : [],
  };
}

/**
 * The band: the answer's interval, or else the outermost quantiles (their spread is the level); null for a
 * point forecaster.
 */
function bandOf(answer: ForecastAnswer, k: number, after: (values: readonly number[]) => Point[]): ForecastBand | null {
  const interval = answer.interval;
  if (interval)
    return {
      level: interval.level,
      lower: after(interval.lower.map((row) => row[k])),
      upper: after(interval.upper.map((row) => row[k])),
    };
  const quantiles = answer.quantiles;
  if (!quantiles || quantiles.levels.length < 2) return null;
  const last = quantiles.levels.length - 1;
  return {
    level: quantiles.levels[last] - quantiles.levels[0],
    lower: after(quantiles.values.map((row) => row[k][0])),
    upper: after(quantiles.values.map((row) => row[k][last])),
  };
}

/** The index of the 0.5 level (the median, already drawn as the forecast), or -1. */
export function medianLevelIndex(levels: readonly number[]): number {
  return levels.findIndex((level) => Math.abs(level - 0.5) < 1e-9);
}

/** "80 % interval" (the nominal coverage in whole percent, as the docs and the metrics say it). */
export function intervalLabel(level: number): string {
  return l10n.t('{0} interval', quantileLabel(level));
}

/** "10 %", "50 %", "2.5 %": a quantile level as a column heading or a line's name. */
export function quantileLabel(level: number): string {
  return `${formatPercent(level)} %`;
}

/** Whole percent, or one decimal when the level has one; written with a space before `%` in every language. */
function formatPercent(level: number): string {
  return numberFormat({ maximumFractionDigits: 1, useGrouping: false }).format(Math.round(level * 1000) / 10);
}

/** What the forecast's insert buttons offer: the median rows always, all quantiles when the model has them. */
export interface InsertChoices {
  /** The button inserting `answer.insertText`: "Insert median" beside quantiles, "Insert" alone. */
  valuesLabel: string;
  /** Whether *Insert quantiles* is offered. */
  quantiles: boolean;
}

export function insertChoices(answer: ForecastAnswer): InsertChoices {
  const quantiles = answer.quantiles !== undefined && answer.quantileInsertText !== undefined;
  return { valuesLabel: quantiles ? l10n.t('Insert median') : l10n.t('Insert'), quantiles };
}
