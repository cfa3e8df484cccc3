import { describe, expect, it } from 'vitest';
import { runLength } from '../../../src/cli/train-command';
import { EPOCHS_WHEN_STEPS_DECIDE } from '../../../src/protocol/run-configuration';
import { epochsToRun, stepsDecide } from '../../../src/protocol/run-length';
import { summarizeRun } from '../../../webview/training/run-summary';
import { meta } from '../webview/fixtures';

describe('a run bounded by --steps is shown by its steps', () => {
  const thirtySteps = { epochs: EPOCHS_WHEN_STEPS_DECIDE, stepsPerEpoch: 43, totalSteps: 30 };

  it('the CLI says "30 steps (43 per epoch)", not a million epochs', () => {
    expect(runLength(thirtySteps)).toBe('30 steps (43 per epoch)');
    expect(runLength(thirtySteps)).not.toMatch(/1000000|epochs ×/);
  });

  it('a run bounded by its epochs is still shown by them', () => {
    expect(runLength({ epochs: 3, stepsPerEpoch: 43, totalSteps: 129 })).toBe('3 epochs × 43 steps');
    expect(stepsDecide({ epochs: 3, stepsPerEpoch: 43, totalSteps: 129 })).toBe(false);
  });

  it('counts the epochs the steps reach', () => {
    expect(epochsToRun(thirtySteps)).toBe(1);
    expect(epochsToRun({ ...thirtySteps, totalSteps: 100 })).toBe(3);
    expect(epochsToRun({ epochs: 10, stepsPerEpoch: 100, totalSteps: 1000 })).toBe(10);
  });

  it('the Training panel shows epoch 1 / 1 for 30 steps of 43 a epoch', () => {
    const s = summarizeRun(
      meta('a', { epochs: EPOCHS_WHEN_STEPS_DECIDE, stepsPerEpoch: 43, totalSteps: 30, step: 12, epoch: 0 }),
    );
    expect(s.epochText).toBe('1 / 1');
    expect(s.stepText).toBe('12 / 30');
  });
});
