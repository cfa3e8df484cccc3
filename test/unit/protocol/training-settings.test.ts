/**
 * TRAINING_SETTINGS, the one list of training settings: it covers the whole TrainingConfig, its bounds
 * hold every task's presets and defaults, and its rule reads the same in words (`describeRange`), for
 * values (`checkSetting`) and for typed text (`parseSetting`).
 */

import { describe, expect, it } from 'vitest';
import type { TrainingConfig } from '../../../src/protocol/training-config';
import {
  checkSetting,
  describeRange,
  parseSetting,
  settingByFlag,
  settingByKey,
  TRAINING_SETTINGS,
} from '../../../src/protocol/training-settings';
import { allTasks } from '../../../src/tasks';
import { resolveTrainingConfig } from '../../../src/train/config';

const setting = (key: keyof TrainingConfig) => settingByKey(key)!;

describe('TRAINING_SETTINGS', () => {
  it('describes every TrainingConfig field but the task, once, each with its own flag', () => {
    const keys = TRAINING_SETTINGS.map((s) => s.key);
    const flags = TRAINING_SETTINGS.map((s) => s.flag);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(flags).size).toBe(flags.length);
    const fields = Object.keys(resolveTrainingConfig('classification')).filter((k) => k !== 'task');
    // teacherForcingEnd and quantiles are optional: absent from a resolved config unless given.
    expect([...keys].sort()).toEqual([...fields, 'teacherForcingEnd', 'quantiles'].sort());
    for (const s of TRAINING_SETTINGS) {
      expect(settingByFlag(s.flag)).toBe(s);
      expect(s.placeholder === undefined).toBe(s.kind === 'boolean');
      expect(s.label).toMatch(/^[A-Z]/);
      expect(s.help.length).toBeGreaterThan(0);
    }
  });

  it("holds every task's presets and defaults (forecasting's embedding 0 included)", () => {
    for (const task of allTasks())
      for (const preset of ['small', 'medium', 'large'] as const) {
        const config = resolveTrainingConfig(task.id, { preset });
        for (const s of TRAINING_SETTINGS)
          if (config[s.key] !== undefined) expect(checkSetting(s, config[s.key]), `${task.id} ${s.key}`).toBeNull();
      }
    expect(resolveTrainingConfig('forecasting').embeddingDim).toBe(0);
  });
});

