/**
 * `lstm-studio train <dataset>`: trains in a worker thread with a progress bar (or JSON lines with
 * `--json`), writes the run folder, and ends with a summary. Ctrl-C stops the run cleanly (last
 * checkpoint saved); a second Ctrl-C ends at once. `--task` takes any registered task's names, and
 * each task adds its own options (columns, tokens, horizon…: `cliFlags` in src/tasks/<task>/training.ts).
 */

import { join, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { DatasetOverrides } from '../data/detect';
import { CELL_KINDS } from '../engine/config';
import type { RunSummary, TrainingEvent } from '../protocol/training-events';
import type { ValidationScope } from '../protocol/run-manifest';
import { describeValidationScope } from '../protocol/validation-scope';
import type { StartTrainingRequest } from '../protocol/worker-messages';
import { allTasks, taskByName } from '../tasks';
import type { TaskCliFlag } from '../tasks/task-training';
import type { TrainingConfig } from '../train/config';
import type { Metrics } from '../train/evaluate';
import { TrainingWorkerClient, type TrainingJob } from '../worker/client';
import { parseChoice, parseInteger, parseList, parseNumber } from './parse';
import { printable, say, trainingEventJson } from './terminal-text';

interface TrainFlags {
  task?: string;
  preset?: string;
  epochs?: number;
  steps?: number;
  batchSize?: number;
  seqLen?: number;
  cell?: string;
  hidden?: number;
  layers?: number;
  bidirectional?: boolean;
  stateful?: boolean;
  projSize?: number;
  embedding?: number;
  lr?: number;
  dropout?: number;
  clip?: number;
  init?: string;
  optimizer?: string;
  schedule?: string;
  patience?: number;
  validateEvery?: number;
  validationMax?: number;
  fullValidation?: boolean;
  seed?: number;
  threads?: number;
  kernels?: string;
  out?: string;
  resume?: string;
  json?: boolean;
  verbose?: boolean;
}

/** Starts a training job: in a worker thread (the CLI), or in-process (tests of a task registered in the test). */
export type TrainingJobStarter = (request: StartTrainingRequest) => TrainingJob;

const inWorker: TrainingJobStarter = (request) => new TrainingWorkerClient(join(__dirname, 'worker.js'), request);

export function registerTrainCommand(program: Command, startJob: TrainingJobStarter = inWorker): void {
  const taskNames = allTasks().flatMap((t) => [...t.cliNames, t.id]);
  const taskFlags = uniqueTaskFlags();
  const command = program
    .command('train')
    .description('train an LSTM on a dataset (.txt/.md text, .csv/.tsv/.jsonl labelled text, .csv/.tsv numeric series)')
    .argument('[dataset]', 'the dataset file (omit with --resume)')
    .option(
      '--task <task>',
      `${allTasks()
        .map((t) => t.cliNames[0] ?? t.id)
        .join(' | ')} (default: detected)`,
      parseChoice([...new Set(taskNames)]),
    )
    .option('--preset <name>', 'small | medium | large (default small)', parseChoice(['small', 'medium', 'large']))
    .option('--epochs <n>', 'passes over the training data', parseInteger(1))
    .option('--steps <n>', 'stop after this many optimizer steps', parseInteger(1))
    .option('--batch-size <n>', 'sequences per batch', parseInteger(1))
    .option('--seq-len <n>', 'tokens per text / window length / rows of history', parseInteger(1))
    .option('--cell <kind>', 'lstm | gru recurrent cell (default lstm)', parseChoice([...CELL_KINDS]))
    .option('--hidden <n>', 'units per recurrent layer', parseInteger(1))
    .option('--layers <n>', 'stacked recurrent layers', parseInteger(1))
    .option('--bidirectional', 'both directions in every layer (classification only)')
    .option(
      '--stateful',
      'language models: each batch row reads its own stretch of the text, window after window, carrying its state (truncated BPTT)',
    )
    .option('--proj-size <n>', 'LSTM projections: h is n wide (0 = none, less than --hidden)', parseInteger(0))
    .option('--embedding <n>', 'embedding width (text tasks)', parseInteger(1))
    .option('--lr <x>', 'learning rate', parseNumber(0))
    .option('--dropout <x>', 'dropout between recurrent layers', parseNumber(0))
    .option('--clip <x>', 'clip the global gradient norm (0 = off)', parseNumber(0))
    .option('--init <scheme>', 'keras | pytorch initialisation', parseChoice(['keras', 'pytorch']))
    .option('--optimizer <kind>', 'adam | adamw | sgd', parseChoice(['adam', 'adamw', 'sgd']))
    .option('--schedule <kind>', 'constant | step | cosine learning rate', parseChoice(['constant', 'step', 'cosine']))
    .option('--patience <n>', 'early stopping after n evaluations without improvement (0 = off)', parseInteger(0))
    .option('--validate-every <n>', 'also validate every n steps', parseInteger(0))
    .option(
      '--validation-max <n>',
      'score a fixed sample of at most n validation windows or examples per evaluation (default: about a million steps, 1048576 / seq-len)',
      parseInteger(1),
    )
    .option('--full-validation', 'score the whole validation split at every evaluation')
    .option('--seed <n>', 'random seed (same seed, data and config = same run, bit for bit)', parseInteger(0))
    .option(
      '--threads <n>',
      'training threads, each batch split across them (0 = automatic: cores − 1, at least 1)',
      parseInteger(0),
    )
    .option('--kernels <backend>', 'float32 kernels: auto | wasm | js', parseChoice(['auto', 'wasm', 'js']))
    .option('--out <dir>', 'folder that receives the run folder', '.lstm-studio/runs')
    .option('--resume <runDir>', 'continue a stopped or finished run from its last.safetensors')
    .option('--json', 'print one JSON object per event instead of a progress bar')
    .option('--verbose', "print a failed run's stack trace to stderr (for reporting a bug)");
  for (const flag of taskFlags)
    command.option(`--${flag.name} <${flag.placeholder}>`, flag.description, parserOf(flag));
  command.action(async (dataset: string | undefined, flags: TrainFlags & Record<string, unknown>, self: Command) => {
    if (!dataset && !flags.resume) throw new Error('name a dataset file, or --resume a run folder');
    if (flags.fullValidation && flags.validationMax !== undefined)
      throw new Error('--full-validation scores every validation unit; --validation-max bounds them: give one of them');
    if (flags.resume) {
      const refused = flagsResumeCannotHonour(dataset, flags, taskFlags, (key) => self.getOptionValueSource(key));
      if (refused.length > 0)
        throw new Error(
          `${resolve(flags.resume)}: a resumed run continues its stored dataset, task and folder; cannot change ${refused.join(', ')}. Start a new run for these.`,
        );
    }
    const into = {
      config: configFromFlags(flags),
      dataset: { task: flags.task ? taskByName(flags.task)!.id : undefined } as DatasetOverrides,
    };
    for (const flag of taskFlags) {
      const value = flags[attributeName(flag.name)];
      if (value !== undefined) flag.apply(value as number | string | string[], into);
    }
    const request: StartTrainingRequest = {
      datasetPath: dataset ? resolve(dataset) : '',
      runsRoot: resolve(flags.out ?? '.lstm-studio/runs'),
      config: into.config,
      dataset: into.dataset,
      resumeRunDir: flags.resume ? resolve(flags.resume) : undefined,
    };
    const summary = await runJob(startJob(request), flags.json === true, flags.verbose === true);
    if (summary.status === 'failed') process.exitCode = 1;
  });
}

/**
 * What `train --resume` was given that it would otherwise ignore: a dataset file, `--task`, `--out` and
 * every task flag that chooses how the dataset is read (its columns). Settings of the training config
 * (epochs, lr, threads, …) are not listed here: the worker applies those that can change and refuses the
 * rest (src/train/resume-config.ts); `--json` and `--verbose` only shape the output.
 */
export function flagsResumeCannotHonour(
  dataset: string | undefined,
  flags: TrainFlags & Record<string, unknown>,
  taskFlags: readonly TaskCliFlag[],
  sourceOf: (key: string) => string | undefined,
): string[] {
  const refused: string[] = [];
  if (dataset) refused.push(`the dataset file (${dataset})`);
  if (flags.task !== undefined) refused.push('--task');
  // --out has a default: only an --out the user typed is refused.
  if (sourceOf('out') === 'cli') refused.push('--out');
  for (const flag of taskFlags) {
    const value = flags[attributeName(flag.name)];
    if (value === undefined) continue;
    const probe = { config: {} as Partial<TrainingConfig>, dataset: {} as DatasetOverrides };
    flag.apply(value as number | string | string[], probe);
    if (Object.values(probe.dataset).some((v) => v !== undefined)) refused.push(`--${flag.name}`);
  }
  return refused;
}

/** Every registered task's flags, once each by name (tasks that read the same column share its flag). */
function uniqueTaskFlags(): TaskCliFlag[] {
  const byName = new Map<string, TaskCliFlag>();
  for (const task of allTasks())
    for (const flag of task.training.cliFlags) if (!byName.has(flag.name)) byName.set(flag.name, flag);
  return [...byName.values()];
}

function parserOf(flag: TaskCliFlag): (value: string) => unknown {
  switch (flag.type) {
    case 'integer':
      return parseInteger(flag.min ?? 0);
    case 'choice':
      return parseChoice([...(flag.choices ?? [])]);
    case 'list':
      return parseList;
    case 'text':
      return (value) => value;
  }
}

/** The key commander stores an option under: `--vocab-size` → `vocabSize`. */
function attributeName(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function configFromFlags(f: TrainFlags): Partial<TrainingConfig> {
  return {
    preset: f.preset as TrainingConfig['preset'] | undefined,
    epochs: f.epochs ?? (f.steps !== undefined ? 1_000_000 : undefined),
    maxSteps: f.steps,
    batchSize: f.batchSize,
    seqLen: f.seqLen,
    cell: f.cell as TrainingConfig['cell'] | undefined,
    hiddenSize: f.hidden,
    numLayers: f.layers,
    bidirectional: f.bidirectional,
    stateful: f.stateful,
    projSize: f.projSize,
    embeddingDim: f.embedding,
    lr: f.lr,
    dropout: f.dropout,
    clipNorm: f.clip,
    init: f.init as TrainingConfig['init'] | undefined,
    optimizer: f.optimizer as TrainingConfig['optimizer'] | undefined,
    schedule: f.schedule as TrainingConfig['schedule'] | undefined,
    patience: f.patience,
    validateEverySteps: f.validateEvery,
    validationMax: f.validationMax,
    fullValidation: f.fullValidation,
    seed: f.seed,
    threads: f.threads,
    kernelBackend: f.kernels as TrainingConfig['kernelBackend'] | undefined,
  };
}

async function runJob(client: TrainingJob, json: boolean, verbose: boolean): Promise<RunSummary> {
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      if (!json) process.stderr.write('\nstopping: saving last.safetensors (Ctrl-C again to quit at once)\n');
      client.stop();
    } else void client.terminate().then(() => process.exit(130));
  };
  process.on('SIGINT', onSigint);
  let scope: ValidationScope | undefined;
  const view = json ? new JsonView() : new ProgressView();
  client.onEvent((event) => {
    if (verbose && event.type === 'run-failed' && event.stack) process.stderr.write(`${printable(event.stack)}\n`);
    if (event.type === 'run-started') scope = event.validation;
    view.show(event);
  });
  const outcome = await client.outcome;
  process.off('SIGINT', onSigint);
  view.close();
  if (!outcome.ok) throw new Error(outcome.message + (outcome.runDir ? ` (run folder: ${outcome.runDir})` : ''));
  if (json) say(JSON.stringify({ type: 'summary', ...summaryJson(outcome.summary) }));
  else printSummary(outcome.summary, scope);
  return outcome.summary;
}

