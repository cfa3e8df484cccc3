/**
 * Audio classification as a user meets it: a folder of label folders (the bundled spoken digits, made by
 * scripts/setup-audio.sh with espeak-ng) is detected, trained by the real trainer to well above chance,
 * and the CLI trains, predicts a .wav and evaluates a folder. Skipped when the examples have not been
 * generated (espeak-ng missing).
 */

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createProgram } from '../../../src/cli/program';
import type { TrainingEvent } from '../../../src/protocol/training-events';
import { prepareDatasetFile } from '../../../src/tasks/prepare-dataset';
import { TrainingControl } from '../../../src/train/control';
import { prepareForTraining } from '../../../src/train/setup';
import { runTraining } from '../../../src/train/trainer';
import { startInProcessJob } from '../../../src/worker/in-process-job';
import { describeTrainingData, PreparedDataCache } from '../../../src/worker/training-job';
import { loadPredictor } from '../../../src/worker/inference/load-predictor';
import { recordGates } from '../../../src/inference/gate-recording';
import { decodeWavFile } from '../../../src/data/audio/wav';
import { logMelSpectrogram } from '../../../src/data/audio/mel';
import { modelSteps } from '../../../src/data/audio/model-input';
import { storedAudioOf } from '../../../src/data/audio/stored-audio';
import { audioClassOutputs } from '../../../src/tasks/audio-classification/gate-outputs';

const digits = join(__dirname, '../../../examples/audio/digits');
const folder = mkdtempSync(join(tmpdir(), 'audio-task-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function cli(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    const program = createProgram({ startTrainingJob: startInProcessJob });
    program.exitOverride();
    await program.parseAsync(args, { from: 'user' });
  } finally {
    log.mockRestore();
  }
  return lines;
}

describe.skipIf(!existsSync(digits))('audio classification on the bundled spoken digits', () => {
  it('detects label folders as audio classification, with the mean head and a split keeping every class', async () => {
    const prepared = await prepareDatasetFile(digits, { seed: 1 });
    if (!prepared.ok) throw new Error(prepared.error.message);
    const p = prepared.value;
    expect(p.task).toBe('audio-classification');
    expect(p.summary.reason).toMatch(/^10 subfolders of \.wav files \(160 recordings\): one label per folder/);
    expect(p.model).toMatchObject({ inputSize: 80, outputSize: 10, headOn: 'mean', loss: 'softmax-ce' });
    expect(p.summary.classBalance!.validation.every((c) => c.count > 0)).toBe(true);
    expect(p.checkpoint.dataset.classes).toEqual([
      'eight',
      'five',
      'four',
      'nine',
      'one',
      'seven',
      'six',
      'three',
      'two',
      'zero',
    ]);
    expect(p.checkpoint.dataset.audio).toMatchObject({ melBands: 40, stackFrames: 2, normalization: 'recording' });
    expect(p.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  }, 60_000);

  it('trains well above chance (10 %) in a short run', async () => {
    const setup = await prepareForTraining(digits, { epochs: 12, threads: 1, seed: 1, validationFraction: 0.25 }, {});
    const events: TrainingEvent[] = [];
    const summary = await runTraining({
      setup: { ...setup, resumed: null },
      runsRoot: join(folder, 'runs'),
      control: new TrainingControl(),
      emit: (e) => events.push(e),
    });
    expect(summary.status).toBe('finished');
    console.log(`digits: validation accuracy ${summary.final?.accuracy} after ${summary.final && 12} epochs`);
    expect(summary.final!.accuracy!).toBeGreaterThan(0.5);
  }, 300_000);

  it('the CLI trains on the folder, predicts a .wav and evaluates the folder', async () => {
    const out = join(folder, 'cli-runs');
    const trained = await cli([
      'train',
      digits,
      '--task',
      'audio',
      '--epochs',
      '6',
      '--threads',
      '1',
      '--json',
      '--out',
      out,
    ]);
    const summary = JSON.parse(trained[trained.length - 1]);
    const started = trained.map((line) => JSON.parse(line)).find((event) => event.type === 'run-started');
    expect(started.dataset.summary.task).toBe('audio-classification');
    expect(summary.final.accuracy).toBeGreaterThan(0.3);
    const checkpoint = join(summary.runDir, 'best.safetensors');
    const predicted = JSON.parse(
      (await cli(['predict', checkpoint, '--audio', join(digits, 'seven', 'en-us-140.wav'), '--json']))[0],
    );
    expect(predicted.task).toBe('audio-classification');
    expect(predicted.probabilities).toHaveLength(10);
    expect(predicted.label).toBe(predicted.probabilities[0].label);
    const total = predicted.probabilities.reduce((sum: number, p: { probability: number }) => sum + p.probability, 0);
    expect(total).toBeCloseTo(1, 5);
    // The Gates panel's output band: the class probabilities had the recording ended at each step; the
    // last step's are the model's answer.
    const predictor = await loadPredictor(checkpoint);
    const audio = storedAudioOf(predictor.encoder.dataset);
    const wav = await decodeWavFile(join(digits, 'seven', 'en-us-140.wav'));
    if (!audio.ok || !wav.ok) throw new Error('unreadable');
    const mel = logMelSpectrogram(wav.value.samples, audio.settings);
    const { steps, values } = modelSteps(mel.values, mel.frames, audio.settings, audio.normalization);
    const batch = { batchSize: 1, steps, features: values, lengths: Int32Array.of(steps) };
    const recording = recordGates(predictor, batch, { kind: 'rows', label: 'seven', notes: [] }, audioClassOutputs);
    expect(recording.tokens.slice(0, 3)).toEqual(['0.00 s', '0.02 s', '0.04 s']); // 2 stacked 10 ms frames a step
    const outputs = recording.outputs;
    if (outputs.kind !== 'class-probabilities') throw new Error(outputs.kind);
    const last = Array.from(outputs.probabilities.subarray((steps - 1) * 10, steps * 10));
    for (const { label, probability } of predicted.probabilities)
      expect(last[outputs.classes.indexOf(label)]).toBeCloseTo(probability, 5);
    const evaluated = JSON.parse((await cli(['eval', checkpoint, digits, '--json']))[0]);
    expect(evaluated.task).toBe('audio-classification');
    expect(evaluated.accuracy).toBeGreaterThan(0.3);
    console.log(`CLI: validation accuracy ${summary.final.accuracy}, eval accuracy on all 160 ${evaluated.accuracy}`);
  }, 300_000);

  it("the dataset worker describes a folder for the Train quick pick, with the recordings' progress", async () => {
    const progress: [number, number][] = [];
    const description = await describeTrainingData(
      { datasetPath: digits, config: { threads: 1 }, dataset: {} },
      new PreparedDataCache(),
      (done, total) => progress.push([done, total]),
    );
    expect(description.summary).toMatchObject({ task: 'audio-classification', fileFormat: 'audio' });
    expect(description.summary.sizes).toMatchObject({ unit: 'examples', total: 160 });
    expect(description.config.hiddenSize).toBe(48); // the small preset
    expect(description.architecture).toBeTruthy();
    expect(description.preview).toBeUndefined();
    expect(progress[progress.length - 1]).toEqual([160, 160]);
  }, 60_000);
});
