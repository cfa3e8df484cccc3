/**
 * Registers the Audio view: its serializer and the two commands that open it on a recording —
 * `lstmStudio.transcribeAudio` (*Transcribe with LSTM*) and `lstmStudio.classifyAudio` (*Classify with
 * LSTM*). From the Explorer's context menu on a `.wav` they get its Uri; from the palette they ask for one
 * with an open dialog. Each then asks for a model whose task answers that way (audio-model-choice.ts).
 */

import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { AudioRecognitionKind } from '../protocol/audio-view-panel';
import type { InferenceClient } from '../worker/inference-client';
import { audioModelFilter, audioModelWords } from './audio-model-choice';
import { AudioViewPanel, type AudioViewServices } from './audio-view-panel';
import { registerCommand } from './commands';
import { isFile, pickModel, rememberedModel, rememberModel } from './model-picker';

export function registerAudioView(
  context: vscode.ExtensionContext,
  { inference }: { inference: InferenceClient },
): void {
  const pickAudioModel = (recognition: AudioRecognitionKind | null, current?: string) =>
    recognition === null
      ? pickModel(vscode.l10n.t('Analyse the recording with which model?'), current)
      : pickModel(
          recognition === 'transcript'
            ? vscode.l10n.t('Transcribe with which {0} model?', audioModelWords(recognition))
            : vscode.l10n.t('Classify with which {0} model?', audioModelWords(recognition)),
          current,
          audioModelFilter(recognition),
        );
  const services: AudioViewServices = {
    inference,
    pickCheckpoint: pickAudioModel,
    rememberModel: (path) => rememberModel(context, path),
    rememberedModel: () => rememberedModel(context),
  };
  const open = async (recognition: AudioRecognitionKind, target: unknown) => {
    const audioPath = await recordingOf(target, recognition);
    if (!audioPath) return;
    const checkpointPath = await pickAudioModel(recognition, await rememberedModel(context));
    if (checkpointPath) AudioViewPanel.show(context, services, audioPath, checkpointPath);
  };
  context.subscriptions.push(
    AudioViewPanel.registerSerializer(context, services),
    registerCommand('lstmStudio.transcribeAudio', (target?: unknown) => open('transcript', target)),
    registerCommand('lstmStudio.classifyAudio', (target?: unknown) => open('audio-label', target)),
  );
}

/** The recording a command runs on: the clicked `.wav`, else one chosen in an open dialog. */
async function recordingOf(target: unknown, recognition: AudioRecognitionKind): Promise<string | undefined> {
  let path: string | undefined;
  if (target instanceof vscode.Uri) path = target.fsPath;
  else {
    const picked = await vscode.window.showOpenDialog({
      title:
        recognition === 'transcript'
          ? vscode.l10n.t('Transcribe which recording?')
          : vscode.l10n.t('Classify which recording?'),
      canSelectMany: false,
      filters: { [vscode.l10n.t('WAV recordings')]: ['wav'] },
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    path = picked?.[0]?.fsPath;
  }
  if (!path) return undefined;
  if (!path.toLowerCase().endsWith('.wav'))
    throw new Error(vscode.l10n.t('{0} is not a .wav recording', basename(path)));
  if (!(await isFile(path))) throw new Error(vscode.l10n.t('{0} is not a file', basename(path)));
  return path;
}
