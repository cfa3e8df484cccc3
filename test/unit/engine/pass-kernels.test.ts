/**
 * Kernels are chosen once per pass: a backward runs on the kernels its forward chose, whatever the
 * backend choice says by then, and float64 always runs the TypeScript kernels.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { LstmModel, Random, kernelsFor, setKernelBackend, type Batch } from '../../../src/engine';

const config = {
  vocabSize: 20,
  embeddingDim: 6,
  hiddenSize: 8,
  numLayers: 2,
  outputSize: 3,
  headOn: 'every' as const,
  loss: 'softmax-ce' as const,
};

function batch(): Batch {
  const rng = new Random(3);
  const B = 4;
  const T = 7;
  return {
    batchSize: B,
    steps: T,
    tokens: Int32Array.from({ length: B * T }, () => 1 + rng.int(19)),
    lengths: Int32Array.from([7, 3, 5, 7]),
    targets: Int32Array.from({ length: B * T }, () => rng.int(3)),
  };
}

/** Every parameter gradient after forward on `forwardOn` and backward after switching to `backwardOn`. */
function gradients(forwardOn: 'wasm' | 'js', backwardOn: 'wasm' | 'js'): Float32Array[] {
  const model = new LstmModel(config, 9);
  setKernelBackend(forwardOn);
  model.zeroGrad();
  model.forward(batch());
  setKernelBackend(backwardOn);
  model.backward();
  return model.parameters().map((p) => Float32Array.from(p.grad));
}

describe('kernels per pass', () => {
  afterEach(() => setKernelBackend('auto'));

  it('resolves float32 from the backend choice and float64 to TypeScript', () => {
    setKernelBackend('wasm');
    expect(kernelsFor('float32').name).toBe('wasm');
    expect(kernelsFor('float64').name).toBe('js');
    setKernelBackend('js');
    expect(kernelsFor('float32').name).toBe('js');
  });

  it('a backward runs on its forward’s kernels when the backend changes in between (same bits)', () => {
    const onWasm = gradients('wasm', 'wasm');
    const onJs = gradients('js', 'js');
    // The two implementations differ in the last bits (σ and tanh approximations), so a mix would show.
    expect(onWasm).not.toEqual(onJs);
    expect(gradients('wasm', 'js')).toEqual(onWasm);
    expect(gradients('js', 'wasm')).toEqual(onJs);
  });
});
