/**
 * What the checkpoint editor shows of a file without reading its tensor data: the model card and the
 * tensor table rows (built on the host by `buildCheckpointOverview`, src/checkpoint/model-card.ts), and
 * a tensor's statistics (computed in the inference worker). Types only.
 */

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
  /** Set for gate-stacked nn.LSTM tensors (see src/checkpoint/gates.ts): H. */
  gateHiddenSize?: number;
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
  dataset: { file: string; fingerprint: string; columns: string } | null;
  /** What the model outputs: class names, forecast targets, or the vocabulary of a language model. */
  outputs: string | null;
  vocabulary: { size: number; unit: string; preview: string[] } | null;
  normalization: { method: string; columns: { name: string; mean: number; std: number }[] } | null;
  seed: number | null;
  step: number | null;
  epoch: number | null;
  /** The evaluation with the lowest validation loss. */
  best: EvaluationPoint | null;
  created: string | null;
  /** Training settings worth a glance (optimizer, learning rate, batch, …), as label/value pairs. */
  training: { label: string; value: string }[];
  history: HistoryData | null;
  /** `trainer` metadata: the file can resume its run exactly. */
  hasTrainerState: boolean;
  /** Metadata not shown above, verbatim but cut to `METADATA_VALUE_LIMIT` characters. */
  metadata: { key: string; value: string }[];
  warnings: string[];
}

export interface CheckpointOverview {
  card: ModelCard;
  tensors: TensorRow[];
}

export interface RecognisedModule {
  role: 'embedding' | 'lstm' | 'head';
  /** The module's name in the file (the tensor prefix): `lstm`, `encoder.rnn`, `fc`. */
  name: string;
  /** PyTorch-style: `Embedding(38, 16)`, `LSTM(16→32) × 2`, `Linear(32, 38)`. */
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
