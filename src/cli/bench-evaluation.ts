/**
 * `lstm-studio bench --evaluate`, after bench-evaluate.ts's sessions and searches: the Evaluate view's
 * projections and ablation at the issue's sizes (issue 17).
 *
 * - PCA of 100 000 states × 256 units (the issue's target: < 2 s): XᵀX in blocks on the engine's float32
 *   GEMM and on the float64 TypeScript kernel (gram-accumulator.ts), the two axes by subspace iteration
 *   and by a full Jacobi decomposition, the projection of `MAX_POINTS` points; checked against pca.ts's
 *   exact float64 accumulator + Jacobi (the angle between the axes, the explained shares).
 * - UMAP (umap-js) of 1 000, `UMAP_MAX_POINTS` and 5 000 states of 256 units: what sets the cap.
 * - An ablation pass: a 2 × 256 LSTM classifier (seeded, untrained: the time does not depend on the
 *   weights) over examples/sentiment/reviews.csv's validation split, plain and with 8 units of layer 1's
 *   h held at 0 — the `evaluate-ablate` handler's work (evaluator + per-sequence scores). The reviews file
 *   is `--evaluate-reviews` (default examples/sentiment/reviews.csv).
 * The states are generated (a planted low-rank structure plus noise, in the range of tanh outputs) and
 * held as float32 in memory: reading them from the float16 cache is the session's cost, not measured here.
 */

import { existsSync } from 'node:fs';
import { UMAP } from 'umap-js';
import { Random } from '../engine/random';
import type { LstmModel } from '../engine/model';
import { stateClamp, withAblation } from '../inference/ablation';
import { GramAccumulator, type GramKernel } from '../inference/gram-accumulator';
import { CovarianceAccumulator, principalComponents, project, symmetricEigen } from '../inference/pca';
import { principalAxes } from '../inference/principal-axes';
import { SequenceScorer } from '../inference/sequence-scores';
import { topEigenpairs } from '../inference/top-eigen';
import { MAX_POINTS } from '../protocol/evaluate-view';
import { UMAP_MAX_POINTS } from '../inference/projection-points';
import { evaluateWithExamples } from '../train/evaluate';
import type { EvaluationSession } from '../worker/inference/evaluation-sessions';
import { ablate } from '../worker/inference/evaluate-ablate';
import { projectStates } from '../worker/inference/evaluate-project';
import { prepareForTraining } from '../train/setup';
import { openTrainingData } from '../train/training-data';

export const PCA_STATES = 100_000;
export const PCA_WIDTH = 256;
/** States per `add` call: one sequence's worth, as the projection feeds them. */
const ROWS_PER_SEQUENCE = 100;

/** A deterministic cloud of `n` states of width W: 8 planted directions of decreasing spread, noise, tanh. */
export function plantedStates(n: number, W: number, seed = 5): Float32Array {
  const random = new Random(seed);
  const directions = Array.from({ length: 8 }, () => Float64Array.from({ length: W }, () => random.normal()));
  for (const d of directions) {
    const norm = Math.hypot(...d);
    for (let i = 0; i < W; i++) d[i] /= norm;
  }
  const states = new Float32Array(n * W);
  const weights = new Float64Array(8);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < 8; k++) weights[k] = random.normal() * (3 / (k + 1));
    const cluster = r % 3 === 0 ? 0.4 : -0.2;
    for (let i = 0; i < W; i++) {
      let x = cluster + 0.05 * random.normal();
      for (let k = 0; k < 8; k++) x += weights[k] * directions[k][i];
      states[r * W + i] = Math.tanh(x);
    }
  }
  return states;
}

export interface PcaBenchResult {
  states: number;
  width: number;
  /** Milliseconds: XᵀX per kernel; the axes by subspace iteration and by Jacobi; projecting MAX_POINTS. */
  accumulateMs: Record<GramKernel, number>;
  subspaceMs: number;
  subspaceIterations: number;
  jacobiMs: number;
  projectMs: number;
  /** The Evaluate view's path end to end: wasm XᵀX + subspace iteration + projection. */
  totalMs: number;
  /** Against the exact float64 reference: the largest angle (degrees) between matching axes, the explained shares. */
  reference: { ms: number; maxAngleDegrees: number; explained: number[]; ours: number[] };
}

