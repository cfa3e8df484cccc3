/**
 * The model: optional embedding → stacked LSTM → dense head → loss. Parameters carry PyTorch names
 * (`embedding.weight`, `lstm.weight_ih_l0`, …, `head.weight`, `head.bias`), so a checkpoint maps onto
 * `nn.Embedding` + `nn.LSTM(batch_first=True)` + `nn.Linear` one to one.
 *
 * The head reads the last real step of each sequence (`headOn: 'last'`, which with right padding is the
 * final carried state h_n of the top layer) or every step (`'every'`, padded steps masked from the loss).
 */

import type { Batch } from './batch';
import { validateBatch } from './batch';
import { lstmInputSize, resolveModelConfig, type ModelConfig } from './config';
import { Dense } from './dense';
import { Embedding } from './embedding';
import { initializeDense, initializeEmbedding, initializeLstmLayer } from './init';
import { binaryCrossEntropyWithLogits, meanSquaredError, softmaxCrossEntropy } from './losses';
import { LstmStack, transposeBatchTime, transposeTimeBatch } from './lstm-stack';
import { Random } from './random';
import { allocate, ensureCapacity, type FloatArray, type Parameter } from './tensor';

export interface ForwardOptions {
  /** Training mode: dropout on (needs `rng` when dropout > 0). Default false. */
  training?: boolean;
  rng?: Random;
  /** Record i, f, g, o, c, h of every layer and step. Default false (and then free). */
  record?: boolean;
  /** Initial state, `[L, B, H]` each; omitted = zeros. */
  initialState?: { h: FloatArray; c: FloatArray };
}

/** Per layer, six `[B, T, H]` arrays (batch-major; zero at padded steps for the gates). */
export interface LayerRecording {
  i: FloatArray;
  f: FloatArray;
  g: FloatArray;
  o: FloatArray;
  c: FloatArray;
  h: FloatArray;
}

