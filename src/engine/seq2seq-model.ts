/**
 * The encoder–decoder (encoder-decoder.ts) as the trainer sees every model (`TrainableModel`): built from
 * a `ModelConfig` with a `decoder`, initialised from a seed like `LstmModel` (same schemes, PyTorch's
 * parameter order), fed the common `Batch` (`tokens`/`lengths` the source, `decoder` the shifted
 * target, `targets` the ids to predict).
 *
 * Teacher forcing below 1 (`teacherForcing` < 1 in the forward options) follows parallel scheduled
 * sampling (Duckworth et al. 2019): a first teacher-forced pass gives the model's greedy token at every
 * step, each decoder input after `<sos>` is replaced by the model's prediction of it with probability
 * 1 − ratio, and the loss and its gradient come from a second pass on the mixed inputs. No gradient
 * flows through the choice, as in step-by-step scheduled sampling.
 */

import type { Batch } from './batch';
import { resolveModelConfig, type ModelConfig } from './config';
import { EncoderDecoderModel, type PairBatch } from './encoder-decoder';
import { GruLayer } from './gru-layer';
import { initializeDense, initializeEmbedding, initializeGruLayer, initializeLstmLayer } from './init';
import type { LstmLayer } from './lstm-layer';
import { Random } from './random';
import type { FloatArray, Parameter } from './tensor';
import type { TrainableForwardOptions, TrainableForwardResult, TrainableModel } from './trainable-model';

export interface Seq2seqForwardOptions extends TrainableForwardOptions {
  /** Share of decoder inputs taken from the reference (1 = always, the default); training only. */
  teacherForcing?: number;
}

export class Seq2seqModel implements TrainableModel {
  readonly config: ModelConfig;
  readonly network: EncoderDecoderModel;
  private mixedInput = new Int32Array(0);

  constructor(config: Partial<ModelConfig>, seed: number | Random = 0) {
    this.config = resolveModelConfig(config);
    const c = this.config;
    const decoder = c.decoder;
    if (!decoder) throw new Error('model config: a sequence-to-sequence model needs a decoder');
    this.network = new EncoderDecoderModel({
      sourceVocabSize: c.vocabSize,
      targetVocabSize: decoder.vocabSize,
      embeddingDim: c.embeddingDim,
      hiddenSize: c.hiddenSize,
      numLayers: c.numLayers,
      cell: c.cell,
      attention: decoder.attention,
      attentionSize: decoder.attentionSize,
      dropout: c.dropout,
      paddingIdx: c.paddingIdx,
      dtype: c.dtype,
    });
    initialize(this.network, c, typeof seed === 'number' ? new Random(seed) : seed);
  }

  parameters(): Parameter[] {
    return this.network.parameters();
  }

  parameterCount(): number {
    return this.parameters().reduce((n, p) => n + p.value.length, 0);
  }

  zeroGrad(): void {
    this.network.zeroGrad();
  }

  forward(batch: Batch, options: Seq2seqForwardOptions = {}): TrainableForwardResult {
    const training = options.training === true;
    let pairs = pairBatchOf(batch);
    const ratio = options.teacherForcing ?? 1;
    if (training && ratio < 1 && pairs.targets) {
      if (!options.rng) throw new Error('teacher forcing below 1 needs a random generator');
      this.network.forward({ ...pairs, targets: undefined }, { training: false });
      pairs = { ...pairs, targetInput: this.mixInputs(pairs, ratio, options.rng) };
    }
    const { loss } = this.network.forward(pairs, { training, rng: options.rng });
    return { loss, output: training ? new Float32Array(0) : this.batchMajorLogits(pairs), finalState: null };
  }

  backward(): void {
    this.network.backward();
  }

