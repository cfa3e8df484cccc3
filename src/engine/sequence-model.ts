/**
 * A sequence model as a composition of modules: input → recurrent stack → head → loss. The input module
 * turns the batch into time-major x `[T, B, D]`; the recurrent module runs over it; the head reads each
 * sequence's last real step (`headOn: 'last'`, which with right padding is the top layer's final output),
 * every step (`'every'`, padded steps masked from the loss) or the mean of the outputs over each
 * sequence's real steps (`'mean'`, mean-pool.ts); the loss compares the head's output with the batch's
 * targets.
 *
 * `LstmModel` (model.ts) is this composition with an embedding or the raw features, an `nn.LSTM` stack
 * and an `nn.Linear` head; a GRU stack or a bidirectional one is another recurrent module in the same
 * place. Every pass picks its kernels once, at the start of forward, and backward runs on them.
 */

import type { Batch } from './batch';
import { DEFAULT_QUANTILE_LEVELS, paramsPerValue, type HeadPosition, type LossKind } from './config';
import { CtcLoss } from './ctc';
import { kernelsFor } from './kernels/choose';
import { gaussianNegativeLogLikelihood, pinballLoss } from './distribution-losses';
import { meanOverValidSteps, meanOverValidStepsBackward } from './mean-pool';
import { binaryCrossEntropyWithLogits, meanSquaredError, softmaxCrossEntropy } from './losses';
import { Pass, type InputModule, type RecurrentModule, type RowModule } from './module';
import type { Random } from './random';
import { transposeTimeBatch } from './transpose';
import { allocate, type DType, type FloatArray, type Parameter } from './tensor';

export interface SequenceModelParts<Input, State, Recording> {
  input: InputModule<Input>;
  /** What the input module reads from a batch (token ids, features); throws when the batch does not fit the model. */
  readInput(batch: Batch): Input;
  recurrent: RecurrentModule<State, Recording>;
  head: RowModule;
}

/** How the head meets the loss. */
export interface SequenceModelOptions {
  dtype: DType;
  headOn: HeadPosition;
  loss: LossKind;
  /** The head's width O. */
  outputSize: number;
  /** The levels of a `quantile` loss (default 0.1, 0.5, 0.9). */
  quantiles?: readonly number[];
}

export interface SequenceForwardOptions<State> {
  /** Training mode: dropout on (needs `rng` when dropout > 0). Default false. */
  training?: boolean;
  rng?: Random;
  /** Record the recurrent cells' internals (the gate views). Default false (and then free). */
  record?: boolean;
  /** Initial state of the recurrent module; omitted = zeros. */
  initialState?: State;
}

export interface SequenceForwardResult<State, Recording> {
  /** Mean loss over the batch (NaN when the batch has no targets). */
  loss: number;
  /** Head output, batch-major: `[B, O]` (head on last or mean) or `[B, T, O]` (head on every step). A fresh copy. */
  output: FloatArray;
  /** Final state of the recurrent module (at each sequence's last real step). */
  finalState: State;
  recording?: Recording;
}

export interface SequenceInputGradients<State> {
  /** dLoss/dx `[B, T, D]`: the input module's output (embedded tokens, or the features). */
  dInput: FloatArray;
  /** dLoss/d(initial state). */
  dInitialState: State;
}

export class SequenceModel<Input, State, Recording> {
  readonly input: InputModule<Input>;
  readonly recurrent: RecurrentModule<State, Recording>;
  readonly head: RowModule;
  private readonly readInput: (batch: Batch) => Input;

  /** The pass of the last forward: its geometry and kernels serve the matching backward. */
  private readonly pass: Pass;
  private lastBatch: Batch | null = null;
  private lastInput: Input | null = null;
  private hasLoss = false;
  // Per-batch workspaces, grown on demand and reused.
  private headInput: FloatArray | null = null;
  private headOutput: FloatArray | null = null;
  private headOutputGrad: FloatArray | null = null;
  private headInputGrad: FloatArray | null = null;
  private inputGrad: FloatArray | null = null;
  /** Head on the mean: the pooled outputs `[B, H]`, and the outputs' gradient `[T, B, H]` spread from theirs. */
  private pooledHeadInput: FloatArray | null = null;
  private pooledOutputsGrad: FloatArray | null = null;
  private targetsTimeMajor: Float64Array = new Float64Array(0);
  private validRows: Uint8Array = new Uint8Array(0);
  /** The CTC loss's workspaces (a `ctc` model only), made at its first batch. */
  private ctc: CtcLoss | null = null;

  constructor(
    readonly options: SequenceModelOptions,
    parts: SequenceModelParts<Input, State, Recording>,
  ) {
    this.input = parts.input;
    this.recurrent = parts.recurrent;
    this.head = parts.head;
    this.readInput = parts.readInput;
    this.pass = new Pass(kernelsFor(options.dtype));
  }

