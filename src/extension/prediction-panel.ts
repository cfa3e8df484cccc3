/**
 * The Prediction panel on the host: a single webview showing the model in use, the input (a selection,
 * or text typed in the panel) and the answer. The host owns the state and sends all of it on `ready` and
 * after every change; a continuation's characters and a transform's best hypothesis so far are forwarded
 * as they arrive. Predictions run in the
 * inference worker; an answer to an older request than the latest is dropped. A serializer reopens the
 * panel after a window reload with the model, input and options the webview persisted.
 */

import * as vscode from 'vscode';
import type {
  ContinuationAnswer,
  PredictionAnswer,
  PredictionNotice,
  TransformAnswer,
} from '../protocol/prediction-results';
import type { SelectionLimit } from '../protocol/inference-messages';
import {
  DEFAULT_PREDICTION_OPTIONS,
  type HostToPredictionPanel,
  type PersistedPredictionPanel,
  type PredictionOptions,
  type PredictionPanelToHost,
  type PredictionState,
  type TransformEdit,
} from '../protocol/prediction-panel';
import { string, validate } from '../protocol/message-validation';
import {
  MAX_PREDICTION_INPUT_LENGTH,
  predictionOptions,
  predictionPanelMessage,
} from '../protocol/prediction-panel-validation';
import type { InferenceClient } from '../worker/inference-client';
import { RequestCancelled } from '../worker/cancel-flags';
import type { AttributionDecorations } from './attribution-decorations';
import { formatInteger } from './display-format';
import { Disposable } from './disposable';
import { log } from './log';
import { forecastSeriesChoice, gatesInputOf, quantileRowsToInsert } from './forecast-choices';
import { describeModel, runPrediction } from './prediction-runner';
import { panelHtml, webviewOptions } from './webview-html';
import { onValidMessage } from './webview-messages';

export const PREDICTION_PANEL_TYPE = 'lstmStudio.prediction';

export interface PredictionPanelServices {
  inference: InferenceClient;
  decorations: AttributionDecorations;
  /** Asks the user for a model (the current one marked). */
  pickModel(current?: string): Promise<string | undefined>;
  /** Remembers the model for this workspace. */
  rememberModel(path: string): void;
  /**
   * The panel's model, input and options, also kept by the host (workspaceState): the webview's own
   * persisted state can lag a window reload by a prediction in a browser (it is saved with the editors).
   */
  lastPanelState: { get(): PersistedPredictionPanel | undefined; set(value: PersistedPredictionPanel): void };
}

/** Where the input came from in an editor. */
export interface PredictionSourceRef {
  document: vscode.TextDocument;
  /** What was read (a selection longer than the model can use is clipped before it is read). */
  range: vscode.Range;
  wholeLine: boolean;
  /** Said in the answer's notices when the selection was clipped: which characters were used. */
  readNotice?: PredictionNotice;
}

export class PredictionPanel extends Disposable {
  private static current: PredictionPanel | undefined;
  private state: PredictionState;
  private source: (PredictionSourceRef & { version: number }) | null = null;
  private ready = false;
  /** Aborts the prediction in flight: a new one supersedes it, Stop ends it, closing the panel drops it. */
  private inFlight: AbortController | null = null;

  /** The panel, created (beside the editor) or revealed; it takes the focus only when asked (to type in it). */
  static show(context: vscode.ExtensionContext, services: PredictionPanelServices, takeFocus = false): PredictionPanel {
    if (PredictionPanel.current) {
      PredictionPanel.current.panel.reveal(undefined, !takeFocus);
      return PredictionPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      PREDICTION_PANEL_TYPE,
      vscode.l10n.t('Prediction'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: !takeFocus },
      webviewOptions(context.extensionUri),
    );
    return new PredictionPanel(panel, context, services);
  }

  static get instance(): PredictionPanel | undefined {
    return PredictionPanel.current;
  }

