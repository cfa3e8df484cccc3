/**
 * Reads the Runs table's rows: every run folder's run.json under the workspace's runs folders (never a
 * metrics.csv), with the live state of the runs this window trains. A folder without a readable run.json
 * is not a run and is skipped.
 */

import * as vscode from 'vscode';
import { join } from 'node:path';
import type { RunManifest } from '../protocol/run-manifest';
import type { RunsTableRun } from '../protocol/runs-table';
import type { RunManager } from './run-manager';
import { runsTableRow, uniqueIds } from './runs-table-rows';

/** A row, the folder it came from (the host's own; the webview only ever sees the row's id) and its run.json. */
export interface RunsTableEntry {
  row: RunsTableRun;
  runDir: string;
  /** As read: a training run's row is rebuilt from it and the live state between reads. */
  manifest: RunManifest;
}

export async function readRunsTable(roots: readonly string[], manager: RunManager): Promise<RunsTableEntry[]> {
  const folders = (await Promise.all(roots.map(runFolders))).flat();
  const entries = await Promise.all(folders.map((runDir) => readEntry(runDir, manager)));
  const found = entries.filter((e): e is RunsTableEntry => e !== null).sort((a, b) => b.row.id.localeCompare(a.row.id));
  const rows = uniqueIds(found.map((e) => e.row));
  return found.map((entry, k) => ({ ...entry, row: rows[k] }));
}

async function runFolders(root: string): Promise<string[]> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.file(root));
    return entries.filter(([, type]) => type === vscode.FileType.Directory).map(([name]) => join(root, name));
  } catch {
    return []; // no runs folder yet
  }
}

async function readEntry(runDir: string, manager: RunManager): Promise<RunsTableEntry | null> {
  let manifest: RunManifest;
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(join(runDir, 'run.json')));
    manifest = JSON.parse(new TextDecoder().decode(bytes)) as RunManifest;
  } catch {
    return null;
  }
  if (!isManifest(manifest)) return null;
  try {
    return { row: runsTableRow(manifest, runDir, manager.activeRun(runDir)?.meta), runDir, manifest };
  } catch {
    return null; // a run.json of another shape (a newer format): not shown rather than half shown
  }
}

/** The fields a row is built from, checked before use (a run.json is a file anyone may edit). */
function isManifest(value: unknown): value is RunManifest {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<RunManifest>;
  return (
    m.format === 'lstm-studio-run/1' &&
    typeof m.id === 'string' &&
    typeof m.created === 'string' &&
    typeof m.dataset?.name === 'string' &&
    typeof m.config === 'object' &&
    m.config !== null &&
    typeof m.config.task === 'string'
  );
}
