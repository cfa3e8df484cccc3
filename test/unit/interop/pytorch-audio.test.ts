/**
 * The exported project's audio code (src/interop/python/lstm_studio/audio.py) and CTC loss, run by
 * Debian's PyTorch through test/unit/interop/pytorch_audio_check.py: the WAV reader and the log-mel
 * agree with a numpy float64 reference of the definition (docs/audio.md) on a fixture WAV (16-bit
 * stereo, 0.75 s), the normalised and stacked steps with `modelSteps`, and
 * `ctc_loss_sum` with the golden CTC loss of F.ctc_loss; and the exported log-mel of the fixture agrees
 * with LSTM Studio's own (`decodeWavFile`, then `logMelSpectrogram`) within 1e-5.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeWavFile } from '../../../src/data/audio/wav';
import { DEFAULT_AUDIO_FEATURES } from '../../../src/data/audio/feature-settings';
import { logMelSpectrogram } from '../../../src/data/audio/mel';
import { modelSteps } from '../../../src/data/audio/model-input';
import { python, requireTorch } from './pytorch-helpers';

const repo = join(__dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'lstm-audio-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeEach(async () => {
  await requireTorch(); // importing torch takes seconds, more on a busy machine
}, 120_000);

describe("the exported project's audio features and CTC loss", () => {
  it('agree with the numpy reference, the speech task and F.ctc_loss', async () => {
    const out = await python(
      [
        join(__dirname, 'pytorch_audio_check.py'),
        join(repo, 'src/interop/python'),
        work,
        join(repo, 'test/fixtures/golden/ctc_loss.json'),
      ],
      work,
    );
    const result = JSON.parse(out);
    expect(result.frames).toBe(result.expectedFrames);
    expect(result.wavMaxDiff).toBe(0);
    expect(result.filterbankMaxDiff).toBeLessThan(1e-12);
    expect(result.logMelMaxDiff).toBeLessThan(1e-5);
    const features = Float32Array.from(result.features as number[]);
    const frames = features.length / result.bands;
    const settings = {
      ...DEFAULT_AUDIO_FEATURES,
      melBands: result.bands,
      normalization: 'recording' as const,
      stackFrames: 3,
    };
    const steps = modelSteps(features, frames, settings, null);
    expect(steps.steps).toBe(result.steps);
    let worst = 0;
    for (let k = 0; k < steps.values.length; k++)
      worst = Math.max(worst, Math.abs(steps.values[k] - result.stepValues[k]));
    expect(worst).toBeLessThan(1e-5);
    for (const diff of result.ctcLossDiffs) expect(diff).toBeLessThan(1e-12);

    // The exported log-mel against LSTM Studio's, from the same file through each side's reader.
    const wav = await decodeWavFile(result.wav);
    if (!wav.ok) throw new Error(wav.error.message);
    const mel = logMelSpectrogram(wav.value.samples, { ...DEFAULT_AUDIO_FEATURES, melBands: result.bands });
    expect(mel.frames).toBe(result.frames);
    let melWorst = 0;
    for (let k = 0; k < mel.values.length; k++)
      melWorst = Math.max(melWorst, Math.abs(mel.values[k] - result.logMel[k]));
    expect(melWorst).toBeLessThan(1e-5);
    console.log(
      `log-mel vs numpy ${result.logMelMaxDiff.toExponential(2)}, vs logMelSpectrogram ${melWorst.toExponential(2)}, steps vs TS ${worst.toExponential(2)}, CTC ${Math.max(...result.ctcLossDiffs).toExponential(2)}`,
    );
  }, 60_000);
});
