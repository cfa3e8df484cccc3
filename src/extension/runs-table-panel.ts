/**
 * The Runs table: one panel listing every run of the workspace as a row (from run.json files, never
 * whole histories), kept current while runs train — run manager events and a watcher on run.json, at
 * most one re-read a second. The webview sorts, filters, groups and draws; the host reads a selected
 * run's curves on request, opens, deletes and retrains runs, and writes the CSV export. The webview names
 * runs by the ids the host sent and columns by keys it can build from the host's data: anything else is
 * refused, and no path ever comes from it.
 */

import * as vscode from 'vscode';
import type {
  HostToRunsTable,
  RunCurves,
  RunsTableRun,
  RunsTableSnapshot,
  RunsTableToHost,
} from '../protocol/runs-table';
import { knownColumn, tableCsv, type TableColumn } from '../protocol/runs-table-model';
import { runsTableMessage } from '../protocol/runs-table-validation';
import { registerCommand } from './commands';
import { Disposable } from './disposable';
import { log } from './log';
import type { RunManager } from './run-manager';
import { readRunsTable, type RunsTableEntry } from './runs-table-reader';
import { runCurves, runsTableMetrics, runsTableRow, runsTableSettings } from './runs-table-rows';
import { RunItem } from './runs-view';
import { runsFolder, runsFolderPaths } from './settings';
import { TrainingPanel } from './training-panel';
import { panelHtml, webviewOptions } from './webview-html';
import { onValidMessage } from './webview-messages';

export const RUNS_TABLE_PANEL_TYPE = 'lstmStudio.runsTable';
/** A burst of changes (progress ~10 a second, several runs) re-reads the run.json files at most once a second. */
const REFRESH_INTERVAL_MS = 1000;

/** Registers `lstmStudio.openRunsTable` and brings the table back after a window reload. */
export function registerRunsTable(context: vscode.ExtensionContext, manager: RunManager): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand('lstmStudio.openRunsTable', () => RunsTablePanel.show(context, manager)),
    vscode.window.registerWebviewPanelSerializer(RUNS_TABLE_PANEL_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        // The table keeps no path in its state: it reads the runs folders again.
        panel.webview.options = webviewOptions(context.extensionUri);
        RunsTablePanel.revive(panel, context, manager);
      },
    }),
  );
}

export class RunsTablePanel extends Disposable {
  private static current: RunsTablePanel | undefined;
  private entries: RunsTableEntry[] = [];
  private snapshot: RunsTableSnapshot = { runs: [], metrics: runsTableMetrics(), settings: runsTableSettings() };
  private ready = false;
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  /** A file event arrived since the last refresh: the next one reads every run.json. */
  private filesChanged = false;

