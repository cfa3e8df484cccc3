/**
 * The one error type of checkpoint/: every failure — a hostile header, a truncated file, a bad metadata
 * field, an I/O error — is a `CheckpointError` whose `code` a caller can branch on and whose message a
 * user can act on (it names the file, the tensor or the key, and what is wrong with it).
 */

export type CheckpointErrorCode =
  /** The file has 0 bytes. */
  | 'empty-file'
  /** The file ends before something the header promises (the length prefix, the header, a tensor). */
  | 'truncated'
  /** The 8-byte header length is 0 or does not fit in the file: usually not a safetensors file at all. */
  | 'bad-header-length'
  /** The header is longer than `MAX_HEADER_BYTES`. */
  | 'header-too-large'
  /** The header is not UTF-8 JSON. */
  | 'header-not-json'
  /** The header is JSON but not an object. */
  | 'header-not-object'
  /** A tensor entry is not an object. */
  | 'bad-tensor-entry'
  | 'unknown-dtype'
  | 'bad-shape'
  | 'bad-offsets'
  /** `data_offsets` hold a different number of bytes than dtype × shape need. */
  | 'size-mismatch'
  /** Two tensors share bytes. */
  | 'overlap'
  /** `__metadata__` is not a map of string to string. */
  | 'bad-metadata'
  | 'unknown-tensor'
  /** A tensor of an integer/bool dtype was asked for as floats. */
  | 'not-float'
  /** The caller passed something unusable (e.g. a shape that does not match the data). */
  | 'bad-input'
  /** `__metadata__` says lstm-studio but a field does not follow the schema. */
  | 'bad-studio-metadata'
  /** `format` names a newer LSTM Studio schema than this one reads. */
  | 'unsupported-format'
  /** A valid safetensors file, but not one of ours where ours is required (no `lstm-studio/1` format). */
  | 'foreign'
  /** The reader was used after `close()`. */
  | 'closed'
  /** The operating system refused (missing file, permissions, disk full…); `cause` holds the original. */
  | 'io';

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
