/**
 * A sequence-to-sequence model (Sutskever et al. 2014 with Luong et al. 2015's global attention): an
 * encoder — embedding → LSTM or GRU stack — reads the source; a decoder — embedding → a stack of the same
 * cell, started from the encoder's final state — reads the target shifted right (`<sos> y₁ … yₙ₋₁`,
 * teacher forcing); attention over the encoder's outputs turns each decoder output into the attentional
 * state (attention.ts) and a linear head gives the next-token logits; the loss is the cross-entropy over
 * the target tokens that are not padding, averaged over them.
 *
 * Parameters are a PyTorch module's (`encoder.embedding.weight`, `encoder.lstm.weight_ih_l0`, …,
 * `decoder.embedding.weight`, `decoder.lstm.…`, `attention.…`, `head.weight`, `head.bias`), in that
 * order. The encoder and the decoder each run on a pass of their own geometry (source and target steps
 * and lengths); backward carries the decoder's initial-state gradient into the encoder's final state,
 * and attention's memory gradient into the encoder's outputs.
 *
 * Vocabularies are often far smaller than a batch's T·B token rows (characters, dates, digits), so each
 * side offers its first layer the embedding's table and ids (`Pass.embeddedInput`): a layer that takes them
 * projects V table rows instead of T·B input rows, and its backward gives the table's gradient directly.
 */

import { Attention, type AttentionScore } from './attention';
import { Dense } from './dense';
import { Embedding } from './embedding';
import { GruLayer } from './gru-layer';
import { kernelsFor } from './kernels/choose';
import type { EmbeddedInput } from './kernels/kernels';
import { softmaxCrossEntropy } from './losses';
import { LstmLayer } from './lstm-layer';
import { Pass } from './module';
import type { Random } from './random';
import type { RecurrentLayerFactory, RecurrentState } from './recurrent-layer';
import { createRecurrentStack, type RecurrentStack } from './recurrent-stack';
import type { DType, FloatArray, Parameter } from './tensor';

export type EncoderDecoderAttention = AttentionScore | 'none';

export interface EncoderDecoderConfig {
  sourceVocabSize: number;
  targetVocabSize: number;
  /** Width of both embeddings. */
  embeddingDim: number;
  /** Width of every layer of the encoder and the decoder (the decoder starts from the encoder's state). */
  hiddenSize: number;
  /** Layers of the encoder and of the decoder. */
  numLayers: number;
  cell: 'lstm' | 'gru';
  attention: EncoderDecoderAttention;
  /** Width of the additive score's hidden layer (`attention: 'additive'`). */
  attentionSize: number;
  /** Dropout between stacked layers while training. */
  dropout: number;
  /** The `<pad>` id of both vocabularies (its embedding row gets no gradient). */
  paddingIdx: number;
  dtype: DType;
}

/**
 * A batch of pairs, batch-major and right-padded: source ids `[B, Ts]` with their lengths, the decoder's
 * input ids `[B, Td]` (`<sos>` then the target but its last token) with their lengths, and, for a loss,
 * the ids to predict `[B, Td]` (the target then `<eos>`), valid at steps below the target lengths.
 */
export interface PairBatch {
  batchSize: number;
  sourceSteps: number;
  source: Int32Array;
  sourceLengths: Int32Array;
  targetSteps: number;
  targetInput: Int32Array;
  targetLengths: Int32Array;
  targets?: Int32Array;
}

export interface PairForwardOptions {
  /** Dropout on (needs `rng` when dropout > 0). */
  training?: boolean;
  rng?: Random;
}

export interface PairForwardResult {
  /** Mean cross-entropy over the target tokens (NaN without targets). */
  loss: number;
  /** Valid target tokens the loss averaged over. */
  tokens: number;
}

export class EncoderDecoderModel {
  readonly sourceEmbedding: Embedding;
  readonly encoder: RecurrentStack<object>;
  readonly targetEmbedding: Embedding;
  readonly decoder: RecurrentStack<object>;
  readonly attention: Attention | null;
  readonly head: Dense;

