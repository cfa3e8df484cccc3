/**
 * The host's check of every message from the Audio view (types in `audio-view-panel.ts`) and of the
 * state it saved for a window reload. A message names a beam width at most; the recording and the
 * model are the host's own.
 */

import { MAX_AUDIO_BEAM, type AudioViewToHost } from './audio-view-panel';
import { byType, integer, object, optional, string, type Validator } from './message-validation';

export const audioViewMessage: Validator<AudioViewToHost> = byType({
  ready: {},
  analyze: { beam: integer({ min: 1, max: MAX_AUDIO_BEAM }) },
  'choose-model': {},
});

/** What the serializer takes of the saved state: the two paths (checked again on disk) and the beam. */
export interface PersistedAudioView {
  audioPath?: string;
  checkpointPath?: string;
  beam?: number;
}

const persistedFields = object({
  audioPath: optional(string({ maxLength: 4096 })),
  checkpointPath: optional(string({ maxLength: 4096 })),
  beam: optional(integer({ min: 1, max: MAX_AUDIO_BEAM })),
});

/** The saved state's paths and beam; the webview's other view settings are its own and ignored here. */
export const persistedAudioView: Validator<PersistedAudioView> = (value, where) => {
  const state = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return persistedFields({ audioPath: state.audioPath, checkpointPath: state.checkpointPath, beam: state.beam }, where);
};
