/**
 * Luong global attention (Luong, Pham & Manning 2015) over an encoder's outputs, with the three score
 * functions sequence-to-sequence models use: `dot` e = q·m, `general` e = q·(W_a m) and `additive`
 * (Bahdanau, Cho & Bengio 2015) e = v·tanh(W_q q + W_m m + b_m). For every decoder step t and sequence b,
 * the weights a = softmax_s(e) over the source positions s < length[b] (padding gets weight 0), the
 * context c = Σ_s a_s m_s, and the attentional hidden state y = tanh(W_c [c; q]) that the vocabulary
 * head reads.
 *
 * The decoder's outputs q are all known before attention runs (attention does not feed back into the
 * decoder's input), so every step is computed at once: two matrix products for W_c (and for W_a or
 * W_q, W_m), and the per-(t, b, s) scores, softmax and sums in between as kernels (`Kernels.attention…`:
 * SIMD row dot products on WebAssembly, the plain loops in TypeScript). Parameter names are a PyTorch module's
 * `attention` child (`attention.W_a.weight`, `attention.W_c.weight`, …), each `nn.Linear`'s
 * `[out, in]` weight; `export-pytorch` writes the module with these names.
 */

import type { AttentionGeometry } from './kernels/kernels';
import { product, productTransposedA, productTransposedB } from './kernels/products';
import type { Module, Pass } from './module';
import { createParameter, type DType, type FloatArray, type Parameter } from './tensor';

export type AttentionScore = 'dot' | 'general' | 'additive';

export const ATTENTION_SCORES: readonly AttentionScore[] = ['dot', 'general', 'additive'];

export interface AttentionSizes {
  /** Width of the query (the decoder's outputs) and of the attentional output. */
  querySize: number;
  /** Width of the memory (the encoder's outputs). */
  memorySize: number;
  /** Width of the additive score's hidden layer (ignored by `dot` and `general`). */
  scoreSize: number;
}

export class Attention implements Module {
  readonly querySize: number;
  readonly memorySize: number;
  readonly scoreSize: number;
  /** `general`: W_a `[Hq, Hm]`. */
  readonly weightA: Parameter | null = null;
  /** `additive`: W_q `[A, Hq]`, W_m `[A, Hm]`, b_m `[A]`, v `[1, A]`. */
  readonly weightQ: Parameter | null = null;
  readonly weightM: Parameter | null = null;
  readonly biasM: Parameter | null = null;
  readonly weightV: Parameter | null = null;
  /** W_c `[Hq, Hm + Hq]`: the attentional hidden state from [context; query]. */
  readonly weightC: Parameter;

  // Forward caches (workspaces, reused): inputs by reference, then every intermediate backward reads.
  private geometry: AttentionGeometry = { Tq: 0, Tm: 0, B: 0, lengths: null };
  private query: FloatArray | null = null;
  private memory: FloatArray | null = null;
  /** `general`: keys W_a m `[Tm, B, Hq]`; `additive`: projected queries `[Tq, B, A]` and memory `[Tm, B, A]`. */
  private keys: FloatArray | null = null;
  private projectedQuery: FloatArray | null = null;
  private projectedMemory: FloatArray | null = null;
  /** `additive`: tanh(W_q q + W_m m + b_m) `[Tq, B, Tm, A]`. */
  private hiddenScores: FloatArray | null = null;
  /** Softmax weights `[Tq, B, Tm]` (0 past each source length). */
  private weights: FloatArray | null = null;
  /** [context; query] `[Tq, B, Hm + Hq]`. */
  private joined: FloatArray | null = null;
  /** y `[Tq, B, Hq]`. */
  private output: FloatArray | null = null;
  // Backward workspaces.
  private dPre: FloatArray | null = null;
  private dJoined: FloatArray | null = null;
  private dScores: FloatArray | null = null;
  private dQuery: FloatArray | null = null;
  private dMemory: FloatArray | null = null;
  private dKeys: FloatArray | null = null;
  private dProjectedQuery: FloatArray | null = null;
  private dProjectedMemory: FloatArray | null = null;

  constructor(
    readonly score: AttentionScore,
    sizes: AttentionSizes,
    readonly dtype: DType,
    readonly prefix = 'attention',
  ) {
    const { querySize: Hq, memorySize: Hm, scoreSize: A } = sizes;
    if (score === 'dot' && Hq !== Hm)
      throw new Error(`dot attention needs the decoder and encoder outputs of one width, got ${Hq} and ${Hm}`);
    if (score === 'additive' && !(Number.isInteger(A) && A >= 1))
      throw new Error(`additive attention needs a score size of at least 1, got ${A}`);
    this.querySize = Hq;
    this.memorySize = Hm;
    this.scoreSize = score === 'additive' ? A : 0;
    if (score === 'general') this.weightA = createParameter(`${prefix}.W_a.weight`, [Hq, Hm], dtype);
    if (score === 'additive') {
      this.weightQ = createParameter(`${prefix}.W_q.weight`, [A, Hq], dtype);
      this.weightM = createParameter(`${prefix}.W_m.weight`, [A, Hm], dtype);
      this.biasM = createParameter(`${prefix}.W_m.bias`, [A], dtype);
      this.weightV = createParameter(`${prefix}.v.weight`, [1, A], dtype);
    }
    this.weightC = createParameter(`${prefix}.W_c.weight`, [Hq, Hm + Hq], dtype);
  }

