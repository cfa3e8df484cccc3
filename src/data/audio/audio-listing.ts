/**
 * A dataset folder (or manifest file) → an `AudioListing`: which recordings, with which label or
 * transcript, and why that layout, in words. Nothing is decoded here (read-audio-dataset.ts does that).
 *
 * Layouts, tried in this order:
 * - `manifest`: the path is a .csv/.tsv/.jsonl file, or a folder holding exactly one such file, with a
 *   path column and a text column (audio-manifest.ts);
 * - `pairs`: `.wav` files with a `.txt` of the same name beside them (most of them: the rest are skipped
 *   with a warning);
 * - `label-folders`: `.wav` files in subfolders of the root; the first-level subfolder names the label
 *   (folders whose name starts with `_`, like Speech Commands' `_background_noise_`, are skipped).
 *
 * Hostile folders: symbolic links that lead outside the root are refused (skipped, with a warning),
 * named pipes, devices and sockets skipped with a warning, at most MAX_AUDIO_ENTRIES recordings and
 * MAX_WALK_DEPTH levels. The listing's `fingerprint` is the SHA-256 over every recording's relative name,
 * size and modification time (sorted by name; with `pairs` each transcript's too, with a manifest the
 * manifest's): it changes when a file is added, removed or rewritten, without reading any audio.
 */

import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { plural } from '../detect';
import { failWith, ok, type Result } from '../errors';
import type { AudioEntry, AudioLayout, AudioListing } from './audio-dataset';
import { isManifestName, manifestColumns, readManifest } from './audio-manifest';
import { parseTable } from '../table';
import { detectFormat } from '../detect';
import * as l10n from '../../protocol/l10n';

/** Most recordings a dataset may list. */
export const MAX_AUDIO_ENTRIES = 200_000;
/** Deepest folder level walked below the root. */
export const MAX_WALK_DEPTH = 8;
/** Longest transcript file read (`pairs`). */
const MAX_TRANSCRIPT_BYTES = 64 * 1024;

/** A listing plus its fingerprint (see the module comment). */
export interface FingerprintedListing extends AudioListing {
  fingerprint: string;
}

interface WalkedFile {
  /** Real path. */
  path: string;
  /** Relative to the root, with `/`. */
  name: string;
  size: number;
  mtimeMs: number;
}

interface Walk {
  wavs: WalkedFile[];
  texts: Map<string, string>;
  tables: string[];
  warnings: string[];
}

function isInside(root: string, path: string): boolean {
  const inside = relative(root, path);
  return inside === '' || (!inside.startsWith(`..${sep}`) && inside !== '..' && !inside.startsWith('/'));
}

/** Every .wav, .txt and table file below `root` (a real path), breadth first in sorted order. */
async function walkFolder(root: string): Promise<Result<Walk>> {
  const walk: Walk = { wavs: [], texts: new Map(), tables: [], warnings: [] };
  const rootName = basename(root);
  let level: string[] = [root];
  const seen = new Set<string>([root]);
  for (let depth = 0; level.length > 0; depth++) {
    const next: string[] = [];
    for (const folder of level) {
      let names: string[];
      try {
        names = (await readdir(folder)).sort();
      } catch (error) {
        walk.warnings.push(
          `${relative(root, folder) || rootName}: cannot be read (${(error as NodeJS.ErrnoException).code})`,
        );
        continue;
      }
      for (const entryName of names) {
        const path = join(folder, entryName);
        const name = relative(root, path).split(sep).join('/');
        let info = await lstat(path).catch(() => null);
        if (!info) continue;
        let real = path;
        if (info.isSymbolicLink()) {
          const target = await realpath(path).catch(() => null);
          if (!target) {
            walk.warnings.push(l10n.t('{0}: a broken symbolic link, skipped', name));
            continue;
          }
          if (!isInside(root, target)) {
            walk.warnings.push(l10n.t('{0}: a symbolic link leading outside the dataset folder, refused', name));
            continue;
          }
          real = target;
          info = await stat(target);
        }
        if (info.isDirectory()) {
          if (seen.has(real)) continue; // a link back into the tree
          seen.add(real);
          if (depth + 1 > MAX_WALK_DEPTH)
            walk.warnings.push(l10n.t('{0}: deeper than {1} levels, skipped', name, MAX_WALK_DEPTH));
          else next.push(real);
          continue;
        }
        if (!info.isFile()) {
          walk.warnings.push(l10n.t('{0}: not a regular file (a pipe, device or socket), skipped', name));
          continue;
        }
        const lower = entryName.toLowerCase();
        if (lower.endsWith('.wav')) {
          walk.wavs.push({ path: real, name, size: info.size, mtimeMs: info.mtimeMs });
          if (walk.wavs.length > MAX_AUDIO_ENTRIES)
            return failWith(
              rootName,
              l10n.t('more than {0} .wav files; a dataset may hold at most that many', MAX_AUDIO_ENTRIES),
            );
        } else if (lower.endsWith('.txt')) walk.texts.set(name.slice(0, -4), real);
        else if (depth === 0 && isManifestName(entryName)) walk.tables.push(real);
      }
    }
    level = next;
  }
  return ok(walk);
}

