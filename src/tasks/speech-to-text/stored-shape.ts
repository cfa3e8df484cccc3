/** What a speech-to-text checkpoint must store of its dataset, and whether it fits the model. */

import type { DatasetMetadata } from '../../data/dataset-metadata';
import type { ModelConfig } from '../../engine/config';

/** The symbols (blank first) and the audio settings, each well formed; a problem in words, or null. */
export function checkSpeechMetadata(dataset: DatasetMetadata): string | null {
  const symbols = dataset.symbols;
  if (!Array.isArray(symbols) || symbols.length < 2 || !symbols.every((s) => typeof s === 'string'))
    return 'a speech-to-text model needs its output symbols (`symbols`: the blank, then at least one character)';
  if (new Set(symbols).size !== symbols.length) return 'the stored symbols repeat a character';
  const audio = dataset.audio;
  if (!audio || typeof audio !== 'object') return 'a speech-to-text model needs its audio feature settings (`audio`)';
  for (const key of ['sampleRate', 'windowMs', 'hopMs', 'fftSize', 'melBands', 'stackFrames'] as const) {
    const value = audio[key];
    if (typeof value !== 'number' || !(value > 0))
      return `audio.${key} must be a positive number, got ${String(value)}`;
  }
  if (!Number.isInteger(audio.melBands) || !Number.isInteger(audio.stackFrames))
    return 'audio.melBands and audio.stackFrames must be integers';
  if (audio.normalization !== 'recording' && audio.normalization !== 'global')
    return `audio.normalization must be 'recording' or 'global', got ${String(audio.normalization)}`;
  return null;
}

/** The head writes one output per symbol, the first layer reads melBands × stackFrames, CTC on every step. */
export function checkSpeechShape(
  dataset: DatasetMetadata,
  _vocabularySize: number | null,
  config: ModelConfig,
): string | null {
  const symbols = dataset.symbols!;
  const audio = dataset.audio!;
  if (config.loss !== 'ctc' || config.headOn !== 'every')
    return "a speech-to-text model scores every step with CTC (loss 'ctc', headOn 'every')";
  if (config.outputSize !== symbols.length)
    return `the model writes ${config.outputSize} symbols but the dataset stores ${symbols.length}`;
  const width = audio.melBands * audio.stackFrames;
  if (config.vocabSize !== 0 || config.inputSize !== width)
    return `the model reads ${config.inputSize} features per step, but ${audio.melBands} mel bands × ${audio.stackFrames} stacked frames make ${width}`;
  return null;
}
