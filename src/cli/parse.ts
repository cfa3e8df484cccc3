/** Option parsers for commander that reject bad values with a message naming the value. */

import { InvalidArgumentError } from 'commander';
import { describeRange, parseSetting, type SettingDescriptor, type SettingValue } from '../protocol/training-settings';

export function parseInteger(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}, got '${value}'`);
    return n;
  };
}

export function parseNumber(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min) throw new InvalidArgumentError(`expected a number ≥ ${min}, got '${value}'`);
    return n;
  };
}

export function parseChoice(choices: string[]): (value: string) => string {
  return (value) => {
    if (!choices.includes(value))
      throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, got '${value}'`);
    return value;
  };
}

/** A comma-separated list, each item trimmed (`--target close,volume`). */
export function parseList(value: string): string[] {
  return value.split(',').map((s) => s.trim());
}

/**
 * A training setting's value from its CLI text, by the rule the config and the New Training Run form
 * apply (`parseSetting` over TRAINING_SETTINGS): one source for what is accepted and the words of a refusal.
 */
export function parseSettingOption(setting: SettingDescriptor): (value: string) => SettingValue {
  return (value) => {
    const parsed = parseSetting(setting, value);
    if (!parsed.ok) throw new InvalidArgumentError(`expected ${describeRange(setting)}, got '${value}'`);
    return parsed.value;
  };
}