  private readonly encoderPass: Pass;
  private readonly decoderPass: Pass;
  private lastBatch: PairBatch | null = null;
  private hasLoss = false;
  // Workspaces, grown on demand and reused.
  private logits: FloatArray | null = null;
  private dLogits: FloatArray | null = null;
  private dHeadInput: FloatArray | null = null;
  private dDecoderOutputs: FloatArray | null = null;
  private dEncoderOutputs: FloatArray | null = null;
  private dTargetEmbedded: FloatArray | null = null;
  private dSourceEmbedded: FloatArray | null = null;
  private headInput: FloatArray | null = null;
  private targetsTimeMajor = new Int32Array(0);
  private validRows = new Uint8Array(0);
  /** What each side offers its first layer (reused), and whether the last forward's layer took it. */
  private readonly sourceOffer = emptyOffer();
  private readonly targetOffer = emptyOffer();

  constructor(readonly config: EncoderDecoderConfig) {
    const c = config;
    const makeLayer: RecurrentLayerFactory<object> = (layerIndex, inputSize, hiddenSize, dtype, naming) =>
      c.cell === 'gru'
        ? new GruLayer(layerIndex, inputSize, hiddenSize, dtype, naming)
        : new LstmLayer(layerIndex, inputSize, hiddenSize, dtype, naming);
    const stack = (module: string) =>
      createRecurrentStack<object>({
        makeLayer,
        inputSize: c.embeddingDim,
        hiddenSize: c.hiddenSize,
        numLayers: c.numLayers,
        dropout: c.numLayers > 1 ? c.dropout : 0,
        dtype: c.dtype,
        module,
      });
    this.sourceEmbedding = new Embedding(c.sourceVocabSize, c.embeddingDim, c.paddingIdx, c.dtype, 'encoder.embedding');
    this.encoder = stack(`encoder.${c.cell}`);
    this.targetEmbedding = new Embedding(c.targetVocabSize, c.embeddingDim, c.paddingIdx, c.dtype, 'decoder.embedding');
    this.decoder = stack(`decoder.${c.cell}`);
    this.attention =
      c.attention === 'none'
        ? null
        : new Attention(
            c.attention,
            { querySize: c.hiddenSize, memorySize: c.hiddenSize, scoreSize: c.attentionSize },
            c.dtype,
          );
    this.head = new Dense(c.hiddenSize, c.targetVocabSize, c.dtype, 'head');
    this.encoderPass = new Pass(kernelsFor(c.dtype));
    this.decoderPass = new Pass(kernelsFor(c.dtype));
  }

  /** PyTorch's `state_dict` order: encoder (embedding, stack), decoder (embedding, stack), attention, head. */
  parameters(): Parameter[] {
    return [
      ...this.sourceEmbedding.parameters(),
      ...this.encoder.parameters(),
      ...this.targetEmbedding.parameters(),
      ...this.decoder.parameters(),
      ...(this.attention?.parameters() ?? []),
      ...this.head.parameters(),
    ];
  }

  zeroGrad(): void {
    for (const p of this.parameters()) p.grad.fill(0);
  }

