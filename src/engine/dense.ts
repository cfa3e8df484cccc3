/**
 * The dense head — PyTorch's `nn.Linear(in, out)`: y = x · Wᵀ + b with W `[out, in]`.
 */

import { addColumnSums, matmul, matmulTransposedA, matmulTransposedB } from './matmul';
import { createParameter, type DType, type FloatArray, type Parameter } from './tensor';

export class Dense {
  readonly weight: Parameter;
  readonly bias: Parameter;

  constructor(readonly inFeatures: number, readonly outFeatures: number, dtype: DType, prefix = 'head') {
    this.weight = createParameter(`${prefix}.weight`, [outFeatures, inFeatures], dtype);
    this.bias = createParameter(`${prefix}.bias`, [outFeatures], dtype);
  }

  parameters(): Parameter[] {
    return [this.weight, this.bias];
  }

  // out (R, O) = x (R, I) · Wᵀ + b, x read from `xOffset`
  forward(rows: number, x: FloatArray, xOffset: number, out: FloatArray): void {
    const O = this.outFeatures;
    const b = this.bias.value;
    for (let r = 0; r < rows; r++) out.set(b, r * O);
    matmulTransposedB(rows, O, this.inFeatures, x, xOffset, this.weight.value, 0, out, 0, 1);
  }

  // dW (O, I) += dYᵀ · x; db += Σ_rows dY; dX (R, I) = dY · W when dX is given
  backward(rows: number, x: FloatArray, xOffset: number, dY: FloatArray, dX: FloatArray | null): void {
    const O = this.outFeatures;
    const I = this.inFeatures;
    matmulTransposedA(O, I, rows, dY, 0, x, xOffset, this.weight.grad, 0, 1);
    addColumnSums(rows, O, dY, 0, this.bias.grad);
    if (dX) matmul(rows, I, O, dY, 0, this.weight.value, 0, dX, 0, 0);
  }
}
