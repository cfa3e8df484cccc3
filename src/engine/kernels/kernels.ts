/**
 * The kernel interface: every product, reduction, workspace and LSTM recurrence a forward or backward
 * pass runs, behind one object. A pass asks for its kernels once, at its start (`kernelsFor(dtype)` in
 * choose.ts: WebAssembly or TypeScript for float32, always TypeScript for float64), and hands them to
 * every module it runs; no layer reads the backend choice itself, and a backward runs on the kernels its
 * forward ran on. Two implementations: js-kernels.ts (TypeScript) and wasm-kernels.ts (WebAssembly SIMD).
 *
 * A new kernel (a GRU step, attention scores) is a new method here, implemented by both; a module that
 * only needs products and workspaces uses `gemm`, `addColumnSums` and `ensure` and works on both as is.
 */

import type { DType, FloatArray } from '../tensor';
import type { StateClamp } from './state-clamp';

export interface Kernels {
  /** Which implementation runs: 'js' (TypeScript loops) or 'wasm' (WebAssembly SIMD). */
  readonly name: 'js' | 'wasm';
  /** The element type every workspace of these kernels has. */
  readonly dtype: DType;

  /**
   * A workspace of at least `length` elements: `buffer` itself when it is large enough and these kernels
   * can use it in place (on WebAssembly: an arena view), else a larger one (the old one is released, so
   * no view of it may be kept). Grows by half, so steady-state passes allocate nothing.
   */
  ensure<T extends FloatArray>(buffer: T | null, length: number): T;

  // C (M,N) = beta*C + A (M,K) · B (K,N), A at a[aOffset + m*aRowStride + k*aColStride],
  // B at b[bOffset + k*bRowStride + n*bColStride], C at c[cOffset + m*ldc + n] (see products.ts)
  gemm(
    M: number,
    N: number,
    K: number,
    a: FloatArray,
    aOffset: number,
    aRowStride: number,
    aColStride: number,
    b: FloatArray,
    bOffset: number,
    bRowStride: number,
    bColStride: number,
    c: FloatArray,
    cOffset: number,
    ldc: number,
    beta: 0 | 1,
  ): void;

  // out (N) += Σ_rows dY (rows, N), dY read from dyOffset — bias gradients, summed in float64 (over T·B
  // rows a float32 running sum would lose digits) and rounded once into `out`
  addColumnSums(rows: number, N: number, dy: FloatArray, dyOffset: number, out: FloatArray): void;

  /**
   * The recurrence of one LSTM layer of input width D and H units, with a projection to P features when
   * P > 0 (`proj_size`). The kernel may keep per-layer state (WebAssembly keeps staged weight copies), so
   * a layer asks once and keeps it while the kernels stay the same.
   */
  lstmRecurrence(D: number, H: number, P?: number): LstmRecurrence;

  /** The recurrence of one GRU layer of input width D and H units (kept by the layer, like lstmRecurrence). */
  gruRecurrence(D: number, H: number): GruRecurrence;

  // Attention's per-(t, b, s) work (../attention.ts) over every decoder step at once. Sequences are
  // time-major; only source positions s < lengths[b] take part (all Tm when lengths is null).

  // scores (Tq, B, Tm) ← query (Tq, B, H) · keys (Tm, B, H) per (t, b, s); entries past a length untouched
  attentionScores(g: AttentionGeometry, H: number, query: FloatArray, keys: FloatArray, scores: FloatArray): void;

  // weights (Tq, B, Tm) ← softmax of the scores in place (0 past a length);
  // joined (Tq, B, Hm + Hq) ← [Σ_s a_s m_s ; query], memory (Tm, B, Hm), query (Tq, B, Hq)
  attentionSoftmaxContext(
    g: AttentionGeometry,
    Hm: number,
    Hq: number,
    weights: FloatArray,
    memory: FloatArray,
    query: FloatArray,
    joined: FloatArray,
  ): void;

  // dJoined (Tq, B, Hm + Hq) → dQuery (Tq, B, Hq) = its query half; dMemory (Tm, B, Hm) = Σ_t a_{t,s} dc_t
  // (overwritten); dScores (Tq, B, Tm) = a_s (da_s − Σ_s' a_s' da_s'), da_s = dc · m_s (0 past a length)
  attentionContextBackward(
    g: AttentionGeometry,
    Hm: number,
    Hq: number,
    weights: FloatArray,
    memory: FloatArray,
    dJoined: FloatArray,
    dQuery: FloatArray,
    dMemory: FloatArray,
    dScores: FloatArray,
  ): void;

  // dQuery (Tq, B, H) += Σ_s de_{t,s} keys_s; dKeys (Tm, B, H) += Σ_t de_{t,s} query_t
  attentionScoresBackward(
    g: AttentionGeometry,
    H: number,
    dScores: FloatArray,
    query: FloatArray,
    keys: FloatArray,
    dQuery: FloatArray,
    dKeys: FloatArray,
  ): void;

