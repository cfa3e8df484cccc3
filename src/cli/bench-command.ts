/** The `bench` subcommand: runs the workloads, prints a table (or JSON lines), and ratios to peers. */

import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { setKernelBackend, type KernelBackendChoice } from '../engine';
import { benchWorkload, selectWorkloads, type BenchResult } from './bench';

interface PeerResult {
  peer: string;
  workload: string;
  samples_per_s: number;
}

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('measure training throughput (samples/s) on the shared workloads W1–W3')
    .option('--workload <ids>', 'comma-separated workloads (W1,W2,W3)', 'W1,W2,W3')
    .option('--budget <seconds>', 'timed seconds per workload after warm-up', '5')
    .option('--warmup <n>', 'warm-up iterations', '3')
    .option('--peers <file>', 'JSON lines from shared/bench/run-peers.sh, to print ratios against')
    .option('--json', 'one JSON object per workload instead of a table')
    .option('--backend <kernels>', 'float32 kernels: auto (WebAssembly SIMD when available), wasm or js', 'auto')
    .action((options: { workload: string; budget: string; warmup: string; peers?: string; json?: boolean; backend: string }) => {
      const kernels = setKernelBackend(options.backend as KernelBackendChoice);
      if (!options.json) console.log(`kernels: ${kernels.active === 'js' ? 'js (TypeScript)' : kernels.relaxedSimd ? 'wasm-relaxed-simd' : 'wasm-simd'}, 1 thread`);
      const workloads = selectWorkloads(options.workload.split(',').map((s) => s.trim()).filter(Boolean));
      const peers = options.peers ? readPeers(options.peers) : [];
      const results: BenchResult[] = [];
      for (const workload of workloads) {
        const result = benchWorkload(workload, Number(options.budget), Number(options.warmup));
        results.push(result);
        if (options.json) console.log(JSON.stringify(result));
        else console.log(formatResult(result, peers));
      }
    });
}

function readPeers(file: string): PeerResult[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => JSON.parse(line) as PeerResult);
}

function formatResult(result: BenchResult, peers: PeerResult[]): string {
  const head = `${result.workload}  ${result.samplesPerSecond.toFixed(1).padStart(9)} samples/s  ${result.gflops.toFixed(2).padStart(6)} GFLOP/s  ` +
    `(${result.iterations} iterations, median ${(result.medianSeconds * 1000).toFixed(1)} ms, loss ${result.lossFirst.toFixed(4)} → ${result.lossLast.toFixed(4)})`;
  const ratios = peers
    .filter((p) => p.workload.toUpperCase() === result.workload)
    .map((p) => `${p.peer} ×${(result.samplesPerSecond / p.samples_per_s).toFixed(2)}`);
  return ratios.length ? `${head}\n      vs ${ratios.join(', ')}` : head;
}
