/**
 * `lstm-studio sweep --config sweep.json`: expands a sweep file (src/protocol/sweep-expansion.ts), prints
 * the plan, and trains its runs through a queue keeping at most N worker jobs at once — each a normal run
 * in the runs folder, its run.json naming the sweep. One line per trial as it starts and ends (`--json`:
 * JSON lines), then the trials ranked by the task's headline metric. Ctrl-C stops the sweep: queued
 * trials never start, running ones stop cleanly (last checkpoint saved); a second Ctrl-C ends at once.
 */

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { TaskId } from '../protocol/task-presentation';
import { describeTrialSettings, type SweepTrial } from '../protocol/sweep';
import {
  describeSweepParameter,
  parseSweepSpec,
  planSweepRuns,
  trialConfiguration,
  trialMembership,
  type SweepRunPlan,
} from '../protocol/sweep-expansion';
import {
  formatMetricValue,
  headlineValue,
  rankSweepTrials,
  recordTrialEnd,
  type SweepTrialResult,
} from '../protocol/sweep-ranking';
import { SweepScheduler, type TrialEnd, type TrialHandle } from '../protocol/sweep-scheduler';
import type { StartTrainingRequest } from '../protocol/worker-messages';
import { headlineMetricOf } from '../tasks/presentations';
import { TrainingWorkerClient } from '../worker/client';
import { parseInteger } from './parse';
import { say } from './terminal-text';
import type { TrainingJobStarter } from './train-command';
import { configurationDatasetPath, trainingRequestFor } from './training-request';

interface SweepFlags {
  config: string;
  maxConcurrent?: number;
  out: string;
  json?: boolean;
}

const inWorker: TrainingJobStarter = (request) => new TrainingWorkerClient(join(__dirname, 'worker.js'), request);

export function registerSweepCommand(program: Command, startJob: TrainingJobStarter = inWorker): void {
  program
    .command('sweep')
    .description('train every run of a sweep file (settings as lists or ranges, grid or random), a few at a time')
    .requiredOption('--config <file>', 'the sweep file (format lstm-studio-sweep/1)')
    .option(
      '--max-concurrent <n>',
      "runs training at once (default: the file's maxConcurrent, else one per core)",
      parseInteger(1),
    )
    .option('--out <dir>', 'folder that receives the run folders', '.lstm-studio/runs')
    .option('--json', 'print one JSON object per line (the plan, each trial starting and ending, the summary)')
    .action(async (flags: SweepFlags) => {
      const plan = planSweep(flags, new Date(), randomBytes(2).toString('hex'));
      const results = await runSweep(plan, startJob, flags.json === true);
      if (results.some((r) => r.status === 'failed')) process.exitCode = 1;
    });
}

/** Everything decided before the first run starts. */
export interface SweepPlan extends SweepRunPlan {
  datasetPath: string;
  runsRoot: string;
}

