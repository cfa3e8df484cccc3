/**
 * The Gates panel on the host: one webview per checkpoint. The host owns what is inspected (the
 * checkpoint, the input) and keeps the last recording, so a panel that was hidden or reloaded redraws at
 * once on `ready`; the recording itself runs in the inference worker (`record-gates`). A serializer
 * reopens the panel after a window reload from the checkpoint and input the webview persisted (the
 * checkpoint only when it is in this workspace or is the model the host last used).
 */

import * as vscode from 'vscode';
import { basename, dirname, join } from 'node:path';
import { readFile, stat } from 'node:fs/promises';
import type { GateRecording } from '../protocol/gate-recording';
import type { MatchQuery } from '../protocol/evaluate-view';
import type { GatesModelInfo, GatesPanelInput, GatesPanelToHost, HostToGatesPanel } from '../protocol/gates-panel';
import type { GateInput } from '../protocol/inference-messages';
import type { InferenceClient } from '../worker/inference-client';
import { Disposable } from './disposable';
import { log } from './log';
import { focusStepWithin, gatesPanelInput, gatesPanelMessage } from '../protocol/gates-panel-validation';
import { object, optional, printable, string, validate, type Validator } from '../protocol/message-validation';
import { onValidMessage } from './webview-messages';
import { panelHtml, webviewOptions } from './webview-html';
import { runsFolderPaths } from './settings';
import { taskWords } from './task-words';
import { checkpointFromWebviewState } from './webview-state-paths';
import { markWalkthroughEvent } from './walkthrough-progress';

export const GATES_PANEL_TYPE = 'lstmStudio.gates';

export interface GatesPanelServices {
  inference: InferenceClient;
  /** Asks the user for a checkpoint (the panel's "Model…" button); `current` is marked. */
  pickCheckpoint(current?: string): Promise<string | undefined>;
  /** Remembers the model last inspected or used in this workspace. */
  rememberModel(checkpointPath: string): void;
  /** The model last inspected or used in this workspace, if its file still exists. */
  rememberedModel(): Promise<string | undefined>;
  /** *Search the Data Set*: the Evaluate view of this checkpoint on its validation set runs `query`. */
  searchDataSet(checkpointPath: string, query: MatchQuery): void;
}

export class GatesPanel extends Disposable {
  private static readonly panels = new Set<GatesPanel>();
  private model: GatesModelInfo | null = null;
  private recording: { input: GatesPanelInput; recording: GateRecording; focusStep?: number } | null = null;
  private pendingInput: GatesPanelInput | null;
  /** The step to focus once `pendingInput` is recorded. */
  private pendingFocusStep: number | undefined;
  private ready = false;
  /** Answers to older requests are dropped when a newer one was sent. */
  private sequence = 0;

  /** Shows the panel of a checkpoint (creating it if needed) and records `input` if given. */
  static show(
    context: vscode.ExtensionContext,
    services: GatesPanelServices,
    checkpointPath: string,
    input?: GatesPanelInput,
    focusStep?: number,
  ): GatesPanel {
    services.rememberModel(checkpointPath);
    void markWalkthroughEvent('gatesShown');
    const existing = [...GatesPanel.panels].find((p) => p.checkpointPath === checkpointPath);
    if (existing) {
      existing.panel.reveal(undefined, false);
      if (input) void existing.record(input, focusStep);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      GATES_PANEL_TYPE,
      titleOf(checkpointPath),
      { viewColumn: vscode.ViewColumn.Active },
      webviewOptions(context.extensionUri),
    );
    return new GatesPanel(panel, context, services, checkpointPath, input ?? null, focusStep);
  }

