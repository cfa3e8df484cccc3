/**
 * The first rows of a dataset as parsed, for the New Training Run form's preview: a table's columns with
 * the type detection sees in each (profiled over the start of the file, as detection samples it) and its
 * first rows, or a text file's first lines. Reads at most PREVIEW_SAMPLE_BYTES, whatever the file's size.
 */

import type { DatasetPreview, PreviewColumn } from '../protocol/worker-messages';
import type { DatasetFormat } from '../protocol/dataset';
import { profileColumns, type ColumnProfile } from './column-profile';
import { readTextSample } from './read-text';
import { parseTable } from './table';

/** Enough rows to type the columns, read in milliseconds. */
export const PREVIEW_SAMPLE_BYTES = 256 * 1024;
export const PREVIEW_ROWS = 8;
/** A cell or line longer than this is cut (with `…`): the preview shows, it does not hold the data. */
export const PREVIEW_CELL_CHARACTERS = 160;
/** At most this many distinct values (and fewer than half the filled cells) make a column a label. */
const LABEL_DISTINCT_MAX = 50;

export async function previewDataset(path: string, format: DatasetFormat, headerless = false): Promise<DatasetPreview> {
  const sample = await readTextSample(path, PREVIEW_SAMPLE_BYTES);
  if (!sample.ok) throw new Error(sample.error.message);
  if (format === 'text') {
    const lines = sample.value.text.split(/\r?\n/, PREVIEW_ROWS).map(cut);
    return { columns: [], rows: [], lines };
  }
  const table = parseTable(sample.value.text, sample.value.name, format, { header: !headerless });
  if (!table.ok) throw new Error(table.error.message);
  const columns = profileColumns(table.value).map(previewColumn);
  const rows = table.value.rows.slice(0, PREVIEW_ROWS).map((row) => row.map(cut));
  return { columns, rows };
}

/** The type the form shows beside a column's name: what its sampled cells mostly are. */
export function previewColumn(profile: ColumnProfile): PreviewColumn {
  const { name, filled, numericShare, dateShare, distinct, meanWords } = profile;
  let type: PreviewColumn['type'] = 'text';
  if (filled > 0 && dateShare >= 0.9) type = 'date';
  else if (filled > 0 && numericShare >= 0.9) type = 'numeric';
  else if (filled > 0 && distinct <= LABEL_DISTINCT_MAX && distinct * 2 <= filled && meanWords <= 3) type = 'label';
  return { name, type };
}

function cut(text: string): string {
  return text.length > PREVIEW_CELL_CHARACTERS ? `${text.slice(0, PREVIEW_CELL_CHARACTERS - 1)}…` : text;
}
