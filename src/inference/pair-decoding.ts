/**
 * Decoding a sequence-to-sequence model one target token at a time: the encoder reads the source once,
 * then the decoder steps (T = 1) from the encoder's final state, attention reads the encoder's outputs at
 * every step, and the head gives the next token's log-probabilities. Two searches on it:
 * - `greedyDecode`: a batch of sources at once, each step taking the most likely token, until every
 *   sequence has produced `<eos>` or `maxLength` tokens (validation metrics decode this way);
 * - `beamSearch`: one source, the K best partial outputs kept at every step, finished outputs ranked by
 *   their log-probability divided by length^α (α = 0: raw log-probability, 1: the mean per token), the
 *   n-best list returned with scores and each output's attention.
 * The step is the same computation as the model's teacher-forced forward fed the same tokens (tested).
 */

import type { EncoderDecoderModel } from '../engine/encoder-decoder';
import { kernelsFor } from '../engine/kernels/choose';
import { Pass } from '../engine/module';
import type { RecurrentState } from '../engine/recurrent-layer';
import type { FloatArray } from '../engine/tensor';

/** The ids the searches need: the decoder's first input, the end token, tokens never to produce. */
export interface SpecialTokens {
  sos: number;
  eos: number;
  /** Ids never chosen (`<pad>`, `<sos>`, often `<unk>`). */
  forbidden: readonly number[];
}

/** A model's encoder run over sources and its decoder stepped over them, K rows at a time. */
export class PairStepper {
  private readonly encoderPass: Pass;
  private readonly stepPass: Pass;
  private memory: FloatArray | null = null;
  private sourceLengths = new Int32Array(0);
  private sourceSteps = 0;
  private rows = 0;
  private state: RecurrentState | null = null;
  private logProbabilities = new Float64Array(0);
  private logits: FloatArray | null = null;

  constructor(readonly model: EncoderDecoderModel) {
    const kernels = kernelsFor(model.config.dtype);
    this.encoderPass = new Pass(kernels);
    this.stepPass = new Pass(kernels);
  }

  get vocabularySize(): number {
    return this.model.config.targetVocabSize;
  }

  /** Encodes B sources (ids `[B, Ts]` right-padded, with lengths); the decoder then steps B rows. */
  encode(sources: Int32Array, lengths: Int32Array, Ts: number): void {
    const m = this.model;
    const B = lengths.length;
    const pass = this.encoderPass.begin(kernelsFor(m.config.dtype), B, Ts, lengths, false, null);
    const x = m.sourceEmbedding.forward(pass, sources);
    // A copy: the encoder's workspace is reused by the next encode, and beams replicate rows of it.
    const outputs = m.encoder.forward(pass, x, null);
    this.memory = outputs instanceof Float64Array ? Float64Array.from(outputs) : Float32Array.from(outputs);
    this.state = m.encoder.finalState();
    this.sourceLengths = Int32Array.from(lengths);
    this.sourceSteps = Ts;
    this.rows = B;
  }

  /** Makes K decoder rows of the single encoded source (a beam), each from the encoder's state. */
  replicate(K: number): void {
    if (this.rows !== 1) throw new Error('replicate: encode exactly one source first');
    this.select(new Int32Array(K));
  }

  /**
   * Keeps decoder rows `parents[k]` (each row's state, memory and length) as the new rows k — a beam's
   * survivors after a step. `parents` may repeat rows.
   */
  select(parents: Int32Array): void {
    const H = this.model.config.hiddenSize;
    const Ts = this.sourceSteps;
    const B = this.rows;
    const K = parents.length;
    const pick = (from: FloatArray, slots: number, width: number): FloatArray => {
      const out =
        from instanceof Float64Array ? new Float64Array(slots * K * width) : new Float32Array(slots * K * width);
      for (let s = 0; s < slots; s++)
        for (let k = 0; k < K; k++)
          out.set(from.subarray((s * B + parents[k]) * width, (s * B + parents[k] + 1) * width), (s * K + k) * width);
      return out;
    };
    const layers = this.state!.h.length / (B * H);
    this.state = {
      h: pick(this.state!.h, layers, H),
      ...(this.state!.c ? { c: pick(this.state!.c, layers, H) } : {}),
    };
    this.memory = pick(this.memory!, Ts, H);
    this.sourceLengths = Int32Array.from(parents, (p) => this.sourceLengths[p]);
    this.rows = K;
  }

