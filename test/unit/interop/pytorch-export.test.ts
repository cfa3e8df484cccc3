/**
 * Export a run as a PyTorch project, and run it with Debian's PyTorch 1.13:
 * - train here → export → load in PyTorch → the same predictions (forward.py vs our forward);
 * - the exported train.py on one process, from the run's initial weights, follows our loss curve step for
 *   step (same split, same batches from the same generator, same optimizer) — measured, see the tolerance;
 * - `torchrun --nproc_per_node 2` (gloo on CPU) trains a few steps and writes a checkpoint that loads
 *   here, where our forward pass equals PyTorch's on the same inputs.
 * One small model per task: a character LM, a 3-class word classifier (2 layers, padded batches), a
 * forecaster (2 columns, horizon 2), and a character-token classifier on JSON Lines with numeric labels;
 * and one per recurrent layout: a GRU LM, a bidirectional 2-layer LSTM classifier and a bidirectional GRU
 * classifier on padded batches (packed sequences in PyTorch), a forecaster with proj_size.
 */

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetOverrides } from '../../../src/protocol/dataset';
import { exportPyTorchProject } from '../../../src/interop/export-pytorch';
import type { DatasetMetadata } from '../../../src/data/dataset-metadata';
import { IntervalCalibration } from '../../../src/tasks/forecasting/calibration';
import { decodeForecast, distributionOfConfig } from '../../../src/tasks/forecasting/distribution';
import { loadModelCheckpoint } from '../../../src/train/model-checkpoint';
import { readManifest } from '../../../src/train/run-directory';
import {
  forwardInTorch,
  maxAbsDiff,
  python,
  requireTorch,
  toBatch,
  torchrun,
  trainHere,
  trainLosses,
  type ModelInputs,
} from './pytorch-helpers';

