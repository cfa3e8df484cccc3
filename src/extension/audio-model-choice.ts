/**
 * Which models the audio commands offer: those whose task reads recordings and answers what the command
 * shows — a transcript for *Transcribe with LSTM*, a label for *Classify with LSTM*. The host knows a
 * task only by its presentation (`audio.recognition`, src/tasks/*\/presentation.ts), so no task is named here.
 */

import type { AudioRecognitionKind } from '../protocol/audio-view-panel';
import type { TaskPresentation } from '../protocol/task-presentation';
import * as l10n from './l10n';
import type { ModelFilter } from './model-picker';
import { allTaskWords } from './task-words';

/** The tasks whose models answer with this kind of recognition. */
export function audioTasksFor(
  recognition: AudioRecognitionKind,
  presentations: readonly TaskPresentation[] = allTaskWords(),
): TaskPresentation[] {
  return presentations.filter((p) => p.audio?.recognition === recognition);
}

/** What a command asks for, in words: `speech to text`, `audio classification`. */
export function audioModelWords(
  recognition: AudioRecognitionKind,
  presentations?: readonly TaskPresentation[],
): string {
  const names = audioTasksFor(recognition, presentations).map((p) => p.shortName);
  if (names.length > 0) return names.reduce((list, name) => l10n.t('{0} or {1}', list, name));
  return recognition === 'transcript' ? l10n.t('speech to text') : l10n.t('audio classification');
}

/** The model quick pick's filter for a command: runs of a matching task only (a loose file's task is unknown). */
export function audioModelFilter(
  recognition: AudioRecognitionKind,
  presentations?: readonly TaskPresentation[],
): ModelFilter {
  const ids = new Set(audioTasksFor(recognition, presentations).map((p) => p.id));
  return {
    accepts: (task) => task !== null && ids.has(task),
    noneMessage: l10n.t(
      'No {0} model in this workspace yet: train one first — right-click a folder of .wav files, Train LSTM on This Dataset.',
      audioModelWords(recognition, presentations),
    ),
  };
}