  // x (n) ← tanh(x), in place
  tanhInPlace(n: number, x: FloatArray): void;

  // dx (n) = dy ⊙ (1 − y²): the gradient through y = tanh(·)
  tanhBackward(n: number, dy: FloatArray, y: FloatArray, dx: FloatArray): void;
}

/** The geometry of one attention pass: decoder steps Tq, source steps Tm, sequences B, source lengths `[B]`. */
export interface AttentionGeometry {
  Tq: number;
  Tm: number;
  B: number;
  lengths: Int32Array | null;
}

/** One LSTM layer's forward and backward over whole sequences (the scheme of ../lstm-layer.ts). */
export interface LstmRecurrence {
  readonly kernels: Kernels;
  /** True when forward and backward take `embedded` (an input that is rows of an embedding table). */
  readonly takesEmbeddedInput: boolean;
  /**
   * Fills gates, cells, hidden and tanhCells from x; slot 0 of cells and hidden already holds c0 and h0.
   * Returns the input as backward must read it (x itself, or its copy in kernel memory).
   */
  forward(p: LstmForwardBuffers): FloatArray;
  /** BPTT over the last forward; returns the buffers that hold dh_0 (`dh`) and the spare (`dhPrev`), which swap every step. */
  backward(p: LstmBackwardBuffers): { dh: FloatArray; dhPrev: FloatArray };
}

/** Buffers of one layer's forward; all sequence buffers are workspaces from the same kernels' `ensure`. */
export interface LstmForwardBuffers {
  B: number;
  T: number;
  D: number;
  H: number;
  /** x `[T, B, D]`. */
  x: FloatArray;
  /** W_ih `[4H, D]`, W_hh `[4H, H]` as PyTorch stores them. */
  weightIh: FloatArray;
  weightHh: FloatArray;
  /** b_ih + b_hh `[4H]`. */
  bias: FloatArray;
  /** Real length of each sequence `[B]`, or null for all T. */
  lengths: Int32Array | null;
  /** gates `[T, B, 4H]` (i, f, g, o after their nonlinearity), cells and hidden `[T+1, B, H]`, tanhCells `[T, B, H]`. */
  gates: FloatArray;
  cells: FloatArray;
  hidden: FloatArray;
  tanhCells: FloatArray;
  /** A projected layer's extra buffers (then hidden is `[T+1, B, P]` and W_hh `[4H, P]`); absent without. */
  projection?: LstmProjectionForward;
  /** x is rows of an embedding table (only when the recurrence `takesEmbeddedInput`); absent otherwise. */
  embedded?: EmbeddedInput;
  /** Ablation: units of h or c held at given values after every real step (state-clamp.ts); inference only. */
  clamp?: StateClamp;
}

/**
 * The input of a layer that reads an embedding directly: x[r] = table[ids[r]] for each of the T·B rows. With
 * a vocabulary smaller than T·B the input side of the layer is cheaper per token than per row: forward
 * projects the V table rows once, (V, 4H) = table · W_ihᵀ, and gathers a row per input row; backward sums
 * the gate gradients per token, tokenGrads (V, 4H) = Σ_{r: ids[r] = v} dz_r, so dW_ih = tokenGradsᵀ · table
 * and the table's gradient tokenGrads · W_ih are products over V rows instead of T·B (the same sums,
 * grouped by token). The layer then writes no dX: the table's gradient is the embedding's.
 */
export interface EmbeddedInput {
  /** Token ids `[T·B]`, time-major (row t·B + b), each in 0…V−1. */
  ids: Int32Array;
  /** The embedding table `[V, D]` and its gradient (`+=`; the padding row gets none, as the embedding's own backward). */
  table: FloatArray;
  tableGrad: FloatArray;
  vocabSize: number;
  paddingIdx: number;
}

/**
 * A projected LSTM (`proj_size` P): m_t = o_t ⊙ tanh(c_t) `[B, H]`, h_t = m_t · W_hrᵀ `[B, P]`; the
 * recurrent product reads the P-wide h.
 */
export interface LstmProjectionForward {
  P: number;
  /** W_hr `[P, H]` as PyTorch stores it. */
  weightHr: FloatArray;
  /** m `[T+1, B, H]`: slot t+1 is m after step t (slot 0 is scratch, zero). */
  unprojected: FloatArray;
}

/** A projected layer's backward buffers, over the forward's. */
export interface LstmProjectionBackward extends LstmProjectionForward {
  /** Workspaces: dm `[B, H]`; dLoss/dh_t of every step `[T, B, P]` (zero at padded steps). */
  dUnprojected: FloatArray;
  dProjected: FloatArray;
  /** dW_hr `[P, H]` to accumulate into (`+=`). */
  gradHr: FloatArray;
}