  static registerSerializer(context: vscode.ExtensionContext, services: GatesPanelServices): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(GATES_PANEL_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, persisted: unknown) {
        panel.webview.options = webviewOptions(context.extensionUri);
        // The webview wrote this state: it is checked like a message (an input with a path is dropped).
        const restored = validate(persistedGatesPanel, persisted);
        if (!restored.ok) log().warn(`Gates panel: ignored the state the webview saved: ${restored.reason}`);
        const saved = restored.ok ? restored.value.checkpointPath : undefined;
        // Only a checkpoint in this workspace (links resolved) or the one the host last used is opened.
        const roots = [...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath), ...runsFolderPaths()];
        const checked = saved
          ? await checkpointFromWebviewState(saved, roots, await services.rememberedModel())
          : undefined;
        if (!checked?.ok) {
          if (checked) log().warn(`could not restore the Gates panel: ${checked.reason}`);
          panel.dispose();
          return;
        }
        new GatesPanel(panel, context, services, checked.path, (restored.ok && restored.value.input) || null);
      },
    });
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly services: GatesPanelServices,
    private checkpointPath: string,
    input: GatesPanelInput | null,
    focusStep?: number,
  ) {
    super();
    GatesPanel.panels.add(this);
    this.pendingInput = input;
    this.pendingFocusStep = input ? focusStep : undefined;
    panel.webview.html = panelHtml(panel.webview, context.extensionUri, 'gates', titleOf(checkpointPath), [
      'attention-map',
    ]);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'lstm-studio.svg');
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(onValidMessage(panel.webview, 'Gates panel', gatesPanelMessage, (m) => this.onMessage(m)));
    void this.loadModel();
  }

  override dispose(): void {
    GatesPanel.panels.delete(this);
    super.dispose();
  }

  private post(message: HostToGatesPanel): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async loadModel(): Promise<void> {
    const path = this.checkpointPath;
    try {
      const loaded = await this.services.inference.request({ kind: 'load', checkpointPath: path });
      if (path !== this.checkpointPath) return;
      this.model = {
        checkpointPath: path,
        name: `${basename(path)} · ${basename(dirname(path))}`,
        task: loaded.task,
        taskName: taskWords(loaded.task).shortName,
        output: taskWords(loaded.task).stepOutput,
        architecture: loaded.architecture,
        hasDataset: await runDatasetExists(path),
        featureColumns: loaded.featureColumns,
        ...(loaded.series ? { series: loaded.series } : {}),
      };
      this.post({ type: 'model', model: this.model });
      const input = this.pendingInput ?? (this.model.hasDataset ? { type: 'validation-sample', index: 0 } : null);
      const focusStep = this.pendingFocusStep;
      this.pendingInput = null;
      this.pendingFocusStep = undefined;
      if (input) await this.record(input, focusStep);
      else
        this.post({
          type: 'error',
          input: null,
          message: vscode.l10n.t(
            'This checkpoint has no run folder with a dataset to sample; type or paste a text above and press Record.',
          ),
        });
    } catch (error) {
      this.post({ type: 'error', input: null, message: `${basename(path)}: ${(error as Error).message}` });
    }
  }

  /**
   * Records an input in the worker and shows it (unless a newer request was made meanwhile), its cursor
   * on `focusStep` when that is one of the recorded steps.
   */
  async record(input: GatesPanelInput, focusStep?: number): Promise<void> {
    if (!this.model) {
      this.pendingInput = input;
      this.pendingFocusStep = focusStep;
      return;
    }
    // The series picker's choice came from the webview: it must be one of the model's own ids.
    const refused = unknownSeriesProblem(input, this.model.series);
    if (refused) return this.post({ type: 'error', input, message: refused });
    const sequence = ++this.sequence;
    this.post({ type: 'busy', input });
    try {
      const recording = await this.services.inference.request({
        kind: 'record-gates',
        checkpointPath: this.checkpointPath,
        input: workerGateInput(input),
      });
      if (sequence !== this.sequence) return;
      const focus = focusStepWithin(focusStep, recording.steps);
      this.recording = { input, recording, ...(focus !== undefined ? { focusStep: focus } : {}) };
      this.post({ type: 'recording', ...this.recording });
    } catch (error) {
      if (sequence !== this.sequence) return;
      this.post({ type: 'error', input, message: (error as Error).message });
    }
  }

  private async onMessage(message: GatesPanelToHost): Promise<void> {
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        if (this.model) this.post({ type: 'model', model: this.model });
        const last = this.recording;
        // A posted recording's buffers are copied, not moved; should a host ever move them, record again.
        if (last && last.recording.gates[0]?.signals[0]?.values.byteLength !== 0)
          this.post({ type: 'recording', ...last });
        else if (last) await this.record(last.input);
        return;
      }
      case 'record':
        return this.record(message.input);
      case 'choose-model':
        return this.switchModel();
      case 'search-data-set':
        // The Evaluate view checks the units against its session (the layer's width) before it searches.
        if (!this.model?.hasDataset) return;
        return this.services.searchDataSet(this.checkpointPath, message.query);
      case 'save':
        return this.save(message.requestId, message.kind, message.suggestedName, message.data);
    }
  }

  /** Inspects another checkpoint in this panel (a typed text is recorded again with it). */
  private async switchModel(): Promise<void> {
    const path = await this.services.pickCheckpoint(this.checkpointPath);
    if (!path || path === this.checkpointPath) return;
    const other = [...GatesPanel.panels].find((p) => p.checkpointPath === path);
    if (other) return other.panel.reveal(undefined, false);
    const last = this.recording?.input;
    this.checkpointPath = path;
    this.services.rememberModel(path);
    this.panel.title = titleOf(path);
    this.model = null;
    this.recording = null;
    this.sequence++;
    this.pendingInput = last && last.type !== 'validation-sample' ? last : null;
    await this.loadModel();
  }

  private async save(requestId: number, kind: 'csv' | 'png', suggestedName: string, data: string): Promise<void> {
    const folder = vscode.Uri.file(dirname(this.checkpointPath));
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder, suggestedName),
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

