/**
 * The float32 kernel implementations against plain loops and against each other: matrix products on odd
 * shapes (ragged 4×8 tiles, K past one block), σ/tanh accuracy, whole training steps WebAssembly vs
 * TypeScript, the arena (views survive growth, blocks are reused), backend selection, and no allocation
 * in steady-state training. The relaxed-SIMD build runs in a child Node with the flag that enables it.
 */

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LstmModel,
  Random,
  createOptimizer,
  kernelBackend,
  setKernelBackend,
  trainStep,
  type Batch,
  type ModelConfig,
  type Parameter,
} from '../../../src/engine';
import type { LayerRecording } from '../../../src/engine';
import { Arena } from '../../../src/engine/kernels/arena';
import { activeWasmKernels } from '../../../src/engine/kernels/backend';
import { matmul, matmulTransposedA, matmulTransposedB } from '../../../src/engine/matmul';
import { KERNEL_VARIANTS, useKernels } from './golden-helpers';

type Layout = 'A·Bᵀ' | 'A·B' | 'Aᵀ·B';

function naive(
  layout: Layout,
  M: number,
  N: number,
  K: number,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): { c: Float64Array; scale: Float64Array } {
  const c = new Float64Array(M * N);
  const scale = new Float64Array(M * N); // Σ|a·b|: what float32 rounding is relative to
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let s = 0;
      let t = 0;
      for (let k = 0; k < K; k++) {
        const av = layout === 'Aᵀ·B' ? a[k * M + m] : a[m * K + k];
        const bv = layout === 'A·Bᵀ' ? b[n * K + k] : b[k * N + n];
        s += av * bv;
        t += Math.abs(av * bv);
      }
      c[m * N + n] = s;
      scale[m * N + n] = t;
    }
  }
  return { c, scale };
}

// M, N, K: single elements, exact tiles, ragged rows/columns, a 4-wide column panel, K over one block (128)
// (3, 96, 300) and (1, 1024, 256): rows left over from the 4-row tiles, 32 columns at a time (batch-1 inference)
const shapes: [number, number, number][] = [
  [1, 1, 1],
  [4, 8, 3],
  [5, 9, 7],
  [6, 12, 2],
  [7, 13, 130],
  [9, 17, 257],
  [33, 65, 5],
  [3, 96, 300],
  [1, 1024, 256],
  [128, 256, 64],
];

describe.each(KERNEL_VARIANTS)('matrix products on $name', (variant) => {
  useKernels(variant);

  it('runs on the kernels it says', () => {
    expect(kernelBackend().active).toBe(variant.choice === 'js' ? 'js' : 'wasm');
  });

  describe.each(['A·Bᵀ', 'A·B', 'Aᵀ·B'] as Layout[])('%s', (layout) => {
    it.each(shapes)('M=%i N=%i K=%i: overwrite and accumulate, with offsets, heap and arena operands', (M, N, K) => {
      const rng = new Random(M * 1000 + N * 10 + K);
      const offset = 3;
      const a = Float32Array.from({ length: offset + M * K }, () => rng.normal());
      const b = Float32Array.from({ length: offset + N * K }, () => rng.normal());
      const { c: expected, scale } = naive(layout, M, N, K, a.subarray(offset), b.subarray(offset));
      const product = layout === 'A·Bᵀ' ? matmulTransposedB : layout === 'A·B' ? matmul : matmulTransposedA;
      const wasm = activeWasmKernels();
      // On WebAssembly, once with heap arrays (copied in and out) and once with arena views (in place).
      const homes = wasm ? ['heap', 'arena'] : ['heap'];
      for (const home of homes) {
        const place = (x: Float32Array) => {
          if (home === 'heap') return x;
          const view = wasm!.arena.float32(x.length);
          view.set(x);
          return view;
        };
        const c = place(new Float32Array(offset + M * N).fill(7));
        const run = (beta: 0 | 1) => product(M, N, K, place(a), offset, place(b), offset, c, offset, beta);
        // error relative to Σ|a·b| (float32 rounding scales with it), worst element
        const worst = (factor: number) => {
          let w = 0;
          for (let i = 0; i < M * N; i++)
            w = Math.max(w, Math.abs(c[offset + i] - factor * expected[i]) / (factor * scale[i] + 1e-30));
          return w;
        };
        run(0);
        expect(worst(1), `${home}: C = A·B`).toBeLessThanOrEqual(1e-6);
        expect(Array.from(c.subarray(0, offset))).toEqual([7, 7, 7]); // nothing written before the offset
        run(1);
        expect(worst(2), `${home}: C += A·B`).toBeLessThanOrEqual(1e-6);
      }
    });
  });
});

