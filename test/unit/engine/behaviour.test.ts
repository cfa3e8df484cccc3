/**
 * Engine behaviour beyond single numbers: padding invariance, determinism, initialisation schemes,
 * configuration round trips, gate recording, optimizers and schedules.
 */

import { describe, expect, it } from 'vitest';
import {
  LstmModel,
  Random,
  createOptimizer,
  describeArchitecture,
  learningRateAt,
  resolveModelConfig,
  trainStep,
  type Batch,
  type LayerRecording,
  type LstmLayer,
  type ModelConfig,
} from '../../../src/engine';

const classifier: Partial<ModelConfig> = {
  vocabSize: 20,
  embeddingDim: 8,
  hiddenSize: 16,
  numLayers: 2,
  outputSize: 1,
  headOn: 'last',
  loss: 'bce',
};

function tokensBatch(sequences: number[][], steps: number, targets: number[]): Batch {
  const B = sequences.length;
  const tokens = new Int32Array(B * steps);
  sequences.forEach((seq, b) => tokens.set(seq, b * steps));
  return {
    batchSize: B,
    steps,
    tokens,
    lengths: Int32Array.from(sequences.map((s) => s.length)),
    targets: Float32Array.from(targets),
  };
}

describe('padding', () => {
  it('a sequence padded from 7 to 100 steps gives the same final state, loss and gradients', () => {
    const seq = [3, 5, 7, 2, 9, 11, 4];
    const a = new LstmModel(classifier, 1);
    const b = new LstmModel(classifier, 1);
    const short = a.forward(tokensBatch([seq], 7, [1]));
    const long = b.forward(tokensBatch([seq], 100, [1]));
    expect(long.loss).toBe(short.loss);
    expect(Array.from(long.finalState.h)).toEqual(Array.from(short.finalState.h));
    expect(Array.from(long.finalState.c!)).toEqual(Array.from(short.finalState.c!));
    a.zeroGrad();
    b.zeroGrad();
    a.backward();
    b.backward();
    a.parameters().forEach((p, i) => expect(Array.from(b.parameters()[i].grad), p.name).toEqual(Array.from(p.grad)));
  });

  it('per-step language-model loss ignores padded steps', () => {
    const config: Partial<ModelConfig> = {
      vocabSize: 10,
      embeddingDim: 4,
      hiddenSize: 6,
      outputSize: 10,
      headOn: 'every',
      loss: 'softmax-ce',
    };
    const inputs = [1, 2, 3, 4, 5];
    const targets = [2, 3, 4, 5, 6];
    const model = new LstmModel(config, 3);
    const exact = model.forward({
      batchSize: 1,
      steps: 5,
      tokens: Int32Array.from(inputs),
      targets: Int32Array.from(targets),
    }).loss;
    const paddedTokens = Int32Array.from([...inputs, 0, 0, 0]);
    const paddedTargets = Int32Array.from([...targets, 9, 9, 9]); // garbage that must not count
    const padded = model.forward({
      batchSize: 1,
      steps: 8,
      tokens: paddedTokens,
      lengths: Int32Array.from([5]),
      targets: paddedTargets,
    }).loss;
    expect(padded).toBe(exact);
  });

  it('a batch of mixed lengths equals each sequence run alone', () => {
    const model = new LstmModel(classifier, 4);
    const seqs = [
      [3, 4],
      [5, 6, 7, 8, 9],
      [10, 11, 12],
    ];
    const together = model.forward(tokensBatch(seqs, 5, [0, 1, 0]));
    seqs.forEach((seq, b) => {
      const alone = model.forward(tokensBatch([seq], seq.length, [0]));
      expect(together.output[b]).toBeCloseTo(alone.output[0], 6);
    });
  });
});

