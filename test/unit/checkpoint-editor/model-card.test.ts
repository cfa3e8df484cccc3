/**
 * The model card builder: a pure function from a header (metadata + tensor infos) to what the editor
 * shows. On one of our checkpoints it reads every field of our metadata; on a foreign file (the golden
 * PyTorch char-LM) it recognises the LSTM under `lstm.` and the head `fc` from names and shapes alone.
 */

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TensorInfo } from '../../../src/checkpoint/header';
import { encodeStudioMetadata } from '../../../src/checkpoint/metadata';
import { buildCheckpointOverview } from '../../../src/checkpoint/model-card';
import { modelParamNames } from '../../../src/checkpoint/names';
import { openSafetensors } from '../../../src/checkpoint/file';
import { resolveModelConfig } from '../../../src/engine/config';

const GOLDEN = join(__dirname, '../../fixtures/golden/charlm.safetensors');

/** Tensor infos laid out back to back, as a writer would. */
function infos(entries: [string, number[]][]): TensorInfo[] {
  let offset = 0;
  return entries.map(([name, shape]) => {
    const byteLength = 4 * shape.reduce((a, b) => a * b, 1);
    const info: TensorInfo = { name, dtype: 'F32', shape, byteLength, dataOffsets: [offset, offset + byteLength] };
    offset += byteLength;
    return info;
  });
}

const config = resolveModelConfig({
  vocabSize: 10000,
  embeddingDim: 64,
  hiddenSize: 64,
  numLayers: 2,
  outputSize: 1,
  loss: 'bce',
  headOn: 'last',
});

function ourTensors(withOptimizer: boolean): TensorInfo[] {
  const shapes: Record<string, number[]> = {
    'embedding.weight': [10000, 64],
    'head.weight': [1, 64],
    'head.bias': [1],
  };
  for (const layer of [0, 1]) {
    shapes[`lstm.weight_ih_l${layer}`] = [256, 64];
    shapes[`lstm.weight_hh_l${layer}`] = [256, 64];
    shapes[`lstm.bias_ih_l${layer}`] = [256];
    shapes[`lstm.bias_hh_l${layer}`] = [256];
  }
  const names = modelParamNames(2, true);
  const entries: [string, number[]][] = names.map((n) => [n, shapes[n]]);
  if (withOptimizer)
    for (const n of names)
      entries.push([`optimizer.exp_avg.${n}`, shapes[n]], [`optimizer.exp_avg_sq.${n}`, shapes[n]]);
  return infos(entries);
}

const tokens = ['<pad>', '<unk>', ...Array.from({ length: 9998 }, (_, k) => `w${k}`)];
const metadata = encodeStudioMetadata({
  config,
  vocab: { format: 'lstm-studio-vocabulary/1', unit: 'word', tokens },
  dataset: {
    format: 'lstm-studio-dataset/1',
    file: 'reviews.csv',
    fingerprint: 'sha256:eb3344f9',
    fileFormat: 'csv',
    kind: 'labelled',
    task: 'classification',
    columns: { text: 'review', label: 'sentiment' },
    classes: ['negative', 'positive'],
    tokenUnit: 'word',
  },
  history: {
    evaluations: [
      { step: 85, epoch: 0, time: 4.9, metrics: { loss: 0.58, accuracy: 0.72 } },
      { step: 170, epoch: 1, time: 9.8, metrics: { loss: 0.41, accuracy: 0.84 } },
      { step: 255, epoch: 2, time: 14.7, metrics: { loss: 0.45, accuracy: 0.83 } },
    ],
    epochs: [
      { epoch: 0, step: 85, trainLoss: 0.66 },
      { epoch: 1, step: 170, trainLoss: 0.44 },
    ],
  },
  step: 255,
  epoch: 3,
  seed: 42,
  created: '2025-01-31T12:00:00.000Z',
  extra: {
    training: JSON.stringify({
      optimizer: 'adam',
      lr: 0.003,
      batchSize: 32,
      seqLen: 64,
      epochs: 3,
      clipNorm: 1,
      preset: 'small',
      init: 'keras',
    }),
    trainer: '{"step":255}',
    note: 'hello',
  },
});

