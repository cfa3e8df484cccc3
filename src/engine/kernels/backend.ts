/**
 * Which kernels run the float32 engine: WebAssembly SIMD (assembly/, built twice — with and without
 * relaxed SIMD) or plain TypeScript. Float64 (the gradient checks) always runs the TypeScript kernels.
 *
 *   setKernelBackend('auto')   WebAssembly when this host can run it, else TypeScript (the default)
 *   setKernelBackend('wasm')   WebAssembly, or an Error saying why it cannot run here
 *   setKernelBackend('js')     TypeScript
 *
 * WebAssembly needs SIMD-128 and shared memory (SharedArrayBuffer: always in Node and Electron; in a
 * browser page only when cross-origin isolated). The relaxed-SIMD build is used when the host validates it
 * (Node 20 only with --experimental-wasm-relaxed-simd; newer V8 by default). Switching is safe between
 * training steps: a layer keeps the backend its forward ran on for the matching backward.
 *
 * The module is compiled synchronously on first use (≈ 11 KB, well under any synchronous-compile limit).
 */

import { Arena } from './arena';
import { KERNELS_RELAXED_SIMD_BASE64, KERNELS_SIMD_BASE64 } from './wasm-binary';

export type KernelBackendChoice = 'auto' | 'wasm' | 'js';

export interface KernelBackendInfo {
  /** What was asked for with setKernelBackend. */
  requested: KernelBackendChoice;
  /** What runs float32 work now. */
  active: 'wasm' | 'js';
  /** When active is 'wasm': whether the relaxed-SIMD (fused multiply-add) build runs. */
  relaxedSimd: boolean;
  /** When WebAssembly is unavailable: why. */
  unavailableReason?: string;
}

/** The exports of assembly/index.ts (pointers are byte offsets into the arena's memory). */
export interface KernelExports {
  heapBase(): number;
  gemm(
    M: number,
    N: number,
    K: number,
    a: number,
    aRowStride: number,
    aColStride: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    beta: number,
  ): void;
  gemmRowsPanels32(
    M: number,
    N: number,
    K: number,
    a: number,
    aRowStride: number,
    aColStride: number,
    bPanels: number,
    c: number,
    ldc: number,
    beta: number,
  ): void;
  transpose(rows: number, cols: number, src: number, dst: number): void;
  transposeStrided(rows: number, cols: number, src: number, dst: number, ld: number): void;
  lstmCellForward(
    B: number,
    H: number,
    gates: number,
    cPrev: number,
    hPrev: number,
    cNext: number,
    hNext: number,
    tanhC: number,
    lengths: number,
    t: number,
  ): void;
  lstmCellBackward(
    B: number,
    H: number,
    gates: number,
    cPrev: number,
    tanhC: number,
    dh: number,
    dOut: number,
    dc: number,
    dz: number,
    lengths: number,
    t: number,
  ): void;
  columnSums(rows: number, N: number, src: number, out: number): void;
  gruCellForward(
    B: number,
    H: number,
    gates: number,
    u: number,
    biasHn: number,
    hPrev: number,
    hiddenN: number,
    hNext: number,
    lengths: number,
    t: number,
  ): void;
  gruCellBackward(
    B: number,
    H: number,
    gates: number,
    hiddenN: number,
    hPrev: number,
    dh: number,
    dOut: number,
    dhPrev: number,
    da: number,
    du: number,
    lengths: number,
    t: number,
  ): void;
  sigmoidArray(n: number, src: number, dst: number): void;
  tanhArray(n: number, src: number, dst: number): void;
  attentionScores(Tq: number, Tm: number, B: number, H: number, q: number, k: number, lengths: number, e: number): void;
  attentionSoftmaxContext(
    Tq: number,
    Tm: number,
    B: number,
    Hm: number,
    Hq: number,
    a: number,
    m: number,
    q: number,
    lengths: number,
    joined: number,
  ): void;
  attentionContextBackward(
    Tq: number,
    Tm: number,
    B: number,
    Hm: number,
    Hq: number,
    a: number,
    m: number,
    dJoined: number,
    lengths: number,
    dQuery: number,
    dMemory: number,
    dScores: number,
  ): void;
  attentionScoresBackward(
    Tq: number,
    Tm: number,
    B: number,
    H: number,
    dScores: number,
    q: number,
    k: number,
    lengths: number,
    dq: number,
    dk: number,
  ): void;
  tanhBackward(n: number, dy: number, y: number, dx: number): void;
  gatherRowsPlusBias(rows: number, N: number, ids: number, table: number, bias: number, out: number): void;
  scatterRowsSum(rows: number, N: number, V: number, ids: number, src: number, out: number): void;
  adamStep(
    n: number,
    value: number,
    grad: number,
    m: number,
    v: number,
    beta1: number,
    beta2: number,
    stepSize: number,
    bias2Sqrt: number,
    eps: number,
    decay: number,
    l2: number,
  ): void;
}

