/**
 * A sweep file → its runs. `parseSweepSpec` reads and checks the file (`lstm-studio-sweep/1`, see
 * src/protocol/sweep.ts); `expandSweep` turns a checked spec into its trials: every combination in order
 * (grid) or a seeded sample (random). Pure — no Node, no DOM — so the CLI, the extension's queue and the
 * New Training Run form expand a sweep the same way and a test can pin the order.
 */

import { parseRunConfiguration, RUN_CONFIGURATION_FORMAT, type RunConfiguration } from './run-configuration';
import {
  defaultSweepConcurrency,
  defaultSweepName,
  SWEEP_FORMAT,
  sweepId,
  sweepTrialThreads,
  type SweepMembership,
  type SweepParameter,
  type SweepSpec,
  type SweepTrial,
} from './sweep';
import type { TrainingConfig } from './training-config';
import { checkSetting, settingByKey, type SettingDescriptor } from './training-settings';

/** The most runs one sweep may expand to: past this a typo (a count of 1000 on three settings) is likelier than intent. */
export const MAX_SWEEP_TRIALS = 1000;

/**
 * A random sweep over finite values draws without repeats by shuffling the combinations' indices; past
 * this many combinations it draws each setting on its own instead (repeats are then rare and refused by
 * redrawing).
 */
const MAX_SHUFFLED_COMBINATIONS = 100_000;

/** Significant digits a random sweep's drawn numbers keep. */
const RANDOM_DIGITS = 4;

/** Redraws of one random trial that repeated an earlier one before the repeat is kept (tiny ranges only). */
const MAX_REDRAWS = 100;

type SweptValue = number | string | boolean;

/**
 * Reads a sweep file's text and checks it all (the base configuration, every parameter, the method and
 * its count, the number of runs it expands to); `fileName` starts every message. The base configuration
 * may leave out its own `format`.
 */