  static show(context: vscode.ExtensionContext, manager: RunManager): RunsTablePanel {
    if (RunsTablePanel.current) {
      RunsTablePanel.current.panel.reveal();
      return RunsTablePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      RUNS_TABLE_PANEL_TYPE,
      vscode.l10n.t('Runs Table'),
      vscode.ViewColumn.Active,
      webviewOptions(context.extensionUri),
    );
    return RunsTablePanel.revive(panel, context, manager);
  }

  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, manager: RunManager): RunsTablePanel {
    RunsTablePanel.current?.dispose();
    RunsTablePanel.current = new RunsTablePanel(panel, context, manager);
    return RunsTablePanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly manager: RunManager,
  ) {
    super();
    panel.webview.html = panelHtml(panel.webview, context.extensionUri, 'runs-table', vscode.l10n.t('Runs Table'), [
      'line-chart',
    ]);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'lstm-studio.svg');
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(onValidMessage(panel.webview, 'Runs table', runsTableMessage, (m) => this.onMessage(m)));
    // Progress of a training run changes only its row: patched from the live state, no file read.
    this.register(manager.onDidChangeRun(() => this.refreshSoon('live')));
    for (const pattern of [`**/${runsFolder()}/*/run.json`, `**/${runsFolder()}/*`]) {
      const watcher = this.register(vscode.workspace.createFileSystemWatcher(pattern));
      this.register(watcher.onDidCreate(() => this.refreshSoon('files')));
      this.register(watcher.onDidChange(() => this.refreshSoon('files')));
      this.register(watcher.onDidDelete(() => this.refreshSoon('files')));
    }
    this.register({ dispose: () => clearTimeout(this.refreshTimer) });
  }

  override dispose(): void {
    if (RunsTablePanel.current === this) RunsTablePanel.current = undefined;
    super.dispose();
  }

  /** `files`: a run folder or run.json changed, read them all again; `live`: a training run's state changed. */
  private refreshSoon(what: 'files' | 'live' = 'files'): void {
    if (what === 'files') this.filesChanged = true;
    if (this.refreshTimer || !this.ready) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      const files = this.filesChanged;
      this.filesChanged = false;
      if (files || !this.patchLiveRows()) void this.refresh();
    }, REFRESH_INTERVAL_MS);
  }

  /**
   * Rebuilds the rows of the runs this window trains from their live state and the manifest read with
   * them, and sends them. False when that is not enough — a run started or ended since the last read —
   * and the run.json files must be read again.
   */
  private patchLiveRows(): boolean {
    const live = this.manager.activeRuns().filter((state) => state.meta.runDir);
    if (live.some((state) => !this.entries.some((e) => e.runDir === state.meta.runDir))) return false;
    if (this.entries.some((e) => e.row.active && !this.manager.isActive(e.runDir))) return false;
    this.entries = this.entries.map((entry) => {
      const state = this.manager.activeRun(entry.runDir);
      if (!state) return entry;
      return { ...entry, row: { ...runsTableRow(entry.manifest, entry.runDir, state.meta), id: entry.row.id } };
    });
    this.snapshot = { ...this.snapshot, runs: this.entries.map((e) => e.row) };
    this.post({ type: 'snapshot', ...this.snapshot });
    return true;
  }

  /** Re-reads every run.json and sends a snapshot; a refresh asked for during one runs once after it. */
  private async refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        this.entries = await readRunsTable(runsFolderPaths(), this.manager);
        if (this.isDisposed) return;
        this.snapshot = { ...this.snapshot, runs: this.entries.map((e) => e.row) };
        this.post({ type: 'snapshot', ...this.snapshot });
      } while (this.refreshAgain && !this.isDisposed);
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private post(message: HostToRunsTable): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private entry(runId: string): RunsTableEntry | undefined {
    return this.entries.find((e) => e.row.id === runId);
  }

  private async onMessage(message: RunsTableToHost): Promise<void> {
    if (message.type === 'ready') {
      this.ready = true;
      return this.refresh();
    }
    if (message.type === 'load-curves') return this.sendCurves(message.requestId, message.runIds);
    if (message.type === 'export-csv') return this.exportCsv(message.columns, message.runIds);
    if (message.type === 'stop-sweep') return this.stopSweep(message.sweepId);
    const entry = this.entry(message.runId);
    if (!entry) return log().warn(`Runs table: no run '${message.runId.slice(0, 80)}' in the table`);
    switch (message.type) {
      case 'open-run': {
        // readRecord gives a training run's live state, else the run as its run.json describes it.
        TrainingPanel.show(this.context, this.manager, await this.manager.readRecord(entry.runDir));
        return;
      }
      case 'train-again':
        await vscode.commands.executeCommand('lstmStudio.newTrainingRun', { runDir: entry.runDir });
        return;
      case 'delete-run': {
        if (this.manager.isActive(entry.runDir)) {
          void vscode.window.showInformationMessage(
            vscode.l10n.t('{0} is training: stop it before deleting it.', entry.row.id),
          );
          return;
        }
        // The Runs view's command: the same confirmation and the same deletion (to the trash when it can).
        const state = await this.manager.readRecord(entry.runDir);
        await vscode.commands.executeCommand('lstmStudio.runs.delete', new RunItem(state, false));
        return this.refresh();
      }
    }
  }

  /** Stops a sweep of the table's runs through the sweep queue's own command (a sweep id the host did not send is refused). */
  private async stopSweep(sweepId: string): Promise<void> {
    const member = this.entries.find((e) => e.row.sweep?.id === sweepId);
    if (!member) return log().warn(`Runs table: no sweep '${sweepId.slice(0, 80)}' in the table`);
    const stopped = await vscode.commands.executeCommand<boolean>('lstmStudio.stopSweep', sweepId);
    if (!stopped)
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Sweep {0} is not running in this window (it ended, or another window runs it).',
          member.row.sweep!.name,
        ),
      );
  }

  /** The selected runs' histories (metrics.csv, read by the inference worker), thinned for the chart. */
  private async sendCurves(requestId: number, runIds: string[]): Promise<void> {
    const curves: RunCurves[] = [];
    for (const runId of new Set(runIds)) {
      const entry = this.entry(runId);
      if (!entry) continue;
      try {
        const state = await this.manager.load(entry.runDir);
        curves.push(runCurves(runId, state));
      } catch (error) {
        log().warn(`Runs table: could not read the history of ${runId}: ${(error as Error).message}`);
      }
    }
    this.post({ type: 'curves', requestId, curves });
  }

  /** Writes the table as the webview shows it — its columns in order, its runs in order — as CSV. */
  private async exportCsv(columnKeys: string[], runIds: string[]): Promise<void> {
    const columns: TableColumn[] = [];
    for (const key of columnKeys) {
      const column = knownColumn(this.snapshot, key);
      if (!column) return log().warn(`Runs table: refused an export naming an unknown column '${key.slice(0, 80)}'`);
      columns.push(column);
    }
    const rows = runIds.map((id) => this.entry(id)?.row).filter((row): row is RunsTableRun => row !== undefined);
    if (rows.length !== runIds.length)
      return log().warn('Runs table: refused an export naming a run that is not in the table');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, 'runs.csv') : undefined,
      filters: { [vscode.l10n.t('CSV files')]: ['csv'] },
      title: vscode.l10n.t('Export the runs table'),
    });
    if (!target) return this.post({ type: 'exported', path: null });
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(tableCsv(rows, columns)));
      this.post({ type: 'exported', path: target.fsPath });
    } catch (error) {
      this.post({ type: 'exported', path: null, error: (error as Error).message });
    }
  }
}
