/**
 * The exported project's audio code (src/interop/python/lstm_studio/audio.py) and CTC loss, run by
 * Debian's PyTorch through test/unit/interop/pytorch_audio_check.py: the WAV reader and the log-mel
 * agree with a numpy float64 reference of the definition (docs/audio.md) on a fixture WAV (16-bit
 * stereo, 0.75 s), the normalised and stacked steps with the speech task's `speechModelSteps`, and
 * `ctc_loss_sum` with the golden CTC loss of F.ctc_loss. (After the merge, the fixture's log-mel is also
 * compared with src/data/audio's `logMelSpectrogram`.)
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { speechModelSteps } from '../../../src/tasks/speech-to-text/model-steps';
import { python, requireTorch } from './pytorch-helpers';

const repo = join(__dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'lstm-audio-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeEach(async () => {
  await requireTorch();
});

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
    const steps = speechModelSteps(features, frames, { normalization: 'recording', stackFrames: 3 }, null);
    expect(steps.steps).toBe(result.steps);
    let worst = 0;
    for (let k = 0; k < steps.values.length; k++)
      worst = Math.max(worst, Math.abs(steps.values[k] - result.stepValues[k]));
    expect(worst).toBeLessThan(1e-5);
    for (const diff of result.ctcLossDiffs) expect(diff).toBeLessThan(1e-12);
    console.log(
      `log-mel vs numpy ${result.logMelMaxDiff.toExponential(2)}, steps vs TS ${worst.toExponential(2)}, CTC ${Math.max(...result.ctcLossDiffs).toExponential(2)}`,
    );
  }, 60_000);
});
