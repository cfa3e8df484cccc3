/**
 * A run's training configuration as it is saved (run.json, every checkpoint) and sent to the worker.
 * Types only: the presets and the checks are in `src/train/config.ts`. The engine's own types (the
 * bottom of the tree, importing nothing) are the only ones it takes from outside src/protocol/.
 */

import type { AttentionKind, CellKind, InitScheme } from '../engine/config';
import type { KernelBackendChoice } from '../engine/kernels/backend';
import type { LearningRateSchedule } from '../engine/schedule';
import type { TaskId } from './task-id';

/** The settings and the CLI name the kernels by it; the engine defines it. */
export type { KernelBackendChoice };

export type PresetName = 'small' | 'medium' | 'large';
/** One side's tokens in a sequence-to-sequence dataset; `auto` = detected from the data. */
export type SideTokens = 'auto' | 'word' | 'char';
export type OptimizerKind = 'adam' | 'adamw' | 'sgd';

export interface TrainingConfig {
  task: TaskId;
  preset: PresetName;
  /** Passes over the training data. */
  epochs: number;
  /** Stop after this many optimizer steps in total (0 = no limit; epochs decide). */
  maxSteps: number;
  batchSize: number;
  /** Classification: tokens kept per text; language model: window length; forecasting: rows of history. */
  seqLen: number;
  /** The recurrent cell: `lstm` (nn.LSTM) or `gru` (nn.GRU). */
  cell: CellKind;
  hiddenSize: number;
  numLayers: number;
  /** Both directions in every layer (classification only). */
  bidirectional: boolean;
  /** LSTM projections: h is this many numbers wide (0 = none; smaller than hiddenSize). */
  projSize: number;
  /** Embedding width (token inputs only). */
  embeddingDim: number;
  dropout: number;
  optimizer: OptimizerKind;
  lr: number;
  weightDecay: number;
  /** SGD momentum. */
  momentum: number;
  /** Clip the global gradient norm to this (0 = off). */
  clipNorm: number;
  schedule: LearningRateSchedule['kind'];
  /** Linear warm-up steps. */
  warmupSteps: number;
  init: InitScheme;
  seed: number;
  /** Classification: word or character tokens. */
  tokenUnit: 'word' | 'char';
  /** Classification: vocabulary size K (Keras `num_words`); sequence to sequence: each side's. */
  vocabSize: number;
  /** Sequence to sequence: the source's tokens; `auto` = characters for short strings, words for sentences. */
  sourceTokens: SideTokens;
  /** Sequence to sequence: the target's tokens (as `sourceTokens`). */
  targetTokens: SideTokens;
  /** Sequence to sequence: how the decoder attends to the encoder's outputs. Default `general`. */
  attention: AttentionKind;
  /**
   * Sequence to sequence: the share of decoder inputs that are the reference's previous token (teacher
   * forcing) in [0, 1]; the rest are the model's own greedy prediction. Default 1.
   */
  teacherForcing: number;
  /**
   * Sequence to sequence: when given, the teacher-forcing share falls linearly from `teacherForcing` at
   * the first step to this at the last (scheduled sampling's usual decay); absent = constant.
   */
  teacherForcingEnd?: number;
  /**
   * Stateful training (truncated backpropagation through time; language models): each batch row reads
   * its own contiguous stream of the text, window after window, starting from the state the previous
   * window ended in (gradients cut at the window); validation reads the same way. Default false:
   * independent random windows, each from a zero state.
   */
  stateful: boolean;
  /** Forecasting: rows ahead. */
  horizon: number;
  /**
   * Forecasting: what the model predicts per value — a `point` (mean squared error, the default), a
   * `gaussian` (mean and scale, negative log-likelihood) or `quantile`s (pinball loss over `quantiles`).
   */
  distribution: 'point' | 'gaussian' | 'quantile';
  /** Forecasting with `distribution: 'quantile'`: the levels, ascending in (0, 1), spanning 0.1…0.9. Default 0.1, 0.5, 0.9. */
  quantiles?: number[];
  /**
   * Forecasting: the season of the seasonal-naive baseline and of MASE's scale, in rows (24 hourly, 7
   * daily, 52 weekly, 12 monthly). Default 0 = from the date column's frequency (1 without one).
   */
  season: number;
  /** Forecasting: a rolling-origin backtest over this many origins at the end of the data (0 = none). */
  backtest: number;
  /**
   * Forecasting with a distribution head: fit an interval calibration on validation windows (before the
   * backtest's rows) after training and for each best checkpoint, stored in the checkpoint and applied by
   * evaluation and prediction (src/tasks/forecasting/calibration.ts). Default 'on'.
   */
  calibrate: 'on' | 'off';
  /**
   * Audio tasks: SpecAugment-style masks (a few bands and stretches of steps set to 0) on every training
   * batch, drawn from the run's generator (src/data/audio/spec-augment.ts). Default false.
   */
  specAugment: boolean;
  validationFraction: number;
  /**
   * Validation units (language-model and forecast windows, classification examples) each evaluation
   * scores at most: a fixed sample, seeded from `seed`, the same at every evaluation. Default 0 =
   * automatic: as many as hold about a million steps, ⌊1 048 576 / seqLen⌋ (1 M target characters for a
   * language model; a few seconds of evaluation). A split no larger is scored whole.
   */
  validationMax: number;
  /** Score the whole validation split at every evaluation (ignores `validationMax`). Default false. */
  fullValidation: boolean;
  /** Also validate every N steps (0 = only at the end of each epoch). */
  validateEverySteps: number;
  /** Stop when validation loss has not improved by minDelta for this many evaluations (0 = off). */
  patience: number;
  minDelta: number;
  /** After early stopping, put the best weights back into the final model. */
  restoreBest: boolean;
  /** Rewrite last.safetensors at least this often while training (seconds). */
  checkpointEverySeconds: number;
  /**
   * Data-parallel training threads (each batch is split by sequence across them). Default 0 = automatic:
   * the available cores less one, at least 1. The same seed and thread count give the same run, bit for
   * bit; another thread count gives the same training up to float32 summation order.
   */
  threads: number;
  /** Float32 kernels: `auto` (WebAssembly SIMD when the host runs it, the default), `wasm` or `js`. */
  kernelBackend: KernelBackendChoice;
}

/**
 * The fields a preset fixes (each task has a `small`, `medium` and `large` one). `bidirectional` is
 * optional: a task whose models read the whole sequence (speech to text) may start from two directions.
 */
export type Preset = Partial<Pick<TrainingConfig, 'bidirectional'>> &
  Pick<
    TrainingConfig,
    | 'epochs'
    | 'batchSize'
    | 'seqLen'
    | 'hiddenSize'
    | 'numLayers'
    | 'embeddingDim'
    | 'dropout'
    | 'lr'
    | 'clipNorm'
    | 'init'
  >;
