/**
 * Every training setting, described once: its config field, its `lstm-studio train` flag, the form
 * section and label it has in the New Training Run form, and the rule its value must keep. The CLI
 * builds its options from this list, `resolveTrainingConfig` checks each field with `checkSetting`, and
 * the form validates as the user types with the same function — one source for the rules and their
 * words. Rules that join two fields (a projection smaller than the hidden size) or need a task
 * (bidirectional only where the task allows it) stay in src/train/config.ts and the tasks; the worker
 * reports them for the form by field. Pure: no Node, no DOM, so a webview may import it.
 */

import type { TrainingConfig } from './training-config';

/** Where a setting sits in the New Training Run form. */
export type SettingSection = 'data' | 'model' | 'training';

/**
 * `integer`/`number`: a number in [min, max] (or [min, max) with `maxExclusive`); `choice`: one of
 * `choices`; `boolean`: a yes/no (a CLI switch without a value); `numberList`: strictly ascending numbers,
 * each in the range a `number` has, written comma-separated (`0.1,0.5,0.9`) on the command line and in the
 * form, an array in the config.
 */
export type SettingKind = 'integer' | 'number' | 'choice' | 'boolean' | 'numberList';

/** A setting's value: a number, a choice, a yes/no or a list of numbers. */
export type SettingValue = number | string | boolean | number[];

export interface SettingDescriptor {
  /** The TrainingConfig field it sets. */
  key: keyof TrainingConfig;
  /** The `lstm-studio train` long option without dashes (`batch-size`). */
  flag: string;
  /** The CLI help's value placeholder (`n`, `x`, `kind`); booleans have none. */
  placeholder?: string;
  section: SettingSection;
  /** The form's label, sentence case: `Batch size`. */
  label: string;
  /** One line: what it does (CLI help and the form's description). */
  help: string;
  kind: SettingKind;
  min?: number;
  max?: number;
  maxExclusive?: boolean;
  /** A bound that is not reached (a learning rate > 0): `min` is excluded. */
  minExclusive?: boolean;
  choices?: readonly string[];
  /** A `numberList`'s most items (a bound on what a message from a webview may make the host check). */
  maxItems?: number;
  /**
   * True when only some tasks read it: the form shows it for a task that lists it in its presentation's
   * `settings` (src/tasks/<task>/presentation.ts); the CLI takes it always and the task ignores or refuses it.
   */
  taskSpecific?: boolean;
  /** May be swept (a range or a list in a sweep). Choices and numbers may; seeds and threads may too. */
  sweepable: boolean;
}

const choice = (choices: readonly string[]) => ({ kind: 'choice' as const, choices });

