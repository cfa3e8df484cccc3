/**
 * Recognising a PyTorch Embedding → LSTM/GRU → Linear under any module names (bidirectional, with proj_size), refusing what LSTM Studio
 * cannot run with a message that says why, and the answers stored beside the file (no PyTorch needed).
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TensorInfo } from '../../../src/checkpoint/header';
import { encodeSafetensors } from '../../../src/checkpoint/safetensors';
import { loadAnyCheckpoint } from '../../../src/worker/inference/load-predictor';
import { sidecarPath, vocabularyFromValue } from '../../../src/interop/import-answers';
import { foreignTensorFor, ImportRefusedError, recogniseRecurrentModel } from '../../../src/interop/import-layout';
import { ImportAnswersNeededError, importStatus, saveImportAnswers } from '../../../src/interop/import-pytorch';

const dir = mkdtempSync(join(tmpdir(), 'lstm-import-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const info = (name: string, shape: number[]): TensorInfo => ({
  name,
  dtype: 'F32',
  shape,
  byteLength: 4 * shape.reduce((a, b) => a * b, 1),
  dataOffsets: [0, 0],
});

/** Sizes of a synthetic state_dict: Embedding(V, E), a recurrent module (E → H, `layers`), Linear(·, O). */
interface Sizes {
  V: number;
  E: number;
  H: number;
  O: number;
  layers: number;
  cell?: 'lstm' | 'gru';
  bidirectional?: boolean;
  /** nn.LSTM(proj_size=P); 0 = none. */
  P?: number;
}

/** A state_dict's names and shapes, as PyTorch writes them: Embedding under `embedding`, nn.LSTM/nn.GRU under `lstm`, Linear under `head`. */
function stateDict(
  names: { embedding?: string | null; lstm: string; head: string },
  sizes: Sizes = { V: 20, E: 6, H: 8, O: 20, layers: 1 },
  extra: TensorInfo[] = [],
): TensorInfo[] {
  const { V, E, H, O, layers, cell = 'lstm', bidirectional = false, P = 0 } = sizes;
  const G = cell === 'lstm' ? 4 : 3;
  const R = P > 0 ? P : H;
  const directions = bidirectional ? ['', '_reverse'] : [''];
  const dot = names.lstm ? `${names.lstm}.` : '';
  const tensors = names.embedding === null ? [] : [info(`${names.embedding ?? 'embedding'}.weight`, [V, E])];
  for (let k = 0; k < layers; k++) {
    for (const suffix of directions) {
      tensors.push(
        info(`${dot}weight_ih_l${k}${suffix}`, [G * H, k === 0 ? E : directions.length * R]),
        info(`${dot}weight_hh_l${k}${suffix}`, [G * H, R]),
        info(`${dot}bias_ih_l${k}${suffix}`, [G * H]),
        info(`${dot}bias_hh_l${k}${suffix}`, [G * H]),
        ...(P > 0 ? [info(`${dot}weight_hr_l${k}${suffix}`, [P, H])] : []),
      );
    }
  }
  tensors.push(info(`${names.head}.weight`, [O, directions.length * R]), info(`${names.head}.bias`, [O]));
  return [...tensors, ...extra];
}

describe('recognising nn.LSTM models under any names', () => {
  it.each([
    [{ embedding: 'embedding', lstm: 'lstm', head: 'fc' }, 'embedding → lstm → fc'],
    [{ embedding: 'encoder', lstm: 'rnn', head: 'decoder' }, 'encoder → rnn → decoder'],
    [{ embedding: 'embed', lstm: 'encoder', head: 'linear' }, 'embed → encoder → linear'],
    [
      { embedding: 'model.tok_emb', lstm: 'model.encoder.lstm', head: 'model.head' },
      'model.tok_emb → model.encoder.lstm → model.head',
    ],
    [{ embedding: 'word_embeddings', lstm: '', head: 'out' }, 'word_embeddings → (root) → out'],
  ])('%o', (names, modules) => {
    const layout = recogniseRecurrentModel(stateDict(names, { V: 20, E: 6, H: 8, O: 20, layers: 2 }));
    expect(layout.moduleNames).toBe(modules);
    expect(layout.architecture).toBe('Embedding(20, 6) → LSTM(6→8) × 2 → Linear(8, 20)');
    expect(layout.recurrent).toMatchObject({
      cell: 'lstm',
      prefix: names.lstm,
      inputSize: 6,
      hiddenSize: 8,
      numLayers: 2,
      bidirectional: false,
      projSize: 0,
      hasBias: true,
    });
  });

  it('tells the embedding from the head when both read the same width, by the bias and the names', () => {
    const layout = recogniseRecurrentModel(
      stateDict({ embedding: 'emb', lstm: 'lstm', head: 'classifier' }, { V: 50, E: 8, H: 8, O: 3, layers: 1 }),
    );
    expect(layout.embedding).toEqual({ tensor: 'emb.weight', vocabSize: 50, dim: 8 });
    expect(layout.head).toEqual({ weight: 'classifier.weight', bias: 'classifier.bias', outputSize: 3 });
  });

  it('reads a model of feature vectors (no embedding), nn.LSTM(bias=False) and optimizer state alongside', () => {
    const tensors = stateDict({ embedding: null, lstm: 'rnn', head: 'fc' }, { V: 0, E: 3, H: 4, O: 1, layers: 1 })
      .filter((t) => !t.name.includes('bias_'))
      .concat(info('optimizer.exp_avg.fc.weight', [1, 4]));
    const layout = recogniseRecurrentModel(tensors);
    expect(layout.embedding).toBeNull();
    expect(layout.recurrent.hasBias).toBe(false);
    expect(layout.architecture).toBe('LSTM(3→4) → Linear(4, 1)');
    expect(foreignTensorFor(layout, 'lstm.bias_ih_l0')).toBeNull();
    expect(foreignTensorFor(layout, 'lstm.weight_hh_l0')).toBe('rnn.weight_hh_l0');
  });
});

