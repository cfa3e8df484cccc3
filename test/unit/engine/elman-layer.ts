/**
 * A plain tanh RNN layer (`nn.RNN`'s maths: h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), state
 * `{ h }` only) written against `RecurrentLayer` alone, in float64 loops: it stands in for a cell with no
 * c (a GRU's shape) so the stack and the bidirectional layer are tested without assuming an LSTM.
 */

import type { LayerNaming } from '../../../src/engine/layer-naming';
import type { Pass, RecurrentGradients } from '../../../src/engine/module';
import type { RecurrentLayer, RecurrentState } from '../../../src/engine/recurrent-layer';
import { createParameter, type DType, type FloatArray, type Parameter } from '../../../src/engine/tensor';
import { layerParameterName } from '../../../src/engine/layer-naming';

export interface ElmanRecording {
  h: Float64Array;
}

export class ElmanLayer implements RecurrentLayer<ElmanRecording> {
  readonly weightIh: Parameter;
  readonly weightHh: Parameter;
  readonly biasIh: Parameter;
  readonly biasHh: Parameter;
  private hidden = new Float64Array(0); // [T+1, B, H], slot 0 = h0
  private x: FloatArray = new Float64Array(0);
  private lengths: Int32Array | null = null;
  private steps = 0;
  private batchSize = 0;
  private dh0 = new Float64Array(0);

  constructor(
    readonly layerIndex: number,
    readonly inputSize: number,
    readonly hiddenSize: number,
    readonly dtype: DType,
    readonly naming: LayerNaming,
  ) {
    const name = (kind: string) => layerParameterName(naming, kind, layerIndex);
    this.weightIh = createParameter(name('weight_ih'), [hiddenSize, inputSize], dtype);
    this.weightHh = createParameter(name('weight_hh'), [hiddenSize, hiddenSize], dtype);
    this.biasIh = createParameter(name('bias_ih'), [hiddenSize], dtype);
    this.biasHh = createParameter(name('bias_hh'), [hiddenSize], dtype);
  }

  get outputSize(): number {
    return this.hiddenSize;
  }

  parameters(): Parameter[] {
    return [this.weightIh, this.weightHh, this.biasIh, this.biasHh];
  }

  forward(pass: Pass, x: FloatArray, initialState: Partial<RecurrentState> | null): FloatArray {
    const { B, T, lengths } = pass;
    const D = this.inputSize;
    const H = this.hiddenSize;
    this.x = x;
    this.lengths = lengths;
    this.steps = T;
    this.batchSize = B;
    const hidden = (this.hidden = new Float64Array((T + 1) * B * H));
    if (initialState?.h) hidden.set(initialState.h.subarray(0, B * H));
    const W = this.weightIh.value;
    const U = this.weightHh.value;
    for (let t = 0; t < T; t++)
      for (let b = 0; b < B; b++) {
        const prev = (t * B + b) * H;
        const row = ((t + 1) * B + b) * H;
        if (lengths && t >= lengths[b]) {
          hidden.copyWithin(row, prev, prev + H);
          continue;
        }
        for (let j = 0; j < H; j++) {
          let z = this.biasIh.value[j] + this.biasHh.value[j];
          for (let d = 0; d < D; d++) z += W[j * D + d] * x[(t * B + b) * D + d];
          for (let k = 0; k < H; k++) z += U[j * H + k] * hidden[prev + k];
          hidden[row + j] = Math.tanh(z);
        }
      }
    return hidden.subarray(B * H);
  }

  lastOutput(): FloatArray {
    const BH = this.batchSize * this.hiddenSize;
    return this.hidden.subarray(this.steps * BH, (this.steps + 1) * BH);
  }

  finalState(): RecurrentState {
    return { h: this.lastOutput().slice() };
  }

  backward(_pass: Pass, gradients: RecurrentGradients<RecurrentState>, dX: FloatArray | null): void {
    const T = this.steps;
    const B = this.batchSize;
    const D = this.inputSize;
    const H = this.hiddenSize;
    const hidden = this.hidden;
    const W = this.weightIh.value;
    const U = this.weightHh.value;
    const dh = new Float64Array(B * H);
    const dhN = gradients.dFinalState?.h ?? gradients.dLastOutput ?? null;
    if (dhN) dh.set(dhN.subarray(0, B * H));
    dX?.fill(0, 0, T * B * D);
    for (let t = T - 1; t >= 0; t--) {
      if (gradients.dOutputs) for (let n = 0; n < B * H; n++) dh[n] += gradients.dOutputs[t * B * H + n];
      for (let b = 0; b < B; b++) {
        if (this.lengths && t >= this.lengths[b]) continue; // the state was carried: dh passes through
        const row = ((t + 1) * B + b) * H;
        const prev = (t * B + b) * H;
        const da = new Float64Array(H);
        for (let j = 0; j < H; j++) da[j] = dh[b * H + j] * (1 - hidden[row + j] * hidden[row + j]);
        for (let j = 0; j < H; j++) {
          this.biasIh.grad[j] += da[j];
          this.biasHh.grad[j] += da[j];
          for (let d = 0; d < D; d++) {
            this.weightIh.grad[j * D + d] += da[j] * this.x[(t * B + b) * D + d];
            if (dX) dX[(t * B + b) * D + d] += da[j] * W[j * D + d];
          }
          for (let k = 0; k < H; k++) this.weightHh.grad[j * H + k] += da[j] * hidden[prev + k];
        }
        for (let k = 0; k < H; k++) {
          let sum = 0;
          for (let j = 0; j < H; j++) sum += da[j] * U[j * H + k];
          dh[b * H + k] = sum;
        }
      }
    }
    this.dh0 = dh;
  }

  initialStateGrads(): RecurrentState {
    return { h: this.dh0.slice() };
  }

  recordGates(): ElmanRecording {
    const B = this.batchSize;
    const T = this.steps;
    const H = this.hiddenSize;
    const h = new Float64Array(B * T * H);
    for (let b = 0; b < B; b++)
      for (let t = 0; t < (this.lengths ? this.lengths[b] : T); t++) {
        const row = ((t + 1) * B + b) * H;
        h.set(this.hidden.subarray(row, row + H), (b * T + t) * H);
      }
    return { h };
  }
}
