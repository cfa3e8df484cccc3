/**
 * The Audio view on the host: one webview per recording (`.wav`). The host owns what is analysed — the
 * file, the model, the beam — and keeps the last analysis, so a hidden or reloaded view redraws at once
 * on `ready`; the analysis itself runs in the inference worker (`analyze-audio`). The webview may load
 * this recording's folder (its `<audio>` element) and nothing else of the disk. A serializer reopens the
 * view after a window reload from the paths it saved, each checked again (a `.wav` in this workspace; a
 * checkpoint in this workspace or the model the host last used).
 */

import * as vscode from 'vscode';
import { basename, dirname } from 'node:path';
import type { AudioAnalysis } from '../protocol/audio-view';
import type { AudioViewSubject, AudioViewToHost, HostToAudioView } from '../protocol/audio-view-panel';
import { audioViewMessage, persistedAudioView } from '../protocol/audio-view-panel-validation';
import { validate } from '../protocol/message-validation';
import { isTaskId } from '../tasks/presentations';
import type { InferenceClient } from '../worker/inference-client';
import { Disposable } from './disposable';
import { log } from './log';
import { modelName } from './model-picker';
import { runsFolderPaths } from './settings';
import { taskWords } from './task-words';
import { onValidMessage } from './webview-messages';
import { panelHtml, webviewOptions } from './webview-html';
import { checkpointFromWebviewState, workspaceFileFromWebviewState } from './webview-state-paths';

export const AUDIO_VIEW_TYPE = 'lstmStudio.audioView';

export interface AudioViewServices {
  inference: InferenceClient;
  /** Asks for another model able to answer like the current one (the view's "Model…" button). */
  pickCheckpoint(recognition: AudioViewSubject['recognition'] | null, current: string): Promise<string | undefined>;
  rememberModel(checkpointPath: string): void;
  rememberedModel(): Promise<string | undefined>;
}

export class AudioViewPanel extends Disposable {
  private static readonly panels = new Set<AudioViewPanel>();
  private subject: AudioViewSubject | null = null;
  private last: { beam: number; analysis: AudioAnalysis } | null = null;
  /** Why the model could not be used, for a view that becomes ready after it was said. */
  private lastError: string | null = null;
  private beam: number;
  private ready = false;
  /** Answers to older requests are dropped when a newer one was sent. */
  private sequence = 0;

  /** Shows the view of a recording (creating it if needed) analysed by `checkpointPath`. */
  static show(
    context: vscode.ExtensionContext,
    services: AudioViewServices,
    audioPath: string,
    checkpointPath: string,
  ): AudioViewPanel {
    services.rememberModel(checkpointPath);
    const existing = [...AudioViewPanel.panels].find((p) => p.audioPath === audioPath);
    if (existing) {
      existing.panel.reveal(undefined, false);
      if (existing.checkpointPath !== checkpointPath) void existing.useModel(checkpointPath);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      AUDIO_VIEW_TYPE,
      titleOf(audioPath),
      { viewColumn: vscode.ViewColumn.Active },
      audioViewOptions(context.extensionUri, audioPath),
    );
    return new AudioViewPanel(panel, context, services, audioPath, checkpointPath, 1);
  }

