/**
 * A user's PyTorch encoder–decoder (test/fixtures/pytorch/foreign_seq2seq.py: the golden script's module in
 * float32, trained a little on reversing letter strings, four variants — 2-layer LSTM with general
 * attention, additive, a GRU with dot attention under other module names, no attention) imported as
 * sequence to sequence with its two vocabularies: the same teacher-forced logits as PyTorch within 1e-5,
 * the same greedy outputs, and `lstm-studio import` / `predict --beam 5` / `eval` on it.
 */

import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createProgram } from '../../../src/cli/program';
import { importStatus, saveImportAnswers } from '../../../src/interop/import-pytorch';
import type { ImportRequest } from '../../../src/interop/import-answers';
import { transformText } from '../../../src/tasks/seq2seq/transform';
import { loadAnyCheckpoint, loadPredictor } from '../../../src/worker/inference/load-predictor';
import { maxAbsDiff, python, requireTorch } from './pytorch-helpers';

/** PyTorch float32 vs our float32, different summation orders. */
const TOLERANCE = 1e-5;
const dir = mkdtempSync(join(tmpdir(), 'lstm-import-seq2seq-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await requireTorch();
  await python([join(__dirname, '../../fixtures/pytorch/foreign_seq2seq.py'), dir], dir);
}, 180_000);

const TARGET = ['<pad>', '<unk>', '<sos>', '<eos>', ...'abcdefgh'];
const request = (): ImportRequest => ({
  task: 'seq2seq',
  vocab: { from: 'file', path: join(dir, 'source_vocab.txt') },
  targetVocab: { from: 'file', path: join(dir, 'target_vocab.json') },
});

interface Reference {
  texts: string[];
  greedy: number[][];
  batch: { source: number[][]; source_lengths: number[]; target_input: number[][]; target_lengths: number[] };
  logits: { shape: number[]; data: number[] };
}

const variants = [
  {
    name: 'lstm_general',
    architecture:
      'Embedding(10, 8) → LSTM(8→16) × 2 ⇒ Embedding(12, 8) → LSTM(8→16) × 2 + general attention → Linear(16, 12)',
    modules: 'encoder.embedding → encoder.lstm ⇒ decoder.embedding → decoder.lstm + attention → head',
  },
  {
    name: 'lstm_additive',
    architecture: 'Embedding(10, 8) → LSTM(8→12) ⇒ Embedding(12, 8) → LSTM(8→12) + additive attention → Linear(12, 12)',
    modules: 'encoder.embedding → encoder.lstm ⇒ decoder.embedding → decoder.lstm + attention → head',
  },
  {
    name: 'gru_dot',
    architecture: 'Embedding(10, 6) → GRU(6→16) ⇒ Embedding(12, 6) → GRU(6→16) + dot attention → Linear(16, 12)',
    modules: 'encoder.embed → encoder.rnn ⇒ decoder.embed → decoder.rnn + attention → head',
  },
  {
    name: 'lstm_none',
    architecture: 'Embedding(10, 8) → LSTM(8→16) ⇒ Embedding(12, 8) → LSTM(8→16) → Linear(16, 12)',
    modules: 'encoder.embedding → encoder.lstm ⇒ decoder.embedding → decoder.lstm → head',
  },
];

