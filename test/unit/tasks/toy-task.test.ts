/**
 * A new task is an addition, not an edit: "reverse the text" (a character-level sequence-to-sequence toy:
 * input a short string, target its reverse, one softmax over characters per step) is defined here, in
 * this file only, registered with `registerTask`, detected for a file it fits best, and trained through
 * the real trainer (`runTraining`) and the CLI's train path (`lstm-studio train … --task reverse`).
 * If this test needs an edit outside this file, the registry is missing something.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { TargetBatch, TrainBatcher } from '../../../src/data/batcher';
import { failWith, ok } from '../../../src/data/errors';
import { PAD_ID, Vocabulary } from '../../../src/data/vocabulary';
import type { Random } from '../../../src/engine/random';
import { createProgram } from '../../../src/cli/program';
import type { TrainingEvent } from '../../../src/protocol/training-events';
import { registerTask, taskByName, type TaskDefinition } from '../../../src/tasks';
import { detectDataset } from '../../../src/tasks/detect';
import type { MetricAccumulator, TaskDetection } from '../../../src/tasks/task-training';
import { TrainingControl } from '../../../src/train/control';
import { prepareForTraining } from '../../../src/train/setup';
import { runTraining } from '../../../src/train/trainer';
import { startInProcessJob } from '../../../src/worker/in-process-job';

const reverse = (s: string) => [...s].reverse().join('');

/** Rows of `text,reversed`; the task reads `text` and learns `reversed`. */
function reverseCsv(rows: number): string {
  const letters = 'abcdef';
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lines = ['text,reversed'];
  for (let i = 0; i < rows; i++) {
    const word = Array.from(
      { length: 3 + Math.floor(next() * 4) },
      () => letters[Math.floor(next() * letters.length)],
    ).join('');
    lines.push(`${word},${reverse(word)}`);
  }
  return lines.join('\n') + '\n';
}

/** Sequences of ids `[B, T]` with per-step targets `[B, T]`, padded with PAD_ID; lengths `[B]`. */
function batchOf(
  inputs: Int32Array[],
  targets: Int32Array[],
  order: ArrayLike<number>,
  from: number,
  B: number,
  T: number,
): TargetBatch {
  const n = Math.min(B, order.length - from);
  const tokens = new Int32Array(n * T).fill(PAD_ID);
  const target = new Int32Array(n * T).fill(PAD_ID);
  const lengths = new Int32Array(n);
  for (let b = 0; b < n; b++) {
    const i = order[from + b];
    const L = Math.min(T, inputs[i].length);
    tokens.set(inputs[i].subarray(0, L), b * T);
    target.set(targets[i].subarray(0, L), b * T);
    lengths[b] = L;
  }
  return { batchSize: n, steps: T, tokens, targets: target, lengths };
}

/** The share of real steps whose most likely character is the target. */
function characterAccuracy(): MetricAccumulator {
  let right = 0;
  let steps = 0;
  return {
    // output [B, T, V]
    add(batch, output, V) {
      const { batchSize: B, steps: T } = batch;
      for (let b = 0; b < B; b++) {
        for (let t = 0; t < (batch.lengths?.[b] ?? T); t++) {
          const row = (b * T + t) * V;
          let best = 0;
          for (let v = 1; v < V; v++) if (output[row + v] > output[row + best]) best = v;
          if (best === batch.targets![b * T + t]) right++;
          steps++;
        }
      }
    },
    finish: (loss) => ({ loss, characterAccuracy: right / steps }),
  };
}

/** Step t's characters by probability (softmax of its logits), best first. logits [T, V] for one sequence. */
function mostLikely(
  logits: ArrayLike<number>,
  t: number,
  V: number,
  vocab: Vocabulary,
): { token: string; probability: number }[] {
  let max = -Infinity;
  for (let v = 0; v < V; v++) max = Math.max(max, logits[t * V + v]);
  let sum = 0;
  for (let v = 0; v < V; v++) sum += Math.exp(logits[t * V + v] - max);
  return Array.from({ length: V }, (_, v) => ({
    token: vocab.tokenOf(v),
    probability: Math.exp(logits[t * V + v] - max) / sum,
  })).sort((a, b) => b.probability - a.probability);
}