  /** In PyTorch's `state_dict` order (the order the module registers them). */
  parameters(): Parameter[] {
    const scoring = [this.weightA, this.weightQ, this.weightM, this.biasM, this.weightV].filter(
      (p): p is Parameter => p !== null,
    );
    return [...scoring, this.weightC];
  }

  // y (Tq, B, Hq) ← query (Tq, B, Hq), memory (Tm, B, Hm); memory rows past lengths[b] are masked out
  forward(
    pass: Pass,
    Tq: number,
    Tm: number,
    query: FloatArray,
    memory: FloatArray,
    lengths: Int32Array | null,
  ): FloatArray {
    const k = pass.kernels;
    const B = pass.B;
    const Hq = this.querySize;
    const Hm = this.memorySize;
    const g = (this.geometry = { Tq, Tm, B, lengths });
    this.query = query;
    this.memory = memory;
    const weights = (this.weights = k.ensure(this.weights, Tq * B * Tm));

    // e (Tq, B, Tm): the scores, written into `weights` and turned into the softmax in place
    if (this.score === 'additive') this.additiveScores(pass, weights);
    else {
      let keys = memory;
      if (this.score === 'general') {
        // keys (Tm·B, Hq) = memory (Tm·B, Hm) · W_aᵀ — once per batch, not per decoder step
        keys = this.keys = k.ensure(this.keys, Tm * B * Hq);
        productTransposedB(k, Tm * B, Hq, Hm, memory, 0, this.weightA!.value, 0, keys, 0, 0);
      }
      k.attentionScores(g, Hq, query, keys, weights);
    }

    // a (Tq, B, Tm) = softmax_s(e) in place; joined (Tq, B, Hm + Hq) = [Σ_s a_s m_s ; q]
    const J = Hm + Hq;
    const joined = (this.joined = k.ensure(this.joined, Tq * B * J));
    k.attentionSoftmaxContext(g, Hm, Hq, weights, memory, query, joined);

    // y (Tq·B, Hq) = tanh(joined · W_cᵀ)
    const output = (this.output = k.ensure(this.output, Tq * B * Hq));
    productTransposedB(k, Tq * B, Hq, J, joined, 0, this.weightC.value, 0, output, 0, 0);
    k.tanhInPlace(Tq * B * Hq, output);
    return output;
  }

  /** After forward: the attention weights `[Tq, B, Tm]` (a view, valid until the next forward). */
  attentionWeights(): FloatArray {
    const { Tq, Tm, B } = this.geometry;
    return this.weights!.subarray(0, Tq * B * Tm);
  }

  // parameter grads += from dY (Tq, B, Hq); dQuery (Tq, B, Hq) and dMemory (Tm, B, Hm) written when given
  backward(pass: Pass, dY: FloatArray, dQueryOut: FloatArray | null, dMemoryOut: FloatArray | null): void {
    const k = pass.kernels;
    const g = this.geometry;
    const { Tq, Tm, B } = g;
    const Hq = this.querySize;
    const Hm = this.memorySize;
    const J = Hm + Hq;
    const query = this.query!;
    const memory = this.memory!;
    const weights = this.weights!;
    const output = this.output!;
    const rows = Tq * B;

    // dPre (Tq·B, Hq) = dY ⊙ (1 − y²); dW_c += dPreᵀ · joined; dJoined = dPre · W_c
    const dPre = (this.dPre = k.ensure(this.dPre, rows * Hq));
    k.tanhBackward(rows * Hq, dY, output, dPre);
    productTransposedA(k, Hq, J, rows, dPre, 0, this.joined!, 0, this.weightC.grad, 0, 1);
    const dJoined = (this.dJoined = k.ensure(this.dJoined, rows * J));
    product(k, rows, J, Hq, dPre, 0, this.weightC.value, 0, dJoined, 0, 0);

    // dQuery starts as the query's half of dJoined; dMemory from the context: Σ_t a_{t,s} dc_t;
    // dScores (Tq, B, Tm): da_s = dc · m_s, then through the softmax: de_s = a_s (da_s − Σ_s' a_s' da_s').
    // The caller's buffers are written directly when given (every element is overwritten first).
    const dQuery = dQueryOut ?? (this.dQuery = k.ensure(this.dQuery, rows * Hq));
    const dMemory = dMemoryOut ?? (this.dMemory = k.ensure(this.dMemory, Tm * B * Hm));
    const dScores = (this.dScores = k.ensure(this.dScores, rows * Tm));
    k.attentionContextBackward(g, Hm, Hq, weights, memory, dJoined, dQuery, dMemory, dScores);

    if (this.score === 'additive') this.additiveBackward(pass, dScores, dQuery, dMemory);
    else {
      const keys = this.score === 'general' ? this.keys! : memory;
      // dq_t += Σ_s de_{t,s} key_s;  dKeys_s = Σ_t de_{t,s} q_t (dot: the keys are the memory itself)
      const dKeys = this.score === 'general' ? (this.dKeys = k.ensure(this.dKeys, Tm * B * Hq)) : dMemory;
      if (this.score === 'general') dKeys.fill(0, 0, Tm * B * Hq);
      k.attentionScoresBackward(g, Hq, dScores, query, keys, dQuery, dKeys);
      if (this.score === 'general') {
        // keys = memory · W_aᵀ: dW_a += dKeysᵀ · memory; dMemory += dKeys · W_a
        productTransposedA(k, Hq, Hm, Tm * B, dKeys, 0, memory, 0, this.weightA!.grad, 0, 1);
        product(k, Tm * B, Hm, Hq, dKeys, 0, this.weightA!.value, 0, dMemory, 0, 1);
      }
    }
  }

