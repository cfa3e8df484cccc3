/** Scalar activations shared by the kernels. */

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