// What one sequence computes must not depend on the batch it is in (Predict on Selection and the Gates
// panel read one text; evaluation reads it in a batch), nor on the tile that happened to compute its row.
describe.each(KERNEL_VARIANTS)('a row does not depend on the rows around it, on $name', (variant) => {
  useKernels(variant);

  it('each row of a 7-row product equals the same row computed alone, bit for bit', () => {
    const rng = new Random(5);
    const [M, N, K] = [7, 96, 300];
    const a = Float32Array.from({ length: M * K }, () => rng.normal());
    const w = Float32Array.from({ length: N * K }, () => rng.normal());
    const bias = Float32Array.from({ length: M * N }, () => rng.normal());
    const together = bias.slice();
    matmulTransposedB(M, N, K, a, 0, w, 0, together, 0, 1);
    for (let m = 0; m < M; m++) {
      const alone = bias.slice(m * N, (m + 1) * N);
      matmulTransposedB(1, N, K, a.subarray(m * K), 0, w, 0, alone, 0, 1);
      expect(Array.from(alone), `row ${m}`).toEqual(Array.from(together.subarray(m * N, (m + 1) * N)));
    }
  });

  it('a sequence read alone gives the same outputs and recording as inside a batch of 5', () => {
    const config: Partial<ModelConfig> = {
      vocabSize: 40,
      embeddingDim: 12,
      hiddenSize: 64,
      numLayers: 2,
      outputSize: 40,
      headOn: 'every',
      loss: 'softmax-ce',
    };
    const model = new LstmModel(config, 3);
    const rng = new Random(6);
    const [B, T] = [5, 30];
    const tokens = Int32Array.from({ length: B * T }, () => rng.int(40));
    const batched = model.forward({ batchSize: B, steps: T, tokens }, { record: true });
    const O = 40;
    const H = 64;
    for (const b of [0, 4]) {
      const alone = model.forward(
        { batchSize: 1, steps: T, tokens: tokens.slice(b * T, (b + 1) * T) },
        { record: true },
      );
      expect(Array.from(alone.output), `outputs of sequence ${b}`).toEqual(
        Array.from(batched.output.subarray(b * T * O, (b + 1) * T * O)),
      );
      for (let l = 0; l < 2; l++) {
        for (const key of ['i', 'f', 'g', 'o', 'c', 'h'] as const) {
          expect(
            Array.from((alone.recording![l] as LayerRecording)[key]),
            `layer ${l} ${key} of sequence ${b}`,
          ).toEqual(Array.from((batched.recording![l] as LayerRecording)[key].subarray(b * T * H, (b + 1) * T * H)));
        }
      }
    }
  });
});

