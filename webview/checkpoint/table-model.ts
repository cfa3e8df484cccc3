/**
 * The tensor table's rows as data: which columns there are, how a filter matches and how rows sort.
 * Pure (no DOM), so sorting and filtering are tested without a browser.
 */

import type { TensorRow, TensorStatistics } from '../../src/protocol/checkpoint-overview';

export type ColumnKey =
  'name' | 'dtype' | 'shape' | 'elements' | 'bytes' | 'min' | 'max' | 'mean' | 'std' | 'zeros' | 'nans' | 'histogram';

export interface ColumnSpec {
  key: ColumnKey;
  label: string;
  title: string;
  numeric: boolean;
  sortable: boolean;
}

export const COLUMNS: readonly ColumnSpec[] = [
  { key: 'name', label: 'Name', title: 'Tensor name (PyTorch state_dict key)', numeric: false, sortable: true },
  { key: 'dtype', label: 'dtype', title: 'Element type as stored', numeric: false, sortable: true },
  { key: 'shape', label: 'Shape', title: 'Dimensions, outermost first', numeric: false, sortable: true },
  { key: 'elements', label: 'Elements', title: 'Number of values', numeric: true, sortable: true },
  { key: 'bytes', label: 'Bytes', title: 'Size in the file', numeric: true, sortable: true },
  { key: 'min', label: 'Min', title: 'Smallest finite value', numeric: true, sortable: true },
  { key: 'max', label: 'Max', title: 'Largest finite value', numeric: true, sortable: true },
  { key: 'mean', label: 'Mean', title: 'Mean of the finite values', numeric: true, sortable: true },
  { key: 'std', label: 'Std', title: 'Standard deviation of the finite values', numeric: true, sortable: true },
  { key: 'zeros', label: 'Zeros', title: 'Values exactly 0', numeric: true, sortable: true },
  { key: 'nans', label: 'NaN', title: 'NaN values (and ±∞, counted apart)', numeric: true, sortable: true },
  {
    key: 'histogram',
    label: 'Histogram',
    title: 'Distribution of the finite values between min and max',
    numeric: false,
    sortable: false,
  },
];

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
