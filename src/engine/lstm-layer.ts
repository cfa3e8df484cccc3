/**
 * One LSTM layer with PyTorch's parameterisation (`nn.LSTM` layer k):
 *
 *   z_t = x_t · W_ihᵀ + b_ih + h_{t-1} · W_hhᵀ + b_hh        W_ih [4H, D], W_hh [4H, H], b_* [4H]
 *   i = σ(z[0:H])   f = σ(z[H:2H])   g = tanh(z[2H:3H])   o = σ(z[3H:4H])      (gate order i, f, g, o)
 *   c_t = f ⊙ c_{t-1} + i ⊙ g          h_t = o ⊙ tanh(c_t)
 *
 * Internally every sequence buffer is time-major `[T, B, ·]`, so the state of all sequences at one step
 * is one contiguous `[B, H]` matrix and the recurrent product is a single small matmul per step.
 * The input projection for all T steps is one large matmul before the recurrence, and in backward the
 * weight gradients of all T steps are one large matmul after it (cuDNN's scheme): only `h·W_hhᵀ` and
 * its gradient stay inside the time loop.
 *
 * Padding: a sequence of length L < T is right-padded. At its padded steps the state is carried
 * unchanged (h_t = h_{t-1}, c_t = c_{t-1}) and the gates are zero, so h at step T-1 is h at step L-1 and
 * padded steps contribute nothing to any gradient.
 *
 * Two implementations of the same scheme: float32 runs on the WebAssembly SIMD kernels when they are
 * active (kernels/lstm-wasm.ts), otherwise — and always for float64 — on the TypeScript loops below, with
 * exact Math.exp/Math.tanh. A backward uses whichever implementation its forward used.
 */

import { sigmoid } from './activations';
import { activeWasmKernels } from './kernels/backend';
import { LstmWasmWorkspace, lstmBackwardWasm, lstmForwardWasm } from './kernels/lstm-wasm';
import { addColumnSums, matmul, matmulTransposedA, matmulTransposedB } from './matmul';
import { createParameter, ensureCapacity, type DType, type FloatArray, type Parameter } from './tensor';

export class LstmLayer {
  readonly weightIh: Parameter;
  readonly weightHh: Parameter;
  readonly biasIh: Parameter;
  readonly biasHh: Parameter;

  // Forward caches, exactly what backward needs (time-major):
  /** Gate activations `[T, B, 4H]`: i, f, g, o after their nonlinearity (zero at padded steps). */
  private gates: FloatArray | null = null;
  /** Cell states `[T+1, B, H]`: slot 0 is c0, slot t+1 is c after step t. */
  private cells: FloatArray | null = null;
  /** Hidden states `[T+1, B, H]`: slot 0 is h0, slot t+1 is h after step t (this is the layer's output). */
  private hidden: FloatArray | null = null;
  /** tanh(c_t) `[T, B, H]`. */
  private tanhCells: FloatArray | null = null;
  /** Combined bias b_ih + b_hh `[4H]`, refreshed every forward. */
  private biasSum: FloatArray;
  private input: FloatArray | null = null;
  private lengths: Int32Array | null = null;
  private steps = 0;
  private batchSize = 0;

  // Backward scratch:
  private gateGrads: FloatArray | null = null; // dz `[T, B, 4H]`
  private dh: FloatArray;
  private dc: FloatArray;
  private dhPrev: FloatArray;
  /** The WebAssembly pass's arena copies (weights, lengths), made on first use; null while on TypeScript. */
  private wasmWorkspace: LstmWasmWorkspace | null = null;
  /** Whether the last forward ran on WebAssembly (its backward must too). */
  private forwardOnWasm = false;

  constructor(
    readonly layerIndex: number,
    readonly inputSize: number,
    readonly hiddenSize: number,
    readonly dtype: DType,
  ) {
    const H = hiddenSize;
    this.weightIh = createParameter(`lstm.weight_ih_l${layerIndex}`, [4 * H, inputSize], dtype);
    this.weightHh = createParameter(`lstm.weight_hh_l${layerIndex}`, [4 * H, H], dtype);
    this.biasIh = createParameter(`lstm.bias_ih_l${layerIndex}`, [4 * H], dtype);
    this.biasHh = createParameter(`lstm.bias_hh_l${layerIndex}`, [4 * H], dtype);
    this.biasSum = ensureCapacity(null, 4 * H, dtype);
    this.dh = ensureCapacity(null, 0, dtype);
    this.dc = ensureCapacity(null, 0, dtype);
    this.dhPrev = ensureCapacity(null, 0, dtype);
  }

