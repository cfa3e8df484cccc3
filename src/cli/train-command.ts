/**
 * `lstm-studio train <dataset>`: trains in a worker thread with a progress bar (or JSON lines with
 * `--json`), writes the run folder, and ends with a summary. Ctrl-C stops the run cleanly (last
 * checkpoint saved); a second Ctrl-C ends at once. Every training setting has its flag from
 * TRAINING_SETTINGS (src/protocol/training-settings.ts); `--task` takes any registered task's names, and
 * each task adds its column flags (`cliFlags` in src/tasks/<task>/training.ts). `--config <file>` trains
 * a saved configuration (the New Training Run form's), with the flags typed on top.
 */

import { baselineHeadline, baselineWords } from '../protocol/baseline-headline';
import { join, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { RunSummary, TrainingEvent } from '../protocol/training-events';
import type { ValidationScope } from '../protocol/run-manifest';
import { stepsDecide } from '../protocol/run-length';
import { describeValidationScope } from '../protocol/validation-scope';
import type { StartTrainingRequest } from '../protocol/worker-messages';
import type { TaskCliFlag } from '../tasks/task-training';
import type { Metrics } from '../train/evaluate';
import { TrainingWorkerClient, type TrainingJob } from '../worker/client';
import { printable, say, trainingEventJson } from './terminal-text';
import {
  addDatasetOptions,
  addSettingOptions,
  attributeName,
  columnsOf,
  overlayConfiguration,
  typedConfiguration,
  uniqueTaskFlags,
  type OptionSource,
} from './train-options';
import {
  configurationDatasetPath,
  datasetOverrides,
  readRunConfigurationFile,
  trainingOverrides,
  trainingRequestFor,
} from './training-request';

interface TrainFlags {
  config?: string;
  task?: string;
  out?: string;
  resume?: string;
  json?: boolean;
  verbose?: boolean;
}

/** Starts a training job: in a worker thread (the CLI), or in-process (tests of a task registered in the test). */
export type TrainingJobStarter = (request: StartTrainingRequest) => TrainingJob;

const inWorker: TrainingJobStarter = (request) => new TrainingWorkerClient(join(__dirname, 'worker.js'), request);

export function registerTrainCommand(program: Command, startJob: TrainingJobStarter = inWorker): void {
  const taskFlags = uniqueTaskFlags();
  const command = program
    .command('train')
    .description('train an LSTM on a dataset (.txt/.md text, .csv/.tsv/.jsonl labelled text, .csv/.tsv numeric series)')
    .argument(
      '[dataset]',
      "the dataset file or folder of recordings (omit with --resume, or to train the --config file's)",
    )
    .optionsGroup('Dataset and task:')
    .option(
      '--config <file>',
      'a saved configuration (lstm-studio-config/1 JSON, as the New Training Run form saves): its dataset, task, columns and settings; flags typed here override it',
    );
  addDatasetOptions(command, taskFlags);
  addSettingOptions(command);
  command
    .optionsGroup('Run:')
    .option('--out <dir>', 'folder that receives the run folder', '.lstm-studio/runs')
    .option('--resume <runDir>', 'continue a stopped or finished run from its last.safetensors')
    .option('--json', 'print one JSON object per event instead of a progress bar')
    .option('--verbose', "print a failed run's stack trace to stderr (for reporting a bug)");
  command.action(async (dataset: string | undefined, flags: TrainFlags & Record<string, unknown>, self: Command) => {
    const request = trainingRequestFromCommandLine(dataset, flags, taskFlags, (key) => self.getOptionValueSource(key));
    const summary = await runJob(startJob(request), flags.json === true, flags.verbose === true);
    if (summary.status === 'failed') process.exitCode = 1;
  });
}

/**
 * The request `train` starts from its arguments: a resumed run (settings it may change), or a new run
 * from the typed flags over the `--config` file's configuration. Throws the user's mistake in one line.
 */
function trainingRequestFromCommandLine(
  dataset: string | undefined,
  flags: TrainFlags & Record<string, unknown>,
  taskFlags: readonly TaskCliFlag[],
  sourceOf: OptionSource,
): StartTrainingRequest {
  if (!dataset && !flags.resume && !flags.config)
    throw new Error('name a dataset file, or --config a saved configuration, or --resume a run folder');
  const typed = typedConfiguration(flags, taskFlags, sourceOf);
  if (typed.settings.fullValidation === true && typed.settings.validationMax !== undefined)
    throw new Error('--full-validation scores every validation unit; --validation-max bounds them: give one of them');
  const runsRoot = flags.out ?? '.lstm-studio/runs';
  if (flags.resume) {
    const refused = flagsResumeCannotHonour(dataset, flags, taskFlags, sourceOf);
    if (refused.length > 0)
      throw new Error(
        `${resolve(flags.resume)}: a resumed run continues its stored dataset, task and folder; cannot change ${refused.join(', ')}. Start a new run for these.`,
      );
    return {
      datasetPath: '',
      runsRoot: resolve(runsRoot),
      config: trainingOverrides(typed.settings),
      dataset: datasetOverrides(typed),
      resumeRunDir: resolve(flags.resume),
    };
  }
  if (!flags.config) return trainingRequestFor(typed, dataset!, runsRoot);
  const file = readRunConfigurationFile(flags.config);
  const datasetPath = dataset ?? configurationDatasetPath(file, flags.config);
  if (datasetPath === undefined)
    throw new Error(`${flags.config}: the configuration names no dataset: give the dataset file too`);
  return trainingRequestFor(overlayConfiguration(file, typed), datasetPath, runsRoot);
}

/**
 * What `train --resume` was given that it would otherwise ignore: a dataset file, a `--config` file,
 * `--task`, `--out` and every column flag. Settings of the training config (epochs, lr, threads, …) are
 * not listed here: the worker applies those that can change and refuses the rest
 * (src/train/resume-config.ts); `--json` and `--verbose` only shape the output.
 */
export function flagsResumeCannotHonour(
  dataset: string | undefined,
  flags: TrainFlags & Record<string, unknown>,
  taskFlags: readonly TaskCliFlag[],
  sourceOf: OptionSource,
): string[] {
  const refused: string[] = [];
  if (dataset) refused.push(`the dataset file (${dataset})`);
  if (flags.config !== undefined) refused.push('--config');
  if (flags.task !== undefined) refused.push('--task');
  // --out has a default: only an --out the user typed is refused.
  if (sourceOf('out') === 'cli') refused.push('--out');
  for (const flag of taskFlags) {
    const value = flags[attributeName(flag.name)];
    if (value === undefined) continue;
    if (Object.values(columnsOf(flag, value)).some((v) => v !== undefined))
      refused.push(value === false ? `--no-${flag.name}` : `--${flag.name}`);
  }
  return refused;
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
    ...(summary.baselines ? { baselines: summary.baselines } : {}),
    ...(summary.backtest ? { backtest: summary.backtest } : {}),
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
          `  model: ${event.architecture}, ${event.parameterCount.toLocaleString('en-US')} parameters; preset ${event.config.preset}, ${runLength({ ...event, epochs: event.config.epochs })}, batch ${event.config.batchSize}, lr ${event.config.lr}${event.threads ? `, ${event.threads} thread${event.threads > 1 ? 's' : ''}` : ''}`,
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

/** How long the run is: its steps when `--steps` bounds it (`30 steps (43 per epoch)`), else its epochs. */
export function runLength(run: { epochs: number; stepsPerEpoch: number; totalSteps: number }): string {
  if (stepsDecide(run)) return `${run.totalSteps} steps (${run.stepsPerEpoch} per epoch)`;
  return `${run.epochs} epochs × ${run.stepsPerEpoch} steps`;
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

/** A baseline's metrics (it has no loss: it is not trained). */
export function formatBaselineMetrics(m: Metrics): string {
  return Object.entries(m)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key} ${value!.toPrecision(4)}`)
    .join(', ');
}

/** `30 steps` (a run shorter than an epoch: no "0 epochs"), or `120 steps, 2 epochs`. */
function stepsAndEpochs(summary: RunSummary): string {
  return summary.epochs > 0 ? `${summary.steps} steps, ${summary.epochs} epochs` : `${summary.steps} steps`;
}

function printSummary(summary: RunSummary, scope: ValidationScope | undefined): void {
  say(
    `${summary.status === 'finished' ? 'Finished' : summary.status === 'stopped' ? 'Stopped' : 'Failed'}: ${stepsAndEpochs(summary)} in ${summary.seconds.toFixed(1)} s${summary.reason ? ` (${summary.reason})` : ''}`,
  );
  if (summary.final)
    say(
      `  final ${summary.backtest ? `backtest (the mean over ${summary.backtest.length} origins)` : `validation${scope ? ` on ${describeValidationScope(scope)}` : ''}`}: ${formatMetrics(summary.final)}`,
    );
  if (summary.backtest) {
    const origins = summary.backtest;
    say(`  backtest origins: ${origins[0].label} … ${origins[origins.length - 1].label}`);
  }
  if (summary.final && summary.baselines) {
    for (const [key, metrics] of Object.entries(summary.baselines))
      say(`  baseline ${baselineWords(key)}: ${formatBaselineMetrics(metrics)}`);
    const headline = baselineHeadline(summary.final, summary.baselines);
    if (headline) say(`  ${headline}`);
  }
  if (summary.best) say(`  best validation (step ${summary.best.step}): ${formatMetrics(summary.best.metrics)}`);
  say(`  run folder: ${summary.runDir}`);
}