  /**
   * One decoder step of every row on `tokens` `[rows]`: returns the next token's log-probabilities
   * `[rows, V]` (valid until the next step) and leaves each row's state advanced.
   */
  step(tokens: Int32Array): Float64Array {
    const m = this.model;
    const K = this.rows;
    const V = m.config.targetVocabSize;
    const pass = this.stepPass.begin(kernelsFor(m.config.dtype), K, 1, null, false, null);
    const x = m.targetEmbedding.forward(pass, tokens);
    const decoded = m.decoder.forward(pass, x, this.state);
    this.state = m.decoder.finalState();
    const headInput = m.attention
      ? m.attention.forward(pass, 1, this.sourceSteps, decoded, this.memory!, this.sourceLengths)
      : decoded;
    const logits = (this.logits = pass.kernels.ensure(this.logits, K * V));
    m.head.forward(K, headInput, 0, logits, pass.kernels);
    if (this.logProbabilities.length < K * V) this.logProbabilities = new Float64Array(K * V);
    const out = this.logProbabilities;
    for (let k = 0; k < K; k++) {
      let max = -Infinity;
      for (let v = 0; v < V; v++) max = Math.max(max, logits[k * V + v]);
      let sum = 0;
      for (let v = 0; v < V; v++) sum += Math.exp(logits[k * V + v] - max);
      const logSum = max + Math.log(sum);
      for (let v = 0; v < V; v++) out[k * V + v] = logits[k * V + v] - logSum;
    }
    return out.subarray(0, K * V);
  }

  /** After a step: each row's attention over the source `[rows, Ts]` (a copy), or null without attention. */
  attention(): Float64Array | null {
    const weights = this.model.attention?.attentionWeights();
    return weights ? Float64Array.from(weights.subarray(0, this.rows * this.sourceSteps)) : null;
  }
}

export interface GreedyOutput {
  /** Each source's output ids, without `<sos>` and `<eos>`. */
  outputs: Int32Array[];
  /** Whether each output ended with `<eos>` (else it was cut at `maxLength`). */
  finished: boolean[];
}

/** The most likely token at every step, for B sources at once (ids `[B, Ts]`, right-padded). */
export function greedyDecode(
  model: EncoderDecoderModel,
  sources: Int32Array,
  lengths: Int32Array,
  Ts: number,
  special: SpecialTokens,
  maxLength: number,
): GreedyOutput {
  const B = lengths.length;
  const V = model.config.targetVocabSize;
  const stepper = new PairStepper(model);
  stepper.encode(sources, lengths, Ts);
  const forbidden = new Uint8Array(V);
  for (const id of special.forbidden) forbidden[id] = 1;
  const tokens = new Int32Array(B).fill(special.sos);
  const outputs: number[][] = Array.from({ length: B }, () => []);
  const finished = new Array<boolean>(B).fill(false);
  let live = B;
  for (let t = 0; t < maxLength && live > 0; t++) {
    const logp = stepper.step(tokens);
    for (let b = 0; b < B; b++) {
      if (finished[b]) continue; // finished rows keep stepping on <eos>; their output is not read
      let best = -1;
      for (let v = 0; v < V; v++) if (!forbidden[v] && (best < 0 || logp[b * V + v] > logp[b * V + best])) best = v;
      tokens[b] = best;
      if (best === special.eos) {
        finished[b] = true;
        live--;
      } else outputs[b].push(best);
    }
  }
  return { outputs: outputs.map((o) => Int32Array.from(o)), finished };
}

export interface BeamHypothesis {
  /** Output ids, without `<sos>` and `<eos>`. */
  tokens: Int32Array;
  /** Sum of the log-probabilities of the tokens (and of `<eos>` when finished). */
  logProbability: number;
  /** `logProbability / length^α`, the ranking score. */
  score: number;
  finished: boolean;
  /** Attention over the source at each produced step `[steps][Ts]`, or null without attention. */
  attention: Float64Array[] | null;
}

export interface BeamOptions {
  beam: number;
  maxLength: number;
  /** Length normalisation exponent α. Default 1 (mean log-probability per token). */
  lengthPenalty?: number;
  /** How many hypotheses to return (≤ beam). Default beam. */
  nBest?: number;
  /** Called after every step with the best live hypothesis's tokens (to stream it); may throw to stop. */
  onStep?(best: readonly number[]): void;
}