describe('recognising nn.GRU, bidirectional and projected models', () => {
  const sizes = { V: 20, E: 6, H: 8, O: 5, layers: 2 };

  it.each([
    ['gru', 'encoder.gru', 'nn.GRU, stacked', { cell: 'gru' as const }, 'GRU(6→8) × 2 → Linear(8, 5)', 8],
    ['gru', 'rnn', 'nn.GRU named rnn', { cell: 'gru' as const }, 'GRU(6→8) × 2 → Linear(8, 5)', 8],
    [
      'lstm',
      'lstm',
      'bidirectional nn.LSTM',
      { bidirectional: true },
      'LSTM(6→8, bidirectional) × 2 → Linear(16, 5)',
      16,
    ],
    [
      'gru',
      'gru',
      'bidirectional nn.GRU',
      { cell: 'gru' as const, bidirectional: true },
      'GRU(6→8, bidirectional) × 2 → Linear(16, 5)',
      16,
    ],
    ['lstm', 'lstm', 'nn.LSTM(proj_size=3)', { P: 3 }, 'LSTM(6→8, proj 3) × 2 → Linear(3, 5)', 3],
    [
      'lstm',
      'rnn',
      'bidirectional nn.LSTM(proj_size=3)',
      { P: 3, bidirectional: true },
      'LSTM(6→8, proj 3, bidirectional) × 2 → Linear(6, 5)',
      6,
    ],
  ] as [string, string, string, Partial<Sizes>, string, number][])(
    '%s under %s: %s',
    (cell, prefix, _, options, architecture, headInput) => {
      const layout = recogniseRecurrentModel(
        stateDict({ embedding: 'embedding', lstm: prefix, head: 'fc' }, { ...sizes, ...options }),
      );
      expect(layout.architecture).toBe(`Embedding(20, 6) → ${architecture}`);
      expect(layout.recurrent).toMatchObject({
        cell,
        prefix,
        inputSize: 6,
        hiddenSize: 8,
        numLayers: 2,
        bidirectional: options.bidirectional ?? false,
        projSize: options.P ?? 0,
        outputSize: options.P ?? 8,
      });
      expect(layout.head).toEqual({ weight: 'fc.weight', bias: 'fc.bias', outputSize: 5 });
      expect(headInput).toBe((layout.recurrent.bidirectional ? 2 : 1) * layout.recurrent.outputSize);
    },
  );

  it('maps our parameter names onto the file’s, direction and projection included', () => {
    const layout = recogniseRecurrentModel(
      stateDict({ embedding: 'emb', lstm: 'encoder.rnn', head: 'head' }, { ...sizes, P: 3, bidirectional: true }),
    );
    expect(foreignTensorFor(layout, 'embedding.weight')).toBe('emb.weight');
    expect(foreignTensorFor(layout, 'lstm.weight_hr_l1_reverse')).toBe('encoder.rnn.weight_hr_l1_reverse');
    expect(foreignTensorFor(layout, 'lstm.bias_hh_l0')).toBe('encoder.rnn.bias_hh_l0');
    expect(foreignTensorFor(layout, 'head.bias')).toBe('head.bias');
    expect(() => foreignTensorFor(layout, 'gru.weight_ih_l0')).toThrow(/has no tensor for LSTM Studio's parameter/);
    expect(() => foreignTensorFor(layout, 'lstm.weight_ih_l2')).toThrow(/has no tensor/);
    const gru = recogniseRecurrentModel(stateDict({ lstm: 'gru', head: 'fc' }, { ...sizes, cell: 'gru' }));
    expect(foreignTensorFor(gru, 'gru.weight_hh_l1')).toBe('gru.weight_hh_l1');
  });
});

describe('GRU, bidirectional and proj_size models trained in PyTorch (test/fixtures/pytorch/variants)', () => {
  const fixtures = join(__dirname, '../../fixtures/pytorch/variants');
  it.each([
    ['gru_lm', 'Embedding(12, 6) → GRU(6→10) × 2 → Linear(10, 12)', 'encoder → rnn → decoder', 'language-model'],
    ['gru_classifier', 'Embedding(10, 5) → GRU(5→7) → Linear(7, 3)', 'emb → gru → fc', 'classification'],
    [
      'bilstm_classifier',
      'Embedding(10, 6) → LSTM(6→8, bidirectional) × 2 → Linear(16, 3)',
      'embedding → encoder.lstm → classifier',
      'classification',
    ],
    [
      'bigru_classifier',
      'Embedding(10, 4) → GRU(4→6, bidirectional) → Linear(12, 1)',
      'embed → rnn → out',
      'classification',
    ],
    ['proj_forecaster', 'LSTM(3→8, proj 4) × 2 → Linear(4, 2)', 'net.lstm → net.head', 'forecasting'],
    [
      'bilstm_proj_classifier',
      'Embedding(10, 5) → LSTM(5→6, proj 3, bidirectional) → Linear(6, 2)',
      'embedding → lstm → fc',
      'classification',
    ],
  ])('%s: %s', async (name, architecture, moduleNames, suggestedTask) => {
    expect(await importStatus(join(fixtures, `${name}.safetensors`))).toMatchObject({
      kind: 'foreign',
      architecture,
      moduleNames,
      suggestedTask,
    });
  });
});

describe('refusing clearly', () => {
  const refuse = (tensors: TensorInfo[], message: RegExp) =>
    expect(() => recogniseRecurrentModel(tensors)).toThrow(message);
  const sizes = { V: 20, E: 6, H: 8, O: 5, layers: 2 };
  const reshape = (tensors: TensorInfo[], name: string, shape: number[]) =>
    tensors.map((t) => (t.name === name ? info(name, shape) : t));

  it('a direction missing in one layer of a bidirectional module', () => {
    const tensors = stateDict({ lstm: 'lstm', head: 'fc' }, { ...sizes, bidirectional: true });
    refuse(
      tensors.filter((t) => !t.name.endsWith('_l1_reverse')),
      /the recurrent module 'lstm' is bidirectional \(it has _reverse tensors\) but layer 1 has only its forward direction/,
    );
    refuse(
      tensors.filter((t) => !(t.name.includes('_l0') && !t.name.endsWith('_reverse'))),
      /layer 0 has only its backward direction/,
    );
    refuse(
      tensors.filter((t) => t.name !== 'lstm.bias_hh_l1_reverse'),
      /the recurrent module 'lstm' is incomplete: lstm.bias_hh_l1_reverse missing/,
    );
  });

  it('a projection in one layer only, or one that does not fit', () => {
    const projected = stateDict({ lstm: 'rnn', head: 'fc' }, { ...sizes, P: 3 });
    refuse(
      projected.filter((t) => t.name !== 'rnn.weight_hr_l1'),
      /'rnn' is incomplete: rnn.weight_hr_l1 missing/,
    );
    // The old refusal's case: a weight_hr next to an unprojected W_hh.
    refuse(
      [...stateDict({ lstm: 'rnn', head: 'fc' }), info('rnn.weight_hr_l0', [4, 8])],
      /'rnn.weight_hr_l0' \[4, 8\] marks an nn.LSTM with proj_size .* needs 'rnn.weight_hh_l0' \[4 × 8, 4\], but it is \[32, 8\]/,
    );
    // A GRU has no proj_size.
    refuse(
      [
        ...stateDict({ lstm: 'gru', head: 'fc' }, { ...sizes, layers: 1, cell: 'gru' }),
        info('gru.weight_hr_l0', [4, 8]),
      ],
      /only nn.LSTM has weight_hr/,
    );
    const wide = stateDict({ lstm: 'lstm', head: 'fc' }, { ...sizes, layers: 1, P: 8 });
    refuse(wide, /projects 8 hidden units to 8: PyTorch requires proj_size < hidden_size/);
  });

  it('shapes no nn.LSTM or nn.GRU has', () => {
    const lstm = stateDict({ lstm: 'lstm', head: 'fc' }, sizes);
    refuse(
      reshape(lstm, 'lstm.weight_hh_l0', [40, 8]),
      /'lstm.weight_hh_l0' has shape \[40, 8\], which is neither an nn.LSTM's \[4H, H\] nor an nn.GRU's \[3H, H\]/,
    );
    refuse(
      reshape(lstm, 'lstm.weight_ih_l1', [32, 6]),
      /'lstm.weight_ih_l1' has shape \[32, 6\], but an nn.LSTM\(6, 8\) needs \[32, 8\]/,
    );
    // A GRU's second layer reading one direction's width although the module is bidirectional.
    const gru = stateDict({ lstm: 'gru', head: 'fc' }, { ...sizes, cell: 'gru', bidirectional: true });
    refuse(
      reshape(gru, 'gru.weight_ih_l1_reverse', [24, 8]),
      /'gru.weight_ih_l1_reverse' has shape \[24, 8\], but an nn.GRU\(6, 8, bidirectional=True\) needs \[24, 16\]/,
    );
    // An LSTM's gate rows in one layer, a GRU's in the next.
    refuse(
      reshape(reshape(lstm, 'lstm.weight_hh_l1', [24, 8]), 'lstm.weight_ih_l1', [24, 8]),
      /'lstm.weight_ih_l1' has shape \[24, 8\], but an nn.LSTM\(6, 8\) needs \[32, 8\]/,
    );
    refuse(
      reshape(stateDict({ lstm: 'lstm', head: 'fc' }, { ...sizes, P: 3 }), 'lstm.weight_hh_l1', [32, 8]),
      /'lstm.weight_hh_l1' has shape \[32, 8\], but an nn.LSTM\(6, 8, proj_size=3\) needs \[32, 3\]/,
    );
  });

  it('a head that reads one direction of a bidirectional model', () => {
    const tensors = stateDict({ lstm: 'lstm', head: 'fc' }, { ...sizes, bidirectional: true }).map((t) =>
      t.name === 'fc.weight' ? info('fc.weight', [5, 8]) : t,
    );
    refuse(
      tensors,
      /no linear layer reads the LSTM's output \(a '<name>.weight' of shape \[outputs, 16 = forward ‖ backward, 8 each\]/,
    );
  });

  it('no recurrent module, two of them, a missing tensor, an extra layer, an ambiguous head', () => {
    expect(() => recogniseRecurrentModel([info('fc.weight', [2, 3])])).toThrow(ImportRefusedError);
    refuse([info('fc.weight', [2, 3])], /no nn.LSTM or nn.GRU tensors .* it is not a recurrent model/);
    const two = [
      ...stateDict({ lstm: 'lstm1', head: 'fc' }),
      ...stateDict({ embedding: null, lstm: 'lstm2', head: 'fc' }).filter((t) => t.name.startsWith('lstm2')),
    ];
    refuse(two, /2 recurrent modules \('lstm1', 'lstm2'\)/);
    refuse(
      stateDict({ lstm: 'lstm', head: 'fc' }).filter((t) => t.name !== 'lstm.weight_hh_l0'),
      /the recurrent module 'lstm' is incomplete: lstm.weight_hh_l0 missing/,
    );
    refuse(
      stateDict({ lstm: 'lstm', head: 'fc1' }, undefined, [info('fc2.weight', [20, 20]), info('fc2.bias', [20])]),
      /layers LSTM Studio's model does not have \(fc2.weight \[20, 20\]/,
    );
    refuse(
      stateDict({ lstm: 'lstm', head: 'a' }, undefined, [info('b.weight', [5, 8]), info('b.bias', [5])]),
      /cannot tell which layer reads the LSTM's output: 'a.weight' \[20, 8\], 'b.weight' \[5, 8\]/,
    );
  });
});

describe('vocabularies as they come', () => {
  it('a bare list keeps its ids (no <pad>/<unk> invented); specials first are kept; a {token: id} map is inverted', () => {
    const bare = vocabularyFromValue(['\n', ' ', 'a'], 'test');
    expect([bare.tokens, bare.padId, bare.unkId, bare.idOf('a'), bare.idOf('z')]).toEqual([
      ['\n', ' ', 'a'],
      null,
      null,
      2,
      -1,
    ]);
    const specials = vocabularyFromValue(['<pad>', '<unk>', 'good', 'bad'], 'test');
    expect([specials.padId, specials.unkId, specials.idOf('bad'), specials.idOf('meh'), specials.unit]).toEqual([
      0,
      1,
      3,
      1,
      'word',
    ]);
    expect(vocabularyFromValue({ b: 1, a: 0 }, 'test').tokens).toEqual(['a', 'b']);
    expect(() => vocabularyFromValue({ a: 0, b: 0 }, 'test')).toThrow(/needs the ids 0…1, each once/);
  });
});

describe('the answers stored beside the file', () => {
  const file = join(dir, 'tiny.safetensors');
  const sizes = { V: 3, E: 2, H: 2, O: 3, layers: 1 };
  const tensors = stateDict({ embedding: 'emb', lstm: 'rnn', head: 'fc' }, sizes).map((t) => ({
    name: t.name,
    shape: t.shape,
    data: new Float32Array(t.byteLength / 4).fill(0.1),
  }));
  writeFileSync(file, encodeSafetensors(tensors, { format: 'pt', itos: JSON.stringify(['a', 'b', 'c']) }));

  it('are asked for once, checked against the shapes, stored as readable JSON, and used from then on', async () => {
    expect(await importStatus(file)).toMatchObject({
      kind: 'foreign',
      answered: false,
      suggestedTask: 'language-model',
      metadataVocabularySize: 3,
    });
    await expect(loadAnyCheckpoint(file)).rejects.toThrow(ImportAnswersNeededError);
    await expect(saveImportAnswers(file, { task: 'forecasting' })).rejects.toThrow(
      /reads token ids .* a forecaster reads numbers/,
    );
    await expect(saveImportAnswers(file, { task: 'classification', classes: ['x', 'y'] })).rejects.toThrow(
      /3 output\(s\), so 3 classes; 2 class name\(s\) were given/,
    );
    const { answers } = await saveImportAnswers(file, { task: 'language-model' });
    expect(JSON.parse(readFileSync(sidecarPath(file), 'utf8'))).toEqual(answers);
    expect(answers).toMatchObject({
      format: 'lstm-studio-import/1',
      file: { name: 'tiny.safetensors' },
      task: 'language-model',
      vocab: { tokens: ['a', 'b', 'c'], specials: false },
    });
    const { metadata, imported } = await loadAnyCheckpoint(file);
    expect(imported).toBe(true);
    expect(metadata.config).toMatchObject({
      vocabSize: 3,
      embeddingDim: 2,
      hiddenSize: 2,
      outputSize: 3,
      headOn: 'every',
      loss: 'softmax-ce',
    });
    expect(await importStatus(file)).toMatchObject({ answered: true });
  });

  it('are asked again when the file changes', async () => {
    const grown = encodeSafetensors(tensors, {
      format: 'pt',
      itos: JSON.stringify(['a', 'b', 'c']),
      note: 'retrained',
    });
    writeFileSync(file, grown);
    await expect(loadAnyCheckpoint(file)).rejects.toThrow(/has changed since its import answers were stored/);
  });

  it('refuse a bidirectional model as a language model (it would read what it predicts) and suggest a classifier', async () => {
    const bidirectional = join(dir, 'bi.safetensors');
    const bi = stateDict({ embedding: 'emb', lstm: 'rnn', head: 'fc' }, { ...sizes, bidirectional: true }).map((t) => ({
      name: t.name,
      shape: t.shape,
      data: new Float32Array(t.byteLength / 4).fill(0.1),
    }));
    writeFileSync(bidirectional, encodeSafetensors(bi, { format: 'pt', itos: JSON.stringify(['a', 'b', 'c']) }));
    expect(await importStatus(bidirectional)).toMatchObject({
      kind: 'foreign',
      architecture: 'Embedding(3, 2) → LSTM(2→2, bidirectional) → Linear(4, 3)',
      suggestedTask: 'classification',
    });
    await expect(saveImportAnswers(bidirectional, { task: 'language-model' })).rejects.toThrow(
      /this model is bidirectional, and a language model predicts each next character from the ones before it; a backward direction would read the character it must predict — choose classify/,
    );
  });

  it('refuse our own checkpoints (nothing to import)', async () => {
    const ours = join(dir, 'ours.safetensors');
    writeFileSync(
      ours,
      encodeSafetensors(tensors, {
        format: 'lstm-studio/1',
        config: '{"vocabSize":3,"embeddingDim":2,"hiddenSize":2,"outputSize":3}',
      }),
    );
    await expect(saveImportAnswers(ours, { task: 'language-model' })).rejects.toThrow(
      /is an LSTM Studio checkpoint already/,
    );
  });
});
