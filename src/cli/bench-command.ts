/**
 * The `bench` subcommand: runs the workloads on 1 or more threads, prints a table (or JSON lines), and
 * ratios to peers — either measured in this same invocation (`--peers` alone: the trainers of
 * ../shared/bench, run right after our own runs of each workload) or read from a file of JSON lines.
 * `--scale` runs the scale benchmark instead (bench-scale.ts): training on large generated files.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { setKernelBackend, type KernelBackendChoice } from '../engine';
import {
  benchInference,
  benchInterleaved,
  benchWorkload,
  peakResidentMegabytes,
  selectWorkloads,
  type BenchResult,
} from './bench';
import { PEERS, PeerRunner, defaultPeersFolder, readPeerFile, type PeerName, type PeerResult } from './bench-peers';
import { runEvaluateBench } from './bench-evaluate';
import { runEvaluationBench } from './bench-evaluation';
import { runScaleBench } from './bench-scale';
import { SCALE_DATASETS, defaultScaleFolder, scaleDatasetsByIds } from './bench-scale-files';
import { formatScaleTable, scaleResultJson } from './bench-scale-report';
import type { Workload } from './bench-workloads';
import { parseInteger } from './parse';

interface BenchFlags {
  workload: string;
  budget: string;
  warmup: string;
  threads: string;
  peers?: string | true;
  peerList: string;
  json?: boolean;
  backend: string;
  interleave?: boolean;
  inference: boolean;
  scale?: boolean;
  scaleData: string;
  scaleSteps: number;
  scaleFolder?: string;
  scaleTimeout: number;
  scaleTrainArgs?: string;
  evaluate?: boolean;
  evaluateText: string;
  evaluateBytes: number;
  evaluateReviews: string;
}

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('measure training throughput (samples/s) on the shared workloads W1–W7, optionally against peers')
    .option('--workload <ids>', 'comma-separated workloads (W1–W7)', 'W1,W2,W3,W4,W5,W6,W7')
    .option('--budget <seconds>', 'timed seconds per workload (and per peer) after warm-up', '5')
    .option('--warmup <n>', 'warm-up iterations', '3')
    .option('--threads <list>', 'training threads, or a comma-separated list to run each (e.g. 1,2)', '1')
    .option(
      '--peers [file]',
      'ratios to peers: alone, run the peers of ../shared/bench in this invocation; with a file, read its JSON lines (from run-peers.sh)',
    )
    .option('--peer-list <names>', `peers to run with --peers (${PEERS.join(', ')})`, PEERS.join(','))
    .option(
      '--interleave',
      'with several thread counts (including 1): run them in alternating steps and report the paired speed-up',
    )
    .option('--json', 'one JSON object per workload and thread count instead of a table')
    .option('--backend <kernels>', 'float32 kernels: auto (WebAssembly SIMD when available), wasm or js', 'auto')
    .option('--no-inference', 'skip the inference figure (1 000 steps × 2 layers × 256 units with gate recording)')
    .option(
      '--scale',
      'instead: train on large generated files in child processes (time to first step, steps/s, peak memory, one evaluation)',
    )
    .option(
      '--scale-data <ids>',
      `with --scale: the data sets (${SCALE_DATASETS.map((d) => d.id).join(', ')})`,
      SCALE_DATASETS.map((d) => d.id).join(','),
    )
    .option('--scale-steps <n>', 'with --scale: optimizer steps before the evaluation', parseInteger(2), 20)
    .option(
      '--scale-folder <dir>',
      `with --scale: where the generated files are kept (default ${defaultScaleFolder()})`,
    )
    .option('--scale-timeout <seconds>', 'with --scale: time a child may take to its evaluation', parseInteger(1), 3600)
    .option(
      '--scale-train-args <flags>',
      'with --scale: more `train` flags for every child, space-separated (e.g. "--threads 1")',
    )
    .option(
      '--evaluate',
      "instead: the Evaluate view's worker — a 2 × 256 language model over 1 MB of text (first pass with state caching, match and unit search, cache bytes) and a classifier",
    )
    .option(
      '--evaluate-text <file>',
      'with --evaluate: the text repeated to --evaluate-bytes',
      'examples/text/fables.txt',
    )
    .option(
      '--evaluate-bytes <n>',
      'with --evaluate: bytes of text the language model reads',
      parseInteger(1000),
      1_000_000,
    )
    .option('--evaluate-reviews <file>', "with --evaluate: the classifier's data", 'examples/sentiment/reviews.csv')
    .action(async (flags: BenchFlags) => {
      if (flags.scale) return runScale(flags);
      if (flags.evaluate) return runEvaluate(flags);
      const kernels = setKernelBackend(flags.backend as KernelBackendChoice);
      const threadCounts = parseThreadList(flags.threads);
      const workloads = selectWorkloads(
        flags.workload
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
      const budget = Number(flags.budget);
      const warmup = Number(flags.warmup);
      const say = (line: string) => (flags.json ? console.error(line) : console.log(line));
      const kernelName =
        kernels.active === 'js' ? 'js (TypeScript)' : kernels.relaxedSimd ? 'wasm-relaxed-simd' : 'wasm-simd';
      say(`kernels: ${kernelName}; threads: ${threadCounts.join(', ')}`);

      const peerFile = typeof flags.peers === 'string' ? readPeerFile(flags.peers) : [];
      let peerRunner: PeerRunner | null = null;
      const peerNames = flags.peerList
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean) as PeerName[];
      for (const name of peerNames)
        if (!(PEERS as readonly string[]).includes(name))
          throw new Error(`unknown peer '${name}' (choose from ${PEERS.join(', ')})`);
      if (flags.peers === true) {
        const folder = defaultPeersFolder();
        if (existsSync(join(folder, 'bench_torch.py'))) {
          peerRunner = new PeerRunner(folder, (line) => say(`  ${line}`));
          say(
            `peers: ${peerNames.join(', ')} from ${folder}${peerRunner.coreType ? ` (PyTorch with OPENBLAS_CORETYPE=${peerRunner.coreType})` : ''}, after our runs of each workload`,
          );
        } else say(`peers: ${folder} not found, so no peers run`);
      }

      const threadScript = join(__dirname, 'train-thread.js');
      for (const workload of workloads) {
        const ours: BenchResult[] = [];
        if (flags.interleave && threadCounts.length > 1)
          ours.push(...(await benchInterleaved(workload, budget, warmup, threadCounts, threadScript)));
        else
          for (const threads of threadCounts)
            ours.push(await benchWorkload(workload, budget, warmup, threads, threadScript));
        const peers = peerRunner
          ? runPeers(peerRunner, peerNames, workload, budget)
          : peerFile.filter((p) => p.workload.toUpperCase() === workload.id);
        // maxRSS never goes down, so this is the peak of everything run so far: run one workload alone for its own.
        const peakMb = peakResidentMegabytes();
        for (const result of ours) {
          if (flags.json)
            console.log(
              JSON.stringify({
                ...result,
                peakResidentMb: round(peakMb, 1),
                ...(peers.length ? { ratios: ratiosOf(result, peers) } : {}),
              }),
            );
        }
        if (!flags.json)
          console.log(
            `${formatWorkload(workload, ours, peers)}\n  peak resident memory so far: ${peakMb.toFixed(0)} MB${workloads.length > 1 ? ' (run one workload alone for its own peak)' : ''}`,
          );
      }
      if (flags.inference) {
        const inference = benchInference();
        if (flags.json) console.log(JSON.stringify({ inference }));
        else
          console.log(
            `Inference  ${inference.steps} steps through LSTM(${inference.hiddenSize}) × ${inference.layers} with gate recording: median ${inference.medianMs.toFixed(1)} ms (${inference.runs} runs)`,
          );
      }
    });
}

async function runEvaluate(flags: BenchFlags): Promise<void> {
  const say = (line: string) => (flags.json ? console.error(line) : console.log(line));
  const results = await runEvaluateBench({
    textPath: flags.evaluateText,
    textBytes: flags.evaluateBytes,
    reviewsPath: flags.evaluateReviews,
    say,
  });
  if (flags.json) for (const result of results) console.log(JSON.stringify(result));
  // Projection and ablation (bench-evaluation.ts): PCA of 100 000 × 256 states, UMAP, an ablation pass.
  const projection = await runEvaluationBench(flags.evaluateReviews, say);
  if (flags.json) console.log(JSON.stringify(projection));
  say(`peak resident memory: ${peakResidentMegabytes().toFixed(0)} MB`);
}

async function runScale(flags: BenchFlags): Promise<void> {
  const say = (line: string) => (flags.json ? console.error(line) : console.log(line));
  const results = await runScaleBench({
    datasets: scaleDatasetsByIds(
      flags.scaleData
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    folder: flags.scaleFolder ?? defaultScaleFolder(),
    steps: flags.scaleSteps,
    timeoutSeconds: flags.scaleTimeout,
    cliScript: join(__dirname, 'cli.js'),
    extraTrainArgs: flags.scaleTrainArgs?.split(/\s+/).filter(Boolean),
    say,
    onResult: (result) => {
      if (flags.json) console.log(scaleResultJson(result));
    },
  });
  if (!flags.json) console.log(`\n${formatScaleTable(results)}`);
}

function parseThreadList(text: string): number[] {
  const counts = text.split(',').map((s) => Number(s.trim()));
  for (const n of counts)
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`--threads: expected integers in 1…64, got '${text}'`);
  return counts;
}

function runPeers(runner: PeerRunner, names: PeerName[], workload: Workload, budget: number): PeerResult[] {
  const results: PeerResult[] = [];
  for (const name of names) {
    const result = runner.run(name, workload.id, budget);
    if (result) results.push(result);
  }
  return results;
}

/** Our samples/s over each peer's, by the peer's own name (e.g. `torch-1t-Zen`). */
function ratiosOf(result: BenchResult, peers: PeerResult[]): Record<string, number> {
  return Object.fromEntries(peers.map((p) => [p.peer, round(result.samplesPerSecond / p.samples_per_s, 3)]));
}