  /** Every parameter in data-flow order (input, recurrent, head): PyTorch's `state_dict` order. */
  parameters(): Parameter[] {
    return [...this.input.parameters(), ...this.recurrent.parameters(), ...this.head.parameters()];
  }

  forward(batch: Batch, options: SequenceForwardOptions<State> = {}): SequenceForwardResult<State, Recording> {
    const input = this.readInput(batch);
    const { batchSize: B, steps: T } = batch;
    const O = this.options.outputSize;
    const pass = this.pass.begin(
      kernelsFor(this.options.dtype),
      B,
      T,
      batch.lengths ?? null,
      options.training === true,
      options.rng ?? null,
    );
    this.lastBatch = batch;
    this.lastInput = input;

    const x = this.input.forward(pass, input);
    const outputs = this.recurrent.forward(pass, x, options.initialState ?? null);

    // Head input: the top output at each sequence's last real step (B, H), their mean over the real
    // steps (B, H), or every step (T·B, H).
    const rows = this.headRows(B, T);
    const headIn = (this.headInput = this.headInputOf(pass, outputs));
    const y = (this.headOutput = pass.kernels.ensure(this.headOutput, rows * O));
    this.head.forward(rows, headIn, 0, y, pass.kernels);

    let loss = NaN;
    this.hasLoss = batch.targets !== undefined && batch.targets !== null;
    if (this.hasLoss) loss = this.computeLoss(batch, rows);

    let output: FloatArray;
    if (this.options.headOn !== 'every') output = y.slice(0, rows * O) as FloatArray;
    else {
      output = allocate(this.options.dtype, B * T * O);
      transposeTimeBatch(y, 0, B, T, O, output);
    }
    const result: SequenceForwardResult<State, Recording> = {
      loss,
      output,
      finalState: this.recurrent.finalState(pass),
    };
    if (options.record && this.recurrent.recordGates) result.recording = this.recurrent.recordGates(pass);
    return result;
  }

  private headRows(B: number, T: number): number {
    return this.options.headOn === 'every' ? T * B : B;
  }

  /** What the head reads, by `headOn` (see the module comment). */
  private headInputOf(pass: Pass, outputs: FloatArray): FloatArray {
    const { headOn } = this.options;
    if (headOn === 'last') return this.recurrent.lastOutput(pass);
    if (headOn === 'every') return outputs;
    const H = this.head.inFeatures;
    const pooled = (this.pooledHeadInput = pass.kernels.ensure(this.pooledHeadInput, pass.B * H));
    meanOverValidSteps(outputs, pass.T, pass.B, H, pass.lengths, pooled);
    return pooled;
  }

  /**
   * Targets per head row: one class id (`bce`, `softmax-ce`), or one value per predicted value (`mse`: O;
   * a distribution head has several outputs per value: O / parameters per value).
   */
  private targetWidth(): number {
    const { loss, outputSize, quantiles } = this.options;
    if (loss === 'bce' || loss === 'softmax-ce') return 1;
    return outputSize / paramsPerValue({ loss, quantiles: quantiles as number[] | undefined });
  }

  /** Loss over the head output; leaves dLoss/dy in headOutputGrad. */
  private computeLoss(batch: Batch, rows: number): number {
    const { headOn, loss: lossKind, outputSize: O } = this.options;
    const { batchSize: B, steps: T } = batch;
    const dy = (this.headOutputGrad = this.pass.kernels.ensure(this.headOutputGrad, rows * O));
    const y = this.headOutput!;
    const targets = batch.targets!;
    if (lossKind === 'ctc') return this.computeCtcLoss(batch, dy);
    let valid: Uint8Array | null = null;
    let rowTargets: ArrayLike<number> = targets;
    if (headOn === 'every') {
      // Head rows are time-major (t·B + b); targets are batch-major (b·T + t): reorder once, and mark padding.
      const width = this.targetWidth();
      if (targets.length !== B * T * width)
        throw new Error(`batch: targets must hold ${B * T * width} values for a per-step head`);
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
      const width = this.targetWidth();
      if (targets.length !== B * width)
        throw new Error(`batch: targets must hold ${B * width} values for a last-step head`);
    }
    switch (lossKind) {
      case 'bce':
        return binaryCrossEntropyWithLogits(rows, y, rowTargets, valid, dy);
      case 'softmax-ce':
        return softmaxCrossEntropy(rows, O, y, rowTargets, valid, dy);
      case 'mse':
        return meanSquaredError(rows, O, y, rowTargets, valid, dy);
      case 'gaussian-nll':
        return gaussianNegativeLogLikelihood(rows, O / 2, y, rowTargets, valid, dy);
      case 'quantile': {
        const levels = this.options.quantiles ?? DEFAULT_QUANTILE_LEVELS;
        return pinballLoss(rows, O / levels.length, levels, y, rowTargets, valid, dy);
      }
      default:
        throw new Error(`loss '${lossKind}' is not built into the single-stack model yet`);
    }
  }