describe.each(variants)('a PyTorch encoder–decoder imported: $name', ({ name, architecture, modules }) => {
  const file = () => join(dir, `${name}.safetensors`);
  const reference = () => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Reference;

  it('is recognised as sequence to sequence and asks for both vocabularies', async () => {
    expect(await importStatus(file())).toMatchObject({
      kind: 'foreign',
      answered: false,
      architecture,
      moduleNames: modules,
      vocabSize: 10,
      targetVocabSize: 12,
      suggestedTask: 'seq2seq',
      possibleTasks: ['seq2seq'],
    });
    await expect(loadAnyCheckpoint(file())).rejects.toThrow(/--task seq2seq --vocab SOURCE --target-vocab TARGET/);
    const { answers } = await saveImportAnswers(file(), request());
    expect(answers).toMatchObject({ task: 'seq2seq', sourceTokenUnit: 'char', targetTokenUnit: 'char' });
    expect(answers.vocab!.tokens).toEqual(['<pad>', '<unk>', ...'abcdefgh']);
    expect(answers.targetVocab!.tokens).toEqual(TARGET);
  });

  it("gives PyTorch's teacher-forced logits within 1e-5", async () => {
    const { model, metadata, imported } = await loadAnyCheckpoint(file());
    expect(imported).toBe(true);
    expect(metadata.config.decoder).toBeDefined();
    const { batch, logits } = reference();
    const [B, Td, V] = logits.shape;
    const { output } = model.forward({
      batchSize: B,
      steps: batch.source[0].length,
      tokens: Int32Array.from(batch.source.flat()),
      lengths: Int32Array.from(batch.source_lengths),
      decoder: {
        steps: Td,
        tokens: Int32Array.from(batch.target_input.flat()),
        lengths: Int32Array.from(batch.target_lengths),
      },
    });
    // Only the real (unpadded) decoder steps: PyTorch's padded steps hold the head's bias.
    const real = (k: number) => Math.floor(k / V) % Td < batch.target_lengths[Math.floor(k / (Td * V))];
    const diff = maxAbsDiff(output, logits.data, real);
    console.log(`${name}: teacher-forced logits, max abs diff ${diff.toExponential(1)}`);
    expect(diff).toBeLessThan(TOLERANCE);
  });

  it('decodes greedily what PyTorch decodes, and beam 5 gives an n-best list', async () => {
    const predictor = await loadPredictor(file());
    const { texts, greedy } = reference();
    for (let k = 0; k < texts.length; k++) {
      const result = transformText(predictor, texts[k], { beam: 1 });
      expect(result.outputTokens).toEqual(greedy[k].map((id) => TARGET[id]));
      expect(result.sourceTokens).toEqual([...texts[k]]);
    }
    const beam = transformText(predictor, texts[0], { beam: 5 });
    expect(beam.nbest.length).toBeGreaterThan(1);
    expect(beam.nbest.length).toBeLessThanOrEqual(5);
    expect(beam.output).toBe(beam.nbest[0].output);
    if (name !== 'lstm_none') expect(beam.attention).toHaveLength(beam.outputTokens.length + 1);
  });
});

