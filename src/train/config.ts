/**
 * The training configuration: the task's preset (src/tasks/<task>/training.ts), user overrides on top,
 * checked once. The resolved config is saved with the run (run.json and every checkpoint), so a run can
 * be reproduced and resumed. Initialisation defaults: see docs/engine.md ("Initialisation").
 */

import { CELL_KINDS, type CellKind } from '../engine/config';
import type { KernelBackendChoice } from '../engine/kernels/backend';
import type { LearningRateSchedule } from '../engine/schedule';
import { getTask, type TaskId } from '../tasks';
import { carriedStateRefusal } from './carried-state';
import { checkSetting, TRAINING_SETTINGS } from '../protocol/training-settings';
import type { OptimizerKind, TrainingConfig } from '../protocol/training-config';

export type { OptimizerKind, Preset, PresetName, TrainingConfig } from '../protocol/training-config';

const COMMON_DEFAULTS = {
  cell: 'lstm' as CellKind,
  bidirectional: false,
  projSize: 0,
  maxSteps: 0,
  optimizer: 'adam' as OptimizerKind,
  weightDecay: 0,
  momentum: 0.9,
  schedule: 'constant' as LearningRateSchedule['kind'],
  warmupSteps: 0,
  seed: 42,
  tokenUnit: 'word' as const,
  vocabSize: 10000,
  sourceTokens: 'auto' as const,
  targetTokens: 'auto' as const,
  attention: 'general' as const,
  teacherForcing: 1,
  horizon: 1,
  distribution: 'point' as const,
  season: 0,
  backtest: 0,
  calibrate: 'on' as const,
  specAugment: false,
  stateful: false,
  validationFraction: 0.1,
  validationMax: 0,
  fullValidation: false,
  validateEverySteps: 0,
  patience: 0,
  minDelta: 0,
  restoreBest: true,
  checkpointEverySeconds: 30,
  threads: 0,
  kernelBackend: 'auto' as KernelBackendChoice,
};

/** Preset + overrides → a complete, checked config. Throws with the offending field named. */
export function resolveTrainingConfig(task: TaskId, overrides: Partial<TrainingConfig> = {}): TrainingConfig {
  const definition = getTask(task);
  const training = definition.training;
  const preset = overrides.preset ?? 'small';
  if (!Object.hasOwn(training.presets, preset))
    throw new Error(`unknown preset '${preset}' (choose small, medium or large)`);
  const defined = Object.fromEntries(
    Object.entries(overrides).filter(([, v]) => v !== undefined),
  ) as Partial<TrainingConfig>;
  const config: TrainingConfig = { ...COMMON_DEFAULTS, ...training.presets[preset], ...defined, task, preset };
  checkTrainingConfig(config);
  checkRecurrentShape(config, definition.bidirectionalRefusal);
  checkStateful(config, training.statefulRefusal);
  training.checkConfig(config);
  return config;
}

/** The cell, its directions and projections: what PyTorch accepts, and what the task can use. */
function checkRecurrentShape(c: TrainingConfig, bidirectionalRefusal: string | null): void {
  if (!CELL_KINDS.includes(c.cell)) throw new Error(`cell must be lstm or gru, got '${c.cell}'`);
  if (typeof c.bidirectional !== 'boolean')
    throw new Error(`bidirectional must be true or false, got ${c.bidirectional}`);
  if (c.bidirectional && bidirectionalRefusal !== null)
    throw new Error(`a bidirectional model cannot do this task: ${bidirectionalRefusal}`);
  if (!Number.isInteger(c.projSize) || c.projSize < 0)
    throw new Error(`projSize must be an integer ≥ 0, got ${c.projSize}`);
  if (c.projSize > 0 && c.cell !== 'lstm') throw new Error('projSize is an LSTM option: a GRU has no projection');
  if (c.projSize > 0 && c.projSize >= c.hiddenSize)
    throw new Error(`projSize must be smaller than hiddenSize (${c.hiddenSize}), got ${c.projSize}`);
}

/** Stateful training: a yes/no the task must allow, and a model whose state can be carried. */
function checkStateful(c: TrainingConfig, refusal: string | undefined): void {
  if (typeof c.stateful !== 'boolean') throw new Error(`stateful must be true or false, got ${c.stateful}`);
  if (!c.stateful) return;
  if (refusal !== undefined) throw new Error(`stateful training cannot do this task: ${refusal}`);
  const model = carriedStateRefusal(c);
  if (model !== null) throw new Error(`stateful training: ${model}`);
}

/**
 * The checks every task shares, one per setting: the rule and its words come from TRAINING_SETTINGS
 * (src/protocol/training-settings.ts), the same the CLI's options and the New Training Run form apply.
 * Rules joining two fields or needing the task are above and in the task (`checkConfig`).
 */
function checkTrainingConfig(c: TrainingConfig): void {
  for (const setting of TRAINING_SETTINGS) {
    const value = c[setting.key];
    // The optional fields: absent = constant teacher forcing, or the default quantile levels.
    if (value === undefined && (setting.key === 'teacherForcingEnd' || setting.key === 'quantiles')) continue;
    const reason = checkSetting(setting, value);
    if (reason !== null) throw new Error(reason);
  }
}