describe('the matrix-vector product over packed panels', () => {
  it("gives gemm's bits for 1–3 rows, overwriting and accumulating, K past one block", () => {
    setKernelBackend('wasm', { relaxedSimd: false });
    try {
      const wasm = activeWasmKernels()!;
      const rng = new Random(8);
      for (const [M, N, K] of [
        [1, 1024, 256],
        [2, 64, 300],
        [3, 32, 7],
      ]) {
        const a = wasm.arena.float32(M * K);
        const b = wasm.arena.float32(K * N);
        const panels = wasm.arena.float32(K * N);
        const c1 = wasm.arena.float32(M * N);
        const c2 = wasm.arena.float32(M * N);
        for (let i = 0; i < a.length; i++) a[i] = rng.normal();
        for (let i = 0; i < b.length; i++) b[i] = rng.normal();
        // panels (N/32, K, 32) of the row-major B (K, N)
        for (let k = 0; k < K; k++)
          for (let n = 0; n < N; n++) panels[((n >> 5) * K + k) * 32 + (n & 31)] = b[k * N + n];
        for (const beta of [0, 1]) {
          for (let i = 0; i < M * N; i++) c1[i] = c2[i] = rng.normal();
          wasm.exports.gemm(M, N, K, a.byteOffset, K, 1, b.byteOffset, N, c1.byteOffset, N, beta);
          wasm.exports.gemmRowsPanels32(M, N, K, a.byteOffset, K, 1, panels.byteOffset, c2.byteOffset, N, beta);
          expect(Array.from(c2), `M=${M} N=${N} K=${K} beta=${beta}`).toEqual(Array.from(c1));
        }
        for (const x of [a, b, panels, c1, c2]) wasm.arena.release(x);
      }
    } finally {
      setKernelBackend('auto');
    }
  });
});

describe('the strided transpose', () => {
  it('puts every element of a dense (rows, cols) at (col, row) of rows ld apart, blocks and edges alike', () => {
    setKernelBackend('wasm', { relaxedSimd: false });
    try {
      const wasm = activeWasmKernels()!;
      const rng = new Random(9);
      for (const [rows, cols, ld] of [
        [8, 12, 8],
        [7, 10, 9],
        [512, 64, 528],
        [3, 2, 5],
      ]) {
        const src = wasm.arena.float32(rows * cols);
        const dst = wasm.arena.float32(cols * ld);
        for (let i = 0; i < src.length; i++) src[i] = rng.normal();
        dst.fill(-1);
        wasm.exports.transposeStrided(rows, cols, src.byteOffset, dst.byteOffset, ld);
        for (let c = 0; c < cols; c++)
          for (let r = 0; r < ld; r++)
            expect(dst[c * ld + r], `${rows}×${cols} ld ${ld} at (${c}, ${r})`).toBe(r < rows ? src[r * cols + c] : -1);
        for (const x of [src, dst]) wasm.arena.release(x);
      }
    } finally {
      setKernelBackend('auto');
    }
  });
});

describe('WebAssembly σ and tanh', () => {
  it('are within 2e-7 of Math.exp/Math.tanh over [−30, 30] and at the edges', () => {
    setKernelBackend('wasm', { relaxedSimd: false });
    const wasm = activeWasmKernels()!;
    const n = 200_003;
    const x = wasm.arena.float32(n);
    const y = wasm.arena.float32(n);
    for (let k = 0; k < n; k++) x[k] = -30 + (60 * k) / n;
    x.set([0, 1e-7, -1e-7, 1e-4, 0.6249, 0.6251, -0.6251, 88, -88, 100, -100, 1e-30, 5e-3, -2e-3, 9, -9, 20, -40, 3]);
    for (const [name, run, reference] of [
      ['sigmoid', wasm.exports.sigmoidArray, (v: number) => 1 / (1 + Math.exp(-v))],
      ['tanh', wasm.exports.tanhArray, Math.tanh],
    ] as const) {
      run(n, x.byteOffset, y.byteOffset);
      let worst = 0;
      for (let k = 0; k < n; k++) worst = Math.max(worst, Math.abs(y[k] - reference(x[k])));
      console.log(`${name}: max |error| ${worst.toExponential(2)}`);
      expect(worst, name).toBeLessThan(2e-7);
    }
    wasm.arena.release(x);
    wasm.arena.release(y);
    setKernelBackend('auto');
  });
});

/** Loss and every gradient of one float32 training step of `config` on `variant`. */
function stepOn(variant: { choice: 'js' | 'wasm'; relaxedSimd?: boolean }, config: Partial<ModelConfig>, batch: Batch) {
  setKernelBackend(variant.choice, variant.choice === 'wasm' ? { relaxedSimd: variant.relaxedSimd } : {});
  const model = new LstmModel(config, 7);
  model.zeroGrad();
  const { loss } = model.forward(batch, { training: true, rng: new Random(3) });
  model.backward();
  const grads = model.parameters().map((p) => ({ name: p.name, grad: Float64Array.from(p.grad) }));
  setKernelBackend('auto');
  return { loss, grads };
}