  parameters(): Parameter[] {
    return [this.weightIh, this.weightHh, this.biasIh, this.biasHh];
  }

  /**
   * x `[T, B, D]` time-major (kept by reference until backward), h0/c0 `[B, H]` or null for zeros,
   * lengths `[B]` or null for all T. Returns the hidden-state buffer `[T+1, B, H]`: outputs start at
   * offset B·H; h_n is the last slot.
   */
  forward(x: FloatArray, T: number, B: number, lengths: Int32Array | null, h0: FloatArray | null, c0: FloatArray | null): FloatArray {
    const H = this.hiddenSize;
    const G = 4 * H;
    const D = this.inputSize;
    this.input = x;
    this.lengths = lengths;
    this.steps = T;
    this.batchSize = B;
    const ws = this.workspaceForPass();
    this.forwardOnWasm = ws !== null;
    const ensure = this.ensureFor(ws);
    const gates = (this.gates = ensure(this.gates, T * B * G));
    const cells = (this.cells = ensure(this.cells, (T + 1) * B * H));
    const hidden = (this.hidden = ensure(this.hidden, (T + 1) * B * H));
    const tanhCells = (this.tanhCells = ensure(this.tanhCells, T * B * H));
    const BH = B * H;
    if (h0) hidden.set(h0.subarray(0, BH), 0);
    else hidden.fill(0, 0, BH);
    if (c0) cells.set(c0.subarray(0, BH), 0);
    else cells.fill(0, 0, BH);
    const bias = this.biasSum;
    const bIh = this.biasIh.value;
    const bHh = this.biasHh.value;
    for (let j = 0; j < G; j++) bias[j] = bIh[j] + bHh[j];

    if (ws !== null) {
      const xArena = ws.inArena(x as Float32Array, T * B * D, 'inputCopy');
      this.input = xArena;
      lstmForwardWasm(ws, {
        T, B, D, H, x: xArena, weightIh: this.weightIh.value as Float32Array, weightHh: this.weightHh.value as Float32Array,
        bias: bias as Float32Array, lengths,
        gates: gates as Float32Array, cells: cells as Float32Array, hidden: hidden as Float32Array, tanhCells: tanhCells as Float32Array,
      });
      return hidden;
    }

    // gates (T·B, 4H) = bias, then += x (T·B, D) · W_ihᵀ — the input projection of every step at once.
    for (let r = 0; r < T * B; r++) gates.set(bias, r * G);
    matmulTransposedB(T * B, G, D, x, 0, this.weightIh.value, 0, gates, 0, 1);

    const wHh = this.weightHh.value;
    for (let t = 0; t < T; t++) {
      const zOffset = t * B * G;
      // z_t (B, 4H) += h_{t-1} (B, H) · W_hhᵀ
      matmulTransposedB(B, G, H, hidden, t * BH, wHh, 0, gates, zOffset, 1);
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
    }
    return hidden;
  }

