/**
 * A run's folder (DESIGN.md §4): `<runsRoot>/<yyyymmdd-hhmmss>-<dataset>/` with `run.json` (config,
 * dataset fingerprint, status), `metrics.csv` (one row per step and per evaluation),
 * `last.safetensors` and `best.safetensors`. run.json is replaced atomically; metrics.csv is appended.
 */

import { appendFile, mkdir, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { readRegularTextFile, type FileOpenError } from '../data/regular-file';
import { basename, extname, join } from 'node:path';
import type { RunManifest } from '../protocol/run-manifest';
import type { ValidationExample } from '../protocol/run-records';
import type { EvaluationRecord, StepRecord } from '../protocol/training-events';
import type { Metrics } from './evaluate';
import { allTaskPresentations } from '../tasks/presentations';

export const RUN_FORMAT: RunManifest['format'] = 'lstm-studio-run/1';
export type { RunManifest } from '../protocol/run-manifest';

/**
 * The validation columns of metrics.csv: the loss, the first tasks' metrics in the order files have
 * always had them, then every other registered task's (sequence to sequence's …), once each.
 */
const METRIC_COLUMNS: readonly string[] = [
  ...new Set([
    'loss',
    'accuracy',
    'perplexity',
    'bitsPerChar',
    'mae',
    'rmse',
    ...allTaskPresentations().flatMap((task) => task.metrics.map((m) => m.key)),
  ]),
];
export const METRICS_CSV_HEADER = [
  'kind',
  'step',
  'epoch',
  'time',
  'loss',
  'lr',
  'grad_norm',
  ...METRIC_COLUMNS.map((m) => `val_${m}`),
].join(',');

/** `20261126-221530-reviews` from a time and a dataset path. */
export function runFolderName(date: Date, datasetPath: string): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
  const name =
    basename(datasetPath, extname(datasetPath))
      .replace(/[^\p{L}\p{N}_.-]+/gu, '_')
      .slice(0, 60) || 'dataset';
  return `${stamp}-${name}`;
}

/** Creates a new, empty run folder (adding -2, -3… if that second already has one). */
export async function createRunFolder(runsRoot: string, date: Date, datasetPath: string): Promise<string> {
  await mkdir(runsRoot, { recursive: true });
  const base = runFolderName(date, datasetPath);
  for (let n = 1; n < 1000; n++) {
    const dir = join(runsRoot, n === 1 ? base : `${base}-${n}`);
    try {
      await mkdir(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`could not create a run folder under ${runsRoot}`);
}

/**
 * Our temporaries: `run.json.tmp-<pid>` (writeManifest) and `<name>.safetensors.tmp-<pid>-<12 hex>`
 * (src/checkpoint/file.ts). Group 1 is the writer's process id.
 */
const OUR_TEMPORARY = /^(?:run\.json|[^/\\]+\.safetensors)\.tmp-(\d+)(?:-[0-9a-f]{12})?$/;

/** True while a process with this id exists (EPERM: it exists, but is another user's). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporaries an interrupted save left in a run folder (a `kill -9` between writing and
 * renaming): files of our own naming whose writer is no longer running. A live writer's file — another
 * process's, or this process's, which may be another run's save in progress — is left alone. Returns
 * the names removed.
 */
export async function removeStaleTemporaries(
  runDir: string,
  isAlive: (pid: number) => boolean = processIsAlive,
): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(runDir)) {
    const match = OUR_TEMPORARY.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    try {
      await unlink(join(runDir, name));
      removed.push(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return removed;
}

export async function writeManifest(runDir: string, manifest: RunManifest): Promise<void> {
  const path = join(runDir, 'run.json');
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, JSON.stringify(manifest, null, 2) + '\n');
  await rename(temporary, path);
}

/** The validation examples of the latest evaluation that had some (sequence to sequence), beside run.json. */
export const EXAMPLES_FILE = 'examples.json';

export interface LatestExamples {
  step: number;
  examples: ValidationExample[];
}

export async function writeLatestExamples(runDir: string, latest: LatestExamples): Promise<void> {
  const path = join(runDir, EXAMPLES_FILE);
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, JSON.stringify(latest) + '\n');
  await rename(temporary, path);
}

/**
 * The examples file of a run folder, or null when there is none or it is not what the trainer writes
 * (a damaged or hand-edited file costs the panel its table, nothing else).
 */
export async function readLatestExamples(runDir: string): Promise<LatestExamples | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readRegularTextFile(join(runDir, EXAMPLES_FILE), 4 * 1024 * 1024));
  } catch {
    return null;
  }
  const latest = parsed as Partial<LatestExamples> | null;
  const strings = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string');
  const valid =
    latest !== null &&
    typeof latest === 'object' &&
    Number.isInteger(latest.step) &&
    Array.isArray(latest.examples) &&
    latest.examples.length <= 64 &&
    latest.examples.every(
      (e) =>
        e !== null &&
        typeof e === 'object' &&
        typeof e.source === 'string' &&
        typeof e.reference === 'string' &&
        typeof e.output === 'string' &&
        strings(e.referenceTokens) &&
        strings(e.outputTokens),
    );
  return valid ? (latest as LatestExamples) : null;
}

