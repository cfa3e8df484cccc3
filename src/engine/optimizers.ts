/**
 * Optimizers with PyTorch's exact update rules (torch.optim, 1.13, single-tensor path), and clipping
 * by global gradient norm (`torch.nn.utils.clip_grad_norm_`).
 */

import { activeWasmKernels, type WasmKernels } from './kernels/backend';
import { allocate, dtypeOf, type FloatArray, type Parameter } from './tensor';

export interface AdamOptions {
  /** Learning rate. Default 1e-3. */
  lr?: number;
  /** (β1, β2). Default (0.9, 0.999). */
  betas?: [number, number];
  /** Added to the denominator. Default 1e-8. */
  eps?: number;
  /** L2 penalty added to the gradient (Adam) or decoupled decay (AdamW). Default 0 (Adam), 0.01 (AdamW). */
  weightDecay?: number;
}

export interface SgdOptions {
  /** Learning rate. Default 0.01. */
  lr?: number;
  /** Momentum factor. Default 0. */
  momentum?: number;
  /** Dampening for momentum. Default 0. */
  dampening?: number;
  /** Nesterov momentum (Sutskever et al., 2013). Default false. */
  nesterov?: boolean;
  /** L2 penalty added to the gradient. Default 0. */
  weightDecay?: number;
}

export type OptimizerConfig =
  ({ kind: 'adam' } & AdamOptions) | ({ kind: 'adamw' } & AdamOptions) | ({ kind: 'sgd' } & SgdOptions);

/** A named state buffer, named as in the checkpoint: `optimizer.<slot>.<parameter name>`. */
export interface OptimizerStateTensor {
  name: string;
  data: FloatArray;
}

export interface Optimizer {
  readonly config: OptimizerConfig;
  /** The learning rate the next step uses (a schedule sets it before each step). */
  lr: number;
  /** Steps taken so far. */
  stepCount: number;
  step(): void;
  /** Every state buffer, by checkpoint name (the live arrays: copy before keeping). */
  stateTensors(): OptimizerStateTensor[];
  /** Restores from checkpoint tensors and the step count. */
  loadState(tensors: Map<string, ArrayLike<number>>, stepCount: number): void;
}

export function createOptimizer(parameters: Parameter[], config: OptimizerConfig): Optimizer {
  return config.kind === 'sgd' ? new Sgd(parameters, config) : new Adam(parameters, config);
}

class Adam implements Optimizer {
  lr: number;
  stepCount = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly weightDecay: number;
  private readonly decoupled: boolean;
  private readonly expAvg: FloatArray[];
  private readonly expAvgSq: FloatArray[];
  /** Arena copies of one parameter's value and gradient for the WebAssembly update (null until used). */
  private scratchValue: Float32Array | null = null;
  private scratchGrad: Float32Array | null = null;

  constructor(
    private readonly parameters: Parameter[],
    readonly config: OptimizerConfig & AdamOptions,
  ) {
    this.lr = config.lr ?? 1e-3;
    [this.beta1, this.beta2] = config.betas ?? [0.9, 0.999];
    this.eps = config.eps ?? 1e-8;
    this.decoupled = config.kind === 'adamw';
    this.weightDecay = config.weightDecay ?? (this.decoupled ? 0.01 : 0);
    this.expAvg = parameters.map((p) => allocate(dtypeOf(p.value), p.value.length));
    this.expAvgSq = parameters.map((p) => allocate(dtypeOf(p.value), p.value.length));
  }

  step(): void {
    this.stepCount++;
    const { beta1, beta2, eps, lr, weightDecay } = this;
    const update: AdamUpdate = {
      beta1,
      beta2,
      eps,
      stepSize: lr / (1 - beta1 ** this.stepCount),
      bias2Sqrt: Math.sqrt(1 - beta2 ** this.stepCount),
      decay: this.decoupled ? 1 - lr * weightDecay : 1,
      l2: this.decoupled ? 0 : weightDecay,
    };
    const wasm = activeWasmKernels();
    for (let p = 0; p < this.parameters.length; p++) {
      const { value, grad } = this.parameters[p];
      if (!(value instanceof Float32Array)) adamFloat64(value, grad, this.expAvg[p], this.expAvgSq[p], update);
      else if (wasm) this.stepOnWasm(wasm, p, update);
      else
        adamFloat32(
          value,
          grad as Float32Array,
          this.expAvg[p] as Float32Array,
          this.expAvgSq[p] as Float32Array,
          update,
        );
    }
  }