/** In the order the form shows them, section by section. */
export const TRAINING_SETTINGS: readonly SettingDescriptor[] = [
  // Data
  {
    key: 'validationFraction',
    flag: 'validation-fraction',
    placeholder: 'x',
    section: 'data',
    label: 'Validation fraction',
    help: 'share of the data held out for validation',
    kind: 'number',
    min: 0,
    max: 1,
    maxExclusive: true,
    sweepable: false,
  },
  {
    key: 'seed',
    flag: 'seed',
    placeholder: 'n',
    section: 'data',
    label: 'Seed',
    help: 'random seed of the split, the initialisation and the order (same seed, data and config = same run, bit for bit)',
    kind: 'integer',
    min: 0,
    // The generators take the seed modulo 2^32 (src/engine/random.ts, deriveSeed): a larger seed would
    // silently repeat a smaller one's run.
    max: 2 ** 32 - 1,
    sweepable: true,
  },
  {
    key: 'tokenUnit',
    flag: 'tokens',
    placeholder: 'unit',
    section: 'data',
    label: 'Tokens',
    help: 'word or char: what the model reads as one step',
    ...choice(['word', 'char']),
    taskSpecific: true,
    sweepable: true,
  },
  {
    key: 'sourceTokens',
    flag: 'source-tokens',
    placeholder: 'unit',
    section: 'data',
    label: 'Source tokens',
    help: "auto, word or char: the source side's tokens (auto: characters for short strings, words for sentences)",
    ...choice(['auto', 'word', 'char']),
    taskSpecific: true,
    sweepable: true,
  },
  {
    key: 'targetTokens',
    flag: 'target-tokens',
    placeholder: 'unit',
    section: 'data',
    label: 'Target tokens',
    help: "auto, word or char: the target side's tokens",
    ...choice(['auto', 'word', 'char']),
    taskSpecific: true,
    sweepable: true,
  },
  {
    key: 'vocabSize',
    flag: 'vocab-size',
    placeholder: 'n',
    section: 'data',
    label: 'Vocabulary size',
    help: 'the most tokens a vocabulary keeps, <pad> and <unk> included (Keras num_words)',
    kind: 'integer',
    min: 3,
    taskSpecific: true,
    sweepable: true,
  },
  // Model
  {
    key: 'preset',
    flag: 'preset',
    placeholder: 'name',
    section: 'model',
    label: 'Preset',
    help: "small, medium or large: the task's starting point for the model and training settings",
    ...choice(['small', 'medium', 'large']),
    sweepable: true,
  },
  {
    key: 'cell',
    flag: 'cell',
    placeholder: 'kind',
    section: 'model',
    label: 'Cell',
    help: 'lstm (nn.LSTM) or gru (nn.GRU)',
    ...choice(['lstm', 'gru']),
    sweepable: true,
  },
  {
    key: 'bidirectional',
    flag: 'bidirectional',
    section: 'model',
    label: 'Bidirectional',
    help: 'both directions in every layer (tasks that read the whole sequence before answering)',
    kind: 'boolean',
    sweepable: true,
  },
  {
    key: 'numLayers',
    flag: 'layers',
    placeholder: 'n',
    section: 'model',
    label: 'Layers',
    help: 'stacked recurrent layers',
    kind: 'integer',
    min: 1,
    max: 16,
    sweepable: true,
  },
  {
    key: 'hiddenSize',
    flag: 'hidden',
    placeholder: 'n',
    section: 'model',
    label: 'Hidden size',
    help: 'units per recurrent layer',
    kind: 'integer',
    min: 1,
    max: 4096,
    sweepable: true,
  },
  {
    key: 'projSize',
    flag: 'proj-size',
    placeholder: 'n',
    section: 'model',
    label: 'Projection size',
    help: 'LSTM projections: h is this many numbers wide (0 = none; less than the hidden size)',
    kind: 'integer',
    min: 0,
    sweepable: true,
  },
  {
    key: 'embeddingDim',
    flag: 'embedding',
    placeholder: 'n',
    section: 'model',
    label: 'Embedding size',
    help: 'embedding width (token inputs)',
    kind: 'integer',
    min: 0,
    max: 4096,
    sweepable: true,
  },
  {
    key: 'dropout',
    flag: 'dropout',
    placeholder: 'x',
    section: 'model',
    label: 'Dropout',
    help: 'dropout between recurrent layers',
    kind: 'number',
    min: 0,
    max: 1,
    maxExclusive: true,
    sweepable: true,
  },
  {
    key: 'init',
    flag: 'init',
    placeholder: 'scheme',
    section: 'model',
    label: 'Initialisation',
    help: 'keras (Glorot, orthogonal, forget bias 1) or pytorch (uniform ±1/√hidden)',
    ...choice(['keras', 'pytorch']),
    sweepable: true,
  },
  {
    key: 'attention',
    flag: 'attention',
    placeholder: 'kind',
    section: 'model',
    label: 'Attention',
    help: "dot, general, additive or none: how the decoder looks at the encoder's outputs",
    ...choice(['dot', 'general', 'additive', 'none']),
    taskSpecific: true,
    sweepable: true,
  },
  // Training
  {
    key: 'epochs',
    flag: 'epochs',
    placeholder: 'n',
    section: 'training',
    label: 'Epochs',
    help: 'passes over the training data',
    kind: 'integer',
    min: 1,
    sweepable: true,
  },
  {
    key: 'maxSteps',
    flag: 'steps',
    placeholder: 'n',
    section: 'training',
    label: 'Steps',
    help: 'stop after this many optimizer steps (0 = no limit: the epochs decide)',
    kind: 'integer',
    min: 0,
    sweepable: true,
  },
  {
    key: 'batchSize',
    flag: 'batch-size',
    placeholder: 'n',
    section: 'training',
    label: 'Batch size',
    help: 'sequences per optimizer step',
    kind: 'integer',
    min: 1,
    max: 65536,
    sweepable: true,
  },
  {
    key: 'seqLen',
    flag: 'seq-len',
    placeholder: 'n',
    section: 'training',
    label: 'Sequence length',
    help: 'tokens per text, window length, or rows of history',
    kind: 'integer',
    min: 1,
    sweepable: true,
  },
  {
    key: 'horizon',
    flag: 'horizon',
    placeholder: 'n',
    section: 'training',
    label: 'Horizon',
    help: 'rows ahead to predict',
    kind: 'integer',
    min: 1,
    taskSpecific: true,
    sweepable: true,
  },
  {
    key: 'distribution',
    flag: 'distribution',
    placeholder: 'kind',
    section: 'training',
    label: 'Distribution',
    help: 'what a forecaster predicts: point values, a gaussian (mean and scale) or quantiles (0.1, 0.5, 0.9), for intervals',
    ...choice(['point', 'gaussian', 'quantile']),
    taskSpecific: true,
    sweepable: true,
  },
  {
    key: 'quantiles',
    flag: 'quantiles',
    placeholder: 'levels',
    section: 'training',
    label: 'Quantiles',
    help: 'with the quantile distribution: the levels the head predicts, spanning 0.1…0.9 for the 80 % interval (default 0.1,0.5,0.9)',
    kind: 'numberList',
    min: 0,
    minExclusive: true,
    max: 1,
    maxExclusive: true,
    maxItems: 99,
    taskSpecific: true,
    sweepable: false,
  },
  {
    key: 'season',
    flag: 'season',
    placeholder: 'n',
    section: 'training',
    label: 'Season',
    help: "rows in a season for the seasonal-naive baseline and MASE (0 = from the dates' frequency)",
    kind: 'integer',
    min: 0,
    taskSpecific: true,
    sweepable: false,
  },
  {
    key: 'backtest',
    flag: 'backtest',
    placeholder: 'k',
    section: 'training',
    label: 'Backtest origins',
    help: 'rolling-origin backtest at the end of the data over this many origins, each forecasting the horizon (0 = none)',
    kind: 'integer',
    min: 0,
    taskSpecific: true,
    sweepable: false,
  },
  {
    key: 'calibrate',
    flag: 'calibrate',
    placeholder: 'on|off',
    section: 'training',
    label: 'Calibrate intervals',
    help: 'forecasting with a distribution: widen or narrow the 80 % interval so it covers 80 % of validation windows held out from training (split conformal), stored in the checkpoint',
    ...choice(['on', 'off']),
    taskSpecific: true,
    sweepable: false,
  },
  {
    key: 'specAugment',
    flag: 'spec-augment',
    section: 'training',
    label: 'SpecAugment',
    help: 'audio: mask a few mel bands and stretches of steps of every training recording (SpecAugment)',
    kind: 'boolean',
    taskSpecific: true,
    sweepable: true,
  },
  {
    key: 'stateful',
    flag: 'stateful',
    section: 'training',
    label: 'Stateful',
    help: 'each batch row reads its own stretch of the text, window after window, carrying its state (truncated BPTT)',
    kind: 'boolean',
    taskSpecific: true,
    sweepable: true,
  },
  {
    key: 'teacherForcing',
    flag: 'teacher-forcing',
    placeholder: 'r',
    section: 'training',
    label: 'Teacher forcing',
    help: "share of decoder inputs that are the reference's previous token (the rest: the model's own prediction)",
    kind: 'number',
    min: 0,
    max: 1,
    taskSpecific: true,
    sweepable: true,
  },
  {
    key: 'teacherForcingEnd',
    flag: 'teacher-forcing-end',
    placeholder: 'r',
    section: 'training',
    label: 'Teacher forcing at the end',
    help: 'when given, teacher forcing falls linearly to this share by the last step',
    kind: 'number',
    min: 0,
    max: 1,
    taskSpecific: true,
    sweepable: true,
  },
  {
    key: 'optimizer',
    flag: 'optimizer',
    placeholder: 'kind',
    section: 'training',
    label: 'Optimizer',
    help: 'adam, adamw or sgd',
    ...choice(['adam', 'adamw', 'sgd']),
    sweepable: true,
  },
  {
    key: 'lr',
    flag: 'lr',
    placeholder: 'x',
    section: 'training',
    label: 'Learning rate',
    help: 'the optimizer step size',
    kind: 'number',
    min: 0,
    minExclusive: true,
    // No upper bound: a rate that makes training explode is a run the divergence check stops and
    // explains (src/train/divergence.ts), not a value to refuse.
    sweepable: true,
  },
  {
    key: 'weightDecay',
    flag: 'weight-decay',
    placeholder: 'x',
    section: 'training',
    label: 'Weight decay',
    help: 'L2 penalty (adam, sgd) or decoupled decay (adamw)',
    kind: 'number',
    min: 0,
    sweepable: true,
  },
  {
    key: 'momentum',
    flag: 'momentum',
    placeholder: 'x',
    section: 'training',
    label: 'Momentum',
    help: 'SGD momentum',
    kind: 'number',
    min: 0,
    max: 1,
    maxExclusive: true,
    sweepable: true,
  },
  {
    key: 'schedule',
    flag: 'schedule',
    placeholder: 'kind',
    section: 'training',
    label: 'Learning-rate schedule',
    help: 'constant, step or cosine',
    ...choice(['constant', 'step', 'cosine']),
    sweepable: true,
  },
  {
    key: 'warmupSteps',
    flag: 'warmup',
    placeholder: 'n',
    section: 'training',
    label: 'Warm-up steps',
    help: 'linear learning-rate warm-up over the first n steps',
    kind: 'integer',
    min: 0,
    sweepable: true,
  },
  {
    key: 'clipNorm',
    flag: 'clip',
    placeholder: 'x',
    section: 'training',
    label: 'Gradient clipping',
    help: 'clip the global gradient norm to this (0 = off)',
    kind: 'number',
    min: 0,
    sweepable: true,
  },
  {
    key: 'patience',
    flag: 'patience',
    placeholder: 'n',
    section: 'training',
    label: 'Early-stopping patience',
    help: 'stop after n evaluations without improvement (0 = off)',
    kind: 'integer',
    min: 0,
    sweepable: true,
  },
  {
    key: 'minDelta',
    flag: 'min-delta',
    placeholder: 'x',
    section: 'training',
    label: 'Minimum improvement',
    help: 'the least fall of the validation loss that counts as improving (early stopping)',
    kind: 'number',
    min: 0,
    sweepable: false,
  },
  {
    key: 'restoreBest',
    flag: 'restore-best',
    section: 'training',
    label: 'Restore the best weights',
    help: 'after early stopping, put the best weights back into the final model',
    kind: 'boolean',
    sweepable: false,
  },
  {
    key: 'validateEverySteps',
    flag: 'validate-every',
    placeholder: 'n',
    section: 'training',
    label: 'Validate every',
    help: 'also validate every n steps (0 = at the end of each epoch only)',
    kind: 'integer',
    min: 0,
    sweepable: false,
  },
  {
    key: 'validationMax',
    flag: 'validation-max',
    placeholder: 'n',
    section: 'training',
    label: 'Validation sample',
    help: 'score at most n validation windows or examples per evaluation (0 = automatic: about a million steps)',
    kind: 'integer',
    min: 0,
    sweepable: false,
  },
  {
    key: 'fullValidation',
    flag: 'full-validation',
    section: 'training',
    label: 'Score all of validation',
    help: 'score the whole validation split at every evaluation',
    kind: 'boolean',
    sweepable: false,
  },
  {
    key: 'checkpointEverySeconds',
    flag: 'checkpoint-every',
    placeholder: 'seconds',
    section: 'training',
    label: 'Checkpoint every (s)',
    help: 'rewrite last.safetensors at least this often while training',
    kind: 'number',
    min: 1,
    sweepable: false,
  },
  {
    key: 'threads',
    flag: 'threads',
    placeholder: 'n',
    section: 'training',
    label: 'Threads',
    help: 'training threads, each batch split across them (0 = automatic: cores − 1, at least 1)',
    kind: 'integer',
    min: 0,
    max: 64,
    sweepable: true,
  },
  {
    key: 'kernelBackend',
    flag: 'kernels',
    placeholder: 'backend',
    section: 'training',
    label: 'Kernels',
    help: 'float32 kernels: auto (WebAssembly SIMD where it runs), wasm or js',
    ...choice(['auto', 'wasm', 'js']),
    sweepable: false,
  },
];

