/**
 * What the Runs table remembers across hides and reloads (VS Code's webview state): the sort, the filter
 * text, the hidden columns, the selected runs and the chart's metric. Read back defensively: the state is
 * whatever an older version of the panel wrote.
 */

import type { SortDirection } from '../../src/protocol/runs-table-model';

export interface RunsTableViewState {
  sort: { key: string; direction: SortDirection } | null;
  filter: string;
  /** Column keys the user hid. */
  hidden: string[];
  /** Column keys hidden by default (see `hiddenByDefault`) that the user showed. */
  shown: string[];
  selected: string[];
  /** `loss` (training loss) or a validation metric's key. */
  chartMetric: string;
}

export const DEFAULT_VIEW_STATE: RunsTableViewState = {
  sort: { key: 'started', direction: 'descending' },
  filter: '',
  hidden: [],
  shown: [],
  selected: [],
  chartMetric: 'train:loss',
};

export function readViewState(saved: unknown): RunsTableViewState {
  if (typeof saved !== 'object' || saved === null) return { ...DEFAULT_VIEW_STATE };
  const s = saved as Partial<Record<keyof RunsTableViewState, unknown>>;
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, 1000) : [];
  const sort = s.sort as { key?: unknown; direction?: unknown } | null | undefined;
  return {
    sort:
      sort && typeof sort.key === 'string' && (sort.direction === 'ascending' || sort.direction === 'descending')
        ? { key: sort.key, direction: sort.direction }
        : sort === null
          ? null
          : DEFAULT_VIEW_STATE.sort,
    filter: typeof s.filter === 'string' ? s.filter.slice(0, 1000) : '',
    hidden: strings(s.hidden),
    shown: strings(s.shown),
    selected: strings(s.selected),
    chartMetric: typeof s.chartMetric === 'string' ? s.chartMetric : DEFAULT_VIEW_STATE.chartMetric,
  };
}

/**
 * Columns a new table hides until the user shows them: the final value of each metric (the best one is
 * what runs are compared by; with several tasks' metrics both would push the settings out of view).
 */
export function hiddenByDefault(key: string): boolean {
  return key.startsWith('final:');
}

/** Whether a column is shown under the user's choices. */
export function columnVisible(state: Pick<RunsTableViewState, 'hidden' | 'shown'>, key: string): boolean {
  if (state.hidden.includes(key)) return false;
  return !hiddenByDefault(key) || state.shown.includes(key);
}
