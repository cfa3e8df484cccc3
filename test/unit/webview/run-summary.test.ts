import { describe, expect, it } from 'vitest';
import { enabledControls, summarizeRun } from '../../../webview/training/run-summary';
import { meta } from './fixtures';

describe('summarizeRun (the panel header)', () => {
  it('shows epoch e/E (1-based), step s/S, the progress and the times', () => {
    const s = summarizeRun(
      meta('a', {
        epoch: 2,
        epochProgress: 0.4,
        step: 240,
        totalSteps: 1000,
        elapsedSeconds: 3725,
        remainingSeconds: 59.6,
        samplesPerSecond: 1234.5,
      }),
    );
    expect(s.epochText).toBe('3 / 10');
    expect(s.stepText).toBe('240 / 1,000');
    expect(s.progress).toBeCloseTo(0.24);
    expect(s.elapsedText).toBe('1:02:05');
    expect(s.remainingText).toBe('0:01:00');
    expect(s.speedText).toBe('1,235 samples/s');
  });

  it('shows the last epoch worked on once a run has ended between epochs', () => {
    expect(summarizeRun(meta('a', { status: 'finished', epoch: 10, epochProgress: 0 })).epochText).toBe('10 / 10');
    expect(summarizeRun(meta('a', { status: 'finished', epoch: 4, epochProgress: 0 })).epochText).toBe('4 / 10');
    expect(summarizeRun(meta('a', { status: 'stopped', epoch: 4, epochProgress: 0.5 })).epochText).toBe('5 / 10');
    expect(summarizeRun(meta('a', { status: 'finished', epoch: 4, epochProgress: 0 })).remainingText).toBe('—');
  });

  it('says what each evaluation scores, when the run recorded it', () => {
    const sampled = { units: 2048, total: 81_920, unit: 'windows', sampled: true } as const;
    expect(summarizeRun(meta('a', { validation: sampled })).validationText).toBe(
      'validation: 2,048 of 81,920 windows (a fixed sample)',
    );
    const whole = { units: 512, total: 512, unit: 'examples', sampled: false } as const;
    expect(summarizeRun(meta('a', { validation: whole })).validationText).toBe('validation: all 512 examples');
    expect(summarizeRun(meta('a')).validationText).toBe('');
  });

  it('shows the best validation with the task’s headline metric', () => {
    const best = { step: 1200, epoch: 3, time: 60, metrics: { loss: 1.2, bitsPerChar: 1.7312 } };
    const s = summarizeRun(meta('a', { best }));
    expect(s.bestText).toBe('step 1,200 · epoch 4 · bits per character 1.731');
    const accuracy = summarizeRun(
      meta('a', {
        best: { ...best, metrics: { loss: 0.3, accuracy: 0.9312 } },
        metric: { key: 'accuracy', label: 'accuracy', higherIsBetter: true, format: 'percent' },
      }),
    );
    expect(accuracy.best?.value).toBe('93.1%');
    expect(summarizeRun(meta('a')).bestText).toBe('—');
  });

  it('shows the metrics a task names beside its headline (speech: the word error rate), none otherwise', () => {
    const cer = {
      key: 'charErrorRate',
      label: 'character error rate',
      higherIsBetter: false,
      format: 'percent' as const,
    };
    const wer = { key: 'wordErrorRate', label: 'word error rate', higherIsBetter: false, format: 'percent' as const };
    const best = { step: 90, epoch: 1, time: 9, metrics: { loss: 0.7, charErrorRate: 0.213, wordErrorRate: 0.4125 } };
    const s = summarizeRun(meta('a', { best, metric: cer, besideMetrics: [wer] }));
    expect(s.best?.value).toBe('21.3%');
    expect(s.besideText).toBe('word error rate 41.3%');
    expect(summarizeRun(meta('a', { best, metric: cer })).besideText).toBe('');
    expect(summarizeRun(meta('a', { metric: cer, besideMetrics: [wer] })).besideText).toBe('');
  });

  it('passes the status message through', () => {
    const s = summarizeRun(meta('a', { status: 'failed', message: 'training diverged at step 12' }));
    expect(s.status).toBe('failed');
    expect(s.statusMessage).toBe('training diverged at step 12');
  });
});

describe('enabledControls (which buttons work now)', () => {
  const data = { steps: 10, evaluations: 1, lossChartVisible: true };
  it('pause only while running, resume only while paused, stop while either', () => {
    expect(enabledControls(meta('a', { status: 'running' }), data)).toMatchObject({
      pause: true,
      resume: false,
      stop: true,
    });
    expect(enabledControls(meta('a', { status: 'paused' }), data)).toMatchObject({
      pause: false,
      resume: true,
      stop: true,
    });
    for (const status of ['stopped', 'finished', 'failed'] as const)
      expect(enabledControls(meta('a', { status }), data)).toMatchObject({ pause: false, resume: false, stop: false });
  });

  it('open-best only with a best checkpoint; exports only with data', () => {
    expect(enabledControls(meta('a'), data)['open-best']).toBe(false);
    expect(enabledControls(meta('a', { hasBestCheckpoint: true }), data)['open-best']).toBe(true);
    expect(enabledControls(meta('a'), { steps: 0, evaluations: 0, lossChartVisible: true })).toMatchObject({
      'export-csv': false,
      'export-png': false,
    });
    expect(enabledControls(meta('a'), { ...data, lossChartVisible: false })['export-png']).toBe(false);
    expect(enabledControls(undefined, data)).toMatchObject({
      pause: false,
      'open-folder': false,
      'inspect-gates': false,
    });
  });
});
