/**
 * A table's source and target columns → pairs, one row at a time (a `TableRowSink`, so a streamed file
 * is never held as rows of strings): each kept pair's two texts are handed on at once (preparation
 * tokenises them into ids). A row whose source is blank is skipped and counted — there is nothing to
 * transform, and every source then has at least one token; an empty target is kept (the model learns to
 * answer `<eos>` at once).
 */

import { dataError, failWith, listNames, ok, type DataError, type Result } from './errors';
import { describeRows } from './labelled';
import { replayTable, type Table } from './table';
import type { TableRowSink } from './table-stream';
import * as l10n from '../protocol/l10n';

export interface PairColumns {
  source: string;
  target: string;
}

/** What reading the rows found besides the pairs themselves. */
export interface PairRead {
  /** Pairs kept. */
  pairs: number;
  /** Rows skipped because their source was blank. */
  skippedEmptySource: number;
  warnings: string[];
}

export class PairReader implements TableRowSink {
  private tableColumns: readonly string[] = [];
  private complete = true;
  private sourceIndex = -1;
  private targetIndex = -1;
  private pairs = 0;
  private skippedEmptySource = 0;

  constructor(
    private readonly columns: PairColumns,
    private readonly file: string,
    private readonly onPair: (source: string, target: string) => void,
  ) {}

  header(columns: readonly string[], complete: boolean): DataError | null {
    this.tableColumns = columns;
    this.complete = complete;
    this.sourceIndex = columns.indexOf(this.columns.source);
    this.targetIndex = columns.indexOf(this.columns.target);
    return complete ? this.absentColumn() : null;
  }

  row(cells: string[]): DataError | null {
    if (!this.complete) {
      // JSON Lines streamed: a key may first appear in any object (a missing one is an empty cell).
      if (this.sourceIndex < 0) this.sourceIndex = this.tableColumns.indexOf(this.columns.source);
      if (this.targetIndex < 0) this.targetIndex = this.tableColumns.indexOf(this.columns.target);
    }
    const source = this.sourceIndex < 0 ? '' : (cells[this.sourceIndex] ?? '');
    const target = this.targetIndex < 0 ? '' : (cells[this.targetIndex] ?? '');
    if (source.trim() === '') {
      this.skippedEmptySource++;
      return null;
    }
    this.pairs++;
    this.onPair(source, target);
    return null;
  }

  finish(): Result<PairRead> {
    const absent = this.absentColumn();
    if (absent) return { ok: false, error: absent };
    const { source } = this.columns;
    if (this.pairs === 0) return failWith(this.file, l10n.t("no row has a text in '{0}'", source), { column: source });
    const warnings: string[] = [];
    if (this.skippedEmptySource > 0)
      warnings.push(l10n.t("{0} with an empty '{1}' skipped", describeRows(this.skippedEmptySource), source));
    if (this.pairs < 2) warnings.push(l10n.t('only one pair: there is nothing to validate on'));
    return ok({ pairs: this.pairs, skippedEmptySource: this.skippedEmptySource, warnings });
  }

  private absentColumn(): DataError | null {
    for (const [name, index] of [
      [this.columns.source, this.sourceIndex],
      [this.columns.target, this.targetIndex],
    ] as const) {
      if (index < 0) {
        const names = listNames([...this.tableColumns], 50);
        return dataError(this.file, l10n.t("there is no column '{0}'; the columns are {1}", name, names), { line: 1 });
      }
    }
    return null;
  }
}

/** A table held whole read through a `PairReader`. */
export function readPairsOfTable(table: Table, reader: PairReader): Result<PairRead> {
  const problem = replayTable(table, reader);
  if (problem) return { ok: false, error: problem };
  return reader.finish();
}
