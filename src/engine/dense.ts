/**
 * The dense head — PyTorch's `nn.Linear(in, out)`: y = x · Wᵀ + b with W `[out, in]`. A row module: it
 * reads one row per sequence (head on the last step) or one per step (head on every step).
 */

import { kernelsFor } from './kernels/choose';
import type { Kernels } from './kernels/kernels';
import { product, productTransposedA, productTransposedB } from './kernels/products';
import type { RowModule } from './module';
import { createParameter, type DType, type FloatArray, type Parameter } from './tensor';

export class Dense implements RowModule {
  readonly weight: Parameter;
  readonly bias: Parameter;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    readonly dtype: DType,
    prefix = 'head',
  ) {
    this.weight = createParameter(`${prefix}.weight`, [outFeatures, inFeatures], dtype);
    this.bias = createParameter(`${prefix}.bias`, [outFeatures], dtype);
  }

  parameters(): Parameter[] {
    return [this.weight, this.bias];
  }

  // out (R, O) = x (R, I) · Wᵀ + b, x read from `xOffset`. Outside a pass the kernels default to the dtype's.
  forward(
    rows: number,
    x: FloatArray,
    xOffset: number,
    out: FloatArray,
    kernels: Kernels = kernelsFor(this.dtype),
  ): void {
    const O = this.outFeatures;
    const b = this.bias.value;
    for (let r = 0; r < rows; r++) out.set(b, r * O);
    productTransposedB(kernels, rows, O, this.inFeatures, x, xOffset, this.weight.value, 0, out, 0, 1);
  }

  // dW (O, I) += dYᵀ · x; db += Σ_rows dY; dX (R, I) = dY · W when dX is given
  backward(
    rows: number,
    x: FloatArray,
    xOffset: number,
    dY: FloatArray,
    dX: FloatArray | null,
    kernels: Kernels = kernelsFor(this.dtype),
  ): void {
    const O = this.outFeatures;
    const I = this.inFeatures;
    productTransposedA(kernels, O, I, rows, dY, 0, x, xOffset, this.weight.grad, 0, 1);
    kernels.addColumnSums(rows, O, dY, 0, this.bias.grad);
    if (dX) product(kernels, rows, I, O, dY, 0, this.weight.value, 0, dX, 0, 0);
  }
}
