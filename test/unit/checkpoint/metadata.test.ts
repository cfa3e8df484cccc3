import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import {
  decodeStudioMetadata,
  encodeStudioMetadata,
  openSafetensors,
  STUDIO_FORMAT,
  writeSafetensorsAtomic,
  type StudioMetadata,
} from '../../../src/checkpoint';
import { DEFAULT_MODEL_CONFIG, type ModelConfig } from '../../../src/engine/config';
import { expectCheckpointError, makeTempDir } from './helpers';

const config: ModelConfig = {
  ...DEFAULT_MODEL_CONFIG,
  vocabSize: 40,
  embeddingDim: 16,
  hiddenSize: 32,
  outputSize: 40,
  headOn: 'every',
  loss: 'softmax-ce',
};
const full: StudioMetadata = {
  config,
  vocab: { kind: 'char', tokens: ['<pad>', '<unk>', 'a', '"', '\n'] },
  normalization: { mean: [1.5], std: [0.25] },
  history: [{ epoch: 1, trainLoss: 2.1, valLoss: 2.3 }],
  dataset: { path: 'examples/tiny.txt', task: 'language-model', fingerprint: 'sha256:abc' },
  step: 4468,
  epoch: 3,
  seed: -7,
  created: '2025-01-31T12:00:00.000Z',
  extra: { rng: '{"words":[1,2,3,4],"spareNormal":null}', trainer: 'lstm-studio 0.1.0' },
};

function studio(raw: Record<string, string>): StudioMetadata {
  const decoded = decodeStudioMetadata(raw);
  if (decoded.kind !== 'studio') throw new Error('expected a studio checkpoint');
  return decoded.metadata;
}

describe('encodeStudioMetadata / decodeStudioMetadata', () => {
  it('stores every field as a string, JSON for structures and decimals for numbers', () => {
    const raw = encodeStudioMetadata(full);
    expect(raw).toEqual({
      format: STUDIO_FORMAT,
      config: JSON.stringify(config),
      vocab: JSON.stringify(full.vocab),
      normalization: '{"mean":[1.5],"std":[0.25]}',
      history: JSON.stringify(full.history),
      dataset: JSON.stringify(full.dataset),
      step: '4468',
      epoch: '3',
      seed: '-7',
      created: '2025-01-31T12:00:00.000Z',
      rng: full.extra!.rng,
      trainer: 'lstm-studio 0.1.0',
    });
    expect(Object.values(raw).every((v) => typeof v === 'string')).toBe(true);
  });

  it('round-trips every field, extra keys included', () => {
    expect(studio(encodeStudioMetadata(full))).toEqual(full);
  });

  it('round-trips through a real checkpoint file', async () => {
    const { dir, remove } = await makeTempDir();
    try {
      const path = join(dir, 'last.safetensors');
      await writeSafetensorsAtomic(path, [{ name: 'head.bias', shape: [1], data: [0] }], encodeStudioMetadata(full));
      const reader = await openSafetensors(path);
      await reader.close();
      expect(studio(reader.metadata)).toEqual(full);
    } finally {
      await remove();
    }
  });

  it('leaves missing optional fields undefined', () => {
    const decoded = studio(encodeStudioMetadata({ config }));
    expect(decoded).toEqual({ config });
    expect(decoded.vocab).toBeUndefined();
    expect(decoded.step).toBeUndefined();
    expect(decoded.extra).toBeUndefined();
  });

  it('fills config fields the file predates from the engine defaults', () => {
    const { dtype: _dropped, ...older } = config;
    expect(studio({ format: STUDIO_FORMAT, config: JSON.stringify(older) }).config).toEqual(config);
  });
});

