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
import {
  lstmInputSize,
  recurrentModulePath,
  recurrentOutputSize,
  resolveModelConfig,
  type ModelConfig,
} from './config';
import { Dense } from './dense';
import { Embedding } from './embedding';
import { FeatureInput } from './feature-input';
import { BidirectionalLayer, type BidirectionalRecording } from './bidirectional-layer';
import { GruLayer, type GruLayerRecording } from './gru-layer';
import { initializeDense, initializeEmbedding, initializeGruLayer, initializeLstmLayer } from './init';
import { LstmLayer, type LayerRecording } from './lstm-layer';
import type { RecurrentLayerFactory, RecurrentState } from './recurrent-layer';
import { createRecurrentStack, type RecurrentStack } from './recurrent-stack';
import type { InputModule } from './module';
import { Random } from './random';
import { SequenceModel, type SequenceForwardOptions, type SequenceForwardResult } from './sequence-model';
import type { FloatArray, Parameter } from './tensor';

export type { LayerRecording } from './lstm-layer';

export interface ForwardOptions extends SequenceForwardOptions<RecurrentState> {
  /** Record i, f, g, o, c, h of every layer and step. Default false (and then free). */
  record?: boolean;
  /** Initial state, `[L, B, H]` each; omitted = zeros. */
  initialState?: RecurrentState;
}

/** `finalState` is `[L, B, H]` each (at each sequence's last real step); `recording` one entry per layer. */
export type ForwardResult = SequenceForwardResult<RecurrentState, StackRecording[]>;

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
  /** The recurrent stack: LSTM or GRU layers, one or two directions (PyTorch's `nn.LSTM`/`nn.GRU`). */
  readonly recurrent: RecurrentStack<StackRecording>;
  readonly head: Dense;
  private readonly composition: SequenceModel<Int32Array | FloatArray, RecurrentState, StackRecording[]>;

  constructor(config: Partial<ModelConfig>, seed: number | Random = 0) {
    this.config = resolveModelConfig(config);
    const c = this.config;
    const rng = typeof seed === 'number' ? new Random(seed) : seed;
    this.embedding = c.vocabSize > 0 ? new Embedding(c.vocabSize, c.embeddingDim, c.paddingIdx, c.dtype) : null;
    this.recurrent = buildRecurrentStack(c);
    this.head = new Dense(recurrentOutputSize(c), c.outputSize, c.dtype);
    // Fixed order, so the same seed always gives the same parameters (PyTorch's order: each layer's
    // forward direction, then its backward one).
    if (this.embedding) initializeEmbedding(this.embedding, c.init, rng);
    for (const layer of this.recurrentLayers()) {
      if (layer instanceof GruLayer) initializeGruLayer(layer, c.init, rng);
      else initializeLstmLayer(layer, c.init, rng);
    }
    initializeDense(this.head, c.init, rng);

    const input: InputModule<Int32Array | FloatArray> = this.embedding ?? new FeatureInput(c.inputSize);
    this.composition = new SequenceModel<Int32Array | FloatArray, RecurrentState, StackRecording[]>(c, {
      input,
      readInput: (batch) => {
        validateBatch(batch, { hasEmbedding: this.embedding !== null, inputSize: c.inputSize });
        return this.embedding ? batch.tokens! : batch.features!;
      },
      recurrent: this.recurrent,
      head: this.head,
    });
  }

  /** Every single-direction layer, bottom first, each layer's forward direction before its backward one. */
  recurrentLayers(): (LstmLayer | GruLayer)[] {
    return this.recurrent.layers.flatMap((layer) =>
      layer instanceof BidirectionalLayer
        ? [layer.forwardLayer as LstmLayer | GruLayer, layer.backwardLayer as LstmLayer | GruLayer]
        : [layer as LstmLayer | GruLayer],
    );
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

  private inputGradients(grads: { dInput: FloatArray; dInitialState: RecurrentState } | null): InputGradients {
    if (grads === null) return {};
    const result: InputGradients = { dh0: grads.dInitialState.h, dc0: grads.dInitialState.c };
    if (this.embedding) result.dEmbedded = grads.dInput;
    else result.dFeatures = grads.dInput;
    return result;
  }
}

/** One layer's recording: an LSTM's (i, f, g, o, c, h; m with a projection), a GRU's (r, z, n, h), or both directions'. */
export type CellRecording = LayerRecording | GruLayerRecording;
export type StackRecording = CellRecording | BidirectionalRecording<CellRecording>;

/** The stack the config describes: LSTM (projected or not) or GRU layers, in one or two directions. */
function buildRecurrentStack(c: ModelConfig): RecurrentStack<StackRecording> {
  const dropout = c.numLayers > 1 ? c.dropout : 0;
  const makeLayer: RecurrentLayerFactory<CellRecording> = (layerIndex, inputSize, hiddenSize, dtype, naming) =>
    c.cell === 'gru'
      ? new GruLayer(layerIndex, inputSize, hiddenSize, dtype, naming)
      : new LstmLayer(layerIndex, inputSize, hiddenSize, dtype, naming, c.projSize);
  return createRecurrentStack<CellRecording>({
    makeLayer,
    inputSize: lstmInputSize(c),
    hiddenSize: c.hiddenSize,
    numLayers: c.numLayers,
    bidirectional: c.bidirectional,
    dropout,
    dtype: c.dtype,
    module: recurrentModulePath(c),
  }) as RecurrentStack<StackRecording>;
}
