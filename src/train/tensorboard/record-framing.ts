/**
 * TFRecord framing, as TensorBoard reads event files (tensorflow/core/lib/io/record_writer.cc):
 *   uint64 length (little-endian) | uint32 masked CRC-32C of those 8 bytes | data | uint32 masked CRC-32C of data
 * The mask keeps a CRC of data that itself holds CRCs from being trivial: rotate right by 15, add 0xa282ead8.
 */

import { buf as crc32c } from 'crc-32/crc32c';

const LENGTH_BYTES = 8;
const CRC_BYTES = 4;
/** Bytes a record adds around its data. */
export const RECORD_OVERHEAD = LENGTH_BYTES + 2 * CRC_BYTES;

export function maskedCrc32c(bytes: Uint8Array): number {
  const crc = crc32c(bytes) >>> 0;
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** `data` framed as one record. */
export function frameRecord(data: Uint8Array): Uint8Array {
  const record = new Uint8Array(RECORD_OVERHEAD + data.length);
  const view = new DataView(record.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(LENGTH_BYTES, maskedCrc32c(record.subarray(0, LENGTH_BYTES)), true);
  record.set(data, LENGTH_BYTES + CRC_BYTES);
  view.setUint32(LENGTH_BYTES + CRC_BYTES + data.length, maskedCrc32c(data), true);
  return record;
}
