/**
 * Host ↔ Audio view webview (one panel per `.wav`). The host owns what is analysed — the recording, the
 * model, the beam — and keeps the last analysis; the view sends `ready` when it loads and gets the
 * `subject` and the last `analysis` back (a hidden or reloaded view redraws at once, without asking the
 * worker again). The view asks for another decoding with `analyze {beam}`; no path ever comes from it.
 * Typed arrays travel as ArrayBuffer-backed views.
 */

import type { AudioAnalysis, AudioRecognition } from './audio-view';

/** What the view shows of the model's answer: a transcript (speech to text) or a label (audio classification). */
export type AudioRecognitionKind = AudioRecognition['kind'];

/** The widest prefix beam the view offers (1 = greedy best path). */
export const MAX_AUDIO_BEAM = 64;

/** What the panel is about: the recording, the model, and where the webview may load the audio from. */
export interface AudioViewSubject {
  /** The recording's base name (`seven_03.wav`). */
  file: string;
  /** The `.wav` as a webview resource URI (`asWebviewUri`), for the `<audio>` element. */
  audioUri: string;
  /** `best.safetensors · 20261207-051500-speech`. */
  model: string;
  /** The task in the header: `speech to text`, `audio classification`. */
  taskName: string;
  recognition: AudioRecognitionKind;
  /** For the serializer only (the webview saves them; the host checks them again before reading anything). */
  audioPath: string;
  checkpointPath: string;
}

export type HostToAudioView =
  | { type: 'subject'; subject: AudioViewSubject }
  /** An analysis started (the view shows progress and keeps the last one drawn). */
  | { type: 'busy'; beam: number }
  | { type: 'analysis'; beam: number; analysis: AudioAnalysis }
  /** One line naming the file: not a WAV, a model that does not read audio, … */
  | { type: 'error'; message: string };

export type AudioViewToHost =
  | { type: 'ready' }
  /** Decode again with this beam width (1 = greedy). */
  | { type: 'analyze'; beam: number }
  /** Choose another model (a quick pick on the host). */
  | { type: 'choose-model' };

/** Every transferable buffer of an analysis (for a transfer list; the gates' buffers included). */
export function analysisBuffers(analysis: AudioAnalysis): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [
    analysis.waveform.min.buffer as ArrayBuffer,
    analysis.waveform.max.buffer as ArrayBuffer,
    analysis.spectrogram.values.buffer as ArrayBuffer,
  ];
  if (analysis.alignment)
    buffers.push(
      analysis.alignment.probabilities.buffer as ArrayBuffer,
      analysis.alignment.bestPath.buffer as ArrayBuffer,
    );
  for (const layer of analysis.gates.gates)
    for (const signal of layer.signals) buffers.push(signal.values.buffer as ArrayBuffer);
  return [...new Set(buffers)];
}