describe('model card of our checkpoint', () => {
  const parameterCount = 10000 * 64 + 2 * (256 * 64 * 2 + 256 * 2) + 64 + 1;

  it('reads task, architecture, parameters, dataset, vocabulary, seed, steps, best metrics and creation time', () => {
    const { card } = buildCheckpointOverview(metadata, ourTensors(true));
    expect(card.kind).toBe('studio');
    expect(card.task).toBe('classification');
    expect(card.architecture).toBe('Embedding(10000, 64) → LSTM(64→64) × 2 → Linear(64, 1)');
    expect(card.parameterCount).toBe(parameterCount);
    expect(card.parameterTensors).toBe(11);
    expect(card.optimizerTensors).toBe(22);
    expect(card.dataset).toEqual({
      file: 'reviews.csv',
      fingerprint: 'sha256:eb3344f9',
      columns: 'text: review · label: sentiment',
    });
    expect(card.outputs).toBe('2 classes: negative, positive');
    expect(card.vocabulary!.size).toBe(10000);
    expect(card.vocabulary!.unit).toBe('word');
    expect(card.vocabulary!.preview.slice(0, 3)).toEqual(['<pad>', '<unk>', 'w0']);
    expect(card.vocabulary!.preview.length).toBe(60);
    expect(card.normalization).toBeNull();
    expect([card.seed, card.step, card.epoch, card.created]).toEqual([42, 255, 3, '2025-01-31T12:00:00.000Z']);
    expect(card.best).toEqual({ step: 170, epoch: 1, time: 9.8, metrics: { loss: 0.41, accuracy: 0.84 } });
    expect(card.history!.evaluations).toHaveLength(3);
    expect(card.history!.epochs).toHaveLength(2);
    expect(card.hasTrainerState).toBe(true);
    expect(card.training).toContainEqual({ key: 'optimizer', label: 'Optimizer', value: 'adam, lr 0.003' });
    expect(card.training).toContainEqual({ key: 'batch', label: 'Batch', value: '32 × 64 steps' });
    // trainer and training are shown as fields above; what is left is listed verbatim.
    expect(card.metadata).toEqual([{ key: 'note', value: 'hello' }]);
    expect(card.warnings).toEqual([]);
    expect(card.modules.map((m) => [m.role, m.name])).toEqual([
      ['embedding', 'embedding'],
      ['lstm', 'lstm'],
      ['head', 'head'],
    ]);
  });

  it('lists every tensor with dtype, shape, elements and bytes, marking gate-stacked LSTM tensors and optimizer state', () => {
    const { tensors } = buildCheckpointOverview(metadata, ourTensors(true));
    expect(tensors).toHaveLength(33);
    const ih = tensors.find((t) => t.name === 'lstm.weight_ih_l1')!;
    expect(ih).toEqual({
      name: 'lstm.weight_ih_l1',
      dtype: 'F32',
      shape: [256, 64],
      elements: 16384,
      bytes: 65536,
      group: 'parameter',
      gateHiddenSize: 64,
      gates: ['i', 'f', 'g', 'o'],
      recurrent: { cell: 'lstm', layer: 1, direction: 'forward', label: 'layer 1, forward' },
    });
    expect(tensors.find((t) => t.name === 'head.weight')!.gateHiddenSize).toBeUndefined();
    const moment = tensors.find((t) => t.name === 'optimizer.exp_avg.lstm.bias_hh_l0')!;
    expect(moment.group).toBe('optimizer');
    expect(moment.gateHiddenSize).toBe(64);
  });

  it('a best.safetensors has no trainer state; forecasting shows normalisation and targets', () => {
    const forecast = encodeStudioMetadata({
      config: resolveModelConfig({ inputSize: 2, hiddenSize: 16, outputSize: 1, loss: 'mse' }),
      normalization: {
        format: 'lstm-studio-normalization/1',
        method: 'z-score',
        columns: ['load', 'temp'],
        mean: [10, 20],
        std: [2, 4],
      },
      dataset: {
        file: 'energy.csv',
        fingerprint: 'sha256:00',
        task: 'forecasting',
        columns: { targets: ['load'], features: ['load', 'temp'] },
        featureColumns: ['load', 'temp'],
        horizon: 1,
      },
    });
    const { card } = buildCheckpointOverview(
      forecast,
      infos([
        ['lstm.weight_ih_l0', [64, 2]],
        ['lstm.weight_hh_l0', [64, 16]],
        ['head.weight', [1, 16]],
      ]),
    );
    expect(card.task).toBe('forecasting');
    expect(card.architecture).toBe('LSTM(2→16) → Linear(16, 1)');
    expect(card.normalization).toEqual({
      method: 'z-score',
      columns: [
        { name: 'load', mean: 10, std: 2 },
        { name: 'temp', mean: 20, std: 4 },
      ],
    });
    expect(card.outputs).toBe('load, 1 step ahead');
    expect(card.hasTrainerState).toBe(false);
    expect(card.history).toBeNull();
  });

  it('odd metadata becomes a warning, not a crash: the tensors are still listed', () => {
    const broken = { ...metadata, config: '{"hiddenSize": -3}' };
    const overview = buildCheckpointOverview(broken, ourTensors(false));
    expect(overview.card.kind).toBe('foreign');
    expect(overview.card.warnings[0]).toMatch(/hiddenSize/);
    expect(overview.tensors).toHaveLength(11);
    // Recognised from the names and shapes instead.
    expect(overview.card.architecture).toBe('Embedding(10000, 64) → LSTM(64→64) × 2 → Linear(64, 1)');

    const badHistory = buildCheckpointOverview({ ...metadata, history: '[1, 2]' }, ourTensors(false));
    expect(badHistory.card.history).toBeNull();
    expect(badHistory.card.warnings).toEqual(["The 'history' metadata is not an object; no training chart."]);
  });
});

