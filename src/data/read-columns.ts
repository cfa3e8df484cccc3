/** Helpers for reading a new file with the columns a checkpoint names (evaluation of every task). */

import type { LoadedText } from './decode-text';
import type { DatasetFormat } from './detect';
import { failWith, listNames, type Result } from './errors';
import { parseTable, type Table } from './table';
import * as l10n from '../protocol/l10n';

/** Parses the file as a table and checks it has the checkpoint's columns, naming the ones it has if not. */
export function readTableWith(
  file: LoadedText,
  format: DatasetFormat,
  needed: { name: string; why: string }[],
): Result<Table> {
  if (format === 'text') {
    const columns = listNames(needed.map((c) => c.name));
    return failWith(
      file.name,
      l10n.t(
        'this model reads column(s) {0} of a table; {1} is plain text — choose a CSV, TSV or JSON Lines file with those columns',
        columns,
        file.name,
      ),
    );
  }
  const table = parseTable(file.text, file.name, format);
  if (!table.ok) return table;
  for (const { name, why } of needed) {
    if (!table.value.columns.includes(name)) {
      return failWith(
        file.name,
        l10n.t("there is no column '{0}' ({1}); the columns are {2}", name, why, listNames(table.value.columns, 50)),
        { line: 1 },
      );
    }
  }
  return table;
}

/** A token for a message, control characters escaped (`\n`, `\t`). */
export function showToken(token: string): string {
  return JSON.stringify(token).slice(1, -1);
}