function summaryJson(summary: RunSummary) {
  return {
    runDir: summary.runDir,
    status: summary.status,
    steps: summary.steps,
    epochs: summary.epochs,
    seconds: summary.seconds,
    final: summary.final,
    best: summary.best ? { step: summary.best.step, epoch: summary.best.epoch, ...summary.best.metrics } : null,
    reason: summary.reason,
  };
}

class JsonView {
  show(event: TrainingEvent): void {
    say(trainingEventJson(event));
  }
  close(): void {}
}

class ProgressView {
  private bar: SingleBar | null = null;
  /** The reading share last shown (−1 before any). */
  private readPercent = -1;

  show(event: TrainingEvent): void {
    switch (event.type) {
      case 'loading':
        this.showReading(event.bytesRead, event.totalBytes);
        return;
      case 'run-started': {
        const s = event.dataset.summary;
        say(`${event.resumed ? 'Resuming' : 'Training'} on ${s.file}: ${s.task} (${s.reason})`);
        say(
          `  split: ${s.sizes.train} train / ${s.sizes.validation} validation ${s.sizes.unit}` +
            (s.classBalance ? `; classes ${s.classBalance.train.map((c) => `${c.label} ${c.count}`).join(', ')}` : ''),
        );
        for (const warning of s.warnings) say(`  warning: ${warning}`);
        say(
          `  model: ${event.architecture}, ${event.parameterCount.toLocaleString('en-US')} parameters; preset ${event.config.preset}, ${runLength(event)}, batch ${event.config.batchSize}, lr ${event.config.lr}${event.threads ? `, ${event.threads} thread${event.threads > 1 ? 's' : ''}` : ''}`,
        );
        if (event.validation)
          say(
            `  validation: ${describeValidationScope(event.validation, { howToScoreAll: '--full-validation scores all' })}`,
          );
        say(`  run folder: ${event.runDir}`);
        this.bar = new SingleBar({
          format:
            '  {bar} {value}/{total} steps | epoch {epoch} | loss {loss} | {speed} samples/s | ETA {eta_formatted}',
          hideCursor: true,
          etaBuffer: 50,
        });
        this.bar.start(event.totalSteps, event.step, { epoch: 1, loss: '-', speed: '-' });
        return;
      }
      case 'progress': {
        const last = event.steps[event.steps.length - 1];
        this.bar?.update(event.step, {
          epoch: event.epoch + 1,
          loss: last ? last.loss.toFixed(4) : '-',
          speed: event.samplesPerSecond.toFixed(0),
        });
        return;
      }
      case 'epoch-end': {
        this.bar?.stop();
        const v = event.validation;
        say(
          `  epoch ${event.epoch + 1}: train loss ${event.trainLoss.toFixed(4)}${v ? `, validation ${formatMetrics(v)}` : ''}`,
        );
        this.bar?.start(this.bar.getTotal(), event.step, { epoch: event.epoch + 2, loss: '-', speed: '-' });
        return;
      }
      case 'log':
        this.bar?.stop();
        say(`  ${event.level}: ${event.message}`);
        return;
      default:
        return;
    }
  }

