/**
 * The model's configuration: everything needed to rebuild the same architecture. It round-trips to JSON
 * (it is stored in every checkpoint's `__metadata__.config`).
 */

import type { DType } from './tensor';

export type InitScheme = 'keras' | 'pytorch';
/** The recurrent cell: PyTorch's `nn.LSTM` or `nn.GRU`. */
export type CellKind = 'lstm' | 'gru';
export const CELL_KINDS: readonly CellKind[] = ['lstm', 'gru'];
/**
 * `ctc` (speech to text), `gaussian-nll` and `quantile` (forecasting with intervals) are contracts for the
 * work of issues #19 and #16: see the comments of `loss` below.
 */
export type LossKind = 'bce' | 'softmax-ce' | 'mse' | 'ctc' | 'gaussian-nll' | 'quantile';
/** How a decoder scores the encoder's outputs (attention.ts), or `none` for no attention. */
export type AttentionKind = 'dot' | 'general' | 'additive' | 'none';
export const ATTENTION_KINDS: readonly AttentionKind[] = ['dot', 'general', 'additive', 'none'];

/** Which of the recurrent outputs the head reads (see ModelConfig.headOn). */
export type HeadPosition = 'last' | 'every' | 'mean';

/**
 * The decoder of a sequence-to-sequence model (encoder-decoder.ts): the fields of ModelConfig describe
 * the encoder (its vocabulary, embedding, cell, layers, width) and the decoder repeats them over the
 * target vocabulary, started from the encoder's final state, with attention over its outputs.
 */
export interface DecoderConfig {
  /** Target vocabulary (`decoder.embedding` rows and the head's outputs: `outputSize` equals it). */
  vocabSize: number;
  attention: AttentionKind;
  /** Width of the additive score's hidden layer (the hidden size unless given). */
  attentionSize: number;
}

export interface ModelConfig {
  /**
   * Size of the token vocabulary when the input is token ids (an embedding layer is then built);
   * 0 when the input is a vector of features per step (no embedding). Default 0.
   */
  vocabSize: number;
  /** Embedding width (PyTorch `nn.Embedding(vocabSize, embeddingDim)`). Ignored without a vocabulary. */
  embeddingDim: number;
  /** Features per step when there is no embedding (`nn.LSTM(input_size=…)`). */
  inputSize: number;
  /** Token id whose embedding row stays zero-gradient and whose steps count as padding. Default 0. */
  paddingIdx: number;
  /** The recurrent cell (`nn.LSTM` or `nn.GRU`). Default 'lstm'. */
  cell: CellKind;
  /** Units per recurrent layer (`hidden_size`). */
  hiddenSize: number;
  /** Stacked recurrent layers (`num_layers`). */
  numLayers: number;
  /**
   * Both directions in every layer (`bidirectional=True`): outputs are forward ‖ backward, 2× as wide, and
   * the state has a row per layer and direction. Only for models that read a whole sequence before they
   * answer (classification): a backward direction would see the future a language model must predict.
   */
  bidirectional: boolean;
  /** LSTM projections (`proj_size`): h is this wide, projected from the H-wide o ⊙ tanh(c). 0 = none. */
  projSize: number;
  /** Inverted dropout on the outputs of every LSTM layer but the last, while training (PyTorch's `dropout`). */
  dropout: number;
  /** Width of the dense head (`nn.Linear(recurrentOutputSize, outputSize)`). */
  outputSize: number;
  /**
   * Where the head reads the LSTM: `last` = the last real (unpadded) step of each sequence
   * (classification, forecasting); `every` = every step (language models); `mean` = the mean of each
   * sequence's outputs over its real steps (audio classification: the whole recording counts).
   */
  headOn: HeadPosition;
  /**
   * Loss on the head's output: `bce` = sigmoid binary cross-entropy from logits (outputSize 1),
   * `softmax-ce` = softmax cross-entropy over outputSize classes, `mse` = mean squared error,
   * `ctc` = connectionist temporal classification over every step (outputSize symbols, blank = 0; targets
   * `[B, S]` label ids with `Batch.targetLengths`), `gaussian-nll` = Gaussian negative log-likelihood
   * (per target a mean and a raw scale, σ = softplus(raw); outputSize = 2 × values), `quantile` = pinball
   * loss over `quantiles` (outputSize = values × quantiles.length).
   */
  loss: LossKind;
  /**
   * Initialisation: `keras` = Glorot-uniform input weights, orthogonal recurrent weights, zero biases with
   * forget-gate bias 1, embeddings U(±0.05) (Keras defaults); `pytorch` = U(±1/√H) for the LSTM,
   * embeddings N(0, 1), Linear U(±1/√fan_in) (PyTorch defaults).
   */
  init: InitScheme;
  /** The quantile levels of a `quantile` loss, ascending in (0, 1) (default 0.1, 0.5, 0.9). */
  quantiles?: number[];
  /** Element type of every buffer. float32 for training; float64 only for gradient checks. */
  dtype: DType;
  /**
   * Sequence to sequence: a decoder over a target vocabulary (then `headOn` is `every`, `loss`
   * `softmax-ce`, `outputSize` the target vocabulary, one direction, no projection). Absent = one stack.
   */
  decoder?: DecoderConfig;
}