export function benchPca(states = plantedStates(PCA_STATES, PCA_WIDTH), W = PCA_WIDTH): PcaBenchResult {
  const n = states.length / W;
  const accumulateMs = {} as Record<GramKernel, number>;
  let wasmStatistics: { mean: Float64Array; covariance: Float64Array } | null = null;
  for (const kernel of ['wasm', 'float64'] as GramKernel[]) {
    const t0 = performance.now();
    const accumulator = new GramAccumulator(W, kernel);
    for (let r = 0; r < n; r += ROWS_PER_SEQUENCE) accumulator.add(states, Math.min(ROWS_PER_SEQUENCE, n - r), r * W);
    const statistics = accumulator.finish();
    accumulateMs[kernel] = performance.now() - t0;
    if (kernel === 'wasm') wasmStatistics = statistics;
  }
  const t1 = performance.now();
  const top = topEigenpairs(wasmStatistics!.covariance, W, 2);
  const subspaceMs = performance.now() - t1;
  const t2 = performance.now();
  symmetricEigen(wasmStatistics!.covariance, W);
  const jacobiMs = performance.now() - t2;
  const axes = principalAxes(wasmStatistics!, W, 2);
  const count = Math.min(n, MAX_POINTS);
  const sample = new Float32Array(count * W);
  for (let k = 0; k < count; k++) {
    const r = Math.floor((k * n) / count);
    sample.set(states.subarray(r * W, (r + 1) * W), k * W);
  }
  const t3 = performance.now();
  project(axes, sample, count, new Float32Array(count * 2));
  const projectMs = performance.now() - t3;

  const t4 = performance.now();
  const exact = new CovarianceAccumulator(W);
  exact.add(states, n);
  const reference = principalComponents(exact, 2);
  const referenceMs = performance.now() - t4;
  // The angle between matching axes as asin ‖u − (u·v) v‖ (acos of a dot product near 1 loses its digits).
  let maxAngle = 0;
  for (let c = 0; c < 2; c++) {
    let dot = 0;
    for (let i = 0; i < W; i++) dot += reference.components[c * W + i] * axes.components[c * W + i];
    let rest = 0;
    for (let i = 0; i < W; i++) rest += (reference.components[c * W + i] - dot * axes.components[c * W + i]) ** 2;
    maxAngle = Math.max(maxAngle, (Math.asin(Math.min(1, Math.sqrt(rest))) * 180) / Math.PI);
  }
  return {
    states: n,
    width: W,
    accumulateMs,
    subspaceMs,
    subspaceIterations: top.iterations,
    jacobiMs,
    projectMs,
    totalMs: accumulateMs.wasm + subspaceMs + projectMs,
    reference: { ms: referenceMs, maxAngleDegrees: maxAngle, explained: reference.explained, ours: axes.explained },
  };
}

export interface UmapBenchResult {
  points: number;
  width: number;
  ms: number;
}

/** UMAP (the Evaluate view's settings: 2 components, 15 neighbours, seeded) of evenly spaced states. */
export function benchUmap(
  states: Float32Array,
  W: number,
  sizes = [...new Set([1000, UMAP_MAX_POINTS, 5000])].sort((a, b) => a - b),
): UmapBenchResult[] {
  const n = states.length / W;
  return sizes.map((size) => {
    const count = Math.min(size, n);
    const rows: number[][] = [];
    for (let k = 0; k < count; k++) {
      const r = Math.floor((k * n) / count);
      rows.push(Array.from(states.subarray(r * W, (r + 1) * W)));
    }
    const random = new Random(17);
    const t0 = performance.now();
    const umap = new UMAP({ nComponents: 2, nNeighbors: 15, random: () => random.uniform() });
    umap.fit(rows);
    return { points: count, width: W, ms: performance.now() - t0 };
  });
}

export interface AblationBenchResult {
  sequences: number;
  batches: number;
  architecture: string;
  /** Median milliseconds of the whole validation pass, plain and with 8 units of layer 1's h at 0. */
  plainMs: number;
  ablatedMs: number;
  accuracyBefore: number;
  accuracyAfter: number;
  runs: number;
}

/** The ablation pass on a reviews file's validation split (a 2 × 256 classifier, seeded). */
export async function benchAblation(path: string, runs = 3): Promise<AblationBenchResult> {
  if (!existsSync(path))
    throw new Error(`bench: ${path} not found (run from the repository, or name it with --evaluate-reviews)`);
  const setup = await prepareForTraining(path, { hiddenSize: 256, numLayers: 2, seed: 42 }, {});
  const model = setup.model as LstmModel;
  const batches = [...openTrainingData(setup).validation.batches()];
  const sequences = batches.reduce((sum, b) => sum + b.batchSize, 0);
  const context = { task: setup.prepared.task };
  const address = { layer: 1, direction: 'forward', signal: 'h' } as const;
  const clamp = stateClamp(
    model,
    address,
    Array.from({ length: 8 }, (_, u) => u * 31),
    new Float64Array(8),
  );
  const pass = () => {
    // The handler's work: the evaluator and each sequence's score.
    const scorer = new SequenceScorer(model.config);
    const metrics = evaluateWithExamples(model, batches, context, null, {
      scored: (batch, result) => scorer.add(batch, result.output),
    }).metrics;
    if (scorer.sequences !== sequences) throw new Error('bench: the pass scored a different number of sequences');
    return metrics;
  };
  const plain: number[] = [];
  const ablated: number[] = [];
  let before = pass();
  let after = withAblation(model, address, clamp, pass);
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    before = pass();
    plain.push(performance.now() - t0);
    t0 = performance.now();
    after = withAblation(model, address, clamp, pass);
    ablated.push(performance.now() - t0);
  }
  const c = model.config;
  return {
    sequences,
    batches: batches.length,
    architecture: `${c.cell.toUpperCase()}(${c.hiddenSize}) × ${c.numLayers}, embedding ${c.embeddingDim}, ${c.outputSize} outputs`,
    plainMs: median(plain),
    ablatedMs: median(ablated),
    accuracyBefore: before.accuracy ?? NaN,
    accuracyAfter: after.accuracy ?? NaN,
    runs,
  };
}

