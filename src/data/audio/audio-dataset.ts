/**
 * Audio datasets, types only: a folder of recordings becomes a listing (which file, which label or
 * transcript), then examples of log-mel frames. The audio reader (wav.ts, mel.ts, audio-listing.ts)
 * fills them; the audio tasks (src/tasks/audio-classification/, src/tasks/speech-to-text/) read them.
 */

/** How recordings become model steps; stored in the checkpoint (`dataset.audio`) so prediction matches training. */
export interface AudioFeatureSettings {
  /** Every recording is mixed down to mono and resampled to this rate (16 000). */
  sampleRate: number;
  /** Analysis window (25 ms, a Hann window) and hop (10 ms) between frames. */
  windowMs: number;
  hopMs: number;
  /** FFT length in samples (the window zero-padded to it: 512 at 16 kHz). */
  fftSize: number;
  /** Mel bands of the log-mel spectrogram (40–80). */
  melBands: number;
  /** `recording`: each recording's bands z-scored by its own statistics; `global`: by the training set's (stored). */
  normalization: 'recording' | 'global';
  /** Consecutive frames stacked into one model step, which also strides by as many (1 = every frame a step). */
  stackFrames: number;
}

/** Where the labels or transcripts of a folder come from. */
export type AudioLayout =
  /** One subfolder per label holding `.wav` files (the Speech Commands layout): audio classification. */
  | 'label-folders'
  /** A CSV/TSV/JSON Lines manifest with a path column and a text column: speech to text. */
  | 'manifest'
  /** `name.wav` beside `name.txt` holding its transcript: speech to text. */
  | 'pairs';

/** One recording of a listing. */
export interface AudioEntry {
  /** Absolute path of the `.wav`. */
  path: string;
  /** Path relative to the dataset's root, for messages and examples. */
  name: string;
  /** Its label (label folders). */
  label?: string;
  /** Its transcript (manifest, pairs). */
  transcript?: string;
}

/** What a dataset folder (or manifest file) holds, before any audio is decoded. */
export interface AudioListing {
  /** The folder, or the manifest file, the user chose. */
  root: string;
  layout: AudioLayout;
  entries: AudioEntry[];
  /** Why this layout, in words: "12 subfolders of .wav files (620 recordings): one label per folder". */
  reason: string;
  warnings: string[];
}

/** One recording as frames. */
export interface AudioExample {
  name: string;
  /** Frames (before stacking) and bands. */
  frames: number;
  bands: number;
  /** `[frames, bands]` log-mel values, not normalised. */
  features: Float32Array;
  label?: string;
  transcript?: string;
}

/** A listing decoded: every recording as log-mel frames, in the listing's order. */
export interface AudioDataset {
  listing: AudioListing;
  settings: AudioFeatureSettings;
  examples: AudioExample[];
  /** Recordings that could not be read are skipped with a warning naming the file (all unreadable is an error). */
  warnings: string[];
}