export const DEFAULT_MODEL_CONFIG: ModelConfig = {
  vocabSize: 0,
  embeddingDim: 0,
  inputSize: 1,
  paddingIdx: 0,
  cell: 'lstm',
  hiddenSize: 64,
  numLayers: 1,
  bidirectional: false,
  projSize: 0,
  dropout: 0,
  outputSize: 1,
  headOn: 'last',
  loss: 'mse',
  init: 'keras',
  dtype: 'float32',
};

/** Fills in defaults and checks ranges; throws an Error whose message names the offending field. */
export function resolveModelConfig(partial: Partial<ModelConfig>): ModelConfig {
  const config: ModelConfig = { ...DEFAULT_MODEL_CONFIG, ...partial };
  const positiveInt = (name: keyof ModelConfig, allowZero = false) => {
    const v = config[name] as number;
    if (!Number.isInteger(v) || v < (allowZero ? 0 : 1)) {
      throw new Error(
        `model config: ${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${shown(v)}`,
      );
    }
  };
  positiveInt('vocabSize', true);
  positiveInt('hiddenSize');
  positiveInt('numLayers');
  positiveInt('outputSize');
  if (config.vocabSize > 0) {
    positiveInt('embeddingDim');
    if (!Number.isInteger(config.paddingIdx) || config.paddingIdx < 0 || config.paddingIdx >= config.vocabSize) {
      throw new Error(
        `model config: paddingIdx ${shown(config.paddingIdx)} is outside the vocabulary (size ${config.vocabSize})`,
      );
    }
  } else {
    positiveInt('inputSize');
  }
  if (!CELL_KINDS.includes(config.cell)) throw new Error(`model config: unknown cell ${shown(config.cell)}`);
  if (typeof config.bidirectional !== 'boolean')
    throw new Error(`model config: bidirectional must be true or false, got ${shown(config.bidirectional)}`);
  positiveInt('projSize', true);
  if (config.projSize > 0 && config.cell !== 'lstm')
    throw new Error('model config: projSize is an LSTM option (a GRU has no projection)');
  if (config.projSize >= config.hiddenSize)
    throw new Error(
      `model config: projSize ${config.projSize} must be smaller than hiddenSize ${config.hiddenSize} (as in PyTorch)`,
    );
  if (!(config.dropout >= 0 && config.dropout < 1))
    throw new Error(`model config: dropout must be in [0, 1), got ${shown(config.dropout)}`);
  if (config.headOn !== 'last' && config.headOn !== 'every' && config.headOn !== 'mean')
    throw new Error(`model config: headOn must be 'last', 'every' or 'mean'`);
  if (!['bce', 'softmax-ce', 'mse', 'ctc', 'gaussian-nll', 'quantile'].includes(config.loss))
    throw new Error(`model config: unknown loss ${shown(config.loss)}`);
  checkDistributionHead(config);
  if (config.loss === 'bce' && config.outputSize !== 1) throw new Error('model config: bce needs outputSize 1');
  if (config.loss === 'softmax-ce' && config.outputSize < 2)
    throw new Error('model config: softmax-ce needs outputSize ≥ 2');
  if (config.loss === 'ctc' && config.headOn !== 'every')
    throw new Error("model config: ctc scores every step (headOn 'every')");
  if (config.loss === 'ctc' && config.outputSize < 2)
    throw new Error('model config: ctc needs outputSize ≥ 2 (the blank and at least one symbol)');
  if (config.init !== 'keras' && config.init !== 'pytorch')
    throw new Error(`model config: unknown init ${shown(config.init)}`);
  if (config.dtype !== 'float32' && config.dtype !== 'float64')
    throw new Error(`model config: unknown dtype ${shown(config.dtype)}`);
  if (config.decoder !== undefined) checkDecoder(config);
  return config;
}

