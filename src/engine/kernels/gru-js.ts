/**
 * The GRU layer's forward and backward in TypeScript (what float64 and hosts without WebAssembly SIMD
 * run), with exact Math.exp/Math.tanh. The scheme of ../gru-layer.ts: the input projection of all T
 * steps is one product before the recurrence, the weight gradients of all steps one product after it;
 * only h·W_hhᵀ and its gradient stay inside the time loop.
 *
 * Per step, with a = x·W_ihᵀ + b_ih (b_hr, b_hz folded in) and u = h_{t-1}·W_hhᵀ:
 *   r = σ(a_r + u_r)   z = σ(a_z + u_z)   m = u_n + b_hn   n = tanh(a_n + r ⊙ m)
 *   h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
 * and back, from dh = dLoss/dh_t:
 *   dn = dh ⊙ (1 − z)   da_n = dn ⊙ (1 − n²)   da_r = da_n ⊙ m ⊙ r(1 − r)   da_z = dh ⊙ (h_{t-1} − n) ⊙ z(1 − z)
 *   du = (da_r, da_z, da_n ⊙ r)   dh_{t-1} = dh ⊙ z + du · W_hh
 */

import { sigmoid } from '../activations';
import type { FloatArray } from '../tensor';
import type { GruBackwardBuffers, GruForwardBuffers, GruRecurrence, Kernels } from './kernels';
import { product, productTransposedA, productTransposedB } from './products';
import { clampHiddenStep } from './state-clamp';

export class GruJsRecurrence implements GruRecurrence {
  constructor(readonly kernels: Kernels) {}

  // x (T, B, D) → gates (T, B, 3H), hiddenN (T, B, H), hidden (T+1, B, H) (slot 0 holds h0)
  forward(p: GruForwardBuffers): FloatArray {
    const { B, T, D, H, x, lengths, gates, hiddenN, hidden, recurrent, biasHn } = p;
    const k = this.kernels;
    const G = 3 * H;
    const BH = B * H;
    // gates (T·B, 3H) = input bias, then += x (T·B, D) · W_ihᵀ — the input projection of every step at once.
    for (let r = 0; r < T * B; r++) gates.set(p.inputBias, r * G);
    productTransposedB(k, T * B, G, D, x, 0, p.weightIh, 0, gates, 0, 1);

    const wHh = p.weightHh;
    for (let t = 0; t < T; t++) {
      const aOffset = t * B * G;
      // u (B, 3H) = h_{t-1} (B, H) · W_hhᵀ
      productTransposedB(k, B, G, H, hidden, t * BH, wHh, 0, recurrent, 0, 0);
      for (let b = 0; b < B; b++) {
        const a = aOffset + b * G; // gates row of (t, b)
        const u = b * G; // recurrent row of b
        const prev = t * BH + b * H; // (t-1, b) in the [T+1] buffer = slot t
        const next = prev + BH; // slot t+1
        const m = t * BH + b * H; // (t, b) in hiddenN
        if (lengths !== null && t >= lengths[b]) {
          // Padded step: carry the state, record no gate activity.
          for (let j = 0; j < H; j++) hidden[next + j] = hidden[prev + j];
          hiddenN.fill(0, m, m + H);
          gates.fill(0, a, a + G);
          continue;
        }
        for (let j = 0; j < H; j++) {
          const r = sigmoid(gates[a + j] + recurrent[u + j]);
          const z = sigmoid(gates[a + H + j] + recurrent[u + H + j]);
          const hn = recurrent[u + 2 * H + j] + biasHn[j];
          const n = Math.tanh(gates[a + 2 * H + j] + r * hn);
          gates[a + j] = r;
          gates[a + H + j] = z;
          gates[a + 2 * H + j] = n;
          hiddenN[m + j] = hn;
          hidden[next + j] = (1 - z) * n + z * hidden[prev + j];
        }
      }
      if (p.clamp) clampHiddenStep(p.clamp, B, H, t, lengths, hidden, (t + 1) * BH);
    }
    return x;
  }

  // dOutputs (T, B, H), dh_T (B, H) → dInputGates, dRecurrentGates (T, B, 3H), dW_ih (3H, D), dW_hh (3H, H), db_ih, db_hh (3H) +=, dX (T, B, D)
  backward(p: GruBackwardBuffers): { dh: FloatArray; dhPrev: FloatArray } {
    const { B, T, D, H, lengths, gates, hiddenN, hidden, dOutputs, dInputGates, dRecurrentGates } = p;
    const k = this.kernels;
    const G = 3 * H;
    const BH = B * H;
    let dh = p.dh;
    let dhPrev = p.dhPrev;

    for (let t = T - 1; t >= 0; t--) {
      if (dOutputs) for (let q = 0; q < BH; q++) dh[q] += dOutputs[t * BH + q];
      const aOffset = t * B * G;
      for (let b = 0; b < B; b++) {
        const a = aOffset + b * G;
        const s = b * H;
        if (lengths !== null && t >= lengths[b]) {
          // Padding: dh passes through to step t-1 unchanged, no gate gets a gradient.
          dInputGates.fill(0, a, a + G);
          dRecurrentGates.fill(0, a, a + G);
          for (let j = 0; j < H; j++) dhPrev[s + j] = dh[s + j];
          continue;
        }
        const prev = t * BH + s;
        for (let j = 0; j < H; j++) {
          const r = gates[a + j];
          const z = gates[a + H + j];
          const n = gates[a + 2 * H + j];
          const hn = hiddenN[prev + j];
          const dhj = dh[s + j];
          const dAn = dhj * (1 - z) * (1 - n * n);
          const dAr = dAn * hn * r * (1 - r);
          const dAz = dhj * (hidden[prev + j] - n) * z * (1 - z);
          dInputGates[a + j] = dAr;
          dInputGates[a + H + j] = dAz;
          dInputGates[a + 2 * H + j] = dAn;
          dRecurrentGates[a + j] = dAr;
          dRecurrentGates[a + H + j] = dAz;
          dRecurrentGates[a + 2 * H + j] = dAn * r;
          dhPrev[s + j] = dhj * z;
        }
      }
      // dh_{t-1} (B, H) += du_t (B, 3H) · W_hh (3H, H) — zero rows for sequences padded at t.
      product(k, B, H, G, dRecurrentGates, aOffset, p.weightHh, 0, dhPrev, 0, 1);
      const swap = dh;
      dh = dhPrev;
      dhPrev = swap;
    }

    // Weight gradients of all steps at once: dW_ih (3H, D) += daᵀ (3H, T·B) · x (T·B, D);
    // dW_hh (3H, H) += duᵀ · h_{t-1} (T·B, H) — hidden slots 0…T-1 are exactly the h_{t-1}.
    const rows = T * B;
    productTransposedA(k, G, D, rows, dInputGates, 0, p.x, 0, p.gradIh, 0, 1);
    productTransposedA(k, G, H, rows, dRecurrentGates, 0, hidden, 0, p.gradHh, 0, 1);
    k.addColumnSums(rows, G, dInputGates, 0, p.gradBiasIh);
    k.addColumnSums(rows, G, dRecurrentGates, 0, p.gradBiasHh);
    // dX (T·B, D) = da (T·B, 3H) · W_ih (3H, D)
    if (p.dInput) product(k, rows, D, G, dInputGates, 0, p.weightIh, 0, p.dInput, 0, 0);
    return { dh, dhPrev };
  }
}
