/**
 * The Training panel: one webview per run, showing live curves and the run's controls. The host is the
 * source of truth: on `ready` the panel gets a full snapshot, then incremental updates. A serializer
 * brings panels back after a window reload (the webview keeps the run folder in its state; the host
 * reopens it only when it is a run folder of this workspace's runs folders).
 */

import * as vscode from 'vscode';
import { basename, dirname } from 'node:path';
import type { HostToTrainingPanel, OverlayCandidate, TrainingPanelToHost } from '../protocol/training-panel';
import { log } from './log';
import { Disposable } from './disposable';
import type { RunManager, RunUpdate } from './run-manager';
import type { RunState } from './run-state';
import { trainingPanelMessage } from '../protocol/training-panel-validation';
import { onValidMessage } from './webview-messages';
import { panelHtml, webviewOptions } from './webview-html';
import { runStatusWord } from './run-status-words';
import { runsFolderPaths } from './settings';
import { runFolderFromWebviewState } from './webview-state-paths';

export const TRAINING_PANEL_TYPE = 'lstmStudio.training';

/** What the webview persists with setState; the serializer reads `runDir` from it (checked: the webview wrote it). */
interface PersistedState {
  runDir?: unknown;
}

export class TrainingPanel extends Disposable {
  private static readonly panels = new Set<TrainingPanel>();
  private overlays: RunState[] = [];
  private ready = false;
  private webviewLoaded = false;
  /** The last step of the panel's own run the webview has (from a snapshot or a `steps` update). */
  private lastStepPosted = -Infinity;