describe('a training step: WebAssembly and TypeScript agree to float32 noise', () => {
  afterEach(() => setKernelBackend('auto'));
  const B = 5;
  const T = 9;
  const configs: [string, Partial<ModelConfig>, boolean][] = [
    [
      '2 layers, embedding, H=13 (ragged lanes), dropout, padded, bce on last',
      {
        vocabSize: 17,
        embeddingDim: 6,
        hiddenSize: 13,
        numLayers: 2,
        dropout: 0.3,
        outputSize: 1,
        headOn: 'last',
        loss: 'bce',
      },
      true,
    ],
    [
      '1 layer, features, H=8, mse on every step, padded',
      { inputSize: 3, hiddenSize: 8, numLayers: 1, outputSize: 2, headOn: 'every', loss: 'mse' },
      true,
    ],
    [
      '3 layers, embedding, H=16, softmax-ce on every step',
      {
        vocabSize: 11,
        embeddingDim: 5,
        hiddenSize: 16,
        numLayers: 3,
        outputSize: 11,
        headOn: 'every',
        loss: 'softmax-ce',
      },
      false,
    ],
  ];
  it.each(configs)('%s', (_name, config, padded) => {
    const rng = new Random(42);
    const lengths = Int32Array.from({ length: B }, (_, b) => (padded ? [T, 3, 6, 1, 8][b] : T));
    const batch: Batch = { batchSize: B, steps: T, lengths };
    if (config.vocabSize) batch.tokens = Int32Array.from({ length: B * T }, () => 1 + rng.int(config.vocabSize! - 1));
    else batch.features = Float32Array.from({ length: B * T * config.inputSize! }, () => rng.normal());
    const rows = config.headOn === 'every' ? B * T : B;
    if (config.loss === 'bce') batch.targets = Float32Array.from({ length: rows }, () => rng.int(2));
    else if (config.loss === 'mse')
      batch.targets = Float32Array.from({ length: rows * config.outputSize! }, () => rng.normal());
    else batch.targets = Int32Array.from({ length: rows }, () => rng.int(config.outputSize!));
    const js = stepOn({ choice: 'js' }, config, batch);
    const wasm = stepOn({ choice: 'wasm', relaxedSimd: false }, config, batch);
    expect(Math.abs(wasm.loss - js.loss)).toBeLessThan(1e-6 * Math.abs(js.loss));
    for (let p = 0; p < js.grads.length; p++) {
      const a = js.grads[p].grad;
      const b = wasm.grads[p].grad;
      let scale = 0;
      let diff = 0;
      for (let k = 0; k < a.length; k++) {
        scale = Math.max(scale, Math.abs(a[k]));
        diff = Math.max(diff, Math.abs(a[k] - b[k]));
      }
      expect(diff / Math.max(scale, 1e-30), js.grads[p].name).toBeLessThan(1e-5);
    }
  });
});

describe('the arena', () => {
  it('keeps old views valid across growth, reuses and merges freed blocks', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1024, shared: true });
    const arena = new Arena(memory, 100);
    const first = arena.float32(10);
    const second = arena.float32(10);
    first.set([1, 2, 3]);
    expect(first.byteOffset % 64).toBe(0);
    expect(first.byteOffset).toBeGreaterThanOrEqual(100);
    const big = arena.float32(200_000); // forces the memory to grow
    expect(memory.buffer.byteLength).toBeGreaterThan(65536);
    expect(Array.from(first.subarray(0, 3))).toEqual([1, 2, 3]);
    expect(arena.owns(first) && arena.owns(big)).toBe(true);
    expect(arena.owns(new Float32Array(4))).toBe(false);
    arena.release(first);
    arena.release(second);
    const reused = arena.float32(20); // the two freed 64-byte neighbours merged into one 128-byte block
    expect(reused.byteOffset).toBe(first.byteOffset);
    expect(Array.from(reused)).toEqual(new Array(20).fill(0)); // zeroed on reuse
    const used = arena.usedBytes;
    arena.release(big);
    expect(arena.usedBytes).toBe(used - 200_000 * 4);
  });
});