  static registerSerializer(context: vscode.ExtensionContext, services: AudioViewServices): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(AUDIO_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, persisted: unknown) {
        // The webview wrote this state: checked like a message, then each path again on disk.
        const restored = validate(persistedAudioView, persisted);
        const saved = restored.ok ? restored.value : {};
        if (!restored.ok) log().warn(`Audio view: ignored the state the webview saved: ${restored.reason}`);
        const workspace = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
        const audio = await workspaceFileFromWebviewState(saved.audioPath, '.wav', workspace);
        const model = await checkpointFromWebviewState(
          saved.checkpointPath,
          [...workspace, ...runsFolderPaths()],
          await services.rememberedModel(),
        );
        if (!audio.ok || !model.ok) {
          log().warn(
            `could not restore the Audio view: ${audio.ok ? '' : audio.reason} ${model.ok ? '' : model.reason}`,
          );
          panel.dispose();
          return;
        }
        panel.webview.options = audioViewOptions(context.extensionUri, audio.path);
        new AudioViewPanel(panel, context, services, audio.path, model.path, saved.beam ?? 1);
      },
    });
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly services: AudioViewServices,
    readonly audioPath: string,
    private checkpointPath: string,
    beam: number,
  ) {
    super();
    AudioViewPanel.panels.add(this);
    this.beam = beam;
    panel.webview.html = panelHtml(panel.webview, context.extensionUri, 'audio-view', titleOf(audioPath), [], true);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'lstm-studio.svg');
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(onValidMessage(panel.webview, 'Audio view', audioViewMessage, (m) => this.onMessage(m)));
    void this.useModel(checkpointPath);
  }

  override dispose(): void {
    AudioViewPanel.panels.delete(this);
    super.dispose();
  }

  private post(message: HostToAudioView): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  /** Describes the model (is it one that reads audio?) and analyses the recording with it. */
  private async useModel(checkpointPath: string): Promise<void> {
    this.checkpointPath = checkpointPath;
    this.services.rememberModel(checkpointPath);
    this.subject = null;
    this.last = null;
    this.lastError = null;
    const sequence = ++this.sequence;
    try {
      const loaded = await this.services.inference.request({ kind: 'load', checkpointPath });
      if (sequence !== this.sequence) return;
      const presentation = isTaskId(loaded.task) ? taskWords(loaded.task) : null;
      if (!presentation?.audio) {
        const what = presentation ? presentation.modelNoun : vscode.l10n.t("a model of the task '{0}'", loaded.task);
        return this.postError(
          vscode.l10n.t('{0} is {1}, which does not read audio: choose another model.', basename(checkpointPath), what),
        );
      }
      this.subject = {
        file: basename(this.audioPath),
        audioUri: this.panel.webview.asWebviewUri(vscode.Uri.file(this.audioPath)).toString(),
        model: modelName(checkpointPath),
        taskName: presentation.shortName,
        recognition: presentation.audio.recognition,
        audioPath: this.audioPath,
        checkpointPath,
      };
      this.post({ type: 'subject', subject: this.subject });
      await this.analyze(this.beam);
    } catch (error) {
      if (sequence === this.sequence) this.postError(`${basename(checkpointPath)}: ${(error as Error).message}`);
    }
  }

  /** Analyses the recording in the worker and shows it (unless a newer request was made meanwhile). */
  private async analyze(beam: number): Promise<void> {
    if (!this.subject) return;
    // A label does not depend on the beam; only a transcript is decoded again.
    const effectiveBeam = this.subject.recognition === 'transcript' ? beam : 1;
    const sequence = ++this.sequence;
    this.beam = effectiveBeam;
    this.lastError = null;
    this.post({ type: 'busy', beam: effectiveBeam });
    try {
      const analysis = await this.services.inference.request({
        kind: 'analyze-audio',
        checkpointPath: this.checkpointPath,
        audioPath: this.audioPath,
        beam: effectiveBeam,
      });
      if (sequence !== this.sequence) return;
      this.last = { beam: effectiveBeam, analysis };
      this.post({ type: 'analysis', ...this.last });
    } catch (error) {
      if (sequence === this.sequence) this.postError(oneLine(this.audioPath, (error as Error).message));
    }
  }

  private postError(message: string): void {
    log().warn(`Audio view: ${message}`);
    this.post({ type: 'error', message });
    this.lastError = message;
  }

  private async onMessage(message: AudioViewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.subject) this.post({ type: 'subject', subject: this.subject });
        if (this.last) this.post({ type: 'analysis', ...this.last });
        else if (this.lastError) this.post({ type: 'error', message: this.lastError });
        return;
      case 'analyze':
        return this.analyze(message.beam);
      case 'choose-model': {
        const path = await this.services.pickCheckpoint(this.subject?.recognition ?? null, this.checkpointPath);
        if (path && path !== this.checkpointPath) await this.useModel(path);
        return;
      }
    }
  }
}

function titleOf(audioPath: string): string {
  return vscode.l10n.t('Audio: {0}', basename(audioPath));
}

/** The panels' usual resource roots, plus this recording's folder (for its `<audio>` element only). */
function audioViewOptions(
  extensionUri: vscode.Uri,
  audioPath: string,
): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  const options = webviewOptions(extensionUri);
  return {
    ...options,
    localResourceRoots: [...(options.localResourceRoots ?? []), vscode.Uri.file(dirname(audioPath))],
  };
}

/** An error as one line that names the recording (the worker's message may name it already). */
export function oneLine(audioPath: string, message: string): string {
  const first = message.split('\n')[0].trim();
  const name = basename(audioPath);
  return first.includes(name) ? first : `${name}: ${first}`;
}
