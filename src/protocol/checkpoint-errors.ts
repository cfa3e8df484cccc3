/**
 * Why a checkpoint could not be read, as a code the host and the checkpoint editor can branch on. Types
 * only: the error itself is `CheckpointError` in `src/checkpoint/errors.ts`.
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
  /** Bytes between two tensors (or before the first) that no tensor holds: the format forbids gaps. */
  | 'hole'
  /** Bytes after the last tensor up to the end of the file. */
  | 'trailing-bytes'
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
  /** The metadata's model config does not fit the tensors (shapes, or more parameters than the file has bytes). */
  | 'config-mismatch'
  /** A weight is NaN or ±Infinity. */
  | 'non-finite'
  /** The reader was used after `close()`. */
  | 'closed'
  /** The operating system refused (missing file, permissions, disk full…); `cause` holds the original. */
  | 'io';