  forward(batch: PairBatch, options: PairForwardOptions = {}): PairForwardResult {
    const c = this.config;
    const { batchSize: B, sourceSteps: Ts, targetSteps: Td } = batch;
    checkPairBatch(batch);
    const training = options.training === true;
    const rng = options.rng ?? null;
    const kernels = kernelsFor(c.dtype);
    const ep = this.encoderPass.begin(kernels, B, Ts, batch.sourceLengths, training, rng);
    const dp = this.decoderPass.begin(kernels, B, Td, batch.targetLengths, training, rng);
    this.lastBatch = batch;

    // memory (Ts, B, H) ← encoder(embed(source)); the decoder starts from the encoder's final state
    const xs = this.sourceEmbedding.forward(ep, batch.source);
    offerEmbeddedInput(ep, this.sourceOffer, this.encoder, this.sourceEmbedding, xs, batch.source, c.paddingIdx);
    const memory = this.encoder.forward(ep, xs, null);
    const state: RecurrentState = this.encoder.finalState();
    const xd = this.targetEmbedding.forward(dp, batch.targetInput);
    offerEmbeddedInput(dp, this.targetOffer, this.decoder, this.targetEmbedding, xd, batch.targetInput, c.paddingIdx);
    const decoded = this.decoder.forward(dp, xd, state);
    // headInput (Td, B, H): the attentional states, or the decoder's outputs without attention
    const headInput = (this.headInput = this.attention
      ? this.attention.forward(dp, Td, Ts, decoded, memory, batch.sourceLengths)
      : decoded);
    const V = c.targetVocabSize;
    const logits = (this.logits = kernels.ensure(this.logits, Td * B * V));
    this.head.forward(Td * B, headInput, 0, logits, kernels);

    this.hasLoss = batch.targets !== undefined;
    if (!this.hasLoss) return { loss: NaN, tokens: 0 };
    return this.loss(batch);
  }

  /** After forward: logits `[Td, B, V]` (time-major; a view valid until the next forward). */
  logitsView(): FloatArray {
    const b = this.lastBatch!;
    return this.logits!.subarray(0, b.targetSteps * b.batchSize * this.config.targetVocabSize);
  }

  /** After forward: the attention weights `[Td, B, Ts]` (a view), or null without attention. */
  attentionWeights(): FloatArray | null {
    return this.attention ? this.attention.attentionWeights() : null;
  }

  // loss = mean over valid (t, b) of −log softmax(logits[t, b])[targets[b, t]]; leaves dLoss/dlogits
  private loss(batch: PairBatch): PairForwardResult {
    const { batchSize: B, targetSteps: Td } = batch;
    const rows = Td * B;
    const V = this.config.targetVocabSize;
    if (this.targetsTimeMajor.length < rows) this.targetsTimeMajor = new Int32Array(rows);
    if (this.validRows.length < rows) this.validRows = new Uint8Array(rows);
    const targets = this.targetsTimeMajor;
    const valid = this.validRows.subarray(0, rows);
    let tokens = 0;
    for (let b = 0; b < B; b++)
      for (let t = 0; t < Td; t++) {
        const isValid = t < batch.targetLengths[b] ? 1 : 0;
        valid[t * B + b] = isValid;
        targets[t * B + b] = batch.targets![b * Td + t];
        tokens += isValid;
      }
    const dLogits = (this.dLogits = this.decoderPass.kernels.ensure(this.dLogits, rows * V));
    const loss = softmaxCrossEntropy(rows, V, this.logits!, targets, valid, dLogits);
    return { loss, tokens };
  }

