/**
 * `lstm-studio bench`: training throughput on the shared workloads (W1–W7), measured as the peers
 * measure it — one iteration = forward + full BPTT + one Adam step (lr 1e-3) on one batch; samples per
 * second = batch / median iteration time after a warm-up — so the ratios to PyTorch, TensorFlow.js and
 * brain.js measured in the same minutes mean something.
 */

import { LstmModel, Random, createOptimizer, kernelBackend, trainStep, type Batch } from '../engine';
import { Seq2seqModel } from '../engine/seq2seq-model';
import type { TrainableModel } from '../engine/trainable-model';
import { ParallelStepRunner } from '../train/parallel/parallel-step-runner';
import { WORKLOADS, type PairWorkload, type SequenceWorkload, type Workload } from './bench-workloads';

/** One workload's model, optimizer and batches: `step(i)` trains on batch i (cycled) and gives its loss. */
export interface WorkloadTrainer {
  step(i: number): number;
  close(): Promise<void>;
}

/**
 * A fresh model of `workload` (the same start every time) with Adam (lr 1e-3) on its eight batches, on
 * `threads` threads (data-parallel, ParallelStepRunner, beyond one).
 */
export async function openWorkloadTrainer(
  workload: Workload,
  threads: number,
  threadScript?: string,
): Promise<WorkloadTrainer> {
  const { model, batches } = workload.kind === 'pairs' ? pairWorkloadModel(workload) : sequenceWorkloadModel(workload);
  const optimizer = createOptimizer(model.parameters(), { kind: 'adam', lr: 1e-3 });
  let runner: ParallelStepRunner | null = null;
  if (threads > 1) {
    if (!threadScript) throw new Error('bench: more than one thread needs the train-thread bundle');
    runner = await ParallelStepRunner.start(model, optimizer, threads, threadScript);
  }
  return {
    step: (i) =>
      (runner ? runner.step(batches[i % batches.length], {}) : trainStep(model, batches[i % batches.length], optimizer))
        .loss,
    close: async () => runner?.close(),
  };
}

function sequenceWorkloadModel(workload: SequenceWorkload): { model: TrainableModel; batches: Batch[] } {
  return { model: new LstmModel(workload.model, 0), batches: workload.makeBatches(new Random(1)) };
}

/** W4 as the trainer sees it: a Seq2seqModel of the workload's sizes, its pairs as common batches. */
function pairWorkloadModel(workload: PairWorkload): { model: TrainableModel; batches: Batch[] } {
  const m = workload.model;
  const model = new Seq2seqModel({
    vocabSize: m.sourceVocabSize,
    embeddingDim: m.embeddingDim,
    hiddenSize: m.hiddenSize,
    numLayers: m.numLayers,
    cell: m.cell,
    dropout: m.dropout,
    paddingIdx: m.paddingIdx,
    dtype: m.dtype,
    outputSize: m.targetVocabSize,
    headOn: 'every',
    loss: 'softmax-ce',
    // Only an additive score reads attentionSize; the config wants a positive one whatever the score.
    decoder: { vocabSize: m.targetVocabSize, attention: m.attention, attentionSize: m.attentionSize || m.hiddenSize },
  });
  const random = new Random(0);
  for (const p of model.parameters()) {
    // nn.Embedding's N(0, 1) and nn.LSTM/nn.Linear's U(±1/√fan_in) are what the peer starts from; the
    // bench times steps, so any such start will do — a seeded uniform at PyTorch's scale.
    const bound = p.shape.length === 2 ? 1 / Math.sqrt(p.shape[1]) : 0.1;
    for (let k = 0; k < p.value.length; k++) p.value[k] = random.uniformIn(-bound, bound);
  }
  const batches = workload.makeBatches(new Random(1)).map((pairs): Batch => ({
    batchSize: pairs.batchSize,
    steps: pairs.sourceSteps,
    tokens: pairs.source,
    lengths: pairs.sourceLengths,
    decoder: { steps: pairs.targetSteps, tokens: pairs.targetInput, lengths: pairs.targetLengths },
    targets: pairs.targets,
  }));
  return { model, batches };
}

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
  /**
   * With `benchInterleaved`, for more than one thread: the one-thread step time over this one, per pair of
   * steps run back to back, so both halves of a pair meet the same machine (median and quartiles).
   */
  pairedSpeedup?: { median: number; q1: number; q3: number; pairs: number };
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
export async function benchWorkload(
  workload: Workload,
  budgetSeconds: number,
  warmup: number,
  threads = 1,
  threadScript?: string,
): Promise<BenchResult> {
  const trainer = await openWorkloadTrainer(workload, threads, threadScript);
  const step = (i: number) => trainer.step(i);
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
    await trainer.close();
  }
}