  // mixed (B, Td): input t ≥ 1 is the reference's y_t or, with probability 1 − ratio, argmax of logits[t−1]
  private mixInputs(pairs: PairBatch, ratio: number, rng: Random): Int32Array {
    const { batchSize: B, targetSteps: Td } = pairs;
    const V = this.config.outputSize;
    if (this.mixedInput.length < B * Td) this.mixedInput = new Int32Array(B * Td);
    const mixed = this.mixedInput.subarray(0, B * Td);
    mixed.set(pairs.targetInput);
    const logits = this.network.logitsView(); // [Td, B, V]
    for (let b = 0; b < B; b++)
      for (let t = 1; t < pairs.targetLengths[b]; t++) {
        if (rng.uniform() < ratio) continue;
        const row = ((t - 1) * B + b) * V;
        let best = 0;
        for (let v = 1; v < V; v++) if (logits[row + v] > logits[row + best]) best = v;
        mixed[b * Td + t] = best;
      }
    return mixed;
  }

  // out (B, Td, V) ← logits (Td, B, V)
  private batchMajorLogits(pairs: PairBatch): FloatArray {
    const { batchSize: B, targetSteps: Td } = pairs;
    const V = this.config.outputSize;
    const logits = this.network.logitsView();
    const out = this.config.dtype === 'float64' ? new Float64Array(B * Td * V) : new Float32Array(B * Td * V);
    for (let t = 0; t < Td; t++)
      for (let b = 0; b < B; b++) out.set(logits.subarray((t * B + b) * V, (t * B + b + 1) * V), (b * Td + t) * V);
    return out;
  }
}

/** The common batch as the encoder–decoder's (the same arrays, no copy). */
export function pairBatchOf(batch: Batch): PairBatch {
  const decoder = batch.decoder;
  if (!decoder || !batch.tokens) throw new Error('a sequence-to-sequence batch needs source tokens and a decoder part');
  const B = batch.batchSize;
  return {
    batchSize: B,
    sourceSteps: batch.steps,
    source: batch.tokens,
    sourceLengths: batch.lengths ?? new Int32Array(B).fill(batch.steps),
    targetSteps: decoder.steps,
    targetInput: decoder.tokens,
    targetLengths: decoder.lengths,
    targets: batch.targets as Int32Array | undefined,
  };
}

/**
 * The schemes of `LstmModel` (init.ts) in the parameter order: embeddings, each stack's layers, the
 * attention's linear maps (as `nn.Linear`: Glorot or U(±1/√fan_in); the additive score's bias like a
 * Linear's), the head.
 */
function initialize(network: EncoderDecoderModel, c: ModelConfig, rng: Random): void {
  const layer = (l: unknown) =>
    l instanceof GruLayer ? initializeGruLayer(l, c.init, rng) : initializeLstmLayer(l as LstmLayer, c.init, rng);
  initializeEmbedding(network.sourceEmbedding, c.init, rng);
  network.encoder.layers.forEach(layer);
  initializeEmbedding(network.targetEmbedding, c.init, rng);
  network.decoder.layers.forEach(layer);
  const attention = network.attention;
  if (attention) {
    const linear = (weight: Parameter | null, bias: Parameter | null = null) => {
      if (!weight) return;
      const [out, fanIn] = weight.shape;
      const bound = c.init === 'pytorch' ? 1 / Math.sqrt(fanIn) : Math.sqrt(6 / (fanIn + out));
      fillUniform(weight.value, bound, rng);
      if (bias) {
        if (c.init === 'pytorch') fillUniform(bias.value, 1 / Math.sqrt(fanIn), rng);
        else bias.value.fill(0);
      }
    };
    linear(attention.weightA);
    linear(attention.weightQ);
    linear(attention.weightM, attention.biasM);
    linear(attention.weightV);
    linear(attention.weightC);
  }
  initializeDense(network.head, c.init, rng);
}

function fillUniform(values: FloatArray, bound: number, rng: Random): void {
  for (let k = 0; k < values.length; k++) values[k] = rng.uniformIn(-bound, bound);
}
