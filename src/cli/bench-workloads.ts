/**
 * The benchmark workloads of shared/bench/README.md, the same for every engine: model sizes, batch
 * shapes, losses and synthetic (but learnable) data as `bench_torch.py`'s `data()` defines them. W1–W3
 * have every peer; W5 (W1 with GRUs) and W6 (W1 with bidirectional LSTMs) have PyTorch's only.
 */

import { Random, type Batch, type ModelConfig } from '../engine';

export interface Workload {
  id: 'W1' | 'W2' | 'W3' | 'W5' | 'W6';
  description: string;
  model: Partial<ModelConfig>;
  batchSize: number;
  steps: number;
  /** Multiply-add FLOPs per training sample (forward + backward), from the bench README. */
  flopsPerSample: number;
  /** Eight fixed batches, cycled. */
  makeBatches(rng: Random): Batch[];
}

const W1_MODEL: Partial<ModelConfig> = {
  vocabSize: 10000,
  embeddingDim: 64,
  hiddenSize: 64,
  numLayers: 2,
  outputSize: 1,
  headOn: 'last',
  loss: 'bce',
  init: 'pytorch',
};

export const WORKLOADS: Workload[] = [
  {
    id: 'W1',
    description: 'Keras sentiment model: Embedding(10000, 64) → LSTM(64, seq) → LSTM(64) → Dense(1), BCE',
    model: W1_MODEL,
    batchSize: 128,
    steps: 100,
    flopsPerSample: 39.32e6,
    makeBatches: sentimentBatches,
  },
  {
    id: 'W2',
    description: 'char-rnn: Embedding(65, 32) → LSTM(128, seq) → LSTM(128, seq) → Dense(65), CE every step',
    model: {
      vocabSize: 65,
      embeddingDim: 32,
      hiddenSize: 128,
      numLayers: 2,
      outputSize: 65,
      headOn: 'every',
      loss: 'softmax-ce',
      init: 'pytorch',
    },
    batchSize: 32,
    steps: 64,
    flopsPerSample: 84.98e6,
    makeBatches: (rng) =>
      Array.from({ length: 8 }, () => {
        const B = 32;
        const T = 64;
        const sequence = Int32Array.from({ length: B * (T + 1) }, () => rng.int(65));
        const tokens = new Int32Array(B * T);
        const targets = new Int32Array(B * T);
        for (let b = 0; b < B; b++) {
          tokens.set(sequence.subarray(b * (T + 1), b * (T + 1) + T), b * T);
          targets.set(sequence.subarray(b * (T + 1) + 1, (b + 1) * (T + 1)), b * T);
        }
        return { batchSize: B, steps: T, tokens, targets };
      }),
  },
  {
    id: 'W3',
    description: 'forecaster: 1 feature → LSTM(32) → Dense(1), MSE on the last step',
    model: { inputSize: 1, hiddenSize: 32, numLayers: 1, outputSize: 1, headOn: 'last', loss: 'mse', init: 'pytorch' },
    batchSize: 64,
    steps: 50,
    flopsPerSample: 1.27e6,
    makeBatches: (rng) =>
      Array.from({ length: 8 }, () => {
        const B = 64;
        const T = 50;
        const features = new Float32Array(B * T);
        const targets = new Float32Array(B);
        for (let b = 0; b < B; b++) {
          const phase = rng.uniform() * 6.28;
          for (let t = 0; t <= T; t++) {
            const v = Math.sin(t * 0.2 + phase) + 0.05 * rng.normal();
            if (t < T) features[b * T + t] = v;
            else targets[b] = v;
          }
        }
        return { batchSize: B, steps: T, features, targets };
      }),
  },
  {
    id: 'W5',
    description: 'W1 with GRUs: Embedding(10000, 64) → GRU(64, seq) → GRU(64) → Dense(1), BCE',
    model: { ...W1_MODEL, cell: 'gru' },
    batchSize: 128,
    steps: 100,
    // W1's products at 3 gate blocks instead of 4.
    flopsPerSample: (39.32e6 * 3) / 4,
    makeBatches: sentimentBatches,
  },
  {
    id: 'W6',
    description: "W1 bidirectional: Embedding(10000, 64) → biLSTM(64) × 2 → Dense(1) on both directions' h_n, BCE",
    model: { ...W1_MODEL, bidirectional: true },
    batchSize: 128,
    steps: 100,
    // 2 FLOPs × 3 products (forward, two in backward) × 100 steps × 2 directions × 4H × (D + H) summed over
    // both layers: (64 + 64) in the first, (128 + 64) in the second (it reads both directions).
    flopsPerSample: 2 * 3 * 100 * 2 * 4 * 64 * (64 + 64 + 128 + 64),
    makeBatches: sentimentBatches,
  },
];

/** W1's data (W5 and W6 too): token ids uniform in [3, 10000) with five planted label tokens (1 or 2). */
function sentimentBatches(rng: Random): Batch[] {
  return Array.from({ length: 8 }, () => {
    const B = 128;
    const T = 100;
    const tokens = Int32Array.from({ length: B * T }, () => 3 + rng.int(9997));
    const targets = new Float32Array(B);
    for (let b = 0; b < B; b++) {
      targets[b] = rng.int(2);
      for (let k = 0; k < 5; k++) tokens[b * T + rng.int(T)] = 1 + targets[b]; // signal tokens 1 / 2
    }
    return { batchSize: B, steps: T, tokens, targets };
  });
}