describe('the rule in words and for values', () => {
  it.each([
    ['dropout', 'a number in [0, 1)'],
    ['lr', 'a number > 0'],
    ['epochs', 'an integer ≥ 1'],
    ['numLayers', 'an integer in [1, 16]'],
    ['teacherForcing', 'a number in [0, 1]'],
    ['seed', 'an integer in [0, 4294967295]'],
    ['optimizer', 'one of adam, adamw, sgd'],
    ['bidirectional', 'true or false'],
    ['quantiles', 'ascending numbers in (0, 1), comma-separated, at most 99'],
  ] as const)('%s: %s', (key, words) => {
    expect(describeRange(setting(key))).toBe(words);
  });

  it('refuses what breaks the rule, naming the field and the value', () => {
    expect(checkSetting(setting('epochs'), 0)).toBe('epochs must be an integer ≥ 1, got 0');
    expect(checkSetting(setting('epochs'), 2.5)).toBe('epochs must be an integer ≥ 1, got 2.5');
    expect(checkSetting(setting('epochs'), '8')).toBe("epochs must be an integer ≥ 1, got '8'");
    expect(checkSetting(setting('lr'), 0)).toBe('lr must be a number > 0, got 0');
    expect(checkSetting(setting('lr'), Infinity)).toBe('lr must be a number > 0, got Infinity');
    expect(checkSetting(setting('lr'), NaN)).toBe('lr must be a number > 0, got NaN');
    expect(checkSetting(setting('dropout'), 1)).toBe('dropout must be a number in [0, 1), got 1');
    expect(checkSetting(setting('seed'), 2 ** 32)).toBe('seed must be an integer in [0, 4294967295], got 4294967296');
    expect(checkSetting(setting('cell'), 'rnn')).toBe("cell must be one of lstm, gru, got 'rnn'");
    expect(checkSetting(setting('stateful'), 1)).toBe('stateful must be true or false, got 1');
    expect(checkSetting(setting('hiddenSize'), [8])).toBe('hiddenSize must be an integer in [1, 4096], got [8]');
    expect(checkSetting(setting('lr'), 1e12)).toBeNull();
    expect(checkSetting(setting('threads'), 64)).toBeNull();
  });

  it('a list: non-empty, strictly ascending, each item in range', () => {
    const quantiles = setting('quantiles');
    expect(checkSetting(quantiles, [0.1, 0.5, 0.9])).toBeNull();
    expect(checkSetting(quantiles, [0.5])).toBeNull();
    const broken = (got: string) =>
      `quantiles must be ascending numbers in (0, 1), comma-separated, at most 99, got ${got}`;
    expect(checkSetting(quantiles, [])).toBe(broken('[]'));
    expect(checkSetting(quantiles, [0.9, 0.1])).toBe(broken('[0.9,0.1]'));
    expect(checkSetting(quantiles, [0.1, 0.1, 0.9])).toBe(broken('[0.1,0.1,0.9]'));
    expect(checkSetting(quantiles, [0, 0.5])).toBe(broken('[0,0.5]'));
    expect(checkSetting(quantiles, [0.5, 1])).toBe(broken('[0.5,1]'));
    expect(checkSetting(quantiles, 0.5)).toBe(broken('0.5'));
    expect(checkSetting(quantiles, ['0.5'])).toBe(broken('["0.5"]'));
    const many = Array.from({ length: 100 }, (_, i) => (i + 1) / 101);
    expect(checkSetting(quantiles, many.slice(0, 99))).toBeNull();
    expect(checkSetting(quantiles, many)).toMatch(/^quantiles must be .*, at most 99, got/);
  });
});

describe('parseSetting: typed text', () => {
  it('reads numbers, choices and yes/no, trimmed', () => {
    expect(parseSetting(setting('batchSize'), ' 64 ')).toEqual({ ok: true, value: 64 });
    expect(parseSetting(setting('lr'), '3e-4')).toEqual({ ok: true, value: 3e-4 });
    expect(parseSetting(setting('optimizer'), 'adamw')).toEqual({ ok: true, value: 'adamw' });
    expect(parseSetting(setting('restoreBest'), 'false')).toEqual({ ok: true, value: false });
    expect(parseSetting(setting('quantiles'), ' 0.05, 0.5 ,0.95 ')).toEqual({ ok: true, value: [0.05, 0.5, 0.95] });
  });

  it('refuses an empty field, text that is no number, and values out of range, with the reason', () => {
    expect(parseSetting(setting('batchSize'), '  ')).toEqual({ ok: false, reason: 'Batch size needs a value' });
    expect(parseSetting(setting('epochs'), 'many')).toEqual({
      ok: false,
      reason: "epochs must be an integer ≥ 1, got 'many'",
    });
    expect(parseSetting(setting('dropout'), '1')).toEqual({
      ok: false,
      reason: 'dropout must be a number in [0, 1), got 1',
    });
    expect(parseSetting(setting('stateful'), 'yes')).toEqual({ ok: false, reason: 'Stateful must be true or false' });
    const list = 'quantiles must be ascending numbers in (0, 1), comma-separated, at most 99, got';
    expect(parseSetting(setting('quantiles'), ' ')).toEqual({ ok: false, reason: 'Quantiles needs a value' });
    expect(parseSetting(setting('quantiles'), '0.1,x')).toEqual({ ok: false, reason: `${list} '0.1,x'` });
    expect(parseSetting(setting('quantiles'), '0.1,,0.9')).toEqual({ ok: false, reason: `${list} '0.1,,0.9'` });
    expect(parseSetting(setting('quantiles'), '0.9,0.1')).toEqual({ ok: false, reason: `${list} [0.9,0.1]` });
  });
});