describe('model card of a foreign checkpoint (the golden PyTorch char-LM)', () => {
  it('shows the tensor table and recognises the LSTM under lstm. and the head fc', async () => {
    const reader = await openSafetensors(GOLDEN);
    const { card, tensors } = buildCheckpointOverview(reader.metadata, reader.tensors);
    await reader.close();
    expect(card.kind).toBe('foreign');
    expect(card.format).toBe('pt');
    expect(card.task).toBeNull();
    expect(card.modules).toEqual([
      { role: 'embedding', name: 'embedding', description: 'Embedding(38, 16)' },
      { role: 'lstm', name: 'lstm', description: 'LSTM(16→32)' },
      { role: 'head', name: 'fc', description: 'Linear(32, 38)' },
    ]);
    expect(card.architecture).toBe('Embedding(38, 16) → LSTM(16→32) → Linear(32, 38)');
    expect(card.parameterCount).toBe(38 * 16 + 38 + 38 * 32 + 128 + 128 + 128 * 32 + 128 * 16);
    expect(card.vocabulary).toMatchObject({ size: 38, unit: 'char' });
    expect(card.metadata.map((m) => m.key)).toEqual(['format', 'vocab', 'config', 'training']);
    expect(tensors.map((t) => t.name)).toEqual([
      'embedding.weight',
      'fc.bias',
      'fc.weight',
      'lstm.bias_hh_l0',
      'lstm.bias_ih_l0',
      'lstm.weight_hh_l0',
      'lstm.weight_ih_l0',
    ]);
    expect(tensors.filter((t) => t.gateHiddenSize === 32).map((t) => t.name)).toEqual([
      'lstm.bias_hh_l0',
      'lstm.bias_ih_l0',
      'lstm.weight_hh_l0',
      'lstm.weight_ih_l0',
    ]);
  });

  it('a file without an LSTM gets no architecture line but all its tensors', () => {
    const { card, tensors } = buildCheckpointOverview(
      {},
      infos([
        ['bert.embeddings.word_embeddings.weight', [30522, 768]],
        ['classifier.weight', [2, 768]],
      ]),
    );
    expect(card.architecture).toBeNull();
    expect(card.modules).toEqual([]);
    expect(card.parameterCount).toBe(30522 * 768 + 2 * 768);
    expect(tensors).toHaveLength(2);
  });

  it('recognises a bidirectional, stacked LSTM under any prefix', () => {
    const entries: [string, number[]][] = [];
    for (const layer of [0, 1]) {
      for (const suffix of ['', '_reverse']) {
        entries.push(
          [`encoder.rnn.weight_ih_l${layer}${suffix}`, [40, layer === 0 ? 8 : 20]],
          [`encoder.rnn.weight_hh_l${layer}${suffix}`, [40, 10]],
        );
      }
    }
    entries.push(['decoder.weight', [3, 20]]);
    const { card, tensors } = buildCheckpointOverview({}, infos(entries));
    expect(card.architecture).toBe('LSTM(8→10) × 2 (bidirectional) → Linear(20, 3)');
    expect(card.recurrent).toEqual({
      cell: 'lstm',
      title: 'LSTM',
      layers: 2,
      hiddenSize: 10,
      bidirectional: true,
      projSize: 0,
    });
    expect(tensors.find((t) => t.name === 'encoder.rnn.weight_hh_l1_reverse')!.recurrent).toEqual({
      cell: 'lstm',
      layer: 1,
      direction: 'backward',
      label: 'layer 1, backward',
    });
  });

  it('recognises a bidirectional GRU (weight_hh [3H, H]) and splits its tensors into r, z, n', () => {
    const H = 16; // 48 rows would also be 4 LSTM gates of 12: the shapes of weight_hh decide
    const entries: [string, number[]][] = [['embedding.weight', [50, 8]]];
    for (const suffix of ['', '_reverse'])
      entries.push(
        [`gru.weight_ih_l0${suffix}`, [3 * H, 8]],
        [`gru.weight_hh_l0${suffix}`, [3 * H, H]],
        [`gru.bias_ih_l0${suffix}`, [3 * H]],
        [`gru.bias_hh_l0${suffix}`, [3 * H]],
      );
    entries.push(['head.weight', [2, 2 * H]], ['head.bias', [2]]);
    const { card, tensors } = buildCheckpointOverview({}, infos(entries));
    expect(card.architecture).toBe('Embedding(50, 8) → GRU(8→16) (bidirectional) → Linear(32, 2)');
    expect(card.modules.map((m) => m.role)).toEqual(['embedding', 'gru', 'head']);
    expect(card.recurrent).toMatchObject({ cell: 'gru', title: 'GRU', layers: 1, hiddenSize: H, bidirectional: true });
    const ih = tensors.find((t) => t.name === 'gru.weight_ih_l0_reverse')!;
    expect(ih).toMatchObject({ gateHiddenSize: H, gates: ['r', 'z', 'n'] });
    expect(ih.recurrent).toEqual({ cell: 'gru', layer: 0, direction: 'backward', label: 'layer 0, backward' });
    expect(tensors.find((t) => t.name === 'gru.bias_hh_l0')!.gates).toEqual(['r', 'z', 'n']);
    expect(tensors.find((t) => t.name === 'head.weight')!.recurrent).toBeUndefined();
  });

  it('shows an LSTM projection weight_hr [P, H] as the projection, and says proj_size', () => {
    const entries: [string, number[]][] = [
      ['lstm.weight_ih_l0', [32, 5]],
      ['lstm.weight_hh_l0', [32, 3]],
      ['lstm.bias_ih_l0', [32]],
      ['lstm.bias_hh_l0', [32]],
      ['lstm.weight_hr_l0', [3, 8]],
      ['head.weight', [1, 3]],
    ];
    const { card, tensors } = buildCheckpointOverview({}, infos(entries));
    expect(card.architecture).toBe('LSTM(5→8) (proj_size 3) → Linear(3, 1)');
    expect(card.recurrent).toMatchObject({ cell: 'lstm', hiddenSize: 8, projSize: 3, bidirectional: false });
    const hr = tensors.find((t) => t.name === 'lstm.weight_hr_l0')!;
    expect(hr.projection).toEqual({ projSize: 3, hiddenSize: 8 });
    expect(hr.gateHiddenSize).toBeUndefined();
    expect(tensors.find((t) => t.name === 'lstm.weight_hh_l0')).toMatchObject({
      gateHiddenSize: 8,
      gates: ['i', 'f', 'g', 'o'],
    });
  });
});