  /**
   * Backpropagation through time over the last forward.
   * dOutputs `[T, B, H]` (gradient of the loss with respect to h_t at every step) or null;
   * dhN/dcN `[B, H]` (gradient with respect to the final state) or null.
   * Accumulates parameter gradients (`+=`), writes dX `[T, B, D]` into `dInput` when given, and leaves
   * the gradient with respect to h0 and c0 in `initialStateGrads()`.
   */
  backward(dOutputs: FloatArray | null, dhN: FloatArray | null, dcN: FloatArray | null, dInput: FloatArray | null): void {
    const T = this.steps;
    const B = this.batchSize;
    const H = this.hiddenSize;
    const G = 4 * H;
    const BH = B * H;
    const gates = this.gates!;
    const cells = this.cells!;
    const hidden = this.hidden!;
    const tanhCells = this.tanhCells!;
    const lengths = this.lengths;
    const ensure = this.ensureFor(this.forwardOnWasm ? this.wasmWorkspace : null);
    const dz = (this.gateGrads = ensure(this.gateGrads, T * B * G));
    let dh = (this.dh = ensure(this.dh, BH));
    const dc = (this.dc = ensure(this.dc, BH));
    let dhPrev = (this.dhPrev = ensure(this.dhPrev, BH));
    if (dhN) dh.set(dhN.subarray(0, BH));
    else dh.fill(0, 0, BH);
    if (dcN) dc.set(dcN.subarray(0, BH));
    else dc.fill(0, 0, BH);

    if (this.forwardOnWasm) {
      const swapped = lstmBackwardWasm(this.wasmWorkspace!, {
        T, B, D: this.inputSize, H, x: this.input as Float32Array,
        weightIh: this.weightIh.value as Float32Array, weightHh: this.weightHh.value as Float32Array, lengths,
        gates: gates as Float32Array, cells: cells as Float32Array, hidden: hidden as Float32Array, tanhCells: tanhCells as Float32Array,
        dOutputs: dOutputs as Float32Array | null, dz: dz as Float32Array, dh: dh as Float32Array, dc: dc as Float32Array, dhPrev: dhPrev as Float32Array,
        gradIh: this.weightIh.grad as Float32Array, gradHh: this.weightHh.grad as Float32Array,
        gradBiasIh: this.biasIh.grad as Float32Array, gradBiasHh: this.biasHh.grad as Float32Array,
        dInput: dInput as Float32Array | null,
      });
      this.dh = swapped.dh;
      this.dhPrev = swapped.dhPrev;
      return;
    }
    const wHh = this.weightHh.value;

    for (let t = T - 1; t >= 0; t--) {
      if (dOutputs) for (let k = 0; k < BH; k++) dh[k] += dOutputs[t * BH + k];
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
      matmul(B, H, G, dz, zOffset, wHh, 0, dhPrev, 0, 0);
      if (lengths !== null) {
        for (let b = 0; b < B; b++) {
          if (t >= lengths[b]) for (let j = b * H; j < (b + 1) * H; j++) dhPrev[j] += dh[j];
        }
      }
      const swap = dh;
      dh = dhPrev;
      dhPrev = swap;
    }
    this.dh = dh;
    this.dhPrev = dhPrev;

    // Weight gradients of all steps at once: dW_ih (4H, D) += dzᵀ (4H, T·B) · x (T·B, D);
    // dW_hh (4H, H) += dzᵀ · h_{t-1} (T·B, H) — hidden slots 0…T-1 are exactly the h_{t-1}.
    const rows = T * B;
    matmulTransposedA(G, this.inputSize, rows, dz, 0, this.input!, 0, this.weightIh.grad, 0, 1);
    matmulTransposedA(G, H, rows, dz, 0, hidden, 0, this.weightHh.grad, 0, 1);
    addColumnSums(rows, G, dz, 0, this.biasIh.grad);
    addColumnSums(rows, G, dz, 0, this.biasHh.grad);
    // dX (T·B, D) = dz (T·B, 4H) · W_ih (4H, D)
    if (dInput) matmul(rows, this.inputSize, G, dz, 0, this.weightIh.value, 0, dInput, 0, 0);
  }

  /**
   * The WebAssembly workspace when this float32 pass runs on WebAssembly (the caches, all from
   * ensureCapacity, are then arena views), else null for the TypeScript loops.
   */
  private workspaceForPass(): LstmWasmWorkspace | null {
    const wasm = this.dtype === 'float32' ? activeWasmKernels() : null;
    if (wasm === null) return null;
    if (this.wasmWorkspace === null || this.wasmWorkspace.wasm !== wasm) this.wasmWorkspace = new LstmWasmWorkspace(wasm, this.inputSize, this.hiddenSize);
    return this.wasmWorkspace;
  }

  /** How this pass gets its buffers: arena views on WebAssembly, ensureCapacity otherwise. */
  private ensureFor(ws: LstmWasmWorkspace | null): (buffer: FloatArray | null, length: number) => FloatArray {
    return ws !== null ? (buffer, length) => ws.ensureArena(buffer, length) : (buffer, length) => ensureCapacity(buffer, length, this.dtype);
  }

  /** After backward: dLoss/dh0 and dLoss/dc0, each `[B, H]` (views valid until the next backward). */
  initialStateGrads(): { dh0: FloatArray; dc0: FloatArray } {
    const n = this.batchSize * this.hiddenSize;
    return { dh0: this.dh.subarray(0, n), dc0: this.dc.subarray(0, n) };
  }

  /** After forward: the hidden-state buffer `[T+1, B, H]` (slot 0 = h0). */
  hiddenStates(): FloatArray {
    return this.hidden!;
  }

  /** After forward: the cell-state buffer `[T+1, B, H]` (slot 0 = c0). */
  cellStates(): FloatArray {
    return this.cells!;
  }

  /** After forward: gate activations `[T, B, 4H]` (i, f, g, o blocks per row). */
  gateActivations(): FloatArray {
    return this.gates!;
  }
}
