/**
 * The Runs table as data: which columns it has (the fixed ones, every setting that differs between the
 * shown runs, a final and a best column per metric present), each cell's value and text, the sort, the
 * sweep groups and the CSV of the table as shown. Pure (no DOM, no Node): the webview draws it, the host
 * writes the CSV from it, and vitest checks it directly.
 */

import type { MetricDescriptor } from './task-presentation';
import type { RunsTableRun, RunsTableSnapshot, SettingColumnInfo, SettingValue } from './runs-table';

export type ColumnKind = 'text' | 'number' | 'time' | 'duration' | 'setting' | 'metric';

export interface TableColumn {
  /** `run`, `dataset`, …; `setting:<key>`; `final:<metric>` / `best:<metric>`. */
  key: string;
  label: string;
  kind: ColumnKind;
  /** Metric columns: how to write the value and which way is better. */
  metric?: MetricDescriptor;
  setting?: SettingColumnInfo;
}

/** The columns every table has, in order. */
export const FIXED_COLUMNS: readonly TableColumn[] = [
  { key: 'run', label: 'Run', kind: 'text' },
  { key: 'dataset', label: 'Dataset', kind: 'text' },
  { key: 'task', label: 'Task', kind: 'text' },
  { key: 'status', label: 'Status', kind: 'text' },
  { key: 'started', label: 'Started', kind: 'time' },
  { key: 'duration', label: 'Duration', kind: 'duration' },
  { key: 'steps', label: 'Steps', kind: 'number' },
  { key: 'sweep', label: 'Sweep', kind: 'text' },
];

/** The setting keys whose values are not all the same across `runs` (a run without the setting counts as null). */
export function differingSettings(runs: readonly RunsTableRun[], settings: readonly SettingColumnInfo[]): string[] {
  if (runs.length < 2) return [];
  return settings
    .map((s) => s.key)
    .filter((key) => {
      const first = valueKey(runs[0].settings[key]);
      return runs.some((run) => valueKey(run.settings[key]) !== first);
    });
}

/**
 * The table's columns for `runs`: the fixed ones (the sweep's only when a run belongs to one), the best
 * and final value of each metric some run has (the headline metrics first: what a reader compares, so it
 * comes before the settings), then the settings that differ between them and any the caller keeps (those
 * a filter names, so filtering by a setting does not hide its column).
 */
export function tableColumns(
  runs: readonly RunsTableRun[],
  snapshot: Pick<RunsTableSnapshot, 'metrics' | 'settings'>,
  keepSettings: readonly string[] = [],
): TableColumn[] {
  const differing = new Set([...differingSettings(runs, snapshot.settings), ...keepSettings]);
  const settingColumns = snapshot.settings
    .filter((s) => differing.has(s.key))
    .map((s): TableColumn => ({ key: `setting:${s.key}`, label: s.label, kind: 'setting', setting: s }));
  const present = new Set<string>();
  for (const run of runs) for (const key of [...Object.keys(run.final), ...Object.keys(run.best)]) present.add(key);
  // Headline metrics first, the one most runs report before the others; then the rest in the snapshot's order.
  const headlineRuns = new Map<string, number>();
  for (const run of runs) headlineRuns.set(run.headline, (headlineRuns.get(run.headline) ?? 0) + 1);
  const metrics = snapshot.metrics
    .filter((m) => present.has(m.key))
    .sort((a, b) => (headlineRuns.get(b.key) ?? 0) - (headlineRuns.get(a.key) ?? 0));
  const metricColumns = metrics.flatMap((m): TableColumn[] => [
    { key: `best:${m.key}`, label: `Best ${m.label}`, kind: 'metric', metric: m },
    { key: `final:${m.key}`, label: `Final ${m.label}`, kind: 'metric', metric: m },
  ]);
  const fixed = runs.some((run) => run.sweep) ? FIXED_COLUMNS : FIXED_COLUMNS.filter((c) => c.key !== 'sweep');
  return [...fixed, ...metricColumns, ...settingColumns];
}

/** Every column key a table over `snapshot` may have (what the host accepts from the webview). */
export function knownColumn(snapshot: RunsTableSnapshot, key: string): TableColumn | undefined {
  return tableColumns(
    snapshot.runs,
    snapshot,
    snapshot.settings.map((s) => s.key),
  ).find((c) => c.key === key);
}

/** A cell's value for sorting and CSV: a number, a string, a boolean or null (empty). */
export function cellValue(run: RunsTableRun, key: string): SettingValue {
  switch (key) {
    case 'run':
      return run.id;
    case 'dataset':
      return run.datasetName;
    case 'task':
      return run.taskName;
    case 'status':
      return run.status;
    case 'started':
      return run.started;
    case 'duration':
      return run.elapsedSeconds;
    case 'steps':
      return run.step;
    case 'sweep':
      return run.sweep ? run.sweep.name : null;
  }
  const colon = key.indexOf(':');
  const field = key.slice(colon + 1);
  switch (key.slice(0, colon)) {
    case 'setting':
      return run.settings[field] ?? null;
    case 'best':
      return run.best[field] ?? null;
    case 'final':
      return run.final[field] ?? null;
    default:
      return null;
  }
}

