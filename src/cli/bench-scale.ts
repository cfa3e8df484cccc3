/**
 * `lstm-studio bench --scale`: does the studio's cost grow with the work asked for or with the file? For
 * each data set (a 100 MB and a 1 GB generated text, a 10-million-row series table; made once and kept
 * in a cache folder) it runs `lstm-studio train <file> --steps N --validate-every N --json` in a child
 * process and reports time to first step, steps per second, peak memory and one evaluation's time.
 * The children are the real CLI with its defaults, so the figures are a user's, whatever the data
 * readers and validation do inside.
 */

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScaleChild } from './bench-scale-child';
import { ensureScaleFile, formatBytes, type ScaleDataset } from './bench-scale-files';
import type { ScaleResult } from './bench-scale-report';

export interface ScaleBenchOptions {
  datasets: readonly ScaleDataset[];
  /** The cache folder of the generated files. */
  folder: string;
  /** Optimizer steps before the one evaluation. */
  steps: number;
  /** Seconds a child may take to reach its evaluation. */
  timeoutSeconds: number;
  /** The CLI bundle the children run. */
  cliScript: string;
  /** More `train` flags for every child, as they are. */
  extraTrainArgs?: readonly string[];
  /** Progress lines for the person waiting (generation, stages of each child). */
  say: (line: string) => void;
  /** Each result as soon as its child is done. */
  onResult?: (result: ScaleResult) => void;
}

export async function runScaleBench(options: ScaleBenchOptions): Promise<ScaleResult[]> {
  const { say } = options;
  if (!existsSync(options.cliScript))
    throw new Error(`bench --scale: ${options.cliScript} not found (run \`npm run build\` first)`);
  say(`scale data: ${options.folder}`);
  const files = options.datasets.map((dataset) => {
    say(`  ${dataset.id}: ${dataset.description}`);
    const ensured = ensureScaleFile(dataset, options.folder);
    say(
      ensured.reused
        ? `    reusing ${ensured.path}`
        : `    generated ${ensured.path} (${formatBytes(dataset.bytes)}) in ${ensured.seconds.toFixed(1)} s`,
    );
    return ensured.path;
  });

  const results: ScaleResult[] = [];
  // Ctrl-C kills the child at once and ends the bench (its scratch folder removed) with the results so far.
  const interrupt = new AbortController();
  const onInterrupt = () => interrupt.abort();
  process.on('SIGINT', onInterrupt);
  try {
    await runEach(options, files, interrupt.signal, results);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  if (interrupt.signal.aborted) {
    say('interrupted');
    process.exitCode = 130;
  }
  return results;
}

async function runEach(
  options: ScaleBenchOptions,
  files: readonly string[],
  signal: AbortSignal,
  results: ScaleResult[],
): Promise<void> {
  const { say } = options;
  for (const [i, dataset] of options.datasets.entries()) {
    if (signal.aborted) return;
    const scratch = mkdtempSync(join(tmpdir(), 'lstm-studio-scale-run-'));
    try {
      const startLoad = loadavg();
      say(
        `${dataset.id}: train --steps ${options.steps} --validate-every ${options.steps}${(options.extraTrainArgs ?? []).map((a) => ` ${a}`).join('')} (load average ${startLoad.map((x) => x.toFixed(2)).join(' ')})`,
      );
      const outcome = await runScaleChild({
        cliScript: options.cliScript,
        file: files[i],
        steps: options.steps,
        scratchFolder: scratch,
        timeoutSeconds: options.timeoutSeconds,
        extraArgs: options.extraTrainArgs,
        onStage: (stage, seconds) => say(`  ${seconds.toFixed(1).padStart(7)} s  ${stage}`),
        signal,
      });
      const result: ScaleResult = {
        dataset: dataset.id,
        description: dataset.description,
        file: files[i],
        bytes: dataset.bytes,
        status: outcome.status,
        message: outcome.message,
        stage: outcome.stage,
        steps: options.steps,
        trainArgs: [...(options.extraTrainArgs ?? [])],
        secondsToFirstStep: outcome.figures.secondsToFirstStep,
        stepsPerSecond: outcome.figures.stepsPerSecond,
        peakRssMb: outcome.peakRssMb,
        peakBytesPerInputByte: outcome.peakRssMb === null ? null : (outcome.peakRssMb * 1e6) / dataset.bytes,
        evaluationSeconds: outcome.figures.evaluationSeconds,
        secondsToRunStarted: outcome.figures.secondsToRunStarted,
        seconds: outcome.seconds,
        task: outcome.figures.task,
        split: outcome.figures.split,
        loadAverage: { start: startLoad, end: loadavg() },
      };
      results.push(result);
      options.onResult?.(result);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
}