  close(): void {
    this.bar?.stop();
  }

  /** The data's reading (all its passes) on stderr: one rewritten line on a terminal, every 10 % in a log. */
  private showReading(bytesRead: number, totalBytes: number): void {
    if (totalBytes <= 0) return;
    const percent = Math.floor((100 * bytesRead) / totalBytes);
    if (percent === this.readPercent) return;
    this.readPercent = percent;
    const line = `  reading the data: ${percent} %`;
    if (process.stderr.isTTY) process.stderr.write(percent >= 100 ? '\r\u001b[K' : `\r${line}\u001b[K`);
    else if (percent % 10 === 0) process.stderr.write(`${line}\n`);
  }
}

/** How long the run is: its steps when `--steps` bounds it, else its epochs. */
function runLength(event: Extract<TrainingEvent, { type: 'run-started' }>): string {
  if (event.config.maxSteps > 0 && event.totalSteps < event.config.epochs * event.stepsPerEpoch)
    return `${event.totalSteps} steps (${event.stepsPerEpoch} per epoch)`;
  return `${event.config.epochs} epochs × ${event.stepsPerEpoch} steps`;
}

const FORMATTED_METRICS = new Set(['loss', 'accuracy', 'bitsPerChar', 'perplexity', 'mae', 'rmse']);

