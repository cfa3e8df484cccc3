/**
 * Which task a file is for, and which columns to use. Every registered task scores the file (plain text,
 * or a parsed and profiled table) and the best one chooses its columns; a task chosen by the user — or
 * implied by the columns they named (`targetColumns`, `labelColumn`) — skips the scoring. Every
 * decision comes with a reason a user can read, and every choice can be overridden.
 */

import { profileColumns } from '../data/column-profile';
import { detectFormat, type DatasetOverrides, type Detection } from '../data/detect';
import { failWith, listNames, ok, type Result } from '../data/errors';
import { parseTable } from '../data/table';
import { allTasks, getTask } from './index';
import type { DatasetSample, ProfiledTable } from './task-training';
import type { TaskDefinition } from './types';
import * as l10n from '../protocol/l10n';

export function detectDataset(fileName: string, content: string, overrides: DatasetOverrides = {}): Result<Detection> {
  const format = detectFormat(fileName);
  if (overrides.task !== undefined && !allTasks().some((t) => t.id === overrides.task)) {
    return failWith(
      fileName,
      l10n.t(
        "unknown task '{0}' (known: {1})",
        overrides.task,
        allTasks()
          .map((t) => t.id)
          .join(', '),
      ),
    );
  }
  const chosen = overrides.task !== undefined ? getTask(overrides.task) : impliedTask(overrides);
  if (format === 'text' && chosen && !chosen.training.detection.readsPlainText) {
    const readers = allTasks()
      .filter((t) => t.training.detection.readsPlainText)
      .map((t) => t.modelNoun);
    return failWith(
      fileName,
      l10n.t(
        'a plain text file can only train {0}; for {1} use a CSV, TSV or JSON Lines file',
        readers.join(' or '),
        chosen.id,
      ),
    );
  }
  let table: Result<ProfiledTable> | undefined;
  const readTable = () =>
    (table ??= readProfiledTable(fileName, content, format as Exclude<typeof format, 'text'>, overrides));
  let task = chosen;
  if (!task) {
    let sample: DatasetSample;
    if (format === 'text') sample = { format, file: fileName, content };
    else {
      const read = readTable();
      if (!read.ok) return read;
      sample = { format, file: fileName, ...read.value };
    }
    const best = bestScoring(sample, overrides);
    if (!best)
      return failWith(
        fileName,
        l10n.t(
          'no task can train on this file (tasks: {0})',
          allTasks()
            .map((t) => t.id)
            .join(', '),
        ),
      );
    task = best;
  }
  const choice = task.training.detection.chooseColumns({
    file: fileName,
    format,
    content,
    overrides,
    chosen: chosen !== undefined,
    readTable,
  });
  if (!choice.ok) return choice;
  return ok({ kind: task.training.datasetKind, task: task.id, format, ...choice.value });
}

/** The task whose own column overrides were given (the highest priority), if any. */
function impliedTask(overrides: DatasetOverrides): TaskDefinition | undefined {
  let best: TaskDefinition | undefined;
  let bestPriority = 0;
  for (const task of allTasks()) {
    const priority = task.training.detection.impliedBy(overrides);
    if (priority > bestPriority) [best, bestPriority] = [task, priority];
  }
  return best;
}

/** The best-scoring task; on a tie the one registered first. */
function bestScoring(sample: DatasetSample, overrides: DatasetOverrides): TaskDefinition | undefined {
  let best: TaskDefinition | undefined;
  let bestScore = 0;
  for (const task of allTasks()) {
    const score = task.training.detection.score(sample, overrides)?.score ?? 0;
    if (score > bestScore) [best, bestScore] = [task, score];
  }
  return best;
}

function readProfiledTable(
  fileName: string,
  content: string,
  format: 'csv' | 'tsv' | 'jsonl',
  overrides: DatasetOverrides,
): Result<ProfiledTable> {
  const table = parseTable(content, fileName, format);
  if (!table.ok) return table;
  for (const name of [
    overrides.textColumn,
    overrides.labelColumn,
    overrides.dateColumn,
    overrides.seriesColumn,
    ...(overrides.targetColumns ?? []),
    ...(overrides.knownFutureColumns ?? []),
  ]) {
    if (typeof name === 'string' && !table.value.columns.includes(name)) {
      return failWith(
        fileName,
        l10n.t("there is no column '{0}'; the columns are {1}", name, listNames(table.value.columns, 50)),
        {
          line: 1,
        },
      );
    }
  }
  return ok({ table: table.value, profiles: profileColumns(table.value) });
}
