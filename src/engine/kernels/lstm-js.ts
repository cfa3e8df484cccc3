/**
 * The LSTM layer's forward and backward in TypeScript (what float64 and hosts without WebAssembly SIMD
 * run), with exact Math.exp/Math.tanh. The scheme of ../lstm-layer.ts: the input projection of all T
 * steps is one product before the recurrence, the weight gradients of all steps one product after it;
 * only h·W_hhᵀ and its gradient stay inside the time loop.
 */

import { sigmoid } from '../activations';
import type { FloatArray } from '../tensor';
import type {
  Kernels,
  LstmBackwardBuffers,
  LstmForwardBuffers,
  LstmProjectionBackward,
  LstmProjectionForward,
  LstmRecurrence,
} from './kernels';
import { product, productTransposedA, productTransposedB } from './products';
import { clampCellStep, clampHiddenStep } from './state-clamp';

export class LstmJsRecurrence implements LstmRecurrence {
  /** Always reads x itself (float64 passes keep the row products, so their sums stay as they were). */
  readonly takesEmbeddedInput = false;

  constructor(readonly kernels: Kernels) {}

  // x (T, B, D) → gates (T, B, 4H), cells and hidden (T+1, B, H) (slot 0 holds c0, h0), tanhCells (T, B, H)
  forward(p: LstmForwardBuffers): FloatArray {
    if (p.projection) return this.forwardProjected(p, p.projection);
    const { B, T, D, H, x, lengths, gates, cells, hidden, tanhCells } = p;
    const k = this.kernels;
    const G = 4 * H;
    const BH = B * H;
    // gates (T·B, 4H) = bias, then += x (T·B, D) · W_ihᵀ — the input projection of every step at once.
    for (let r = 0; r < T * B; r++) gates.set(p.bias, r * G);
    productTransposedB(k, T * B, G, D, x, 0, p.weightIh, 0, gates, 0, 1);

    const wHh = p.weightHh;
    for (let t = 0; t < T; t++) {
      const zOffset = t * B * G;
      // z_t (B, 4H) += h_{t-1} (B, H) · W_hhᵀ
      productTransposedB(k, B, G, H, hidden, t * BH, wHh, 0, gates, zOffset, 1);
      for (let b = 0; b < B; b++) {
        const z = zOffset + b * G; // gates row of (t, b)
        const prev = t * BH + b * H; // (t-1, b) in the [T+1] buffers = slot t
        const next = prev + BH; // slot t+1
        const tc = t * BH + b * H; // (t, b) in tanhCells
        if (lengths !== null && t >= lengths[b]) {
          // Padded step: carry the state, record no gate activity.
          for (let j = 0; j < H; j++) {
            cells[next + j] = cells[prev + j];
            hidden[next + j] = hidden[prev + j];
            tanhCells[tc + j] = 0;
          }
          gates.fill(0, z, z + G);
          continue;
        }
        for (let j = 0; j < H; j++) {
          const i = sigmoid(gates[z + j]);
          const f = sigmoid(gates[z + H + j]);
          const g = Math.tanh(gates[z + 2 * H + j]);
          const o = sigmoid(gates[z + 3 * H + j]);
          gates[z + j] = i;
          gates[z + H + j] = f;
          gates[z + 2 * H + j] = g;
          gates[z + 3 * H + j] = o;
          const c = f * cells[prev + j] + i * g;
          cells[next + j] = c;
          const tanhC = Math.tanh(c);
          tanhCells[tc + j] = tanhC;
          hidden[next + j] = o * tanhC;
        }
      }
      const clamp = p.clamp;
      if (clamp?.signal === 'c')
        clampCellStep(clamp, B, H, t, lengths, gates, zOffset, cells, tanhCells, t * BH, hidden, (t + 1) * BH);
      else if (clamp) clampHiddenStep(clamp, B, H, t, lengths, hidden, (t + 1) * BH);
    }
    return x;
  }

