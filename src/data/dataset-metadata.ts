/**
 * What the checkpoint keeps about the dataset (`__metadata__.dataset`), next to the vocabulary and the
 * normalisation: enough to encode a new input and read the model's output with nothing else at hand.
 */

import type { LossKind } from '../engine/config';
import type { DatasetColumns, DatasetFormat, DatasetKind, Task } from './detect';
import { dataError, fail, ok, type Result } from './errors';
import type { TokenUnit, TruncationKeeps } from './tokenize';

export interface DatasetMetadata {
  format: 'lstm-studio-dataset/1';
  /** File name the model was trained on. */
  file: string;
  /** Fingerprint of its bytes (`sha256:…` from disk, `fnv1a64:…` from memory). */
  fingerprint: string;
  fileFormat: DatasetFormat;
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
}

/** The model sizes a dataset implies, named as in `ModelConfig`. */
export interface ModelShape {
  /** Token vocabulary size (embedding rows), 0 when the input is features. */
  vocabSize: number;
  /** Features per step when there is no embedding, 0 otherwise. */
  inputSize: number;
  outputSize: number;
  loss: LossKind;
  headOn: 'last' | 'every';
  /** The `<pad>` id (0). */
  paddingIdx: number;
}

const TASKS: readonly Task[] = ['language-model', 'classification', 'forecasting'];

/** Checks a stored dataset description. */
export function parseDatasetMetadata(json: unknown, source = 'dataset metadata'): Result<DatasetMetadata> {
  const bad = (problem: string) => fail<DatasetMetadata>(dataError(source, problem));
  if (json === null || typeof json !== 'object') return bad('the dataset description is not a JSON object');
  const m = json as Partial<DatasetMetadata>;
  if (!TASKS.includes(m.task as Task)) return bad(`unknown task '${String(m.task)}'`);
  if (m.task === 'classification' && !(Array.isArray(m.classes) && m.classes.length >= 2 && m.classes.every((c) => typeof c === 'string'))) {
    return bad('a classification dataset must list at least two class names');
  }
  if (m.task === 'forecasting') {
    if (!Array.isArray(m.featureColumns) || m.featureColumns.length === 0) return bad('a forecasting dataset must list its feature columns');
    if (!Number.isInteger(m.horizon) || (m.horizon as number) < 1) return bad('a forecasting dataset must give a positive horizon');
    if (!Array.isArray(m.columns?.targets) || m.columns.targets.some((t) => !m.featureColumns!.includes(t))) {
      return bad('the forecast targets must be among the feature columns');
    }
  }
  return ok(m as DatasetMetadata);
}
