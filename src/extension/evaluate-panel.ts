/**
 * The Evaluate view on the host (issue 17): one webview per (checkpoint, data). The host owns which model
 * and which data the panel shows; the inference worker holds the evaluation session (`evaluate-open`
 * reads the data, runs the report pass and caches the states), and every tab's query is answered by the
 * matching `evaluate-*` request (evaluate-requests.ts). Each panel message is checked twice before it
 * reaches the worker: its shape, then its indices against the session's summary
 * (evaluate-view-validation.ts). Closing the panel cancels its requests and drops the session.
 */

import * as vscode from 'vscode';
import { basename, dirname } from 'node:path';
import type {
  EvaluatePanelToHost,
  EvaluateTab,
  EvaluationData,
  EvaluationProgress,
  EvaluationSummary,
  HostToEvaluatePanel,
  MatchQuery,
} from '../protocol/evaluate-view';
import { evaluatePanelMessage, sessionProblem } from '../protocol/evaluate-view-validation';
import type { GatesPanelInput } from '../protocol/gates-panel';
import { RequestCancelled } from '../worker/cancel-flags';
import { Disposable } from './disposable';
import { answerQuery, isEvaluateQuery, queryRequestId, type EvaluateWorker } from './evaluate-requests';
import { newPanelKey, restorablePanel, type EvaluatePanelRecords } from './evaluate-panel-records';
import { log } from './log';
import { onValidMessage } from './webview-messages';
import { panelHtml, webviewOptions } from './webview-html';

export const EVALUATE_PANEL_TYPE = 'lstmStudio.evaluate';

export interface EvaluatePanelServices {
  inference: EvaluateWorker;
  /** The folder the worker may spill a session's states to (under the extension's storage). */
  cacheDir(): Promise<string>;
  /** Opens the Gates panel of a checkpoint recording `input`, its cursor on `focusStep` when given. */
  openGates(checkpointPath: string, input: GatesPanelInput, focusStep?: number): void;
  /** Opens the Prediction panel classifying `text` with `checkpointPath`, attribution included. */
  classifyWithAttribution(checkpointPath: string, text: string): Promise<void>;
  /** Asks the user for a dataset file to evaluate the model on. */
  chooseDataFile(checkpointPath: string): Promise<string | undefined>;
  /** The host's record of what each panel shows, for restoring panels after a window reload. */
  records: Pick<EvaluatePanelRecords, 'remember' | 'recall'>;
}

/** What to do once the session is open: show a tab, or run a search the Gates panel asked for. */
export interface EvaluateRequestOnOpen {
  tab?: EvaluateTab;
  match?: MatchQuery;
}

export class EvaluatePanel extends Disposable {
  private static readonly panels = new Set<EvaluatePanel>();
  private summary: EvaluationSummary | null = null;
  private lastProgress: EvaluationProgress | null = null;
  private openError: string | null = null;
  private ready = false;
  private pending: EvaluateRequestOnOpen = {};
  /** The session's open request and every query in flight: aborted by *cancel* (queries) or by closing. */
  private readonly opening = new AbortController();
  private readonly inFlight = new Set<AbortController>();

  /** Shows the panel of (checkpoint, data), creating it if needed; `then` is done once its session is open. */
  static show(
    context: vscode.ExtensionContext,
    services: EvaluatePanelServices,
    checkpointPath: string,
    data: EvaluationData,
    then: EvaluateRequestOnOpen = {},
  ): EvaluatePanel {
    const key = panelKey(checkpointPath, data);
    const existing = [...EvaluatePanel.panels].find((p) => p.key === key);
    if (existing) {
      existing.panel.reveal(undefined, false);
      existing.request(then);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      EVALUATE_PANEL_TYPE,
      titleOf(checkpointPath, data),
      { viewColumn: vscode.ViewColumn.Active },
      webviewOptions(context.extensionUri),
    );
    return new EvaluatePanel(panel, context, services, checkpointPath, data, then, newPanelKey());
  }

