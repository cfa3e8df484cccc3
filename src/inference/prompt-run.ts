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
import type { RecurrentState } from '../engine/recurrent-layer';
import type { FloatArray } from '../engine/tensor';

/** Steps per forward pass: long enough that a pass's fixed costs vanish, short enough to hold a few MB. */
export const PROMPT_CHUNK_STEPS = 4096;

export interface PromptRun {
  /** The head's logits after the prompt's last token `[O]`. */
  lastLogits: FloatArray;
  /** The state after the prompt's last token, `[L, 1, H]` each: where generation carries on. */
  finalState: RecurrentState;
}

/**
 * Reads a prompt's tokens as they come (piece after piece of a long text), `chunkSteps` per forward pass,
 * carrying the state from each pass to the next.
 */
export class ChunkedPromptReader {
  private state: RecurrentState | undefined;
  private lastLogits: FloatArray | null = null;

  constructor(
    private readonly model: LstmModel,
    private readonly chunkSteps: number = PROMPT_CHUNK_STEPS,
  ) {
    if (!(chunkSteps >= 1)) throw new Error('ChunkedPromptReader: chunkSteps must be at least 1');
  }

  /** True once a token has been read. */
  get started(): boolean {
    return this.lastLogits !== null;
  }

  /** Reads the prompt's next token ids `[T]`. */
  read(tokens: Int32Array): void {
    const O = this.model.config.outputSize;
    for (let from = 0; from < tokens.length; from += this.chunkSteps) {
      const steps = Math.min(this.chunkSteps, tokens.length - from);
      const batch = { batchSize: 1, steps, tokens: tokens.subarray(from, from + steps), lengths: Int32Array.of(steps) };
      const { output, finalState } = this.model.forward(batch, { initialState: this.state });
      // output is [1, steps, O] (a head on every step) or [1, O]: only the last step is wanted.
      this.lastLogits = output.slice(output.length - O) as FloatArray;
      this.state = finalState;
    }
  }

  /** The logits and the state after the last token read. */
  result(): PromptRun {
    if (!this.lastLogits || !this.state) throw new Error('ChunkedPromptReader: the prompt has no token');
    return { lastLogits: this.lastLogits, finalState: this.state };
  }
}

/** Runs token ids `[T]` (T ≥ 1) through a model, `chunkSteps` at a time. */
export function runPromptInChunks(
  model: LstmModel,
  tokens: Int32Array,
  chunkSteps: number = PROMPT_CHUNK_STEPS,
): PromptRun {
  const reader = new ChunkedPromptReader(model, chunkSteps);
  reader.read(tokens);
  return reader.result();
}