  // dOutputs (T, B, H), dh_T and dc_T (B, H) → dz (T, B, 4H), dW_ih (4H, D), dW_hh (4H, H), db (4H) +=, dX (T, B, D)
  backward(p: LstmBackwardBuffers): { dh: FloatArray; dhPrev: FloatArray } {
    if (p.projection) return this.backwardProjected(p, p.projection);
    const { B, T, D, H, lengths, gates, cells, hidden, tanhCells, dOutputs, dz, dc } = p;
    const k = this.kernels;
    const G = 4 * H;
    const BH = B * H;
    const wHh = p.weightHh;
    let dh = p.dh;
    let dhPrev = p.dhPrev;

    for (let t = T - 1; t >= 0; t--) {
      if (dOutputs) for (let n = 0; n < BH; n++) dh[n] += dOutputs[t * BH + n];
      const zOffset = t * B * G;
      for (let b = 0; b < B; b++) {
        const z = zOffset + b * G;
        const s = b * H;
        if (lengths !== null && t >= lengths[b]) {
          dz.fill(0, z, z + G); // dh and dc pass through to step t-1 unchanged
          continue;
        }
        const prevCell = t * BH + s;
        const tc = t * BH + s;
        for (let j = 0; j < H; j++) {
          const i = gates[z + j];
          const f = gates[z + H + j];
          const g = gates[z + 2 * H + j];
          const o = gates[z + 3 * H + j];
          const tanhC = tanhCells[tc + j];
          const dhj = dh[s + j];
          const dcj = dc[s + j] + dhj * o * (1 - tanhC * tanhC);
          dz[z + j] = dcj * g * i * (1 - i);
          dz[z + H + j] = dcj * cells[prevCell + j] * f * (1 - f);
          dz[z + 2 * H + j] = dcj * i * (1 - g * g);
          dz[z + 3 * H + j] = dhj * tanhC * o * (1 - o);
          dc[s + j] = dcj * f; // becomes dc_{t-1}
        }
      }
      // dh_{t-1} (B, H) = dz_t (B, 4H) · W_hh (4H, H), plus the carried dh of sequences padded at t.
      product(k, B, H, G, dz, zOffset, wHh, 0, dhPrev, 0, 0);
      if (lengths !== null) {
        for (let b = 0; b < B; b++) {
          if (t >= lengths[b]) for (let j = b * H; j < (b + 1) * H; j++) dhPrev[j] += dh[j];
        }
      }
      const swap = dh;
      dh = dhPrev;
      dhPrev = swap;
    }

    // Weight gradients of all steps at once: dW_ih (4H, D) += dzᵀ (4H, T·B) · x (T·B, D);
    // dW_hh (4H, H) += dzᵀ · h_{t-1} (T·B, H) — hidden slots 0…T-1 are exactly the h_{t-1}.
    const rows = T * B;
    productTransposedA(k, G, D, rows, dz, 0, p.x, 0, p.gradIh, 0, 1);
    productTransposedA(k, G, H, rows, dz, 0, hidden, 0, p.gradHh, 0, 1);
    k.addColumnSums(rows, G, dz, 0, p.gradBiasIh);
    k.addColumnSums(rows, G, dz, 0, p.gradBiasHh);
    // dX (T·B, D) = dz (T·B, 4H) · W_ih (4H, D)
    if (p.dInput) product(k, rows, D, G, dz, 0, p.weightIh, 0, p.dInput, 0, 0);
    return { dh, dhPrev };
  }

