/**
 * What the checkpoint editor shows of a file without reading its tensor data: the model card and the
 * tensor table rows (built on the host by `buildCheckpointOverview`, src/checkpoint/model-card.ts), and
 * a tensor's statistics (computed in the inference worker). Types only.
 */

import type { CellKind, Gate } from './cell-signals';

/** Every dtype the safetensors spec defines (their sizes: `DTYPE_BYTES`, src/checkpoint/dtypes.ts). */
export type SafetensorsDType =
  | 'F64'
  | 'F32'
  | 'F16'
  | 'BF16'
  | 'F8_E4M3'
  | 'F8_E5M2'
  | 'I64'
  | 'I32'
  | 'I16'
  | 'I8'
  | 'U64'
  | 'U32'
  | 'U16'
  | 'U8'
  | 'BOOL';

export interface TensorRow {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  elements: number;
  bytes: number;
  /** Optimizer state (`optimizer.…`, only in last.safetensors) or a model parameter. */
  group: 'parameter' | 'optimizer';
  /** Set for gate-stacked nn.LSTM/nn.GRU tensors (see src/checkpoint/gates.ts): H. */
  gateHiddenSize?: number;
  /** With `gateHiddenSize`: the gate blocks top to bottom (`i f g o`, `r z n`). */
  gates?: Gate[];
  /** Set for every tensor of a recurrent layer (and its optimizer state): which cell, where in the stack. */
  recurrent?: {
    cell: CellKind;
    /** 0-based, as in PyTorch's names. */
    layer: number;
    direction: 'forward' | 'backward';
    /** `layer 0, backward`. */
    label: string;
  };
  /** Set for an LSTM's projection `weight_hr_l{k}` [P, H]: h_t = W_hr (o_t ⊙ tanh(c_t)). */
  projection?: { projSize: number; hiddenSize: number };
}

export interface EvaluationPoint {
  step: number;
  epoch: number;
  time: number;
  metrics: Record<string, number>;
}

export interface HistoryData {
  evaluations: EvaluationPoint[];
  epochs: { epoch: number; step: number; trainLoss: number }[];
}

export interface ModelCard {
  kind: 'studio' | 'foreign';
  /** `__metadata__.format` (`lstm-studio/1`, `pt`, …), null when absent. */
  format: string | null;
  /** `classification`, `language-model`, `forecasting`; null when unknown (foreign files). */
  task: string | null;
  /** One line, e.g. `Embedding(10000, 64) → LSTM(64→64) × 2 → Linear(64, 1)`; null when not recognised. */
  architecture: string | null;
  /** Elements of every tensor that is not optimizer state. */
  parameterCount: number;
  parameterTensors: number;
  optimizerTensors: number;
  modules: RecognisedModule[];
  /** The recurrent stack as its tensors show it (the first one, if a file has several), or null. */
  recurrent: RecurrentSummary | null;
  dataset: { file: string; fingerprint: string; columns: string } | null;
  /** What the model outputs: class names, forecast targets, or the vocabulary of a language model. */
  outputs: string | null;
  /** The (source) vocabulary. */
  vocabulary: { size: number; unit: string; preview: string[] } | null;
  /** Set for a sequence-to-sequence model (encoder–decoder), ours or a foreign file of that layout. */
  encoderDecoder: EncoderDecoderCard | null;
  normalization: { method: string; columns: { name: string; mean: number; std: number }[] } | null;
  seed: number | null;
  step: number | null;
  epoch: number | null;
  /** The evaluation with the lowest validation loss. */
  best: EvaluationPoint | null;
  created: string | null;
  /** Training settings worth a glance (optimizer, learning rate, batch, …), as label/value pairs. */
  /** `key` names the setting (`optimizer` first when known); label and value are for people. */
  training: { key: string; label: string; value: string }[];
  history: HistoryData | null;
  /** `trainer` metadata: the file can resume its run exactly. */
  hasTrainerState: boolean;
  /** Metadata not shown above, verbatim but cut to `METADATA_VALUE_LIMIT` characters. */
  metadata: { key: string; value: string }[];
  warnings: string[];
}

/** What the card says of an encoder–decoder beyond its modules (which list encoder, decoder, attention and head). */
export interface EncoderDecoderCard {
  /** `Sequence to sequence (encoder–decoder with general attention): an encoder LSTM(16→32) over …`. */
  description: string;
  attention: 'dot' | 'general' | 'additive' | 'none';
  /** Each side's vocabulary: its size (the embedding's rows) and unit (null when the file does not say). */
  source: { size: number; unit: string | null };
  target: { size: number; unit: string | null; preview: string[] };
}

export interface CheckpointOverview {
  card: ModelCard;
  tensors: TensorRow[];
}

/** What a recurrent module's tensors say: `GRU`, 2 layers of 32 units, bidirectional, proj_size 0. */
export interface RecurrentSummary {
  cell: CellKind;
  /** `LSTM`, `GRU`. */
  title: string;
  layers: number;
  hiddenSize: number;
  bidirectional: boolean;
  /** P of an LSTM with projections (`proj_size`), 0 without. */
  projSize: number;
}

export interface RecognisedModule {
  role: 'embedding' | 'lstm' | 'gru' | 'attention' | 'head';
  /** The module's name in the file (the tensor prefix): `lstm`, `encoder.rnn`, `fc`. */
  name: string;
  /** PyTorch-style: `Embedding(38, 16)`, `LSTM(16→32) × 2`, `GRU(16→32) (bidirectional)`, `Linear(32, 38)`. */
  description: string;
}

export interface TensorStatistics {
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation of the finite values. */
  std: number;
  zeros: number;
  nans: number;
  infinities: number;
  /** Counts of finite values in `bins` equal-width bins spanning [min, max]. */
  histogram: number[];
}
