/**
 * `evaluate-project`: the cached states at one address projected to 2-D, for the Evaluate view's scatter.
 *
 * - Which states: `last` = one per sequence, the state after its last real step (for a backward direction
 *   that is step 0, the last one it reads); `every` = every step of every sequence.
 * - PCA is fitted on all of them (every state the cache holds; XᵀX in blocks on the engine's GEMM,
 *   gram-accumulator.ts; the two axes by subspace iteration, top-eigen.ts) and draws at most `MAX_POINTS`,
 *   sampled evenly (projection-points.ts: the same query always draws the same points).
 * - UMAP (umap-js, PAIR's implementation) embeds an even sample of at most `UMAP_MAX_POINTS` states (it
 *   costs far more per point than PCA; see docs/evaluation.md for the measured times), seeded so the same
 *   query gives the same picture.
 * Every point carries what the panel colours by: label and prediction (classifiers), its sequence's loss,
 * the character class of its step's token (text models), and when the query names a `colourUnit`, that
 * unit's activation (read from the sampled states, no extra pass).
 */

import { UMAP } from 'umap-js';
import { Random } from '../../engine/random';
import { GramAccumulator } from '../../inference/gram-accumulator';
import { project } from '../../inference/pca';
import { principalAxes } from '../../inference/principal-axes';
import { UMAP_MAX_POINTS, characterClass, evenSample, locateSteps } from '../../inference/projection-points';
import { MAX_POINTS, SPAN_CONTEXT, type Projection, type ProjectionQuery } from '../../protocol/evaluate-view';
import type { EvaluationSession } from './evaluation-sessions';
import { joinerOf, requireSession } from './evaluation-sessions';
import { registerHandler, type HandlerContext } from './handlers';

/** UMAP's neighbours and seed (the same query gives the same picture). */
const UMAP_NEIGHBORS = 15;
const UMAP_SEED = 17;

type Context = Pick<HandlerContext<'evaluate-project'>, 'partial' | 'throwIfCancelled'>;

/**
 * The projection a query asks for. `limits` lowers the point caps (tests; the handler uses the defaults,
 * and never more: the caps are what the panel and the time budget are sized for).
 */
export function projectStates(
  session: EvaluationSession,
  query: ProjectionQuery,
  context: Context,
  limits: { maxPoints?: number; umapMaxPoints?: number } = {},
): Projection {
  const started = performance.now();
  const { address, steps, method } = query;
  if (method !== 'pca' && method !== 'umap')
    throw new Error(`projection method must be pca or umap, not ${String(method)}`);
  if (steps !== 'last' && steps !== 'every')
    throw new Error(`projection steps must be last or every, not ${String(steps)}`);
  const states = session.states;
  const W = states.width(address);
  const { colourUnit } = query;
  if (colourUnit !== undefined && !(Number.isInteger(colourUnit) && colourUnit >= 0 && colourUnit < W))
    throw new Error(`colour unit ${String(colourUnit)} is not one of the layer's ${W} units`);
  const points =
    method === 'pca'
      ? Math.min(MAX_POINTS, limits.maxPoints ?? MAX_POINTS)
      : Math.min(UMAP_MAX_POINTS, limits.umapMaxPoints ?? UMAP_MAX_POINTS);
  const { sequence, step, total } = samplePoints(session, query, points);
  const n = sequence.length;
  if (n === 0) throw new Error('there are no states to project: every evaluated sequence is empty');
  const sampled = new Float32Array(n * W);
  const fit = method === 'pca' ? new GramAccumulator(W) : null;
  const backward = address.direction === 'backward';
  let buffer: Float32Array | undefined;
  let k = 0;
  const S = states.sequences;
  const report = Math.max(1, Math.floor(S / 100));
  context.partial({ stage: 'projecting', done: 0, total: S });
  for (let s = 0; s < S; s++) {
    // UMAP reads only the sequences it samples; PCA fits on every state.
    if (!fit && (k >= n || sequence[k] !== s)) continue;
    const T = states.steps(s);
    if (T === 0) continue;
    const values = (buffer = states.read(address, s, buffer));
    if (fit) {
      if (steps === 'every') fit.add(values, T);
      else fit.add(values, 1, (backward ? 0 : T - 1) * W);
    }
    for (; k < n && sequence[k] === s; k++) sampled.set(values.subarray(step[k] * W, (step[k] + 1) * W), k * W);
    if (s % report === 0) {
      context.partial({ stage: 'projecting', done: s + 1, total: S });
      context.throwIfCancelled();
    }
  }
  // The chosen unit's value at each point: a column of the states already sampled, before PCA reads them.
  let unitValues: Float32Array | undefined;
  if (colourUnit !== undefined) {
    unitValues = new Float32Array(n);
    for (let r = 0; r < n; r++) unitValues[r] = sampled[r * W + colourUnit];
  }
  const xy = new Float32Array(n * 2);
  let explained: [number, number] | undefined;
  if (fit) {
    const axes = principalAxes(fit.finish(), W, 2);
    project(axes, sampled, n, axesOut(axes.components.length / W, xy, n));
    if (axes.components.length < 2 * W) spreadSingleAxis(xy, n);
    explained = [axes.explained[0] ?? 0, axes.explained[1] ?? 0];
  } else embedUmap(sampled, n, W, xy, context);
  return {
    method,
    points: xy,
    sequence,
    step,
    ...colourings(session, sequence, step),
    ...(unitValues ? { unitValues } : {}),
    ...(explained ? { explained } : {}),
    sampledFrom: total,
    ms: performance.now() - started,
  };
}