async function fingerprintOf(files: { name: string; size: number; mtimeMs: number }[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)))
    hash.update(`${file.name}\0${file.size}\0${Math.round(file.mtimeMs)}\n`);
  return `sha256:${hash.digest('hex')}`;
}

async function manifestListing(manifestPath: string, display: string): Promise<Result<FingerprintedListing>> {
  const read = await readManifest(manifestPath, MAX_AUDIO_ENTRIES, (path) => realpath(path).catch(() => null));
  if (!read.ok) return read;
  const { entries, columns, warnings } = read.value;
  const files = await Promise.all(
    entries.map(async (entry) => {
      const info = await stat(entry.path);
      return { name: entry.name, size: info.size, mtimeMs: info.mtimeMs };
    }),
  );
  const manifestInfo = await stat(manifestPath);
  files.push({ name: basename(manifestPath), size: manifestInfo.size, mtimeMs: manifestInfo.mtimeMs });
  return ok({
    root: manifestPath,
    layout: 'manifest',
    entries,
    reason: `${display} lists ${entries.length} ${plural(entries.length, 'recording')} (column '${columns.path}') with transcripts (column '${columns.text}')`,
    warnings,
    fingerprint: await fingerprintOf(files),
  });
}

/** The one table among the root's files that reads as a manifest, if any. */
async function manifestInFolder(tables: string[]): Promise<string | null> {
  const found: string[] = [];
  for (const path of tables) {
    const head = await readFile(path, 'utf8').catch(() => '');
    const firstLines = head.split('\n').slice(0, 2).join('\n');
    const table = parseTable(firstLines, basename(path), detectFormat(path) as 'csv' | 'tsv' | 'jsonl');
    if (table.ok && manifestColumns(table.value.columns)) found.push(path);
  }
  return found.length === 1 ? found[0] : null;
}

function pairsListing(root: string, walk: Walk, transcripts: Map<string, string>): AudioListing {
  const entries: AudioEntry[] = [];
  const warnings = [...walk.warnings];
  let unpaired = 0;
  for (const wav of walk.wavs) {
    const text = transcripts.get(wav.name.slice(0, -4));
    if (text === undefined) unpaired++;
    else entries.push({ path: wav.path, name: wav.name, transcript: text });
  }
  if (unpaired > 0)
    warnings.push(l10n.t('{0} .wav {1} without a .txt transcript, skipped', unpaired, plural(unpaired, 'file')));
  return {
    root,
    layout: 'pairs',
    entries,
    reason: `${entries.length} .wav ${plural(entries.length, 'file')} with a .txt transcript of the same name`,
    warnings,
  };
}

