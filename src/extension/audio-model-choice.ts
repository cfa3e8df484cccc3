/**
 * Which models the audio commands offer: those whose task reads recordings and answers what the command
 * shows — a transcript for *Transcribe with LSTM*, a label for *Classify with LSTM*. The host knows a
 * task only by its presentation (`audio.recognition`, src/tasks/*\/presentation.ts), so no task is named here.
 */

import type { AudioRecognitionKind } from '../protocol/audio-view-panel';
import type { TaskPresentation } from '../protocol/task-presentation';
import { allTaskPresentations } from '../tasks/presentations';
import type { ModelFilter } from './model-picker';

/** The tasks whose models answer with this kind of recognition. */
export function audioTasksFor(
  recognition: AudioRecognitionKind,
  presentations: readonly TaskPresentation[] = allTaskPresentations(),
): TaskPresentation[] {
  return presentations.filter((p) => p.audio?.recognition === recognition);
}

/** What a command asks for, in words: `speech to text`, `audio classification`. */
export function audioModelWords(
  recognition: AudioRecognitionKind,
  presentations?: readonly TaskPresentation[],
): string {
  const names = audioTasksFor(recognition, presentations).map((p) => p.shortName);
  if (names.length > 0) return names.join(' or ');
  return recognition === 'transcript' ? 'speech to text' : 'audio classification';
}

/** The model quick pick's filter for a command: runs of a matching task only (a loose file's task is unknown). */
export function audioModelFilter(
  recognition: AudioRecognitionKind,
  presentations?: readonly TaskPresentation[],
): ModelFilter {
  const ids = new Set(audioTasksFor(recognition, presentations).map((p) => p.id));
  return {
    accepts: (task) => task !== null && ids.has(task),
    noneMessage: `No ${audioModelWords(recognition, presentations)} model in this workspace yet: train one first — right-click a folder of .wav files, Train LSTM on This Dataset.`,
  };
}