/** Why a validation sample of `input.series` cannot be asked of this model (null: it can, or names none). */
export function unknownSeriesProblem(input: GatesPanelInput, series: GatesModelInfo['series']): string | null {
  if (input.type !== 'validation-sample' || input.series === undefined) return null;
  if (!series) return vscode.l10n.t('This model was trained on one series: there is no other to pick.');
  if (series.ids.includes(input.series)) return null;
  return vscode.l10n.t("The model knows no series '{0}' in column '{1}'.", printable(input.series), series.column);
}

function titleOf(checkpointPath: string): string {
  const run = basename(dirname(checkpointPath)).replace(/^\d{8}-\d{6}-/, '');
  return vscode.l10n.t('Gates: {0} ({1})', run, basename(checkpointPath, '.safetensors'));
}

/**
 * The worker's request for a panel's input, built field by field: the worker reads the run's own
 * dataset (run.json next to the checkpoint), never a path that came from the webview.
 */
export function workerGateInput(input: GatesPanelInput): GateInput {
  switch (input.type) {
    case 'text':
      return { type: 'text', text: input.text };
    case 'rows':
      return { type: 'rows', values: input.values };
    case 'validation-sample':
      return {
        type: 'validation-sample',
        index: input.index,
        ...(input.search !== undefined ? { search: input.search } : {}),
        ...(input.series !== undefined ? { series: input.series } : {}),
      };
  }
}

/**
 * What the serializer takes of the state the webview persisted (webview/gates/view-settings.ts): the
 * checkpoint and the input, each checked; the rest is the webview's own view settings.
 */
const persistedGatesPanel: Validator<{ checkpointPath?: string; input?: GatesPanelInput }> = (value, where) => {
  const state = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return object({ checkpointPath: optional(string({ maxLength: 4096 })), input: optional(gatesPanelInput) })(
    { checkpointPath: state.checkpointPath, input: state.input },
    where,
  );
};

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** True when run.json next to the checkpoint names a dataset file that exists. */
async function runDatasetExists(checkpointPath: string): Promise<boolean> {
  try {
    const manifest = JSON.parse(await readFile(join(dirname(checkpointPath), 'run.json'), 'utf8')) as {
      dataset?: { path?: string };
    };
    return typeof manifest.dataset?.path === 'string' && (await exists(manifest.dataset.path));
  } catch {
    return false;
  }
}
