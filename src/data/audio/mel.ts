/**
 * The log-mel spectrogram, defined exactly (the PyTorch export writes the same steps out, and
 * test/fixtures/golden/gen/mel_golden.py computes them in float64; docs/audio.md):
 *
 * 1. samples: float in [-1, 1], mono, 16 kHz. Frames of `window` = 400 samples (25 ms) every `hop` = 160
 *    (10 ms), without padding (torch.stft's `center=False`): frames = 1 + ⌊(N − 400) / 160⌋; a recording
 *    shorter than one window has no frame and is an error.
 * 2. Each frame times the periodic Hann window w[n] = 0.5 − 0.5·cos(2πn/400), zero-padded to n_fft = 512;
 *    power spectrum P[k] = |X[k]|², k = 0 … 256.
 * 3. Mel filterbank: the HTK scale mel(f) = 2595·log10(1 + f/700); `melBands` triangles whose edges are
 *    melBands + 2 points equally spaced in mel from 0 Hz to 8 000 Hz, bin k at k·8000/256 Hz, no area
 *    normalisation — torchaudio.functional.melscale_fbanks(257, 0, 8000, melBands, 16000, norm=None,
 *    mel_scale='htk').
 * 4. log(mel + 1e-6), natural log.
 * Normalisation and frame stacking come after, in model-input.ts.
 *
 * Work is float64 inside (the FFT, the filterbank sums) and float32 out. The FFT object, the window, the
 * filterbank and the frame buffers are built once per (window, FFT size, bands) and reused across
 * frames and calls: one minute of audio (5 998 frames) takes well under 200 ms.
 */

import FFT from 'fft.js';
import type { AudioFeatureSettings } from './audio-dataset';
import { frameSamples } from './feature-settings';

/** Added before the log so silence gives log(1e-6) ≈ −13.8, not −∞. */
export const LOG_MEL_FLOOR = 1e-6;

export interface LogMelSpectrogram {
  frames: number;
  bands: number;
  /** `[frames, bands]` log-mel values, not normalised. */
  values: Float32Array;
}

/** The sparse triangles: band m covers bins [start[m], start[m] + weights of m). */
interface MelFilterbank {
  bands: number;
  start: Int32Array;
  length: Int32Array;
  /** Each band's nonzero weights, band after band; `offset[m]` is where band m's start. */
  offset: Int32Array;
  weights: Float64Array;
}

function hzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

function melToHz(mel: number): number {
  return 700 * (Math.pow(10, mel / 2595) - 1);
}

/** The dense `[bins, bands]` filterbank, as torchaudio's melscale_fbanks computes it (float64). */
export function melFilterbankMatrix(
  bins: number,
  minHz: number,
  maxHz: number,
  bands: number,
  sampleRate: number,
): Float64Array {
  const nyquist = Math.floor(sampleRate / 2);
  const binHz = (k: number): number => (k * nyquist) / (bins - 1);
  const lowMel = hzToMel(minHz);
  const highMel = hzToMel(maxHz);
  const edges = new Float64Array(bands + 2);
  for (let i = 0; i < bands + 2; i++) edges[i] = melToHz(lowMel + ((highMel - lowMel) * i) / (bands + 1));
  const matrix = new Float64Array(bins * bands);
  for (let k = 0; k < bins; k++) {
    const f = binHz(k);
    for (let m = 0; m < bands; m++) {
      const down = (f - edges[m]) / (edges[m + 1] - edges[m]);
      const up = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
      matrix[k * bands + m] = Math.max(0, Math.min(down, up));
    }
  }
  return matrix;
}

