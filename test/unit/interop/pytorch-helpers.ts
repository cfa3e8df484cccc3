/**
 * Running Debian's PyTorch (python3-torch, 1.13) from the tests. CI installs it (scripts/setup-python.sh);
 * without it these tests fail — they never skip — with a message saying how to install it.
 */

import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DatasetOverrides } from '../../../src/protocol/dataset';
import type { TrainingConfig } from '../../../src/train/config';
import { TrainingControl } from '../../../src/train/control';
import { parseMetricsCsv } from '../../../src/train/run-directory';
import { prepareForTraining } from '../../../src/train/setup';
import { runTraining } from '../../../src/train/trainer';

const run = promisify(execFile);

/** Debian's interpreter, not a pyenv or venv one: that is where python3-torch lives. */
export const PYTHON = '/usr/bin/python3';
/** One thread per process: the runs are tiny, and two processes share two cores. */
const ENV = { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' };

/**
 * PyTorch's version, checked once per file; every test awaits it (in `beforeEach`), so without PyTorch
 * each test fails with the message below — none is skipped.
 */
let torchCheck: Promise<string> | undefined;
export function requireTorch(): Promise<string> {
  torchCheck ??= checkTorch();
  return torchCheck;
}

async function checkTorch(): Promise<string> {
  try {
    const { stdout } = await run(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)'], { env: ENV });
    return stdout.trim();
  } catch (error) {
    throw new Error(
      `PyTorch is missing: ${PYTHON} cannot import torch and numpy (${(error as Error).message.split('\n')[0]}). Run scripts/setup-python.sh (it installs Debian's python3-torch).`,
    );
  }
}

export async function python(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(PYTHON, args, { cwd, env: ENV, maxBuffer: 64 << 20 });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${PYTHON} ${args.join(' ')} failed in ${cwd}:\n${e.stderr || e.message}\n${e.stdout ?? ''}`);
  }
}

/**
 * `torchrun --standalone --nproc_per_node N script …` (as `python3 -m torch.distributed.run`, the same
 * program). `--redirects 2 --tee 2`: PyTorch 1.13 on Python 3.11 reads torchrun's default `--redirects 0`
 * as None and crashes (fixed in PyTorch 2.0); redirecting only stderr, and teeing it, avoids that.
 */
export async function torchrun(processes: number, args: string[], cwd: string): Promise<string> {
  return python(
    [
      '-m',
      'torch.distributed.run',
      '--redirects',
      '2',
      '--tee',
      '2',
      '--standalone',
      '--nproc_per_node',
      String(processes),
      ...args,
    ],
    cwd,
  );
}

/** Trains here on one thread (the trainer as the CLI and the extension run it); returns the run folder. */
export async function trainHere(
  datasetPath: string,
  runsRoot: string,
  config: Partial<TrainingConfig>,
  overrides: DatasetOverrides = {},
): Promise<string> {
  const setup = { ...(await prepareForTraining(datasetPath, { threads: 1, ...config }, overrides)), resumed: null };
  const summary = await runTraining({ setup, runsRoot, control: new TrainingControl(), emit: () => {} });
  if (summary.status !== 'finished') throw new Error(`training here ended ${summary.status}: ${summary.reason}`);
  return summary.runDir;
}

export interface ModelInputs {
  tokens?: number[][];
  features?: number[][][];
  lengths?: number[];
}

/**
 * The exported project's forward.py on a checkpoint: PyTorch's float32 output, flat and row-major; a
 * forecaster with a distribution head adds the (calibrated) median and 80 % interval per value.
 */
export async function forwardInTorch(
  projectDir: string,
  checkpoint: string,
  inputs: ModelInputs,
): Promise<{ shape: number[]; output: number[]; median?: number[]; lower?: number[]; upper?: number[] }> {
  const inputPath = join(projectDir, `inputs-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(inputPath, JSON.stringify(inputs));
  return JSON.parse(await python(['forward.py', checkpoint, '--input', inputPath], projectDir));
}

/** The same inputs as an engine batch. */
export function toBatch(inputs: ModelInputs) {
  const rows = inputs.tokens ?? inputs.features!;
  const B = rows.length;
  const T = rows[0].length;
  return {
    batchSize: B,
    steps: T,
    ...(inputs.tokens
      ? { tokens: Int32Array.from(inputs.tokens.flat()) }
      : { features: Float32Array.from(inputs.features!.flat(2)) }),
    ...(inputs.lengths ? { lengths: Int32Array.from(inputs.lengths) } : {}),
  };
}

export function maxAbsDiff(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  include: (k: number) => boolean = () => true,
): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let k = 0; k < a.length; k++) if (include(k)) worst = Math.max(worst, Math.abs(a[k] - b[k]));
  return worst;
}

export function trainLosses(runDir: string): number[] {
  return parseMetricsCsv(readFileSync(join(runDir, 'metrics.csv'), 'utf8')).steps.map((s) => s.loss);
}