const root = mkdtempSync(join(tmpdir(), 'lstm-export-pytorch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const SLOW = 240_000;
/** Our forward vs PyTorch's on the same weights and inputs: float32 on both sides, different summation orders. */
const FORWARD_TOLERANCE = 1e-5;
/** Loss curves over 20 steps of Adam from the same weights and batches: float32 rounding, compounded. */
const LOSS_CURVE_TOLERANCE = 1e-5;

let torchVersion = '';
beforeEach(async () => {
  torchVersion = await requireTorch(); // importing torch takes seconds, more on a busy machine
}, SLOW);

function writeDatasets() {
  const text =
    'It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness.\n'.repeat(
      12,
    );
  writeFileSync(join(root, 'times.txt'), text);
  const words = { pos: ['good', 'great', 'fine'], neg: ['bad', 'awful', 'poor'], meh: ['okay', 'average', 'so'] };
  const filler = ['the', 'film', 'was', 'very', 'not', 'really', 'plot', 'acting'];
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows = ['review,label'];
  for (let i = 0; i < 150; i++) {
    const label = (['pos', 'neg', 'meh'] as const)[i % 3];
    const body = Array.from({ length: 2 + Math.floor(next() * 9) }, () => filler[Math.floor(next() * filler.length)]);
    body.splice(Math.floor(next() * body.length), 0, words[label][Math.floor(next() * 3)]);
    rows.push(`"${body.join(' ')}",${label}`);
  }
  writeFileSync(join(root, 'reviews.csv'), rows.join('\n') + '\n');
  const series = ['date,load,temperature'];
  for (let t = 0; t < 240; t++) {
    const day = new Date(Date.UTC(2024, 0, 1) + t * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    series.push(
      `${day},${(500 + 80 * Math.sin((2 * Math.PI * t) / 24) + 10 * Math.sin(t / 7)).toFixed(2)},${(12 + 6 * Math.cos((2 * Math.PI * t) / 24)).toFixed(2)}`,
    );
  }
  writeFileSync(join(root, 'load.csv'), series.join('\n') + '\n');
  const questions = Array.from({ length: 90 }, (_, i) => {
    const topic = i % 3;
    const stem = ['how do I cook rice', 'which planet is red', 'who wrote the play'][topic];
    return JSON.stringify({
      text: `${stem} ${'?!.'.repeat(1 + (i % 4))} #${i}`,
      label: topic + 1,
      source: i % 2 === 0 ? null : { id: i },
    });
  });
  writeFileSync(join(root, 'questions.jsonl'), questions.join('\n') + '\n');
  // Three stores, daily, with a promotion known ahead and the US holidays of early 2024 in range.
  const stores = ['store,date,sales,promo'];
  for (const [s, store] of ['north', 'south', 'east'].entries()) {
    for (let d = 0; d < 90; d++) {
      const day = new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
      const promo = (d * 7 + s) % 11 === 0 ? 1 : 0;
      const sales = 100 * (s + 1) + 20 * Math.sin((2 * Math.PI * d) / 7) + 15 * promo + 3 * Math.cos(d * (s + 2));
      stores.push(`${store},${day},${sales.toFixed(2)},${promo}`);
    }
  }
  writeFileSync(join(root, 'stores.csv'), stores.join('\n') + '\n');
}
writeDatasets();

interface Case {
  name: string;
  /** The project's folder name when the dataset is shared with another case (default: the dataset's). */
  id?: string;
  task: string;
  dataset: string;
  config: Record<string, unknown>;
  /** Column choices of the run (`--known-future`, `--holidays`, …). */
  overrides?: DatasetOverrides;
  inputs: ModelInputs;
}

const cases: Case[] = [
  {
    name: 'character language model',
    task: 'language-model',
    dataset: 'times.txt',
    config: { maxSteps: 20, batchSize: 8, seqLen: 24, hiddenSize: 16, embeddingDim: 8, seed: 5 },
    inputs: {
      tokens: [
        [3, 4, 5, 6, 7, 8, 9, 10],
        [11, 12, 2, 13, 14, 15, 16, 17],
      ],
    },
  },
  {
    name: '3-class word classifier, 2 layers, padded batches',
    task: 'classification',
    dataset: 'reviews.csv',
    config: {
      maxSteps: 20,
      batchSize: 16,
      seqLen: 10,
      hiddenSize: 8,
      embeddingDim: 6,
      numLayers: 2,
      dropout: 0,
      seed: 7,
    },
    inputs: {
      tokens: [
        [2, 3, 4, 5, 6, 7],
        [8, 9, 1, 0, 0, 0],
        [10, 0, 0, 0, 0, 0],
      ],
      lengths: [6, 3, 1],
    },
  },
  {
    name: 'forecaster, 2 columns, horizon 2',
    task: 'forecasting',
    dataset: 'load.csv',
    config: { maxSteps: 20, batchSize: 16, seqLen: 12, hiddenSize: 8, horizon: 2, seed: 9 },
    inputs: {
      features: [
        Array.from({ length: 12 }, (_, t) => [Math.sin(t), Math.cos(t)]),
        Array.from({ length: 12 }, (_, t) => [0.1 * t, -0.2]),
      ],
    },
  },
  {
    name: 'JSON Lines with numeric labels, character tokens',
    task: 'classification',
    dataset: 'questions.jsonl',
    config: { maxSteps: 12, batchSize: 8, seqLen: 20, hiddenSize: 8, embeddingDim: 6, tokenUnit: 'char', seed: 3 },
    inputs: {
      tokens: [
        [2, 3, 4, 5, 6],
        [7, 8, 0, 0, 0],
      ],
      lengths: [5, 2],
    },
  },
  // The recurrent layouts of issue #14: nn.GRU, a bidirectional nn.LSTM (packed sequences in PyTorch), proj_size.
  {
    name: 'GRU character language model',
    id: 'gru-times',
    task: 'language-model',
    dataset: 'times.txt',
    config: { maxSteps: 20, batchSize: 8, seqLen: 24, hiddenSize: 16, embeddingDim: 8, cell: 'gru', seed: 5 },
    inputs: {
      tokens: [
        [3, 4, 5, 6, 7, 8, 9, 10],
        [11, 12, 2, 13, 14, 15, 16, 17],
      ],
    },
  },
  {
    name: 'bidirectional 2-layer LSTM classifier, padded batches',
    id: 'bilstm-reviews',
    task: 'classification',
    dataset: 'reviews.csv',
    config: {
      maxSteps: 20,
      batchSize: 16,
      seqLen: 10,
      hiddenSize: 8,
      embeddingDim: 6,
      numLayers: 2,
      bidirectional: true,
      dropout: 0,
      seed: 7,
    },
    inputs: {
      tokens: [
        [2, 3, 4, 5, 6, 7],
        [8, 9, 1, 0, 0, 0],
        [10, 0, 0, 0, 0, 0],
      ],
      lengths: [6, 3, 1],
    },
  },
  {
    name: 'bidirectional GRU classifier on characters, padded batches',
    id: 'bigru-questions',
    task: 'classification',
    dataset: 'questions.jsonl',
    config: {
      maxSteps: 12,
      batchSize: 8,
      seqLen: 20,
      hiddenSize: 8,
      embeddingDim: 6,
      tokenUnit: 'char',
      cell: 'gru',
      bidirectional: true,
      seed: 3,
    },
    inputs: {
      tokens: [
        [2, 3, 4, 5, 6],
        [7, 8, 0, 0, 0],
      ],
      lengths: [5, 2],
    },
  },
  {
    name: 'forecaster with a Gaussian head (mean and softplus scale per value), horizon 2',
    id: 'gaussian-load',
    task: 'forecasting',
    dataset: 'load.csv',
    config: { maxSteps: 20, batchSize: 16, seqLen: 12, hiddenSize: 8, horizon: 2, seed: 9, distribution: 'gaussian' },
    inputs: {
      features: [
        Array.from({ length: 12 }, (_, t) => [Math.sin(t), Math.cos(t)]),
        Array.from({ length: 12 }, (_, t) => [0.1 * t, -0.2]),
      ],
    },
  },
  {
    name: 'forecaster with a quantile head (0.1, 0.5, 0.9), horizon 2',
    id: 'quantile-load',
    task: 'forecasting',
    dataset: 'load.csv',
    config: { maxSteps: 20, batchSize: 16, seqLen: 12, hiddenSize: 8, horizon: 2, seed: 9, distribution: 'quantile' },
    inputs: {
      features: [
        Array.from({ length: 12 }, (_, t) => [Math.sin(t), Math.cos(t)]),
        Array.from({ length: 12 }, (_, t) => [0.1 * t, -0.2]),
      ],
    },
  },
  {
    name: 'forecaster with projections (proj_size 4), 2 layers',
    id: 'proj-load',
    task: 'forecasting',
    dataset: 'load.csv',
    config: {
      maxSteps: 20,
      batchSize: 16,
      seqLen: 12,
      hiddenSize: 8,
      projSize: 4,
      numLayers: 2,
      dropout: 0,
      horizon: 2,
      seed: 9,
    },
    inputs: {
      features: [
        Array.from({ length: 12 }, (_, t) => [Math.sin(t), Math.cos(t)]),
        Array.from({ length: 12 }, (_, t) => [0.1 * t, -0.2]),
      ],
    },
  },
  {
    name: 'many series with calendar, holiday and known-future inputs',
    task: 'forecasting',
    dataset: 'stores.csv',
    config: { maxSteps: 20, batchSize: 16, seqLen: 10, hiddenSize: 8, horizon: 3, seed: 5 },
    overrides: { knownFutureColumns: ['promo'], holidays: 'US' },
    // 10 history + 3 future steps of 2 features + 3 series + 8 calendar + holiday + future flag = 15 inputs
    inputs: {
      features: [0, 1].map((b) =>
        Array.from({ length: 13 }, (_, t) => Array.from({ length: 15 }, (_, i) => Math.sin(0.3 * t + 0.7 * i + b))),
      ),
    },
  },
];

describe.each(cases)('export-pytorch: $name', ({ id, task, dataset, config, overrides, inputs }) => {
  const key = id ?? dataset;
  const project = join(root, `export-${key}`);
  let runDir = '';

  it(
    'writes the project: Python sources, run_config.json, the exported and the initial weights, a README',
    async () => {
      runDir = await trainHere(join(root, dataset), join(root, 'runs'), config, overrides);
      const result = await exportPyTorchProject(runDir, project);
      for (const file of [
        'train.py',
        'forward.py',
        'README.md',
        'run_config.json',
        'checkpoint.safetensors',
        'initial.safetensors',
        'lstm_studio/model.py',
        'lstm_studio/data.py',
      ]) {
        expect(existsSync(join(project, file)), file).toBe(true);
      }
      expect(result.checkpointPath).toBe(join(runDir, 'best.safetensors'));
      expect(result.datasetPath).toBe(join(root, dataset));
      const runConfig = JSON.parse(readFileSync(join(project, 'run_config.json'), 'utf8'));
      expect(runConfig.dataset.metadata.task).toBe(task);
      // The recurrent layout reaches the Python side, which builds nn.GRU / bidirectional / proj_size from it.
      const layout = Object.fromEntries(
        Object.entries(config).filter(([key]) => ['cell', 'bidirectional', 'projSize'].includes(key)),
      );
      expect(runConfig.model).toMatchObject(layout);
      const readme = readFileSync(join(project, 'README.md'), 'utf8');
      expect(readme).toContain('torchrun --standalone --nproc_per_node 4 train.py');
      expect(readme).not.toMatch(/\{\{\w+\}\}/);
      await expect(exportPyTorchProject(runDir, project)).rejects.toThrow(/is not empty/);
    },
    SLOW,
  );

  it(
    'trained here, loaded in PyTorch: the same predictions',
    async () => {
      const { model } = await loadModelCheckpoint(join(project, 'checkpoint.safetensors'));
      const ours = model.forward(toBatch(inputs)).output;
      const torch = await forwardInTorch(project, 'checkpoint.safetensors', inputs);
      const diff = maxAbsDiff(ours, torch.output);
      console.log(
        `${key}: our forward vs PyTorch ${torchVersion} on the exported weights: max abs diff ${diff.toExponential(2)} over ${ours.length} outputs`,
      );
      expect(diff).toBeLessThan(FORWARD_TOLERANCE);
    },
    SLOW,
  );

  it.runIf(config.distribution === 'gaussian' || config.distribution === 'quantile')(
    "forward.py applies the checkpoint's interval calibration as we do",
    async () => {
      const { model, metadata } = await loadModelCheckpoint(join(project, 'checkpoint.safetensors'));
      const dataset = metadata.dataset as DatasetMetadata;
      // Fitted by the run on its validation windows (--calibrate on, the default) and exported with the weights.
      expect(dataset.forecastCalibration?.windows).toBeGreaterThan(0);
      const distribution = distributionOfConfig(model.config);
      const targets = dataset.columns.targets!.length;
      const horizon = dataset.horizon!;
      const calibration = IntervalCalibration.of(dataset.forecastCalibration, distribution, horizon * targets);
      const output = model.forward(toBatch(inputs)).output;
      const width = horizon * targets * distribution.paramsPerValue;
      const ours = { median: [] as number[], lower: [] as number[], upper: [] as number[] };
      for (let b = 0; b * width < output.length; b++) {
        const decoded = decodeForecast(
          output.slice(b * width, (b + 1) * width),
          { horizon, targets, distribution },
          calibration,
        );
        ours.median.push(...decoded.median.flat());
        ours.lower.push(...decoded.interval!.lower.flat());
        ours.upper.push(...decoded.interval!.upper.flat());
      }
      const torch = await forwardInTorch(project, 'checkpoint.safetensors', inputs);
      const diff = Math.max(
        maxAbsDiff(ours.median, torch.median!),
        maxAbsDiff(ours.lower, torch.lower!),
        maxAbsDiff(ours.upper, torch.upper!),
      );
      console.log(
        `${key}: calibrated median and 80 % interval, ours vs forward.py: max abs diff ${diff.toExponential(2)}`,
      );
      // The interval ends are the outputs' μ ± z·s·σ (or widened quantiles): float32 outputs' differences
      // times at most a few units of s, so the forward tolerance scaled by 10.
      expect(diff).toBeLessThan(10 * FORWARD_TOLERANCE);
    },
    SLOW,
  );

  it(
    'train.py on one process, from the same initial weights and data order, follows our loss curve',
    async () => {
      const out = join(root, `py1-${key}`);
      await python(
        ['train.py', '--device', 'cpu', '--init-from', 'initial.safetensors', '--out', out, '--log-every', '0'],
        project,
      );
      const ours = trainLosses(runDir);
      const theirs = trainLosses(out);
      expect(theirs).toHaveLength(ours.length);
      const diff = maxAbsDiff(ours, theirs);
      console.log(
        `${key}: loss curve over ${ours.length} steps, LSTM Studio vs PyTorch: max abs diff ${diff.toExponential(2)} (losses ${ours[0].toFixed(4)} → ${ours[ours.length - 1].toFixed(4)})`,
      );
      expect(diff).toBeLessThan(LOSS_CURVE_TOLERANCE);
      // Its checkpoints are ours: they load here, with the run's task and vocabulary.
      const { metadata } = await loadModelCheckpoint(join(out, 'last.safetensors'));
      expect(metadata.step).toBe(ours.length);
      expect(metadata.dataset).toEqual(
        JSON.parse(readFileSync(join(project, 'run_config.json'), 'utf8')).dataset.metadata,
      );
      expect((await readManifest(out)).status).toBe('finished');
    },
    SLOW,
  );
});

describe('export-pytorch: torchrun, 2 processes on CPU (gloo)', () => {
  it(
    'writes a checkpoint that loads here; our forward equals PyTorch’s on the same inputs',
    async () => {
      const { inputs } = cases[1];
      const project = join(root, 'export-reviews.csv');
      const out = join(root, 'torchrun-2');
      const log = await torchrun(
        2,
        ['train.py', '--steps', '3', '--device', 'cpu', '--out', out, '--log-every', '1', '--json'],
        project,
      );
      const events = log
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l));
      expect(events.find((e) => e.type === 'run-started')).toMatchObject({
        processes: 2,
        device: 'cpu',
        totalSteps: 3,
      });
      expect(events.find((e) => e.type === 'summary')).toMatchObject({ status: 'finished', steps: 3 });
      const { model, metadata } = await loadModelCheckpoint(join(out, 'last.safetensors'));
      expect(metadata.step).toBe(3);
      const ours = model.forward(toBatch(inputs)).output;
      const torch = await forwardInTorch(project, join(out, 'last.safetensors'), inputs);
      const diff = maxAbsDiff(ours, torch.output);
      console.log(
        `torchrun --nproc_per_node 2: checkpoint loaded here, our forward vs PyTorch's: max abs diff ${diff.toExponential(2)}`,
      );
      expect(diff).toBeLessThan(FORWARD_TOLERANCE);
      expect((await readManifest(out)).threads).toBe(2);
    },
    SLOW,
  );
});
