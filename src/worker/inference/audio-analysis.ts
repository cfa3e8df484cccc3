/**
 * `analyze-audio`: one recording through a model that reads audio, for the Audio view. The WAV is decoded
 * to 16 kHz mono, turned into log-mel frames and model steps exactly as the checkpoint's `dataset.audio`
 * says (settings and, for global normalisation, the training set's statistics), run once with its gates
 * recorded, and handed to the model's task (`use.audio.recognize`) for the transcript or the label and
 * the CTC alignment. The waveform's outline and the spectrogram come from the same samples. Every array
 * of the answer is its own and is transferred, not copied. A bad file or a model that does not read
 * audio is one line naming it.
 */

import { basename } from 'node:path';
import type { Batch } from '../../engine/batch';
import { logMelSpectrogram } from '../../data/audio/mel';
import { modelSteps } from '../../data/audio/model-input';
import { storedAudioOf } from '../../data/audio/stored-audio';
import { decodeWavFile } from '../../data/audio/wav';
import { MAX_RECORDED_STEPS, recordGates } from '../../inference/gate-recording';
import type { AudioAnalysis, CtcAlignment } from '../../protocol/audio-view';
import { analysisBuffers } from '../../protocol/audio-view-panel';
import type { PredictionNotice } from '../../protocol/prediction-results';
import { getTask } from '../../tasks';
import { registerHandler } from './handlers';
import { predictorFor } from './model-cache';
import { waveformOutline } from './waveform-outline';

registerHandler('analyze-audio', async ({ checkpointPath, audioPath, beam }, context) => {
  const started = performance.now();
  const file = basename(audioPath);
  const model = basename(checkpointPath);
  const predictor = await predictorFor(checkpointPath);
  const task = getTask(predictor.encoder.task);
  const audio = task.use.audio;
  if (!audio) throw new Error(`${model} is ${task.modelNoun}, which does not read audio: choose another model`);
  const stored = storedAudioOf(predictor.encoder.dataset);
  if (!stored.ok) throw new Error(`${model}: ${stored.problem}`);
  const decoded = await decodeWavFile(audioPath);
  if (!decoded.ok) throw new Error(decoded.error.message);
  context.throwIfCancelled();
  const { samples, sampleRate, durationSeconds } = decoded.value;

  const spectrogram = logMelSpectrogram(samples, stored.settings);
  const input = modelSteps(spectrogram.values, spectrogram.frames, stored.settings, stored.normalization);
  if (input.steps < 1)
    throw new Error(`${file}: ${durationSeconds.toFixed(2)} s is too short for one step of this model`);
  const notices: PredictionNotice[] = [];
  // The gate maps of a long recording would be hundreds of megabytes: its first steps are analysed.
  const steps = Math.min(input.steps, MAX_RECORDED_STEPS);
  const width = input.values.length / input.steps;
  if (steps < input.steps)
    notices.push({
      level: 'info',
      message: `only the first ${steps} of ${input.steps} model steps are analysed (${((steps * hopMs(stored.settings)) / 1000).toFixed(1)} s)`,
    });
  const features = input.values.slice(0, steps * width);
  // features (1, T, D): one recording, no padding.
  const batch: Batch = { batchSize: 1, steps, features };
  const gates = recordGates(
    predictor,
    batch,
    { kind: 'rows', label: file, notes: [] },
    task.use.gateOutputs,
    checkpointPath,
  );
  context.throwIfCancelled();
  const { recognition, alignment } = audio.recognize(predictor, features, steps, { beam: Math.max(1, beam) });

  const analysis: AudioAnalysis = {
    kind: 'audio-analysis',
    file,
    sampleRate,
    durationSeconds,
    waveform: waveformOutline(samples),
    spectrogram: {
      frames: spectrogram.frames,
      bands: spectrogram.bands,
      values: spectrogram.values.slice(),
      frameMs: stored.settings.hopMs,
    },
    modelFrameMs: hopMs(stored.settings),
    recognition,
    alignment: alignment && ownAlignment(alignment),
    gates,
    notices,
    computeMs: performance.now() - started,
  };
  context.transfer.push(...analysisBuffers(analysis));
  return analysis;
});

/** Milliseconds per model step: the hop times the frames stacked into one step. */
function hopMs(settings: { hopMs: number; stackFrames: number }): number {
  return settings.hopMs * settings.stackFrames;
}

/**
 * The alignment with arrays of its own: the task may hand back views into its model's workspaces, and a
 * transferred buffer is gone from the worker.
 */
function ownAlignment(alignment: CtcAlignment): CtcAlignment {
  return { ...alignment, probabilities: alignment.probabilities.slice(), bestPath: alignment.bestPath.slice() };
}
