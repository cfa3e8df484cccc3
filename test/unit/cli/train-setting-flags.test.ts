/**
 * `lstm-studio train`'s setting flags come from TRAINING_SETTINGS: every setting has its flag, the CLI
 * accepts and refuses exactly what the New Training Run form (`parseSetting`) and the config
 * (`resolveTrainingConfig`) accept and refuse, booleans have `--no-` switches, and the flags that moved
 * from the tasks into the list (`--tokens`, `--horizon`, `--teacher-forcing`…) work as before.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../../src/cli/program';
import {
  checkSetting,
  describeRange,
  parseSetting,
  TRAINING_SETTINGS,
  type SettingDescriptor,
} from '../../../src/protocol/training-settings';
import { resolveTrainingConfig } from '../../../src/train/config';
import { captureTraining, requestFor } from './captured-request';

const repo = join(__dirname, '../../..');
const dataset = join(repo, 'examples/series/energy.csv');

/** Values just inside a numeric setting's bounds and just outside them. */
function boundaryValues(s: SettingDescriptor): { inside: number[]; outside: number[] } {
  const min = s.min ?? 0;
  const step = s.kind === 'integer' ? 1 : 1e-9;
  const inside = [s.minExclusive ? min + step : min];
  const outside = [s.minExclusive ? min : min - step];
  if (s.max !== undefined) {
    inside.push(s.maxExclusive ? s.max - step : s.max);
    outside.push(s.maxExclusive ? s.max : s.max + step);
  }
  if (s.kind === 'integer') outside.push(inside[0] + 0.5);
  return { inside, outside };
}

const numeric = TRAINING_SETTINGS.filter((s) => s.kind === 'integer' || s.kind === 'number');
const choices = TRAINING_SETTINGS.filter((s) => s.kind === 'choice');
const booleans = TRAINING_SETTINGS.filter((s) => s.kind === 'boolean');

describe('the form, the CLI and the config agree on every setting', () => {
  it.each(numeric.map((s) => [s.flag, s] as const))('--%s: the same bounds', async (_, s) => {
    const { inside, outside } = boundaryValues(s);
    for (const value of inside) {
      const text = String(value);
      expect(parseSetting(s, text)).toEqual({ ok: true, value });
      const request = await requestFor(['train', dataset, `--${s.flag}`, text]);
      expect(request.config[s.key]).toBe(value);
      expect(resolveTrainingConfig('forecasting', { [s.key]: value })[s.key]).toBe(value);
    }
    for (const value of outside) {
      const text = String(value);
      const reason = checkSetting(s, value);
      expect(reason).not.toBeNull();
      expect(parseSetting(s, text)).toEqual({ ok: false, reason });
      const refused = await captureTraining(['train', dataset, `--${s.flag}`, text]);
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.printed).toContain(`--${s.flag}`);
        expect(refused.printed).toContain(`expected ${describeRange(s)}, got '${text}'`);
        expect(refused.printed.trim()).not.toContain('\n');
      }
      expect(() => resolveTrainingConfig('forecasting', { [s.key]: value })).toThrow(reason!);
    }
  });

  it.each(choices.map((s) => [s.flag, s] as const))('--%s: the same choices', async (_, s) => {
    for (const value of s.choices!) {
      expect(parseSetting(s, value)).toEqual({ ok: true, value });
      expect((await requestFor(['train', dataset, `--${s.flag}`, value])).config[s.key]).toBe(value);
      expect(resolveTrainingConfig('forecasting', { [s.key]: value })[s.key]).toBe(value);
    }
    const reason = checkSetting(s, 'nonsense');
    expect(parseSetting(s, 'nonsense')).toEqual({ ok: false, reason });
    const refused = await captureTraining(['train', dataset, `--${s.flag}`, 'nonsense']);
    expect(refused.ok || refused.printed).toContain(`expected ${describeRange(s)}, got 'nonsense'`);
    // The preset is looked up before the checks, with its own words.
    expect(() => resolveTrainingConfig('forecasting', { [s.key]: 'nonsense' } as never)).toThrow(
      s.key === 'preset' ? "unknown preset 'nonsense'" : reason!,
    );
  });

  it.each(booleans.map((s) => [s.flag, s] as const))('--%s and --no-%s', async (_, s) => {
    expect((await requestFor(['train', dataset, `--${s.flag}`])).config[s.key]).toBe(true);
    expect((await requestFor(['train', dataset, `--no-${s.flag}`])).config[s.key]).toBe(false);
    expect((await requestFor(['train', dataset])).config[s.key]).toBeUndefined();
    expect(parseSetting(s, 'true')).toEqual({ ok: true, value: true });
    expect(parseSetting(s, 'yes').ok).toBe(false);
    expect(() => resolveTrainingConfig('forecasting', { [s.key]: 'yes' } as never)).toThrow(checkSetting(s, 'yes')!);
  });
});

