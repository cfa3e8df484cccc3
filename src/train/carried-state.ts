/**
 * The recurrent state a stateful run carries from one batch to the next (truncated backpropagation
 * through time): stream b's final h (and c) after batch k is its initial state in batch k+1. Only the
 * values cross the window: the engine gets them as an initial state, so no gradient flows back into
 * the previous window. A row whose stream starts (`resets[b]` = 1) starts from zero.
 *
 * Layout is the engine's stacked state: h `[L, S, Hout]`, c `[L, S, H]` (an LSTM's; a GRU has no c),
 * S = streams. The buffers are allocated once; a full batch reads and writes them in place.
 */

import { stateOutputSize, type ModelConfig } from '../engine/config';
import type { RecurrentState } from '../engine/recurrent-layer';
import { allocate, type FloatArray } from '../engine/tensor';

const CARRIED_H = 'trainer.carried_h';
const CARRIED_C = 'trainer.carried_c';

/**
 * What the carried state needs of a batch: its rows (the first streams) and which of them start a stream
 * (a StatefulBatch's `resets`; a batch without them is refused).
 */
export interface StreamRows {
  batchSize: number;
  resets?: Uint8Array;
}

/** Why a model cannot carry its state across windows, or null when it can. */
export function carriedStateRefusal(config: Pick<ModelConfig, 'bidirectional'>): string | null {
  return config.bidirectional
    ? 'a bidirectional model reads each window from its end too, so its backward state has nothing to carry into the next window'
    : null;
}

export class CarriedState {
  /** h `[L, S, Hout]`. */
  readonly h: FloatArray;
  /** c `[L, S, H]` for an LSTM, null for a GRU. */
  readonly c: FloatArray | null;
  private readonly layers: number;
  private readonly hWidth: number;
  private readonly cWidth: number;
  /** The buffers themselves, handed to a batch of every stream. */
  private readonly whole: RecurrentState;
  /** For a batch of fewer rows: its rows copied out and, after the step, back. */
  private readonly compactH: FloatArray;
  private readonly compactC: FloatArray | null;
  private compactRows = 0;

  constructor(
    config: ModelConfig,
    /** S: the rows of a full batch. */
    readonly streams: number,
  ) {
    const refusal = carriedStateRefusal(config);
    if (refusal) throw new Error(`stateful training: ${refusal}`);
    if (!Number.isInteger(streams) || streams < 1)
      throw new Error(`streams must be a positive integer, got ${streams}`);
    this.layers = config.numLayers;
    this.hWidth = stateOutputSize(config);
    this.cWidth = config.cell === 'lstm' ? config.hiddenSize : 0;
    this.h = allocate(config.dtype, this.layers * streams * this.hWidth);
    this.c = this.cWidth > 0 ? allocate(config.dtype, this.layers * streams * this.cWidth) : null;
    this.whole = this.c ? { h: this.h, c: this.c } : { h: this.h };
    this.compactH = allocate(config.dtype, this.h.length);
    this.compactC = this.c ? allocate(config.dtype, this.c.length) : null;
  }

  /**
   * The initial state of `batch` (rows = its first `batchSize` streams), the rows that start a stream
   * zeroed. The step overwrites it with the batch's final state; then call `after(batch)`.
   */
  before(batch: StreamRows): RecurrentState {
    const B = batch.batchSize;
    const resets = batch.resets;
    if (!resets) throw new Error('a batch of a stateful run must say which rows start a stream (resets)');
    if (B > this.streams) throw new Error(`a batch of ${B} rows, but the run carries ${this.streams} streams`);
    for (let b = 0; b < B; b++) if (resets[b]) this.zeroStream(b);
    this.compactRows = B;
    if (B === this.streams) return this.whole;
    const h = this.compactH.subarray(0, this.layers * B * this.hWidth);
    gatherRows(this.h, h, this.layers, this.streams, B, this.hWidth);
    if (!this.compactC) return { h };
    const c = this.compactC.subarray(0, this.layers * B * this.cWidth);
    gatherRows(this.c!, c, this.layers, this.streams, B, this.cWidth);
    return { h, c };
  }

  /** Keeps the final state the step wrote into `before`'s state (copied back for a batch of fewer rows). */
  after(batch: StreamRows): void {
    const B = batch.batchSize;
    if (B !== this.compactRows) throw new Error('CarriedState.after: not the batch given to before');
    if (B === this.streams) return;
    scatterRows(this.compactH, this.h, this.layers, this.streams, B, this.hWidth);
    if (this.compactC) scatterRows(this.compactC, this.c!, this.layers, this.streams, B, this.cWidth);
  }

  /** The state as checkpoint tensors (`trainer.carried_h` `[L, S, Hout]`, `trainer.carried_c` `[L, S, H]`). */
  tensors(): { name: string; shape: number[]; data: FloatArray }[] {
    const h = { name: CARRIED_H, shape: [this.layers, this.streams, this.hWidth], data: this.h };
    return this.c ? [h, { name: CARRIED_C, shape: [this.layers, this.streams, this.cWidth], data: this.c }] : [h];
  }

  /** Restores the state `tensors()` saved; a checkpoint without it (not stateful) leaves zeros. */
  loadTensors(byName: ReadonlyMap<string, ArrayLike<number>>): void {
    const h = byName.get(CARRIED_H);
    if (!h) return this.reset();
    this.load(h, byName.get(CARRIED_C) ?? null);
  }

  /** Every stream back to zero. */
  reset(): void {
    this.h.fill(0);
    this.c?.fill(0);
  }

  /** Sets every stream's state (a resumed run's), h and c in this layout. */
  load(h: ArrayLike<number>, c: ArrayLike<number> | null): void {
    if (h.length !== this.h.length || (c?.length ?? 0) !== (this.c?.length ?? 0))
      throw new Error(
        `the saved state holds ${h.length} + ${c?.length ?? 0} values, but the model carries ${this.h.length} + ${this.c?.length ?? 0}`,
      );
    this.h.set(h);
    if (c) this.c!.set(c);
  }

  private zeroStream(b: number): void {
    const S = this.streams;
    for (let l = 0; l < this.layers; l++) {
      this.h.fill(0, (l * S + b) * this.hWidth, (l * S + b + 1) * this.hWidth);
      this.c?.fill(0, (l * S + b) * this.cWidth, (l * S + b + 1) * this.cWidth);
    }
  }
}

// out (L, B, W) ← state (L, S, W) rows 0 … B−1 of every layer
function gatherRows(state: FloatArray, out: FloatArray, L: number, S: number, B: number, W: number): void {
  for (let l = 0; l < L; l++) out.set(state.subarray(l * S * W, (l * S + B) * W), l * B * W);
}

// state (L, S, W) rows 0 … B−1 of every layer ← compact (L, B, W)
function scatterRows(compact: FloatArray, state: FloatArray, L: number, S: number, B: number, W: number): void {
  for (let l = 0; l < L; l++) state.set(compact.subarray(l * B * W, (l + 1) * B * W), l * S * W);
}
