/**
 * An event-file reader independent of the writer under test: TensorFlow's published schema
 * (test/fixtures/tensorboard/*.proto, parsed here with protobufjs's own parser, snake_case names as
 * published) and a CRC-32C computed bit by bit from its polynomial. Every record's two CRCs are checked.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';

const fixtures = join(__dirname, '../../fixtures/tensorboard');
const schema = new protobuf.Root();
for (const file of ['summary.proto', 'event.proto'])
  protobuf.parse(readFileSync(join(fixtures, file), 'utf8'), schema, { keepCase: true });
const eventType = schema.lookupType('tensorflow.Event');

/** CRC-32C (Castagnoli), reflected polynomial 0x82F63B78, one bit at a time. */
export function bitwiseCrc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** TensorFlow's masked CRC: rotated right by 15 bits, plus 0xa282ead8 (mod 2³²). */
export function maskCrc(crc: number): number {
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

export interface DecodedEvent {
  wall_time?: number;
  step?: number;
  file_version?: string;
  summary?: { value?: { tag?: string; simple_value?: number }[] };
  session_log?: { status?: string; msg?: string };
  log_message?: { level?: string; message?: string };
}

export interface DecodedRecord {
  /** Bytes the record takes in the file, framing included. */
  bytes: number;
  event: DecodedEvent;
}

/** Every record of an event file, decoded; throws naming the offset at the first bad length, CRC or truncation. */
export function readEventFile(path: string): DecodedRecord[] {
  const file = readFileSync(path);
  const records: DecodedRecord[] = [];
  let offset = 0;
  while (offset < file.length) {
    if (offset + 12 > file.length) throw new Error(`${path}@${offset}: truncated header`);
    const length = Number(file.readBigUInt64LE(offset));
    const lengthCrc = file.readUInt32LE(offset + 8);
    if (lengthCrc !== maskCrc(bitwiseCrc32c(file.subarray(offset, offset + 8))))
      throw new Error(`${path}@${offset}: bad length CRC`);
    const start = offset + 12;
    if (start + length + 4 > file.length) throw new Error(`${path}@${offset}: truncated record`);
    const data = file.subarray(start, start + length);
    if (file.readUInt32LE(start + length) !== maskCrc(bitwiseCrc32c(data)))
      throw new Error(`${path}@${offset}: bad data CRC`);
    const event = eventType.toObject(eventType.decode(data), { longs: Number, enums: String }) as DecodedEvent;
    records.push({ bytes: 16 + length, event });
    offset = start + length + 4;
  }
  return records;
}

/**
 * `tag → [step, value][]` of a run's event files read in order as TensorBoard's event accumulator does
 * (tensorboard/backend/event_processing, purge_orphaned_data): the first SessionLog START of a run starts
 * it; each later one is a restart and drops the points already read at its step or later.
 */
export function scalarsAsTensorBoardShows(
  files: readonly (readonly DecodedRecord[])[],
): Map<string, [number, number][]> {
  const byTag = new Map<string, [number, number][]>();
  let seenStart = false;
  for (const records of files)
    for (const { event } of records) {
      if (event.session_log?.status === 'START') {
        if (seenStart)
          for (const [tag, points] of byTag)
            byTag.set(
              tag,
              points.filter(([step]) => step < (event.step ?? 0)),
            );
        seenStart = true;
      }
      for (const value of event.summary?.value ?? []) {
        const points = byTag.get(value.tag!) ?? [];
        points.push([event.step ?? 0, value.simple_value!]);
        byTag.set(value.tag!, points);
      }
    }
  return byTag;
}

/** `tag → [step, value][]` of an event file's scalars, in file order. */
export function scalarsByTag(records: readonly DecodedRecord[]): Map<string, [number, number][]> {
  const byTag = new Map<string, [number, number][]>();
  for (const { event } of records)
    for (const value of event.summary?.value ?? []) {
      const points = byTag.get(value.tag!) ?? [];
      points.push([event.step ?? 0, value.simple_value!]);
      byTag.set(value.tag!, points);
    }
  return byTag;
}