describe('backend selection', () => {
  afterEach(() => setKernelBackend('auto'));
  it("'auto' picks WebAssembly on Node, 'js' the TypeScript kernels, anything else is an error", () => {
    expect(setKernelBackend('auto').active).toBe('wasm');
    expect(setKernelBackend('js').active).toBe('js');
    expect(() => setKernelBackend('gpu' as never)).toThrow(/'auto', 'wasm' or 'js'/);
  });

  it('a model keeps training when the backend changes between steps', () => {
    const model = new LstmModel(
      { vocabSize: 9, embeddingDim: 4, hiddenSize: 8, numLayers: 2, outputSize: 1, headOn: 'last', loss: 'bce' },
      1,
    );
    const optimizer = createOptimizer(model.parameters(), { kind: 'adam', lr: 0.01 });
    const batch: Batch = {
      batchSize: 2,
      steps: 4,
      tokens: Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
      targets: Float32Array.from([0, 1]),
    };
    const losses: number[] = [];
    for (const choice of ['wasm', 'js', 'wasm', 'js'] as const) {
      setKernelBackend(choice);
      losses.push(trainStep(model, batch, optimizer).loss);
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[3]).toBeLessThan(losses[0]);
  });
});

describe('the optimizer update', () => {
  afterEach(() => setKernelBackend('auto'));

  // Parameters of odd sizes (a SIMD remainder), the same gradients on every backend, several steps.
  function runAdam(kind: 'adam' | 'adamw', backend: 'wasm' | 'js', dtype: 'float32' | 'float64'): Float64Array[] {
    setKernelBackend(backend);
    const rng = new Random(5);
    const make = (name: string, n: number): Parameter => {
      const value = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
      for (let k = 0; k < n; k++) value[k] = rng.uniformIn(-1, 1);
      return { name, shape: [n], value, grad: dtype === 'float32' ? new Float32Array(n) : new Float64Array(n) };
    };
    const parameters = [make('a', 37), make('b', 1001)];
    const optimizer = createOptimizer(parameters, { kind, lr: 0.01, weightDecay: 0.05 });
    for (let step = 0; step < 6; step++) {
      for (const p of parameters)
        for (let k = 0; k < p.grad.length; k++) p.grad[k] = Math.sin(k * 0.37 + step) * 10 ** ((k % 7) - 4);
      optimizer.step();
    }
    return parameters.map((p) => Float64Array.from(p.value));
  }

  for (const kind of ['adam', 'adamw'] as const) {
    it(`${kind}: the WebAssembly and TypeScript float32 updates give the same bits, within float32 rounding of float64`, () => {
      const wasm = runAdam(kind, 'wasm', 'float32');
      const js = runAdam(kind, 'js', 'float32');
      const exact = runAdam(kind, 'js', 'float64');
      for (let p = 0; p < wasm.length; p++) {
        expect(Array.from(wasm[p])).toEqual(Array.from(js[p]));
        let worst = 0;
        for (let k = 0; k < wasm[p].length; k++) worst = Math.max(worst, Math.abs(wasm[p][k] - exact[p][k]));
        expect(worst).toBeLessThan(1e-6);
        expect(worst).toBeGreaterThan(0); // float32 and float64 runs really differ: the comparison is not vacuous
      }
    });
  }
});