const BY_KEY = new Map(TRAINING_SETTINGS.map((s) => [s.key, s]));
const BY_FLAG = new Map(TRAINING_SETTINGS.map((s) => [s.flag, s]));

export function settingByKey(key: string): SettingDescriptor | undefined {
  return BY_KEY.get(key as keyof TrainingConfig);
}

export function settingByFlag(flag: string): SettingDescriptor | undefined {
  return BY_FLAG.get(flag);
}

/** `[0, 1)`, `≥ 1`, `in (0, 100]`: the rule in words. */
export function describeRange(s: SettingDescriptor): string {
  if (s.kind === 'choice') return `one of ${s.choices!.join(', ')}`;
  if (s.kind === 'boolean') return 'true or false';
  const what = s.kind === 'integer' ? 'an integer' : s.kind === 'numberList' ? 'ascending numbers' : 'a number';
  const range =
    s.max === undefined
      ? `${s.minExclusive ? '>' : '≥'} ${s.min ?? 0}`
      : `in ${s.minExclusive ? '(' : '['}${s.min ?? 0}, ${s.max}${s.maxExclusive ? ')' : ']'}`;
  if (s.kind !== 'numberList') return `${what} ${range}`;
  return `${what} ${range}, comma-separated${s.maxItems !== undefined ? `, at most ${s.maxItems}` : ''}`;
}

