/**
 * The feature settings a run starts from, and the check of settings read from a checkpoint or given by
 * a user (a one-line problem naming the field).
 */

import type { AudioFeatureSettings } from './audio-dataset';

/** 16 kHz, 25 ms windows every 10 ms, 512-point FFT, 40 mel bands, per-recording normalisation, no stacking. */
export const DEFAULT_AUDIO_FEATURES: AudioFeatureSettings = {
  sampleRate: 16000,
  windowMs: 25,
  hopMs: 10,
  fftSize: 512,
  melBands: 40,
  normalization: 'recording',
  stackFrames: 1,
};

/** Window and hop in samples (400 and 160 at the defaults). */
export function frameSamples(settings: AudioFeatureSettings): { window: number; hop: number } {
  return {
    window: Math.round((settings.windowMs * settings.sampleRate) / 1000),
    hop: Math.round((settings.hopMs * settings.sampleRate) / 1000),
  };
}

/** Values per model step: mel bands × stacked frames. */
export function stepWidth(settings: AudioFeatureSettings): number {
  return settings.melBands * settings.stackFrames;
}

/** What is wrong with a set of feature settings, or null. */
export function checkAudioFeatureSettings(settings: AudioFeatureSettings): string | null {
  if (settings.sampleRate !== 16000) return `sampleRate must be 16000, not ${settings.sampleRate}`;
  const { window, hop } = frameSamples(settings);
  if (!(window >= 16)) return `windowMs ${settings.windowMs} is too short`;
  if (!(hop >= 1)) return `hopMs ${settings.hopMs} is too short`;
  const fft = settings.fftSize;
  if (!Number.isInteger(fft) || fft < window || (fft & (fft - 1)) !== 0)
    return `fftSize must be a power of two at least the window (${window} samples), not ${fft}`;
  if (!Number.isInteger(settings.melBands) || settings.melBands < 1 || settings.melBands > 128)
    return `melBands must be an integer from 1 to 128, not ${settings.melBands}`;
  if (settings.normalization !== 'recording' && settings.normalization !== 'global')
    return `normalization must be 'recording' or 'global', not '${String(settings.normalization)}'`;
  if (!Number.isInteger(settings.stackFrames) || settings.stackFrames < 1 || settings.stackFrames > 16)
    return `stackFrames must be an integer from 1 to 16, not ${settings.stackFrames}`;
  return null;
}