/** The default levels of a `quantile` loss. */
export const DEFAULT_QUANTILE_LEVELS: readonly number[] = [0.1, 0.5, 0.9];

/**
 * A distribution head (`gaussian-nll`, `quantile`): its width is a whole number of parameters per value,
 * and a quantile head's levels (filled with the default when absent) are ascending in (0, 1).
 */
function checkDistributionHead(config: ModelConfig): void {
  if (config.loss === 'gaussian-nll' && config.outputSize % 2 !== 0)
    throw new Error(
      `model config: gaussian-nll needs two outputs (mean, scale) per value, got outputSize ${config.outputSize}`,
    );
  if (config.loss !== 'quantile') return;
  config.quantiles ??= [...DEFAULT_QUANTILE_LEVELS];
  const levels = config.quantiles;
  if (!Array.isArray(levels) || levels.length === 0)
    throw new Error('model config: quantiles must be a non-empty list of levels');
  for (let q = 0; q < levels.length; q++) {
    if (!(typeof levels[q] === 'number' && levels[q] > 0 && levels[q] < 1 && (q === 0 || levels[q] > levels[q - 1])))
      throw new Error(`model config: quantiles must be ascending levels in (0, 1), got ${shown(levels)}`);
  }
  if (config.outputSize % levels.length !== 0)
    throw new Error(
      `model config: a quantile head has ${levels.length} outputs per value, and outputSize ${config.outputSize} is not a multiple`,
    );
}

/** Head outputs per predicted value: 2 for `gaussian-nll`, the levels for `quantile`, else 1. */
export function paramsPerValue(config: Pick<ModelConfig, 'loss' | 'quantiles'>): number {
  if (config.loss === 'gaussian-nll') return 2;
  if (config.loss === 'quantile') return (config.quantiles ?? DEFAULT_QUANTILE_LEVELS).length;
  return 1;
}

/** A sequence-to-sequence config: the decoder's sizes, and the single-stack options it cannot have. */
function checkDecoder(config: ModelConfig): void {
  const d = config.decoder!;
  if (typeof d !== 'object' || d === null) throw new Error('model config: decoder must be an object');
  if (!Number.isInteger(d.vocabSize) || d.vocabSize < 2)
    throw new Error(`model config: decoder.vocabSize must be an integer ≥ 2, got ${shown(d.vocabSize)}`);
  if (!ATTENTION_KINDS.includes(d.attention))
    throw new Error(`model config: unknown decoder.attention ${shown(d.attention)}`);
  if (!Number.isInteger(d.attentionSize) || d.attentionSize < 1)
    throw new Error(`model config: decoder.attentionSize must be a positive integer, got ${shown(d.attentionSize)}`);
  if (config.vocabSize < 2)
    throw new Error('model config: a sequence-to-sequence model reads token ids (vocabSize ≥ 2)');
  if (config.bidirectional || config.projSize > 0)
    throw new Error('model config: a sequence-to-sequence model has one direction and no projection');
  if (config.headOn !== 'every' || config.loss !== 'softmax-ce' || config.outputSize !== d.vocabSize)
    throw new Error(
      `model config: a decoder predicts its vocabulary at every step (headOn 'every', loss 'softmax-ce', outputSize ${d.vocabSize})`,
    );
  if (config.paddingIdx >= d.vocabSize)
    throw new Error(
      `model config: paddingIdx ${config.paddingIdx} is outside the decoder's vocabulary (size ${d.vocabSize})`,
    );
}

