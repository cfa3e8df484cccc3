/**
 * The scale benchmark's files on disk: which data sets there are, where they are cached (a folder under
 * the system's temporary folder, kept between runs) and how each is made or reused. A file is written
 * under a temporary name and renamed when complete, so a file found under its own name is whole; it is
 * reused when its size is the one its generator makes (both generators know their size beforehand).
 */

import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTable, generateText, tableBytes } from './bench-scale-data';

/**
 * Each generator's version, bumped whenever its output changes, so a cached file from an older generator
 * is never taken for the current one (it is part of the file name).
 */
export const SCALE_DATA_VERSIONS = { text: 2, table: 1 } as const;

/** The seed of every scale data set: the same bytes on every machine. */
const SCALE_SEED = 21;

export interface ScaleDataset {
  /** The name on the command line and in the results: `text-100MB`, `text-1GB`, `table-10M`. */
  id: string;
  kind: 'text' | 'table';
  /** What it is, in words (the table's header line). */
  description: string;
  /** Bytes of the text, or rows of the table. */
  size: number;
  fileName: string;
  /** The file's size in bytes. */
  bytes: number;
}

const textDataset = (id: string, bytes: number): ScaleDataset => ({
  id,
  kind: 'text',
  description: `${formatBytes(bytes)} of generated prose (language model)`,
  size: bytes,
  fileName: `${id}.v${SCALE_DATA_VERSIONS.text}.txt`,
  bytes,
});

/**
 * The data sets, smallest first. The table is a forecasting series (a per-minute load log with two
 * numeric features) rather than labelled short texts: numeric columns are the case the typed
 * `Float32Array` columns are for, ten million rows of minutes is what a real sensor log looks like, and
 * the text pipeline is already measured by the two corpora.
 */
export const SCALE_DATASETS: readonly ScaleDataset[] = [
  textDataset('text-100MB', 100_000_000),
  textDataset('text-1GB', 1_000_000_000),
  {
    id: 'table-10M',
    kind: 'table',
    description: '10 M rows × (date, load, temperature, humidity), per-minute series (forecasting)',
    size: 10_000_000,
    fileName: `table-10M.v${SCALE_DATA_VERSIONS.table}.csv`,
    bytes: tableBytes(10_000_000),
  },
];

export function scaleDatasetsByIds(ids: readonly string[]): ScaleDataset[] {
  return ids.map((id) => {
    const dataset = SCALE_DATASETS.find((d) => d.id.toLowerCase() === id.toLowerCase());
    if (!dataset)
      throw new Error(`unknown scale data set '${id}' (choose from ${SCALE_DATASETS.map((d) => d.id).join(', ')})`);
    return dataset;
  });
}

/** Where the generated files are kept between runs unless `--scale-folder` says otherwise. */
export function defaultScaleFolder(): string {
  return join(tmpdir(), 'lstm-studio-scale');
}

export interface EnsuredFile {
  path: string;
  /** True when the file was already there with the right size. */
  reused: boolean;
  /** Seconds spent generating it (0 when reused). */
  seconds: number;
}

/** The data set's file in `folder`: reused when present with its size, else generated (streamed). */
export function ensureScaleFile(dataset: ScaleDataset, folder: string): EnsuredFile {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, dataset.fileName);
  if (existsSync(path) && statSync(path).size === dataset.bytes) return { path, reused: true, seconds: 0 };
  const start = performance.now();
  const partial = `${path}.partial-${process.pid}`;
  const fd = openSync(partial, 'w');
  try {
    const sink = (chunk: Uint8Array) => {
      for (let done = 0; done < chunk.length;) done += writeSync(fd, chunk, done);
    };
    if (dataset.kind === 'text') generateText(dataset.size, SCALE_SEED, sink);
    else generateTable(dataset.size, SCALE_SEED, sink);
  } finally {
    closeSync(fd);
  }
  const written = statSync(partial).size;
  if (written !== dataset.bytes)
    throw new Error(`bench: generated ${written} bytes for ${dataset.id}, expected ${dataset.bytes}`);
  renameSync(partial, path);
  return { path, reused: false, seconds: (performance.now() - start) / 1000 };
}

/** Decimal units, as disk sizes are given: 100 MB = 10^8 bytes. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${trim(bytes / 1e9)} GB`;
  if (bytes >= 1e6) return `${trim(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${trim(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

function trim(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toFixed(1).replace(/\.0$/, '');
}