export interface WasmKernels {
  readonly exports: KernelExports;
  readonly arena: Arena;
  readonly relaxedSimd: boolean;
}

export interface KernelBackendOptions {
  /**
   * With WebAssembly: use the relaxed-SIMD build. Default: when the host supports it. false = always the
   * plain SIMD build (results then match on every host); true = the relaxed build or an Error.
   */
  relaxedSimd?: boolean;
}

type Build = 'simd' | 'relaxed-simd';

let requested: KernelBackendChoice = 'auto';
let requestedRelaxed: boolean | undefined;
let active: WasmKernels | null = null;
let activeResolved = false;
const builds = new Map<Build, WasmKernels | null>();
let unavailableReason: string | undefined;

export function setKernelBackend(choice: KernelBackendChoice, options: KernelBackendOptions = {}): KernelBackendInfo {
  if (choice !== 'auto' && choice !== 'wasm' && choice !== 'js')
    throw new Error(`kernel backend must be 'auto', 'wasm' or 'js', got '${String(choice)}'`);
  if (choice !== 'js') {
    const kernels = resolveWasm(options.relaxedSimd);
    if (!kernels && (choice === 'wasm' || options.relaxedSimd === true)) {
      throw new Error(
        `the WebAssembly kernels${options.relaxedSimd ? ' with relaxed SIMD' : ''} cannot run here (${unavailableReason}); use 'auto' or 'js'`,
      );
    }
  }
  requested = choice;
  requestedRelaxed = options.relaxedSimd;
  activeResolved = false;
  return kernelBackend();
}

export function kernelBackend(): KernelBackendInfo {
  const wasm = activeWasmKernels();
  return {
    requested,
    active: wasm ? 'wasm' : 'js',
    relaxedSimd: wasm?.relaxedSimd ?? false,
    ...(unavailableReason ? { unavailableReason } : {}),
  };
}

/** The WebAssembly kernels when they run float32 work now, else null (→ the TypeScript kernels). */
export function activeWasmKernels(): WasmKernels | null {
  if (!activeResolved) {
    active = requested === 'js' ? null : resolveWasm(requestedRelaxed);
    activeResolved = true;
  }
  return active;
}

function resolveWasm(relaxed: boolean | undefined): WasmKernels | null {
  if (relaxed === false) return loadBuild('simd');
  const fused = loadBuild('relaxed-simd');
  if (fused || relaxed === true) return fused;
  return loadBuild('simd');
}

// Each build gets its own instance and arena (a workspace from one is not used by the other).
function loadBuild(build: Build): WasmKernels | null {
  if (builds.has(build)) return builds.get(build)!;
  let kernels: WasmKernels | null = null;
  try {
    if (typeof WebAssembly !== 'object') throw new Error('no WebAssembly');
    const bytes = decodeBase64(build === 'simd' ? KERNELS_SIMD_BASE64 : KERNELS_RELAXED_SIMD_BASE64);
    if (!WebAssembly.validate(bytes))
      throw new Error(build === 'simd' ? 'no WebAssembly SIMD or threads' : 'no relaxed SIMD');
    const memory = createSharedMemory();
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      env: {
        memory,
        abort: () => {
          throw new Error('WebAssembly kernel aborted');
        },
      },
    });
    const exports = instance.exports as unknown as KernelExports;
    kernels = { exports, arena: new Arena(memory, exports.heapBase()), relaxedSimd: build === 'relaxed-simd' };
  } catch (error) {
    // A missing relaxed build is normal (Node 20); only a missing SIMD build is worth a reason.
    if (build === 'simd') unavailableReason = error instanceof Error ? error.message : String(error);
  }
  builds.set(build, kernels);
  return kernels;
}

function createSharedMemory(): WebAssembly.Memory {
  if (typeof SharedArrayBuffer === 'undefined')
    throw new Error('no SharedArrayBuffer (a browser page must be cross-origin isolated)');
  // The largest maximum the host will reserve: address space only, nothing is committed until used.
  for (const maximum of [65536, 16384, 4096]) {
    try {
      return new WebAssembly.Memory({ initial: 16, maximum, shared: true });
    } catch {
      // try a smaller reservation
    }
  }
  throw new Error('cannot create a shared WebAssembly memory');
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
