/** Small runs for the webview tests. */

import type { RunMeta, StepSeries } from '../../../src/protocol/training-panel';

export function meta(id: string, overrides: Partial<RunMeta> = {}): RunMeta {
  return {
    id,
    runDir: `/runs/${id}`,
    datasetName: 'tiny.txt',
    task: 'language-model',
    taskName: 'Next-character language model',
    status: 'running',
    architecture: 'LSTM(64)',
    parameterCount: 12345,
    preset: 'small',
    batchSize: 32,
    epochs: 10,
    step: 0,
    epoch: 0,
    epochProgress: 0,
    totalSteps: 1000,
    stepsPerEpoch: 100,
    samplesPerSecond: 0,
    elapsedSeconds: 0,
    remainingSeconds: null,
    best: null,
    metric: { key: 'bitsPerChar', label: 'bits per character', higherIsBetter: false, format: 'decimal' },
    hasBestCheckpoint: false,
    ...overrides,
  };
}

/** Steps `from`…`to` (inclusive) of a decaying loss. */
export function steps(from: number, to: number): StepSeries {
  const s: StepSeries = { step: [], epoch: [], time: [], loss: [], lr: [], gradNorm: [] };
  for (let k = from; k <= to; k++) {
    s.step.push(k);
    s.epoch.push(Math.floor((k - 1) / 100));
    s.time.push(k * 0.05);
    s.loss.push(1 + 3 * Math.exp(-k / 300));
    s.lr.push(1e-3);
    s.gradNorm.push(1 + 1 / k);
  }
  return s;
}
