/**
 * `lstm-studio bench --evaluate`: the Evaluate view's worker on the sizes issue 17 names — a 2 × 256 LSTM
 * language model over 1 MB of text (a sample text repeated) and a classifier on a reviews file. A model
 * is made by one optimizer step of the real trainer (near-random weights, which time the same as trained
 * ones), then a session is opened on the whole file exactly as the worker opens one, and the searches run
 * on it: the first pass (report and state caching), a match search, unit searches (one layer, and every
 * cached signal), the catalogue of one layer, and what the cache holds in memory and on disk.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOGUE_CONTEXTS, MAX_RESULTS, type StateAddress } from '../protocol/evaluate-view';
import { matchSearch } from '../inference/match-search';
import { compileBoundedRegex, MatchBudget, regexStepSignal } from '../inference/pattern-signals';
import { rankUnits, unitCatalogue } from '../inference/unit-search';
import { TrainingControl } from '../train/control';
import type { TrainingConfig } from '../train/config';
import { prepareForTraining } from '../train/setup';
import { runTraining } from '../train/trainer';
import { evaluateWithExamples } from '../train/evaluate';
import { evaluationContextOf, openEvaluation } from '../worker/inference/evaluation-open';
import type { EvaluationSession } from '../worker/inference/evaluation-sessions';
import { loadPredictor } from '../worker/inference/load-predictor';
import { benchSessionProjection, type SessionProjectionResult } from './bench-evaluation';

export interface EvaluateBenchOptions {
  /** The text repeated to `textBytes` (default examples/text/fables.txt). */
  textPath: string;
  textBytes: number;
  /** The classifier's data (default examples/sentiment/reviews.csv). */
  reviewsPath: string;
  say: (line: string) => void;
}

export interface EvaluateBenchResult {
  model: string;
  data: string;
  sequences: number;
  steps: number;
  readMs: number;
  passMs: number;
  /** The same pass without recording or caching states (evaluateWithExamples with the report), for the caching's cost. */
  plainPassMs: number;
  memoryBytes: number;
  diskBytes: number;
  matchMs?: number;
  matchResults?: number;
  unitSearchOneLayerMs?: number;
  unitSearchEveryLayerMs?: number;
  catalogueMs?: number;
  projection?: SessionProjectionResult;
  metrics: Record<string, number>;
}

