/** Detection and preparation of pairs files called directly (before the task is registered). */

import { profileColumns } from '../../../../src/data/column-profile';
import { detectFormat, type DatasetOverrides } from '../../../../src/data/detect';
import { ok, type Result } from '../../../../src/data/errors';
import type { ResolvedOptions } from '../../../../src/data/prepare';
import { parseTable } from '../../../../src/data/table';
import { seq2seqDetector } from '../../../../src/tasks/seq2seq/detect';
import type { ProfiledTable, TaskDetection, TaskScore } from '../../../../src/tasks/task-training';

export const PAIR_OPTIONS: ResolvedOptions = {
  validationFraction: 0.2,
  seed: 7,
  tokenUnit: 'word',
  maxVocabulary: 10_000,
  truncationKeeps: 'start',
  horizon: 1,
  sourceTokens: 'auto',
  targetTokens: 'auto',
};

/** The seq2seq detector's score of a table file, and its choice of columns, as src/tasks/detect.ts asks them. */
export function detectPairs(
  file: string,
  content: string,
  overrides: DatasetOverrides = {},
): { score: TaskScore | null; detection: Result<TaskDetection> } {
  const format = detectFormat(file);
  if (format === 'text') throw new Error('detectPairs reads tables');
  let table: Result<ProfiledTable> | undefined;
  const readTable = (): Result<ProfiledTable> => {
    if (!table) {
      const parsed = parseTable(content, file, format);
      table = parsed.ok ? ok({ table: parsed.value, profiles: profileColumns(parsed.value) }) : parsed;
    }
    return table;
  };
  const read = readTable();
  const score = read.ok ? seq2seqDetector.score({ format, file, ...read.value }, overrides) : null;
  const detection = seq2seqDetector.chooseColumns({ file, format, content, overrides, chosen: false, readTable });
  return { score, detection };
}
