/**
 * The input of a model that reads feature vectors instead of token ids: no parameters, just the batch's
 * features `[B, T, D]` laid out time-major for the layers above.
 */

import type { InputModule, Pass } from './module';
import { transposeBatchTime } from './transpose';
import type { FloatArray, Parameter } from './tensor';

export class FeatureInput implements InputModule<FloatArray> {
  readonly needsOutputGradient = false;
  /** The features, time-major `[T, B, D]`, grown on demand. */
  private timeMajor: FloatArray | null = null;

  constructor(readonly outputSize: number) {}

  parameters(): Parameter[] {
    return [];
  }

  // x (T, B, D) ← features (B, T, D)
  forward(pass: Pass, features: FloatArray): FloatArray {
    const { B, T } = pass;
    const x = (this.timeMajor = pass.kernels.ensure(this.timeMajor, T * B * this.outputSize));
    transposeBatchTime(features, B, T, this.outputSize, x);
    return x;
  }

  /** Features have no parameters: nothing to accumulate. */
  backward(): void {}
}
