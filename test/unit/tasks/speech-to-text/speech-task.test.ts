/**
 * The speech-to-text task: transcripts → symbols, preparation from an AudioDataset (split, batches with
 * target lengths, skipping recordings too short for their transcripts), the stored-dataset checks, and a
 * short training on synthetic recordings (test/unit/tasks/speech-to-text/synthetic-speech.ts) that
 * reaches a low character error rate on the held-out recordings, decoded greedily by the task's metric
 * and by prefix beam search through `audio.recognize`.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AudioDataset, AudioFeatureSettings } from '../../../../src/data/audio/audio-dataset';
import { modelSteps } from '../../../../src/data/audio/model-input';
import { storedAudioOf, type StoredAudioFeatures } from '../../../../src/data/audio/stored-audio';
import type { DatasetMetadata } from '../../../../src/data/dataset-metadata';
import type { ResolvedOptions } from '../../../../src/data/prepare';
import { createModel } from '../../../../src/engine/create-model';
import { createOptimizer } from '../../../../src/engine/optimizers';
import { Random } from '../../../../src/engine/random';
import { trainStep } from '../../../../src/engine/train-step';
import type { Predictor } from '../../../../src/inference/predictor';
import { evaluateWithExamples } from '../../../../src/train/evaluate';
import { saveModelCheckpoint } from '../../../../src/train/model-checkpoint';
import { loadPredictor } from '../../../../src/worker/inference/load-predictor';
import { getTask, taskByName } from '../../../../src/tasks';
import { DEFAULT_AUDIO_FEATURES } from '../../../../src/data/audio/feature-settings';
import {
  buildTranscriptSymbols,
  ctcFramesNeeded,
  normalizeTranscript,
} from '../../../../src/tasks/speech-to-text/transcript-symbols';
import { BANDS, SETTINGS, syntheticDataset, syntheticExample } from './synthetic-speech';

const OPTIONS: ResolvedOptions = {
  validationFraction: 0.2,
  seed: 1,
  tokenUnit: 'char',
  maxVocabulary: 1000,
  truncationKeeps: 'start',
  horizon: 1,
  sourceTokens: 'auto',
  targetTokens: 'auto',
};

const task = getTask('speech-to-text');
const audio = task.training.audio!;

describe('transcripts and symbols', () => {
  it('normalises case and spacing, and puts the blank first', () => {
    expect(normalizeTranscript('  Hello\tWORLD \n')).toBe('hello world');
    expect(buildTranscriptSymbols(['ba', 'a c'])).toEqual(['·', ' ', 'a', 'b', 'c']);
  });

  it('counts the frames CTC needs: a blank between doubled letters', () => {
    expect(ctcFramesNeeded([1, 2, 3])).toBe(3);
    expect(ctcFramesNeeded([1, 1, 2, 2, 2])).toBe(8);
  });

  it('is found by its CLI names and scores transcribed listings only', () => {
    expect(taskByName('speech')?.id).toBe('speech-to-text');
    expect(taskByName('speech-to-text')?.id).toBe('speech-to-text');
    const dataset = syntheticDataset(3, 1);
    expect(audio.score(dataset.listing)!.score).toBeGreaterThan(1);
    expect(audio.score({ ...dataset.listing, layout: 'label-folders' })).toBeNull();
  });

  it('stacks frames with stride k and z-scores each band per recording', () => {
    const features = Float32Array.from([1, 10, 3, 10, 5, 10, 7, 10, 9, 10]); // 5 frames × 2 bands
    const settings = { ...DEFAULT_AUDIO_FEATURES, melBands: 2, normalization: 'recording' as const, stackFrames: 2 };
    const { steps, values } = modelSteps(features, 5, settings, null);
    expect(steps).toBe(2);
    const std = Math.sqrt(8);
    expect(Array.from(values)).toEqual([-4 / std, 0, -2 / std, 0, 0, 0, 2 / std, 0].map((v) => Math.fround(v)));
  });
});

describe('preparing speech to text', () => {
  it('splits by recording and batches features with lengths, targets with target lengths', () => {
    const prepared = audio.prepare(syntheticDataset(50, 2), OPTIONS);
    if (!prepared.ok) throw new Error(prepared.error.message);
    const p = prepared.value;
    expect(p.model).toMatchObject({ vocabSize: 0, inputSize: 10, outputSize: 6, loss: 'ctc', headOn: 'every' });
    expect(p.summary.sizes).toMatchObject({ unit: 'examples', total: 50, train: 40, validation: 10 });
    expect(p.checkpoint.dataset.symbols).toEqual(['·', ' ', 'a', 'b', 'c', 'd']);
    const batch = p.makeTrainBatcher(8, 100, new Random(3)).nextBatch()!;
    expect(batch.batchSize).toBe(8);
    expect(batch.features!.length).toBe(8 * batch.steps * 10);
    const S = batch.targets.length / 8;
    expect(Math.max(...batch.targetLengths!)).toBe(S);
    for (let b = 0; b < 8; b++) expect(batch.lengths![b]).toBeGreaterThanOrEqual(batch.targetLengths![b]);
    expect(p.makeValidationBatches(4, 100).reduce((n, b) => n + b.batchSize, 0)).toBe(10);
  });

  it('skips a recording too short for its transcript with a warning naming it; all too short is an error', () => {
    const dataset = syntheticDataset(10, 4);
    // "aa" needs 3 frames (a blank between); 2 frames cannot hold it
    dataset.examples.push({
      name: 'short.wav',
      frames: 2,
      bands: 10,
      features: new Float32Array(20),
      transcript: 'aa',
    });
    const prepared = audio.prepare(dataset, OPTIONS);
    if (!prepared.ok) throw new Error(prepared.error.message);
    expect(prepared.value.summary.sizes.total).toBe(10);
    expect(prepared.value.summary.warnings.join('\n')).toMatch(/1 recording\(s\) too short.*short\.wav/);
    const allShort: AudioDataset = {
      ...dataset,
      examples: [0, 1].map((i) => ({
        name: `s${i}.wav`,
        frames: 1,
        bands: 10,
        features: new Float32Array(10),
        transcript: 'ab',
      })),
    };
    const refused = audio.prepare(allShort, OPTIONS);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/no recording is long enough.*s0\.wav, s1\.wav/);
  });

  it('checks what a checkpoint stores against the model', () => {
    const dataset = { symbols: ['·', 'a', 'b'], audio: SETTINGS } as unknown as DatasetMetadata;
    expect(task.training.checkDatasetMetadata(dataset)).toBeNull();
    expect(task.training.checkDatasetMetadata({ ...dataset, symbols: ['·'] })).toMatch(/output symbols/);
    expect(task.training.checkDatasetMetadata({ ...dataset, audio: undefined })).toMatch(/audio feature settings/);
    const config = createModel({ inputSize: 10, outputSize: 3, headOn: 'every', loss: 'ctc' }, 1).config;
    expect(task.training.checkModelShape(dataset, null, config)).toBeNull();
    expect(task.training.checkModelShape(dataset, null, { ...config, outputSize: 4 })).toMatch(/4 symbols/);
    expect(task.training.checkModelShape(dataset, null, { ...config, inputSize: 20 })).toMatch(/10 mel bands/);
  });
});

describe('training speech to text on synthetic recordings', () => {
  it('reaches a low character error rate on held-out recordings (greedy and beam), evaluated as a run is', () => {
    const prepared = audio.prepare(syntheticDataset(240, 5), OPTIONS);
    if (!prepared.ok) throw new Error(prepared.error.message);
    const p = prepared.value;
    const model = createModel({ ...p.model, hiddenSize: 32, numLayers: 1, bidirectional: true, init: 'pytorch' }, 7);
    const optimizer = createOptimizer(model.parameters(), { kind: 'adam', lr: 1e-2 });
    const batcher = p.makeTrainBatcher(16, 400, new Random(8));
    const stored = { dataset: p.checkpoint.dataset as DatasetMetadata, vocab: null, normalization: null };
    const context = { task: task.id, stored };
    const evaluateNow = (batchSize = 16) =>
      evaluateWithExamples(model, p.makeValidationBatches(batchSize, 400), context);
    const before = evaluateNow().metrics;
    const EPOCHS = 20;
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      batcher.startEpoch();
      for (let batch = batcher.nextBatch(); batch; batch = batcher.nextBatch())
        trainStep(model, batch, optimizer, { clipNorm: 5 });
    }
    const { metrics, examples } = evaluateNow();
    // evaluate() weighs each batch's CTC mean by its sequences: any batching gives the same loss
    expect(evaluateNow(7).metrics.loss).toBeCloseTo(evaluateNow(1000).metrics.loss, 5);
    console.log(
      `speech to text, ${EPOCHS} epochs: loss ${before.loss.toFixed(3)} → ${metrics.loss.toFixed(3)}, ` +
        `CER ${before.charErrorRate!.toFixed(3)} → ${metrics.charErrorRate!.toFixed(3)}, WER ${metrics.wordErrorRate!.toFixed(3)}`,
    );
    expect(metrics.charErrorRate).toBeLessThan(0.05);
    expect(metrics.wordErrorRate).toBeLessThan(0.15);
    // eval --beam 8: the metrics from prefix beam search
    const beamed = evaluateWithExamples(model, p.makeValidationBatches(16, 400), { ...context, beam: 8 });
    expect(beamed.metrics.loss).toBe(metrics.loss);
    expect(beamed.metrics.charErrorRate).toBeLessThan(0.05);
    console.log(
      `beam 8: CER ${beamed.metrics.charErrorRate!.toFixed(3)}, WER ${beamed.metrics.wordErrorRate!.toFixed(3)}`,
    );
    expect(examples!.length).toBe(8);
    expect(examples![0].reference.length).toBeGreaterThan(0);

    // audio.recognize: beam search agrees with the reference on a fresh recording
    const predictor = { model, encoder: { dataset: stored.dataset } } as unknown as Predictor;
    const example = syntheticExample('new.wav', 'bad cab', new Random(99));
    const steps = modelSteps(example.features, example.frames, SETTINGS, null);
    const greedy = task.use.audio!.recognize(predictor, steps.values, steps.steps, { beam: 1 });
    const beam = task.use.audio!.recognize(predictor, steps.values, steps.steps, { beam: 8 });
    expect(greedy.recognition).toMatchObject({ kind: 'transcript', text: 'bad cab', beam: 1 });
    expect(beam.recognition).toMatchObject({ kind: 'transcript', text: 'bad cab', beam: 8 });
    if (beam.recognition.kind === 'transcript') expect(beam.recognition.nbest.length).toBeGreaterThan(1);
    expect(beam.alignment!.frames).toBe(steps.steps);
    expect(beam.alignment!.probabilities.length).toBe(steps.steps * 6);
  }, 120_000);
});

describe('global normalisation of a speech model', () => {
  it('is stored with the feature settings (dataset.audio), where prediction reads it after a save and load', async () => {
    const settings: AudioFeatureSettings = { ...SETTINGS, normalization: 'global' };
    const prepared = audio.prepare(syntheticDataset(30, 6, settings), OPTIONS);
    if (!prepared.ok) throw new Error(prepared.error.message);
    const p = prepared.value;
    expect(p.checkpoint.normalization).toBeNull();
    const stored = p.checkpoint.dataset.audio as StoredAudioFeatures;
    expect(stored.normalization).toBe('global');
    expect(stored.globalNormalization!.mean).toHaveLength(BANDS);
    expect(stored.globalNormalization!.std).toHaveLength(BANDS);

    const model = createModel({ ...p.model, hiddenSize: 8, numLayers: 1, bidirectional: true, init: 'pytorch' }, 3);
    const dataset = {
      ...p.checkpoint.dataset,
      format: 'lstm-studio-dataset/1',
      file: 'speech',
      fingerprint: 'sha256:0',
      fileFormat: 'audio',
      kind: 'audio',
      task: 'speech-to-text',
      columns: {},
    };
    const folder = mkdtempSync(join(tmpdir(), 'speech-global-'));
    try {
      const path = join(folder, 'model.safetensors');
      await saveModelCheckpoint(path, model, {
        metadata: { config: model.config, dataset: dataset as DatasetMetadata, vocab: null, normalization: null },
      });
      const predictor = await loadPredictor(path);
      const read = storedAudioOf(predictor.encoder.dataset);
      if (!read.ok) throw new Error(read.problem);
      expect(read.normalization).toEqual(stored.globalNormalization);

      // The loaded model transcribes with the stored statistics exactly as the trained one did.
      const example = syntheticExample('new.wav', 'bad cab', new Random(5));
      const steps = modelSteps(example.features, example.frames, read.settings, read.normalization);
      const expected = modelSteps(example.features, example.frames, settings, stored.globalNormalization!);
      expect(Array.from(steps.values)).toEqual(Array.from(expected.values));
      const inMemory = { model, encoder: { dataset } } as unknown as Predictor;
      const loaded = task.use.audio!.recognize(predictor, steps.values, steps.steps, { beam: 1 });
      const direct = task.use.audio!.recognize(inMemory, expected.values, expected.steps, { beam: 1 });
      expect(loaded.alignment!.probabilities).toEqual(direct.alignment!.probabilities);

      // evaluation of a labelled set reads the same place
      const evaluation = audio.prepareEvaluation(
        syntheticDataset(5, 7, settings),
        { dataset: predictor.encoder.dataset, vocab: null, normalization: null },
        { unknownLabels: 'skip' },
      );
      expect(evaluation.ok).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
