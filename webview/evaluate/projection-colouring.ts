/**
 * What the projection's points are coloured by, and the colours and legend of each choice. Pure: the
 * palette comes in as RGB (the tab reads it from the theme). The colourings a projection offers follow
 * from what its answer carries: label and prediction (classifiers), right or wrong (both), the loss, the
 * character class (text models); a unit's activation is always offered (the tab asks the worker for the
 * unit's values when the answer does not carry them) and drawn on a diverging scale centred on 0.
 */

import type { Projection } from '../../src/protocol/evaluate-view';
import * as l10n from '../shared/l10n';
import { categoryColors, divergingColors, quantile, sequentialColors, type Rgb } from './scatter';

export type Colouring = 'label' | 'predicted' | 'correct' | 'error' | 'characterClass' | 'unit';

export interface ColouringPalette {
  categories: readonly Rgb[];
  right: Rgb;
  wrong: Rgb;
  /** The loss scale's two ends. */
  low: Rgb;
  high: Rgb;
  /** The diverging scale's centre (an activation of 0): between `low` (negative) and `high` (positive). */
  neutral: Rgb;
  unknown: Rgb;
}

export type Legend =
  | { kind: 'categories'; items: Array<{ name: string; rgb: Rgb; count: number }> }
  | { kind: 'scale'; name: string; low: number; high: number; from: Rgb; to: Rgb }
  /** `low` … 0 … `high` (symmetric: `low` = −`high`) as `from` … `middle` … `to`. */
  | { kind: 'diverging'; name: string; low: number; high: number; from: Rgb; middle: Rgb; to: Rgb };

/** The colourings `projection` can show, the first the default. */
export function colouringsOf(projection: Projection): Colouring[] {
  const choices: Colouring[] = [];
  if (projection.label) choices.push('label');
  if (projection.predicted) choices.push('predicted');
  if (projection.label && projection.predicted) choices.push('correct');
  if (projection.error) choices.push('error');
  if (projection.characterClass) choices.push('characterClass');
  choices.push('unit');
  return choices;
}

export function colouringName(colouring: Colouring): string {
  switch (colouring) {
    case 'label':
      return l10n.t('actual label');
    case 'predicted':
      return l10n.t('predicted label');
    case 'correct':
      return l10n.t('right or wrong');
    case 'error':
      return l10n.t('loss');
    case 'characterClass':
      return l10n.t('character class');
    case 'unit':
      return l10n.t('unit activation');
  }
}

/** The character classes' names, in the protocol's order (letter 0 … other 5). */
export function characterClassNames(): string[] {
  return [
    l10n.t('letter'),
    l10n.t('digit'),
    l10n.t('space'),
    l10n.t('punctuation'),
    l10n.t('newline'),
    l10n.t('other'),
  ];
}

/**
 * `[N, 4]` RGBA per point and the legend for `colouring`; `labels` name label indices (classifiers),
 * `unit` the unit whose values `projection.unitValues` holds (for the legend).
 */
export function colourPoints(
  projection: Projection,
  colouring: Colouring,
  labels: readonly string[],
  palette: ColouringPalette,
  unit?: number,
): { colors: Uint8Array; legend: Legend } {
  const count = projection.sequence.length;
  switch (colouring) {
    case 'label':
    case 'predicted':
    case 'characterClass': {
      const categories =
        colouring === 'label'
          ? projection.label
          : colouring === 'predicted'
            ? projection.predicted
            : projection.characterClass;
      const names = colouring === 'characterClass' ? characterClassNames() : labels;
      return categorical(categories ?? new Int32Array(count).fill(-1), names, palette.categories, palette.unknown);
    }
    case 'correct': {
      const right = new Int8Array(count);
      for (let n = 0; n < count; n++) {
        const actual = projection.label?.[n] ?? -1;
        right[n] = actual < 0 ? -1 : actual === projection.predicted?.[n] ? 0 : 1;
      }
      return categorical(right, [l10n.t('right'), l10n.t('wrong')], [palette.right, palette.wrong], palette.unknown);
    }
    case 'error': {
      const error = projection.error ?? new Float32Array(count).fill(Number.NaN);
      // The 5th to 95th percentile: a handful of huge losses must not wash the rest into one colour.
      const low = quantile(error, 0.05);
      const high = quantile(error, 0.95);
      return {
        colors: sequentialColors(error, low, high, palette.low, palette.high, palette.unknown),
        legend: { kind: 'scale', name: l10n.t('loss'), low, high, from: palette.low, to: palette.high },
      };
    }
    case 'unit': {
      const values = projection.unitValues ?? new Float32Array(count).fill(Number.NaN);
      const high = activationRange(values);
      return {
        colors: divergingColors(values, high, palette.low, palette.neutral, palette.high, palette.unknown),
        legend: {
          kind: 'diverging',
          name: unit === undefined ? l10n.t('unit activation') : l10n.t('unit {0} activation', unit),
          low: -high,
          high,
          from: palette.low,
          middle: palette.neutral,
          to: palette.high,
        },
      };
    }
  }
}

/**
 * The diverging scale's half-width: the 95th percentile of |value| (a few outliers of an unbounded c must
 * not wash the rest into the centre colour), 1 when every value is 0 or none is finite.
 */
export function activationRange(values: ArrayLike<number>): number {
  const magnitude = Float32Array.from(values, Math.abs);
  const high = quantile(magnitude, 0.95);
  return Number.isFinite(high) && high > 0 ? high : 1;
}

function categorical(
  categories: ArrayLike<number>,
  names: readonly string[],
  colors: readonly Rgb[],
  unknown: Rgb,
): { colors: Uint8Array; legend: Legend } {
  const counts = new Map<number, number>();
  for (let n = 0; n < categories.length; n++) counts.set(categories[n], (counts.get(categories[n]) ?? 0) + 1);
  const items = [...counts.entries()]
    .sort(([a], [b]) => (a < 0 ? 1 : b < 0 ? -1 : a - b))
    .map(([k, count]) => ({
      name: k < 0 ? l10n.t('unknown') : (names[k] ?? String(k)),
      rgb: k < 0 || colors.length === 0 ? unknown : colors[k % colors.length],
      count,
    }));
  return { colors: categoryColors(categories, colors, unknown), legend: { kind: 'categories', items } };
}
