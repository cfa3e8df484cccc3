/**
 * Runs one `lstm-studio train <file> --json` in a child process, as a user would, and measures it from
 * outside: the events it prints (bench-scale-observer.ts) and its peak resident memory. The child is
 * stopped once it has reported its first evaluation (the rest of a run — a final validation, the last
 * checkpoint — is not what the benchmark measures). A child that fails, runs out of memory or runs out of
 * time is an outcome with its message, never an exception.
 *
 * Peak memory is the kernel's high-water mark of the child's resident set (threads included, they share
 * the process): read from /proc/<pid>/status (VmHWM) every quarter second and once more just before the
 * child is stopped, and reported by the child itself at exit (`process.resourceUsage().maxRSS`, from a
 * preloaded script) when it ends on its own. Both are the same kernel counter; the larger is kept.
 */

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TrainEventObserver, type ScaleFigures, type ScaleStage } from './bench-scale-observer';

export interface ScaleChildOptions {
  /** The CLI bundle to run (`dist/cli.js`). */
  cliScript: string;
  /** The data set file. */
  file: string;
  /** Optimizer steps before the evaluation (`--steps` and `--validate-every`). */
  steps: number;
  /** A scratch folder: the run folders (`--out`) and the preloaded memory reporter go here. */
  scratchFolder: string;
  /** Stops the child (and reports it as timed out) when it has not evaluated by then. */
  timeoutSeconds: number;
  /** More `train` flags, passed as they are (e.g. `--threads 1`). */
  extraArgs?: readonly string[];
  /** Called when the child moves to another stage (loading, training, evaluating…). */
  onStage?: (stage: ScaleStage, seconds: number) => void;
  /** Kills the child at once (SIGKILL: not the CLI's graceful stop, which validates and saves first). */
  signal?: AbortSignal;
}

export interface ScaleChildOutcome {
  status: 'ok' | 'failed' | 'timed-out';
  /** Why it failed (the run's message, the CLI's error line, or V8's fatal error), or a note. */
  message: string | null;
  /** The stage the child was in at the end. */
  stage: ScaleStage;
  /** Seconds from spawn to the evaluation (status ok) or to the child's end. */
  seconds: number;
  peakRssMb: number | null;
  figures: ScaleFigures;
  exit: { code: number | null; signal: string | null } | null;
}

/** The line the preloaded reporter writes to stderr at exit, followed by maxRSS in KiB. */
const PEAK_MARK = 'lstm-studio-bench-peak-rss-kib';

const REPORTER = `'use strict';
// Preloaded by the scale benchmark: the process's peak resident memory at exit (KiB), on stderr.
process.on('exit', () => {
  try { require('node:fs').writeSync(2, '\\n${PEAK_MARK} ' + process.resourceUsage().maxRSS + '\\n'); } catch {}
});
`;

const POLL_MS = 250;
const KILL_GRACE_MS = 5000;
const STDERR_KEPT = 16 * 1024;

export function runScaleChild(options: ScaleChildOptions): Promise<ScaleChildOutcome> {
  const reporter = join(options.scratchFolder, 'report-peak-rss.cjs');
  writeFileSync(reporter, REPORTER);
  const args = [
    '--require',
    reporter,
    options.cliScript,
    'train',
    options.file,
    '--steps',
    String(options.steps),
    '--validate-every',
    String(options.steps),
    '--json',
    '--out',
    join(options.scratchFolder, 'runs'),
    ...(options.extraArgs ?? []),
  ];
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: options.signal,
    killSignal: 'SIGKILL',
  });
  const observer = new TrainEventObserver(options.steps);
  const peak = new PeakMemory(child.pid);
  let stderr = '';
  let status: ScaleChildOutcome['status'] | null = null;
  let endedAt: number | null = null;
  let killTimer: NodeJS.Timeout | null = null;

  const stop = (why: 'ok' | 'timed-out') => {
    if (status !== null) return;
    status = why;
    endedAt = elapsed();
    peak.poll();
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
  };

  let lastStage: ScaleStage = observer.stage;
  createInterface({ input: child.stdout }).on('line', (line) => {
    observer.line(line, elapsed());
    if (observer.stage !== lastStage) {
      lastStage = observer.stage;
      options.onStage?.(lastStage, elapsed());
    }
    if (observer.evaluated) stop('ok');
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_KEPT);
  });
  const poller = setInterval(() => peak.poll(), POLL_MS);
  const timeout = setTimeout(() => stop('timed-out'), options.timeoutSeconds * 1000);

  return new Promise((resolve) => {
    let settled = false;
    const finish = (code: number | null, signal: string | null, spawnError?: Error) => {
      if (settled) return;
      settled = true;
      clearInterval(poller);
      clearTimeout(timeout);
      if (killTimer) clearTimeout(killTimer);
      peak.takeReport(stderr);
      const [ended, message] = ((): [ScaleChildOutcome['status'], string | null] => {
        if (status === 'ok') return ['ok', null];
        if (status === 'timed-out')
          return ['timed-out', `no evaluation within ${options.timeoutSeconds} s (stopped while ${observer.stage})`];
        if (options.signal?.aborted) return ['failed', 'interrupted'];
        if (spawnError) return ['failed', spawnError.message];
        if (code === 0) return ['ok', 'the run ended without a validation pass'];
        return ['failed', failureMessage(observer, stderr, code, signal)];
      })();
      resolve({
        status: ended,
        message,
        stage: observer.stage,
        seconds: endedAt ?? elapsed(),
        peakRssMb: peak.megabytes(),
        figures: observer.figures(),
        exit: spawnError ? null : { code, signal },
      });
    };
    child.on('error', (error) => finish(null, null, error));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

/** The child's peak resident set in KiB, from /proc while it runs and from its own report at exit. */
class PeakMemory {
  private kib = 0;
  private readonly statusFile: string | null;

  constructor(pid: number | undefined) {
    this.statusFile = pid !== undefined && existsSync('/proc/self/status') ? `/proc/${pid}/status` : null;
  }

  poll(): void {
    if (!this.statusFile) return;
    try {
      const match = /^VmHWM:\s*(\d+)\s*kB/m.exec(readFileSync(this.statusFile, 'utf8'));
      if (match) this.kib = Math.max(this.kib, Number(match[1]));
    } catch {
      // The child has just ended: its own report (or the last poll) has the figure.
    }
  }

  takeReport(stderr: string): void {
    const match = new RegExp(`^${PEAK_MARK} (\\d+)$`, 'm').exec(stderr);
    if (match) this.kib = Math.max(this.kib, Number(match[1]));
  }

  megabytes(): number | null {
    return this.kib > 0 ? (this.kib * 1024) / 1e6 : null;
  }
}

/**
 * Why a child failed, in one line: the run's own `run-failed` message, else V8's fatal error (out of
 * memory), else the CLI's `lstm-studio: …` line, else the last line on stderr — with how it ended.
 */
export function failureMessage(
  observer: TrainEventObserver,
  stderr: string,
  code: number | null,
  signal: string | null,
): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith(PEAK_MARK));
  const fatal = lines.find((l) => l.startsWith('FATAL ERROR'));
  const cli = [...lines].reverse().find((l) => l.startsWith('lstm-studio:'));
  const said = observer.failure ?? fatal ?? cli ?? lines[lines.length - 1] ?? 'no message';
  const how =
    signal === 'SIGKILL'
      ? 'killed by SIGKILL (the system out-of-memory killer?)'
      : signal
        ? `ended by ${signal}`
        : `exit code ${code}`;
  return `${said} (${how})`;
}
