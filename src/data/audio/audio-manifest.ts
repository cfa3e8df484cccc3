/**
 * A manifest of recordings: a CSV, TSV or JSON Lines file with a header, one recording per row — a path
 * column (named path, file, filename, audio or wav) and a text column (text, transcript, sentence or
 * transcription). Paths are relative to the manifest's folder and may not leave it.
 */

import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { detectFormat, normaliseColumnName } from '../detect';
import { failWith, ok, type Result } from '../errors';
import { parseTable } from '../table';
import type { AudioEntry } from './audio-dataset';
import * as l10n from '../../protocol/l10n';

export const MANIFEST_PATH_COLUMNS = ['path', 'file', 'filename', 'audio', 'wav'] as const;
export const MANIFEST_TEXT_COLUMNS = ['text', 'transcript', 'sentence', 'transcription'] as const;
/** Largest manifest read. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** Whether a file name is one a manifest may have (by extension). */
export function isManifestName(name: string): boolean {
  return detectFormat(name) !== 'text';
}

function findColumn(columns: string[], names: readonly string[]): number {
  const normalised = columns.map(normaliseColumnName);
  for (const name of names) {
    const at = normalised.indexOf(name);
    if (at >= 0) return at;
  }
  return -1;
}

/** The manifest's path and text columns, or null when it lacks either. */
export function manifestColumns(columns: string[]): { path: number; text: number } | null {
  const path = findColumn(columns, MANIFEST_PATH_COLUMNS);
  const text = findColumn(columns, MANIFEST_TEXT_COLUMNS);
  return path < 0 || text < 0 ? null : { path, text };
}

export interface ManifestListing {
  entries: AudioEntry[];
  columns: { path: string; text: string };
  warnings: string[];
}

/**
 * Reads a manifest into entries (`root` = the manifest's folder, real path). `realPathOf` resolves a
 * recording's path (symbolic links included) or returns null when it does not exist.
 */
export async function readManifest(
  manifestPath: string,
  maxEntries: number,
  realPathOf: (path: string) => Promise<string | null>,
): Promise<Result<ManifestListing>> {
  const name = basename(manifestPath);
  const format = detectFormat(manifestPath);
  if (format === 'text') return failWith(name, l10n.t('a manifest must be a .csv, .tsv or .jsonl file'));
  let text: string;
  try {
    const bytes = await readFile(manifestPath);
    if (bytes.length > MAX_MANIFEST_BYTES) return failWith(name, l10n.t('the manifest is larger than 64 MiB'));
    text = bytes.toString('utf8');
  } catch (error) {
    return failWith(name, l10n.t('could not read the manifest ({0})', (error as NodeJS.ErrnoException).code ?? 'EIO'));
  }
  const table = parseTable(text, name, format);
  if (!table.ok) return table;
  const { columns, rows, lines } = table.value;
  const chosen = manifestColumns(columns);
  if (!chosen)
    return failWith(
      name,
      l10n.t(
        'a manifest needs a path column ({0}) and a text column ({1}); found {2}',
        MANIFEST_PATH_COLUMNS.join('/'),
        MANIFEST_TEXT_COLUMNS.join('/'),
        columns.map((c) => `'${c}'`).join(', '),
      ),
    );
  if (rows.length > maxEntries)
    return failWith(name, l10n.t('the manifest lists {0} recordings, more than the {1} read', rows.length, maxEntries));
  const folder = await realPathOf(dirname(resolve(manifestPath)));
  if (!folder) return failWith(name, l10n.t('the manifest folder cannot be read'));
  const entries: AudioEntry[] = [];
  const warnings: string[] = [];
  for (let r = 0; r < rows.length; r++) {
    const line = lines[r];
    const written = rows[r][chosen.path].trim();
    if (!written) return failWith(name, l10n.t('the path is empty'), { line, column: columns[chosen.path] });
    if (isAbsolute(written))
      return failWith(name, l10n.t("'{0}' is absolute; paths are relative to the manifest", written), { line });
    const real = await realPathOf(resolve(folder, written));
    if (!real) return failWith(name, l10n.t("'{0}' does not exist", written), { line });
    const inside = relative(folder, real);
    if (inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside))
      return failWith(name, l10n.t("'{0}' leads outside the manifest's folder", written), { line });
    if (!/\.wav$/i.test(real)) return failWith(name, l10n.t("'{0}' is not a .wav file", written), { line });
    entries.push({ path: real, name: written, transcript: rows[r][chosen.text] });
  }
  if (entries.length === 0) return failWith(name, l10n.t('the manifest lists no recordings'));
  return ok({ entries, columns: { path: columns[chosen.path], text: columns[chosen.text] }, warnings });
}
