/**
 * A sweep: one base configuration and some settings given as lists or ranges, expanded into runs (every
 * combination, or a seeded random sample of them) that a queue trains at most `maxConcurrent` at a time.
 * The file `lstm-studio sweep --config sweep.json` takes and the New Training Run form starts. Types
 * here; the expansion is `expandSweep` (src/protocol/sweep-expansion.ts), pure so the host, the CLI and
 * a test share it.
 */

import type { RunConfiguration } from './run-configuration';
import type { TrainingConfig } from './training-config';

export const SWEEP_FORMAT = 'lstm-studio-sweep/1';

/**
 * One swept setting: explicit `values`, or a range — `min`..`max` in `count` evenly spaced points for a
 * grid (geometrically spaced when `scale` is `log`), or drawn uniformly (log-uniformly) for a random sweep.
 * An integer setting's range values are rounded.
 */
export type SweepParameter =
  | { values: readonly (number | string | boolean)[] }
  | { min: number; max: number; scale?: 'linear' | 'log'; count?: number };

export interface SweepSpec {
  format: typeof SWEEP_FORMAT;
  /** Shown in the runs table (groups its runs); default: the dataset's name and the date. */
  name?: string;
  /** Everything not swept (its `settings` are the fixed ones). */
  base: RunConfiguration;
  /** Setting key (a TrainingConfig field, sweepable) → its values. */
  parameters: Partial<Record<keyof TrainingConfig, SweepParameter>>;
  /** `grid`: every combination; `random`: `count` draws (without repeats when the grid is finite and small). */
  method: 'grid' | 'random';
  /** Random sweeps: how many runs. */
  count?: number;
  /** Random sweeps: the draw's seed (default 0). */
  seed?: number;
  /** At most this many runs train at once (default: what the cores allow, see `defaultSweepConcurrency`). */
  maxConcurrent?: number;
}

/** One run of an expanded sweep: its index and the settings it sets on top of the base. */
export interface SweepTrial {
  index: number;
  settings: Partial<TrainingConfig>;
}

/** What a run records of the sweep it belongs to (run.json `sweep`, the runs table's grouping). */
export interface SweepMembership {
  /** The sweep's id: `sweep-<yyyymmdd-hhmmss>-<4 hex>`. */
  id: string;
  name: string;
  /** 0-based, in the expansion's order. */
  index: number;
  count: number;
  /** The swept settings' values of this run. */
  swept: Partial<TrainingConfig>;
}

/** The runs a sweep's queue keeps training at once by default: each run trains on one thread, so one per core, at least 1. */
export function defaultSweepConcurrency(cores: number): number {
  return Math.max(1, Math.floor(cores));
}

/**
 * A new sweep's id, `sweep-<yyyymmdd-hhmmss>-<4 hex>`: the local time like a run folder's name, and four
 * hex digits (`randomHex`, e.g. from `crypto.randomBytes(2)`) so two sweeps started in the same second differ.
 */
export function sweepId(date: Date, randomHex: string): string {
  if (!/^[0-9a-f]{4}$/.test(randomHex)) throw new Error(`a sweep id ends in 4 hex digits, got '${randomHex}'`);
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
  return `sweep-${stamp}-${randomHex}`;
}

/** A sweep's name when its file gives none: the dataset's file name and the date (`reviews.csv 2026-12-07 01:30`). */
export function defaultSweepName(datasetFileName: string, date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${datasetFileName} ${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A trial's settings in one line for a plan or a progress line: `lr 0.01, hiddenSize 32`. */
export function describeTrialSettings(settings: Partial<TrainingConfig>): string {
  return Object.entries(settings)
    .map(([key, value]) => `${key} ${String(value)}`)
    .join(', ');
}

/**
 * The `threads` each trial trains on when the sweep does not set it (in its base settings or as a swept
 * parameter): 1 when several trials run at once — `maxConcurrent` runs of one thread each fill the cores
 * instead of fighting over them — else undefined (the usual automatic count). Undefined too when the
 * sweep sets it: the sweep decides.
 */
export function sweepTrialThreads(spec: SweepSpec, concurrency: number): number | undefined {
  if (spec.base.settings.threads !== undefined || spec.parameters.threads !== undefined) return undefined;
  return concurrency > 1 ? 1 : undefined;
}