export async function runEvaluateBench(options: EvaluateBenchOptions): Promise<EvaluateBenchResult[]> {
  const root = mkdtempSync(join(tmpdir(), 'lstm-bench-evaluate-'));
  try {
    const results: EvaluateBenchResult[] = [];
    const seed = readFileSync(options.textPath, 'utf8');
    const textPath = join(root, 'text-1mb.txt');
    writeFileSync(textPath, seed.repeat(Math.ceil(options.textBytes / seed.length)).slice(0, options.textBytes));
    options.say(`language model: 2 × 256 LSTM, one optimizer step on ${textPath}`);
    const lm = await oneStepRun(root, textPath, {
      hiddenSize: 256,
      numLayers: 2,
      embeddingDim: 64,
      seqLen: 128,
      batchSize: 32,
    });
    results.push(await benchSession(lm, textPath, root, 'LSTM 2 × 256 language model', options.say, true));
    options.say(`classifier: one optimizer step on ${options.reviewsPath}`);
    const classifier = await oneStepRun(root, options.reviewsPath, { hiddenSize: 128, numLayers: 1 });
    results.push(
      await benchSession(classifier, options.reviewsPath, root, 'LSTM 1 × 128 classifier', options.say, false),
    );
    return results;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function oneStepRun(root: string, dataPath: string, config: Partial<TrainingConfig>): Promise<string> {
  const setup = {
    ...(await prepareForTraining(dataPath, { epochs: 1, maxSteps: 1, seed: 1, ...config }, {})),
    resumed: null,
  };
  const summary = await runTraining({
    setup,
    runsRoot: join(root, 'runs'),
    control: new TrainingControl(),
    progressIntervalMs: 0,
    emit: () => {},
  });
  return join(summary.runDir, 'last.safetensors');
}

async function benchSession(
  checkpointPath: string,
  dataPath: string,
  root: string,
  model: string,
  say: (line: string) => void,
  searches: boolean,
): Promise<EvaluateBenchResult> {
  const predictor = await loadPredictor(checkpointPath);
  const session = await openEvaluation(
    checkpointPath,
    predictor,
    { kind: 'file', path: dataPath },
    join(root, 'cache'),
    {
      progress: () => {},
      throwIfCancelled: () => {},
    },
  );
  try {
    const { summary, states } = session;
    const result: EvaluateBenchResult = {
      model,
      data: summary.dataLabel,
      sequences: summary.sequences,
      steps: summary.steps,
      readMs: summary.timings.readMs,
      passMs: summary.timings.passMs,
      plainPassMs: plainPass(session),
      memoryBytes: states.memoryBytes,
      diskBytes: states.diskBytes,
      metrics: summary.metrics as unknown as Record<string, number>,
    };
    say(
      `  ${summary.dataLabel}: ${summary.steps.toLocaleString('en-US')} steps; read ${summary.timings.readMs.toFixed(0)} ms, first pass (report + caching) ${summary.timings.passMs.toFixed(0)} ms (${result.plainPassMs.toFixed(0)} ms without recording and caching the states); cache ${mb(states.memoryBytes)} in memory, ${mb(states.diskBytes)} on disk`,
    );
    // Projection and ablation on this session (bench-evaluation.ts); ablating the language model would be one
    // more whole pass (the plain pass above).
    result.projection = benchSessionProjection(session, say, !searches);
    if (!searches) return result;
    const top: StateAddress = { layer: 1, direction: 'forward', signal: 'h' };
    Object.assign(result, timeMatch(session, top));
    say(`  match search (layer 2 h, 3 units): ${result.matchMs!.toFixed(0)} ms, ${result.matchResults} spans`);
    const regex = compileBoundedRegex('"[^"]*"', false);
    if (!regex.ok) throw new Error(regex.message);
    const joined = (s: number) => regexStepSignal(session.tokens(s), '', regex.regex, new MatchBudget());
    let started = performance.now();
    rankUnits(states, [top], joined, MAX_RESULTS);
    result.unitSearchOneLayerMs = performance.now() - started;
    started = performance.now();
    rankUnits(states, summary.layers, joined, MAX_RESULTS);
    result.unitSearchEveryLayerMs = performance.now() - started;
    say(
      `  unit search (regex "inside quotes"): layer 2 h ${result.unitSearchOneLayerMs.toFixed(0)} ms; every cached signal (${summary.layers.length}) ${result.unitSearchEveryLayerMs.toFixed(0)} ms`,
    );
    started = performance.now();
    unitCatalogue(states, top, CATALOGUE_CONTEXTS);
    result.catalogueMs = performance.now() - started;
    say(`  catalogue (layer 2 h): ${result.catalogueMs.toFixed(0)} ms`);
    return result;
  } finally {
    await session.states.dispose();
  }
}

/** The report pass alone on the same batches: what the model's forward and the report cost without the states. */
function plainPass(session: EvaluationSession): number {
  const started = performance.now();
  evaluateWithExamples(session.predictor.model, session.batches(), evaluationContextOf(session.predictor));
  return performance.now() - started;
}

/** A match search for the pattern at a busy step: the three most active units of sequence 0 at step 10. */
function timeMatch(session: EvaluationSession, address: StateAddress): { matchMs: number; matchResults: number } {
  const W = session.states.width(address);
  const x = session.states.read(address, 0);
  const step = Math.min(10, session.states.steps(0) - 1);
  const units = Array.from({ length: W }, (_, u) => u)
    .sort((a, b) => x[step * W + b] - x[step * W + a])
    .slice(0, 3);
  const threshold = Math.min(...units.map((u) => x[step * W + u])) * 0.9;
  const started = performance.now();
  const spans = matchSearch(session.states, { address, units, threshold, topK: 20 });
  return { matchMs: performance.now() - started, matchResults: spans.length };
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
