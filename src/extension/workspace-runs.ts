/**
 * Every run of the workspace: the run folders under each workspace folder's runs folder (their run.json,
 * never their metrics.csv), with the live state of the runs training in this window and runs still
 * starting (no folder yet). The Runs view, the run quick pick and the context keys read this.
 */

import * as vscode from 'vscode';
import { join } from 'node:path';
import type { RunManager } from './run-manager';
import type { RunState } from './run-state';
import type { ListedRun } from './run-actions';
import { runsFolder } from './settings';

/** A run and what its folder holds. */
export interface WorkspaceRun extends ListedRun {
  state: RunState;
}

/** Every run folder of the workspace and every active run, unordered. */
export async function workspaceRuns(manager: RunManager): Promise<WorkspaceRun[]> {
  const runs: WorkspaceRun[] = [];
  const seen = new Set<string>();
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const root = vscode.Uri.file(join(folder.uri.fsPath, runsFolder()));
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(root);
    } catch {
      continue;
    }
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.Directory) continue;
      const runDir = vscode.Uri.joinPath(root, name).fsPath;
      try {
        const state = await manager.readRecord(runDir);
        seen.add(runDir);
        runs.push(await describeRun(manager, state));
      } catch {
        /* a folder without a readable run.json is not a run */
      }
    }
  }
  for (const state of manager.activeRuns())
    if (!state.meta.runDir || !seen.has(state.meta.runDir)) runs.push(await describeRun(manager, state));
  return runs;
}

/** One run's facts: whether it trains now and which checkpoints its folder holds. */
export async function describeRun(manager: RunManager, state: RunState): Promise<WorkspaceRun> {
  const runDir = state.meta.runDir;
  return {
    id: state.meta.id,
    status: state.meta.status,
    active: runDir ? manager.isActive(runDir) : manager.activeRuns().includes(state),
    hasFolder: runDir !== '',
    hasBestCheckpoint: state.meta.hasBestCheckpoint,
    hasLastCheckpoint: runDir !== '' && (await exists(join(runDir, 'last.safetensors'))),
    state,
  };
}

async function exists(path: string): Promise<boolean> {
  return vscode.workspace.fs.stat(vscode.Uri.file(path)).then(
    () => true,
    () => false,
  );
}