describe('importing an encoder–decoder: what is refused, and why', () => {
  const file = () => join(dir, 'lstm_general.safetensors');

  it('is not a language model, and a single stack is not one', async () => {
    await expect(saveImportAnswers(file(), { ...request(), task: 'language-model' })).rejects.toThrow(
      /this file is an encoder–decoder \(.*\) — choose seq2seq/,
    );
    const charlm = join(dir, 'charlm.safetensors');
    copyFileSync(join(__dirname, '../../fixtures/golden/charlm.safetensors'), charlm);
    const status = await importStatus(charlm);
    const possible = status.kind === 'foreign' ? status.possibleTasks : [];
    expect(possible).toContain('language-model');
    expect(possible).not.toContain('seq2seq');
    expect(status.kind === 'foreign' && status.targetVocabSize).toBeNull();
    await expect(saveImportAnswers(charlm, { ...request(), vocab: { from: 'metadata' } })).rejects.toThrow(
      /a sequence-to-sequence model is an encoder–decoder, and this file holds one recurrent stack \(.*\) — choose lm or classify/,
    );
  });

  it('needs the target vocabulary, of the decoder’s size, with <sos> and <eos> at 2 and 3', async () => {
    await expect(saveImportAnswers(file(), { ...request(), targetVocab: undefined })).rejects.toThrow(
      /needs its target vocabulary too \(--target-vocab FILE.*12 tokens\)/,
    );
    const short = join(dir, 'short.txt');
    writeFileSync(short, TARGET.slice(0, 10).join('\n') + '\n');
    await expect(
      saveImportAnswers(file(), { ...request(), targetVocab: { from: 'file', path: short } }),
    ).rejects.toThrow(/the target vocabulary has 10 entries but the model's decoder embedding and head have 12/);
    const swapped = join(dir, 'swapped.json');
    writeFileSync(swapped, JSON.stringify(['<pad>', '<unk>', '<eos>', '<sos>', ...'abcdefgh']));
    await expect(
      saveImportAnswers(file(), { ...request(), targetVocab: { from: 'file', path: swapped } }),
    ).rejects.toThrow(
      /the target vocabulary must list <pad> \(0\), <unk> \(1\), <sos> \(2\), <eos> \(3\) first.*"<eos>", "<sos>"/,
    );
  });

  it('needs <pad> and <unk> first in the source vocabulary', async () => {
    const bare = join(dir, 'bare.txt');
    writeFileSync(bare, ['x', 'y', ...'abcdefgh'].join('\n'));
    await expect(saveImportAnswers(file(), { ...request(), vocab: { from: 'file', path: bare } })).rejects.toThrow(
      /the source vocabulary must list <pad> \(0\), <unk> \(1\) first/,
    );
  });
});

describe('lstm-studio import --task seq2seq, then predict (greedy and --beam 5) and eval', () => {
  it('stores the answers, predicts with the n-best list and scores a pairs file', async () => {
    const file = join(dir, 'lstm_additive.safetensors');
    const pairs = join(dir, 'reverse.tsv');
    writeFileSync(pairs, 'source\ttarget\nabc\tcba\nhgfe\tefgh\nbadcab\tbacdab\na\ta\ncafe\tefac\n');
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      for (const args of [
        ['import', file, '--task', 'seq2seq', '--vocab', join(dir, 'source_vocab.txt')].concat([
          '--target-vocab',
          join(dir, 'target_vocab.json'),
          '--json',
        ]),
        ['predict', file, '--text', 'hgfe', '--json'],
        ['predict', file, '--text', 'hgfe', '--beam', '5', '--json'],
        ['eval', file, pairs, '--json'],
      ]) {
        const program = createProgram();
        program.exitOverride();
        await program.parseAsync(args, { from: 'user' });
      }
    } finally {
      log.mockRestore();
    }
    const imported = JSON.parse(lines[0]) as { answers: { task: string; targetVocab: { tokens: string[] } } };
    expect(imported.answers.task).toBe('seq2seq');
    expect(imported.answers.targetVocab.tokens).toEqual(TARGET);
    const evaluated = JSON.parse(lines[lines.length - 1]) as Record<string, number>;
    const predicted = JSON.parse(lines[lines.length - 2]) as {
      output: string;
      nbest: { output: string; score: number }[];
      attention: number[][];
    };
    const { greedy } = JSON.parse(readFileSync(join(dir, 'lstm_additive.json'), 'utf8')) as Reference;
    // Beam 1 (the default) is PyTorch's greedy decoding of 'hgfe'.
    expect((JSON.parse(lines[lines.length - 3]) as { output: string }).output).toBe(
      greedy[1].map((id) => TARGET[id]).join(''),
    );
    expect(predicted.nbest[0].output).toBe(predicted.output);
    expect(predicted.nbest.length).toBeGreaterThan(1);
    expect(predicted.attention[0]).toHaveLength(4);
    // `eval` scores a pairs file with the task's metrics: its exact match is PyTorch's greedy decoding's.
    const references = ['cba', 'efgh', 'bacdab', 'a', 'efac'];
    const pytorchMatches = greedy.filter((ids, k) => ids.map((id) => TARGET[id]).join('') === references[k]).length;
    expect(evaluated.exactMatch).toBeCloseTo(pytorchMatches / references.length, 12);
    for (const metric of ['loss', 'tokenAccuracy', 'tokenErrorRate', 'charErrorRate', 'bleu', 'chrF'])
      expect(Number.isFinite(evaluated[metric])).toBe(true);
  });
});