export function parseSweepSpec(text: string, fileName: string): SweepSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${fileName}: not JSON (${(error as Error).message})`);
  }
  if (!isObject(raw)) throw new Error(`${fileName}: expected a JSON object`);
  if (raw.format !== SWEEP_FORMAT)
    throw new Error(`${fileName}: "format" must be "${SWEEP_FORMAT}", got ${JSON.stringify(raw.format)}`);
  const fields = ['format', 'name', 'base', 'parameters', 'method', 'count', 'seed', 'maxConcurrent'];
  for (const key of Object.keys(raw)) if (!fields.includes(key)) throw new Error(`${fileName}: unknown field "${key}"`);
  if (raw.name !== undefined && (typeof raw.name !== 'string' || raw.name.trim() === ''))
    throw new Error(`${fileName}: "name" must be a non-empty text`);
  if (raw.base !== undefined && !isObject(raw.base)) throw new Error(`${fileName}: "base" must be an object`);
  const base = parseBase(raw.base ?? {}, fileName);
  if (!isObject(raw.parameters))
    throw new Error(`${fileName}: "parameters" must be an object (setting → values or range)`);
  for (const [key, parameter] of Object.entries(raw.parameters)) parameterShape(key, parameter, fileName);
  const spec = { ...raw, base } as unknown as SweepSpec;
  const problem = sweepSpecProblem(spec);
  if (problem !== null) throw new Error(`${fileName}: ${problem}`);
  return spec;
}

/**
 * The first thing wrong with a spec (typed, e.g. built by the form), in words naming the field, or null.
 * Checks what the types cannot: only known, sweepable settings; every value kept by its setting's rule;
 * ranges only on numbers; a count for random sweeps; at most `MAX_SWEEP_TRIALS` runs.
 */
export function sweepSpecProblem(spec: SweepSpec): string | null {
  if (spec.method !== 'grid' && spec.method !== 'random')
    return `"method" must be "grid" or "random", got ${JSON.stringify(spec.method)}`;
  const keys = Object.keys(spec.parameters);
  if (keys.length === 0) return '"parameters" is empty: name at least one setting to sweep';
  for (const key of keys) {
    const problem = parameterProblem(key, spec.parameters[key as keyof TrainingConfig]!, spec.method);
    if (problem !== null) return problem;
  }
  if (spec.method === 'random') {
    if (!isCount(spec.count))
      return `a random sweep needs "count", a whole number ≥ 1, got ${JSON.stringify(spec.count)}`;
    if (spec.count > MAX_SWEEP_TRIALS)
      return `"count" is ${spec.count}: a sweep may have at most ${MAX_SWEEP_TRIALS} runs`;
    if (spec.seed !== undefined && !(Number.isSafeInteger(spec.seed) && spec.seed >= 0))
      return `"seed" must be a whole number ≥ 0, got ${JSON.stringify(spec.seed)}`;
    const combinations = finiteCombinationCount(spec);
    if (combinations !== null && spec.count > combinations)
      return `"count" is ${spec.count} but the parameters have only ${combinations} different combinations: lower "count", or use "method": "grid"`;
  } else {
    if (spec.count !== undefined) return '"count" is for random sweeps (a grid runs every combination)';
    if (spec.seed !== undefined) return '"seed" is for random sweeps (a grid runs every combination)';
    const runs = keys.reduce((n, key) => n * gridValues(key, spec.parameters[key as keyof TrainingConfig]!).length, 1);
    if (runs > MAX_SWEEP_TRIALS)
      return `the grid has ${runs} combinations (${keys.map((k) => gridValues(k, spec.parameters[k as keyof TrainingConfig]!).length).join(' × ')}): a sweep may have at most ${MAX_SWEEP_TRIALS} runs`;
  }
  if (spec.maxConcurrent !== undefined && !isCount(spec.maxConcurrent))
    return `"maxConcurrent" must be a whole number ≥ 1, got ${JSON.stringify(spec.maxConcurrent)}`;
  return null;
}

/**
 * The sweep's runs, in order. Grid: the cartesian product in the parameters' key order, the last key
 * varying fastest; a range gives `count` evenly spaced points (geometrically for `scale: "log"`), an
 * integer setting's rounded with repeats dropped. Random: `count` draws seeded by `seed` (default 0) —
 * a range uniformly (log-uniformly), `values` uniformly; without repeats. Throws the spec's problem.
 */
export function expandSweep(spec: SweepSpec): SweepTrial[] {
  const problem = sweepSpecProblem(spec);
  if (problem !== null) throw new Error(problem);
  const keys = Object.keys(spec.parameters) as (keyof TrainingConfig)[];
  const combinations = spec.method === 'grid' ? gridCombinations(spec, keys) : randomCombinations(spec, keys);
  return combinations.map((values, index) => ({
    index,
    settings: Object.fromEntries(keys.map((key, k) => [key, values[k]])) as Partial<TrainingConfig>,
  }));
}

/** The configuration one trial trains: the base with the trial's settings on top (a swept setting wins over a fixed one). */
export function trialConfiguration(spec: SweepSpec, trial: SweepTrial): RunConfiguration {
  return { ...spec.base, settings: { ...spec.base.settings, ...trial.settings } };
}

/** One parameter in words for a plan: `lr: 0.001 … 0.1 (log, 3 points)`, `cell: lstm, gru`. */
export function describeSweepParameter(key: string, parameter: SweepParameter, method: SweepSpec['method']): string {
  if ('values' in parameter) return `${key}: ${parameter.values.map(String).join(', ')}`;
  const scale = parameter.scale === 'log' ? 'log' : 'linear';
  if (method === 'random')
    return `${key}: ${parameter.min} … ${parameter.max} (${scale === 'log' ? 'log-uniform' : 'uniform'})`;
  return `${key}: ${gridValues(key, parameter).map(String).join(', ')} (${scale}, ${parameter.min} … ${parameter.max})`;
}

// --- grid -------------------------------------------------------------------------------------------

function gridCombinations(spec: SweepSpec, keys: (keyof TrainingConfig)[]): SweptValue[][] {
  const axes = keys.map((key) => gridValues(key, spec.parameters[key]!));
  let combinations: SweptValue[][] = [[]];
  // Appending each axis in turn as the inner loop makes the last key vary fastest.
  for (const axis of axes) combinations = combinations.flatMap((prefix) => axis.map((value) => [...prefix, value]));
  return combinations;
}

/** A parameter's points on the grid: its `values` as given (repeats dropped), or `count` points of its range. */
function gridValues(key: string, parameter: SweepParameter): SweptValue[] {
  if ('values' in parameter) return unique(parameter.values);
  const setting = settingByKey(key)!;
  const count = parameter.count ?? 1;
  const points: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = count === 1 ? 0 : i / (count - 1);
    points.push(i === count - 1 && count > 1 ? parameter.max : interpolate(parameter, t));
  }
  return unique(points.map((x) => roundFor(setting, x)));
}

/** The point at fraction t of the range: linear, or geometric (log) so 1e-3 … 1e-1 in 3 gives 1e-2 in the middle. */
function interpolate(range: { min: number; max: number; scale?: 'linear' | 'log' }, t: number): number {
  if (range.scale === 'log') return Math.exp(Math.log(range.min) + t * (Math.log(range.max) - Math.log(range.min)));
  return range.min + t * (range.max - range.min);
}

/**
 * An integer setting's value rounded; a number's to 12 significant digits, so a log grid's 0.01 is 0.01
 * and not 0.009999999999999998 in the runs table and on the command line.
 */
function roundFor(setting: SettingDescriptor, x: number): number {
  return setting.kind === 'integer' ? Math.round(x) : Number(x.toPrecision(12));
}

// --- random -----------------------------------------------------------------------------------------

function randomCombinations(spec: SweepSpec, keys: (keyof TrainingConfig)[]): SweptValue[][] {
  const random = mulberry32(spec.seed ?? 0);
  const count = spec.count!;
  const finite = finiteCombinationCount(spec);
  if (finite !== null && finite <= MAX_SHUFFLED_COMBINATIONS) {
    // Every combination is equally likely and none repeats: the first `count` of a seeded shuffle.
    const axes = keys.map((key) => finiteValues(key, spec.parameters[key]!)!);
    return shuffledIndices(finite, count, random).map((index) => combinationAt(axes, index));
  }
  const seen = new Set<string>();
  const combinations: SweptValue[][] = [];
  while (combinations.length < count) {
    let values = keys.map((key) => drawValue(key, spec.parameters[key]!, random));
    for (let redraw = 0; redraw < MAX_REDRAWS && seen.has(JSON.stringify(values)); redraw++)
      values = keys.map((key) => drawValue(key, spec.parameters[key]!, random));
    seen.add(JSON.stringify(values));
    combinations.push(values);
  }
  return combinations;
}

/** The first `count` entries of a Fisher–Yates shuffle of 0 … n−1 (only as far as needed). */
function shuffledIndices(n: number, count: number, random: () => number): number[] {
  const indices = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (n - i));
    [indices[i], indices[j]] = [indices[j], indices[i]];
  }
  return indices.slice(0, count);
}

/** The combination numbered `index` in grid order (mixed radix, the last axis fastest). */
function combinationAt(axes: SweptValue[][], index: number): SweptValue[] {
  const values = new Array<SweptValue>(axes.length);
  for (let k = axes.length - 1; k >= 0; k--) {
    values[k] = axes[k][index % axes[k].length];
    index = Math.floor(index / axes[k].length);
  }
  return values;
}

/**
 * How many different combinations a random sweep can draw when every parameter has finitely many values
 * (a list, or a linear integer range: each whole number in it), else null (a number range is continuous;
 * a log integer range is drawn log-uniformly, not uniformly over its integers).
 */
function finiteCombinationCount(spec: SweepSpec): number | null {
  let n = 1;
  for (const [key, parameter] of Object.entries(spec.parameters)) {
    const values = finiteValues(key, parameter);
    if (values === null) return null;
    n *= values.length;
    if (n > Number.MAX_SAFE_INTEGER) return null;
  }
  return n;
}

function finiteValues(key: string, parameter: SweepParameter): SweptValue[] | null {
  if ('values' in parameter) return unique(parameter.values);
  if (settingByKey(key)!.kind !== 'integer' || parameter.scale === 'log') return null;
  const low = Math.ceil(parameter.min);
  const high = Math.floor(parameter.max);
  if (high - low + 1 > MAX_SHUFFLED_COMBINATIONS) return null;
  return Array.from({ length: high - low + 1 }, (_, i) => low + i);
}

/** One random value of a parameter: uniform over `values`, uniform or log-uniform over a range. */
function drawValue(key: string, parameter: SweepParameter, random: () => number): SweptValue {
  if ('values' in parameter) return parameter.values[Math.floor(random() * parameter.values.length)];
  const setting = settingByKey(key)!;
  const u = random();
  // A linear integer range: each whole number in it equally likely (rounding would halve the ends' share).
  if (setting.kind === 'integer' && parameter.scale !== 'log')
    return Math.min(parameter.max, parameter.min + Math.floor(u * (parameter.max - parameter.min + 1)));
  const x = interpolate(parameter, u);
  // A drawn number keeps 4 significant digits (lr 0.002346, not 0.0023456789123): as fine as a random
  // search resolves, and readable in the runs table and on a command line.
  const rounded = setting.kind === 'integer' ? Math.round(x) : Number(x.toPrecision(RANDOM_DIGITS));
  // Rounding may step just past an end: keep inside the range.
  return Math.min(parameter.max, Math.max(parameter.min, rounded));
}

/**
 * mulberry32 (Tommy Ettinger's 32-bit generator, public domain): a 32-bit state advanced by a Weyl
 * constant and mixed by two multiply–xorshift rounds; uniform in [0, 1), period 2³², the same numbers
 * on every platform — enough to pick sweep settings and reproduce them from a seed.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// --- checks -----------------------------------------------------------------------------------------

/** The base configuration: a RunConfiguration whose `format` may be left out. */
function parseBase(base: Record<string, unknown>, fileName: string): RunConfiguration {
  return parseRunConfiguration(JSON.stringify({ format: RUN_CONFIGURATION_FORMAT, ...base }), `${fileName}: base`);
}

/** The JSON shape of one parameter (before its values are checked against the setting). */
function parameterShape(key: string, parameter: unknown, fileName: string): void {
  const where = `${fileName}: parameters.${key}`;
  if (!isObject(parameter)) throw new Error(`${where} must be {"values": [...]} or {"min": …, "max": …}`);
  if ('values' in parameter) {
    for (const field of Object.keys(parameter))
      if (field !== 'values') throw new Error(`${where}: unknown field "${field}" beside "values"`);
    if (!Array.isArray(parameter.values)) throw new Error(`${where}.values must be a list`);
    return;
  }
  for (const field of Object.keys(parameter))
    if (!['min', 'max', 'scale', 'count'].includes(field)) throw new Error(`${where}: unknown field "${field}"`);
  if (typeof parameter.min !== 'number' || typeof parameter.max !== 'number')
    throw new Error(`${where} must give "values", or "min" and "max" numbers`);
}

function parameterProblem(key: string, parameter: SweepParameter, method: SweepSpec['method']): string | null {
  const setting = settingByKey(key);
  const where = `parameters.${key}`;
  if (!setting) return `${where}: unknown setting "${key}"`;
  if (!setting.sweepable) return `${where}: ${setting.label.toLowerCase()} (${key}) cannot be swept`;
  if ('values' in parameter) {
    if (!Array.isArray(parameter.values) || parameter.values.length === 0)
      return `${where}.values must be a non-empty list`;
    for (const value of parameter.values) {
      const reason = checkSetting(setting, value);
      if (reason !== null) return `${where}: ${reason}`;
    }
    return null;
  }
  if (setting.kind !== 'integer' && setting.kind !== 'number')
    return `${where}: ${key} is ${setting.kind === 'choice' ? 'a choice' : 'true or false'}; give "values", not a range`;
  for (const end of ['min', 'max'] as const) {
    const reason = checkSetting(setting, parameter[end]);
    if (reason !== null) return `${where}.${end}: ${reason}`;
  }
  if (parameter.min > parameter.max) return `${where}: "min" (${parameter.min}) is above "max" (${parameter.max})`;
  if (parameter.scale !== undefined && parameter.scale !== 'linear' && parameter.scale !== 'log')
    return `${where}.scale must be "linear" or "log", got ${JSON.stringify(parameter.scale)}`;
  if (parameter.scale === 'log' && parameter.min <= 0)
    return `${where}: a log range needs "min" > 0, got ${parameter.min}`;
  if (method === 'grid') {
    if (!isCount(parameter.count))
      return `${where}: a grid range needs "count", the number of points (a whole number ≥ 1), got ${JSON.stringify(parameter.count)}`;
    if (parameter.count > MAX_SWEEP_TRIALS)
      return `${where}.count is ${parameter.count}: a sweep may have at most ${MAX_SWEEP_TRIALS} runs`;
    for (const value of gridValues(key, parameter)) {
      const reason = checkSetting(setting, value);
      if (reason !== null) return `${where}: ${reason}`;
    }
  } else if (parameter.count !== undefined && !isCount(parameter.count)) {
    return `${where}.count must be a whole number ≥ 1, got ${JSON.stringify(parameter.count)}`;
  } else if (setting.kind === 'integer' && Math.ceil(parameter.min) > Math.floor(parameter.max)) {
    return `${where}: no whole number lies between ${parameter.min} and ${parameter.max}`;
  }
  return null;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the CLI and the extension decide before a sweep's first run: its id, name, runs, and how many at once. */
export interface SweepRunPlan {
  spec: SweepSpec;
  trials: SweepTrial[];
  id: string;
  name: string;
  /** Trials training at once. */
  concurrency: number;
  /** Each trial's threads when the sweep leaves them open (see `sweepTrialThreads`), else undefined. */
  threads: number | undefined;
}

/**
 * Expands the spec and settles the rest: the id (`sweepId`), the name (the spec's, else the dataset's
 * and the date), the concurrency (`maxConcurrent` given by the caller, else the spec's, else one per
 * core) and the threads rule. Throws the spec's problem.
 */
export function planSweepRuns(
  spec: SweepSpec,
  options: { datasetFileName: string; cores: number; now: Date; randomHex: string; maxConcurrent?: number },
): SweepRunPlan {
  const trials = expandSweep(spec);
  const concurrency = options.maxConcurrent ?? spec.maxConcurrent ?? defaultSweepConcurrency(options.cores);
  return {
    spec,
    trials,
    id: sweepId(options.now, options.randomHex),
    name: spec.name ?? defaultSweepName(options.datasetFileName, options.now),
    concurrency,
    threads: sweepTrialThreads(spec, concurrency),
  };
}

/** What trial `trial` of the plan records in its run.json. */
export function trialMembership(plan: SweepRunPlan, trial: SweepTrial): SweepMembership {
  return { id: plan.id, name: plan.name, index: trial.index, count: plan.trials.length, swept: trial.settings };
}
