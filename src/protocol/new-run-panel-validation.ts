/**
 * The host's check of every message from the New Training Run form (types in `new-run-panel.ts`). Only
 * known setting keys pass, each value kept to its rule (`checkSetting`, the CLI's); column names and
 * task ids are bounded strings the host then checks against the described table and the registered
 * tasks; no message carries a path.
 */

import {
  array,
  byType,
  finiteNumber,
  integer,
  object,
  oneOf,
  optional,
  reject,
  string,
  type Validator,
} from './message-validation';
import { MAX_REQUEST_ID } from './panel-message-limits';
import {
  CONFIGURATION_NAME,
  type FormChoices,
  type FormColumns,
  type FormSweep,
  type NewRunPanelToHost,
} from './new-run-panel';
import type { SweepParameter } from './sweep';
import type { TrainingConfig } from './training-config';
import { checkSetting, settingByKey } from './training-settings';

/** A column name: what a header may hold, bounded. */
const columnName = string({ maxLength: 1024 });
const taskId = string({ maxLength: 64, pattern: /^[a-z][a-z0-9-]*$/, describe: 'a task id' });
const requestId = integer({ min: 0, max: MAX_REQUEST_ID });
/** A sweep's list: more values than this would not be a sweep anyone waits for. */
const MAX_SWEEP_VALUES = 1000;

const columns: Validator<FormColumns> = object({
  textColumn: optional(columnName),
  labelColumn: optional(columnName),
  targetColumns: optional(array(columnName, { minLength: 1, maxLength: 1024 })),
  dateColumn: optional((value, where) => (value === null ? null : columnName(value, where))),
  seriesColumn: optional(columnName),
  knownFutureColumns: optional(array(columnName, { minLength: 1, maxLength: 1024 })),
  calendar: optional(oneOf(['on', 'off'] as const)),
  wide: optional(oneOf(['on', 'off'] as const)),
  holidays: optional(string({ maxLength: 8, pattern: /^[A-Za-z]{2}$/, describe: 'a two-letter country code' })),
  sourceColumn: optional(columnName),
  targetColumn: optional(columnName),
});

/** Settings by config key: each key a known setting, each value inside its rule. */
const settings: Validator<Partial<TrainingConfig>> = (value, where) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return reject(where, 'expected an object');
  const checked: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const setting = settingByKey(key);
    if (!setting || !Object.hasOwn(value, key)) return reject(where, `unknown setting '${key.slice(0, 60)}'`);
    const reason = checkSetting(setting, v);
    if (reason !== null) return reject(`${where}.${key}`, reason.slice(0, 200));
    checked[setting.key] = v;
  }
  return checked as Partial<TrainingConfig>;
};

export const formChoices: Validator<FormChoices> = object({
  task: (value, where) => (value === null ? null : taskId(value, where)),
  columns,
  settings,
});

/** One swept setting: a list of values in its rule, or a range whose ends are. */
function sweepParameter(key: string, value: unknown, where: string): SweepParameter {
  const setting = settingByKey(key);
  if (!setting?.sweepable) return reject(where, `'${key.slice(0, 60)}' is not a setting that may be swept`);
  const keep = (v: unknown, at: string) => {
    const reason = checkSetting(setting, v);
    return reason === null ? (v as number | string | boolean) : reject(at, reason.slice(0, 200));
  };
  if (typeof value === 'object' && value !== null && 'values' in value) {
    const list = object({ values: array((v, at) => keep(v, at), { minLength: 1, maxLength: MAX_SWEEP_VALUES }) })(
      value,
      where,
    );
    return { values: list.values };
  }
  const range = object({
    min: finiteNumber({ min: -Number.MAX_VALUE, max: Number.MAX_VALUE }),
    max: finiteNumber({ min: -Number.MAX_VALUE, max: Number.MAX_VALUE }),
    scale: optional(oneOf(['linear', 'log'])),
    count: optional(integer({ min: 1, max: MAX_SWEEP_VALUES })),
  })(value, where);
  if (setting.kind !== 'integer' && setting.kind !== 'number') return reject(where, `${key} takes a list, not a range`);
  keep(range.min, `${where}.min`);
  keep(range.max, `${where}.max`);
  if (range.max < range.min) return reject(where, `${key}: the range's max is below its min`);
  if (range.scale === 'log' && range.min <= 0) return reject(where, `${key}: a log range starts above 0`);
  return range;
}

const sweepParameters: Validator<FormSweep['parameters']> = (value, where) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return reject(where, 'expected an object');
  const entries = Object.entries(value);
  if (entries.length > 64) return reject(where, 'too many swept settings');
  const checked: Record<string, SweepParameter> = {};
  for (const [key, v] of entries) checked[key] = sweepParameter(key, v, `${where}.${key.slice(0, 60)}`);
  return checked;
};

export const formSweep: Validator<FormSweep> = object({
  name: optional(string({ maxLength: 200 })),
  method: oneOf(['grid', 'random']),
  count: optional(integer({ min: 1, max: 10_000 })),
  seed: optional(integer({ min: 0, max: 2 ** 32 - 1 })),
  maxConcurrent: integer({ min: 1, max: 256 }),
  parameters: sweepParameters,
});

export const newRunPanelMessage: Validator<NewRunPanelToHost> = byType({
  ready: {},
  describe: { requestId, choices: formChoices },
  estimate: { requestId, choices: formChoices },
  'copy-command': { choices: formChoices },
  'save-configuration': {
    name: string({ maxLength: 64, pattern: CONFIGURATION_NAME, describe: 'a configuration name' }),
    choices: formChoices,
  },
  'open-configuration': {
    name: string({ maxLength: 64, pattern: CONFIGURATION_NAME, describe: 'a configuration name' }),
  },
  'choose-file': {},
  train: { choices: formChoices },
  'count-sweep': { requestId, sweep: formSweep },
  'start-sweep': { choices: formChoices, sweep: formSweep },
});
