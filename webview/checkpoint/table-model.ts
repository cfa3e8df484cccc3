/**
 * The tensor table's rows as data: which columns there are, how a filter matches and how rows sort.
 * Pure (no DOM), so sorting and filtering are tested without a browser.
 */

import type { TensorRow, TensorStatistics } from '../../src/protocol/checkpoint-overview';
import * as l10n from '../shared/l10n';

export type ColumnKey =
  'name' | 'dtype' | 'shape' | 'elements' | 'bytes' | 'min' | 'max' | 'mean' | 'std' | 'zeros' | 'nans' | 'histogram';

export interface ColumnSpec {
  key: ColumnKey;
  numeric: boolean;
  sortable: boolean;
}

export const COLUMNS: readonly ColumnSpec[] = [
  { key: 'name', numeric: false, sortable: true },
  { key: 'dtype', numeric: false, sortable: true },
  { key: 'shape', numeric: false, sortable: true },
  { key: 'elements', numeric: true, sortable: true },
  { key: 'bytes', numeric: true, sortable: true },
  { key: 'min', numeric: true, sortable: true },
  { key: 'max', numeric: true, sortable: true },
  { key: 'mean', numeric: true, sortable: true },
  { key: 'std', numeric: true, sortable: true },
  { key: 'zeros', numeric: true, sortable: true },
  { key: 'nans', numeric: true, sortable: true },
  {
    key: 'histogram',
    numeric: false,
    sortable: false,
  },
];

/** A column's heading and its tooltip, in the display language. */
export function columnText(key: ColumnKey): { label: string; title: string } {
  switch (key) {
    case 'name':
      return { label: l10n.t('Name'), title: l10n.t('Tensor name (PyTorch state_dict key)') };
    case 'dtype':
      return { label: 'dtype', title: l10n.t('Element type as stored') };
    case 'shape':
      return { label: l10n.t('Shape'), title: l10n.t('Dimensions, outermost first') };
    case 'elements':
      return { label: l10n.t('Elements'), title: l10n.t('Number of values') };
    case 'bytes':
      return { label: l10n.t('Bytes'), title: l10n.t('Size in the file') };
    case 'min':
      return { label: l10n.t('Min'), title: l10n.t('Smallest finite value') };
    case 'max':
      return { label: l10n.t('Max'), title: l10n.t('Largest finite value') };
    case 'mean':
      return { label: l10n.t('Mean'), title: l10n.t('Mean of the finite values') };
    case 'std':
      return { label: l10n.t('Std'), title: l10n.t('Standard deviation of the finite values') };
    case 'zeros':
      return { label: l10n.t('Zeros'), title: l10n.t('Values exactly 0') };
    case 'nans':
      return { label: 'NaN', title: l10n.t('NaN values (and ±∞, counted apart)') };
    case 'histogram':
      return { label: l10n.t('Histogram'), title: l10n.t('Distribution of the finite values between min and max') };
  }
}

export interface SortOrder {
  key: ColumnKey;
  descending: boolean;
}

export const DEFAULT_SORT: SortOrder = { key: 'name', descending: false };

/** Each whitespace-separated term must appear (case-insensitive) in the name, the dtype or the shape. */
export function matchesFilter(row: TensorRow, filter: string): boolean {
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const haystack = `${row.name} ${row.dtype} ${row.shape.join('x')}`.toLowerCase();
  return terms.every((term) => haystack.includes(term));
}

/**
 * The rows to show, in order. Names sort naturally (`l2` before `l10`); ties keep the file's order.
 * Rows whose statistic is not computed yet sort last whichever the direction, so a half-computed table
 * still reads sensibly.
 */
export function visibleRows(
  rows: readonly TensorRow[],
  stats: ReadonlyMap<string, TensorStatistics>,
  options: { filter: string; showOptimizer: boolean; sort: SortOrder },
): TensorRow[] {
  const shown = rows.filter(
    (row) => (options.showOptimizer || row.group !== 'optimizer') && matchesFilter(row, options.filter),
  );
  const { key, descending } = options.sort;
  const sign = descending ? -1 : 1;
  return shown
    .map((row, index) => ({ row, index, value: sortValue(row, stats.get(row.name), key) }))
    .sort((a, b) => {
      if (a.value === undefined || b.value === undefined) {
        if (a.value === b.value) return a.index - b.index;
        return a.value === undefined ? 1 : -1;
      }
      const order =
        typeof a.value === 'string'
          ? naturalCompare(a.value, b.value as string)
          : (a.value as number) - (b.value as number);
      return order !== 0 ? sign * order : a.index - b.index;
    })
    .map((entry) => entry.row);
}

function sortValue(row: TensorRow, stats: TensorStatistics | undefined, key: ColumnKey): string | number | undefined {
  switch (key) {
    case 'name':
      return row.name;
    case 'dtype':
      return row.dtype;
    case 'shape':
      // By size, then by rank: what "sort by shape" is for is finding the big ones.
      return row.elements + row.shape.length / 100;
    case 'elements':
      return row.elements;
    case 'bytes':
      return row.bytes;
    case 'histogram':
      return undefined;
    case 'nans':
      return stats ? stats.nans + stats.infinities : undefined;
    default: {
      const value = stats?.[key];
      return value === undefined || Number.isNaN(value) ? undefined : value;
    }
  }
}

/** Clicking a header: a new column sorts ascending (numbers: descending, biggest first); the same column flips. */
export function nextSort(current: SortOrder, key: ColumnKey): SortOrder {
  if (current.key === key) return { key, descending: !current.descending };
  const numeric = COLUMNS.find((c) => c.key === key)?.numeric ?? false;
  return { key, descending: numeric };
}

/**
 * Tensor names as a programmer reads them: runs of digits by value (`l2` before `l10`), everything else
 * by character code (so `exp_avg.` comes before `exp_avg_sq.`, which a locale collation turns around).
 */
export function naturalCompare(a: string, b: string): number {
  const pattern = /(\d+)|(\D+)/g;
  const partsA = a.match(pattern) ?? [];
  const partsB = b.match(pattern) ?? [];
  for (let k = 0; k < Math.min(partsA.length, partsB.length); k++) {
    const x = partsA[k];
    const y = partsB[k];
    if (x === y) continue;
    const numeric = /^\d/.test(x) && /^\d/.test(y);
    if (numeric) {
      const difference = Number(x) - Number(y);
      if (difference !== 0) return difference;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return partsA.length - partsB.length;
}
