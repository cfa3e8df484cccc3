/**
 * The checkpoint editor on a sequence-to-sequence model: a real checkpoint (trained here for 5 steps on
 * the first 500 pairs of examples/dates.tsv) shows "Sequence to sequence (encoder–decoder with
 * attention)", its blocks (encoder, decoder, attention, head) with their sizes, the attention kind, both
 * vocabularies' sizes and units, and the encoder's and decoder's recurrent tensors split into gates. A
 * foreign file of that layout (names and shapes only) is recognised the same way.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSafetensors } from '../../../src/checkpoint/file';
import { buildCheckpointOverview, type CheckpointOverview } from '../../../src/checkpoint/model-card';
import { allTaskPresentations } from '../../../src/tasks/presentations';
import { TrainingControl } from '../../../src/train/control';
import { prepareForTraining } from '../../../src/train/setup';
import { runTraining } from '../../../src/train/trainer';

const dir = mkdtempSync(join(tmpdir(), 'lstm-seq2seq-card-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let overview: CheckpointOverview;
let metadata: Record<string, string>;

beforeAll(async () => {
  const lines = readFileSync(join(__dirname, '../../../examples/dates.tsv'), 'utf8').split('\n');
  const dataset = join(dir, 'dates-500.tsv');
  writeFileSync(dataset, lines.slice(0, 501).join('\n') + '\n');
  const setup = await prepareForTraining(
    dataset,
    { task: 'seq2seq', threads: 1, maxSteps: 5, batchSize: 16, hiddenSize: 24, embeddingDim: 8, attention: 'general' },
    {},
  );
  const summary = await runTraining({
    setup: { ...setup, resumed: null },
    runsRoot: join(dir, 'runs'),
    control: new TrainingControl(),
    emit: () => {},
  });
  if (summary.status !== 'finished') throw new Error(`training ended ${summary.status}: ${summary.reason}`);
  const reader = await openSafetensors(join(summary.runDir, 'last.safetensors'));
  try {
    metadata = { ...reader.metadata };
    overview = buildCheckpointOverview(metadata, reader.tensors);
  } finally {
    await reader.close();
  }
}, 120_000);

describe('the model card of a sequence-to-sequence checkpoint', () => {
  it('names the task and the model in words', () => {
    const { card } = overview;
    expect(card.kind).toBe('studio');
    expect(card.task).toBe('seq2seq');
    expect(allTaskPresentations().find((t) => t.id === card.task)?.title).toBe(
      'Sequence to sequence (encoder–decoder with attention)',
    );
    expect(card.encoderDecoder?.description).toMatch(
      /^Sequence to sequence \(encoder–decoder with general attention\): an encoder LSTM\(8→24\) over \d+ source tokens and a decoder of the same shape over \d+ target tokens$/,
    );
    expect(card.architecture).toMatch(
      /^Embedding\(\d+, 8\) → LSTM\(8→24\) ⇒ Embedding\(\d+, 8\) → LSTM\(8→24\) \+ general attention → Linear\(24, \d+\)$/,
    );
    expect(card.warnings).toEqual([]);
  });

  it('lists the blocks with their sizes and the attention kind', () => {
    const { card } = overview;
    const source = card.encoderDecoder!.source.size;
    const target = card.encoderDecoder!.target.size;
    expect(card.modules).toEqual([
      { role: 'embedding', name: 'encoder.embedding', description: `Embedding(${source}, 8)` },
      { role: 'lstm', name: 'encoder.lstm', description: 'LSTM(8→24)' },
      { role: 'embedding', name: 'decoder.embedding', description: `Embedding(${target}, 8)` },
      { role: 'lstm', name: 'decoder.lstm', description: 'LSTM(8→24)' },
      { role: 'attention', name: 'attention', description: 'general attention (W_a, W_c)' },
      { role: 'head', name: 'head', description: `Linear(24, ${target})` },
    ]);
    expect(card.encoderDecoder!.attention).toBe('general');
    expect(card.recurrent).toMatchObject({ cell: 'lstm', layers: 1, hiddenSize: 24 });
  });

  it("shows both vocabularies' sizes and units (dates: characters on both sides)", () => {
    const { card } = overview;
    const dataset = JSON.parse(metadata.dataset) as { targetVocab: { tokens: string[] } };
    const vocab = JSON.parse(metadata.vocab) as { tokens: string[] };
    expect(card.vocabulary).toMatchObject({ size: vocab.tokens.length, unit: 'char' });
    expect(card.encoderDecoder!.source).toEqual({ size: vocab.tokens.length, unit: 'char' });
    expect(card.encoderDecoder!.target).toMatchObject({ size: dataset.targetVocab.tokens.length, unit: 'char' });
    expect(card.encoderDecoder!.target.preview.slice(0, 4)).toEqual(['<pad>', '<unk>', '<sos>', '<eos>']);
    expect(card.outputs).toBe(`a sequence of characters, over ${dataset.targetVocab.tokens.length} target tokens`);
  });

  it("splits the encoder's and the decoder's recurrent tensors into gates", () => {
    for (const side of ['encoder', 'decoder'])
      for (const kind of ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']) {
        const row = overview.tensors.find((t) => t.name === `${side}.lstm.${kind}_l0`)!;
        expect(row.gates).toEqual(['i', 'f', 'g', 'o']);
        expect(row.gateHiddenSize).toBe(24);
        expect(row.recurrent).toMatchObject({ cell: 'lstm', layer: 0, direction: 'forward' });
        // The optimizer's moments of the same tensor split the same way.
        const moment = overview.tensors.find((t) => t.name === `optimizer.exp_avg.${side}.lstm.${kind}_l0`)!;
        expect(moment.group).toBe('optimizer');
        expect(moment.gates).toEqual(['i', 'f', 'g', 'o']);
      }
    const attention = overview.tensors.find((t) => t.name === 'attention.W_a.weight')!;
    expect(attention.gates).toBeUndefined();
    expect(attention.group).toBe('parameter');
  });
});
