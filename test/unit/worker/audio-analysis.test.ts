/**
 * The inference worker's `analyze-audio` on the bundled examples, with small models trained here: a
 * speech-to-text model's analysis of a recording (waveform, spectrogram, model steps, CTC alignment,
 * gates, transcript — greedy and with a beam) and an audio classifier's (a label, no alignment), every
 * array its own to transfer; a file that is no WAV and a model that does not read audio are one line
 * naming the file. Skipped when the examples have not been generated (scripts/setup-audio.sh).
 */

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingControl } from '../../../src/train/control';
import { prepareForTraining } from '../../../src/train/setup';
import { runTraining } from '../../../src/train/trainer';
import { handlerFor, type HandlerContext } from '../../../src/worker/inference/handlers';
import '../../../src/worker/inference/register-all';
import { melFrameCount } from '../../../src/data/audio/mel';
import { DEFAULT_AUDIO_FEATURES } from '../../../src/data/audio/feature-settings';
import type { TrainingConfig } from '../../../src/protocol/training-config';

const examples = join(__dirname, '../../../examples/audio');
const speech = join(examples, 'speech');
const digits = join(examples, 'digits');
const folder = mkdtempSync(join(tmpdir(), 'audio-analysis-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A small model trained briefly: enough to analyse with, not to be good. */
async function train(dataset: string, config: Partial<TrainingConfig> = {}): Promise<string> {
  const setup = await prepareForTraining(
    dataset,
    { epochs: 1, hiddenSize: 16, numLayers: 1, threads: 1, seed: 1, ...config },
    {},
  );
  const summary = await runTraining({
    setup: { ...setup, resumed: null },
    runsRoot: join(folder, 'runs'),
    control: new TrainingControl(),
    emit: () => undefined,
  });
  return join(summary.runDir, 'last.safetensors');
}

function analyze(checkpointPath: string, audioPath: string, beam = 1) {
  const transfer: ArrayBuffer[] = [];
  const context = { partial() {}, transfer, throwIfCancelled() {} } as unknown as HandlerContext<'analyze-audio'>;
  const answer = handlerFor('analyze-audio')!({ kind: 'analyze-audio', checkpointPath, audioPath, beam }, context);
  return Promise.resolve(answer).then((analysis) => ({ analysis, transfer }));
}

describe.skipIf(!existsSync(speech) || !existsSync(digits))('analyze-audio', () => {
  let speechModel = '';
  let digitsModel = '';
  const recording = join(
    speech,
    readdirSync(speech).find((name) => name.endsWith('.wav'))!,
  );
  beforeAll(async () => {
    speechModel = await train(speech, { bidirectional: true });
    digitsModel = await train(digits);
  }, 300_000);

  it('analyses a recording with a speech-to-text model: every view on the same model frames', async () => {
    const { analysis, transfer } = await analyze(speechModel, recording);
    const { samples, frames } = {
      samples: Math.round(analysis.durationSeconds * 16000),
      frames: analysis.spectrogram.frames,
    };
    expect(analysis.file).toBe(recording.split('/').at(-1));
    expect(analysis.sampleRate).toBe(16000);
    expect(frames).toBe(melFrameCount(samples, DEFAULT_AUDIO_FEATURES));
    expect(analysis.spectrogram.bands).toBe(DEFAULT_AUDIO_FEATURES.melBands);
    expect(analysis.spectrogram.values).toHaveLength(frames * analysis.spectrogram.bands);
    expect(analysis.spectrogram.frameMs).toBe(10);
    expect(analysis.waveform.min.length).toBe(Math.min(2000, samples));
    const stack = analysis.modelFrameMs / analysis.spectrogram.frameMs;
    expect(Number.isInteger(stack)).toBe(true);
    const steps = Math.floor(frames / stack);
    const alignment = analysis.alignment!;
    expect(alignment.frames).toBe(steps);
    expect(analysis.gates.steps).toBe(steps);
    expect(alignment.probabilities).toHaveLength(steps * alignment.symbols.length);
    // Index 0 is the blank (the view writes it as ·, whatever the task calls it).
    expect(alignment.symbols.length).toBeGreaterThan(2);
    for (let t = 0; t < steps; t++) {
      let sum = 0;
      for (let s = 0; s < alignment.symbols.length; s++)
        sum += alignment.probabilities[t * alignment.symbols.length + s];
      expect(sum).toBeCloseTo(1, 4);
    }
    expect(analysis.gates.bidirectional).toBe(true);
    expect(analysis.gates.gates.map((l) => l.direction)).toEqual(['forward', 'backward']);
    expect(analysis.recognition).toMatchObject({ kind: 'transcript', beam: 1 });
    if (analysis.recognition.kind === 'transcript') expect(analysis.recognition.nbest).toHaveLength(1);
    // Every array travels: the transfer list holds each buffer once, and each buffer is the array's own.
    expect(transfer).toHaveLength(3 + 2 + 2 * 6);
    expect(transfer.reduce((n, b) => n + b.byteLength, 0)).toBeLessThan(4 * 1024 * 1024);
    expect(alignment.probabilities.buffer.byteLength).toBe(alignment.probabilities.byteLength);
    console.log(
      `${analysis.file}: ${analysis.durationSeconds.toFixed(2)} s, ${frames} frames, ${steps} model steps of ${analysis.modelFrameMs} ms, "${analysis.recognition.kind === 'transcript' ? analysis.recognition.text : ''}" in ${analysis.computeMs.toFixed(0)} ms`,
    );
  }, 60_000);

  it('decodes with a prefix beam when asked, giving its n-best', async () => {
    const { analysis } = await analyze(speechModel, recording, 4);
    expect(analysis.recognition).toMatchObject({ kind: 'transcript', beam: 4 });
    if (analysis.recognition.kind !== 'transcript') return;
    expect(analysis.recognition.nbest.length).toBeGreaterThanOrEqual(1);
    expect(analysis.recognition.nbest.length).toBeLessThanOrEqual(4);
    const scores = analysis.recognition.nbest.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  }, 60_000);

  it('labels a recording with an audio classifier, without an alignment', async () => {
    const seven = join(digits, 'seven', readdirSync(join(digits, 'seven'))[0]);
    const { analysis, transfer } = await analyze(digitsModel, seven, 8);
    expect(analysis.alignment).toBeNull();
    expect(analysis.recognition.kind).toBe('audio-label');
    if (analysis.recognition.kind === 'audio-label') {
      expect(analysis.recognition.probabilities).toHaveLength(10);
      expect(analysis.recognition.probabilities[0].label).toBe(analysis.recognition.label);
    }
    expect(analysis.gates.outputs.kind).toBe('class-probabilities');
    expect(transfer).toHaveLength(3 + 6);
  }, 60_000);

  it('says in one line naming the file what is wrong with it, or with the model', async () => {
    await expect(analyze(speechModel, recording.replace(/\.wav$/, '.txt'))).rejects.toThrow(/^\d+\.txt: .*RIFF/);
    await expect(analyze(speechModel, join(folder, 'gone.wav'))).rejects.toThrow(/^gone\.wav: /);
    const text = join(folder, 'words.txt');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(text, 'the quick brown fox jumps over the lazy dog. '.repeat(40));
    const languageModel = await train(text, { maxSteps: 2 });
    await expect(analyze(languageModel, recording)).rejects.toThrow(
      'last.safetensors is a language model, which does not read audio: choose another model',
    );
  }, 120_000);
});
