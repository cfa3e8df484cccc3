/**
 * Registers prediction: the Prediction panel's serializer, the attribution decorations, and the commands
 * — `lstmStudio.predictOnSelection` (editor context menu, palette: the selection, or the current line),
 * `lstmStudio.predictWithModel` (a checkpoint Uri, e.g. from the checkpoint editor: use that model on the
 * active editor's selection or line, or open the panel ready for input) and `lstmStudio.switchModel`.
 */

import * as vscode from 'vscode';
import type { PersistedPredictionPanel } from '../protocol/prediction-panel';
import type { InferenceClient } from '../worker/inference-client';
import { AttributionDecorations } from './attribution-decorations';
import { pickModel, rememberedModel, rememberModel } from './model-picker';
import { PredictionPanel, type PredictionPanelServices, type PredictionSourceRef } from './prediction-panel';
import { registerCommand } from './commands';
import { clipSelectionRange, mendAtCut, selectionCutNotice } from './selection-range';
import type { SelectionLimit } from '../protocol/inference-messages';
import { DEFAULT_SELECTION_LIMIT } from '../protocol/prediction-panel-validation';
import { markWalkthroughEvent } from './walkthrough-progress';

const PANEL_STATE_KEY = 'lstmStudio.predictionPanel';

export interface PredictionServices {
  inference: InferenceClient;
}

export interface PredictionApi {
  /** Opens the Prediction panel on `checkpointPath` classifying `text` (its attribution follows). */
  classifyWithAttribution(checkpointPath: string, text: string): Promise<void>;
}

export function registerPrediction(context: vscode.ExtensionContext, { inference }: PredictionServices): PredictionApi {
  const decorations = new AttributionDecorations();
  const services: PredictionPanelServices = {
    inference,
    decorations,
    pickModel: (current) => pickModel(vscode.l10n.t('Predict with which model?'), current),
    rememberModel: (path) => rememberModel(context, path),
    lastPanelState: {
      get: () => context.workspaceState.get<PersistedPredictionPanel>(PANEL_STATE_KEY),
      set: (value) => void context.workspaceState.update(PANEL_STATE_KEY, value),
    },
  };

  /** The panel with `path` as its model (asked for when missing); undefined when the user cancelled. */
  const panelWithModel = async (path: string | undefined, takeFocus: boolean): Promise<PredictionPanel | undefined> => {
    const model =
      path ?? PredictionPanel.instance?.modelPath ?? (await rememberedModel(context)) ?? (await services.pickModel());
    if (!model) return undefined;
    const panel = PredictionPanel.show(context, services, takeFocus);
    await panel.setModel(model, false);
    return panel;
  };

  const predictOnEditor = async (path: string | undefined, requireEditor: boolean) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor && requireEditor)
      throw new Error(vscode.l10n.t('open a file and select some text (or put the cursor on a line) first'));
    // Without an editor (e.g. from the checkpoint editor) the panel opens ready for typed input.
    const panel = await panelWithModel(path, !editor);
    if (!panel || !editor) return;
    // Read once the model is known: only as much of the selection as it can use.
    const input = selectionOrLine(editor, panel.selectionLimit);
    if (await panel.predict(input.text, input.source)) void markWalkthroughEvent('predictionShown');
  };

  context.subscriptions.push(
    decorations,
    PredictionPanel.registerSerializer(context, services),
    registerCommand('lstmStudio.predictOnSelection', () => predictOnEditor(undefined, true)),
    registerCommand('lstmStudio.predictWithModel', async (target?: unknown) => {
      const path = target instanceof vscode.Uri ? target.fsPath : typeof target === 'string' ? target : undefined;
      await predictOnEditor(path ?? (await services.pickModel()), false);
    }),
    registerCommand('lstmStudio.switchModel', async () => {
      const path = await services.pickModel(PredictionPanel.instance?.modelPath ?? (await rememberedModel(context)));
      if (!path) return;
      const panel = PredictionPanel.show(context, services);
      await panel.setModel(path);
    }),
  );
  return {
    classifyWithAttribution: async (checkpointPath, text) => {
      const panel = await panelWithModel(checkpointPath, true);
      // A typed input (no editor source): the panel shows the text with its attribution.
      if (panel) await panel.predict(text, null);
    },
  };
}

/**
 * The primary selection, or the cursor's line when nothing is selected, read only as far as `limit`
 * (what the model can use: a longer selection is clipped before it is read, and the answer says so).
 * Blank text is returned too: the panel then says why it cannot be used.
 */
export function selectionOrLine(
  editor: vscode.TextEditor,
  limit?: SelectionLimit,
): { text: string; source: PredictionSourceRef } {
  const document = editor.document;
  const selection = editor.selection;
  const wholeLine = selection.isEmpty;
  const whole = wholeLine ? document.lineAt(selection.active.line).range : selection;
  const clip = clipSelectionRange(document.offsetAt(whole.start), document.offsetAt(whole.end), limit);
  const read = new vscode.Range(document.positionAt(clip.start), document.positionAt(clip.end));
  if (!clip.clipped) return { text: document.getText(read), source: { document, range: read, wholeLine } };
  const mended = mendAtCut(document.getText(read), clip, limit);
  const range = new vscode.Range(
    document.positionAt(clip.start + mended.startTrim),
    document.positionAt(clip.end - mended.endTrim),
  );
  const readNotice = selectionCutNotice(mended.text.length, clip.total, limit ?? DEFAULT_SELECTION_LIMIT);
  return { text: mended.text, source: { document, range, wholeLine, readNotice } };
}
