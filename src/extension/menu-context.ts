/**
 * What the menus' `when` clauses read, computed from facts about the workspace: whether it has LSTM Studio
 * runs (`lstmStudio.hasRuns`), whether a model is known for it (`lstmStudio.hasModel`), and which folders
 * the user opted in for text datasets (`lstmStudio.datasetFolders`, from the `lstmStudio.datasetFolders`
 * setting's globs). Pure (no `vscode`), so it is unit-tested directly; context-keys.ts sets the keys.
 */

import { posix } from 'node:path';

/** What the context keys need to know of one run folder. */
export interface RunCheckpointFacts {
  /** A worker trains it in this window now. */
  active: boolean;
  hasBestCheckpoint: boolean;
  hasLastCheckpoint: boolean;
}

export interface WorkspaceContext {
  hasRuns: boolean;
  hasModel: boolean;
}

/**
 * A model is known when a run has a checkpoint Predict can use — its best, or the last one of a run no
 * longer training (an active run rewrites last.safetensors as it goes) — or when the user picked a model
 * in this workspace (remembered, and its file still exists).
 */
export function workspaceContext(runs: readonly RunCheckpointFacts[], modelRemembered: boolean): WorkspaceContext {
  const usable = (run: RunCheckpointFacts) => run.hasBestCheckpoint || (run.hasLastCheckpoint && !run.active);
  return { hasRuns: runs.length > 0, hasModel: modelRemembered || runs.some(usable) };
}

/**
 * The setting's globs, cleaned: strings only, trimmed, without a leading `./` or trailing `/`; the
 * workspace folder itself (`.` or an empty string after trimming the slashes) is `**`. A setting that is
 * not a list (a hand-edited settings.json) gives none.
 */
export function datasetFolderGlobs(setting: unknown): string[] {
  if (!Array.isArray(setting)) return [];
  const globs: string[] = [];
  for (const entry of setting) {
    if (typeof entry !== 'string') continue;
    let glob = entry.trim().replace(/\\/g, '/');
    if (glob.length === 0) continue;
    while (glob.startsWith('./')) glob = glob.slice(2);
    glob = glob.replace(/\/+$/, '');
    if (glob === '' || glob === '.') glob = '**';
    if (!globs.includes(glob)) globs.push(glob);
  }
  return globs;
}

/** The files a folder glob opts in: its `.txt` and `.md` files, in it and below it. */
export function datasetFilePattern(folderGlob: string): string {
  return `${folderGlob}/**/*.{txt,md}`;
}

/**
 * The folders that hold opted-in text files (what `resourceDirname in lstmStudio.datasetFolders`
 * compares with), each once, sorted. Paths are given as the workbench writes `resourceDirname`.
 */
export function foldersHolding(filePaths: readonly string[]): string[] {
  const folders = new Set<string>();
  for (const path of filePaths) folders.add(dirnameOf(path));
  return [...folders].sort();
}

/**
 * The glob *Use This Folder for Datasets* adds for a folder: its path relative to the workspace folder
 * (forward slashes), `.` for the workspace folder itself; undefined for a folder outside it.
 */
export function optInGlob(workspaceRoot: string, folder: string): string | undefined {
  const root = toPosix(workspaceRoot).replace(/\/+$/, '');
  const path = toPosix(folder).replace(/\/+$/, '');
  if (path === root) return '.';
  if (!path.startsWith(`${root}/`)) return undefined;
  return path.slice(root.length + 1);
}

/** The setting's list with `glob` added (unchanged when it is already there). */
export function withGlob(setting: unknown, glob: string): string[] {
  const current = Array.isArray(setting) ? setting.filter((entry): entry is string => typeof entry === 'string') : [];
  return current.includes(glob) ? current : [...current, glob];
}

function dirnameOf(path: string): string {
  // Windows paths keep their separators (the workbench writes fsPath there); others are posix.
  if (/^[a-zA-Z]:\\/.test(path)) return path.slice(0, Math.max(2, path.lastIndexOf('\\')));
  return posix.dirname(path);
}

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}
