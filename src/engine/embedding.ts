/**
 * Token embedding — PyTorch's `nn.Embedding(V, E, padding_idx)`. Forward gathers rows straight into the
 * time-major layout the LSTM reads; backward scatters gradients back, skipping the padding row (its
 * gradient stays zero, so it never moves, as in PyTorch).
 */

import type { InputModule, Pass } from './module';
import { createParameter, type DType, type FloatArray, type Parameter } from './tensor';

export class Embedding implements InputModule<Int32Array> {
  readonly weight: Parameter;
  readonly needsOutputGradient = true;
  /** The embedded batch `[T, B, E]`, grown on demand. */
  private embedded: FloatArray | null = null;

  constructor(
    readonly vocabSize: number,
    readonly dim: number,
    readonly paddingIdx: number,
    dtype: DType,
    /** The module path (`embedding`; `encoder.embedding` and `decoder.embedding` in a sequence-to-sequence model). */
    module = 'embedding',
  ) {
    this.weight = createParameter(`${module}.weight`, [vocabSize, dim], dtype);
  }

  get outputSize(): number {
    return this.dim;
  }

  parameters(): Parameter[] {
    return [this.weight];
  }

  // out (T, B, E) ← weight[tokens[b, t]] for tokens (B, T) (batch-major)
  forward(pass: Pass, tokens: Int32Array): FloatArray {
    const { B, T } = pass;
    const out = (this.embedded = pass.kernels.ensure(this.embedded, T * B * this.dim));
    const E = this.dim;
    const V = this.vocabSize;
    const w = this.weight.value;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const id = tokens[b * T + t];
        if (!(id >= 0 && id < V))
          throw new Error(
            `embedding: token id ${id} at sequence ${b}, step ${t} is outside the vocabulary (size ${V})`,
          );
        const dst = (t * B + b) * E;
        const src = id * E;
        for (let e = 0; e < E; e++) out[dst + e] = w[src + e];
      }
    }
    return out;
  }

  // grad[tokens[b, t]] += dOut (T, B, E), except the padding row
  backward(pass: Pass, tokens: Int32Array, dOut: FloatArray): void {
    const { B, T } = pass;
    const E = this.dim;
    const g = this.weight.grad;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const id = tokens[b * T + t];
        if (id === this.paddingIdx) continue;
        const src = (t * B + b) * E;
        const dst = id * E;
        for (let e = 0; e < E; e++) g[dst + e] += dOut[src + e];
      }
    }
  }
}