const reverseTask: TaskDefinition = {
  id: 'reverse',
  cliNames: ['reverse'],
  displayName: 'reverse the text',
  modelNoun: 'a text reverser',
  metrics: [{ key: 'characterAccuracy', label: 'character accuracy', higherIsBetter: true, format: 'percent' }],
  headline: 'characterAccuracy',
  settings: [],
  columnRoles: [{ override: 'textColumn', label: 'Text column', multiple: false, optional: false, prefers: 'text' }],
  modelBadge: 'text reverser',
  shortName: 'reverser',
  title: 'Reverse the text',
  prediction: null,
  stepOutput: 'next-token',
  bidirectionalRefusal: 'it reads the text from the start',
  use: {
    prediction: null,
    // Per step, the most likely characters of the reversed text (what comes out there).
    gateOutputs: (predictor, batch, logits) => {
      const steps = batch.steps;
      const top = Array.from({ length: steps }, (_, t) =>
        mostLikely(logits, t, predictor.model.config.outputSize, predictor.encoder.vocab!).slice(0, 5),
      );
      return { kind: 'next-token', top, actual: top.map(() => null), actualProbability: top.map(() => null) };
    },
    cliPredict: (predictor, input) => {
      const batch = predictor.encoder.encode(input);
      if (!batch.ok) throw new Error(batch.error.message);
      const { output } = predictor.model.forward(batch.value);
      const V = predictor.model.config.outputSize;
      const reversed = Array.from(
        { length: batch.value.steps },
        (_, t) => mostLikely(output, t, V, predictor.encoder.vocab!)[0].token,
      ).join('');
      return { json: { task: 'reverse', input, output: reversed }, text: reversed };
    },
  },
  training: {
    datasetKind: 'pairs',
    input: { kind: 'tokens', continuation: false },
    detection: {
      readsPlainText: false,
      impliedBy: () => 0,
      // A table whose second column is its first backwards, row by row: nothing else fits it as well.
      score: (sample) => {
        if (sample.format === 'text' || sample.table.columns.length !== 2) return null;
        const backwards = sample.table.rows.every((row) => row[1] === reverse(row[0]));
        return backwards
          ? {
              score: 10,
              reason: `column '${sample.table.columns[1]}' is column '${sample.table.columns[0]}' backwards`,
            }
          : null;
      },
      chooseColumns: (input) => {
        const read = input.readTable();
        if (!read.ok) return read;
        const [text, reversed] = read.value.table.columns;
        const detection: TaskDetection = {
          columns: { text, label: reversed },
          reason: `column '${reversed}' is column '${text}' backwards: learn to reverse the text`,
          warnings: [],
          table: read.value.table,
        };
        return ok(detection);
      },
    },
    presets: {
      small: {
        epochs: 3,
        batchSize: 16,
        seqLen: 8,
        hiddenSize: 16,
        numLayers: 1,
        embeddingDim: 8,
        dropout: 0,
        lr: 1e-2,
        clipNorm: 1,
        init: 'pytorch',
      },
      medium: {
        epochs: 6,
        batchSize: 16,
        seqLen: 8,
        hiddenSize: 32,
        numLayers: 1,
        embeddingDim: 8,
        dropout: 0,
        lr: 1e-2,
        clipNorm: 1,
        init: 'pytorch',
      },
      large: {
        epochs: 12,
        batchSize: 16,
        seqLen: 8,
        hiddenSize: 64,
        numLayers: 2,
        embeddingDim: 16,
        dropout: 0,
        lr: 5e-3,
        clipNorm: 1,
        init: 'pytorch',
      },
    },
    checkConfig: (config) => {
      if (config.seqLen < 6) throw new Error(`seqLen must be at least 6 to hold a word, got ${config.seqLen}`);
    },
    cliFlags: [],
    prepare: (_file, _content, detection, options) => {
      const table = detection.table!;
      const texts = table.rows.map((row) => row[0]);
      const vocab = Vocabulary.fromTokens('char', [...new Set(texts.join(''))].sort());
      const inputs = texts.map((t) => vocab.encode(t));
      const targets = texts.map((t) => vocab.encode(reverse(t)));
      const validation = Math.round(texts.length * options.validationFraction);
      const train = texts.length - validation;
      return ok({
        numClasses: 0,
        inputSize: 0,
        model: {
          vocabSize: vocab.size,
          inputSize: 0,
          outputSize: vocab.size,
          loss: 'softmax-ce',
          headOn: 'every',
          paddingIdx: PAD_ID,
        },
        summary: {
          sizes: { unit: 'examples', total: texts.length, train, validation },
          vocabularySize: vocab.size,
          warnings: [],
        },
        checkpoint: { dataset: { tokenUnit: 'char' }, vocab: vocab.toJSON(), normalization: null },
        makeTrainBatcher: (batchSize: number, seqLen: number, random: Random): TrainBatcher => {
          let order = random.permutation(train);
          let at = 0;
          return {
            batchSize,
            examplesPerEpoch: train,
            batchesPerEpoch: Math.ceil(train / batchSize),
            startEpoch: () => {
              order = random.permutation(train);
              at = 0;
            },
            nextBatch: () => {
              if (at >= train) return null;
              const batch = batchOf(inputs, targets, order, at, batchSize, seqLen);
              at += batchSize;
              return batch;
            },
          };
        },
        makeValidationBatches: (batchSize: number, seqLen: number) => {
          const order = Int32Array.from({ length: validation }, (_, i) => train + i);
          const batches: TargetBatch[] = [];
          for (let at = 0; at < validation; at += batchSize)
            batches.push(batchOf(inputs, targets, order, at, batchSize, seqLen));
          return batches;
        },
      });
    },
    prepareEvaluation: (file) => failWith(file.name, 'evaluating a new file is not part of this toy task'),
    createEvaluator: characterAccuracy,
    checkDatasetMetadata: () => null,
    checkModelShape: () => null,
  },
};