  /** CTC over every step: the head rows are time-major already, as the loss reads them; targets `[B, S]`. */
  private computeCtcLoss(batch: Batch, dy: FloatArray): number {
    if (this.options.headOn !== 'every') throw new Error("ctc: the head must be on every step (headOn 'every')");
    if (!batch.targetLengths) throw new Error('batch: a ctc loss needs targetLengths');
    this.ctc ??= new CtcLoss();
    const { batchSize: B, steps: T, lengths, targets, targetLengths } = batch;
    return this.ctc.compute(
      B,
      T,
      this.options.outputSize,
      this.headOutput!,
      lengths ?? null,
      targets!,
      targetLengths,
      dy,
    );
  }

  /**
   * Backpropagates the loss of the last forward (which must have had targets) into every parameter's
   * `grad` (accumulating). With `wantInputGrads`, also returns dLoss/dx and dLoss/d(initial state).
   */
  backward(wantInputGrads = false): SequenceInputGradients<State> | null {
    if (!this.lastBatch || !this.hasLoss) throw new Error('backward: call forward with targets first');
    return this.backpropagate(wantInputGrads);
  }

  /**
   * Backpropagates a given gradient on the head output instead of a loss's: `dOutput` has the layout of
   * `forward().output` (`[B, O]` or `[B, T, O]`). Parameter grads accumulate as in `backward`.
   */
  backwardFromOutput(dOutput: ArrayLike<number>, wantInputGrads = false): SequenceInputGradients<State> | null {
    const batch = this.lastBatch;
    if (!batch) throw new Error('backwardFromOutput: call forward first');
    const { batchSize: B, steps: T } = batch;
    const O = this.options.outputSize;
    const rows = this.headRows(B, T);
    if (dOutput.length !== rows * O) throw new Error(`backwardFromOutput: dOutput must hold ${rows * O} values`);
    const dy = (this.headOutputGrad = this.pass.kernels.ensure(this.headOutputGrad, rows * O));
    if (this.options.headOn !== 'every') for (let k = 0; k < rows * O; k++) dy[k] = dOutput[k];
    else {
      // Head rows are time-major (t·B + b); dOutput is batch-major (b·T + t).
      for (let b = 0; b < B; b++)
        for (let t = 0; t < T; t++) for (let o = 0; o < O; o++) dy[(t * B + b) * O + o] = dOutput[(b * T + t) * O + o];
    }
    return this.backpropagate(wantInputGrads);
  }

  /** Backward from the head output gradient in `headOutputGrad`, on the kernels of the forward. */
  private backpropagate(wantInputGrads: boolean): SequenceInputGradients<State> | null {
    const pass = this.pass;
    const { B, T, kernels } = pass;
    const H = this.head.inFeatures;
    const D = this.input.outputSize;
    const rows = this.headRows(B, T);
    const dHeadIn = (this.headInputGrad = kernels.ensure(this.headInputGrad, rows * H));
    this.head.backward(rows, this.headInput!, 0, this.headOutputGrad!, dHeadIn, kernels);

    const needInputGrad = this.input.needsOutputGradient || wantInputGrads;
    const dx = needInputGrad ? (this.inputGrad = kernels.ensure(this.inputGrad, T * B * D)) : null;
    // The head read the top outputs at the last real steps (their gradient enters as dh_n), their mean
    // (spread back over the real steps) or every step.
    const { headOn } = this.options;
    if (headOn === 'last') this.recurrent.backward(pass, { dLastOutput: dHeadIn.subarray(0, B * H) }, dx);
    else if (headOn === 'every') this.recurrent.backward(pass, { dOutputs: dHeadIn }, dx);
    else {
      const dOutputs = (this.pooledOutputsGrad = kernels.ensure(this.pooledOutputsGrad, T * B * H));
      meanOverValidStepsBackward(dHeadIn, T, B, H, pass.lengths, dOutputs);
      this.recurrent.backward(pass, { dOutputs }, dx);
    }
    if (this.input.needsOutputGradient) this.input.backward(pass, this.lastInput!, dx!);
    if (!wantInputGrads) return null;
    const dInput = allocate(this.options.dtype, B * T * D);
    transposeTimeBatch(dx!, 0, B, T, D, dInput);
    return { dInput, dInitialState: this.recurrent.initialStateGrads(pass) };
  }
}
