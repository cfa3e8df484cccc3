/**
 * The shared vocabulary of detection: dataset formats, the columns a task reads, the user's overrides,
 * and helpers the tasks' column choosers use. Which task a file is for is decided in src/tasks/detect.ts:
 * every registered task scores the file (src/tasks/<task>/detect.ts) and the best one chooses its columns.
 */

import type { DatasetColumns, DatasetFormat, DatasetKind } from '../protocol/dataset';
import type { TaskId } from '../protocol/task-id';
import type { ColumnProfile } from './column-profile';
import type { Table } from './table';

export type { DatasetColumns, DatasetFormat, DatasetKind, DatasetOverrides } from '../protocol/dataset';
/** Kept for the code that still names the task type so; a task is a registry id. */
export type Task = TaskId;

export interface Detection {
  kind: DatasetKind;
  task: TaskId;
  format: DatasetFormat;
  columns: DatasetColumns;
  /** Why, in words: "column 'review' holds free text (mean 38 words), column 'sentiment' has 2 values". */
  reason: string;
  warnings: string[];
  /** The parsed table for CSV, TSV and JSON Lines (null when the whole file is the text). */
  table: Table | null;
}

export function detectFormat(fileName: string): DatasetFormat {
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (ext === 'csv') return 'csv';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  return 'text';
}

/** The column whose name matches the earliest entry of `names` exactly, else one whose name contains it. */
export function columnByName(profiles: ColumnProfile[], names: readonly string[]): ColumnProfile | undefined {
  for (const name of names) {
    const exact = profiles.find((p) => normaliseColumnName(p.name) === name);
    if (exact) return exact;
  }
  for (const name of names) {
    if (name.length < 3) continue;
    const partial = profiles.find((p) =>
      normaliseColumnName(p.name)
        .split(/[^a-z0-9]+/)
        .includes(name),
    );
    if (partial) return partial;
  }
  return undefined;
}

export function maxBy<T>(items: T[], key: (item: T) => number): T | undefined {
  return items.reduce<T | undefined>(
    (best, item) => (best === undefined || key(item) > key(best) ? item : best),
    undefined,
  );
}

export function normaliseColumnName(name: string): string {
  return name.trim().toLowerCase();
}

export function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