/**
 * Times several thread counts of one workload in rounds: each round runs one step on every thread count,
 * back to back. On a machine whose speed drifts (a VM whose vCPUs differ, neighbours coming and going) the
 * ratio within a round is far steadier than the ratio of two separate runs. `threadCounts` must include 1.
 */
export async function benchInterleaved(
  workload: Workload,
  budgetSeconds: number,
  warmup: number,
  threadCounts: number[],
  threadScript: string,
): Promise<BenchResult[]> {
  if (!threadCounts.includes(1))
    throw new Error('bench --interleave: the thread list must include 1 (the ratios are to one thread)');
  const setups: {
    threads: number;
    trainer: WorkloadTrainer;
    times: number[];
    losses: number[];
  }[] = [];
  try {
    for (const threads of threadCounts) {
      // Each thread count trains its own model from the same start on the same batches.
      const trainer = await openWorkloadTrainer(workload, threads, threadScript);
      setups.push({ threads, trainer, times: [], losses: [] });
    }
    for (let i = 0; i < warmup; i++) for (const setup of setups) setup.trainer.step(i);
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; (performance.now() - start < budgetSeconds * 1000 || i < 5) && i < 2000; i++) {
      for (const setup of setups) {
        const t0 = performance.now();
        setup.losses.push(setup.trainer.step(warmup + i));
        setup.times.push((performance.now() - t0) / 1000);
      }
    }
    const wallSeconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const single = setups.find((s) => s.threads === 1)!;
    return setups.map((setup) => {
      const medianSeconds = median(setup.times);
      const samplesPerSecond = workload.batchSize / medianSeconds;
      const ratios = setup.times.map((t, i) => single.times[i] / t).sort((a, b) => a - b);
      const quantile = (q: number) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))];
      return {
        workload: workload.id,
        threads: setup.threads,
        backend: backendName(),
        samplesPerSecond,
        gflops: (samplesPerSecond * workload.flopsPerSample) / 1e9,
        medianSeconds,
        iterations: setup.times.length,
        // The whole interleaved run's CPU over its wall time (the thread counts share it).
        cpuPerWall: (cpu.user + cpu.system) / 1e6 / wallSeconds,
        lossFirst: setup.losses[0],
        lossLast: setup.losses[setup.losses.length - 1],
        ...(setup.threads > 1
          ? { pairedSpeedup: { median: median(ratios), q1: quantile(0.25), q3: quantile(0.75), pairs: ratios.length } }
          : {}),
      };
    });
  } finally {
    await Promise.all(setups.map((s) => s.trainer.close()));
  }
}

/** What `benchInference` measures: the inference figure, one long sequence with gate recording. */
export const INFERENCE_SHAPE = { steps: 1000, layers: 2, hiddenSize: 256, vocabSize: 65, embeddingDim: 32 } as const;

export interface InferenceResult {
  steps: number;
  layers: number;
  hiddenSize: number;
  /** Median milliseconds of one forward pass with gate recording (the recording copied out per layer). */
  medianMs: number;
  runs: number;
}

/**
 * Times what the Gates panel and Predict on Selection ask of the inference worker at the size:
 * a character model (Embedding(65, 32) → LSTM(256) × 2 → Dense(65) at every step) reading one
 * 1 000-step sequence with every gate, cell and hidden state recorded.
 */
export function benchInference(runs = 15): InferenceResult {
  const { steps: T, layers, hiddenSize, vocabSize, embeddingDim } = INFERENCE_SHAPE;
  const model = new LstmModel(
    {
      vocabSize,
      embeddingDim,
      hiddenSize,
      numLayers: layers,
      outputSize: vocabSize,
      headOn: 'every',
      loss: 'softmax-ce',
    },
    0,
  );
  const rng = new Random(2);
  const tokens = Int32Array.from({ length: T }, () => rng.int(vocabSize));
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    const { recording } = model.forward({ batchSize: 1, steps: T, tokens }, { record: true });
    if (!recording || recording.length !== layers)
      throw new Error('bench: the forward pass returned no gate recording');
    if (i >= 2) times.push(performance.now() - t0); // two warm-up passes (JIT, arena growth)
  }
  return { steps: T, layers, hiddenSize, medianMs: median(times), runs };
}

/** The process's peak resident memory so far, in MB (helper threads included: they share the process). */
export function peakResidentMegabytes(): number {
  return process.resourceUsage().maxRSS / 1024;
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
