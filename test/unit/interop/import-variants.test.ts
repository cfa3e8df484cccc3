/**
 * GRUs, bidirectional LSTMs and LSTMs with projections trained in PyTorch, imported here:
 * test/fixtures/pytorch/train_foreign_variants.py trained them (named the way other code names them) and
 * stored their float32 outputs on fixed inputs, padded batches included, in test/fixtures/pytorch/variants/.
 * Imported with the answers a user gives, each predicts the same here within 1e-5 — a bidirectional
 * classifier reading the forward direction's last real step and the backward direction's first, as
 * PyTorch's h_n of packed sequences gives them.
 */

import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportRequest } from '../../../src/interop/import-answers';
import { saveImportAnswers } from '../../../src/interop/import-pytorch';
import { loadAnyCheckpoint } from '../../../src/worker/inference/load-predictor';
import { maxAbsDiff, toBatch } from './pytorch-helpers';

const fixtures = join(__dirname, '../../fixtures/pytorch/variants');
// The answers are stored beside each file: work on copies, never in the committed fixtures.
const dir = mkdtempSync(join(tmpdir(), 'lstm-import-variants-'));
for (const file of readdirSync(fixtures)) copyFileSync(join(fixtures, file), join(dir, file));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** PyTorch float32 vs our float32, different summation orders. */
const TOLERANCE = 1e-5;

const words = () => ({ from: 'file' as const, path: join(dir, 'words_vocab.json') });
const cases: {
  name: string;
  architecture: string;
  modules: string;
  config: { cell: string; bidirectional: boolean; projSize: number };
  request: () => ImportRequest;
}[] = [
  {
    name: 'gru_lm',
    architecture: 'Embedding(12, 6) → GRU(6→10) × 2 → Linear(10, 12)',
    modules: 'encoder → rnn → decoder',
    config: { cell: 'gru', bidirectional: false, projSize: 0 },
    request: () => ({ task: 'language-model', vocab: { from: 'metadata' } }),
  },
  {
    name: 'gru_classifier',
    architecture: 'Embedding(10, 5) → GRU(5→7) → Linear(7, 3)',
    modules: 'emb → gru → fc',
    config: { cell: 'gru', bidirectional: false, projSize: 0 },
    request: () => ({ task: 'classification', vocab: words(), classes: ['pos', 'neg', 'meh'] }),
  },
  {
    name: 'bilstm_classifier',
    architecture: 'Embedding(10, 6) → LSTM(6→8, bidirectional) × 2 → Linear(16, 3)',
    modules: 'embedding → encoder.lstm → classifier',
    config: { cell: 'lstm', bidirectional: true, projSize: 0 },
    request: () => ({ task: 'classification', vocab: words(), classes: ['pos', 'neg', 'meh'] }),
  },
  {
    name: 'bigru_classifier',
    architecture: 'Embedding(10, 4) → GRU(4→6, bidirectional) → Linear(12, 1)',
    modules: 'embed → rnn → out',
    config: { cell: 'gru', bidirectional: true, projSize: 0 },
    request: () => ({ task: 'classification', vocab: words(), classes: ['neg', 'pos'] }),
  },
  {
    name: 'proj_forecaster',
    architecture: 'LSTM(3→8, proj 4) × 2 → Linear(4, 2)',
    modules: 'net.lstm → net.head',
    config: { cell: 'lstm', bidirectional: false, projSize: 4 },
    request: () => ({ task: 'forecasting', featureColumns: ['load', 'temp', 'hour'], targets: ['load'], horizon: 2 }),
  },
  {
    name: 'bilstm_proj_classifier',
    architecture: 'Embedding(10, 5) → LSTM(5→6, proj 3, bidirectional) → Linear(6, 2)',
    modules: 'embedding → lstm → fc',
    config: { cell: 'lstm', bidirectional: true, projSize: 3 },
    request: () => ({ task: 'classification', vocab: words(), classes: ['neg', 'pos'] }),
  },
];

describe.each(cases)('trained in PyTorch, imported here: $name', ({ name, architecture, modules, config, request }) => {
  it('predicts what PyTorch predicts, within 1e-5', async () => {
    const file = join(dir, `${name}.safetensors`);
    const { layout } = await saveImportAnswers(file, request());
    expect(layout.architecture).toBe(architecture);
    expect(layout.moduleNames).toBe(modules);
    const reference = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
    const { model, metadata } = await loadAnyCheckpoint(file);
    expect(metadata.config).toMatchObject(config);
    const { output } = model.forward(toBatch(reference));
    expect(output.length).toBe(reference.output.length);
    const diff = maxAbsDiff(output, reference.output);
    console.log(
      `${name} (${modules}): ours vs PyTorch: max abs diff ${diff.toExponential(2)} over ${output.length} outputs`,
    );
    expect(diff).toBeLessThan(TOLERANCE);
  });
});