function formatWorkload(workload: Workload, ours: BenchResult[], peers: PeerResult[]): string {
  const lines = [`${workload.id}  ${workload.description}`];
  const single = ours.find((r) => r.threads === 1);
  for (const r of ours) {
    const paired = r.pairedSpeedup;
    const scaling = paired
      ? `, ×${paired.median.toFixed(2)} vs 1 thread: median of ${paired.pairs} back-to-back pairs, quartiles ${paired.q1.toFixed(2)}–${paired.q3.toFixed(2)}`
      : single && r.threads > 1
        ? `, ×${(r.samplesPerSecond / single.samplesPerSecond).toFixed(2)} vs 1 thread`
        : '';
    lines.push(
      `  ours, ${r.threads} thread${r.threads > 1 ? 's' : ' '}  ${r.samplesPerSecond.toFixed(1).padStart(9)} samples/s  ${r.gflops.toFixed(2).padStart(6)} GFLOP/s  ` +
        `(${r.iterations} iterations, median ${(r.medianSeconds * 1000).toFixed(1)} ms, CPU/wall ${r.cpuPerWall.toFixed(2)}, loss ${r.lossFirst.toFixed(4)} → ${r.lossLast.toFixed(4)}${scaling})`,
    );
  }
  for (const p of peers) {
    const ratios = ours.map((r) => `${r.threads}t ×${(r.samplesPerSecond / p.samples_per_s).toFixed(2)}`).join(', ');
    lines.push(
      `  ${p.peer.padEnd(18)} ${p.samples_per_s.toFixed(1).padStart(9)} samples/s  ${((p.samples_per_s * workload.flopsPerSample) / 1e9).toFixed(2).padStart(6)} GFLOP/s   ours: ${ratios}`,
    );
  }
  return lines.join('\n');
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
