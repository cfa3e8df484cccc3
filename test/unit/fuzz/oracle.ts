/**
 * Runs one CLI command in-process (the real program from `createProgram`, training in the calling thread)
 * with the console captured, and judges how it ended: a sensible result (exit 0, finite numbers) or a
 * one-line error naming the file — never a hang, a stack trace, `exit 0` with NaN, a raw internal
 * message, or memory beyond the bound.
 */

import { basename } from 'node:path';
import { createProgram } from '../../../src/cli/program';
import { startInProcessJob } from '../../../src/worker/in-process-job';

export interface CliOutcome {
  /** What was printed (stdout and stderr), line by line. */
  output: string[];
  /** The message of the error the command threw (the CLI prints it as one line and exits 1), or null. */
  error: string | null;
  exitCode: number;
  milliseconds: number;
  timedOut: boolean;
  /** Growth of the resident set while the command ran, sampled (bytes). */
  memoryGrowth: number;
}

export const TIME_BOUND_MS = 10_000;
export const MEMORY_BOUND_BYTES = 1024 * 1024 * 1024;

export async function runInProcess(argv: string[]): Promise<CliOutcome> {
  const output: string[] = [];
  const saved = { log: console.log, error: console.error, warn: console.warn, stderr: process.stderr.write };
  const capture = (...parts: unknown[]) => void output.push(parts.map(String).join(' '));
  console.log = capture;
  console.error = capture;
  console.warn = capture;
  process.stderr.write = ((chunk: unknown) => (capture(chunk), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  const rssAtStart = process.memoryUsage().rss;
  let peak = rssAtStart;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  let error: string | null = null;
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const program = createProgram({ startTrainingJob: startInProcessJob });
    program.exitOverride();
    program.configureOutput({ writeOut: capture, writeErr: capture });
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), TIME_BOUND_MS)));
    const result = await Promise.race([program.parseAsync(argv, { from: 'user' }), timeout]);
    if (result === 'timeout') timedOut = true;
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  } finally {
    clearTimeout(timer);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log = saved.log;
    console.error = saved.error;
    console.warn = saved.warn;
    process.stderr.write = saved.stderr;
  }
  const exitCode = error !== null ? 1 : Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return {
    output,
    error,
    exitCode,
    milliseconds: performance.now() - started,
    timedOut,
    memoryGrowth: peak - rssAtStart,
  };
}

// Messages of JavaScript's own errors: they say nothing about the file to the user.
const RAW_INTERNAL =
  /Maximum call stack|Cannot read propert|Cannot set propert|Unexpected token|Unexpected end of JSON|in JSON at position|Invalid string length|Invalid array length|Invalid typed array length|is not a function|is not iterable|is not defined|Cannot convert|Array buffer allocation failed|out of memory|WebAssembly\.|RangeError|TypeError|SyntaxError|ReferenceError|\bundefined\b|\[object Object\]/;
const STACK_LINE = /^\s*at .+(:\d+:\d+\)?|<anonymous>|native)\s*$/m;
const NON_FINITE = /\bNaN\b|\bInfinity\b/;
// In JSON a NaN or ±∞ becomes null: a result field that is null is one.
const NULL_RESULT = /"(loss|accuracy|mae|rmse|perplexity|probability|value|values|forecast)[A-Za-z]*":null/i;

/** What was printed with every JSON string's text blanked: an echoed prompt may say "NaN" as words. */
function withoutStrings(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

export interface Judged {
  good: boolean;
  /** Why the case is bad (empty when good). */
  reason: string;
}

/**
 * `files`: the paths the command was given (the error must name one of them). `printsNumbers`: a command
 * whose success prints results that must be finite (train, eval, predict — not inspect, which reports
 * a tensor's NaN count on purpose).
 */
export function judge(outcome: CliOutcome, files: string[], printsNumbers: boolean): Judged {
  const bad = (reason: string): Judged => ({ good: false, reason });
  if (outcome.timedOut) return bad(`no answer within ${TIME_BOUND_MS / 1000} s`);
  if (outcome.memoryGrowth > MEMORY_BOUND_BYTES)
    return bad(`memory grew by ${(outcome.memoryGrowth / 2 ** 20).toFixed(0)} MiB`);
  const printed = outcome.output.join('\n');
  if (STACK_LINE.test(printed) || (outcome.error !== null && STACK_LINE.test(outcome.error)))
    return bad('a stack trace in the output');
  if (outcome.error !== null) {
    if (RAW_INTERNAL.test(outcome.error)) return bad('a raw internal message');
    const named = files.some((f) => outcome.error!.includes(basename(f)));
    if (!named) return bad('the error does not name the file');
    return { good: true, reason: '' };
  }
  if (outcome.exitCode !== 0) {
    // `train` ending with a failed run (e.g. a divergence): it must have said why, without internals.
    if (RAW_INTERNAL.test(printed)) return bad('a raw internal message');
    return /"status":"failed"/.test(printed) ? { good: true, reason: '' } : bad(`exit ${outcome.exitCode} unexplained`);
  }
  if (printsNumbers && (NON_FINITE.test(withoutStrings(printed)) || NULL_RESULT.test(printed)))
    return bad('exit 0 with a non-finite number');
  return { good: true, reason: '' };
}
