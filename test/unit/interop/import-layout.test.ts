/**
 * Recognising a PyTorch Embedding → LSTM → Linear under any module names, refusing what LSTM Studio
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
import { ImportRefusedError, recogniseLstmModel } from '../../../src/interop/import-layout';
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

/** A state_dict's names and shapes: Embedding(V, E) under `embedding`, nn.LSTM(E, H, layers) under `lstm`, Linear(H, O) under `head`. */
function stateDict(
  names: { embedding?: string | null; lstm: string; head: string },
  sizes = { V: 20, E: 6, H: 8, O: 20, layers: 1 },
  extra: TensorInfo[] = [],
): TensorInfo[] {
  const { V, E, H, O, layers } = sizes;
  const dot = names.lstm ? `${names.lstm}.` : '';
  const tensors = names.embedding === null ? [] : [info(`${names.embedding ?? 'embedding'}.weight`, [V, E])];
  for (let k = 0; k < layers; k++) {
    tensors.push(
      info(`${dot}weight_ih_l${k}`, [4 * H, k === 0 ? E : H]),
      info(`${dot}weight_hh_l${k}`, [4 * H, H]),
      info(`${dot}bias_ih_l${k}`, [4 * H]),
      info(`${dot}bias_hh_l${k}`, [4 * H]),
    );
  }
  tensors.push(info(`${names.head}.weight`, [O, H]), info(`${names.head}.bias`, [O]));
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
    const layout = recogniseLstmModel(stateDict(names, { V: 20, E: 6, H: 8, O: 20, layers: 2 }));
    expect(layout.moduleNames).toBe(modules);
    expect(layout.architecture).toBe('Embedding(20, 6) → LSTM(6→8) × 2 → Linear(8, 20)');
    expect(layout.lstm).toMatchObject({ prefix: names.lstm, inputSize: 6, hiddenSize: 8, numLayers: 2, hasBias: true });
  });

  it('tells the embedding from the head when both read the same width, by the bias and the names', () => {
    const layout = recogniseLstmModel(
      stateDict({ embedding: 'emb', lstm: 'lstm', head: 'classifier' }, { V: 50, E: 8, H: 8, O: 3, layers: 1 }),
    );
    expect(layout.embedding).toEqual({ tensor: 'emb.weight', vocabSize: 50, dim: 8 });
    expect(layout.head).toEqual({ weight: 'classifier.weight', bias: 'classifier.bias', outputSize: 3 });
  });

  it('reads a model of feature vectors (no embedding), nn.LSTM(bias=False) and optimizer state alongside', () => {
    const tensors = stateDict({ embedding: null, lstm: 'rnn', head: 'fc' }, { V: 0, E: 3, H: 4, O: 1, layers: 1 })
      .filter((t) => !t.name.includes('bias_'))
      .concat(info('optimizer.exp_avg.fc.weight', [1, 4]));
    const layout = recogniseLstmModel(tensors);
    expect(layout.embedding).toBeNull();
    expect(layout.lstm.hasBias).toBe(false);
    expect(layout.architecture).toBe('LSTM(3→4) → Linear(4, 1)');
  });
});

describe('refusing clearly', () => {
  const refuse = (tensors: TensorInfo[], message: RegExp) => expect(() => recogniseLstmModel(tensors)).toThrow(message);

  it('bidirectional LSTMs', () => {
    const tensors = stateDict({ lstm: 'lstm', head: 'fc' }, { V: 20, E: 6, H: 8, O: 20, layers: 1 });
    const reverse = tensors
      .filter((t) => t.name.startsWith('lstm.'))
      .map((t) => info(`${t.name}_reverse`, [...t.shape]));
    refuse(
      [...tensors, ...reverse],
      /the LSTM 'lstm' is bidirectional \(its tensors end in _reverse\); LSTM Studio runs one-directional LSTMs only/,
    );
  });

  it('projected LSTMs (proj_size)', () => {
    refuse(
      [...stateDict({ lstm: 'rnn', head: 'fc' }), info('rnn.weight_hr_l0', [4, 8])],
      /the LSTM 'rnn' has a projection \(weight_hr_l\*, nn.LSTM\(proj_size=…\)\)/,
    );
  });

  it('no LSTM, two LSTMs, a missing tensor, an extra layer, an ambiguous head', () => {
    expect(() => recogniseLstmModel([info('fc.weight', [2, 3])])).toThrow(ImportRefusedError);
    refuse([info('fc.weight', [2, 3])], /no nn.LSTM tensors .* it is not an LSTM model/);
    const two = [
      ...stateDict({ lstm: 'lstm1', head: 'fc' }),
      ...stateDict({ embedding: null, lstm: 'lstm2', head: 'fc' }).filter((t) => t.name.startsWith('lstm2')),
    ];
    refuse(two, /2 LSTM modules \('lstm1', 'lstm2'\)/);
    refuse(
      stateDict({ lstm: 'lstm', head: 'fc' }).filter((t) => t.name !== 'lstm.weight_hh_l0'),
      /the LSTM 'lstm' is incomplete: lstm.weight_hh_l0 missing/,
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
