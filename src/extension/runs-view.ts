/**
 * The *Runs* view: every run folder under the workspace's runs folder, newest first, with its status
 * and best validation metric as its run.json has them (a run's metrics.csv is never read here);
 * actions open the panel, resume, open the best checkpoint, reveal the folder, delete.
 */

import * as vscode from 'vscode';
import { join } from 'node:path';
import { formatFixed, formatInteger, formatSignificant } from './display-format';
import { Disposable } from './disposable';
import type { RunManager } from './run-manager';
import type { RunState } from './run-state';
import { runStatusWord } from './run-status-words';
import { runsFolder } from './settings';

export class RunItem extends vscode.TreeItem {
  constructor(
    readonly state: RunState,
    active: boolean,
  ) {
    super(state.meta.id, vscode.TreeItemCollapsibleState.None);
    const m = state.meta;
    const best = m.best?.metrics[m.metric.key];
    const metric =
      best === undefined
        ? ''
        : m.metric.format === 'percent'
          ? vscode.l10n.t({
              message: '{0} % {1}',
              args: [formatFixed(best * 100, 1), m.metric.label],
              comment: ['a metric in percent, then its name: "87.3 % accuracy"'],
            })
          : vscode.l10n.t({
              message: '{0} {1}',
              args: [m.metric.label, formatSignificant(best, 4)],
              comment: ['a metric\'s name, then its value: "MAE 0.3142"'],
            });
    const status = runStatusWord(m.status);
    this.description = [status, metric].filter(Boolean).join(' · ');
    const progress = vscode.l10n.t('step {0}/{1}, {2}', formatInteger(m.step), formatInteger(m.totalSteps), status);
    this.tooltip = new vscode.MarkdownString(
      `**${m.id}**  \n${m.datasetName} — ${m.taskName}  \n${m.architecture}  \n${progress}${m.message ? `  \n${m.message}` : ''}`,
    );
    this.iconPath = new vscode.ThemeIcon(
      m.status === 'running'
        ? 'sync~spin'
        : m.status === 'paused'
          ? 'debug-pause'
          : m.status === 'failed'
            ? 'error'
            : m.status === 'stopped'
              ? 'debug-stop'
              : 'pass',
    );
    this.resourceUri = vscode.Uri.file(m.runDir);
    // A finished run has trained all its epochs: only a stopped, failed or interrupted one resumes.
    const resumable = m.status !== 'finished' ? 'resumable' : '';
    const flags = ['run', active ? 'active' : resumable, m.hasBestCheckpoint ? 'hasBest' : '']
      .filter(Boolean)
      .join('.');
    this.contextValue = flags;
    this.command = {
      command: 'lstmStudio.runs.openPanel',
      title: vscode.l10n.t('Open Training Panel'),
      arguments: [this],
    };
  }
}

export class RunsView extends Disposable implements vscode.TreeDataProvider<RunItem> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly manager: RunManager) {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(`**/${runsFolder()}/*/run.json`));
    this.register(watcher.onDidCreate(() => this.refreshSoon()));
    this.register(watcher.onDidDelete(() => this.refreshSoon()));
    this.register(manager.onDidChangeRun(() => this.refreshSoon()));
    this.register({ dispose: () => clearTimeout(this.refreshTimer) });
  }

  refresh(): void {
    this.changed.fire();
  }

  /** Progress events arrive ~10 times a second; the tree redraws at most twice a second. */
  private refreshSoon(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.changed.fire();
    }, 500);
  }

  getTreeItem(item: RunItem): vscode.TreeItem {
    return item;
  }

  async getChildren(): Promise<RunItem[]> {
    const items: RunItem[] = [];
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
          const state = await this.manager.readRecord(runDir);
          items.push(new RunItem(state, this.manager.isActive(runDir)));
        } catch {
          /* a folder without a readable run.json is not a run */
        }
      }
    }
    return items.sort((a, b) => b.state.meta.id.localeCompare(a.state.meta.id));
  }
}