describe('foreign and malformed metadata', () => {
  it('no format, or another tool’s, is foreign — not an error — and comes back untouched', () => {
    expect(decodeStudioMetadata({})).toEqual({ kind: 'foreign', raw: {} });
    const pt = { format: 'pt', vocab: '["a"]' };
    expect(decodeStudioMetadata(pt)).toEqual({ kind: 'foreign', raw: pt });
  });

  it('a studio checkpoint without config', () =>
    expectCheckpointError(
      () => decodeStudioMetadata({ format: STUDIO_FORMAT, step: '1' }),
      'bad-studio-metadata',
      "metadata: an lstm-studio/1 checkpoint must have 'config' (the model configuration)",
    ));

  it('a newer lstm-studio format is refused with advice', () =>
    expectCheckpointError(
      () => decodeStudioMetadata({ format: 'lstm-studio/2', config: '{}' }),
      'unsupported-format',
      "metadata format is 'lstm-studio/2', but this version of LSTM Studio reads only 'lstm-studio/1': update the extension",
    ));

  const bad: Array<[string, Record<string, string>, RegExp | string]> = [
    ['config not JSON', { config: '{hidden' }, /^metadata 'config' is not valid JSON/],
    ['config a list', { config: '[1]' }, "metadata 'config': expected a JSON object, got a list"],
    [
      'config out of range',
      { config: '{"hiddenSize":0}' },
      "metadata 'config': model config: hiddenSize must be a positive integer, got 0",
    ],
    ['vocab not JSON', { vocab: 'abc' }, /^metadata 'vocab' is not valid JSON/],
    ['step not a number', { step: 'ten' }, `metadata 'step': expected a decimal integer, got "ten"`],
    ['step empty', { step: '' }, `metadata 'step': expected a decimal integer, got ""`],
    ['epoch negative', { epoch: '-1' }, "metadata 'epoch': expected a non-negative integer, got -1"],
    ['seed beyond 2^53', { seed: '9007199254740993' }, "metadata 'seed': expected an integer, got 9007199254740992"],
    ['created not a time', { created: 'yesterday' }, /^metadata 'created': expected an ISO 8601 time/],
    // Found by the fuzz suite (issue #20): the parser's own words, `[object Object]`, a stack overflow.
    ['vocab cut short', { vocab: '{"unit": "ch' }, "metadata 'vocab' is not valid JSON (it ends too early)"],
    ['vocab not JSON, in words', { vocab: 'not json' }, "metadata 'vocab' is not valid JSON (at 'o')"],
    [
      'config field an object',
      { config: '{"numLayers":{}}' },
      "metadata 'config': model config: numLayers must be a positive integer, got {}",
    ],
    ['config init a list', { config: '{"init":[1]}' }, "metadata 'config': model config: unknown init [1]"],
    [
      'config paddingIdx an object',
      { config: '{"vocabSize":40,"embeddingDim":8,"paddingIdx":{}}' },
      "metadata 'config': model config: paddingIdx {} is outside the vocabulary (size 40)",
    ],
    [
      'history nested 100 000 deep',
      { history: '['.repeat(100_000) + ']'.repeat(100_000) },
      "metadata 'history' nests deeper than 64 levels: not written by LSTM Studio",
    ],
  ];
  it.each(bad)('%s', async (_label, fields, message) => {
    await expectCheckpointError(
      () => decodeStudioMetadata({ format: STUDIO_FORMAT, config: JSON.stringify(config), ...fields }),
      'bad-studio-metadata',
      message,
    );
  });

  it('encoding refuses what would not decode', async () => {
    await expectCheckpointError(
      () => encodeStudioMetadata({ config, step: 1.5 }),
      'bad-input',
      "metadata 'step': expected a non-negative integer, got 1.5",
    );
    await expectCheckpointError(
      () => encodeStudioMetadata({ config, created: 'now' }),
      'bad-input',
      /'created': expected an ISO 8601 time/,
    );
    await expectCheckpointError(
      () => encodeStudioMetadata({ config, extra: { step: '3' } }),
      'bad-input',
      "metadata: extra key 'step' collides with a schema field; set the field instead",
    );
    await expectCheckpointError(
      () => encodeStudioMetadata({ config, vocab: () => 1 }),
      'bad-input',
      "metadata 'vocab': function cannot be stored as JSON",
    );
  });
});