  /**
   * The WebAssembly update of parameter p: its moments move into the arena once (and stay there); value and
   * gradient are copied through two scratch buffers, because parameters live on the JavaScript heap.
   */
  private stepOnWasm(wasm: WasmKernels, p: number, u: AdamUpdate): void {
    const { value, grad } = this.parameters[p];
    const n = value.length;
    const arena = wasm.arena;
    for (const moments of [this.expAvg, this.expAvgSq]) {
      if (!arena.owns(moments[p])) {
        const moved = arena.float32(n);
        moved.set(moments[p]);
        moments[p] = moved;
      }
    }
    if (this.scratchValue === null || this.scratchValue.length < n || !arena.owns(this.scratchValue)) {
      const length = Math.max(n, ...this.parameters.map((q) => q.value.length));
      this.scratchValue = arena.float32(length);
      this.scratchGrad = arena.float32(length);
    }
    const scratchValue = this.scratchValue;
    const scratchGrad = this.scratchGrad!;
    scratchValue.set(value);
    scratchGrad.set(grad);
    wasm.exports.adamStep(
      n,
      scratchValue.byteOffset,
      scratchGrad.byteOffset,
      this.expAvg[p].byteOffset,
      this.expAvgSq[p].byteOffset,
      u.beta1,
      u.beta2,
      u.stepSize,
      u.bias2Sqrt,
      u.eps,
      u.decay,
      u.l2,
    );
    value.set(scratchValue.subarray(0, n));
  }

  stateTensors(): OptimizerStateTensor[] {
    return this.parameters.flatMap((p, i) => [
      { name: `optimizer.exp_avg.${p.name}`, data: this.expAvg[i] },
      { name: `optimizer.exp_avg_sq.${p.name}`, data: this.expAvgSq[i] },
    ]);
  }

  loadState(tensors: Map<string, ArrayLike<number>>, stepCount: number): void {
    loadBuffers(this.stateTensors(), tensors);
    this.stepCount = stepCount;
  }
}

/** The scalars of one Adam step (PyTorch's names: step_size = lr / (1 − β1ᵗ), bias_correction2_sqrt). */
interface AdamUpdate {
  beta1: number;
  beta2: number;
  eps: number;
  stepSize: number;
  bias2Sqrt: number;
  /** AdamW's decoupled decay factor 1 − lr·weight_decay; 1 for Adam. */
  decay: number;
  /** Adam's L2 penalty added to the gradient; 0 for AdamW. */
  l2: number;
}

// value, grad, m, v: [n] float32. Rounds to float32 after every operation, in PyTorch's order, exactly as
// the WebAssembly kernel does (assembly/optimizers.ts; the formula is there): both give the same bits.
function adamFloat32(value: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, u: AdamUpdate): void {
  const f = Math.fround;
  const beta1 = f(u.beta1);
  const beta2 = f(u.beta2);
  const oneMinusBeta1 = f(1 - beta1);
  const oneMinusBeta2 = f(1 - beta2);
  const negStep = -f(u.stepSize);
  const bias2Sqrt = f(u.bias2Sqrt);
  const eps = f(u.eps);
  const decay = f(u.decay);
  const l2 = f(u.l2);
  for (let k = 0; k < value.length; k++) {
    let p = value[k];
    let g = grad[k];
    if (l2 !== 0) g = f(g + f(p * l2));
    if (decay !== 1) p = f(p * decay);
    const mk = f(f(m[k] * beta1) + f(g * oneMinusBeta1));
    const vk = f(f(v[k] * beta2) + f(f(g * oneMinusBeta2) * g));
    const denom = f(f(f(Math.sqrt(vk)) / bias2Sqrt) + eps);
    m[k] = mk;
    v[k] = vk;
    value[k] = p + f(f(negStep * mk) / denom);
  }
}