/** A cell as the table writes it. */
export function cellText(run: RunsTableRun, column: TableColumn): string {
  const value = cellValue(run, column.key);
  if (value === null) return '';
  switch (column.kind) {
    case 'time':
      return formatStarted(String(value));
    case 'duration':
      return formatElapsed(Number(value));
    case 'number':
      return column.key === 'steps' && run.totalSteps > 0 ? `${run.step} / ${run.totalSteps}` : String(value);
    case 'metric':
      return formatMetricValue(column.metric!, Number(value));
    case 'setting':
      return typeof value === 'number' ? formatNumber(value) : String(value);
    default:
      return column.key === 'sweep' && run.sweep ? `${run.sweep.name} #${run.sweep.index + 1}` : String(value);
  }
}

export type SortDirection = 'ascending' | 'descending';

/**
 * Rows sorted by a column (stable: equal rows keep their order); empty cells last either way. Numbers
 * compare as numbers, the rest as text in natural order (`run-2` before `run-10`).
 */
export function sortRuns(runs: readonly RunsTableRun[], key: string, direction: SortDirection): RunsTableRun[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return runs
    .map((run, index) => ({ run, index, value: cellValue(run, key) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null)
        return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
      const order =
        typeof a.value === 'number' && typeof b.value === 'number'
          ? a.value - b.value
          : String(a.value).localeCompare(String(b.value), undefined, { numeric: true });
      return order !== 0 ? sign * order : a.index - b.index;
    })
    .map((entry) => entry.run);
}

/** A row of the drawn table: a run, or the header of the sweep whose runs follow it. */
export type TableEntry =
  | { kind: 'run'; run: RunsTableRun }
  | { kind: 'sweep'; id: string; name: string; done: number; count: number; shown: number; training: boolean };

/**
 * Sorted rows with each sweep's runs gathered under a header, at the place of its first run in the
 * sort; runs of no sweep stay where the sort put them. `done` counts the sweep's runs that ended
 * (finished, stopped or failed) among all of `allRuns`, not only the shown ones; `training`, whether one
 * of them trains now (the header offers to stop the sweep).
 */
export function groupBySweep(sorted: readonly RunsTableRun[], allRuns: readonly RunsTableRun[]): TableEntry[] {
  const members = new Map<string, RunsTableRun[]>();
  for (const run of sorted) if (run.sweep) members.set(run.sweep.id, [...(members.get(run.sweep.id) ?? []), run]);
  const entries: TableEntry[] = [];
  const placed = new Set<string>();
  for (const run of sorted) {
    if (!run.sweep) {
      entries.push({ kind: 'run', run });
      continue;
    }
    if (placed.has(run.sweep.id)) continue;
    placed.add(run.sweep.id);
    const sweepRuns = allRuns.filter((r) => r.sweep?.id === run.sweep!.id);
    const done = sweepRuns.filter((r) => r.status !== 'running' && r.status !== 'paused').length;
    const training = done < sweepRuns.length;
    const group = members.get(run.sweep.id)!;
    entries.push({
      kind: 'sweep',
      id: run.sweep.id,
      name: run.sweep.name,
      done,
      count: run.sweep.count,
      shown: group.length,
      training,
    });
    for (const member of group) entries.push({ kind: 'run', run: member });
  }
  return entries;
}

/**
 * The table as CSV (RFC 4180): a header of the columns' labels, then one line per run in the given
 * order. Numbers are written in full (not as shown, rounded), times in ISO 8601, lists joined by `, `.
 */
export function tableCsv(runs: readonly RunsTableRun[], columns: readonly TableColumn[]): string {
  const lines = [columns.map((c) => csvField(c.label)).join(',')];
  for (const run of runs)
    lines.push(
      columns
        .map((c) => {
          const value = c.key === 'sweep' ? cellText(run, c) : cellValue(run, c.key);
          return csvField(value === null ? '' : String(value));
        })
        .join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}

/** A CSV field, quoted when it holds a comma, a quote, a line break or edge spaces. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatMetricValue(metric: MetricDescriptor, value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return metric.format === 'percent' ? `${(value * 100).toFixed(1)} %` : formatNumber(value);
}

/** Up to 4 significant digits, exponent notation only for very small or large values. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e6) return value.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(4)));
}

/** `2026-12-07 01:20` in local time (the table's `Started`). */
export function formatStarted(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** `42 s`, `3 min 05 s`, `2 h 04 min`. */
export function formatElapsed(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  const total = Math.round(seconds);
  if (total < 60) return `${total} s`;
  if (total < 3600) return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, '0')} s`;
  return `${Math.floor(total / 3600)} h ${String(Math.floor((total % 3600) / 60)).padStart(2, '0')} min`;
}

function valueKey(value: SettingValue | undefined): string {
  return JSON.stringify(value ?? null);
}

/** One line of the two-run diff. */
export interface DiffLine {
  label: string;
  left: string;
  right: string;
  differs: boolean;
}

/** Two runs side by side: dataset, task, then every setting either of them has (columns first), marked where they differ. */
export function diffRuns(left: RunsTableRun, right: RunsTableRun, settings: readonly SettingColumnInfo[]): DiffLine[] {
  const line = (label: string, a: string, b: string): DiffLine => ({ label, left: a, right: b, differs: a !== b });
  const text = (value: SettingValue | undefined) =>
    value === undefined || value === null ? '—' : typeof value === 'number' ? String(value) : String(value);
  return [
    line('Dataset', left.datasetName, right.datasetName),
    line('Task', left.taskName, right.taskName),
    ...settings
      .filter((s) => s.key in left.settings || s.key in right.settings)
      .map((s) => line(s.label, text(left.settings[s.key]), text(right.settings[s.key]))),
  ];
}
