/**
 * The LSTM model: optional embedding → stacked LSTM → dense head → loss, one composition of modules
 * (sequence-model.ts). Parameters carry PyTorch names (`embedding.weight`, `lstm.weight_ih_l0`, …,
 * `head.weight`, `head.bias`), so a checkpoint maps onto `nn.Embedding` + `nn.LSTM(batch_first=True)` +
 * `nn.Linear` one to one.
 *
 * The head reads the last real step of each sequence (`headOn: 'last'`, which with right padding is the
 * final carried state h_n of the top layer) or every step (`'every'`, padded steps masked from the loss).
 */

import type { Batch } from './batch';
import { validateBatch } from './batch';
import { describeCell, lstmInputSize, resolveModelConfig, type ModelConfig } from './config';
import { Dense } from './dense';
import { Embedding } from './embedding';
import { FeatureInput } from './feature-input';
import { initializeDense, initializeEmbedding, initializeLstmLayer } from './init';
import type { LayerRecording, LstmLayer, LstmState } from './lstm-layer';
import { LstmStack } from './lstm-stack';
import type { InputModule } from './module';
import { Random } from './random';
import { SequenceModel, type SequenceForwardOptions, type SequenceForwardResult } from './sequence-model';
import type { FloatArray, Parameter } from './tensor';

export type { LayerRecording } from './lstm-layer';

export interface ForwardOptions extends SequenceForwardOptions<LstmState> {
  /** Record i, f, g, o, c, h of every layer and step. Default false (and then free). */
  record?: boolean;
  /** Initial state, `[L, B, H]` each; omitted = zeros. */
  initialState?: LstmState;
}

/** `finalState` is `[L, B, H]` each (at each sequence's last real step); `recording` one entry per layer. */
export type ForwardResult = SequenceForwardResult<LstmState, LayerRecording[]>;

/** What `backward(true)` returns besides the parameter gradients. */
export interface InputGradients {
  /** dLoss/d(features) `[B, T, D]`, models without an embedding. */
  dFeatures?: FloatArray;
  /** dLoss/d(embedded tokens) `[B, T, E]` (the rows the embedding looked up), models with an embedding. */
  dEmbedded?: FloatArray;
  /** dLoss/d(h0, c0) `[L, B, H]`. */
  dh0?: FloatArray;
  dc0?: FloatArray;
}

export class LstmModel {
  readonly config: ModelConfig;
  readonly embedding: Embedding | null;
  readonly lstm: LstmStack;
  readonly head: Dense;
  private readonly composition: SequenceModel<Int32Array | FloatArray, LstmState, LayerRecording[]>;

  constructor(config: Partial<ModelConfig>, seed: number | Random = 0) {
    this.config = resolveModelConfig(config);
    if (this.config.cell !== 'lstm' || this.config.bidirectional || this.config.projSize > 0)
      throw new Error(`model config: ${describeCell(this.config)} is not built yet`);
    const c = this.config;
    const rng = typeof seed === 'number' ? new Random(seed) : seed;
    this.embedding = c.vocabSize > 0 ? new Embedding(c.vocabSize, c.embeddingDim, c.paddingIdx, c.dtype) : null;
    this.lstm = new LstmStack(lstmInputSize(c), c.hiddenSize, c.numLayers, c.dropout, c.dtype);
    this.head = new Dense(c.hiddenSize, c.outputSize, c.dtype);
    // Fixed order, so the same seed always gives the same parameters.
    if (this.embedding) initializeEmbedding(this.embedding, c.init, rng);
    for (const layer of this.lstm.layers) initializeLstmLayer(layer, c.init, rng);
    initializeDense(this.head, c.init, rng);

    const input: InputModule<Int32Array | FloatArray> = this.embedding ?? new FeatureInput(c.inputSize);
    this.composition = new SequenceModel<Int32Array | FloatArray, LstmState, LayerRecording[]>(c, {
      input,
      readInput: (batch) => {
        validateBatch(batch, { hasEmbedding: this.embedding !== null, inputSize: c.inputSize });
        return this.embedding ? batch.tokens! : batch.features!;
      },
      recurrent: this.lstm,
      head: this.head,
    });
  }

  /** The recurrent stack's layers, bottom first (one direction each). */
  recurrentLayers(): LstmLayer[] {
    return this.lstm.layers;
  }

  /** Every parameter, in PyTorch's `state_dict` order. */
  parameters(): Parameter[] {
    return this.composition.parameters();
  }

  parameterCount(): number {
    return this.parameters().reduce((n, p) => n + p.value.length, 0);
  }

  zeroGrad(): void {
    for (const p of this.parameters()) p.grad.fill(0);
  }

  forward(batch: Batch, options: ForwardOptions = {}): ForwardResult {
    return this.composition.forward(batch, options);
  }

  /**
   * Backpropagates the loss of the last forward (which must have had targets) into every parameter's
   * `grad` (accumulating). With `wantInputGrads`, also returns dLoss/d(features) `[B, T, D]` (models
   * without embedding), dLoss/d(embedded tokens) `[B, T, E]` (models with one) and dLoss/d(h0, c0)
   * `[L, B, H]`.
   */
  backward(wantInputGrads = false): InputGradients {
    return this.inputGradients(this.composition.backward(wantInputGrads));
  }

  /**
   * Backpropagates a given gradient on the head output instead of a loss's: `dOutput` has the layout of
   * `forward().output` (`[B, O]` or `[B, T, O]`). With a one-hot `dOutput` this is the gradient of one
   * logit — what gradient × input attribution needs. Parameter grads accumulate as in `backward`.
   */
  backwardFromOutput(dOutput: ArrayLike<number>, wantInputGrads = false): InputGradients {
    return this.inputGradients(this.composition.backwardFromOutput(dOutput, wantInputGrads));
  }

  private inputGradients(grads: { dInput: FloatArray; dInitialState: LstmState } | null): InputGradients {
    if (grads === null) return {};
    const result: InputGradients = { dh0: grads.dInitialState.h, dc0: grads.dInitialState.c };
    if (this.embedding) result.dEmbedded = grads.dInput;
    else result.dFeatures = grads.dInput;
    return result;
  }
}