/** The sampled states' (sequence, step), ascending, and how many states they were drawn from. */
function samplePoints(
  session: EvaluationSession,
  query: ProjectionQuery,
  count: number,
): { sequence: Int32Array; step: Int32Array; total: number } {
  const states = session.states;
  if (query.steps === 'every') {
    const total = states.totalSteps;
    return { ...locateSteps(evenSample(total, count), states.sequences, (s) => states.steps(s)), total };
  }
  const nonEmpty: number[] = [];
  for (let s = 0; s < states.sequences; s++) if (states.steps(s) > 0) nonEmpty.push(s);
  const picked = evenSample(nonEmpty.length, count);
  const sequence = Int32Array.from(picked, (i) => nonEmpty[i]);
  const backward = query.address.direction === 'backward';
  const step = Int32Array.from(sequence, (s) => (backward ? 0 : states.steps(s) - 1));
  return { sequence, step, total: nonEmpty.length };
}

/** Where `project` writes: `xy` itself for two axes, else a one-column buffer spread afterwards. */
function axesOut(axes: number, xy: Float32Array, n: number): Float32Array {
  return axes === 2 ? xy : xy.subarray(0, n * axes);
}

/** A width-1 state has one axis: (x) in place → (x, 0). */
function spreadSingleAxis(xy: Float32Array, n: number): void {
  for (let r = n - 1; r >= 0; r--) {
    xy[2 * r] = xy[r];
    xy[2 * r + 1] = 0;
  }
}

function embedUmap(sampled: Float32Array, n: number, W: number, xy: Float32Array, context: Context): void {
  if (n < 3) {
    // Too few points for a neighbour graph: they are drawn on a line, in order.
    for (let r = 0; r < n; r++) xy[2 * r] = r;
    return;
  }
  const random = new Random(UMAP_SEED);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(UMAP_NEIGHBORS, n - 1),
    random: () => random.uniform(),
  });
  const rows: number[][] = [];
  for (let r = 0; r < n; r++) rows.push(Array.from(sampled.subarray(r * W, (r + 1) * W)));
  const epochs = umap.initializeFit(rows);
  for (let epoch = 0; epoch < epochs; epoch++) {
    umap.step();
    if (epoch % 10 === 0) {
      context.partial({ stage: 'projecting', done: epoch, total: epochs });
      context.throwIfCancelled();
    }
  }
  umap.getEmbedding().forEach(([x, y], r) => {
    xy[2 * r] = x;
    xy[2 * r + 1] = y;
  });
}

/** What each point is coloured by, as far as the session knows it. */
function colourings(
  session: EvaluationSession,
  sequence: Int32Array,
  step: Int32Array,
): Pick<Projection, 'label' | 'predicted' | 'error' | 'characterClass'> {
  const n = sequence.length;
  const error = Float32Array.from(sequence, (s) => session.sequenceLoss[s]);
  const out: Pick<Projection, 'label' | 'predicted' | 'error' | 'characterClass' | 'context'> = { error };
  if (session.summary.labels) {
    out.label = Int32Array.from(sequence, (s) => session.actual[s]);
    out.predicted = Int32Array.from(sequence, (s) => session.predicted[s]);
  }
  if (session.summary.input === 'text') {
    const classes = new Int8Array(n);
    const context = new Array<string>(n);
    const joiner = joinerOf(session);
    let tokens: string[] = [];
    for (let k = 0; k < n; k++) {
      if (k === 0 || sequence[k] !== sequence[k - 1]) tokens = session.tokens(sequence[k]);
      classes[k] = characterClass(tokens[step[k]] ?? '');
      // What hover and the lasso's list show: the text the state has read, up to and including its step.
      context[k] = tokens.slice(Math.max(0, step[k] + 1 - SPAN_CONTEXT), step[k] + 1).join(joiner);
    }
    out.characterClass = classes;
    out.context = context;
  }
  return out;
}

registerHandler('evaluate-project', ({ sessionId, query }, context) => {
  const projection = projectStates(requireSession(sessionId), query, context);
  for (const array of [
    projection.points,
    projection.sequence,
    projection.step,
    projection.label,
    projection.predicted,
    projection.error,
    projection.characterClass,
    projection.unitValues,
  ])
    if (array) context.transfer.push(array.buffer as ArrayBuffer);
  return projection;
});
