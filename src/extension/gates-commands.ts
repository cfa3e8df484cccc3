/**
 * Registers the Gates panel: its serializer and the commands that open it —
 * `lstmStudio.inspectGates` (a checkpoint Uri, a run folder, a Runs view item, or nothing → a quick pick
 * of the workspace's checkpoints; optionally `{ text }` to record that text instead of a sample), `lstmStudio.runs.inspectGates` (Runs view item) and
 * `lstmStudio.inspectGatesOnSelection` (editor context menu: the selected text through the model last
 * used in this workspace, shared with Predict: see model-picker.ts).
 */

import { MAX_GATES_TEXT_LENGTH, MAX_GATES_SERIES_ID_LENGTH } from '../protocol/gates-panel-validation';
import type { GatesPanelInput } from '../protocol/gates-panel';
import type { MatchQuery } from '../protocol/evaluate-view';
import { selectionsText } from './read-selections';
import * as vscode from 'vscode';
import { basename, join } from 'node:path';
import type { InferenceClient } from '../worker/inference-client';
import { GatesPanel, type GatesPanelServices } from './gates-panel';
import { isFile, pickModel, rememberedModel, rememberModel } from './model-picker';
import { registerCommand } from './commands';

export interface GatesServices {
  inference: InferenceClient;
  /** *Search the Data Set* from the panel's selection (the Evaluate view, registered after this). */
  searchDataSet(checkpointPath: string, query: MatchQuery): void;
}

export interface GatesApi {
  /** Opens (or reveals) the Gates panel of a checkpoint and records `input` (its cursor on `focusStep`, if given). */
  show(checkpointPath: string, input: GatesPanelInput, focusStep?: number): void;
}

export function registerGatesPanel(
  context: vscode.ExtensionContext,
  { inference, searchDataSet }: GatesServices,
): GatesApi {
  const services: GatesPanelServices = {
    inference,
    searchDataSet,
    pickCheckpoint: (current) => pickModel(vscode.l10n.t('Inspect the gates of which checkpoint?'), current),
    rememberModel: (path) => rememberModel(context, path),
    rememberedModel: () => rememberedModel(context),
  };
  // The optional second argument `{ text }` records that input (the Prediction panel passes its input), or
  // `{ series }` a validation sample of that series (a forecaster of several; the panel checks the id).
  const inspect = async (target?: unknown, options?: { text?: unknown; series?: unknown }) => {
    const path = (await checkpointOf(target)) ?? (await services.pickCheckpoint());
    if (path) GatesPanel.show(context, services, path, inputOf(options));
  };
  context.subscriptions.push(
    GatesPanel.registerSerializer(context, services),
    registerCommand('lstmStudio.inspectGates', inspect),
    registerCommand('lstmStudio.runs.inspectGates', inspect),
    registerCommand('lstmStudio.inspectGatesOnSelection', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) throw new Error(vscode.l10n.t('select some text in an editor first'));
      // Read only what a recording can use (it keeps at most MAX_RECORDED_STEPS steps of it).
      const { text } = selectionsText(editor, { characters: MAX_GATES_TEXT_LENGTH, keep: 'start' });
      if (text.length === 0) throw new Error(vscode.l10n.t('select some text in an editor first'));
      const path =
        (await rememberedModel(context)) ??
        (await pickModel(vscode.l10n.t('Inspect the selection with which checkpoint?')));
      if (path) GatesPanel.show(context, services, path, { type: 'text', text });
    }),
  );
  return { show: (path, input, focusStep) => void GatesPanel.show(context, services, path, input, focusStep) };
}

/** What the command's options ask to record: a series' validation sample, a text, or nothing (the default sample). */
function inputOf(options: { text?: unknown; series?: unknown } | undefined): GatesPanelInput | undefined {
  if (typeof options?.series === 'string' && options.series.length <= MAX_GATES_SERIES_ID_LENGTH)
    return { type: 'validation-sample', index: 0, series: options.series };
  const text = typeof options?.text === 'string' && options.text.length > 0 ? options.text : undefined;
  return text === undefined ? undefined : { type: 'text', text };
}

/** A checkpoint path from a command argument: a .safetensors Uri, a run folder Uri or path, or a Runs view item. */
async function checkpointOf(target: unknown): Promise<string | undefined> {
  let path: string | undefined;
  if (target instanceof vscode.Uri) path = target.fsPath;
  else if (typeof target === 'string') path = target;
  else if (target && typeof target === 'object' && 'state' in target)
    path = (target as { state: { meta: { runDir: string } } }).state.meta.runDir;
  if (!path) return undefined;
  if (path.endsWith('.safetensors')) return path;
  // A run folder: its best checkpoint, or the last one while no validation has run yet.
  for (const name of ['best.safetensors', 'last.safetensors'])
    if (await isFile(join(path, name))) return join(path, name);
  throw new Error(vscode.l10n.t('{0} has no checkpoint yet', basename(path)));
}
