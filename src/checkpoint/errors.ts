/**
 * The one error type of checkpoint/: every failure — a hostile header, a truncated file, a bad metadata
 * field, an I/O error — is a `CheckpointError` whose `code` a caller can branch on and whose message a
 * user can act on (it names the file, the tensor or the key, and what is wrong with it).
 */

import type { CheckpointErrorCode } from '../protocol/checkpoint-errors';

export type { CheckpointErrorCode } from '../protocol/checkpoint-errors';

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';

  constructor(
    readonly code: CheckpointErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The same error with the file named first: a message without it leaves the user guessing which checkpoint. */
  inFile(path: string): CheckpointError {
    const prefix = `${path}: `;
    if (this.message.startsWith(prefix)) return this;
    return new CheckpointError(this.code, prefix + this.message, { cause: this.cause });
  }
}

/** Rethrows anything as a CheckpointError naming `path`; foreign errors (from the OS) become `io`. */
export function asCheckpointError(error: unknown, path: string, doing: string): CheckpointError {
  if (error instanceof CheckpointError) return error.inFile(path);
  const detail = error instanceof Error ? error.message : String(error);
  return new CheckpointError('io', `${path}: could not ${doing}: ${detail}`, { cause: error });
}
