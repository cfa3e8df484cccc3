/**
 * What the checkpoint keeps about the dataset (`__metadata__.dataset`), next to the vocabulary and the
 * normalisation: enough to encode a new input and read the model's output with nothing else at hand.
 */

import type { HeadPosition, LossKind } from '../engine/config';
import type { DatasetColumns, DatasetKind, Task } from './detect';
import type { DatasetSourceFormat } from '../protocol/dataset';
import { dataError, fail, ok, type Result } from './errors';
import type { ForecastInputsJSON } from './series-inputs';
import type { TokenUnit, TruncationKeeps } from './tokenize';
import type { VocabularyJSON } from './vocabulary';
import type { StoredAudioFeatures } from './audio/stored-audio';

export interface DatasetMetadata {
  format: 'lstm-studio-dataset/1';
  /** File name the model was trained on. */
  file: string;
  /** Fingerprint of its bytes (`sha256:…` from disk, `fnv1a64:…` from memory). */
  fingerprint: string;
  fileFormat: DatasetSourceFormat;
  kind: DatasetKind;
  task: Task;
  columns: DatasetColumns;
  /** Classification: class names, class id = index. */
  classes?: string[];
  /** Classification: words or characters. Language models: always characters. */
  tokenUnit?: TokenUnit;
  /** Which part of a long text was kept. */
  truncationKeeps?: TruncationKeeps;
  /** Forecasting: the model's feature columns in order (the normalisation's order too). */
  featureColumns?: string[];
  /** Forecasting: rows ahead predicted. */
  horizon?: number;
  /** Forecasting: rows per season of the seasonal-naive baseline (1 = none). */
  season?: number;
  /** Forecasting: MASE's scale per target, the training part's seasonal-naive MAE in the data's units. */
  maseScale?: number[];
  /**
   * Forecasting with series, calendar or known-future inputs: how each step's input is built (absent:
   * the feature columns alone, as every checkpoint before them).
   */
  forecastInputs?: ForecastInputsJSON;
  /**
   * Forecasting with a distribution head: the interval correction fitted on validation windows
   * (src/tasks/forecasting/calibration.ts); absent: none, as every checkpoint before it.
   */
  forecastCalibration?: ForecastCalibrationJSON;
  /**
   * Sequence to sequence: each side's tokens, the most tokens kept per side (longer texts are cut), and
   * the target vocabulary (the checkpoint's `vocab` is the source's).
   */
  sourceTokenUnit?: TokenUnit;
  targetTokenUnit?: TokenUnit;
  maxSourceLength?: number;
  maxTargetLength?: number;
  targetVocab?: VocabularyJSON;
  /** Audio tasks: how recordings become model steps, and the training set's statistics under `global`. */
  audio?: StoredAudioFeatures;
  /** Speech to text: the CTC output symbols, id = index; 0 is the blank (`·`), then the transcripts' characters. */
  symbols?: string[];
}

/**
 * A forecaster's interval correction fitted on validation windows (what it means and how it is applied:
 * src/tasks/forecasting/calibration.ts).
 */
export interface ForecastCalibrationJSON {
  /** `gaussian-scale`: σ multipliers; `quantile-widening`: additive widenings of level pairs. */
  kind: 'gaussian-scale' | 'quantile-widening';
  /** The validation windows it was fitted on. */
  windows: number;
  /** Horizon steps pooled per fitted correction (1: one per step). */
  bucket: number;
  /**
   * Per value k = h · targets + t of a window: a Gaussian's σ multiplier at `[k]`; a quantile head's
   * widening of pair p (0 the outermost) at `[k · pairs + p]`, in normalised units.
   */
  corrections: number[];
}

/** The model sizes a dataset implies, named as in `ModelConfig`. */
export interface ModelShape {
  /** Token vocabulary size (embedding rows), 0 when the input is features. */
  vocabSize: number;
  /** Features per step when there is no embedding, 0 otherwise. */
  inputSize: number;
  outputSize: number;
  loss: LossKind;
  headOn: HeadPosition;
  /** The `<pad>` id (0). */
  paddingIdx: number;
  /** Sequence to sequence: the target vocabulary (the decoder's embedding rows; `outputSize` equals it). */
  decoderVocabSize?: number;
  /** A `quantile` loss: its levels. */
  quantiles?: number[];
}

/**
 * Checks a stored dataset description: an object naming a task that `checkTask` knows, with what that
 * task needs (src/tasks/stored-dataset.ts passes the registry's check).
 */
export function parseDatasetMetadata(
  json: unknown,
  checkTask: (dataset: DatasetMetadata) => string | null,
  source = 'dataset metadata',
): Result<DatasetMetadata> {
  const bad = (problem: string) => fail<DatasetMetadata>(dataError(source, problem));
  if (json === null || typeof json !== 'object') return bad('the dataset description is not a JSON object');
  const problem = checkTask(json as DatasetMetadata);
  return problem === null ? ok(json as DatasetMetadata) : bad(problem);
}