registerTask(reverseTask);

const folder = mkdtempSync(join(tmpdir(), 'lstm-toy-task-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const dataset = join(folder, 'words.csv');
writeFileSync(dataset, reverseCsv(400));

describe('a task registered in a test file', () => {
  it('is known by its names and detected for the file it fits best', () => {
    expect(taskByName('reverse')?.id).toBe('reverse');
    const detection = detectDataset('words.csv', reverseCsv(50));
    if (!detection.ok) throw new Error(detection.error.message);
    expect(detection.value.task).toBe('reverse');
    expect(detection.value.kind).toBe('pairs');
    expect(detection.value.reason).toBe("column 'reversed' is column 'text' backwards: learn to reverse the text");
    // Other tables still go to the built-in tasks.
    const labelled = detectDataset(
      'reviews.csv',
      'review,sentiment\ngreat film,pos\nawful plot,neg\nfine acting,pos\n',
    );
    expect(labelled.ok && labelled.value.task).toBe('classification');
  });

  it('trains through the real trainer, with its metric in the run summary', async () => {
    const setup = await prepareForTraining(dataset, { epochs: 4, threads: 1, kernelBackend: 'js' }, {});
    expect(setup.prepared.task).toBe('reverse');
    expect(setup.config.hiddenSize).toBe(16); // the toy task's small preset
    const events: TrainingEvent[] = [];
    const summary = await runTraining({
      setup: { ...setup, resumed: null },
      runsRoot: join(folder, 'runs'),
      control: new TrainingControl(),
      emit: (e) => events.push(e),
    });
    expect(summary.status).toBe('finished');
    const started = events.find((e) => e.type === 'run-started');
    expect(started?.type === 'run-started' && started.dataset.summary.task).toBe('reverse');
    const first = events.find((e) => e.type === 'evaluation');
    expect(summary.final?.characterAccuracy).toBeGreaterThan(0);
    // It learns: a character model with no idea of the order would get about 1/6 of the steps right.
    expect(summary.final!.characterAccuracy!).toBeGreaterThan(0.25);
    expect(summary.final!.loss).toBeLessThan(first?.type === 'evaluation' ? first.record.metrics.loss : Infinity);
  }, 120_000);

  it('trains through the CLI train path, chosen with --task, and prints its metric in the JSON summary', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      const program = createProgram({ startTrainingJob: startInProcessJob });
      program.exitOverride();
      await program.parseAsync(
        [
          'train',
          dataset,
          '--task',
          'reverse',
          '--steps',
          '20',
          '--threads',
          '1',
          '--json',
          '--out',
          join(folder, 'cli-runs'),
        ],
        { from: 'user' },
      );
    } finally {
      log.mockRestore();
    }
    const summary = JSON.parse(lines[lines.length - 1]) as {
      type: string;
      status: string;
      steps: number;
      runDir: string;
      final: Record<string, number>;
    };
    expect(summary.type).toBe('summary');
    expect(summary.status).toBe('finished');
    expect(summary.steps).toBe(20);
    expect(summary.final.characterAccuracy).toBeGreaterThan(0);

    // `predict` asks the checkpoint's task how to answer and print: one output character per input character.
    lines.length = 0;
    const logPredict = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      const program = createProgram({ startTrainingJob: startInProcessJob });
      program.exitOverride();
      await program.parseAsync(['predict', join(summary.runDir, 'last.safetensors'), '--text', 'fade', '--json'], {
        from: 'user',
      });
    } finally {
      logPredict.mockRestore();
    }
    const predicted = JSON.parse(lines[lines.length - 1]) as { task: string; input: string; output: string };
    expect(predicted.task).toBe('reverse');
    expect(predicted.input).toBe('fade');
    expect([...predicted.output]).toHaveLength(4);
    expect([...predicted.output].every((ch) => 'abcdef'.includes(ch))).toBe(true);
  }, 120_000);
});