function labelFoldersListing(root: string, walk: Walk): Result<AudioListing> {
  const entries: AudioEntry[] = [];
  const warnings = [...walk.warnings];
  const skippedFolders = new Set<string>();
  let atRoot = 0;
  for (const wav of walk.wavs) {
    const slash = wav.name.indexOf('/');
    if (slash < 0) {
      atRoot++;
      continue;
    }
    const label = wav.name.slice(0, slash);
    if (label.startsWith('_')) {
      skippedFolders.add(label);
      continue;
    }
    entries.push({ path: wav.path, name: wav.name, label });
  }
  if (atRoot > 0)
    warnings.push(
      l10n.t('{0} .wav {1} directly in the folder (not in a label folder), skipped', atRoot, plural(atRoot, 'file')),
    );
  for (const folder of skippedFolders) warnings.push(l10n.t("{0}/: a folder starting with '_', skipped", folder));
  const labels = new Set(entries.map((e) => e.label));
  if (entries.length === 0)
    return failWith(
      basename(root),
      l10n.t("no .wav files in subfolders: put each label's recordings in a folder named after it"),
    );
  return ok({
    root,
    layout: 'label-folders',
    entries,
    reason: `${labels.size} ${plural(labels.size, 'subfolder')} of .wav files (${entries.length} ${plural(entries.length, 'recording')}): one label per folder`,
    warnings,
  });
}

/** Lists a dataset folder or manifest file (see the module comment for the layouts). */
export async function listAudioDataset(path: string): Promise<Result<FingerprintedListing>> {
  const display = basename(path);
  const info = await stat(path).catch(() => null);
  if (!info) return failWith(display, l10n.t('not found'));
  if (info.isFile()) return manifestListing(path, display);
  if (!info.isDirectory()) return failWith(display, l10n.t('neither a folder nor a manifest file'));
  const root = await realpath(path);
  const walked = await walkFolder(root);
  if (!walked.ok) return walked;
  const walk = walked.value;
  const manifest = await manifestInFolder(walk.tables);
  if (manifest) {
    const listing = await manifestListing(manifest, `${display}/${basename(manifest)}`);
    if (listing.ok) listing.value.root = root;
    return listing;
  }
  if (walk.wavs.length === 0)
    return failWith(
      display,
      walk.wavs.length === 0 && walk.texts.size === 0 ? 'the folder holds no .wav files' : 'no .wav files found',
    );
  const paired = walk.wavs.filter((wav) => walk.texts.has(wav.name.slice(0, -4))).length;
  let listing: Result<AudioListing>;
  if (paired > 0 && paired >= walk.wavs.length / 2) {
    const transcripts = new Map<string, string>();
    for (const wav of walk.wavs) {
      const textPath = walk.texts.get(wav.name.slice(0, -4));
      if (!textPath) continue;
      const textInfo = await stat(textPath);
      if (textInfo.size > MAX_TRANSCRIPT_BYTES) {
        walk.warnings.push(l10n.t('{0}.txt: longer than 64 KiB, skipped', wav.name.slice(0, -4)));
        continue;
      }
      transcripts.set(wav.name.slice(0, -4), (await readFile(textPath, 'utf8')).trim());
    }
    listing = ok(pairsListing(root, walk, transcripts));
  } else listing = labelFoldersListing(root, walk);
  if (!listing.ok) return listing;
  const kept = new Set(listing.value.entries.map((e) => e.name));
  const files = walk.wavs.filter((wav) => kept.has(wav.name));
  // A transcript rewritten changes the dataset too.
  if (listing.value.layout === 'pairs')
    for (const wav of files.slice()) {
      const textPath = walk.texts.get(wav.name.slice(0, -4))!;
      const info = await stat(textPath);
      files.push({ path: textPath, name: `${wav.name.slice(0, -4)}.txt`, size: info.size, mtimeMs: info.mtimeMs });
    }
  return ok({ ...listing.value, fingerprint: await fingerprintOf(files) });
}

/** The layout's name in words, for summaries. */
export function describeLayout(layout: AudioLayout): string {
  if (layout === 'label-folders') return 'label folders';
  if (layout === 'pairs') return '.wav + .txt pairs';
  return 'manifest';
}
