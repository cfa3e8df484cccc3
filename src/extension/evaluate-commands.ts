/**
 * Registers the Evaluate view's commands: `lstmStudio.evaluateCheckpoint` (a .safetensors Uri from the
 * Explorer or the checkpoint editor, or nothing → a model quick pick; its run's validation split, or a
 * dataset file the user picks when the checkpoint has no run folder), `lstmStudio.evaluateOnDataset` (a
 * dataset file from the Explorer → which model?) — `lstmStudio.evaluateRun` is a run command
 * (run-commands.ts) that lands here. Returns what the Gates panel needs to search the data set.
 */

import * as vscode from 'vscode';
import { dirname, join } from 'node:path';
import type { EvaluationData, MatchQuery } from '../protocol/evaluate-view';
import type { GatesPanelInput } from '../protocol/gates-panel';
import type { InferenceClient } from '../worker/inference-client';
import { registerCommand } from './commands';
import { EvaluatePanel, type EvaluatePanelServices } from './evaluate-panel';
import { EvaluatePanelRecords } from './evaluate-panel-records';
import { isFile, pickModel, rememberModel } from './model-picker';

export interface EvaluateServices {
  inference: InferenceClient;
  openGates(checkpointPath: string, input: GatesPanelInput, focusStep?: number): void;
  classifyWithAttribution(checkpointPath: string, text: string): Promise<void>;
}

export interface EvaluateApi {
  /** Opens (or reveals) the Evaluate view of a checkpoint on its validation data and runs `query` there. */
  searchDataSet(checkpointPath: string, query: MatchQuery): void;
}

/** The files the Evaluate view can read as a dataset (as *Train* offers them). */
const DATASET_EXTENSIONS = ['txt', 'md', 'csv', 'tsv', 'jsonl'];

export function registerEvaluate(context: vscode.ExtensionContext, services: EvaluateServices): EvaluateApi {
  const panelServices: EvaluatePanelServices = {
    inference: services.inference,
    cacheDir: async () => {
      const storage = context.storageUri ?? context.globalStorageUri;
      const folder = vscode.Uri.joinPath(storage, 'evaluate-cache');
      await vscode.workspace.fs.createDirectory(folder);
      return folder.fsPath;
    },
    openGates: services.openGates,
    classifyWithAttribution: services.classifyWithAttribution,
    chooseDataFile: chooseDataFile,
    records: new EvaluatePanelRecords(context.workspaceState),
  };
  context.subscriptions.push(EvaluatePanel.registerSerializer(context, panelServices));
  const show = (checkpointPath: string, data: EvaluationData, match?: MatchQuery) => {
    rememberModel(context, checkpointPath);
    EvaluatePanel.show(context, panelServices, checkpointPath, data, match ? { tab: 'search', match } : {});
  };

  context.subscriptions.push(
    registerCommand('lstmStudio.evaluateCheckpoint', async (target?: unknown) => {
      const path =
        target instanceof vscode.Uri
          ? target.fsPath
          : typeof target === 'string'
            ? target
            : await pickModel(vscode.l10n.t('Evaluate which checkpoint?'));
      if (!path) return;
      if (await isFile(join(dirname(path), 'run.json'))) return show(path, { kind: 'validation' });
      // A checkpoint outside a run folder has no validation split: evaluate it on a file.
      const file = await chooseDataFile(path);
      if (file) show(path, { kind: 'file', path: file });
    }),
    registerCommand('lstmStudio.evaluateOnDataset', async (target?: unknown) => {
      const file = target instanceof vscode.Uri ? target.fsPath : await chooseDataFile(undefined);
      if (!file) return;
      const model = await pickModel(vscode.l10n.t('Evaluate which model on this dataset?'));
      if (model) show(model, { kind: 'file', path: file });
    }),
  );
  return { searchDataSet: (checkpointPath, query) => show(checkpointPath, { kind: 'validation' }, query) };
}

async function chooseDataFile(checkpointPath: string | undefined): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Evaluate the model on which dataset file?'),
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    openLabel: vscode.l10n.t('Evaluate'),
    filters: { [vscode.l10n.t('Datasets')]: DATASET_EXTENSIONS },
    defaultUri: checkpointPath ? vscode.Uri.file(dirname(checkpointPath)) : vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0]?.fsPath;
}
