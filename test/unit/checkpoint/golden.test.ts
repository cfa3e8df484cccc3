/**
 * The charlm checkpoint written by a PyTorch script (test/fixtures/golden/README.md) reads back with
 * exactly its tensors and metadata; values are checked against an independent parse of the bytes.
 */
import { describe, it, expect } from 'vitest';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { decodeStudioMetadata, findLstmModules, openSafetensors, readSafetensorsFile } from '../../../src/checkpoint';

const path = fileURLToPath(new URL('../../fixtures/golden/charlm.safetensors', import.meta.url));
const V = 38;

/** The simplest possible reader, independent of src/: the header straight from JSON.parse. */
async function independentRead(): Promise<{
  bytes: Buffer;
  dataStart: number;
  header: Record<string, { shape: number[]; data_offsets: [number, number] }>;
}> {
  const bytes = await readFile(path);
  const length = Number(bytes.readBigUInt64LE(0));
  return { bytes, dataStart: 8 + length, header: JSON.parse(bytes.subarray(8, 8 + length).toString('utf8')) };
}

describe('golden charlm.safetensors (PyTorch-written)', () => {
  it('lists exactly its tensors with their shapes', async () => {
    const reader = await openSafetensors(path);
    try {
      const table = Object.fromEntries(reader.tensors.map((t) => [t.name, [t.dtype, ...t.shape]]));
      expect(table).toEqual({
        'embedding.weight': ['F32', V, 16],
        'lstm.weight_ih_l0': ['F32', 128, 16],
        'lstm.weight_hh_l0': ['F32', 128, 32],
        'lstm.bias_ih_l0': ['F32', 128],
        'lstm.bias_hh_l0': ['F32', 128],
        'fc.weight': ['F32', V, 32],
        'fc.bias': ['F32', V],
      });
    } finally {
      await reader.close();
    }
  });

  it('has its metadata: format "pt", a JSON vocab list, config and training; it is foreign to LSTM Studio', async () => {
    const { metadata } = await readSafetensorsFile(path);
    expect(Object.keys(metadata).sort()).toEqual(['config', 'format', 'training', 'vocab']);
    expect(metadata.format).toBe('pt');
    const vocab = JSON.parse(metadata.vocab);
    expect(vocab).toHaveLength(V);
    expect(vocab.slice(0, 3)).toEqual(['\n', ' ', ',']);
    expect(JSON.parse(metadata.config)).toMatchObject({
      vocab_size: V,
      embedding_dim: 16,
      hidden_size: 32,
      num_layers: 1,
      gate_order: 'i,f,g,o',
    });
    expect(JSON.parse(metadata.training)).toMatchObject({ optimizer: expect.stringContaining('Adam') });
    expect(decodeStudioMetadata(metadata)).toEqual({ kind: 'foreign', raw: metadata });
  });

  it('reads the same values as an independent parse of the bytes', async () => {
    const { bytes, dataStart, header } = await independentRead();
    const file = await readSafetensorsFile(path);
    const at = (name: string, index: number) => bytes.readFloatLE(dataStart + header[name].data_offsets[0] + 4 * index);
    const ours = (name: string) => file.tensors.find((t) => t.name === name)!.data!;
    for (const [name, index] of [
      ['embedding.weight', 0],
      ['embedding.weight', V * 16 - 1],
      ['lstm.weight_hh_l0', 1234],
      ['fc.bias', 5],
      ['lstm.bias_ih_l0', 127],
    ] as const) {
      expect(ours(name)[index]).toBe(at(name, index));
    }
    // and every byte of one tensor
    const raw = file.tensors.find((t) => t.name === 'lstm.weight_ih_l0')!.raw;
    const [begin, end] = header['lstm.weight_ih_l0'].data_offsets;
    expect(Buffer.from(raw).equals(bytes.subarray(dataStart + begin, dataStart + end))).toBe(true);
  });

  it('is recognised as one single-layer nn.LSTM under the prefix "lstm"', async () => {
    const { tensors } = await readSafetensorsFile(path);
    expect(findLstmModules(tensors.map((t) => t.name))).toEqual([
      expect.objectContaining({
        prefix: 'lstm',
        numLayers: 1,
        bidirectional: false,
        hasBias: true,
        hasProjection: false,
        missing: [],
      }),
    ]);
  });
});