export async function runEvaluationBench(reviewsPath: string, say: (line: string) => void): Promise<object> {
  say(`PCA of ${PCA_STATES.toLocaleString('en')} states × ${PCA_WIDTH} units (generating them…)`);
  const states = plantedStates(PCA_STATES, PCA_WIDTH);
  const pca = benchPca(states);
  say(
    `  XᵀX: engine GEMM (float32 blocks → float64) ${pca.accumulateMs.wasm.toFixed(0)} ms, float64 TypeScript kernel ${pca.accumulateMs.float64.toFixed(0)} ms`,
  );
  say(
    `  two axes: subspace iteration ${pca.subspaceMs.toFixed(1)} ms (${pca.subspaceIterations} iterations), full Jacobi ${pca.jacobiMs.toFixed(0)} ms; projecting ${MAX_POINTS} points ${pca.projectMs.toFixed(1)} ms`,
  );
  say(`  the Evaluate view's path: ${pca.totalMs.toFixed(0)} ms`);
  say(
    `  vs exact float64 reference (${pca.reference.ms.toFixed(0)} ms): axes within ${pca.reference.maxAngleDegrees.toExponential(1)}°, explained ${pca.reference.explained.map((x) => x.toFixed(4)).join(', ')} vs ours ${pca.reference.ours.map((x) => x.toFixed(4)).join(', ')}`,
  );
  say(`UMAP (umap-js, 15 neighbours) of states × ${PCA_WIDTH} units`);
  const umap = benchUmap(states, PCA_WIDTH);
  for (const u of umap)
    say(`  ${u.points} points: ${(u.ms / 1000).toFixed(1)} s${u.points === UMAP_MAX_POINTS ? ' (the cap)' : ''}`);
  say(`Ablation pass on ${reviewsPath}'s validation split`);
  const ablation = await benchAblation(reviewsPath);
  say(
    `  ${ablation.architecture}, ${ablation.sequences} sequences in ${ablation.batches} batches: plain ${ablation.plainMs.toFixed(0)} ms, 8 units of layer 1 h at 0 ${ablation.ablatedMs.toFixed(0)} ms (median of ${ablation.runs}); accuracy ${ablation.accuracyBefore.toFixed(3)} → ${ablation.accuracyAfter.toFixed(3)}`,
  );
  return { pca, umap, ablation };
}

export interface SessionProjectionResult {
  /** PCA of the top layer's h: one state per sequence, and every step (read from the session's float16 cache). */
  pcaLastMs: number;
  pcaEveryMs: number;
  everyStates: number;
  /** `evaluate-ablate` with 8 units of the top layer's h at 0 (a whole pass over the session's batches). */
  ablateMs?: number;
  changed?: number;
}

/** The projection and ablation handlers' work on a session `evaluate-open` made (bench-evaluate.ts). */
export function benchSessionProjection(
  session: EvaluationSession,
  say: (line: string) => void,
  withAblation: boolean,
): SessionProjectionResult {
  const top = session.summary.layers.filter((l) => l.signal === 'h' && l.direction === 'forward').at(-1)!;
  const address = { layer: top.layer, direction: top.direction, signal: top.signal };
  const quiet = { partial: () => {}, throwIfCancelled: () => {} };
  let started = performance.now();
  projectStates(session, { address, steps: 'last', method: 'pca' }, quiet);
  const pcaLastMs = performance.now() - started;
  started = performance.now();
  const every = projectStates(session, { address, steps: 'every', method: 'pca' }, quiet);
  const pcaEveryMs = performance.now() - started;
  const result: SessionProjectionResult = { pcaLastMs, pcaEveryMs, everyStates: every.sampledFrom };
  say(
    `  PCA of layer ${top.layer + 1} h: last step of each sequence ${pcaLastMs.toFixed(0)} ms; every step (${every.sampledFrom.toLocaleString('en-US')} states, from the cache) ${pcaEveryMs.toFixed(0)} ms`,
  );
  if (!withAblation) return result;
  started = performance.now();
  const ablation = ablate(
    session,
    { address, units: Array.from({ length: 8 }, (_, u) => (u * 17) % top.width), mode: 'zero' },
    quiet,
  );
  result.ablateMs = performance.now() - started;
  result.changed = ablation.changedCount;
  say(
    `  evaluate-ablate (8 units of layer ${top.layer + 1} h at 0): ${result.ablateMs.toFixed(0)} ms, ${ablation.changedCount} predictions changed`,
  );
  return result;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}
