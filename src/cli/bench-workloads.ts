/**
 * The benchmark workloads of shared/bench/README.md, the same for every engine: model sizes, batch
 * shapes, losses and synthetic (but learnable) data as `bench_torch.py`'s `data()` defines them. W1–W3
 * have every peer; W4 (an encoder–decoder with attention), W5 (W1 with GRUs), W6 (W1 with
 * bidirectional LSTMs) and W7 (speech: a 3-layer bidirectional LSTM with CTC) have PyTorch's only.
 */

import { Random, type Batch, type ModelConfig } from '../engine';
import type { EncoderDecoderConfig, PairBatch } from '../engine/encoder-decoder';

interface WorkloadBase {
  id: 'W1' | 'W2' | 'W3' | 'W4' | 'W5' | 'W6' | 'W7';
  description: string;
  batchSize: number;
  steps: number;
  /** Multiply-add FLOPs per training sample (forward + backward), from the bench README. */
  flopsPerSample: number;
}

/** A sequence model (`LstmModel`): eight fixed batches, cycled. */
export interface SequenceWorkload extends WorkloadBase {
  kind: 'sequence';
  model: Partial<ModelConfig>;
  makeBatches(rng: Random): Batch[];
}

/** An encoder–decoder on pairs (trained as a `Seq2seqModel` of these sizes): eight fixed batches, cycled. */
export interface PairWorkload extends WorkloadBase {
  kind: 'pairs';
  model: EncoderDecoderConfig;
  makeBatches(rng: Random): PairBatch[];
}

export type Workload = SequenceWorkload | PairWorkload;

/**
 * W4's FLOPs per pair: 2 per multiply-add × 3 (forward, and two products in backward) × the forward's
 * products — the encoder's 12 and the decoder's 10 LSTM steps (4H × (E + H) each), W_a over the 12 source
 * rows (H × H), the scores and the context (10 × 12 × H each), W_c over the 10 target rows (H × 2H) and the
 * head (H × 40). The peer's combine layer also has a bias; ours, as Luong's equation, does not.
 */
const W4_FLOPS = (() => {
  const [E, H, V, S, T] = [64, 128, 40, 12, 10];
  const forward = (S + T) * 4 * H * (E + H) + S * H * H + 2 * T * S * H + T * H * 2 * H + T * H * V;
  return 2 * 3 * forward;
})();

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
    kind: 'sequence',
    id: 'W1',
    description: 'Keras sentiment model: Embedding(10000, 64) → LSTM(64, seq) → LSTM(64) → Dense(1), BCE',
    model: W1_MODEL,
    batchSize: 128,
    steps: 100,
    flopsPerSample: 39.32e6,
    makeBatches: sentimentBatches,
  },
  {
    kind: 'sequence',
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
    kind: 'sequence',
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
    kind: 'pairs',
    id: 'W4',
    description:
      'seq2seq: Embedding(40, 64) → LSTM(128) | Embedding(40, 64) → LSTM(128) → general attention → Dense(40), CE; copy-reverse',
    model: {
      sourceVocabSize: 40,
      targetVocabSize: 40,
      embeddingDim: 64,
      hiddenSize: 128,
      numLayers: 1,
      cell: 'lstm',
      attention: 'general',
      attentionSize: 0,
      dropout: 0,
      paddingIdx: 0,
      dtype: 'float32',
    },
    batchSize: 64,
    steps: 10,
    flopsPerSample: W4_FLOPS,
    makeBatches: copyReverseBatches,
  },
  {
    kind: 'sequence',
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
    kind: 'sequence',
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
  {
    kind: 'sequence',
    id: 'W7',
    description: '80 log-mel features → biLSTM(256) × 3 → Dense(29) per frame, CTC (blank 0)',
    model: {
      inputSize: 80,
      hiddenSize: 256,
      numLayers: 3,
      bidirectional: true,
      outputSize: 29,
      headOn: 'every',
      loss: 'ctc',
      init: 'pytorch',
    },
    batchSize: 16,
    steps: 200,
    // 2 FLOPs × 3 products × 200 frames × (2 directions × 4H × (D + H) per layer: D = 80, then 512 from
    // both directions below; plus the head's 512 × 29).
    flopsPerSample: 2 * 3 * 200 * (2 * 4 * 256 * (80 + 256) + 2 * 2 * 4 * 256 * (512 + 256) + 512 * 29),
    makeBatches: speechBatches,
  },
];

/**
 * W4's data, as bench_torch.py's: 64 sources of 12 symbols uniform in [3, 40); the target is the first 10
 * reversed (learnable, and it needs attention); the decoder reads <sos> (1) and the target but its last.
 */
function copyReverseBatches(rng: Random): PairBatch[] {
  return Array.from({ length: 8 }, () => {
    const [B, S, T] = [64, 12, 10];
    const source = Int32Array.from({ length: B * S }, () => 3 + rng.int(37));
    const targets = new Int32Array(B * T);
    const targetInput = new Int32Array(B * T);
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++) {
        targets[b * T + t] = source[b * S + (T - 1 - t)];
        targetInput[b * T + t] = t === 0 ? 1 : source[b * S + (T - t)];
      }
    return {
      batchSize: B,
      sourceSteps: S,
      source,
      sourceLengths: new Int32Array(B).fill(S),
      targetSteps: T,
      targetInput,
      targetLengths: new Int32Array(B).fill(T),
      targets,
    };
  });
}

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

/**
 * W7's data, as bench_torch.py's: 16 sequences of 200 frames of 80 features, 0.1·N(0, 1) noise, each
 * frame carrying +1 in the band of its label (20 labels uniform in [1, 29), each held for 10 frames:
 * learnable); targets are the 20 labels, every sequence and label sequence full length.
 */
function speechBatches(rng: Random): Batch[] {
  return Array.from({ length: 8 }, () => {
    const [B, T, L, D] = [16, 200, 20, 80];
    const targets = Int32Array.from({ length: B * L }, () => 1 + rng.int(28));
    const features = Float32Array.from({ length: B * T * D }, () => 0.1 * rng.normal());
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++) features[(b * T + t) * D + (targets[b * L + Math.floor((t * L) / T)] % D)] += 1;
    return {
      batchSize: B,
      steps: T,
      features,
      lengths: new Int32Array(B).fill(T),
      targets,
      targetLengths: new Int32Array(B).fill(L),
    };
  });
}