/** Reads and expands the sweep file; throws its problem (file named) before anything trains. */
export function planSweep(flags: SweepFlags, now: Date, randomHex: string): SweepPlan {
  const file = resolve(flags.config);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `${flags.config}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const spec = parseSweepSpec(text, flags.config);
  const datasetPath = configurationDatasetPath(spec.base, file);
  if (datasetPath === undefined)
    throw new Error(`${flags.config}: "base" names no "dataset" (the file every run of the sweep trains on)`);
  const plan = planSweepRuns(spec, {
    datasetFileName: basename(datasetPath),
    cores: availableParallelism(),
    now,
    randomHex,
    maxConcurrent: flags.maxConcurrent,
  });
  return { ...plan, datasetPath, runsRoot: resolve(flags.out) };
}

/** The request that trains one trial: the base with the trial's settings, the threads rule, the membership. */
export function trialRequest(plan: SweepPlan, trial: SweepTrial): StartTrainingRequest {
  const request = trainingRequestFor(trialConfiguration(plan.spec, trial), plan.datasetPath, plan.runsRoot);
  if (plan.threads !== undefined) request.config.threads = plan.threads;
  return { ...request, sweep: trialMembership(plan, trial) };
}

/** Trains the plan's trials, printing as they go; resolves with every trial's result in the sweep's order. */
export async function runSweep(
  plan: SweepPlan,
  startJob: TrainingJobStarter,
  json: boolean,
): Promise<SweepTrialResult[]> {
  const view = json ? new JsonSweepView(plan) : new TextSweepView(plan);
  const results: SweepTrialResult[] = plan.trials.map((t) => ({
    index: t.index,
    settings: t.settings,
    status: 'skipped',
    final: null,
    best: null,
  }));
  const jobs = new Map<number, ReturnType<TrainingJobStarter>>();
  let task: TaskId | undefined;
  const scheduler = new SweepScheduler(plan.trials.length, plan.concurrency, (index): TrialHandle => {
    const job = startJob(trialRequest(plan, plan.trials[index]));
    jobs.set(index, job);
    job.onEvent((event) => {
      if (event.type !== 'run-started') return;
      task ??= event.config.task;
      results[index].runDir = event.runDir;
      view.trialStarted(results[index]);
    });
    const ended = job.outcome.then((outcome): TrialEnd => {
      jobs.delete(index);
      return recordTrialEnd(
        results[index],
        outcome.ok ? { summary: outcome.summary } : { failure: outcome.message, runDir: outcome.runDir },
      );
    });
    return { ended, stop: () => job.stop() };
  });
  scheduler.onEvent((event) => {
    if (event.type === 'trial-ended') view.trialEnded(results[event.index], task);
  });

  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      view.stopping(scheduler.progress().running);
      scheduler.stop();
    } else void Promise.all([...jobs.values()].map((job) => job.terminate())).then(() => process.exit(130));
  };
  process.on('SIGINT', onSigint);
  view.plan();
  try {
    await scheduler.run();
  } finally {
    process.off('SIGINT', onSigint);
  }
  view.summary(results, task, interrupts > 0);
  return results;
}

/** How the sweep reports: lines for a person, or JSON lines for a program. */
interface SweepView {
  plan(): void;
  trialStarted(result: SweepTrialResult): void;
  trialEnded(result: SweepTrialResult, task: TaskId | undefined): void;
  stopping(running: number): void;
  summary(results: SweepTrialResult[], task: TaskId | undefined, stopped: boolean): void;
}

class TextSweepView implements SweepView {
  constructor(private readonly p: SweepPlan) {}

  plan(): void {
    const { spec } = this.p;
    const n = this.p.trials.length;
    say(
      `Sweep "${this.p.name}" (${this.p.id}): ${n} run${n === 1 ? '' : 's'} on ${basename(this.p.datasetPath)}, ${spec.method === 'grid' ? 'every combination' : `random, seed ${spec.seed ?? 0}`}, at most ${this.p.concurrency} at once`,
    );
    for (const [key, parameter] of Object.entries(spec.parameters))
      say(`  ${describeSweepParameter(key, parameter, spec.method)}`);
    if (this.p.threads !== undefined)
      say(
        `  threads: ${this.p.threads} per run, as ${this.p.concurrency} train at once (set "threads" in the base settings to choose)`,
      );
    say(`  run folders in ${this.p.runsRoot}`);
  }

  trialStarted(r: SweepTrialResult): void {
    say(`${this.tag(r)} started: ${describeTrialSettings(r.settings)} → ${r.runDir ? basename(r.runDir) : ''}`);
  }

  trialEnded(r: SweepTrialResult, task: TaskId | undefined): void {
    if (r.status === 'skipped') return;
    const metrics = task ? headlineText(r, task) : '';
    const time = r.seconds !== undefined ? ` in ${r.seconds.toFixed(1)} s` : '';
    say(`${this.tag(r)} ${r.status}${time}${metrics ? `: ${metrics}` : ''}${r.message ? ` (${r.message})` : ''}`);
  }

  stopping(running: number): void {
    process.stderr.write(
      `\nstopping the sweep: queued runs will not start; ${running} running save their last checkpoint (Ctrl-C again to quit at once)\n`,
    );
  }

  summary(results: SweepTrialResult[], task: TaskId | undefined, stopped: boolean): void {
    const count = (status: string) => results.filter((r) => r.status === status).length;
    const parts = ['finished', 'stopped', 'failed', 'skipped']
      .filter((s) => count(s) > 0)
      .map((s) => `${count(s)} ${s}`);
    say(`Sweep ${stopped ? 'stopped' : 'done'}: ${parts.join(', ')}`);
    if (!task) return;
    const metric = headlineMetricOf(task);
    say(`  ranked by validation ${metric.label} (${metric.higherIsBetter ? 'higher' : 'lower'} is better):`);
    const keys = Object.keys(this.p.spec.parameters);
    const header = ['rank', 'trial', ...keys, metric.label, 'loss', 'status', 'run folder'];
    const rows = rankSweepTrials(results, metric).map((r, rank) => {
      const value = headlineValue(r, metric);
      const loss = r.final?.loss ?? r.best?.metrics.loss;
      return [
        value === undefined ? '-' : String(rank + 1),
        String(r.index + 1),
        ...keys.map((k) => String(r.settings[k as keyof typeof r.settings])),
        value === undefined ? '-' : formatMetricValue(value, metric),
        loss === undefined ? '-' : loss.toFixed(4),
        r.status,
        r.runDir ? basename(r.runDir) : '-',
      ];
    });
    for (const line of alignColumns([header, ...rows])) say(`  ${line}`);
  }

  private tag(r: SweepTrialResult): string {
    return `[${r.index + 1}/${this.p.trials.length}]`;
  }
}

class JsonSweepView implements SweepView {
  constructor(private readonly p: SweepPlan) {}

  plan(): void {
    const { spec } = this.p;
    say(
      JSON.stringify({
        type: 'sweep-plan',
        id: this.p.id,
        name: this.p.name,
        method: spec.method,
        dataset: this.p.datasetPath,
        runsRoot: this.p.runsRoot,
        maxConcurrent: this.p.concurrency,
        threads: this.p.threads ?? null,
        trials: this.p.trials,
      }),
    );
  }

  trialStarted(r: SweepTrialResult): void {
    say(JSON.stringify({ type: 'trial-started', index: r.index, settings: r.settings, runDir: r.runDir }));
  }

  trialEnded(r: SweepTrialResult): void {
    say(JSON.stringify({ type: 'trial-ended', ...r }));
  }

  stopping(): void {}

  summary(results: SweepTrialResult[], task: TaskId | undefined, stopped: boolean): void {
    const metric = task ? headlineMetricOf(task) : undefined;
    say(
      JSON.stringify({
        type: 'sweep-summary',
        id: this.p.id,
        name: this.p.name,
        status: stopped ? 'stopped' : 'done',
        headline: metric ? { key: metric.key, higherIsBetter: metric.higherIsBetter } : null,
        trials: metric ? rankSweepTrials(results, metric) : results,
      }),
    );
  }
}

/** `accuracy 81.2 %, loss 0.4521`: a trial's final (or best) headline metric and loss. */
function headlineText(r: SweepTrialResult, task: TaskId): string {
  const metric = headlineMetricOf(task);
  const value = headlineValue(r, metric);
  const loss = r.final?.loss ?? r.best?.metrics.loss;
  const parts: string[] = [];
  if (value !== undefined && metric.key !== 'loss') parts.push(`${metric.label} ${formatMetricValue(value, metric)}`);
  if (loss !== undefined) parts.push(`loss ${loss.toFixed(4)}`);
  return parts.join(', ');
}

/** Rows of cells padded to their columns' widths. */
function alignColumns(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row) =>
    row
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd(),
  );
}