describe('steady-state training allocates nothing', () => {
  it('the arena does not grow after the first step', () => {
    setKernelBackend('wasm');
    const arena = activeWasmKernels()!.arena;
    const model = new LstmModel(
      {
        vocabSize: 50,
        embeddingDim: 8,
        hiddenSize: 16,
        numLayers: 2,
        outputSize: 50,
        headOn: 'every',
        loss: 'softmax-ce',
      },
      2,
    );
    const optimizer = createOptimizer(model.parameters(), { kind: 'adam' });
    const rng = new Random(9);
    const batch = (): Batch => ({
      batchSize: 4,
      steps: 12,
      tokens: Int32Array.from({ length: 48 }, () => 1 + rng.int(49)),
      targets: Int32Array.from({ length: 48 }, () => rng.int(50)),
    });
    trainStep(model, batch(), optimizer);
    const used = arena.usedBytes;
    for (let i = 0; i < 5; i++) trainStep(model, batch(), optimizer);
    expect(arena.usedBytes).toBe(used);
    setKernelBackend('auto');
  });
});

describe('the relaxed-SIMD build', () => {
  it('computes the same products and activations (in a Node with --experimental-wasm-relaxed-simd)', () => {
    const source = readFileSync(join(__dirname, '../../../src/engine/kernels/wasm-binary.ts'), 'utf8');
    const literal = source.split('KERNELS_RELAXED_SIMD_BASE64 =')[1].split(';')[0];
    const base64 = [...literal.matchAll(/'([^']*)'/g)].map((m) => m[1]).join('');
    // A standalone check: the relaxed build against plain loops (gemm on ragged shapes, σ, tanh).
    const script = `
      const bytes = Buffer.from(process.env.KERNELS, 'base64');
      if (!WebAssembly.validate(bytes)) { console.log('unsupported'); process.exit(0); }
      const memory = new WebAssembly.Memory({ initial: 64, maximum: 1024, shared: true });
      const k = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory, abort() { throw new Error('abort'); } } }).exports;
      let top = Math.ceil(k.heapBase() / 64) * 64;
      const f32 = (n) => { const v = new Float32Array(memory.buffer, top, n); top += Math.ceil(n * 4 / 64) * 64; return v; };
      let worst = 0;
      for (const [M, N, K] of [[5, 9, 7], [7, 13, 130], [9, 17, 257]]) {
        const a = f32(M * K), b = f32(K * N), c = f32(M * N);
        for (let i = 0; i < a.length; i++) a[i] = Math.sin(i * 1.3);
        for (let i = 0; i < b.length; i++) b[i] = Math.cos(i * 0.7);
        k.gemm(M, N, K, a.byteOffset, K, 1, b.byteOffset, N, c.byteOffset, N, 0);
        for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) {
          let s = 0, t = 0;
          for (let q = 0; q < K; q++) { s += a[m * K + q] * b[q * N + n]; t += Math.abs(a[m * K + q] * b[q * N + n]); }
          worst = Math.max(worst, Math.abs(c[m * N + n] - s) / t);
        }
      }
      const x = f32(1001), y = f32(1001);
      for (let i = 0; i < 1001; i++) x[i] = -20 + i * 0.04;
      k.tanhArray(1001, x.byteOffset, y.byteOffset);
      let act = 0;
      for (let i = 0; i < 1001; i++) act = Math.max(act, Math.abs(y[i] - Math.tanh(x[i])));
      k.sigmoidArray(1001, x.byteOffset, y.byteOffset);
      for (let i = 0; i < 1001; i++) act = Math.max(act, Math.abs(y[i] - 1 / (1 + Math.exp(-x[i]))));
      console.log(JSON.stringify({ gemm: worst, activations: act }));
    `;
    const child = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '-e', script], {
      env: { ...process.env, KERNELS: base64 },
      encoding: 'utf8',
    });
    expect(child.status, child.stderr).toBe(0);
    const out = child.stdout.trim();
    if (out === 'unsupported') {
      console.log('relaxed SIMD is not available in this Node; skipped');
      return;
    }
    const { gemm, activations } = JSON.parse(out);
    console.log(
      `relaxed SIMD: gemm max error ${gemm.toExponential(2)} of Σ|a·b|, activations max |error| ${activations.toExponential(2)}`,
    );
    expect(gemm).toBeLessThan(1e-6);
    expect(activations).toBeLessThan(2e-7);
  });
});