export function formatMetrics(m: Metrics): string {
  const parts = [`loss ${m.loss.toFixed(4)}`];
  if (m.accuracy !== undefined) parts.push(`accuracy ${(m.accuracy * 100).toFixed(1)} %`);
  if (m.bitsPerChar !== undefined)
    parts.push(`${m.bitsPerChar.toFixed(3)} bits/char`, `perplexity ${m.perplexity!.toFixed(2)}`);
  if (m.mae !== undefined) parts.push(`MAE ${m.mae.toPrecision(4)}`, `RMSE ${m.rmse!.toPrecision(4)}`);
  // A task's own metrics beyond these, by their keys.
  for (const [key, value] of Object.entries(m))
    if (!FORMATTED_METRICS.has(key) && value !== undefined) parts.push(`${key} ${value.toPrecision(4)}`);
  return parts.join(', ');
}

function printSummary(summary: RunSummary, scope: ValidationScope | undefined): void {
  say(
    `${summary.status === 'finished' ? 'Finished' : summary.status === 'stopped' ? 'Stopped' : 'Failed'}: ${summary.steps} steps, ${summary.epochs} epochs in ${summary.seconds.toFixed(1)} s${summary.reason ? ` (${summary.reason})` : ''}`,
  );
  if (summary.final)
    say(`  final validation${scope ? ` on ${describeValidationScope(scope)}` : ''}: ${formatMetrics(summary.final)}`);
  if (summary.best) say(`  best validation (step ${summary.best.step}): ${formatMetrics(summary.best.metrics)}`);
  say(`  run folder: ${summary.runDir}`);
}
