/**
 * `lstm-studio predict ckpt --audio file.wav`: the recording decoded (16 kHz mono), turned into log-mel
 * frames and model steps exactly as the checkpoint's `dataset.audio` says, and handed to the task's
 * `use.audio.recognize`. Prints `{"label", "probabilities"}` (a classifier) or `{"text", "nbest"}`
 * (speech to text), or the same in words.
 */

import { logMelSpectrogram, melFrameCount } from '../data/audio/mel';
import { modelSteps } from '../data/audio/model-input';
import { storedAudioOf } from '../data/audio/stored-audio';
import { decodeWavFile } from '../data/audio/wav';
import type { Predictor } from '../inference/predictor';
import { getTask } from '../tasks';

export async function predictRecording(
  predictor: Predictor,
  path: string,
  beam: number,
): Promise<{ json: object; text: string }> {
  const task = getTask(predictor.encoder.task);
  if (!task.use.audio)
    throw new Error(`--audio needs a model that hears recordings; this checkpoint is ${task.modelNoun}`);
  const audio = storedAudioOf(predictor.encoder.dataset);
  if (!audio.ok) throw new Error(`checkpoint: ${audio.problem}`);
  const decoded = await decodeWavFile(path);
  if (!decoded.ok) throw new Error(decoded.error.message);
  if (melFrameCount(decoded.value.samples.length, audio.settings) === 0)
    throw new Error(`${path}: the recording is shorter than one ${audio.settings.windowMs} ms window`);
  const mel = logMelSpectrogram(decoded.value.samples, audio.settings);
  const { steps, values } = modelSteps(mel.values, mel.frames, audio.settings, audio.normalization);
  if (steps === 0) throw new Error(`${path}: the recording is too short for one model step`);
  const { recognition } = task.use.audio.recognize(predictor, values, steps, { beam });
  if (recognition.kind === 'audio-label') {
    const { label, probabilities } = recognition;
    const text = [label, ...probabilities.map((p) => `  ${p.label}: ${(p.probability * 100).toFixed(1)} %`)].join('\n');
    return { json: { task: task.id, label, probabilities }, text };
  }
  const { text, nbest } = recognition;
  return {
    json: { task: task.id, text, nbest },
    text: [text, ...nbest.slice(1).map((h) => `  ${h.text} (${h.score.toFixed(2)})`)].join('\n'),
  };
}
