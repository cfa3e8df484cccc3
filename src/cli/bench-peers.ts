/**
 * The peer trainers of shared/bench (PyTorch, TensorFlow.js, brain.js), run from `lstm-studio bench
 * --peers` in the same invocation as our own runs, so the ratios compare figures measured in the same
 * minutes. What shared/bench/run-peers.sh does, per workload:
 *
 * - PyTorch 1.13 from Debian (`python3-torch`, with `libopenblas0-openmp`: with the reference BLAS it is
 *   5× slower), installed with apt-get when missing. Debian's OpenBLAS misdetects this CPU as an old
 *   SSE-only core, so OPENBLAS_CORETYPE names the core from /proc/cpuinfo: SkylakeX with AVX-512 (what
 *   run-peers.sh assumes), else Zen (AMD) or Haswell (Intel) with AVX2 — SkylakeX kernels on a CPU
 *   without AVX-512 die with "Illegal instruction".
 * - TensorFlow.js (wasm backend, with the script's Embedding-gradient fix) and brain.js, from a writable
 *   copy of the folder (shared/ may be read-only) with `npm ci` there on first use.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One line of a peer script's output (extra fields ignored). */
export interface PeerResult {
  peer: string;
  workload: string;
  samples_per_s: number;
}

export const PEERS = ['torch1', 'torch2', 'wasm', 'brain'] as const;
export type PeerName = (typeof PEERS)[number];

/** The workloads the JavaScript peers define (bench_tfjs.js, bench_brain.js); PyTorch's bench_torch.py has all. */
const JS_PEER_WORKLOADS = new Set(['w1', 'w2', 'w3']);

/** Where shared/bench is when the CLI runs from this repository (dist/cli.js → ../../shared/bench). */
export function defaultPeersFolder(): string {
  return join(__dirname, '..', '..', 'shared', 'bench');
}

/** Reads JSON lines (as run-peers.sh prints them). */
export function readPeerFile(file: string): PeerResult[] {
  return parsePeerLines(readFileSync(file, 'utf8'));
}

function parsePeerLines(text: string): PeerResult[] {
  return text
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => JSON.parse(line) as PeerResult);
}

/** OPENBLAS_CORETYPE for this CPU, or undefined to let OpenBLAS decide (not x86, or no AVX2). */
export function openBlasCoreType(cpuinfo = readCpuinfo()): string | undefined {
  const flags = new Set((/^flags\s*:(.*)$/m.exec(cpuinfo)?.[1] ?? '').trim().split(/\s+/));
  if (flags.has('avx512f')) return 'SkylakeX';
  if (!flags.has('avx2')) return undefined;
  return /AuthenticAMD/.test(cpuinfo) ? 'Zen' : 'Haswell';
}

function readCpuinfo(): string {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return '';
  }
}

export class PeerRunner {
  private readonly workDir: string;
  private torchReady: boolean | null = null;
  private jsReady: boolean | null = null;
  readonly coreType = openBlasCoreType();

  constructor(
    private readonly sourceDir: string,
    private readonly log: (line: string) => void,
  ) {
    this.workDir = join(tmpdir(), 'lstm-peers');
  }

  /** Runs one peer on one workload; null (after a logged reason) when it cannot run here. */
  run(peer: PeerName, workload: string, budgetSeconds: number): PeerResult | null {
    const w = workload.toLowerCase();
    const budget = String(budgetSeconds);
    switch (peer) {
      case 'torch1':
      case 'torch2':
        if (!this.ensureTorch()) return null;
        return this.exec(
          '/usr/bin/python3',
          [
            join(this.workDir, 'bench_torch.py'),
            '--threads',
            peer === 'torch1' ? '1' : '2',
            '--workload',
            w,
            '--budget',
            budget,
          ],
          peer,
          this.coreType ? { OPENBLAS_CORETYPE: this.coreType } : {},
        );
      case 'wasm':
        if (!JS_PEER_WORKLOADS.has(w)) return null;
        if (!this.ensureJs()) return null;
        return this.exec(
          process.execPath,
          [
            join(this.workDir, 'bench_tfjs.js'),
            '--backend',
            'wasm',
            '--segfix',
            '1',
            '--workload',
            w,
            '--budget',
            budget,
          ],
          peer,
        );
      case 'brain':
        if (!JS_PEER_WORKLOADS.has(w)) return null;
        if (!this.ensureJs()) return null;
        return this.exec(
          process.execPath,
          [join(this.workDir, 'bench_brain.js'), '--workload', w, '--budget', budget],
          peer,
        );
    }
  }

  private exec(command: string, args: string[], peer: string, env: Record<string, string> = {}): PeerResult | null {
    this.copyScripts();
    const result = spawnSync(command, args, {
      cwd: this.workDir,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    const lines = parsePeerLines(result.stdout ?? '');
    if (result.status !== 0 || lines.length === 0) {
      const why =
        result.error?.message ??
        (result.signal ? `signal ${result.signal}` : (result.stderr ?? '').trim().split('\n').slice(-1)[0]);
      this.log(`peer ${peer} failed: ${why || `exit code ${result.status}`}`);
      return null;
    }
    return lines[0];
  }

  private copyScripts(): void {
    mkdirSync(this.workDir, { recursive: true });
    for (const file of readdirSync(this.sourceDir)) {
      if (/\.(py|js)$/.test(file) || file === 'package.json' || file === 'package-lock.json')
        copyFileSync(join(this.sourceDir, file), join(this.workDir, file));
    }
  }

  private ensureTorch(): boolean {
    if (this.torchReady !== null) return this.torchReady;
    const ok = () =>
      spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0 &&
      spawnSync('dpkg', ['-s', 'libopenblas0-openmp'], { stdio: 'ignore' }).status === 0;
    if (!ok()) {
      this.log('installing python3-torch and libopenblas0-openmp with apt-get (once)…');
      try {
        execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
        execFileSync('apt-get', ['install', '-y', '-qq', 'python3-torch', 'libopenblas0-openmp'], {
          stdio: 'ignore',
          env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        });
      } catch (error) {
        this.log(`cannot install PyTorch: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.torchReady = ok();
    if (!this.torchReady) this.log('PyTorch peers skipped: /usr/bin/python3 cannot import torch');
    return this.torchReady;
  }

  private ensureJs(): boolean {
    if (this.jsReady !== null) return this.jsReady;
    this.copyScripts();
    if (!existsSync(join(this.workDir, 'node_modules', '@tensorflow', 'tfjs'))) {
      this.log(`installing the JavaScript peers (npm ci in ${this.workDir}, once)…`);
      const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: this.workDir, stdio: 'ignore' });
      if (npm.status !== 0) this.log(`npm ci failed in ${this.workDir} (exit code ${npm.status})`);
    }
    this.jsReady = existsSync(join(this.workDir, 'node_modules', '@tensorflow', 'tfjs'));
    if (!this.jsReady) this.log('TensorFlow.js and brain.js peers skipped: their packages are not installed');
    return this.jsReady;
  }
}
