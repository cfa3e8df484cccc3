/**
 * The fuzz suite's cases: seed → one command over one hostile input (a malformed dataset through
 * train/eval/predict, or a damaged checkpoint through inspect/predict/eval), run in-process and judged.
 * Shared by the CI subset (`fuzz.test.ts`) and `npm run fuzz` (the same file with FUZZ_CASES set).
 */

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostileDataset } from './hostile-datasets';
import { mutateCheckpoint } from './mutated-checkpoints';
import { judge, runInProcess, type CliOutcome } from './oracle';
import { seededRng } from './random';

/** A small real checkpoint of one task, and a dataset and an input it accepts. */
export interface BaseCheckpoint {
  task: string;
  path: string;
  dataset: string;
  sampleInput: string;
}

export interface CaseResult {
  seed: number;
  good: boolean;
  reason: string;
  /** The command and the input's kind, e.g. `inspect <checkpoint: tensor dtype>`. */
  input: string;
  outcome: CliOutcome;
}

// Training as small as it gets: a case is about the input, not the model.
const TINY_TRAINING = ['--steps', '2', '--hidden', '4', '--layers', '1', '--embedding', '4', '--batch-size', '4'];
const TINY_TRAINING_TAIL = ['--seq-len', '8', '--threads', '1', '--json'];

/** Trains one tiny checkpoint per task (through the CLI path) on the bundled examples. */
export async function trainBaseCheckpoints(folder: string): Promise<BaseCheckpoint[]> {
  const examples = join(__dirname, '../../../examples');
  const specs = [
    { task: 'classification', dataset: join(examples, 'sentiment/reviews.csv'), sampleInput: 'great kettle' },
    { task: 'language-model', dataset: join(examples, 'text/fables.txt'), sampleInput: 'The Wolf' },
    {
      task: 'forecasting',
      dataset: join(examples, 'series/energy.csv'),
      sampleInput: '570 -1\n565 -2\n560 -2\n555 -3\n550 -3\n549 -4\n548 -4\n547 -5',
    },
  ];
  const bases: BaseCheckpoint[] = [];
  for (const spec of specs) {
    const out = join(folder, `base-${spec.task}`);
    const outcome = await runInProcess(['train', spec.dataset, ...TINY_TRAINING, ...TINY_TRAINING_TAIL, '--out', out]);
    const summary = JSON.parse(outcome.output[outcome.output.length - 1] ?? '{}') as { runDir?: string };
    if (!summary.runDir)
      throw new Error(`base ${spec.task} did not train: ${outcome.error ?? outcome.output.join('\n')}`);
    bases.push({ ...spec, path: join(summary.runDir, 'last.safetensors') });
  }
  return bases;
}

/** One command over one hostile input, ready to run. */
export interface FuzzCase {
  seed: number;
  argv: string[];
  /** The paths the command is given: an error must name one of them. */
  files: string[];
  /** The command and the input's kind, for the report. */
  input: string;
  /** Whether a success prints results that must be finite (not `inspect`, which counts NaNs on purpose). */
  printsNumbers: boolean;
}

/** Runs case `seed`: builds its input under `folder`, runs the command in-process, judges the outcome. */
export async function runCase(seed: number, folder: string, bases: BaseCheckpoint[]): Promise<CaseResult> {
  const { argv, files, input, printsNumbers } = buildCase(seed, folder, bases);
  const outcome = await runInProcess(argv);
  const verdict = judge(outcome, files, printsNumbers);
  return { seed, ...verdict, input, outcome };
}

/** Case `seed`'s input (written under `folder`) and command. */
export function buildCase(seed: number, folder: string, bases: BaseCheckpoint[]): FuzzCase {
  const rng = seededRng(seed);
  const caseFolder = join(folder, `case-${seed}`);
  mkdirSync(caseFolder, { recursive: true });
  const base = rng.pick(bases);
  let argv: string[];
  let files: string[];
  let input: string;
  let printsNumbers = true;
  const draw = rng.next();
  if (draw < 0.1) {
    // Hostile settings on sound files: an exploding learning rate, a long prompt.
    if (rng.chance(0.5)) {
      const lr = rng.pick(['1e6', '1e3', '1e12']);
      input = `train --lr ${lr} <${base.task} example>`;
      files = [base.dataset];
      argv = ['train', base.dataset, ...TINY_TRAINING, '--steps', '12', '--validate-every', '2', '--lr', lr];
      argv.push(...TINY_TRAINING_TAIL, '--out', join(caseFolder, 'runs'));
    } else {
      const prompt = join(caseFolder, `prompt-${seed}.txt`);
      const kib = 16 + rng.int(240);
      writeFileSync(prompt, longPrompt(rng, kib * 1024));
      input = `predict --file <${kib} KiB prompt> (${base.task} checkpoint)`;
      files = [prompt];
      argv = ['predict', base.path, '--file', prompt, '--length', '5', '--json'];
    }
  } else if (draw < 0.55) {
    const dataset = hostileDataset(rng, caseFolder, seed);
    const command = rng.pick(['train', 'eval', 'predict']);
    input = `${command} <dataset: ${dataset.kind}> (${base.task} checkpoint)`;
    files = [dataset.path];
    if (command === 'train')
      argv = ['train', dataset.path, ...TINY_TRAINING, ...TINY_TRAINING_TAIL, '--out', join(caseFolder, 'runs')];
    else if (command === 'eval') argv = ['eval', base.path, dataset.path, '--json'];
    else argv = ['predict', base.path, '--file', dataset.path, '--length', '5', '--json'];
  } else {
    const mutated = mutateCheckpoint(readFileSync(base.path), rng);
    const path = join(caseFolder, 'damaged.safetensors');
    writeFileSync(path, mutated.bytes);
    const command = rng.pick(['inspect', 'predict', 'eval']);
    input = `${command} <checkpoint: ${mutated.kind}> (${base.task})`;
    files = [path];
    if (command === 'inspect') {
      argv = ['inspect', path, '--json'];
      printsNumbers = false;
    } else if (command === 'predict') argv = ['predict', path, '--text', base.sampleInput, '--length', '5', '--json'];
    else argv = ['eval', path, base.dataset, '--json'];
  }
  return { seed, argv, files, input, printsNumbers };
}

/** Prose-like text of `bytes` characters (a few words, spaces, newlines). */
function longPrompt(rng: ReturnType<typeof seededRng>, bytes: number): string {
  const words = ['the ', 'wolf ', 'and ', 'lamb ', 'said, ', '1.5 ', '2 ', '\n'];
  const parts: string[] = [];
  for (let n = 0; n < bytes;) {
    const word = rng.pick(words);
    parts.push(word);
    n += word.length;
  }
  return parts.join('');
}

/** A bad case as the report prints it: seed, input, why, and what the command printed. */
export function describeBadCase(result: CaseResult): string {
  const printed = [...result.outcome.output, ...(result.outcome.error ? [`error: ${result.outcome.error}`] : [])]
    .join(' | ')
    .slice(0, Number(process.env.FUZZ_OUTPUT_CHARS ?? 400)); // FUZZ_OUTPUT_CHARS: more of it when debugging
  return `seed ${result.seed}: ${result.input}: ${result.reason} (${result.outcome.milliseconds.toFixed(0)} ms) → ${JSON.stringify(printed)}`;
}
