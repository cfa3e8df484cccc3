/**
 * The training configuration: presets per task, user overrides on top, checked once. The resolved
 * config is saved with the run (run.json and every checkpoint), so a run can be reproduced and resumed.
 */

import type { KernelBackendChoice } from '../engine/kernels/backend';
import type { LearningRateSchedule } from '../engine/schedule';
import type { Task } from '../data/detect';
import type { OptimizerKind, PresetName, TrainingConfig } from '../protocol/training-config';

export type { OptimizerKind, PresetName, TrainingConfig } from '../protocol/training-config';

type Preset = Pick<TrainingConfig, 'epochs' | 'batchSize' | 'seqLen' | 'hiddenSize' | 'numLayers' | 'embeddingDim' | 'dropout' | 'lr' | 'clipNorm' | 'init'>;

/**
 * Presets. `small` trains each bundled example in well under a minute here; `medium` for the
 * classification task is the source document's Keras model (Embedding 64 → LSTM 64 × 2, batch 128);
 * `large` is for a real data set and patience. Initialisation defaults: see docs/engine.md
 * ("Initialisation") for the measurement behind each choice.
 */
export const PRESETS: Record<Task, Record<PresetName, Preset>> = {
  classification: {
    small: { epochs: 6, batchSize: 32, seqLen: 64, hiddenSize: 32, numLayers: 1, embeddingDim: 32, dropout: 0, lr: 3e-3, clipNorm: 1, init: 'keras' },
    medium: { epochs: 5, batchSize: 128, seqLen: 100, hiddenSize: 64, numLayers: 2, embeddingDim: 64, dropout: 0, lr: 1e-3, clipNorm: 1, init: 'keras' },
    large: { epochs: 10, batchSize: 64, seqLen: 200, hiddenSize: 128, numLayers: 2, embeddingDim: 128, dropout: 0.2, lr: 1e-3, clipNorm: 1, init: 'keras' },
  },
  'language-model': {
    small: { epochs: 10, batchSize: 32, seqLen: 64, hiddenSize: 128, numLayers: 1, embeddingDim: 16, dropout: 0, lr: 3e-3, clipNorm: 5, init: 'pytorch' },
    medium: { epochs: 10, batchSize: 32, seqLen: 100, hiddenSize: 256, numLayers: 2, embeddingDim: 32, dropout: 0.1, lr: 2e-3, clipNorm: 5, init: 'pytorch' },
    large: { epochs: 20, batchSize: 64, seqLen: 128, hiddenSize: 512, numLayers: 2, embeddingDim: 64, dropout: 0.2, lr: 2e-3, clipNorm: 5, init: 'pytorch' },
  },
  forecasting: {
    small: { epochs: 10, batchSize: 32, seqLen: 48, hiddenSize: 32, numLayers: 1, embeddingDim: 0, dropout: 0, lr: 3e-3, clipNorm: 1, init: 'keras' },
    medium: { epochs: 20, batchSize: 64, seqLen: 96, hiddenSize: 64, numLayers: 2, embeddingDim: 0, dropout: 0.1, lr: 2e-3, clipNorm: 1, init: 'keras' },
    large: { epochs: 40, batchSize: 64, seqLen: 168, hiddenSize: 128, numLayers: 2, embeddingDim: 0, dropout: 0.2, lr: 1e-3, clipNorm: 1, init: 'keras' },
  },
};

const COMMON_DEFAULTS = {
  maxSteps: 0,
  optimizer: 'adam' as OptimizerKind,
  weightDecay: 0,
  momentum: 0.9,
  schedule: 'constant' as LearningRateSchedule['kind'],
  warmupSteps: 0,
  seed: 42,
  tokenUnit: 'word' as const,
  vocabSize: 10000,
  horizon: 1,
  validationFraction: 0.1,
  validateEverySteps: 0,
  patience: 0,
  minDelta: 0,
  restoreBest: true,
  checkpointEverySeconds: 30,
  threads: 0,
  kernelBackend: 'auto' as KernelBackendChoice,
};

/** Preset + overrides → a complete, checked config. Throws with the offending field named. */
export function resolveTrainingConfig(task: Task, overrides: Partial<TrainingConfig> = {}): TrainingConfig {
  const preset = overrides.preset ?? 'small';
  if (!(preset in PRESETS[task])) throw new Error(`unknown preset '${preset}' (choose small, medium or large)`);
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<TrainingConfig>;
  const config: TrainingConfig = { ...COMMON_DEFAULTS, ...PRESETS[task][preset], ...defined, task, preset };
  checkTrainingConfig(config);
  return config;
}

function checkTrainingConfig(c: TrainingConfig): void {
  const int = (name: keyof TrainingConfig, min: number) => {
    const v = c[name] as number;
    if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${v}`);
  };
  const range = (name: keyof TrainingConfig, low: number, high: number, openHigh = false) => {
    const v = c[name] as number;
    if (!(v >= low && (openHigh ? v < high : v <= high))) throw new Error(`${name} must be in [${low}, ${high}${openHigh ? ')' : ']'}, got ${v}`);
  };
  int('epochs', 1);
  int('maxSteps', 0);
  int('batchSize', 1);
  int('seqLen', 1);
  int('hiddenSize', 1);
  int('numLayers', 1);
  if (c.task !== 'forecasting') int('embeddingDim', 1);
  int('vocabSize', 3);
  int('horizon', 1);
  int('validateEverySteps', 0);
  int('patience', 0);
  int('warmupSteps', 0);
  int('threads', 0);
  if (c.threads > 64) throw new Error(`threads must be at most 64, got ${c.threads}`);
  if (!['auto', 'wasm', 'js'].includes(c.kernelBackend)) throw new Error(`kernelBackend must be auto, wasm or js, got '${c.kernelBackend}'`);
  range('dropout', 0, 1, true);
  range('validationFraction', 0, 1, true);
  if (!(c.lr > 0 && Number.isFinite(c.lr))) throw new Error(`lr must be a positive number, got ${c.lr}`);
  range('clipNorm', 0, Infinity);
  range('weightDecay', 0, Infinity);
  range('momentum', 0, 1, true);
  if (!['adam', 'adamw', 'sgd'].includes(c.optimizer)) throw new Error(`optimizer must be adam, adamw or sgd, got '${c.optimizer}'`);
  if (!['constant', 'step', 'cosine'].includes(c.schedule)) throw new Error(`schedule must be constant, step or cosine, got '${c.schedule}'`);
  if (c.init !== 'keras' && c.init !== 'pytorch') throw new Error(`init must be keras or pytorch, got '${c.init}'`);
  if (c.tokenUnit !== 'word' && c.tokenUnit !== 'char') throw new Error(`tokens must be word or char, got '${c.tokenUnit}'`);
  if (!Number.isInteger(c.seed)) throw new Error(`seed must be an integer, got ${c.seed}`);
}
