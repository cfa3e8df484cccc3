/**
 * Optimizers with PyTorch's exact update rules (torch.optim, 1.13, single-tensor path), and clipping
 * by global gradient norm (`torch.nn.utils.clip_grad_norm_`).
 */

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
  | ({ kind: 'adam' } & AdamOptions)
  | ({ kind: 'adamw' } & AdamOptions)
  | ({ kind: 'sgd' } & SgdOptions);

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

  constructor(private readonly parameters: Parameter[], readonly config: OptimizerConfig & AdamOptions) {
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
    const stepSize = lr / (1 - beta1 ** this.stepCount);
    const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** this.stepCount);
    for (let p = 0; p < this.parameters.length; p++) {
      const value = this.parameters[p].value;
      const grad = this.parameters[p].grad;
      const m = this.expAvg[p];
      const v = this.expAvgSq[p];
      const decay = this.decoupled ? 1 - lr * weightDecay : 1;
      const l2 = this.decoupled ? 0 : weightDecay;
      for (let k = 0; k < value.length; k++) {
        const g = grad[k] + l2 * value[k];
        m[k] = m[k] * beta1 + (1 - beta1) * g;
        v[k] = v[k] * beta2 + (1 - beta2) * g * g;
        const denom = Math.sqrt(v[k]) / biasCorrection2Sqrt + eps;
        value[k] = value[k] * decay - (stepSize * m[k]) / denom;
      }
    }
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

class Sgd implements Optimizer {
  lr: number;
  stepCount = 0;
  private readonly momentum: number;
  private readonly dampening: number;
  private readonly nesterov: boolean;
  private readonly weightDecay: number;
  private readonly buffers: FloatArray[];

  constructor(private readonly parameters: Parameter[], readonly config: OptimizerConfig & SgdOptions) {
    this.lr = config.lr ?? 0.01;
    this.momentum = config.momentum ?? 0;
    this.dampening = config.dampening ?? 0;
    this.nesterov = config.nesterov ?? false;
    this.weightDecay = config.weightDecay ?? 0;
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) throw new Error('SGD: Nesterov momentum needs momentum > 0 and no dampening');
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
    if (saved.length !== data.length) throw new Error(`optimizer state: '${name}' has ${saved.length} values, expected ${data.length}`);
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
