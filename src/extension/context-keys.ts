/**
 * Keeps the context keys the menus read current (see docs/commands.md):
 * - `lstmStudio.hasRuns`: the workspace has LSTM Studio run folders (then *Train* shows on `.txt`/`.md`);
 * - `lstmStudio.hasModel`: a model is known for the workspace (then *Predict on Selection* and *Inspect
 *   Gates on Selection* show in the editor's context menu and their keybindings work);
 * - `lstmStudio.datasetFolders`: the folders holding `.txt`/`.md` files the `lstmStudio.datasetFolders`
 *   setting opts in (compared with `resourceDirname`).
 * Recomputed, at most twice a second, when a run folder, a checkpoint or the setting changes, a run ends,
 * or a model is picked.
 */

import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { log } from './log';
import { datasetFilePattern, datasetFolderGlobs, foldersHolding, workspaceContext } from './menu-context';
import { onDidRememberModel, rememberedModel } from './model-picker';
import type { RunManager } from './run-manager';
import { runsFolder } from './settings';
import { workspaceRuns } from './workspace-runs';

/** At most this many opted-in files are looked up (a glob over a huge tree must not stall the host). */
const MAX_DATASET_FILES = 5000;
const REFRESH_DELAY_MS = 500;

export class MenuContextKeys extends Disposable {
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly manager: RunManager,
  ) {
    super();
    for (const pattern of [`**/${runsFolder()}/*/run.json`, `**/${runsFolder()}/*/*.safetensors`]) {
      const watcher = this.register(vscode.workspace.createFileSystemWatcher(pattern, false, true, false));
      this.register(watcher.onDidCreate(() => this.refreshSoon()));
      this.register(watcher.onDidDelete(() => this.refreshSoon()));
    }
    // New text files in an opted-in folder (a folder created after the setting) get the item too.
    const texts = this.register(vscode.workspace.createFileSystemWatcher('**/*.{txt,md}', false, true, false));
    // Only while some folder is opted in: a checkout that writes thousands of READMEs costs nothing otherwise.
    const textsChanged = () => {
      if (optsInFolders()) this.refreshSoon();
    };
    this.register(texts.onDidCreate(textsChanged));
    this.register(texts.onDidDelete(textsChanged));
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (
          event.affectsConfiguration('lstmStudio.datasetFolders') ||
          event.affectsConfiguration('lstmStudio.runsFolder')
        )
          this.refreshSoon();
      }),
    );
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.refreshSoon()));
    this.register(
      manager.onRunEvent(({ event }) => {
        if (event.type === 'run-started' || event.type === 'run-finished' || event.type === 'run-failed')
          this.refreshSoon();
        else if (event.type === 'checkpoint-saved' && event.kind === 'best') this.refreshSoon();
      }),
    );
    this.register(onDidRememberModel(() => this.refreshSoon()));
    this.register({ dispose: () => clearTimeout(this.timer) });
    void this.refresh();
  }

  refreshSoon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, REFRESH_DELAY_MS);
  }

  /** Recomputes every key; a refresh asked for while one runs runs again after it. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = this.compute()
      .catch((error: Error) => log().warn(`menus: could not compute the context keys: ${error.message}`))
      .finally(() => {
        this.refreshing = undefined;
        if (this.again) {
          this.again = false;
          void this.refresh();
        }
      });
    return this.refreshing;
  }

  private async compute(): Promise<void> {
    const runs = await workspaceRuns(this.manager);
    const remembered = (await rememberedModel(this.context)) !== undefined;
    const { hasRuns, hasModel } = workspaceContext(runs, remembered);
    const folders = await datasetFolders();
    await Promise.all([
      vscode.commands.executeCommand('setContext', 'lstmStudio.hasRuns', hasRuns),
      vscode.commands.executeCommand('setContext', 'lstmStudio.hasModel', hasModel),
      vscode.commands.executeCommand('setContext', 'lstmStudio.datasetFolders', folders),
    ]);
  }
}

/** Whether any workspace folder's `lstmStudio.datasetFolders` names a folder. */
function optsInFolders(): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some(
    (folder) =>
      datasetFolderGlobs(vscode.workspace.getConfiguration('lstmStudio', folder.uri).get('datasetFolders')).length > 0,
  );
}

/** The folders (as the workbench writes `resourceDirname`) holding `.txt`/`.md` files the setting opts in. */
async function datasetFolders(): Promise<string[]> {
  const files: string[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const globs = datasetFolderGlobs(vscode.workspace.getConfiguration('lstmStudio', folder.uri).get('datasetFolders'));
    for (const glob of globs) {
      const found = await vscode.workspace.findFiles(
        new vscode.RelativePattern(folder, datasetFilePattern(glob)),
        '**/node_modules/**',
        MAX_DATASET_FILES,
      );
      // `resourceDirname` is a file's fsPath for file: URIs, its path otherwise (a remote workspace).
      for (const uri of found) files.push(uri.scheme === 'file' ? uri.fsPath : uri.path);
    }
  }
  return foldersHolding(files);
}
