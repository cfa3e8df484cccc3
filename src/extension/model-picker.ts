/**
 * Which checkpoint Predict and the Gates panel use: the one last used in this workspace
 * (`workspaceState['lstmStudio.lastModel']`, a checkpoint's path, shared by both), or one picked from a
 * quick pick of the workspace's runs (their best or last checkpoint, with the task and dataset from
 * `run.json`) and every other `.safetensors` file, newest first.
 */

import * as vscode from 'vscode';
import { basename, dirname, join, relative } from 'node:path';
import { readFile, stat } from 'node:fs/promises';
import { isTaskId } from '../tasks/presentations';
import { runsFolder } from './settings';
import { taskWords } from './task-words';

/** The workspaceState key of the model last used (a checkpoint's file system path). */
export const LAST_MODEL_KEY = 'lstmStudio.lastModel';

/** The remembered model, if its file still exists. */
export async function rememberedModel(context: vscode.ExtensionContext): Promise<string | undefined> {
  const path = storedPath(context.workspaceState.get<unknown>(LAST_MODEL_KEY));
  return path && (await isFile(path)) ? path : undefined;
}

/** A stored model: a path (as `rememberModel` stores it), a file: URI string, or a Uri-like object. */
function storedPath(value: unknown): string | undefined {
  if (typeof value === 'string') return value.startsWith('file://') ? vscode.Uri.parse(value).fsPath : value;
  if (value && typeof value === 'object') {
    const { fsPath, path } = value as { fsPath?: unknown; path?: unknown };
    if (typeof fsPath === 'string') return fsPath;
    if (typeof path === 'string') return path;
  }
  return undefined;
}

// Plain listeners, not a vscode.EventEmitter: this module is loaded by unit tests with a partial vscode mock.
const rememberListeners = new Set<(path: string) => void>();

/** Calls `listener` once a model is remembered (the menus' `lstmStudio.hasModel` key listens). */
export function onDidRememberModel(listener: (path: string) => void): { dispose(): void } {
  rememberListeners.add(listener);
  return { dispose: () => rememberListeners.delete(listener) };
}

export function rememberModel(context: vscode.ExtensionContext, path: string): void {
  void Promise.resolve(context.workspaceState.update(LAST_MODEL_KEY, path)).then(() => {
    for (const listener of rememberListeners) listener(path);
  });
}

interface ModelPick extends vscode.QuickPickItem {
  path: string;
  mtime: number;
}

/** Which models a quick pick offers (all by default): `accepts` sees the run's task, null for a loose file. */
export interface ModelFilter {
  accepts(task: string | null): boolean;
  /** Shown when no model passes. */
  noneMessage: string;
}

/** Asks for a model; the current one is marked. Undefined when cancelled or when there is none. */
export async function pickModel(title: string, current?: string, filter?: ModelFilter): Promise<string | undefined> {
  const items = await modelItems(current, filter);
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      filter?.noneMessage ??
        vscode.l10n.t(
          'No model (.safetensors) in this workspace yet: train one first — right-click a dataset, Train LSTM on This Dataset.',
        ),
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t('Models in this workspace, newest first'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.path;
}

async function modelItems(current?: string, filter?: ModelFilter): Promise<ModelPick[]> {
  const paths = new Set<string>();
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const root = join(folder.uri.fsPath, runsFolder());
    const entries = await vscode.workspace.fs
      .readDirectory(vscode.Uri.file(root))
      .then(undefined, () => [] as [string, vscode.FileType][]);
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.Directory) continue;
      for (const file of ['best.safetensors', 'last.safetensors'])
        if (await isFile(join(root, name, file))) paths.add(join(root, name, file));
    }
  }
  for (const uri of await vscode.workspace.findFiles('**/*.safetensors', '**/node_modules/**', 500))
    paths.add(uri.fsPath);
  // One entry per run: its best checkpoint, or its last while no validation has run.
  for (const path of [...paths]) {
    if (path !== current && basename(path) === 'last.safetensors' && paths.has(join(dirname(path), 'best.safetensors')))
      paths.delete(path);
  }
  const items: ModelPick[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) continue;
    const run = await readRun(dirname(path));
    if (filter && !filter.accepts(run?.task ?? null)) continue;
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path));
    const where = folder ? relative(folder.uri.fsPath, path) : path;
    const what = run
      ? `${isTaskId(run.task) ? taskWords(run.task).modelBadge : run.task} · ${run.dataset}`
      : basename(path);
    items.push({
      label: `${path === current ? '$(check)' : '$(symbol-misc)'} ${what}`,
      description: run ? `${basename(dirname(path))} · ${basename(path)}` : basename(dirname(path)),
      detail: run?.architecture ? `${run.architecture} — ${where}` : where,
      path,
      mtime: info.mtimeMs,
    });
  }
  return items.sort((a, b) => b.mtime - a.mtime);
}

/** Task, dataset and architecture of a run folder (`run.json`), or null for a loose file. */
async function readRun(dir: string): Promise<{ task: string; dataset: string; architecture?: string } | null> {
  try {
    const run = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as {
      config?: { task?: string };
      dataset?: { name?: string };
      architecture?: string;
    };
    if (!run.config?.task) return null;
    return { task: run.config.task, dataset: run.dataset?.name ?? '?', architecture: run.architecture };
  } catch {
    return null;
  }
}

/** A name for a checkpoint: its run (or folder) and its file. */
export function modelName(path: string): string {
  return `${basename(dirname(path))} · ${basename(path)}`;
}

export async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
