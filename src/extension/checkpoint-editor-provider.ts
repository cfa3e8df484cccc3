/**
 * The checkpoint editor (DESIGN.md §4): a read-only custom editor for `*.safetensors`. The webview says
 * `ready` and gets the document's snapshot (again when the file changes); its tensor requests go to the
 * inference worker (statistics with progress, heatmap values) and come back by request id; its action
 * buttons run the extension's commands on the file.
 */

import * as vscode from 'vscode';
import type {
  CheckpointAction,
  CheckpointEditorToHost,
  HostToCheckpointEditor,
  TensorStatsProgress,
} from '../protocol/checkpoint-editor';
import { checkpointEditorMessage } from '../protocol/checkpoint-editor-validation';
import type { InferenceClient } from '../worker/inference-client';
import { CheckpointDocument, type CheckpointContext } from './checkpoint-document';
import { Disposable } from './disposable';
import { log } from './log';
import { panelHtml, webviewOptions } from './webview-html';
import { onValidMessage } from './webview-messages';
import { markWalkthroughEvent } from './walkthrough-progress';

export const CHECKPOINT_EDITOR_TYPE = 'lstmStudio.checkpoint';

/** The command each action button runs, with the checkpoint's Uri (Reveal Run: the run folder's). */
const ACTION_COMMANDS: Record<CheckpointAction, string> = {
  inspectGates: 'lstmStudio.inspectGates',
  predict: 'lstmStudio.predictWithModel',
  evaluate: 'lstmStudio.evaluateCheckpoint',
  resumeTraining: 'lstmStudio.resumeFromCheckpoint',
  revealRun: 'revealInExplorer',
  exportPyTorch: 'lstmStudio.exportPyTorch',
};

export class CheckpointEditorProvider implements vscode.CustomReadonlyEditorProvider<CheckpointDocument> {
  private openEditors = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly inference: InferenceClient,
    private readonly context: CheckpointContext,
  ) {}

  openCustomDocument(uri: vscode.Uri): Promise<CheckpointDocument> {
    return CheckpointDocument.open(uri, this.context);
  }

  resolveCustomEditor(document: CheckpointDocument, panel: vscode.WebviewPanel): void {
    this.openEditors++;
    void markWalkthroughEvent('checkpointOpened');
    new CheckpointEditorSession(document, panel, this.extensionUri, this.inference, () => this.editorClosed());
  }

  // The worker is the editors' own: when the last one closes, a statistics pass still running has no one
  // to show it to, so it is stopped rather than left to burn a core for the rest of a 1 GiB tensor.
  private editorClosed(): void {
    this.openEditors--;
    if (this.openEditors === 0 && this.inference.pendingCount > 0) {
      log().info('checkpoint editor: the last editor closed; stopping its tensor work in progress');
      this.inference.cancelAll('the checkpoint editor was closed');
    }
  }
}

/** One webview showing one document; lives until the panel closes. */
class CheckpointEditorSession extends Disposable {
  constructor(
    private readonly document: CheckpointDocument,
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly inference: InferenceClient,
    private readonly onClosed: () => void,
  ) {
    super();
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = panelHtml(panel.webview, extensionUri, 'checkpoint', document.snapshot.fileName);
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(
      onValidMessage(panel.webview, 'Checkpoint editor', checkpointEditorMessage, (m) => this.onMessage(m)),
    );
    this.register(document.onDidChangeSnapshot((snapshot) => this.post({ type: 'snapshot', snapshot })));
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.onClosed();
  }

  private post(message: HostToCheckpointEditor): void {
    if (!this.isDisposed) void this.panel.webview.postMessage(message);
  }

  private async onMessage(message: CheckpointEditorToHost): Promise<void> {
    const checkpointPath = this.document.uri.fsPath;
    switch (message.type) {
      case 'ready':
        // Actions depend on what is training right now: recompute them for a webview that (re)loads.
        return this.post({ type: 'snapshot', snapshot: await this.document.reload() });
      case 'tensor-stats': {
        const { requestId, tensorName } = message;
        const cached = this.document.statistics.get(tensorName);
        if (cached) return this.post({ type: 'stats', requestId, result: cached });
        const onPartial = (progress: TensorStatsProgress) => this.post({ type: 'stats-progress', requestId, progress });
        const contentKey = this.document.contentKey;
        return this.inference.request({ kind: 'tensor-stats', checkpointPath, tensorName }, onPartial).then(
          (result) => {
            // Kept only if the file was not re-read meanwhile (the numbers may describe the old one).
            if (this.document.contentKey === contentKey) this.document.statistics.set(tensorName, result);
            this.post({ type: 'stats', requestId, result });
          },
          (error: Error) => this.failed(requestId, tensorName, error),
        );
      }
      case 'tensor-values': {
        const { requestId, tensorName, maxElements, maxRows, maxCols } = message;
        return this.inference
          .request({ kind: 'tensor-values', checkpointPath, tensorName, maxElements, maxRows, maxCols })
          .then(
            (result) => this.post({ type: 'values', requestId, result }),
            (error: Error) => this.failed(requestId, tensorName, error),
          );
      }
      case 'action':
        // The webview shows only the buttons that apply; a message for another one is not acted on.
        if (!this.document.snapshot.actions[message.action])
          return log().warn(
            `Checkpoint editor: ignored the action '${message.action}': it does not apply to this file`,
          );
        return this.runAction(message.action);
    }
  }

  private failed(requestId: number, tensorName: string, error: Error): void {
    log().warn(`checkpoint editor: ${this.document.uri.fsPath} '${tensorName}': ${error.message}`);
    this.post({
      type: 'request-failed',
      requestId,
      message: error.message.replace(`${this.document.uri.fsPath}: `, ''),
    });
  }

  private async runAction(action: CheckpointAction): Promise<void> {
    const runDir = this.document.runDir;
    const target = action === 'revealRun' && runDir ? vscode.Uri.file(runDir) : this.document.uri;
    try {
      await vscode.commands.executeCommand(ACTION_COMMANDS[action], target);
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Studio: {0}', (error as Error).message));
    }
  }
}