  // e (Tq, B, Tm) = v · tanh(W_q q + W_m m + b_m), keeping the tanh (Tq, B, Tm, A) for backward
  private additiveScores(pass: Pass, scores: FloatArray): void {
    const k = pass.kernels;
    const { Tq, Tm, B, lengths } = this.geometry;
    const Hq = this.querySize;
    const Hm = this.memorySize;
    const A = this.scoreSize;
    const pq = (this.projectedQuery = k.ensure(this.projectedQuery, Tq * B * A));
    productTransposedB(k, Tq * B, A, Hq, this.query!, 0, this.weightQ!.value, 0, pq, 0, 0);
    const pm = (this.projectedMemory = k.ensure(this.projectedMemory, Tm * B * A));
    const bias = this.biasM!.value;
    for (let r = 0; r < Tm * B; r++) pm.set(bias, r * A);
    productTransposedB(k, Tm * B, A, Hm, this.memory!, 0, this.weightM!.value, 0, pm, 0, 1);
    const hidden = (this.hiddenScores = k.ensure(this.hiddenScores, Tq * B * Tm * A));
    const v = this.weightV!.value;
    for (let t = 0; t < Tq; t++)
      for (let b = 0; b < B; b++) {
        const r = t * B + b;
        const n = lengths ? lengths[b] : Tm;
        for (let s = 0; s < n; s++) {
          const u = (r * Tm + s) * A;
          const m = (s * B + b) * A;
          let e = 0;
          for (let j = 0; j < A; j++) {
            const h = Math.tanh(pq[r * A + j] + pm[m + j]);
            hidden[u + j] = h;
            e += v[j] * h;
          }
          scores[r * Tm + s] = e;
        }
      }
  }

  // dv += Σ de·u; dz = de·v ⊙ (1 − u²) summed into dPq (over s) and dPm (over t); then through W_q, W_m
  private additiveBackward(pass: Pass, dScores: FloatArray, dQuery: FloatArray, dMemory: FloatArray): void {
    const k = pass.kernels;
    const { Tq, Tm, B, lengths } = this.geometry;
    const Hq = this.querySize;
    const Hm = this.memorySize;
    const A = this.scoreSize;
    const hidden = this.hiddenScores!;
    const v = this.weightV!.value;
    const dv = this.weightV!.grad;
    const dpq = (this.dProjectedQuery = k.ensure(this.dProjectedQuery, Tq * B * A));
    const dpm = (this.dProjectedMemory = k.ensure(this.dProjectedMemory, Tm * B * A));
    dpq.fill(0, 0, Tq * B * A);
    dpm.fill(0, 0, Tm * B * A);
    for (let t = 0; t < Tq; t++)
      for (let b = 0; b < B; b++) {
        const r = t * B + b;
        const n = lengths ? lengths[b] : Tm;
        for (let s = 0; s < n; s++) {
          const de = dScores[r * Tm + s];
          const u = (r * Tm + s) * A;
          const m = (s * B + b) * A;
          for (let j = 0; j < A; j++) {
            const h = hidden[u + j];
            dv[j] += de * h;
            const dz = de * v[j] * (1 - h * h);
            dpq[r * A + j] += dz;
            dpm[m + j] += dz;
          }
        }
      }
    productTransposedA(k, A, Hq, Tq * B, dpq, 0, this.query!, 0, this.weightQ!.grad, 0, 1);
    product(k, Tq * B, Hq, A, dpq, 0, this.weightQ!.value, 0, dQuery, 0, 1);
    productTransposedA(k, A, Hm, Tm * B, dpm, 0, this.memory!, 0, this.weightM!.grad, 0, 1);
    k.addColumnSums(Tm * B, A, dpm, 0, this.biasM!.grad);
    product(k, Tm * B, Hm, A, dpm, 0, this.weightM!.value, 0, dMemory, 0, 1);
  }
}
