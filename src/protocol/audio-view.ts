/**
 * The Audio view (a webview opened on a `.wav` by *Transcribe with LSTM* / *Classify with LSTM*): what the
 * inference worker answers to `analyze-audio` and what the view draws. Types only.
 */

import type { GateRecording } from './gate-recording';
import type { PredictionNotice } from './prediction-results';

/** What the model made of the recording. */
export type AudioRecognition =
  | {
      kind: 'audio-label';
      label: string;
      /** Every class, most likely first. */
      probabilities: { label: string; probability: number }[];
    }
  | {
      kind: 'transcript';
      text: string;
      /** Prefix beam search's hypotheses, best first (one with greedy decoding); score = log-probability. */
      nbest: { text: string; score: number }[];
      /** 1 = greedy (best path). */
      beam: number;
    };

/** Per model frame, the CTC output distribution: what the network hears, frame by frame. */
export interface CtcAlignment {
  /** The output symbols; index 0 is the CTC blank (shown as `·`). */
  symbols: string[];
  /** Model frames (after stacking). */
  frames: number;
  /** `[frames, symbols]` probabilities, row-major. */
  probabilities: Float32Array;
  /** The best path: the most likely symbol id per frame. */
  bestPath: Int32Array;
}

export interface AudioAnalysis {
  kind: 'audio-analysis';
  /** The file's base name. */
  file: string;
  sampleRate: number;
  durationSeconds: number;
  /** Min and max of the (16 kHz mono) samples per bucket, at most 2 000 buckets: the waveform's outline. */
  waveform: { min: Float32Array; max: Float32Array };
  /** `[frames, bands]` log-mel values as the model's features before normalisation; `frameMs` = the hop. */
  spectrogram: { frames: number; bands: number; values: Float32Array; frameMs: number };
  /** Milliseconds per model step (hop × stacked frames): the alignment's and the gates' time axis. */
  modelFrameMs: number;
  recognition: AudioRecognition;
  /** Speech to text only. */
  alignment: CtcAlignment | null;
  /** The recurrent layers' signals at every model step (the Gates panel's recording). */
  gates: GateRecording;
  notices: PredictionNotice[];
  computeMs: number;
}