describe("train's options", () => {
  const train = createProgram().commands.find((c) => c.name() === 'train')!;
  const longFlags = new Set(train.options.map((o) => o.long));

  it('has a flag for every setting, and both switches for a yes/no', () => {
    for (const s of TRAINING_SETTINGS) {
      expect(longFlags).toContain(`--${s.flag}`);
      if (s.kind === 'boolean') expect(longFlags).toContain(`--no-${s.flag}`);
    }
    for (const flag of ['--validation-fraction', '--weight-decay', '--momentum', '--warmup', '--min-delta'])
      expect(longFlags).toContain(flag);
    expect(longFlags).toContain('--checkpoint-every');
    expect(longFlags).toContain('--date-column');
    expect(longFlags).toContain('--no-date-column');
  });

  it('docs/cli.md lists every setting: its flag, its key and its rule', () => {
    const doc = readFileSync(join(repo, 'docs/cli.md'), 'utf8');
    for (const s of TRAINING_SETTINGS) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`--${s.flag}`));
      expect(row, s.flag).toBeDefined();
      expect(row).toContain(`\`${s.key}\``);
      expect(row).toContain(describeRange(s));
    }
  });

  it('defines no flag twice', () => {
    const all = train.options.map((o) => o.long);
    expect(all.length).toBe(new Set(all).size);
  });

  it("groups the help by the form's sections, settings in the list's order", () => {
    const help = train.helpInformation();
    const headings = ['Dataset and task:', 'Data settings:', 'Model settings:', 'Training settings:', 'Run:'];
    const at = headings.map((h) => help.indexOf(h));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const order = TRAINING_SETTINGS.map((s) => help.indexOf(`--${s.flag} `));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(help.replace(/\s+/g, ' ')).toContain('dropout between recurrent layers (a number in [0, 1))');
  });
});

describe('flags that moved from the tasks into the settings list', () => {
  // Never read: the captured job does not train.
  const pairs = join(repo, 'pairs.tsv');

  it('--tokens chooses both sides of pairs unless --source-tokens/--target-tokens say otherwise', async () => {
    expect((await requestFor(['train', pairs, '--tokens', 'char'])).config).toMatchObject({
      tokenUnit: 'char',
      sourceTokens: 'char',
      targetTokens: 'char',
    });
    expect((await requestFor(['train', pairs, '--tokens', 'char', '--source-tokens', 'word'])).config).toMatchObject({
      tokenUnit: 'char',
      sourceTokens: 'word',
      targetTokens: 'char',
    });
  });

  it('--vocab-size, --horizon, --attention and --teacher-forcing(-end) set their fields, once each', async () => {
    const request = await requestFor([
      'train',
      pairs,
      '--vocab-size',
      '500',
      '--horizon',
      '3',
      '--attention',
      'dot',
      '--teacher-forcing',
      '0.5',
      '--teacher-forcing-end',
      '0',
    ]);
    expect(request.config).toEqual({
      vocabSize: 500,
      horizon: 3,
      attention: 'dot',
      teacherForcing: 0.5,
      teacherForcingEnd: 0,
    });
    const refused = await captureTraining(['train', pairs, '--teacher-forcing', '1.5']);
    expect(refused.ok || refused.printed).toContain("--teacher-forcing <r>' argument '1.5' is invalid");
  });

  it('--steps without --epochs lets the steps decide; the column flags set dataset overrides', async () => {
    expect((await requestFor(['train', dataset, '--steps', '30'])).config).toEqual({
      maxSteps: 30,
      epochs: 1_000_000,
    });
    expect((await requestFor(['train', dataset, '--steps', '30', '--epochs', '2'])).config).toEqual({
      maxSteps: 30,
      epochs: 2,
    });
    const forecast = await requestFor(['train', dataset, '--target', 'load, temp', '--date-column', 'when']);
    expect(forecast.dataset).toEqual({ targetColumns: ['load', 'temp'], dateColumn: 'when' });
    expect((await requestFor(['train', dataset, '--no-date-column'])).dataset).toEqual({ dateColumn: null });
    expect((await requestFor(['train', dataset, '--task', 'forecast'])).dataset).toEqual({ task: 'forecasting' });
  });
});