describe('determinism', () => {
  const run = (seed: number) => {
    const model = new LstmModel({ ...classifier, dropout: 0.3 }, seed);
    const optimizer = createOptimizer(model.parameters(), { kind: 'adam', lr: 0.01 });
    const rng = new Random(seed + 1);
    const losses: number[] = [];
    for (let step = 0; step < 5; step++) {
      const seqs = Array.from({ length: 4 }, () => Array.from({ length: 1 + rng.int(9) }, () => 2 + rng.int(18)));
      losses.push(
        trainStep(
          model,
          tokensBatch(
            seqs,
            10,
            seqs.map((s) => s.length % 2),
          ),
          optimizer,
          { rng, clipNorm: 1 },
        ).loss,
      );
    }
    return { losses, weights: model.parameters().map((p) => Array.from(p.value)) };
  };

  it('the same seed gives bit-identical parameters and losses', () => {
    expect(run(42)).toEqual(run(42));
  });

  it('different seeds give different parameters', () => {
    expect(run(42).weights).not.toEqual(run(43).weights);
  });
});

describe('initialisation', () => {
  it('keras: forget bias 1, other biases 0, orthogonal recurrent weights, padding row zero, U(±0.05) embeddings', () => {
    const model = new LstmModel({ ...classifier, init: 'keras' }, 7);
    const H = 16;
    const layer = model.recurrentLayers()[0] as LstmLayer;
    expect(Array.from(layer.biasIh.value.subarray(H, 2 * H))).toEqual(new Array(H).fill(1));
    expect(Array.from(layer.biasIh.value.subarray(0, H)).every((v) => v === 0)).toBe(true);
    expect(Array.from(layer.biasHh.value).every((v) => v === 0)).toBe(true);
    const w = layer.weightHh.value; // [4H, H] with orthonormal columns: WᵀW = I
    for (let p = 0; p < H; p++) {
      for (let q = 0; q < H; q++) {
        let dot = 0;
        for (let r = 0; r < 4 * H; r++) dot += w[r * H + p] * w[r * H + q];
        expect(dot).toBeCloseTo(p === q ? 1 : 0, 5);
      }
    }
    const emb = model.embedding!.weight.value;
    expect(Array.from(emb.subarray(0, 8)).every((v) => v === 0)).toBe(true);
    expect(Array.from(emb.subarray(8)).every((v) => Math.abs(v) <= 0.05)).toBe(true);
  });

  it('pytorch: LSTM tensors within ±1/√H, embeddings roughly N(0, 1)', () => {
    const model = new LstmModel({ ...classifier, vocabSize: 2000, init: 'pytorch' }, 7);
    const bound = 1 / Math.sqrt(16);
    for (const p of model.recurrent.parameters())
      expect(Array.from(p.value).every((v) => Math.abs(v) <= bound)).toBe(true);
    const emb = Array.from(model.embedding!.weight.value.subarray(8));
    const mean = emb.reduce((s, v) => s + v, 0) / emb.length;
    const variance = emb.reduce((s, v) => s + (v - mean) ** 2, 0) / emb.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe('configuration', () => {
  it('round-trips through JSON and rejects bad values with the field named', () => {
    const config = resolveModelConfig(classifier);
    expect(resolveModelConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
    expect(() => resolveModelConfig({ ...classifier, hiddenSize: 0 })).toThrow(/hiddenSize/);
    expect(() => resolveModelConfig({ ...classifier, dropout: 1 })).toThrow(/dropout/);
    expect(() => resolveModelConfig({ ...classifier, loss: 'bce', outputSize: 3 })).toThrow(/bce/);
  });

  it('describes the source document’s Keras model in one line, with PyTorch names and sizes', () => {
    const model = new LstmModel({
      vocabSize: 10000,
      embeddingDim: 64,
      hiddenSize: 64,
      numLayers: 2,
      outputSize: 1,
      headOn: 'last',
      loss: 'bce',
    });
    expect(describeArchitecture(model.config)).toBe('Embedding(10000, 64) → LSTM(64→64) × 2 → Linear(64, 1)');
    expect(model.parameters().map((p) => `${p.name} [${p.shape}]`)).toEqual([
      'embedding.weight [10000,64]',
      'lstm.weight_ih_l0 [256,64]',
      'lstm.weight_hh_l0 [256,64]',
      'lstm.bias_ih_l0 [256]',
      'lstm.bias_hh_l0 [256]',
      'lstm.weight_ih_l1 [256,64]',
      'lstm.weight_hh_l1 [256,64]',
      'lstm.bias_ih_l1 [256]',
      'lstm.bias_hh_l1 [256]',
      'head.weight [1,64]',
      'head.bias [1]',
    ]);
    // Keras reports 640000 + 33024 + 33024 + 65 = 706113 parameters; PyTorch's two biases add 4H per layer.
    expect(model.parameterCount()).toBe(706113 + 2 * 256);
  });
});

describe('gate recording', () => {
  it('records [B, T, H] per gate and layer, consistent with c = f·c₋₁ + i·g and h = o·tanh(c)', () => {
    const model = new LstmModel(classifier, 2);
    const { recording, finalState } = model.forward(
      tokensBatch(
        [
          [1, 2, 3, 4],
          [5, 6],
        ],
        4,
        [0, 1],
      ),
      { record: true },
    );
    expect(recording).toHaveLength(2);
    const H = 16;
    for (const layer of recording as LayerRecording[]) {
      for (const key of ['i', 'f', 'g', 'o', 'c', 'h'] as const) expect(layer[key]).toHaveLength(2 * 4 * H);
      for (let t = 1; t < 4; t++) {
        for (let j = 0; j < H; j++) {
          const at = t * H + j;
          const c = layer.f[at] * layer.c[at - H] + layer.i[at] * layer.g[at];
          expect(layer.c[at]).toBeCloseTo(c, 6);
          expect(layer.h[at]).toBeCloseTo(layer.o[at] * Math.tanh(layer.c[at]), 6);
        }
      }
    }
    // Top layer's h at the last real step of sequence 1 (length 2) is its final state.
    const top = recording![1] as LayerRecording;
    expect(top.h[(1 * 4 + 1) * H]).toBe(finalState.h[(1 * 2 + 1) * H]);
  });

  it('is off by default: no recording unless asked', () => {
    const model = new LstmModel(classifier, 2);
    expect(model.forward(tokensBatch([[1, 2]], 2, [0])).recording).toBeUndefined();
  });
});

describe('optimizers and schedules', () => {
  it('AdamW decays weights independently of the gradient', () => {
    const model = new LstmModel({ inputSize: 1, hiddenSize: 2, outputSize: 1 }, 1);
    const before = Array.from(model.head.weight.value);
    model.zeroGrad();
    createOptimizer(model.parameters(), { kind: 'adamw', lr: 0.1, weightDecay: 0.5 }).step();
    // Zero gradient: Adam's update is 0/(0+eps) = 0, so only the decay acts: w·(1 − lr·wd), the factor
    // rounded to float32 first, as PyTorch's float32 kernel casts its scalar.
    expect(Array.from(model.head.weight.value)).toEqual(before.map((w) => Math.fround(w * Math.fround(1 - 0.05))));
  });

  it('SGD with momentum follows PyTorch: the buffer starts at the first gradient', () => {
    const model = new LstmModel({ inputSize: 1, hiddenSize: 2, outputSize: 1 }, 1);
    const p = model.head.bias;
    const start = p.value[0];
    const sgd = createOptimizer([p], { kind: 'sgd', lr: 0.1, momentum: 0.9 });
    p.grad[0] = 1;
    sgd.step(); // buf = 1
    sgd.step(); // buf = 0.9·1 + 1 = 1.9
    expect(p.value[0]).toBeCloseTo(start - 0.1 * (1 + 1.9), 6);
  });

  it('schedules: constant, step and cosine', () => {
    expect(learningRateAt({ kind: 'constant' }, 0.1, 500)).toBe(0.1);
    expect(learningRateAt({ kind: 'step', stepSize: 10, gamma: 0.5 }, 0.1, 25)).toBeCloseTo(0.025);
    expect(learningRateAt({ kind: 'cosine', totalSteps: 100 }, 0.1, 0)).toBeCloseTo(0.1);
    expect(learningRateAt({ kind: 'cosine', totalSteps: 100 }, 0.1, 50)).toBeCloseTo(0.05);
    expect(learningRateAt({ kind: 'cosine', totalSteps: 100, minLr: 0.01 }, 0.1, 100)).toBeCloseTo(0.01);
    expect(learningRateAt({ kind: 'constant' }, 0.1, 0, 10)).toBeCloseTo(0.01);
  });
});
