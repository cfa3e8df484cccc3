/**
 * What the Evaluate view's pure searches read of the cached states: the part of `CachedStates`
 * (src/worker/inference/evaluation-sessions.ts) they need, declared here so that src/inference does not
 * import the worker. A session's cache is one; a test's hand-built states are another.
 */

import type { StateAddress } from '../protocol/evaluate-view';

export interface StateReader {
  readonly sequences: number;
  /** Units of an address (throws one line for an address not cached). */
  width(address: StateAddress): number;
  /** T_s: steps of sequence s. */
  steps(sequence: number): number;
  /** Sequence s's `[T_s, width]` states at `address`, into `out` when long enough; returns the filled view. */
  read(address: StateAddress, sequence: number, out?: Float32Array): Float32Array;
  /**
   * The same states as float16 bits (`[T_s, width]`, a view valid until the next call), for a search that
   * decodes only the values it looks at (float16.ts `float16Table()`); absent where the states are not float16.
   */
  readBits?(address: StateAddress, sequence: number): Uint16Array;
}