  // x (T, B, D) → gates (T, B, 4H), cells (T+1, B, H), m (T+1, B, H), hidden (T+1, B, P) (slot 0 holds c0, h0),
  // tanhCells (T, B, H); h_t = m_t · W_hrᵀ with m_t = o_t ⊙ tanh(c_t)
  private forwardProjected(p: LstmForwardBuffers, projection: LstmProjectionForward): FloatArray {
    const { B, T, D, H, x, lengths, gates, cells, hidden, tanhCells } = p;
    const { P, weightHr, unprojected } = projection;
    const k = this.kernels;
    const G = 4 * H;
    const BH = B * H;
    const BP = B * P;
    for (let r = 0; r < T * B; r++) gates.set(p.bias, r * G);
    productTransposedB(k, T * B, G, D, x, 0, p.weightIh, 0, gates, 0, 1);
    unprojected.fill(0, 0, BH);

    const wHh = p.weightHh;
    for (let t = 0; t < T; t++) {
      const zOffset = t * B * G;
      // z_t (B, 4H) += h_{t-1} (B, P) · W_hhᵀ
      productTransposedB(k, B, G, P, hidden, t * BP, wHh, 0, gates, zOffset, 1);
      for (let b = 0; b < B; b++) {
        const z = zOffset + b * G;
        const prev = t * BH + b * H; // slot t of cells and m
        const next = prev + BH; // slot t+1
        const tc = t * BH + b * H;
        if (lengths !== null && t >= lengths[b]) {
          // Padded step: carry c (h is carried after the projection), record no gate activity.
          for (let j = 0; j < H; j++) {
            cells[next + j] = cells[prev + j];
            unprojected[next + j] = 0;
            tanhCells[tc + j] = 0;
          }
          gates.fill(0, z, z + G);
          continue;
        }
        for (let j = 0; j < H; j++) {
          const i = sigmoid(gates[z + j]);
          const f = sigmoid(gates[z + H + j]);
          const g = Math.tanh(gates[z + 2 * H + j]);
          const o = sigmoid(gates[z + 3 * H + j]);
          gates[z + j] = i;
          gates[z + H + j] = f;
          gates[z + 2 * H + j] = g;
          gates[z + 3 * H + j] = o;
          const c = f * cells[prev + j] + i * g;
          cells[next + j] = c;
          const tanhC = Math.tanh(c);
          tanhCells[tc + j] = tanhC;
          unprojected[next + j] = o * tanhC;
        }
      }
      const clamp = p.clamp;
      if (clamp?.signal === 'c')
        clampCellStep(clamp, B, H, t, lengths, gates, zOffset, cells, tanhCells, t * BH, unprojected, (t + 1) * BH);
      // h_t (B, P) = m_t (B, H) · W_hrᵀ, then padded sequences carry h_{t-1}
      productTransposedB(k, B, P, H, unprojected, (t + 1) * BH, weightHr, 0, hidden, (t + 1) * BP, 0);
      if (lengths !== null) carryPaddedRows(hidden, t * BP, (t + 1) * BP, lengths, t, B, P);
      if (clamp?.signal === 'h') clampHiddenStep(clamp, B, P, t, lengths, hidden, (t + 1) * BP);
    }
    return x;
  }