/** Whether `value` is a number the setting's range (min, max and their exclusiveness) allows. */
function inRange(s: SettingDescriptor, value: unknown): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (s.kind === 'integer' && !Number.isInteger(value)) return false;
  const min = s.min ?? 0;
  if (s.minExclusive ? value <= min : value < min) return false;
  return s.max === undefined || (s.maxExclusive ? value < s.max : value <= s.max);
}

/**
 * The reason `value` breaks the setting's rule, naming the setting by its config field (`batchSize
 * must be an integer ≥ 1, got 0`), or null when it keeps it. Text from a form is parsed by `parseSetting`
 * first.
 */
export function checkSetting(s: SettingDescriptor, value: unknown): string | null {
  const got =
    typeof value === 'string' ? `'${value}'` : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const broken = `${s.key} must be ${describeRange(s)}, got ${got}`;
  switch (s.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? null : broken;
    case 'choice':
      return typeof value === 'string' && s.choices!.includes(value) ? null : broken;
    case 'integer':
    case 'number':
      return inRange(s, value) ? null : broken;
    case 'numberList':
      return Array.isArray(value) &&
        value.length > 0 &&
        value.length <= (s.maxItems ?? Infinity) &&
        value.every((x, i) => inRange(s, x) && (i === 0 || x > value[i - 1]))
        ? null
        : broken;
  }
}

