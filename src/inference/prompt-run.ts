/**
 * Reading a long prompt with a language model in constant memory: the prompt's tokens go through
 * `model.forward` in chunks of at most `PROMPT_CHUNK_STEPS`, each chunk starting from the state (h, c of
 * every layer) the one before ended in.
 *
 * Why: a forward pass keeps every step of its sequence (the gates and states backward would need, and the
 * head's output for every step), so one pass over a 1 MiB prompt held gigabytes and a few MiB failed to
 * grow the WebAssembly memory. The recurrence does not care where a pass starts — a chunk that starts
 * from the previous chunk's final state runs the same products on the same values — so the last logits
 * and the final state are bit for bit those of one pass over the whole prompt
 * (test/unit/inference/prompt-run.test.ts), while the pass's workspaces never hold more than one chunk.
 */

import type { LstmModel } from '../engine/model';
import type { LstmState } from '../engine/lstm-layer';
import type { FloatArray } from '../engine/tensor';

/** Steps per forward pass: long enough that a pass's fixed costs vanish, short enough to hold a few MB. */
export const PROMPT_CHUNK_STEPS = 4096;

export interface PromptRun {
  /** The head's logits after the prompt's last token `[O]`. */
  lastLogits: FloatArray;
  /** The state after the prompt's last token, `[L, 1, H]` each: where generation carries on. */
  finalState: LstmState;
}

/** Runs token ids `[T]` (T ≥ 1) through a model with a head on every step, `chunkSteps` at a time. */
export function runPromptInChunks(
  model: LstmModel,
  tokens: Int32Array,
  chunkSteps: number = PROMPT_CHUNK_STEPS,
): PromptRun {
  if (tokens.length === 0) throw new Error('runPromptInChunks: the prompt has no token');
  if (!(chunkSteps >= 1)) throw new Error('runPromptInChunks: chunkSteps must be at least 1');
  const O = model.config.outputSize;
  let state: LstmState | undefined;
  let lastLogits: FloatArray | null = null;
  for (let from = 0; from < tokens.length; from += chunkSteps) {
    const steps = Math.min(chunkSteps, tokens.length - from);
    const batch = {
      batchSize: 1,
      steps,
      tokens: tokens.subarray(from, from + steps),
      lengths: Int32Array.of(steps),
    };
    const { output, finalState } = model.forward(batch, { initialState: state });
    // output is [1, steps, O] (a head on every step): only the last step is wanted.
    lastLogits = output.slice(output.length - O) as FloatArray;
    state = finalState;
  }
  return { lastLogits: lastLogits!, finalState: state! };
}
