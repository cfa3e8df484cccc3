/** A run manifest for the host-side tests. */

import type { RunManifest } from '../../../src/protocol/run-manifest';

export function manifest(overrides: Partial<RunManifest> = {}): RunManifest {
  return {
    format: 'lstm-studio-run/1',
    id: '20261206-101500-reviews',
    status: 'finished',
    created: '2026-12-06T10:15:00.000Z',
    updated: '2026-12-06T10:20:00.000Z',
    dataset: {
      path: '/data/reviews.csv',
      name: 'reviews.csv',
      fingerprint: 'abc',
      summary: { file: 'reviews.csv', task: 'classification' } as RunManifest['dataset']['summary'],
      overrides: {},
    },
    config: { task: 'classification', preset: 'small', batchSize: 16, epochs: 3 } as RunManifest['config'],
    model: {} as RunManifest['model'],
    architecture: 'Embedding(40, 8) → LSTM(8) → Linear(8, 2)',
    parameterCount: 1234,
    step: 42,
    epoch: 3,
    totalSteps: 42,
    stepsPerEpoch: 14,
    elapsedSeconds: 21,
    best: { step: 28, epoch: 1, time: 14, metrics: { loss: 0.3, accuracy: 0.9 } },
    final: { loss: 0.31, accuracy: 0.89 },
    ...overrides,
  };
}
