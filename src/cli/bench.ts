/**
 * `lstm-studio bench`: training throughput on the shared workloads (W1–W3), measured as the peers
 * measure it — one iteration = forward + full BPTT + one Adam step (lr 1e-3) on one batch; samples per
 * second = batch / median iteration time after a warm-up — so the ratios to PyTorch, TensorFlow.js and
 * brain.js measured in the same minutes mean something.
 */

import { LstmModel, Random, createOptimizer, kernelBackend, trainStep } from '../engine';
import { ParallelStepRunner } from '../train/parallel/parallel-step-runner';
import { WORKLOADS, type Workload } from './bench-workloads';

export interface BenchResult {
  workload: Workload['id'];
  threads: number;
  /** Which float32 kernels ran: `wasm-simd`, `wasm-relaxed-simd` or `js`. */
  backend: string;
  samplesPerSecond: number;
  gflops: number;
  medianSeconds: number;
  iterations: number;
  /**
   * Process CPU seconds (every thread) per wall second over the timed iterations: ≈ threads when the
   * machine gave us whole cores, lower when other work took them (or threads waited on each other).
   */
  cpuPerWall: number;
  lossFirst: number;
  lossLast: number;
}

export interface BenchOptions {
  workloads?: string[];
  /** Timed seconds per workload (after warm-up). */
  budgetSeconds?: number;
  warmup?: number;
}

/**
 * Times training steps of one workload on `threads` threads (helper threads start from `threadScript`,
 * the train-thread bundle, when threads > 1).
 */
export async function benchWorkload(workload: Workload, budgetSeconds: number, warmup: number, threads = 1, threadScript?: string): Promise<BenchResult> {
  const model = new LstmModel(workload.model, 0);
  const optimizer = createOptimizer(model.parameters(), { kind: 'adam', lr: 1e-3 });
  const batches = workload.makeBatches(new Random(1));
  let runner: ParallelStepRunner | null = null;
  if (threads > 1) {
    if (!threadScript) throw new Error('bench: more than one thread needs the train-thread bundle');
    runner = await ParallelStepRunner.start(model, optimizer, threads, threadScript);
  }
  const step = (i: number) => (runner ? runner.step(batches[i % batches.length], {}) : trainStep(model, batches[i % batches.length], optimizer)).loss;
  try {
    for (let i = 0; i < warmup; i++) step(i);
    const times: number[] = [];
    const losses: number[] = [];
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; (performance.now() - start < budgetSeconds * 1000 || i < 5) && i < 2000; i++) {
      const t0 = performance.now();
      losses.push(step(warmup + i));
      times.push((performance.now() - t0) / 1000);
    }
    const wallSeconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const medianSeconds = median(times);
    const samplesPerSecond = workload.batchSize / medianSeconds;
    return {
      workload: workload.id,
      threads,
      backend: backendName(),
      samplesPerSecond,
      gflops: (samplesPerSecond * workload.flopsPerSample) / 1e9,
      medianSeconds,
      iterations: times.length,
      cpuPerWall: (cpu.user + cpu.system) / 1e6 / wallSeconds,
      lossFirst: losses[0],
      lossLast: losses[losses.length - 1],
    };
  } finally {
    await runner?.close();
  }
}

export function backendName(): string {
  const info = kernelBackend();
  return info.active === 'js' ? 'js' : info.relaxedSimd ? 'wasm-relaxed-simd' : 'wasm-simd';
}

export function selectWorkloads(ids: string[] | undefined): Workload[] {
  if (!ids || ids.length === 0) return WORKLOADS;
  return ids.map((id) => {
    const workload = WORKLOADS.find((w) => w.id.toLowerCase() === id.toLowerCase());
    if (!workload) throw new Error(`unknown workload '${id}' (choose from ${WORKLOADS.map((w) => w.id).join(', ')})`);
    return workload;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}
