/**
 * Adam's and AdamW's update (torch.optim 1.13, single-tensor path) on four float32 lanes. Each operation
 * rounds to float32 in the order PyTorch's float32 kernels apply them:
 *
 *   g     = grad + l2·value                      (Adam's L2 penalty; l2 = 0 for AdamW)
 *   value = value·decay                          (AdamW's decoupled decay; decay = 1 for Adam)
 *   m     = m·β1 + (1−β1)·g                      exp_avg.mul_(β1).add_(g, alpha=1−β1)
 *   v     = v·β2 + (1−β2)·g·g                    exp_avg_sq.mul_(β2).addcmul_(g, g, value=1−β2)
 *   value = value + (−stepSize·m) / (√v / √(1−β2ᵗ) + ε)      param.addcdiv_(m, denom, value=−stepSize)
 *
 * Multiplies and adds are never fused (in either build), so both builds — and the TypeScript float32
 * path, which rounds with Math.fround at the same places — give the same bits.
 */

// value, grad, m, v: [n] f32 (value, m, v updated in place)
export function adamStep(n: i32, value: usize, grad: usize, m: usize, v: usize, beta1: f32, beta2: f32, stepSize: f32, bias2Sqrt: f32, eps: f32, decay: f32, l2: f32): void {
  const b1 = f32x4.splat(beta1);
  const b2 = f32x4.splat(beta2);
  const oneMinusB1 = f32x4.splat(<f32>(1 - <f64>beta1));
  const oneMinusB2 = f32x4.splat(<f32>(1 - <f64>beta2));
  const negStep = f32x4.splat(-stepSize);
  const bc2 = f32x4.splat(bias2Sqrt);
  const epsilon = f32x4.splat(eps);
  const d = f32x4.splat(decay);
  const penalty = f32x4.splat(l2);
  const n4 = n & ~3;
  let k = 0;
  for (; k < n4; k += 4) {
    const at = <usize>k << 2;
    let p = v128.load(value + at);
    let g = v128.load(grad + at);
    if (l2 != 0) g = f32x4.add(g, f32x4.mul(p, penalty));
    if (decay != 1) p = f32x4.mul(p, d);
    const mk = f32x4.add(f32x4.mul(v128.load(m + at), b1), f32x4.mul(g, oneMinusB1));
    const vk = f32x4.add(f32x4.mul(v128.load(v + at), b2), f32x4.mul(f32x4.mul(g, oneMinusB2), g));
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vk), bc2), epsilon);
    v128.store(m + at, mk);
    v128.store(v + at, vk);
    v128.store(value + at, f32x4.add(p, f32x4.div(f32x4.mul(negStep, mk), denom)));
  }
  for (; k < n; k++) {
    const at = <usize>k << 2;
    let p = load<f32>(value + at);
    let g = load<f32>(grad + at);
    if (l2 != 0) g = g + p * l2;
    if (decay != 1) p = p * decay;
    const mk = load<f32>(m + at) * beta1 + g * <f32>(1 - <f64>beta1);
    const vk = load<f32>(v + at) * beta2 + g * <f32>(1 - <f64>beta2) * g;
    const denom = Mathf.sqrt(vk) / bias2Sqrt + eps;
    store<f32>(m + at, mk);
    store<f32>(v + at, vk);
    store<f32>(value + at, p + (-stepSize * mk) / denom);
  }
}
