/**
 * Synthetic "recordings" for the speech-to-text tests: each character of a small alphabet is a distinct
 * pattern of log-mel bands held for a few frames (3–5, random), over noise, so a small model can learn
 * to transcribe them. Built as `AudioDataset`s, as the audio reader gives them.
 */

import type { AudioDataset, AudioExample, AudioFeatureSettings } from '../../../../src/data/audio/audio-dataset';
import { Random } from '../../../../src/engine/random';

export const ALPHABET = 'abcd ';
export const BANDS = 10;

export const SETTINGS: AudioFeatureSettings = {
  sampleRate: 16000,
  windowMs: 25,
  hopMs: 10,
  fftSize: 512,
  melBands: BANDS,
  normalization: 'recording',
  stackFrames: 1,
};

/** One recording of `text`: per character a silent frame, then 3–5 frames with its two bands raised; noise everywhere. */
export function syntheticExample(name: string, text: string, rng: Random): AudioExample {
  const rows: number[][] = [];
  const silence = () => Array.from({ length: BANDS }, () => -4 + 0.3 * rng.normal());
  rows.push(silence());
  for (const character of text) {
    // a frame of silence between characters, so "aa" is two sounds and not one long one
    rows.push(silence());
    const k = ALPHABET.indexOf(character);
    const frames = 3 + rng.int(3);
    for (let f = 0; f < frames; f++) {
      const row = silence();
      row[2 * k] += 4;
      row[2 * k + 1] += 4;
      rows.push(row);
    }
  }
  rows.push(silence());
  return {
    name,
    frames: rows.length,
    bands: BANDS,
    features: Float32Array.from(rows.flat()),
    transcript: text,
  };
}

/** A random transcript: 1–3 words of 1–3 letters from `abcd`. */
export function randomTranscript(rng: Random): string {
  const words = 1 + rng.int(3);
  return Array.from({ length: words }, () =>
    Array.from({ length: 1 + rng.int(3) }, () => ALPHABET[rng.int(4)]).join(''),
  ).join(' ');
}

export function syntheticDataset(count: number, seed: number, settings: AudioFeatureSettings = SETTINGS): AudioDataset {
  const rng = new Random(seed);
  const examples = Array.from({ length: count }, (_, i) => syntheticExample(`rec${i}.wav`, randomTranscript(rng), rng));
  return {
    listing: {
      root: '/data/speech',
      layout: 'pairs',
      entries: examples.map((e) => ({ path: `/data/speech/${e.name}`, name: e.name, transcript: e.transcript })),
      reason: 'pairs',
      warnings: [],
    },
    settings,
    examples,
    warnings: [],
  };
}