/** Width of what the first recurrent layer reads per step. */
export function lstmInputSize(config: ModelConfig): number {
  return config.vocabSize > 0 ? config.embeddingDim : config.inputSize;
}

/** Directions per layer: 2 when bidirectional. */
export function directionCount(config: Pick<ModelConfig, 'bidirectional'>): number {
  return config.bidirectional ? 2 : 1;
}

/** Width of one direction's h: projSize with projections, else hiddenSize. */
export function stateOutputSize(config: Pick<ModelConfig, 'hiddenSize' | 'projSize'>): number {
  return config.projSize > 0 ? config.projSize : config.hiddenSize;
}

/** Width of the recurrent stack's output per step (what the head reads): h, times 2 when bidirectional. */
export function recurrentOutputSize(config: Pick<ModelConfig, 'hiddenSize' | 'projSize' | 'bidirectional'>): number {
  return stateOutputSize(config) * directionCount(config);
}

/** The cell's PyTorch module path in a checkpoint: `lstm` or `gru`. */
export function recurrentModulePath(config: Pick<ModelConfig, 'cell'>): string {
  return config.cell;
}

/** `LSTM`, `GRU`, `bidirectional LSTM, proj 32`: the recurrent part in words. */
export function describeCell(config: Pick<ModelConfig, 'cell' | 'bidirectional' | 'projSize'>): string {
  const name = config.cell.toUpperCase();
  return `${config.bidirectional ? 'bidirectional ' : ''}${name}${config.projSize > 0 ? `, proj ${config.projSize}` : ''}`;
}

/** One-line architecture, e.g. `Embedding(10000, 64) → LSTM(64→64) × 2 → Linear(64, 1)`. */
export function describeArchitecture(config: ModelConfig): string {
  const d = config.decoder;
  if (d) {
    const cell = config.cell.toUpperCase();
    const stack = `${cell}(${config.embeddingDim}→${config.hiddenSize})${config.numLayers > 1 ? ` × ${config.numLayers}` : ''}`;
    const attention = d.attention === 'none' ? '' : ` + ${d.attention} attention`;
    return (
      `Embedding(${config.vocabSize}, ${config.embeddingDim}) → ${stack} ⇒ ` +
      `Embedding(${d.vocabSize}, ${config.embeddingDim}) → ${stack}${attention} → Linear(${config.hiddenSize}, ${d.vocabSize})`
    );
  }
  const parts: string[] = [];
  if (config.vocabSize > 0) parts.push(`Embedding(${config.vocabSize}, ${config.embeddingDim})`);
  const name = `${config.bidirectional ? 'Bi' : ''}${config.cell.toUpperCase()}`;
  const projection = config.projSize > 0 ? `, proj ${config.projSize}` : '';
  parts.push(
    `${name}(${lstmInputSize(config)}→${config.hiddenSize}${projection})${config.numLayers > 1 ? ` × ${config.numLayers}` : ''}`,
  );
  parts.push(`Linear(${recurrentOutputSize(config)}, ${config.outputSize})`);
  return parts.join(' → ');
}

/** A config value as a message shows it: a string quoted, else JSON (not `[object Object]`), at most 40 characters. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
