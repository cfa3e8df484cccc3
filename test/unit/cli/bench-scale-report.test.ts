/**
 * The scale benchmark's figures as read from `train --json` lines, its failure messages, and the table
 * and JSON it prints (no child process is started here).
 */

import { describe, expect, it } from 'vitest';
import { failureMessage } from '../../../src/cli/bench-scale-child';
import { TrainEventObserver } from '../../../src/cli/bench-scale-observer';
import { formatScaleTable, scaleResultJson, type ScaleResult } from '../../../src/cli/bench-scale-report';

const step = (n: number, time: number) => ({ step: n, epoch: 0, time, loss: 2, lr: 1e-3, gradNorm: 1 });
const progress = (steps: ReturnType<typeof step>[]) =>
  JSON.stringify({ type: 'progress', step: steps.at(-1)?.step ?? 0, epoch: 0, steps });

describe('the scale benchmark reading train --json', () => {
  it('times the first step from spawn, the steps after it, and the evaluation from the run clock', () => {
    const observer = new TrainEventObserver(4);
    observer.line(JSON.stringify({ type: 'loading', bytesRead: 10, totalBytes: 100 }), 0.5);
    expect(observer.stage).toBe('loading');
    observer.line(JSON.stringify({ type: 'loading', bytesRead: 100, totalBytes: 100 }), 2);
    expect(observer.stage).toBe('preparing');
    observer.line('not an event', 2.5);
    observer.line(
      JSON.stringify({
        type: 'run-started',
        dataset: { summary: { task: 'language-model', sizes: { unit: 'characters', train: 90, validation: 10 } } },
      }),
      6,
    );
    expect(observer.stage).toBe('training');
    observer.line(progress([step(1, 0.5), step(2, 0.7)]), 6.8);
    observer.line(progress([step(3, 0.9), step(4, 1.1)]), 7.2);
    expect(observer.stage).toBe('evaluating');
    expect(observer.evaluated).toBe(false);
    observer.line(
      JSON.stringify({
        type: 'evaluation',
        record: { step: 4, epoch: 0, time: 31.1, metrics: { loss: 2 } },
        isBest: true,
      }),
      37.3,
    );
    // Steps after the evaluation (a child not yet stopped) change nothing.
    observer.line(progress([step(5, 40)]), 46);
    expect(observer.evaluated).toBe(true);
    const figures = observer.figures();
    expect(figures.secondsToFirstStep).toBeCloseTo(6.5, 12);
    expect(figures.stepsPerSecond).toBeCloseTo(3 / 0.6, 9);
    expect(figures.evaluationSeconds).toBeCloseTo(30, 9);
    expect(figures.secondsToRunStarted).toBe(6);
    expect(figures.steps).toBe(4);
    expect(figures.task).toBe('language-model');
    expect(figures.split).toEqual({ unit: 'characters', train: 90, validation: 10 });
  });

  it('has no figures for what never happened', () => {
    const observer = new TrainEventObserver(20);
    observer.line(JSON.stringify({ type: 'loading', bytesRead: 5, totalBytes: 100 }), 1);
    observer.line(JSON.stringify({ type: 'run-failed', message: 'Invalid string length' }), 9);
    const figures = observer.figures();
    expect([figures.secondsToFirstStep, figures.stepsPerSecond, figures.evaluationSeconds]).toEqual([null, null, null]);
    expect(observer.failure).toBe('Invalid string length');
  });

  it('says why a child failed: the run’s message, V8’s fatal error, the CLI’s line, with how it ended', () => {
    const quiet = new TrainEventObserver(20);
    const oom =
      '\n<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n 1: 0xb7 node::Abort()\n';
    expect(failureMessage(quiet, oom, null, 'SIGABRT')).toBe(
      'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory (ended by SIGABRT)',
    );
    expect(
      failureMessage(quiet, 'lstm-studio: Invalid string length\n\nlstm-studio-bench-peak-rss-kib 123\n', 1, null),
    ).toBe('lstm-studio: Invalid string length (exit code 1)');
    expect(failureMessage(quiet, '', null, 'SIGKILL')).toBe(
      'no message (killed by SIGKILL (the system out-of-memory killer?))',
    );
    const failed = new TrainEventObserver(20);
    failed.line(JSON.stringify({ type: 'run-failed', message: 'the file is too large' }), 1);
    expect(failureMessage(failed, 'lstm-studio: the file is too large\n', 1, null)).toBe(
      'the file is too large (exit code 1)',
    );
  });
});

const result = (overrides: Partial<ScaleResult>): ScaleResult => ({
  dataset: 'text-100MB',
  description: '100 MB of generated prose (language model)',
  file: '/tmp/lstm-studio-scale/text-100MB.v1.txt',
  bytes: 100_000_000,
  status: 'ok',
  message: null,
  stage: 'evaluated',
  steps: 20,
  trainArgs: [],
  secondsToFirstStep: 7.84,
  stepsPerSecond: 10.7321,
  peakRssMb: 568.04,
  peakBytesPerInputByte: 5.6804,
  evaluationSeconds: 162.81,
  secondsToRunStarted: 7.6,
  seconds: 172.4,
  task: 'language-model',
  split: { unit: 'characters', train: 90_000_000, validation: 10_000_000 },
  loadAverage: { start: [9.853, 4.99, 3.35], end: [8.871, 5, 4] },
  ...overrides,
});

describe('the scale benchmark’s output', () => {
  it('prints an aligned table and a line per failure with its time, stage and message', () => {
    const table = formatScaleTable([
      result({}),
      result({
        dataset: 'text-1GB',
        bytes: 1_000_000_000,
        status: 'failed',
        message: 'lstm-studio: Invalid string length (exit code 1)',
        stage: 'loading',
        secondsToFirstStep: null,
        stepsPerSecond: null,
        evaluationSeconds: null,
        peakRssMb: 2345.6,
        peakBytesPerInputByte: 2.3456,
        seconds: 12.34,
      }),
    ]);
    expect(table.split('\n')).toEqual([
      'data set    size    status  first step  steps/s  peak memory  per input byte  evaluation  load (start→end)',
      '----------  ------  ------  ----------  -------  -----------  --------------  ----------  ----------------',
      'text-100MB  100 MB  ok           7.8 s    10.73       568 MB            5.68     162.8 s         9.85→8.87',
      'text-1GB    1 GB    failed           —        —       2.3 GB            2.35           —         9.85→8.87',
      '  text-1GB: failed after 12.3 s while loading: lstm-studio: Invalid string length (exit code 1)',
    ]);
  });

  it('gives one JSON object per data set, figures rounded', () => {
    const parsed = JSON.parse(scaleResultJson(result({})));
    expect(parsed).toMatchObject({
      dataset: 'text-100MB',
      status: 'ok',
      secondsToFirstStep: 7.84,
      stepsPerSecond: 10.732,
      peakRssMb: 568,
      peakBytesPerInputByte: 5.68,
      evaluationSeconds: 162.81,
      loadAverage: { start: [9.85, 4.99, 3.35], end: [8.87, 5, 4] },
    });
  });
});
