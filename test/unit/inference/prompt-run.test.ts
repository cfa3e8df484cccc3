/**
 * A long prompt read in chunks carrying the LSTM state gives, bit for bit, what one pass over the whole
 * prompt gives, on both kernel sets; and reading it holds no more than one chunk, however long it is.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { LstmModel, Random, setKernelBackend, type Batch } from '../../../src/engine';
import { activeWasmKernels } from '../../../src/engine/kernels/backend';
import { runPromptInChunks } from '../../../src/inference/prompt-run';

const V = 30;

function languageModel(): LstmModel {
  return new LstmModel(
    {
      vocabSize: V,
      embeddingDim: 6,
      hiddenSize: 20,
      numLayers: 2,
      outputSize: V,
      headOn: 'every',
      loss: 'softmax-ce',
      init: 'pytorch',
    },
    5,
  );
}

function randomPrompt(length: number, seed: number): Int32Array {
  const rng = new Random(seed);
  return Int32Array.from({ length }, () => 1 + rng.int(V - 1));
}

describe('runPromptInChunks', () => {
  afterEach(() => setKernelBackend('auto'));

  for (const backend of ['js', 'wasm'] as const) {
    it(`gives the whole pass's final state and last logits bit for bit (${backend} kernels, 4 chunks and a part)`, () => {
      setKernelBackend(backend);
      if (backend === 'wasm') expect(activeWasmKernels()).not.toBeNull();
      const model = languageModel();
      const prompt = randomPrompt(4 * 37 + 11, 3);
      const whole = model.forward({ batchSize: 1, steps: prompt.length, tokens: prompt });
      const chunked = runPromptInChunks(model, prompt, 37);
      expect(Array.from(chunked.finalState.h)).toEqual(Array.from(whole.finalState.h));
      expect(Array.from(chunked.finalState.c!)).toEqual(Array.from(whole.finalState.c!));
      expect(Array.from(chunked.lastLogits)).toEqual(Array.from(whole.output.subarray(whole.output.length - V)));
    });
  }

  it('runs no pass longer than a chunk, whatever the prompt length', () => {
    const model = languageModel();
    const forward = vi.spyOn(model, 'forward');
    runPromptInChunks(model, randomPrompt(1000, 4), 64);
    const steps = forward.mock.calls.map(([batch]) => (batch as Batch).steps);
    expect(steps.length).toBe(Math.ceil(1000 / 64));
    expect(Math.max(...steps)).toBe(64);
  });

  it('keeps the WebAssembly memory the same size for a prompt ten times longer', () => {
    setKernelBackend('wasm');
    const wasm = activeWasmKernels()!;
    const model = languageModel();
    runPromptInChunks(model, randomPrompt(3 * 256, 5), 256);
    const after3Chunks = wasm.arena.memory.buffer.byteLength;
    runPromptInChunks(model, randomPrompt(30 * 256, 6), 256);
    expect(wasm.arena.memory.buffer.byteLength).toBe(after3Chunks);
  });

  it('refuses an empty prompt', () => {
    expect(() => runPromptInChunks(languageModel(), new Int32Array(0))).toThrow(/has no token/);
  });
});