  // dOutputs (T, B, P), dh_T (B, P) and dc_T (B, H) → dz (T, B, 4H), dh_t (T, B, P), dW_ih (4H, D), dW_hh (4H, P),
  // dW_hr (P, H), db (4H) +=, dX (T, B, D)
  private backwardProjected(
    p: LstmBackwardBuffers,
    projection: LstmProjectionBackward,
  ): { dh: FloatArray; dhPrev: FloatArray } {
    const { B, T, D, H, lengths, gates, cells, hidden, tanhCells, dOutputs, dz, dc } = p;
    const { P, weightHr, unprojected, dUnprojected: dm, dProjected } = projection;
    const k = this.kernels;
    const G = 4 * H;
    const BH = B * H;
    const BP = B * P;
    const wHh = p.weightHh;
    let dh = p.dh;
    let dhPrev = p.dhPrev;

    for (let t = T - 1; t >= 0; t--) {
      if (dOutputs) for (let n = 0; n < BP; n++) dh[n] += dOutputs[t * BP + n];
      // dLoss/dh_t, kept for dW_hr (zero where the step is padding: its h is not W_hr·m_t)
      dProjected.set(dh.subarray(0, BP), t * BP);
      if (lengths !== null) zeroPaddedRows(dProjected, t * BP, lengths, t, B, P);
      // dm_t (B, H) = dh_t (B, P) · W_hr (P, H)
      product(k, B, H, P, dh, 0, weightHr, 0, dm, 0, 0);
      const zOffset = t * B * G;
      for (let b = 0; b < B; b++) {
        const z = zOffset + b * G;
        const s = b * H;
        if (lengths !== null && t >= lengths[b]) {
          dz.fill(0, z, z + G); // dh and dc pass through to step t-1 unchanged
          continue;
        }
        const prevCell = t * BH + s;
        const tc = t * BH + s;
        for (let j = 0; j < H; j++) {
          const i = gates[z + j];
          const f = gates[z + H + j];
          const g = gates[z + 2 * H + j];
          const o = gates[z + 3 * H + j];
          const tanhC = tanhCells[tc + j];
          const dmj = dm[s + j];
          const dcj = dc[s + j] + dmj * o * (1 - tanhC * tanhC);
          dz[z + j] = dcj * g * i * (1 - i);
          dz[z + H + j] = dcj * cells[prevCell + j] * f * (1 - f);
          dz[z + 2 * H + j] = dcj * i * (1 - g * g);
          dz[z + 3 * H + j] = dmj * tanhC * o * (1 - o);
          dc[s + j] = dcj * f;
        }
      }
      // dh_{t-1} (B, P) = dz_t (B, 4H) · W_hh (4H, P), plus the carried dh of sequences padded at t.
      product(k, B, P, G, dz, zOffset, wHh, 0, dhPrev, 0, 0);
      if (lengths !== null) {
        for (let b = 0; b < B; b++) {
          if (t >= lengths[b]) for (let j = b * P; j < (b + 1) * P; j++) dhPrev[j] += dh[j];
        }
      }
      const swap = dh;
      dh = dhPrev;
      dhPrev = swap;
    }

    // Weight gradients of all steps at once: dW_ih (4H, D) += dzᵀ · x; dW_hh (4H, P) += dzᵀ · h_{t-1}
    // (hidden slots 0…T-1); dW_hr (P, H) += dhᵀ (P, T·B) · m (T·B, H) (m slots 1…T).
    const rows = T * B;
    productTransposedA(k, G, D, rows, dz, 0, p.x, 0, p.gradIh, 0, 1);
    productTransposedA(k, G, P, rows, dz, 0, hidden, 0, p.gradHh, 0, 1);
    productTransposedA(k, P, H, rows, dProjected, 0, unprojected, BH, projection.gradHr, 0, 1);
    k.addColumnSums(rows, G, dz, 0, p.gradBiasIh);
    k.addColumnSums(rows, G, dz, 0, p.gradBiasHh);
    if (p.dInput) product(k, rows, D, G, dz, 0, p.weightIh, 0, p.dInput, 0, 0);
    return { dh, dhPrev };
  }
}

/** Rows (B, width) at `next` of the sequences padded at step t take the rows at `prev` (the carried state). */
export function carryPaddedRows(
  states: FloatArray,
  prev: number,
  next: number,
  lengths: Int32Array,
  t: number,
  B: number,
  width: number,
): void {
  for (let b = 0; b < B; b++) {
    if (t < lengths[b]) continue;
    const row = b * width;
    states.copyWithin(next + row, prev + row, prev + row + width);
  }
}

/** Rows (B, width) at `offset` of the sequences padded at step t become zero. */
export function zeroPaddedRows(
  values: FloatArray,
  offset: number,
  lengths: Int32Array,
  t: number,
  B: number,
  width: number,
): void {
  for (let b = 0; b < B; b++) {
    if (t >= lengths[b]) values.fill(0, offset + b * width, offset + (b + 1) * width);
  }
}
