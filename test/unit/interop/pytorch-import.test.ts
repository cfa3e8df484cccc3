/**
 * Trained in PyTorch, imported here: test/fixtures/pytorch/train_foreign_lstm.py trains three models
 * named the way other code names them (encoder/rnn/decoder with 2 layers; emb/lstm(bias=False)/classifier
 * on padded batches; net.rnn/net.linear on features) and dumps their outputs; imported with the answers a
 * user gives, each predicts the same here within 1e-5.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAnyCheckpoint, loadPredictor } from '../../../src/worker/inference/load-predictor';
import { classify } from '../../../src/tasks/classification/classify';
import { forecast } from '../../../src/tasks/forecasting/forecast';
import type { ImportRequest } from '../../../src/interop/import-answers';
import { saveImportAnswers } from '../../../src/interop/import-pytorch';
import { maxAbsDiff, python, requireTorch, toBatch } from './pytorch-helpers';

const dir = mkdtempSync(join(tmpdir(), 'lstm-import-pytorch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const script = join(__dirname, '../../fixtures/pytorch/train_foreign_lstm.py');

let trained: Promise<string> | undefined;
beforeEach(async () => {
  await requireTorch();
  trained ??= python([script, dir], dir);
  await trained;
}, 120_000);

const cases: { name: string; architecture: string; modules: string; request: () => ImportRequest }[] = [
  {
    name: 'charlm',
    architecture: 'Embedding(12, 6) → LSTM(6→10) × 2 → Linear(10, 12)',
    modules: 'encoder → rnn → decoder',
    request: () => ({ task: 'language-model', vocab: { from: 'metadata' } }),
  },
  {
    name: 'classifier',
    architecture: 'Embedding(8, 5) → LSTM(5→7) → Linear(7, 3)',
    modules: 'emb → lstm → classifier',
    request: () => ({
      task: 'classification',
      vocab: { from: 'file', path: join(dir, 'classifier_vocab.json') },
      classes: ['pos', 'neg', 'meh'],
    }),
  },
  {
    name: 'forecaster',
    architecture: 'LSTM(3→8) → Linear(8, 2)',
    modules: 'net.rnn → net.linear',
    request: () => ({ task: 'forecasting', featureColumns: ['load', 'temp', 'hour'], targets: ['load'], horizon: 2 }),
  },
];

describe.each(cases)('trained in PyTorch, imported here: $name', ({ name, architecture, modules, request }) => {
  it('predicts what PyTorch predicts, within 1e-5', async () => {
    const file = join(dir, `${name}.safetensors`);
    const { layout } = await saveImportAnswers(file, request());
    expect(layout.architecture).toBe(architecture);
    expect(layout.moduleNames).toBe(modules);
    const reference = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
    const { model } = await loadAnyCheckpoint(file);
    const { output } = model.forward(toBatch(reference));
    const diff = maxAbsDiff(output, reference.output);
    console.log(
      `${name} (${modules}): ours vs PyTorch: max abs diff ${diff.toExponential(2)} over ${output.length} outputs`,
    );
    expect(diff).toBeLessThan(1e-5);
  });
});

describe('an imported model in the ordinary prediction path', () => {
  it('classifies with the class names given, and forecasts in the named columns', async () => {
    const classifier = await loadPredictor(join(dir, 'classifier.safetensors'));
    const result = classify(classifier, 'very good film, very good plot');
    expect(result.probabilities.map((p) => p.label)).toEqual(['pos', 'neg', 'meh']);
    expect(result.tokens).toEqual(['very', 'good', 'film', 'very', 'good', 'plot']);
    const forecaster = await loadPredictor(join(dir, 'forecaster.safetensors'));
    const rows = Array.from({ length: 9 }, (_, t) => [Math.sin(t), Math.cos(t), t / 24]);
    const values = forecast(forecaster, rows).values;
    expect(values).toHaveLength(2);
    expect(values.every((row) => row.length === 1 && Number.isFinite(row[0]))).toBe(true);
  });
});