export async function readManifest(runDir: string): Promise<RunManifest> {
  const path = join(runDir, 'run.json');
  let text: string;
  try {
    text = await readRegularTextFile(path);
  } catch (error) {
    if ((error as FileOpenError).code === 'ENOENT')
      throw new Error(`${runDir} is not a run folder: it has no run.json`);
    throw error;
  }
  let manifest: RunManifest;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (manifest.format !== RUN_FORMAT) throw new Error(`${path}: unknown run format '${manifest.format}'`);
  return manifest;
}

/** Buffers metrics.csv rows and appends them in one write per flush. */
export class MetricsLog {
  private pending: string[] = [];

  constructor(readonly path: string) {}

  static async create(runDir: string): Promise<MetricsLog> {
    const log = new MetricsLog(join(runDir, 'metrics.csv'));
    await writeFile(log.path, METRICS_CSV_HEADER + '\n');
    return log;
  }

  /** Reopens an existing log for a resumed run, dropping rows past `step` (written after the checkpoint). */
  static async reopen(runDir: string, step: number): Promise<MetricsLog> {
    const log = new MetricsLog(join(runDir, 'metrics.csv'));
    let lines: string[] = [];
    try {
      lines = (await readRegularTextFile(log.path)).split('\n').filter((l) => l.length > 0);
    } catch (error) {
      // A missing log starts afresh; one that cannot be read (a FIFO, a folder) is an error naming it.
      if ((error as FileOpenError).code !== 'ENOENT') throw error;
    }
    const kept = lines.slice(1).filter((line) => Number(line.split(',')[1]) <= step);
    await writeFile(log.path, [METRICS_CSV_HEADER, ...kept].join('\n') + '\n');
    return log;
  }

  addStep(record: StepRecord): void {
    this.pending.push(
      [
        'train',
        record.step,
        record.epoch,
        fmt(record.time),
        fmt(record.loss),
        fmt(record.lr),
        fmt(record.gradNorm),
        ...METRIC_COLUMNS.map(() => ''),
      ].join(','),
    );
  }

  addEvaluation(record: EvaluationRecord): void {
    this.pending.push(
      [
        'validation',
        record.step,
        record.epoch,
        fmt(record.time),
        '',
        '',
        '',
        ...METRIC_COLUMNS.map((m) => fmt(record.metrics[m])),
      ].join(','),
    );
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.join('\n') + '\n';
    this.pending = [];
    await appendFile(this.path, text);
  }
}

function fmt(value: number | undefined): string {
  if (value === undefined) return '';
  if (Number.isNaN(value)) return 'NaN';
  return String(value);
}

/** Parses metrics.csv back into records (for a panel opened on a finished run). */
export function parseMetricsCsv(text: string): { steps: StepRecord[]; evaluations: EvaluationRecord[] } {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = lines[0]?.split(',') ?? [];
  // Column positions looked up once (a history may have 100 000 rows).
  const column = new Map(header.map((name, index) => [name, index]));
  const at = (name: string) => column.get(name) ?? -1;
  const [step, epoch, time, loss, lr, gradNorm] = ['step', 'epoch', 'time', 'loss', 'lr', 'grad_norm'].map(at);
  // Every validation column the file has (a file written before a task's metrics were columns has fewer).
  const metricColumns = header
    .map((name, index) => [name.slice('val_'.length), index] as const)
    .filter(([m], index) => header[index].startsWith('val_') && m !== 'loss');
  const steps: StepRecord[] = [];
  const evaluations: EvaluationRecord[] = [];
  for (let k = 1; k < lines.length; k++) {
    const cells = lines[k].split(',');
    const value = (index: number) => {
      const cell = cells[index];
      return cell === undefined || cell === '' ? undefined : Number(cell);
    };
    const base = { step: value(step)!, epoch: value(epoch)!, time: value(time)! };
    if (cells[0] === 'train') steps.push({ ...base, loss: value(loss)!, lr: value(lr)!, gradNorm: value(gradNorm)! });
    else {
      const metrics: Metrics = { loss: value(at('val_loss'))! };
      for (const [m, index] of metricColumns) {
        const v = value(index);
        if (v !== undefined) metrics[m] = v;
      }
      evaluations.push({ ...base, metrics });
    }
  }
  return { steps, evaluations };
}