  /**
   * Restores the Evaluate panels of the last window: the webview saved only an opaque key; the checkpoint
   * and the data are the host's own record under it (evaluate-panel-records.ts), reopened if the files are
   * still there.
   */
  static registerSerializer(context: vscode.ExtensionContext, services: EvaluatePanelServices): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(EVALUATE_PANEL_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, persisted: unknown) {
        panel.webview.options = webviewOptions(context.extensionUri);
        const restored = await restorablePanel(services.records, persisted);
        if (typeof restored === 'string') {
          log().warn(`Evaluate panel: not restored: ${restored}`);
          panel.dispose();
          return;
        }
        const { key, checkpointPath, data } = restored;
        const existing = [...EvaluatePanel.panels].find((p) => p.key === panelKey(checkpointPath, data));
        if (existing) {
          panel.dispose();
          return;
        }
        panel.title = titleOf(checkpointPath, data);
        new EvaluatePanel(panel, context, services, checkpointPath, data, {}, key);
      },
    });
  }

  /** The open panels (the e2e tests and the Gates panel's search find theirs here). */
  static openPanels(): readonly EvaluatePanel[] {
    return [...EvaluatePanel.panels];
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly services: EvaluatePanelServices,
    readonly checkpointPath: string,
    readonly data: EvaluationData,
    then: EvaluateRequestOnOpen,
    /** The opaque key of the host's record of this panel, which the page saves for a window reload. */
    private readonly restoreKey: string,
  ) {
    super();
    EvaluatePanel.panels.add(this);
    this.pending = then;
    services.records.remember(restoreKey, { checkpointPath, data }).catch((error: Error) => {
      log().warn(`Evaluate: could not record the panel for a reload: ${error.message}`);
    });
    // The tabs' own stylesheet (media/evaluate-tabs.css, rules scoped to `.evaluate-tab`) besides the panel's.
    panel.webview.html = panelHtml(panel.webview, context.extensionUri, 'evaluate', titleOf(checkpointPath, data), [
      'evaluate-tabs',
    ]);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'lstm-studio.svg');
    this.register(panel.onDidDispose(() => this.dispose()));
    // A hidden panel's page is discarded (retainContextWhenHidden is off) and says `ready` again when shown:
    // until then a message would be lost (a Gates search waits in `pending`).
    this.register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    );
    this.register(onValidMessage(panel.webview, 'Evaluate panel', evaluatePanelMessage, (m) => this.onMessage(m)));
    void this.open();
  }

  get key(): string {
    return panelKey(this.checkpointPath, this.data);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    EvaluatePanel.panels.delete(this);
    this.opening.abort();
    this.cancelQueries();
    const sessionId = this.summary?.sessionId;
    // The worker drops the session and deletes its slices on disk; nobody waits for the answer.
    if (sessionId)
      this.services.inference.request({ kind: 'evaluate-close', sessionId }).catch((error: Error) => {
        log().warn(`Evaluate: could not close session ${sessionId}: ${error.message}`);
      });
    super.dispose();
  }

  private post(message: HostToEvaluatePanel): void {
    if (this.ready && !this.isDisposed) void this.panel.webview.postMessage(message);
  }

  private async open(): Promise<void> {
    try {
      const cacheDir = await this.services.cacheDir();
      const summary = await this.services.inference.request(
        { kind: 'evaluate-open', checkpointPath: this.checkpointPath, data: this.data, cacheDir },
        (progress) => {
          this.lastProgress = progress;
          this.post({ type: 'progress', progress });
        },
        this.opening.signal,
      );
      if (this.isDisposed) {
        void this.services.inference.request({ kind: 'evaluate-close', sessionId: summary.sessionId }).catch(() => {});
        return;
      }
      this.summary = summary;
      this.post({ type: 'summary', summary, ...(this.pending.tab ? { tab: this.pending.tab } : {}) });
      this.runPending();
    } catch (error) {
      if (error instanceof RequestCancelled || this.isDisposed) return;
      this.openError = `${basename(this.checkpointPath)}: ${(error as Error).message}`;
      this.post({ type: 'error', requestId: null, message: this.openError });
    }
  }

  /** Runs a Gates search now when the session is open (and the page listens), else once it is (with `tab` first shown). */
  request(then: EvaluateRequestOnOpen): void {
    this.pending = { ...this.pending, ...then };
    // An open page keeps its tabs' results: a search is shown by `run-match` (which selects Search); the
    // summary is not sent again, since a new summary clears every tab.
    if (this.summary && this.ready) this.runPending();
  }

  private runPending(): void {
    const match = this.pending.match;
    this.pending = {};
    if (!match || !this.summary) return;
    // The Gates panel's selection is checked against this session like a panel message.
    const problem = sessionProblem({ type: 'match', requestId: 0, query: match }, this.summary);
    if (problem) this.post({ type: 'error', requestId: null, message: vscode.l10n.t('Cannot search: {0}', problem) });
    else this.post({ type: 'run-match', query: match });
  }

  private async onMessage(message: EvaluatePanelToHost): Promise<void> {
    if (message.type === 'ready') {
      this.ready = true;
      this.post({ type: 'panel-key', key: this.restoreKey });
      if (this.summary) {
        this.post({ type: 'summary', summary: this.summary, ...(this.pending.tab ? { tab: this.pending.tab } : {}) });
        this.runPending();
      } else if (this.openError) this.post({ type: 'error', requestId: null, message: this.openError });
      else if (this.lastProgress) this.post({ type: 'progress', progress: this.lastProgress });
      return;
    }
    const problem = sessionProblem(message, this.summary);
    if (problem) {
      log().warn(`Evaluate panel: refused ${message.type}: ${problem}`);
      const requestId = isEvaluateQuery(message) ? queryRequestId(message) : null;
      return this.post({ type: 'error', requestId, message: problem });
    }
    try {
      if (isEvaluateQuery(message)) return await this.answer(message);
      switch (message.type) {
        case 'open-in-gates':
          return await this.openInGates(message.sequence, message.step);
        case 'open-attribution':
          return await this.openAttribution(message.sequence);
        case 'choose-data':
          return await this.chooseData();
        case 'cancel':
          return this.cancelQueries();
      }
    } catch (error) {
      this.post({ type: 'error', requestId: null, message: (error as Error).message });
    }
  }

  private async answer(query: Parameters<typeof answerQuery>[2]): Promise<void> {
    const sessionId = this.summary!.sessionId;
    const controller = new AbortController();
    this.inFlight.add(controller);
    try {
      const reply = await answerQuery(
        this.services.inference,
        sessionId,
        query,
        (progress) => this.post({ type: 'progress', progress }),
        controller.signal,
      );
      this.post(reply);
    } catch (error) {
      const message = error instanceof RequestCancelled ? vscode.l10n.t('Cancelled.') : (error as Error).message;
      this.post({ type: 'error', requestId: queryRequestId(query), message });
    } finally {
      this.inFlight.delete(controller);
    }
  }

  private cancelQueries(): void {
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
  }

  private async sequence(index: number): Promise<{ text: string; gatesSample: number | null }> {
    return this.services.inference.request({
      kind: 'evaluate-sequence',
      sessionId: this.summary!.sessionId,
      sequence: index,
    });
  }

  /** The Gates panel records the run's validation sample when the sequence is one, else the sequence's text. */
  /** `step` is checked by the Gates panel against what it records (a step past it is not focused). */
  private async openInGates(index: number, step?: number): Promise<void> {
    const { text, gatesSample } = await this.sequence(index);
    this.services.openGates(
      this.checkpointPath,
      gatesSample !== null ? { type: 'validation-sample', index: gatesSample } : { type: 'text', text },
      step,
    );
  }

  private async openAttribution(index: number): Promise<void> {
    const { text } = await this.sequence(index);
    await this.services.classifyWithAttribution(this.checkpointPath, text);
  }

  /** *Evaluate on Another File…*: the same model on a file the user picks, in its own panel. */
  private async chooseData(): Promise<void> {
    const path = await this.services.chooseDataFile(this.checkpointPath);
    if (path) EvaluatePanel.show(this.context, this.services, this.checkpointPath, { kind: 'file', path });
  }
}

function panelKey(checkpointPath: string, data: EvaluationData): string {
  return `${checkpointPath}\n${data.kind === 'file' ? data.path : ''}`;
}

function titleOf(checkpointPath: string, data: EvaluationData): string {
  const run = basename(dirname(checkpointPath)).replace(/^\d{8}-\d{6}-/, '');
  return data.kind === 'file'
    ? vscode.l10n.t('Evaluate: {0} on {1}', run, basename(data.path))
    : vscode.l10n.t('Evaluate: {0} ({1})', run, basename(checkpointPath, '.safetensors'));
}