/** Beam search over one source (ids `[Ts]`): the n best outputs, best first. */
export function beamSearch(
  model: EncoderDecoderModel,
  source: Int32Array,
  special: SpecialTokens,
  options: BeamOptions,
): BeamHypothesis[] {
  const K = options.beam;
  if (!(Number.isInteger(K) && K >= 1)) throw new Error(`beam must be a positive integer, got ${K}`);
  const alpha = options.lengthPenalty ?? 1;
  const V = model.config.targetVocabSize;
  const stepper = new PairStepper(model);
  stepper.encode(source, Int32Array.of(source.length), source.length);
  stepper.replicate(1);
  const forbidden = new Uint8Array(V);
  for (const id of special.forbidden) forbidden[id] = 1;
  const normalise = (logProbability: number, length: number) =>
    alpha === 0 ? logProbability : logProbability / Math.pow(Math.max(1, length), alpha);

  interface Live {
    tokens: number[];
    logProbability: number;
    attention: Float64Array[] | null;
  }
  let beams: Live[] = [{ tokens: [], logProbability: 0, attention: model.attention ? [] : null }];
  const done: BeamHypothesis[] = [];
  let inputs = Int32Array.of(special.sos);
  for (let t = 0; t < options.maxLength && beams.length > 0; t++) {
    const logp = stepper.step(inputs);
    const weights = stepper.attention();
    const Ts = source.length;
    // The K best (beam, token) extensions by total log-probability. The selection below takes at most K
    // continuing tokens and one <eos> from a beam, so each beam's K + 1 best tokens are all it can need.
    const candidates: { parent: number; token: number; logProbability: number }[] = [];
    for (let k = 0; k < beams.length; k++)
      for (const v of bestTokens(logp, k * V, V, K + 1, forbidden))
        candidates.push({ parent: k, token: v, logProbability: beams[k].logProbability + logp[k * V + v] });
    candidates.sort((a, b) => b.logProbability - a.logProbability || a.parent - b.parent || a.token - b.token);
    // Extensions in order: an <eos> finishes its beam, any other token continues it, until K continue.
    const next: Live[] = [];
    const parents: number[] = [];
    for (const c of candidates) {
      if (next.length >= K) break;
      const parent = beams[c.parent];
      const attention =
        parent.attention && weights ? [...parent.attention, weights.slice(c.parent * Ts, (c.parent + 1) * Ts)] : null;
      if (c.token === special.eos) {
        done.push({
          tokens: Int32Array.from(parent.tokens),
          logProbability: c.logProbability,
          score: normalise(c.logProbability, parent.tokens.length + 1),
          finished: true,
          attention,
        });
        continue;
      }
      next.push({ tokens: [...parent.tokens, c.token], logProbability: c.logProbability, attention });
      parents.push(c.parent);
    }
    // Early stopping: K finished outputs are enough (a longer one rarely outranks them once normalised).
    if (done.length >= K) {
      beams = [];
      break;
    }
    beams = next;
    if (beams.length === 0) break;
    options.onStep?.(beams[0].tokens);
    stepper.select(Int32Array.from(parents));
    inputs = Int32Array.from(beams, (b) => b.tokens[b.tokens.length - 1]);
  }
  for (const b of beams)
    done.push({
      tokens: Int32Array.from(b.tokens),
      logProbability: b.logProbability,
      score: normalise(b.logProbability, b.tokens.length),
      finished: false,
      attention: b.attention,
    });
  done.sort((a, b) => Number(b.finished) - Number(a.finished) || b.score - a.score);
  return done.slice(0, options.nBest ?? K);
}

/** The `count` ids with the largest `values[offset + v]` (v < V, not forbidden), best first; ties by lower id. */
function bestTokens(
  values: ArrayLike<number>,
  offset: number,
  V: number,
  count: number,
  forbidden: Uint8Array,
): number[] {
  const best: number[] = [];
  for (let v = 0; v < V; v++) {
    if (forbidden[v]) continue;
    const x = values[offset + v];
    if (best.length === count && x <= values[offset + best[count - 1]]) continue;
    let i = Math.min(best.length, count - 1);
    if (best.length < count) best.push(v);
    while (i > 0 && values[offset + best[i - 1]] < x) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = v;
  }
  return best;
}