/** Buffers of one layer's backward, over the caches its forward filled. */
export interface LstmBackwardBuffers {
  B: number;
  T: number;
  D: number;
  H: number;
  /** x `[T, B, D]` as forward returned it. */
  x: FloatArray;
  weightIh: FloatArray;
  weightHh: FloatArray;
  lengths: Int32Array | null;
  gates: FloatArray;
  cells: FloatArray;
  hidden: FloatArray;
  tanhCells: FloatArray;
  /** dLoss/dh_t `[T, B, H]` for every step, or null. */
  dOutputs: FloatArray | null;
  /** Workspaces: dz `[T, B, 4H]`; dh, dc, dhPrev `[B, H]` (dh and dc already hold dh_T, dc_T). */
  dz: FloatArray;
  dh: FloatArray;
  dc: FloatArray;
  dhPrev: FloatArray;
  /** Parameter gradients to accumulate into (`+=`). */
  gradIh: FloatArray;
  gradHh: FloatArray;
  gradBiasIh: FloatArray;
  gradBiasHh: FloatArray;
  /** dX `[T, B, D]`, or null when nobody needs it. */
  dInput: FloatArray | null;
  /** A projected layer's buffers (then dOutputs, dh and dhPrev are P wide); absent without. */
  projection?: LstmProjectionBackward;
  /** The forward's embedded input: the table's gradient is accumulated instead of dInput (then null). */
  embedded?: EmbeddedInput;
}

/** One GRU layer's forward and backward over whole sequences (the scheme of ../gru-layer.ts). */
export interface GruRecurrence {
  readonly kernels: Kernels;
  /**
   * Fills gates, hiddenN and hidden from x; slot 0 of hidden already holds h0. Returns the input as
   * backward must read it (x itself, or its copy in kernel memory).
   */
  forward(p: GruForwardBuffers): FloatArray;
  /** BPTT over the last forward; returns the buffers that hold dh_0 (`dh`) and the spare (`dhPrev`), which swap every step. */
  backward(p: GruBackwardBuffers): { dh: FloatArray; dhPrev: FloatArray };
}

/** Buffers of one GRU layer's forward; all sequence buffers are workspaces from the same kernels' `ensure`. */
export interface GruForwardBuffers {
  B: number;
  T: number;
  D: number;
  H: number;
  /** x `[T, B, D]`. */
  x: FloatArray;
  /** W_ih `[3H, D]`, W_hh `[3H, H]` as PyTorch stores them (gate blocks r, z, n). */
  weightIh: FloatArray;
  weightHh: FloatArray;
  /** The bias of the input projection `[3H]`: b_ir + b_hr, b_iz + b_hz, b_in (b_hn cannot be folded in). */
  inputBias: FloatArray;
  /** b_hn `[H]`, added to W_hn·h inside r ⊙ (…). */
  biasHn: FloatArray;
  /** Real length of each sequence `[B]`, or null for all T. */
  lengths: Int32Array | null;
  /** gates `[T, B, 3H]` (r, z, n after their nonlinearity), hiddenN `[T, B, H]` (W_hn·h_{t-1} + b_hn), hidden `[T+1, B, H]`. */
  gates: FloatArray;
  hiddenN: FloatArray;
  hidden: FloatArray;
  /** Scratch for one step's recurrent product h_{t-1}·W_hhᵀ `[B, 3H]`. */
  recurrent: FloatArray;
  /** Ablation: units of h held at given values after every real step (state-clamp.ts; signal 'h' only); inference only. */
  clamp?: StateClamp;
}

/** Buffers of one GRU layer's backward, over the caches its forward filled. */
export interface GruBackwardBuffers {
  B: number;
  T: number;
  D: number;
  H: number;
  /** x `[T, B, D]` as forward returned it. */
  x: FloatArray;
  weightIh: FloatArray;
  weightHh: FloatArray;
  lengths: Int32Array | null;
  gates: FloatArray;
  hiddenN: FloatArray;
  hidden: FloatArray;
  /** dLoss/dh_t `[T, B, H]` for every step, or null. */
  dOutputs: FloatArray | null;
  /**
   * Workspaces: dInputGates `[T, B, 3H]` (dLoss/d of x·W_ihᵀ + b_ih per gate block), dRecurrentGates
   * `[T, B, 3H]` (dLoss/d of h·W_hhᵀ + b_hh; equal to it in the r and z blocks, r ⊙ that in the n block);
   * dh, dhPrev `[B, H]` (dh already holds dh_T).
   */
  dInputGates: FloatArray;
  dRecurrentGates: FloatArray;
  dh: FloatArray;
  dhPrev: FloatArray;
  /** Parameter gradients to accumulate into (`+=`). */
  gradIh: FloatArray;
  gradHh: FloatArray;
  gradBiasIh: FloatArray;
  gradBiasHh: FloatArray;
  /** dX `[T, B, D]`, or null when nobody needs it. */
  dInput: FloatArray | null;
}
