/**
 * Damaged checkpoints for the fuzz suite: a real, small checkpoint's bytes (8-byte little-endian header
 * length, JSON header, data) with one mutation picked by the seed — the header length, a tensor's
 * offsets, dtype or shape, the config against the shapes, NaN/∞ data, huge metadata values, truncation.
 */

import type { Rng } from './random';

type Header = Record<string, unknown> & { __metadata__?: Record<string, string> };
type TensorEntry = { dtype: string; shape: number[]; data_offsets: [number, number] };

interface Parsed {
  header: Header;
  data: Buffer;
}

function parse(bytes: Buffer): Parsed {
  const n = Number(bytes.readBigUInt64LE(0));
  return { header: JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Header, data: bytes.subarray(8 + n) };
}

function assemble(header: Header | string, data: Buffer): Buffer {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, data]);
}

function tensorNames(header: Header): string[] {
  return Object.keys(header).filter((k) => k !== '__metadata__');
}

function withTensor(bytes: Buffer, rng: Rng, change: (t: TensorEntry, p: Parsed) => void): Buffer {
  const p = parse(bytes);
  change(p.header[rng.pick(tensorNames(p.header))] as TensorEntry, p);
  return assemble(p.header, p.data);
}

function withConfig(bytes: Buffer, change: (config: Record<string, unknown>) => void): Buffer {
  const p = parse(bytes);
  const meta = p.header.__metadata__!;
  const config = JSON.parse(meta.config) as Record<string, unknown>;
  change(config);
  meta.config = JSON.stringify(config);
  return assemble(p.header, p.data);
}

function withMetadata(bytes: Buffer, change: (meta: Record<string, string>) => void): Buffer {
  const p = parse(bytes);
  change(p.header.__metadata__!);
  return assemble(p.header, p.data);
}

const HUGE = [20_000, 1e6, 1e9, 2 ** 31, 2 ** 53, 1e300, -1, 0, 0.5, Number.MAX_SAFE_INTEGER];

const MUTATIONS: Record<string, (bytes: Buffer, rng: Rng) => Buffer> = {
  'header length': (bytes, rng) => {
    const out = Buffer.from(bytes);
    const choices = [0n, 1n, 7n, BigInt(bytes.length), BigInt(bytes.length) * 1000n, 2n ** 63n, 2n ** 64n - 1n];
    const current = out.readBigUInt64LE(0);
    choices.push(current + 1n, current - 1n, 24n * 1024n * 1024n);
    out.writeBigUInt64LE(rng.pick(choices));
    return out;
  },
  'tensor offsets': (bytes, rng) =>
    withTensor(bytes, rng, (t, p) => {
      const [a, b] = t.data_offsets;
      t.data_offsets = rng.pick<[number, number]>([
        [b, a],
        [a, b + 4],
        [a + 4, b],
        [0, b - a],
        [a, p.data.length + 4096],
        [-4, b],
        [a, 2 ** 60],
        [a, a],
      ]);
    }),
  'tensor dtype': (bytes, rng) =>
    withTensor(bytes, rng, (t) => {
      t.dtype = rng.pick(['F16', 'BF16', 'F64', 'I64', 'U8', 'BOOL', 'F8_E4M3', 'X', '']);
    }),
  'tensor shape': (bytes, rng) =>
    withTensor(bytes, rng, (t) => {
      t.shape = rng.pick([[], [0], [1e9, 1e9], [-1], [...t.shape].reverse(), [...t.shape, 1], [2 ** 53]]);
    }),
  'config against shapes': (bytes, rng) =>
    withConfig(bytes, (c) => {
      const key = rng.pick(['hiddenSize', 'numLayers', 'inputSize', 'outputSize', 'embeddingDim', 'vocabSize']);
      c[key] = rng.pick(HUGE);
    }),
  'config field type': (bytes, rng) =>
    withConfig(bytes, (c) => {
      const key = rng.pick(Object.keys(c));
      c[key] = rng.pick<unknown>([null, 'big', [], {}, true, 1e308]);
    }),
  'NaN data': (bytes, rng) => {
    const p = parse(bytes);
    const t = p.header[rng.pick(tensorNames(p.header))] as TensorEntry;
    if (t.dtype === 'F32') {
      const [a, b] = t.data_offsets;
      const at = a + 4 * rng.int(Math.max(1, (b - a) / 4));
      if (at + 4 <= b) p.data.writeFloatLE(rng.pick([NaN, Infinity, -Infinity, 3e38]), at);
    }
    return assemble(p.header, p.data);
  },
  'huge metadata values': (bytes, rng) =>
    withMetadata(bytes, (m) => {
      const key = rng.pick([
        'vocab',
        'normalization',
        'dataset',
        'history',
        'step',
        'epoch',
        'seed',
        'created',
        'task',
      ]);
      m[key] = rng.pick([
        '9'.repeat(400),
        '1e999',
        '[' + '['.repeat(100_000) + ']',
        '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000),
        JSON.stringify({ classes: Array.from({ length: 5000 }, (_, i) => `c${i}`) }),
        JSON.stringify({ task: 'teleport' }),
        'not json',
        'x'.repeat(1_000_000),
        '',
      ]);
    }),
  'metadata format': (bytes, rng) =>
    withMetadata(bytes, (m) => {
      if (rng.chance(0.5)) m.format = rng.pick(['lstm-studio/2', 'lstm-studio/', 'pt']);
      else delete m.config;
    }),
  'header not JSON': (bytes, rng) => {
    const p = parse(bytes);
    const json = JSON.stringify(p.header);
    return assemble(
      rng.pick([json.slice(0, json.length / 2), json.replace(/"/, "'"), '[]', 'null', '1', '"s"']),
      p.data,
    );
  },
  truncation: (bytes, rng) => bytes.subarray(0, rng.int(bytes.length)),
  'trailing bytes': (bytes, rng) => Buffer.concat([bytes, Buffer.alloc(1 + rng.int(64), 7)]),
  'flipped bytes': (bytes, rng) => {
    const out = Buffer.from(bytes);
    for (let i = 0, n = 1 + rng.int(8); i < n; i++) out[rng.int(out.length)] ^= 1 << rng.int(8);
    return out;
  },
};

/** `bytes` (a valid checkpoint) with one mutation picked by `rng`, and the mutation's name. */
export function mutateCheckpoint(bytes: Buffer, rng: Rng): { kind: string; bytes: Buffer } {
  const kind = rng.pick(Object.keys(MUTATIONS));
  return { kind, bytes: MUTATIONS[kind](bytes, rng) };
}