/** Text (a form field, a CLI value) → the setting's value, or the reason it is not one. */
export function parseSetting(
  s: SettingDescriptor,
  text: string,
): { ok: true; value: SettingValue } | { ok: false; reason: string } {
  const trimmed = text.trim();
  let value: SettingValue;
  if (s.kind === 'numberList') {
    if (trimmed === '') return { ok: false, reason: `${s.label} needs a value` };
    const items = trimmed.split(',').map((item) => item.trim());
    const numbers = items.map((item) => (item === '' ? NaN : Number(item)));
    // A list with an item that is no number is named as typed ("got '0.1,x'").
    if (numbers.some(Number.isNaN)) return { ok: false, reason: checkSetting(s, trimmed)! };
    value = numbers;
  } else if (s.kind === 'boolean') {
    if (trimmed !== 'true' && trimmed !== 'false') return { ok: false, reason: `${s.label} must be true or false` };
    value = trimmed === 'true';
  } else if (s.kind === 'choice') value = trimmed;
  else {
    if (trimmed === '') return { ok: false, reason: `${s.label} needs a value` };
    value = Number(trimmed);
  }
  // Text that is no number is named as typed ("got 'many'"), not as NaN.
  const reason = checkSetting(s, typeof value === 'number' && Number.isNaN(value) ? trimmed : value);
  return reason === null ? { ok: true, value } : { ok: false, reason };
}