export interface ForwardResult {
  /** Mean loss over the batch (NaN when the batch has no targets). */
  loss: number;
  /** Head output, batch-major: `[B, O]` (head on last) or `[B, T, O]` (head on every step). A fresh copy. */
  output: FloatArray;
  /** Final state `[L, B, H]` each (at each sequence's last real step). */
  finalState: { h: FloatArray; c: FloatArray };
  recording?: LayerRecording[];
}

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

  // Per-batch workspaces, grown on demand and reused.
  private inputTimeMajor: FloatArray | null = null;
  private inputGradTimeMajor: FloatArray | null = null;
  private headInput: FloatArray | null = null;
  private headOutput: FloatArray | null = null;
  private headOutputGrad: FloatArray | null = null;
  private headInputGrad: FloatArray | null = null;
  private finalStateGrad: FloatArray | null = null;
  private targetsTimeMajor: Float64Array = new Float64Array(0);
  private validRows: Uint8Array = new Uint8Array(0);
  private lastBatch: Batch | null = null;
  private hasLoss = false;

  constructor(config: Partial<ModelConfig>, seed: number | Random = 0) {
    this.config = resolveModelConfig(config);
    const c = this.config;
    const rng = typeof seed === 'number' ? new Random(seed) : seed;
    this.embedding = c.vocabSize > 0 ? new Embedding(c.vocabSize, c.embeddingDim, c.paddingIdx, c.dtype) : null;
    this.lstm = new LstmStack(lstmInputSize(c), c.hiddenSize, c.numLayers, c.dropout, c.dtype);
    this.head = new Dense(c.hiddenSize, c.outputSize, c.dtype);
    // Fixed order, so the same seed always gives the same parameters.
    if (this.embedding) initializeEmbedding(this.embedding, c.init, rng);
    for (const layer of this.lstm.layers) initializeLstmLayer(layer, c.init, rng);
    initializeDense(this.head, c.init, rng);
  }

  /** Every parameter, in PyTorch's `state_dict` order. */
  parameters(): Parameter[] {
    return [...(this.embedding ? [this.embedding.weight] : []), ...this.lstm.parameters(), ...this.head.parameters()];
  }

  parameterCount(): number {
    return this.parameters().reduce((n, p) => n + p.value.length, 0);
  }

  zeroGrad(): void {
    for (const p of this.parameters()) p.grad.fill(0);
  }

  forward(batch: Batch, options: ForwardOptions = {}): ForwardResult {
    const c = this.config;
    validateBatch(batch, { hasEmbedding: this.embedding !== null, inputSize: c.inputSize });
    const { batchSize: B, steps: T } = batch;
    const D = lstmInputSize(c);
    const H = c.hiddenSize;
    const O = c.outputSize;
    const lengths = batch.lengths ?? null;
    this.lastBatch = batch;

    const x = (this.inputTimeMajor = ensureCapacity(this.inputTimeMajor, T * B * D, c.dtype));
    if (this.embedding) this.embedding.forwardTimeMajor(batch.tokens!, B, T, x);
    else transposeBatchTime(batch.features!, B, T, D, x);

    const hidden = this.lstm.forwardTimeMajor(x, T, B, {
      lengths,
      h0: options.initialState?.h ?? null,
      c0: options.initialState?.c ?? null,
      training: options.training,
      rng: options.rng,
    });

    // Head input: h_n of the top layer (B, H) — the last real step of each sequence — or every step (T·B, H).
    const rows = c.headOn === 'last' ? B : T * B;
    const headIn = c.headOn === 'last' ? hidden.subarray(T * B * H, (T + 1) * B * H) : hidden.subarray(B * H, (T + 1) * B * H);
    this.headInput = headIn;
    const y = (this.headOutput = ensureCapacity(this.headOutput, rows * O, c.dtype));
    this.head.forward(rows, headIn, 0, y);

    let loss = NaN;
    this.hasLoss = batch.targets !== undefined && batch.targets !== null;
    if (this.hasLoss) loss = this.computeLoss(batch, rows);

    let output: FloatArray;
    if (c.headOn === 'last') output = y.slice(0, rows * O) as FloatArray;
    else {
      output = allocate(c.dtype, B * T * O);
      transposeTimeBatch(y, 0, T, B, O, output);
    }
    const result: ForwardResult = { loss, output, finalState: this.lstm.finalState() };
    if (options.record) result.recording = this.recordGates(B, T);
    return result;
  }

  /** Loss over the head output; leaves dLoss/dy in headOutputGrad. */
  private computeLoss(batch: Batch, rows: number): number {
    const c = this.config;
    const { batchSize: B, steps: T } = batch;
    const O = c.outputSize;
    const dy = (this.headOutputGrad = ensureCapacity(this.headOutputGrad, rows * O, c.dtype));
    const y = this.headOutput!;
    const targets = batch.targets!;
    let valid: Uint8Array | null = null;
    let rowTargets: ArrayLike<number> = targets;
    if (c.headOn === 'every') {
      // Head rows are time-major (t·B + b); targets are batch-major (b·T + t): reorder once, and mark padding.
      const width = c.loss === 'mse' ? O : 1;
      if (targets.length !== B * T * width) throw new Error(`batch: targets must hold ${B * T * width} values for a per-step head`);
      if (this.targetsTimeMajor.length < rows * width) this.targetsTimeMajor = new Float64Array(rows * width);
      if (this.validRows.length < rows) this.validRows = new Uint8Array(rows);
      const reordered = this.targetsTimeMajor;
      valid = this.validRows.subarray(0, rows);
      for (let b = 0; b < B; b++) {
        const length = batch.lengths ? batch.lengths[b] : T;
        for (let t = 0; t < T; t++) {
          valid[t * B + b] = t < length ? 1 : 0;
          for (let w = 0; w < width; w++) reordered[(t * B + b) * width + w] = targets[(b * T + t) * width + w];
        }
      }
      rowTargets = reordered;
    } else {
      const width = c.loss === 'mse' ? O : 1;
      if (targets.length !== B * width) throw new Error(`batch: targets must hold ${B * width} values for a last-step head`);
    }
    switch (c.loss) {
      case 'bce':
        return binaryCrossEntropyWithLogits(rows, y, rowTargets, valid, dy);
      case 'softmax-ce':
        return softmaxCrossEntropy(rows, O, y, rowTargets, valid, dy);
      case 'mse':
        return meanSquaredError(rows, O, y, rowTargets, valid, dy);
    }
  }

  /**
   * Backpropagates the loss of the last forward (which must have had targets) into every parameter's
   * `grad` (accumulating). With `wantInputGrads`, also returns dLoss/d(features) `[B, T, D]` (models
   * without embedding), dLoss/d(embedded tokens) `[B, T, E]` (models with one) and dLoss/d(h0, c0)
   * `[L, B, H]`.
   */
  backward(wantInputGrads = false): InputGradients {
    if (!this.lastBatch || !this.hasLoss) throw new Error('backward: call forward with targets first');
    return this.backpropagate(wantInputGrads);
  }

  /**
   * Backpropagates a given gradient on the head output instead of a loss's: `dOutput` has the layout of
   * `forward().output` (`[B, O]` or `[B, T, O]`). With a one-hot `dOutput` this is the gradient of one
   * logit — what gradient × input attribution needs. Parameter grads accumulate as in `backward`.
   */
  backwardFromOutput(dOutput: ArrayLike<number>, wantInputGrads = false): InputGradients {
    const batch = this.lastBatch;
    if (!batch) throw new Error('backwardFromOutput: call forward first');
    const c = this.config;
    const { batchSize: B, steps: T } = batch;
    const O = c.outputSize;
    const rows = c.headOn === 'last' ? B : T * B;
    if (dOutput.length !== rows * O) throw new Error(`backwardFromOutput: dOutput must hold ${rows * O} values`);
    const dy = (this.headOutputGrad = ensureCapacity(this.headOutputGrad, rows * O, c.dtype));
    if (c.headOn === 'last') for (let k = 0; k < rows * O; k++) dy[k] = dOutput[k];
    else {
      // Head rows are time-major (t·B + b); dOutput is batch-major (b·T + t).
      for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let o = 0; o < O; o++) dy[(t * B + b) * O + o] = dOutput[(b * T + t) * O + o];
    }
    return this.backpropagate(wantInputGrads);
  }

  /** Backward from the head output gradient in `headOutputGrad`. */
  private backpropagate(wantInputGrads: boolean): InputGradients {
    const batch = this.lastBatch!;
    const c = this.config;
    const { batchSize: B, steps: T } = batch;
    const H = c.hiddenSize;
    const D = lstmInputSize(c);
    const rows = c.headOn === 'last' ? B : T * B;
    const dHeadIn = (this.headInputGrad = ensureCapacity(this.headInputGrad, rows * H, c.dtype));
    this.head.backward(rows, this.headInput!, 0, this.headOutputGrad!, dHeadIn);

    const needInputGrad = this.embedding !== null || wantInputGrads;
    const dx = needInputGrad ? (this.inputGradTimeMajor = ensureCapacity(this.inputGradTimeMajor, T * B * D, c.dtype)) : null;
    if (c.headOn === 'last') {
      // The head read h_n of the top layer: its gradient enters as dh_n of that layer.
      const L = c.numLayers;
      const dhN = (this.finalStateGrad = ensureCapacity(this.finalStateGrad, L * B * H, c.dtype));
      dhN.fill(0, 0, (L - 1) * B * H);
      dhN.set(dHeadIn.subarray(0, B * H), (L - 1) * B * H);
      this.lstm.backwardTimeMajor(null, dhN, null, dx);
    } else {
      this.lstm.backwardTimeMajor(dHeadIn, null, null, dx);
    }
    if (this.embedding) this.embedding.backwardTimeMajor(batch.tokens!, B, T, dx!);
    if (!wantInputGrads) return {};
    const { dh0, dc0 } = this.lstm.initialStateGrads();
    const result: InputGradients = { dh0, dc0 };
    const dInput = allocate(c.dtype, B * T * D);
    transposeTimeBatch(dx!, 0, T, B, D, dInput);
    if (this.embedding) result.dEmbedded = dInput;
    else result.dFeatures = dInput;
    return result;
  }

  /** Copies the gate caches of the last forward into batch-major `[B, T, H]` arrays per layer. */
  private recordGates(B: number, T: number): LayerRecording[] {
    const H = this.config.hiddenSize;
    const dtype = this.config.dtype;
    return this.lstm.layers.map((layer) => {
      const gates = layer.gateActivations();
      const cells = layer.cellStates();
      const hidden = layer.hiddenStates();
      const rec: LayerRecording = {
        i: allocate(dtype, B * T * H),
        f: allocate(dtype, B * T * H),
        g: allocate(dtype, B * T * H),
        o: allocate(dtype, B * T * H),
        c: allocate(dtype, B * T * H),
        h: allocate(dtype, B * T * H),
      };
      const lengths = this.lastBatch?.lengths;
      // Row by row with TypedArray.set (a memory copy): a 1 000-step recording of two 256-unit layers is
      // 3 M values, several times faster than element by element.
      for (let b = 0; b < B; b++) {
        const length = lengths ? lengths[b] : T;
        for (let t = 0; t < length; t++) {
          const dst = (b * T + t) * H;
          const gateRow = (t * B + b) * 4 * H;
          const stateRow = ((t + 1) * B + b) * H;
          rec.i.set(gates.subarray(gateRow, gateRow + H), dst);
          rec.f.set(gates.subarray(gateRow + H, gateRow + 2 * H), dst);
          rec.g.set(gates.subarray(gateRow + 2 * H, gateRow + 3 * H), dst);
          rec.o.set(gates.subarray(gateRow + 3 * H, gateRow + 4 * H), dst);
          rec.c.set(cells.subarray(stateRow, stateRow + H), dst);
          rec.h.set(hidden.subarray(stateRow, stateRow + H), dst);
        }
      }
      return rec;
    });
  }
}