  static registerSerializer(context: vscode.ExtensionContext, services: PredictionPanelServices): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(PREDICTION_PANEL_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, persisted: unknown) {
        panel.webview.options = webviewOptions(context.extensionUri);
        PredictionPanel.current?.panel.dispose();
        // The model comes only from what the host kept: a path in the webview's state is never opened.
        const fromWebview = restorableState(persisted);
        const latest = { ...fromWebview, ...services.lastPanelState.get() };
        const restored = new PredictionPanel(panel, context, services, latest.options);
        if (!latest.modelPath) return;
        try {
          await restored.setModel(latest.modelPath, false);
          if (latest.input) await restored.predict(latest.input, null);
        } catch (error) {
          log().warn(`could not restore the Prediction panel: ${(error as Error).message}`);
        }
      },
    });
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly services: PredictionPanelServices,
    options: PredictionOptions = DEFAULT_PREDICTION_OPTIONS,
  ) {
    super();
    PredictionPanel.current = this;
    this.state = {
      model: null,
      input: '',
      source: null,
      options: { ...DEFAULT_PREDICTION_OPTIONS, ...options },
      requestId: 0,
      running: false,
      answer: null,
      timing: null,
      error: null,
      canInsert: false,
      forecastSeries: null,
    };
    panel.webview.html = panelHtml(panel.webview, context.extensionUri, 'prediction', vscode.l10n.t('Prediction'), [
      'attention-map',
    ]);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'lstm-studio.svg');
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(onValidMessage(panel.webview, 'Prediction panel', predictionPanelMessage, (m) => this.onMessage(m)));
    this.register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.source && document === this.source.document) this.update({ canInsert: false });
      }),
    );
  }

  get modelPath(): string | undefined {
    return this.state.model?.path;
  }

  /** How much of an editor selection the current model can use. */
  get selectionLimit(): SelectionLimit | undefined {
    return this.state.model?.selectionLimit;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (PredictionPanel.current === this) PredictionPanel.current = undefined;
    this.inFlight?.abort();
    this.services.decorations.clear();
    super.dispose();
  }

  /** Uses the checkpoint at `path` from now on (and for this workspace); predicts again on the input if asked. */
  async setModel(path: string, predictAgain = true): Promise<void> {
    if (this.state.model?.path === path && !this.state.error) return;
    try {
      const model = await describeModel(this.services.inference, path);
      this.services.rememberModel(path);
      // The host's own record of the panel's model (the serializer restores from it, not from the webview).
      this.services.lastPanelState.set({ ...this.services.lastPanelState.get(), modelPath: path });
      this.update({ model, error: null, answer: null, timing: null });
      if (predictAgain && this.state.input.trim()) await this.predict(this.state.input, this.source);
    } catch (error) {
      this.update({ error: (error as Error).message, answer: null });
      throw error;
    }
  }

  /**
   * Predicts on `input` with the current model; `source` is where it came from (null: typed in the panel).
   * `forecastSeries`: the series a forecaster of several series forecasts (null: the one it chooses).
   */
  async predict(
    input: string,
    source: (PredictionSourceRef & { version?: number }) | null,
    options?: PredictionOptions,
    forecastSeries: string | null = null,
  ): Promise<PredictionAnswer | null> {
    const model = this.state.model;
    // The worker stops the one before at its next check instead of finishing an answer nobody reads.
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    this.services.decorations.clear();
    // A re-run on the same source keeps the version its range was taken at: decorations need it to match.
    this.source = source ? { ...source, version: source.version ?? source.document.version } : null;
    const requestId = this.state.requestId + 1;
    this.update({
      input,
      options: options ?? this.state.options,
      source: source
        ? {
            fileName: vscode.workspace.asRelativePath(source.document.uri),
            startLine: source.range.start.line + 1,
            endLine: source.range.end.line + 1,
            wholeLine: source.wholeLine,
          }
        : null,
      canInsert: source !== null,
      forecastSeries,
      requestId,
      running: model !== null,
      answer: null,
      transformSoFar: undefined,
      timing: null,
      error: model ? null : vscode.l10n.t('choose a model first (Switch Model)'),
    });
    if (!model) return null;
    this.services.lastPanelState.set({ modelPath: model.path, input, options: this.state.options });
    const current = () => this.state.requestId === requestId;
    // A clipped selection: the answer says which part of it was read.
    const readNotice = source?.readNotice;
    const told = (answer: PredictionAnswer): PredictionAnswer =>
      readNotice ? { ...answer, notices: [readNotice, ...answer.notices] } : answer;
    try {
      const { answer: answered, timing } = await runPrediction(
        this.services.inference,
        model,
        input,
        this.state.options,
        {
          onAnswer: (partial, elapsed) => {
            if (current()) this.update({ answer: told(partial), timing: { roundTripMs: elapsed, firstMs: elapsed } });
          },
          onChunk: (chunk, elapsed) => {
            if (!current()) return;
            const sofar = (this.state.answer as ContinuationAnswer | null) ?? {
              kind: 'continuation',
              promptRead: input,
              text: '',
              steps: [],
              notices: [],
              firstCharMs: chunk.firstCharMs ?? 0,
              computeMs: 0,
            };
            sofar.steps.push(...chunk.steps);
            sofar.text += chunk.steps.map((s) => s.char).join('');
            // Kept in the state (so a reloaded panel has it) but sent as the chunk alone.
            this.state = {
              ...this.state,
              answer: sofar,
              timing: { roundTripMs: elapsed, firstMs: this.state.timing?.firstMs ?? elapsed },
            };
            this.post({ type: 'chunk', requestId, chunk });
          },
          onTransformChunk: (chunk, elapsed) => {
            if (!current()) return;
            // Kept in the state (a reloaded panel, a stop before the answer) but sent as the chunk alone.
            this.state = {
              ...this.state,
              transformSoFar: chunk.tokens,
              timing: { roundTripMs: elapsed, firstMs: this.state.timing?.firstMs ?? elapsed },
            };
            this.post({ type: 'transform-chunk', requestId, chunk });
          },
        },
        controller.signal,
        forecastSeries,
      );
      if (!current()) return null;
      const answer = told(answered);
      this.update({ answer, timing, running: false, transformSoFar: undefined });
      this.decorate(answer);
      log().info(
        `prediction (${model.task}, ${input.length} characters): ${timing.firstMs !== undefined ? `first part ${timing.firstMs.toFixed(1)} ms, ` : ''}answer ${timing.roundTripMs.toFixed(1)} ms`,
      );
      return answer;
    } catch (error) {
      if (error instanceof RequestCancelled) return current() ? this.stopped() : null;
      if (current()) this.update({ running: false, error: (error as Error).message });
      throw error;
    } finally {
      if (this.inFlight === controller) this.inFlight = null;
    }
  }

  /** Stop pressed: the answer so far stays (a continuation's characters, a classification without attribution). */
  private stopped(): PredictionAnswer | null {
    const answer = this.state.answer;
    if (answer?.kind === 'continuation') {
      const notices = [
        ...answer.notices,
        {
          level: 'info' as const,
          message: vscode.l10n.t('stopped after {0} characters', formatInteger([...answer.text].length)),
        },
      ];
      this.update({ running: false, answer: { ...answer, notices } });
    } else if (answer?.kind === 'label' && answer.attributionPending) {
      const notices = [
        ...answer.notices,
        { level: 'info' as const, message: vscode.l10n.t('stopped before the attribution was computed') },
      ];
      this.update({ running: false, answer: { ...answer, attributionPending: false, notices } });
    } else {
      this.update({ running: false });
    }
    log().info('prediction stopped');
    return this.state.answer;
  }

  private decorate(answer: PredictionAnswer): void {
    if (answer.kind !== 'label' || !answer.attribution || !this.source) return;
    const base = this.source.document.offsetAt(this.source.range.start);
    const scores = answer.attribution.scores;
    const tokens = answer.tokens.map((t, k) => ({
      start: base + t.start,
      end: base + t.end,
      text: t.text,
      score: scores[k],
    }));
    this.services.decorations.show(this.source.document, this.source.version, answer.label, tokens);
  }

  private update(change: Partial<PredictionState>): void {
    this.state = { ...this.state, ...change };
    this.post({ type: 'state', state: this.state });
  }

  private post(message: HostToPredictionPanel): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async onMessage(message: PredictionPanelToHost): Promise<void> {
    try {
      switch (message.type) {
        case 'ready':
          this.ready = true;
          return this.post({ type: 'state', state: this.state });
        case 'predict': {
          // The same input again keeps its source (new options); edited text is the panel's own.
          const sameInput = message.input === this.state.input && this.source !== null;
          // New options for the same rows keep the series picked for them.
          const series = message.input === this.state.input ? (this.state.forecastSeries ?? null) : null;
          await this.predict(message.input, sameInput ? this.source : null, message.options, series);
          return;
        }
        case 'forecast-series': {
          const series = forecastSeriesChoice(this.state.answer, message.series);
          await this.predict(this.state.input, this.source, this.state.options, series);
          return;
        }
        case 'insert-quantiles':
          return await this.insert(quantileRowsToInsert(this.state.answer, this.state.running));
        case 'stop':
          return void this.inFlight?.abort();
        case 'switch-model': {
          const path = await this.services.pickModel(this.state.model?.path);
          if (path) await this.setModel(path);
          return;
        }
        case 'insert':
          return await this.insert(message.text);
        case 'transform-edit':
          return await this.editWithTransform(message.edit, message.candidate);
        case 'copy':
          await vscode.env.clipboard.writeText(message.text);
          return void vscode.window.setStatusBarMessage(vscode.l10n.t('LSTM Studio: copied'), 2000);
        case 'open-gates':
          if (!this.state.model) return;
          // The Gates panel records the same input (its command takes the checkpoint and the input); a
          // forecaster of several series opens on a validation sample of the series forecast here.
          return void (await vscode.commands.executeCommand(
            'lstmStudio.inspectGates',
            vscode.Uri.file(this.state.model.path),
            gatesInputOf(this.state.answer, this.state.input),
          ));
        case 'reveal-source':
          return await this.revealSource();
      }
    } catch (error) {
      log().error(`Prediction panel, ${message.type}: ${(error as Error).stack ?? error}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Studio: {0}', (error as Error).message));
    }
  }

  /**
   * Inserts after the text the prediction was made on — a continuation continues it, forecast rows follow
   * its rows — wherever the editor's cursor has gone since. Once that document has been edited the range
   * may no longer hold that text, so then at the cursor (after the selection, if any). Shows the result.
   */
  private async insert(text: string, separate = false): Promise<void> {
    const source = this.source;
    const document = source?.document;
    if (!source || !document || document.isClosed)
      throw new Error(vscode.l10n.t('the text this prediction came from is no longer open: use Copy'));
    const editor =
      vscode.window.visibleTextEditors.find((e) => e.document === document) ??
      (await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false }));
    const selection = editor.selection;
    const at =
      document.version === source.version ? source.range.end : selection.isEmpty ? selection.active : selection.end;
    // A transform's output: after a space within a line, on a line of its own after a line's end.
    if (separate) {
      const withinLine = at.character > 0 && at.character < document.lineAt(at.line).text.length;
      text = `${withinLine ? ' ' : '\n'}${text}`;
    }
    // Rows to add after a selection that ended with its line break: on that empty line, not after it.
    if (at.character === 0 && at.line > 0 && text.startsWith('\n')) text = `${text.slice(1)}\n`;
    const done = await editor.edit((edit) => edit.insert(at, text));
    if (!done) throw new Error(vscode.l10n.t('the editor did not accept the insertion'));
    const end = document.positionAt(document.offsetAt(at) + text.length);
    editor.selection = new vscode.Selection(end, end);
    editor.revealRange(new vscode.Range(at, end));
  }

  /**
   * Replace Selection / Insert After Selection of a transform: the text is the host's own answer's
   * candidate of that rank, never text from the webview. Replacing needs the document as it was predicted
   * on (a changed one may no longer hold that text at that range); inserting follows `insert`, after a
   * space within a line or on a line of its own after a line's end.
   */
  private async editWithTransform(edit: TransformEdit, candidate: number): Promise<void> {
    const answer = this.state.answer;
    if (answer?.kind !== 'transform' || this.state.running)
      throw new Error(vscode.l10n.t('there is no transform to use yet'));
    const output = transformCandidate(answer, candidate);
    if (output === null) throw new Error(vscode.l10n.t('the transform has no candidate {0}', candidate + 1));
    if (edit === 'insert') return this.insert(output, true);
    const source = this.source;
    const document = source?.document;
    if (!source || !document || document.isClosed)
      throw new Error(vscode.l10n.t('the text this prediction came from is no longer open: use Copy'));
    if (document.version !== source.version)
      throw new Error(
        vscode.l10n.t('the document has changed since the prediction: select the text and predict again'),
      );
    const editor =
      vscode.window.visibleTextEditors.find((e) => e.document === document) ??
      (await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false }));
    const start = source.range.start;
    const done = await editor.edit((builder) => builder.replace(source.range, output));
    if (!done) throw new Error(vscode.l10n.t('the editor did not accept the replacement'));
    const end = document.positionAt(document.offsetAt(start) + output.length);
    editor.selection = new vscode.Selection(start, end);
    editor.revealRange(new vscode.Range(start, end));
  }

  private async revealSource(): Promise<void> {
    if (!this.source || this.source.document.isClosed) return;
    const editor = await vscode.window.showTextDocument(this.source.document, {
      viewColumn: vscode.ViewColumn.One,
      preserveFocus: false,
    });
    editor.selection = new vscode.Selection(this.source.range.start, this.source.range.end);
    editor.revealRange(this.source.range);
  }
}

/**
 * What the serializer takes of the state the webview persisted: the input and the options, each checked
 * (an invalid one is dropped and logged); never `modelPath`.
 */
function restorableState(persisted: unknown): Pick<PersistedPredictionPanel, 'input' | 'options'> {
  const state = typeof persisted === 'object' && persisted !== null ? (persisted as Record<string, unknown>) : {};
  const restored: Pick<PersistedPredictionPanel, 'input' | 'options'> = {};
  const input = validate(string({ maxLength: MAX_PREDICTION_INPUT_LENGTH }), state.input ?? '');
  if (input.ok) restored.input = input.value;
  else log().warn(`Prediction panel: ignored the input the webview saved: ${input.reason}`);
  if (state.options === undefined) return restored;
  const options = validate(predictionOptions, state.options);
  if (options.ok) restored.options = options.value;
  else log().warn(`Prediction panel: ignored the options the webview saved: ${options.reason}`);
  return restored;
}

/** The text of a transform's candidate of rank `rank` (0 = best; the output itself when there is no list). */
export function transformCandidate(answer: TransformAnswer, rank: number): string | null {
  if (answer.nbest.length === 0) return rank === 0 ? answer.output : null;
  return answer.nbest[rank]?.output ?? null;
}