  /** Backpropagates the last forward's loss into every parameter's `grad` (accumulating). */
  backward(): void {
    const batch = this.lastBatch;
    if (!batch || !this.hasLoss) throw new Error('backward: call forward with targets first');
    const c = this.config;
    const { batchSize: B, sourceSteps: Ts, targetSteps: Td } = batch;
    const H = c.hiddenSize;
    const E = c.embeddingDim;
    const ep = this.encoderPass;
    const dp = this.decoderPass;
    const kernels = dp.kernels;

    const dHead = (this.dHeadInput = kernels.ensure(this.dHeadInput, Td * B * H));
    this.head.backward(Td * B, this.headInput!, 0, this.dLogits!, dHead, kernels);
    let dDecoded = dHead;
    let dMemory: FloatArray | null = null;
    if (this.attention) {
      dDecoded = this.dDecoderOutputs = kernels.ensure(this.dDecoderOutputs, Td * B * H);
      dMemory = this.dEncoderOutputs = kernels.ensure(this.dEncoderOutputs, Ts * B * H);
      this.attention.backward(dp, dHead, dDecoded, dMemory);
    }
    // A first layer that took the embedded input has already accumulated the table's gradient.
    if (this.targetOffer.taken) this.decoder.backward(dp, { dOutputs: dDecoded }, null);
    else {
      const dxd = (this.dTargetEmbedded = kernels.ensure(this.dTargetEmbedded, Td * B * E));
      this.decoder.backward(dp, { dOutputs: dDecoded }, dxd);
      this.targetEmbedding.backward(dp, batch.targetInput, dxd);
    }
    // The decoder's initial state was the encoder's final state: its gradient flows back into the encoder.
    const dState = this.decoder.initialStateGrads();
    if (this.sourceOffer.taken) this.encoder.backward(ep, { dOutputs: dMemory, dFinalState: dState }, null);
    else {
      const dxs = (this.dSourceEmbedded = kernels.ensure(this.dSourceEmbedded, Ts * B * E));
      this.encoder.backward(ep, { dOutputs: dMemory, dFinalState: dState }, dxs);
      this.sourceEmbedding.backward(ep, batch.source, dxs);
    }
  }
}

interface EmbeddedOffer {
  x: FloatArray;
  rows: EmbeddedInput;
  taken: boolean;
}

function emptyOffer(): EmbeddedOffer {
  const none = new Float32Array(0);
  return {
    x: none,
    rows: { ids: new Int32Array(0), table: none, tableGrad: none, vocabSize: 0, paddingIdx: 0 },
    taken: false,
  };
}

/**
 * Offers the pass's first layer the embedding's table in place of its output x (T, B, E), when the
 * vocabulary has fewer rows than the batch has token rows (else the per-row products are the cheaper ones).
 * Single-direction stacks only: a bidirectional first layer's forward half would take it while its
 * backward half reads a reversed copy of x, and both halves' dX are needed. ids (T·B) are the batch-major
 * tokens (B, T) in x's time-major row order.
 */
function offerEmbeddedInput(
  pass: Pass,
  offer: EmbeddedOffer,
  stack: RecurrentStack<object>,
  embedding: Embedding,
  x: FloatArray,
  tokens: Int32Array,
  paddingIdx: number,
): void {
  const { B, T } = pass;
  offer.taken = false;
  if (stack.directions !== 1 || embedding.vocabSize >= T * B) return;
  if (offer.rows.ids.length < T * B) offer.rows.ids = new Int32Array(T * B);
  const ids = offer.rows.ids;
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) ids[t * B + b] = tokens[b * T + t];
  offer.x = x;
  offer.rows.table = embedding.weight.value;
  offer.rows.tableGrad = embedding.weight.grad;
  offer.rows.vocabSize = embedding.vocabSize;
  offer.rows.paddingIdx = paddingIdx;
  pass.embeddedInput = offer;
}

function checkPairBatch(batch: PairBatch): void {
  const { batchSize: B, sourceSteps: Ts, targetSteps: Td } = batch;
  if (batch.source.length !== B * Ts) throw new Error(`pair batch: source must hold ${B * Ts} ids`);
  if (batch.targetInput.length !== B * Td) throw new Error(`pair batch: target input must hold ${B * Td} ids`);
  if (batch.targets && batch.targets.length !== B * Td) throw new Error(`pair batch: targets must hold ${B * Td} ids`);
  for (let b = 0; b < B; b++) {
    if (!(batch.sourceLengths[b] >= 1 && batch.sourceLengths[b] <= Ts))
      throw new Error(`pair batch: source length ${batch.sourceLengths[b]} of sequence ${b} is not in 1…${Ts}`);
    if (!(batch.targetLengths[b] >= 1 && batch.targetLengths[b] <= Td))
      throw new Error(`pair batch: target length ${batch.targetLengths[b]} of sequence ${b} is not in 1…${Td}`);
  }
}
