/**
 * The Runs table's filter box: words match a run's id, dataset, task, status or sweep name (all words
 * must match, case ignored); `setting<op>value` conditions compare a setting or a metric —
 * `hiddenSize=64`, `lr<0.01`, `optimizer!=sgd`, `accuracy>=0.8` (a metric alone is its best value;
 * `final.accuracy` the final one), `hidden=64` (a CLI flag works too). A filter that cannot mean
 * anything (an unknown setting, a number compared with a word, an unknown choice) is refused with the
 * reason, so a typo never silently hides every run. Pure.
 */

import type { MetricDescriptor } from './task-presentation';
import type { RunsTableRun, SettingColumnInfo, SettingValue } from './runs-table';

export type FilterOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** One `field op value` condition, its field resolved. */
export interface FilterCondition {
  /** What it reads: a setting key, or a metric's best/final value. */
  field: { kind: 'setting'; key: string } | { kind: 'best' | 'final'; key: string };
  /** Shown in messages and chips: the field as the user wrote it. */
  written: string;
  operator: FilterOperator;
  /** A number for numeric fields and order comparisons; else text (compared case-insensitively). */
  value: number | string | boolean;
}

export interface RunsFilter {
  words: string[];
  conditions: FilterCondition[];
}

export type FilterParse = { ok: true; filter: RunsFilter } | { ok: false; reason: string };

/** What a filter may name. */
export interface FilterFields {
  settings: readonly SettingColumnInfo[];
  metrics: readonly MetricDescriptor[];
}

const CONDITION = /^([A-Za-z][\w.-]*)(<=|>=|!=|=|<|>)(.*)$/;
const OPERATOR_ONLY = /^(<=|>=|!=|=|<|>)/;

export const EMPTY_FILTER: RunsFilter = { words: [], conditions: [] };

/** Parses the filter box's text; `""` is the empty filter (every run). */
export function parseRunsFilter(text: string, fields: FilterFields): FilterParse {
  const filter: RunsFilter = { words: [], conditions: [] };
  for (const token of tokens(text)) {
    if (OPERATOR_ONLY.test(token))
      return { ok: false, reason: `'${token}': name a setting before the comparison, as in hiddenSize${token}` };
    const match = CONDITION.exec(token);
    if (!match) {
      if (/[<>=]/.test(token)) return { ok: false, reason: `'${token}': write a condition as setting=value` };
      filter.words.push(token.toLowerCase());
      continue;
    }
    const [, written, operator, rawValue] = match as unknown as [string, string, FilterOperator, string];
    const condition = parseCondition(written, operator, unquote(rawValue), fields);
    if (typeof condition === 'string') return { ok: false, reason: condition };
    filter.conditions.push(condition);
  }
  return { ok: true, filter };
}

/** Whether a run passes every word and every condition. */
export function matchesFilter(run: RunsTableRun, filter: RunsFilter): boolean {
  if (filter.words.length > 0) {
    const haystack = [run.id, run.datasetName, run.taskName, run.task, run.status, run.sweep?.name ?? '']
      .join('\n')
      .toLowerCase();
    if (!filter.words.every((word) => haystack.includes(word))) return false;
  }
  return filter.conditions.every((condition) => holds(condition, valueOf(run, condition)));
}

/** The setting keys a filter's conditions name (the table keeps their columns shown). */
export function filteredSettings(filter: RunsFilter): string[] {
  return filter.conditions.flatMap((c) => (c.field.kind === 'setting' ? [c.field.key] : []));
}

function parseCondition(
  written: string,
  operator: FilterOperator,
  rawValue: string,
  fields: FilterFields,
): FilterCondition | string {
  if (rawValue === '') return `'${written}${operator}': a value is needed after ${operator}`;
  const setting = findSetting(written, fields.settings);
  const ordered = operator !== '=' && operator !== '!=';
  if (setting) {
    const field = { kind: 'setting' as const, key: setting.key };
    switch (setting.kind) {
      case 'integer':
      case 'number': {
        const value = Number(rawValue);
        if (!Number.isFinite(value)) return `${written} is a number, '${rawValue}' is not`;
        return { field, written, operator, value };
      }
      case 'boolean':
        if (ordered) return `${written} is true or false: compare it with = or !=`;
        if (rawValue !== 'true' && rawValue !== 'false') return `${written} is true or false, not '${rawValue}'`;
        return { field, written, operator, value: rawValue === 'true' };
      case 'choice':
        if (ordered) return `${written} is one of ${setting.choices!.join(', ')}: compare it with = or !=`;
        if (!setting.choices!.some((c) => c.toLowerCase() === rawValue.toLowerCase()))
          return `${written} is one of ${setting.choices!.join(', ')}, not '${rawValue}'`;
        return { field, written, operator, value: rawValue.toLowerCase() };
      case 'text':
        if (ordered) return `${written} is text: compare it with = or !=`;
        return { field, written, operator, value: rawValue.toLowerCase() };
    }
  }
  const metric = findMetric(written, fields.metrics);
  if (metric) {
    const value = Number(rawValue);
    if (!Number.isFinite(value)) return `${written} is a number, '${rawValue}' is not`;
    return { field: metric, written, operator, value };
  }
  return `unknown setting or metric '${written}' (settings such as hiddenSize, lr, optimizer; metrics such as ${fields.metrics
    .slice(0, 3)
    .map((m) => m.key)
    .join(', ')}; final.<metric> for the final value)`;
}

function findSetting(written: string, settings: readonly SettingColumnInfo[]): SettingColumnInfo | undefined {
  const lower = written.toLowerCase();
  return settings.find((s) => s.key.toLowerCase() === lower || s.flag?.toLowerCase() === lower);
}

function findMetric(
  written: string,
  metrics: readonly MetricDescriptor[],
): { kind: 'best' | 'final'; key: string } | undefined {
  const [prefix, rest] = written.includes('.') ? written.split('.', 2) : ['best', written];
  if (prefix !== 'best' && prefix !== 'final') return undefined;
  const metric = metrics.find((m) => m.key.toLowerCase() === rest.toLowerCase());
  return metric ? { kind: prefix, key: metric.key } : undefined;
}

function valueOf(run: RunsTableRun, condition: FilterCondition): SettingValue {
  const field = condition.field;
  if (field.kind === 'setting') return run.settings[field.key] ?? null;
  return (field.kind === 'best' ? run.best : run.final)[field.key] ?? null;
}

function holds(condition: FilterCondition, actual: SettingValue): boolean {
  const { operator, value } = condition;
  // A run without the setting or metric passes only `!=` (it is not that value).
  if (actual === null) return operator === '!=';
  if (typeof value === 'number') {
    const number = Number(actual);
    if (!Number.isFinite(number)) return operator === '!=';
    switch (operator) {
      case '=':
        return number === value;
      case '!=':
        return number !== value;
      case '<':
        return number < value;
      case '<=':
        return number <= value;
      case '>':
        return number > value;
      case '>=':
        return number >= value;
    }
  }
  const equal =
    typeof value === 'boolean' ? actual === value : String(actual).toLowerCase() === String(value).toLowerCase();
  return operator === '=' ? equal : !equal;
}

/** Whitespace-separated tokens; a double-quoted part keeps its spaces (`textColumn="body html"`). */
function tokens(text: string): string[] {
  // `lr < 0.01` is one condition: spaces around an operator are dropped first.
  const joined = text.replace(/\s*(<=|>=|!=|=|<|>)\s*/g, '$1');
  return [...joined.matchAll(/(?:[^\s"]+|"[^"]*")+/g)].map((m) => m[0]);
}

function unquote(text: string): string {
  return text.replace(/"/g, '');
}
