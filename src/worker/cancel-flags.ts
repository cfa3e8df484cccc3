/**
 * Cancelling a request the inference worker is already computing. The worker runs a request to the end
 * without returning to its event loop (a continuation is one synchronous loop), so a `cancel` message
 * would arrive only after the work it means to stop. Instead host and worker share a few bytes: the host
 * writes the request's id into its slot, the worker's long loops read the slot between steps.
 */

/** Slots, indexed by id modulo this: requests in flight at once never come near it. */
const SLOTS = 256;

export class CancelFlags {
  private readonly slots: Int32Array;

  /** `shared`: the buffer from the other side, or none to make a new one. */
  constructor(shared?: SharedArrayBuffer) {
    this.slots = new Int32Array(shared ?? new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
  }

  /** The buffer to hand to the worker (`workerData`). */
  get buffer(): SharedArrayBuffer {
    return this.slots.buffer as SharedArrayBuffer;
  }

  cancel(id: number): void {
    Atomics.store(this.slots, id % SLOTS, id);
  }

  isCancelled(id: number): boolean {
    return Atomics.load(this.slots, id % SLOTS) === id;
  }
}

/** What a request's promise rejects with when it was cancelled (superseded or stopped by the user). */
export class RequestCancelled extends Error {
  constructor(message = 'the request was cancelled') {
    super(message);
    this.name = 'RequestCancelled';
  }
}
