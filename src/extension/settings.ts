/** `lstmStudio.*` settings, read fresh each time (the user may change them between runs). */

import * as vscode from 'vscode';
import { join } from 'node:path';
import type { KernelBackendChoice, PresetName, TrainingConfig } from '../protocol/training-config';

export function trainingDefaults(): Partial<TrainingConfig> {
  const c = vscode.workspace.getConfiguration('lstmStudio');
  const opt = <T>(key: string): T | undefined => c.get<T | null>(key) ?? undefined;
  return {
    preset: c.get<PresetName>('defaultPreset', 'small'),
    epochs: opt<number>('epochs'),
    batchSize: opt<number>('batchSize'),
    seqLen: opt<number>('sequenceLength'),
    hiddenSize: opt<number>('hiddenSize'),
    numLayers: opt<number>('layers'),
    lr: opt<number>('learningRate'),
    seed: c.get<number>('seed', 42),
    threads: c.get<number>('trainingThreads', 0),
    kernelBackend: c.get<KernelBackendChoice>('kernelBackend', 'auto'),
  };
}

export function runsFolder(): string {
  return vscode.workspace.getConfiguration('lstmStudio').get<string>('runsFolder', '.lstm-studio/runs');
}

/** The runs folder of every workspace folder: where the Runs view lists runs. */
export function runsFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((folder) => join(folder.uri.fsPath, runsFolder()));
}
