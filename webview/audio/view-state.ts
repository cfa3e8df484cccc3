/**
 * What the Audio view keeps across a hide or a window reload (`setState`): its view settings, and the
 * host's paths, which the host's serializer checks again before it reads anything there.
 */

export interface AudioViewState {
  audioPath?: string;
  checkpointPath?: string;
  beam: number;
  /** The gate maps' signal: h, c or a gate. */
  signal: string;
}

export const DEFAULT_AUDIO_VIEW_STATE: AudioViewState = { beam: 1, signal: 'h' };

/** A saved state, with anything missing or malformed replaced by the defaults. */
export function readAudioViewState(saved: unknown): AudioViewState {
  const state = typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);
  const beam = typeof state.beam === 'number' && Number.isInteger(state.beam) && state.beam >= 1 ? state.beam : 1;
  return {
    audioPath: text(state.audioPath),
    checkpointPath: text(state.checkpointPath),
    beam,
    signal: text(state.signal) ?? DEFAULT_AUDIO_VIEW_STATE.signal,
  };
}