  /** Shows the run's panel, creating it if needed. */
  static show(context: vscode.ExtensionContext, manager: RunManager, state: RunState): TrainingPanel {
    const existing = [...TrainingPanel.panels].find(
      (p) => p.state === state || (state.meta.runDir && p.state.meta.runDir === state.meta.runDir),
    );
    if (existing) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      TRAINING_PANEL_TYPE,
      titleOf(state),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(context.extensionUri),
    );
    return new TrainingPanel(panel, context, manager, state);
  }

  static registerSerializer(context: vscode.ExtensionContext, manager: RunManager): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(TRAINING_PANEL_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, persisted: PersistedState | undefined) {
        panel.webview.options = webviewOptions(context.extensionUri);
        if (persisted?.runDir === undefined) {
          panel.dispose();
          return;
        }
        // A stale or hostile webview may name any folder: nothing outside the runs folders is read.
        const runDir = await runFolderFromWebviewState(persisted.runDir, runsFolderPaths());
        if (!runDir.ok) {
          log().warn(`Training panel: did not restore the run the webview saved: ${runDir.reason}`);
          panel.dispose();
          return;
        }
        try {
          new TrainingPanel(panel, context, manager, await manager.readRecord(runDir.path));
        } catch (error) {
          log().warn(`could not restore the Training panel of ${runDir.path}: ${(error as Error).message}`);
          panel.dispose();
        }
      },
    });
  }

  /** Panels currently showing this run (or none). */
  static forRun(state: RunState): TrainingPanel | undefined {
    return [...TrainingPanel.panels].find((p) => p.state === state);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly manager: RunManager,
    private state: RunState,
  ) {
    super();
    TrainingPanel.panels.add(this);
    panel.webview.html = panelHtml(panel.webview, context.extensionUri, 'training', titleOf(state), ['line-chart']);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'lstm-studio.svg');
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(onValidMessage(panel.webview, 'Training panel', trainingPanelMessage, (m) => this.onMessage(m)));
    // One subscription per panel, for its lifetime: every update of the run it shows.
    this.register(manager.onDidUpdateRun((update) => this.onRunUpdate(update)));
  }

  override dispose(): void {
    TrainingPanel.panels.delete(this);
    super.dispose();
  }

  private onRunUpdate(update: RunUpdate): void {
    const { state } = update;
    if (update.kind === 'started') {
      // The run now has its id and folder: redraw from a full snapshot (updates name the new id).
      if (state === this.state) void this.sendSnapshot();
      // A panel restored on a finished run attaches to the live state when the run is resumed.
      else if (state.meta.runDir === this.state.meta.runDir) {
        this.state = state;
        void this.sendSnapshot();
      }
      return;
    }
    if (state !== this.state) return;
    switch (update.kind) {
      case 'meta':
        this.post({ type: 'meta', meta: { ...state.meta } });
        this.panel.title = titleOf(state);
        return;
      case 'steps': {
        // Only steps past what the webview already has (a snapshot may have carried them).
        const count = update.steps.step.length;
        if (count === 0 || update.steps.step[count - 1] <= this.lastStepPosted) return;
        this.lastStepPosted = update.steps.step[count - 1];
        this.post({ type: 'steps', runId: state.meta.id, steps: update.steps });
        return;
      }
      case 'evaluation':
        this.post({ type: 'evaluation', runId: state.meta.id, record: update.record, isBest: update.isBest });
        return;
    }
  }

  private post(message: HostToTrainingPanel): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  /**
   * Sends the full state. Runs whose history is only in metrics.csv are sent without it at once, and
   * again in a new snapshot when the inference worker has read it.
   */
  private async sendSnapshot(): Promise<void> {
    if (!this.webviewLoaded) return; // the webview asks for it with `ready` once loaded
    this.ready = true;
    const candidates = await this.overlayCandidates();
    if (this.isDisposed) return;
    const own = this.state.steps.step;
    this.lastStepPosted = own.length > 0 ? own[own.length - 1] : -Infinity;
    this.post({
      type: 'snapshot',
      runs: [this.state.toRunData(), ...this.overlays.map((o) => o.toRunData())],
      overlayCandidates: candidates,
    });
    const missing = [this.state, ...this.overlays].filter((run) => run.needsHistory);
    if (missing.length === 0) return;
    const loaded = await Promise.all(missing.map((run) => this.manager.loadHistory(run)));
    if (loaded.some(Boolean) && !this.isDisposed) await this.sendSnapshot();
  }

  private async onMessage(message: TrainingPanelToHost): Promise<void> {
    const meta = this.state.meta;
    switch (message.type) {
      case 'ready':
        this.webviewLoaded = true;
        return this.sendSnapshot();
      case 'control':
        return this.manager.control(this.state, message.action);
      case 'open-best-checkpoint':
        return void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(`${meta.runDir}/best.safetensors`));
      case 'open-run-folder':
        return void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(meta.runDir));
      case 'inspect-gates':
        return void vscode.commands.executeCommand(
          'lstmStudio.inspectGates',
          vscode.Uri.file(`${meta.runDir}/${meta.hasBestCheckpoint ? 'best' : 'last'}.safetensors`),
        );
      case 'set-overlays': {
        const wanted = new Set(message.runIds);
        const candidates = await this.overlayCandidates();
        this.overlays = [];
        for (const c of candidates.filter((c) => wanted.has(c.id))) {
          try {
            this.overlays.push(await this.manager.readRecord(c.runDir));
          } catch (error) {
            log().warn(`overlay ${c.runDir}: ${(error as Error).message}`);
          }
        }
        return this.sendSnapshot();
      }
      case 'save':
        return this.save(message.requestId, message.kind, message.suggestedName, message.data);
    }
  }

  /** Other runs of the same dataset, in the same runs folder. */
  private async overlayCandidates(): Promise<OverlayCandidate[]> {
    const meta = this.state.meta;
    if (!meta.runDir) return [];
    const root = vscode.Uri.file(dirname(meta.runDir));
    let entries: [string, vscode.FileType][] = [];
    try {
      entries = await vscode.workspace.fs.readDirectory(root);
    } catch {
      return [];
    }
    const candidates: OverlayCandidate[] = [];
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.Directory || name === basename(meta.runDir)) continue;
      try {
        const run = await this.manager.readRecord(vscode.Uri.joinPath(root, name).fsPath);
        if (run.meta.datasetName === meta.datasetName)
          candidates.push({
            id: run.meta.id,
            runDir: run.meta.runDir,
            label: `${run.meta.id} (${run.meta.preset}, ${runStatusWord(run.meta.status)})`,
            status: run.meta.status,
          });
      } catch {
        /* not a run folder */
      }
    }
    return candidates.sort((a, b) => b.id.localeCompare(a.id));
  }

  private async save(requestId: number, kind: 'csv' | 'png', suggestedName: string, data: string): Promise<void> {
    const folder = this.state.meta.runDir
      ? vscode.Uri.file(this.state.meta.runDir)
      : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, suggestedName) : undefined,
      filters: kind === 'csv' ? { [vscode.l10n.t('CSV files')]: ['csv'] } : { [vscode.l10n.t('PNG images')]: ['png'] },
    });
    if (!target) return this.post({ type: 'saved', requestId, path: null });
    try {
      const bytes = kind === 'csv' ? new TextEncoder().encode(data) : Buffer.from(data, 'base64');
      await vscode.workspace.fs.writeFile(target, bytes);
      this.post({ type: 'saved', requestId, path: target.fsPath });
    } catch (error) {
      this.post({ type: 'saved', requestId, path: null, error: (error as Error).message });
    }
  }
}

function titleOf(state: RunState): string {
  const { datasetName, status } = state.meta;
  return status === 'running'
    ? vscode.l10n.t('Training: {0}', datasetName)
    : vscode.l10n.t('Training: {0} ({1})', datasetName, runStatusWord(status));
}