// value, grad, m, v: [n] float64 (the gradient checks): the same update in float64 throughout.
function adamFloat64(value: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, u: AdamUpdate): void {
  const { beta1, beta2, eps, stepSize, bias2Sqrt, decay, l2 } = u;
  for (let k = 0; k < value.length; k++) {
    const g = grad[k] + l2 * value[k];
    m[k] = m[k] * beta1 + (1 - beta1) * g;
    v[k] = v[k] * beta2 + (1 - beta2) * g * g;
    const denom = Math.sqrt(v[k]) / bias2Sqrt + eps;
    value[k] = value[k] * decay - (stepSize * m[k]) / denom;
  }
}

class Sgd implements Optimizer {
  lr: number;
  stepCount = 0;
  private readonly momentum: number;
  private readonly dampening: number;
  private readonly nesterov: boolean;
  private readonly weightDecay: number;
  private readonly buffers: FloatArray[];

  constructor(
    private readonly parameters: Parameter[],
    readonly config: OptimizerConfig & SgdOptions,
  ) {
    this.lr = config.lr ?? 0.01;
    this.momentum = config.momentum ?? 0;
    this.dampening = config.dampening ?? 0;
    this.nesterov = config.nesterov ?? false;
    this.weightDecay = config.weightDecay ?? 0;
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0))
      throw new Error('SGD: Nesterov momentum needs momentum > 0 and no dampening');
    this.buffers = this.momentum !== 0 ? parameters.map((p) => allocate(dtypeOf(p.value), p.value.length)) : [];
  }

  step(): void {
    const first = this.stepCount === 0;
    this.stepCount++;
    const { lr, momentum, dampening, nesterov, weightDecay } = this;
    for (let p = 0; p < this.parameters.length; p++) {
      const value = this.parameters[p].value;
      const grad = this.parameters[p].grad;
      const buf = momentum !== 0 ? this.buffers[p] : null;
      for (let k = 0; k < value.length; k++) {
        let d = grad[k] + weightDecay * value[k];
        if (buf) {
          // PyTorch starts the buffer at the first gradient itself (no dampening on step 1)
          buf[k] = first ? d : momentum * buf[k] + (1 - dampening) * d;
          d = nesterov ? d + momentum * buf[k] : buf[k];
        }
        value[k] -= lr * d;
      }
    }
  }

  stateTensors(): OptimizerStateTensor[] {
    return this.buffers.map((data, i) => ({ name: `optimizer.momentum_buffer.${this.parameters[i].name}`, data }));
  }

  loadState(tensors: Map<string, ArrayLike<number>>, stepCount: number): void {
    loadBuffers(this.stateTensors(), tensors);
    this.stepCount = stepCount;
  }
}

function loadBuffers(own: OptimizerStateTensor[], tensors: Map<string, ArrayLike<number>>): void {
  for (const { name, data } of own) {
    const saved = tensors.get(name);
    if (!saved) throw new Error(`optimizer state: '${name}' is missing from the checkpoint`);
    if (saved.length !== data.length)
      throw new Error(`optimizer state: '${name}' has ${saved.length} values, expected ${data.length}`);
    data.set(saved);
  }
}

/**
 * Scales all gradients so their global L2 norm is at most `maxNorm` (PyTorch's formula: scale =
 * maxNorm / (norm + 1e-6), applied when below 1). Returns the norm before clipping. The sum of squares
 * runs in float64.
 */
export function clipGradientNorm(parameters: Parameter[], maxNorm: number): number {
  const norm = gradientNorm(parameters);
  const scale = maxNorm / (norm + 1e-6);
  if (scale < 1) {
    for (const p of parameters) {
      const g = p.grad;
      for (let k = 0; k < g.length; k++) g[k] *= scale;
    }
  }
  return norm;
}

export function gradientNorm(parameters: Parameter[]): number {
  let sumSquares = 0;
  for (const p of parameters) {
    const g = p.grad;
    for (let k = 0; k < g.length; k++) sumSquares += g[k] * g[k];
  }
  return Math.sqrt(sumSquares);
}