function sparseFilterbank(bins: number, bands: number, sampleRate: number): MelFilterbank {
  const dense = melFilterbankMatrix(bins, 0, sampleRate / 2, bands, sampleRate);
  const start = new Int32Array(bands);
  const length = new Int32Array(bands);
  const offset = new Int32Array(bands);
  const weights: number[] = [];
  for (let m = 0; m < bands; m++) {
    let first = -1;
    let last = -1;
    for (let k = 0; k < bins; k++)
      if (dense[k * bands + m] > 0) {
        if (first < 0) first = k;
        last = k;
      }
    offset[m] = weights.length;
    if (first < 0) continue; // a band narrower than a bin: all zero, as in torchaudio
    start[m] = first;
    length[m] = last - first + 1;
    for (let k = first; k <= last; k++) weights.push(dense[k * bands + m]);
  }
  return { bands, start, length, offset, weights: Float64Array.from(weights) };
}

/** Everything one feature shape reuses across frames and recordings. */
interface MelAnalyser {
  window: number;
  hop: number;
  fftSize: number;
  fft: FFT;
  hann: Float64Array;
  filterbank: MelFilterbank;
  frame: Float64Array;
  spectrum: Float64Array;
  power: Float64Array;
}

const analysers = new Map<string, MelAnalyser>();

function analyserFor(settings: AudioFeatureSettings): MelAnalyser {
  const { window, hop } = frameSamples(settings);
  const key = `${settings.sampleRate}/${window}/${hop}/${settings.fftSize}/${settings.melBands}`;
  const cached = analysers.get(key);
  if (cached) return cached;
  const hann = new Float64Array(window);
  for (let n = 0; n < window; n++) hann[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / window);
  const bins = settings.fftSize / 2 + 1;
  const analyser: MelAnalyser = {
    window,
    hop,
    fftSize: settings.fftSize,
    fft: new FFT(settings.fftSize),
    hann,
    filterbank: sparseFilterbank(bins, settings.melBands, settings.sampleRate),
    frame: new Float64Array(settings.fftSize),
    spectrum: new Float64Array(2 * settings.fftSize),
    power: new Float64Array(bins),
  };
  analysers.set(key, analyser);
  return analyser;
}

/** Frames of a recording of `samples` samples: 1 + ⌊(N − window) / hop⌋, 0 when shorter than a window. */
export function melFrameCount(samples: number, settings: AudioFeatureSettings): number {
  const { window, hop } = frameSamples(settings);
  return samples < window ? 0 : 1 + Math.floor((samples - window) / hop);
}

/**
 * samples (N) → log-mel values (frames, bands). Throws a RangeError when the recording is shorter than
 * one window (callers that read files check `melFrameCount` first and say which file).
 */
export function logMelSpectrogram(samples: Float32Array, settings: AudioFeatureSettings): LogMelSpectrogram {
  const a = analyserFor(settings);
  const frames = melFrameCount(samples.length, settings);
  if (frames === 0)
    throw new RangeError(`a recording of ${samples.length} samples is shorter than one ${a.window}-sample window`);
  const { bands, start, length, offset, weights } = a.filterbank;
  const bins = a.fftSize / 2 + 1;
  const values = new Float32Array(frames * bands);
  const { frame, spectrum, power, hann } = a;
  for (let t = 0; t < frames; t++) {
    const from = t * a.hop;
    // frame (fftSize) ← samples[from … from + window) · hann, zero-padded; the tail stays zero.
    for (let n = 0; n < a.window; n++) frame[n] = samples[from + n] * hann[n];
    a.fft.realTransform(spectrum, frame);
    // power (bins) ← |X_k|² for k = 0 … fftSize/2 (realTransform fills these).
    for (let k = 0; k < bins; k++) {
      const re = spectrum[2 * k];
      const im = spectrum[2 * k + 1];
      power[k] = re * re + im * im;
    }
    // values[t] (bands) ← log(filterbank · power + floor)
    const row = t * bands;
    for (let m = 0; m < bands; m++) {
      let sum = 0;
      const first = start[m];
      const at = offset[m];
      for (let j = 0; j < length[m]; j++) sum += weights[at + j] * power[first + j];
      values[row + m] = Math.log(sum + LOG_MEL_FLOOR);
    }
  }
  return { frames, bands, values };
}
