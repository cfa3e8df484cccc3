/**
 * Recognising an encoder–decoder from tensor names and shapes alone: the cell, layers and sizes, the
 * attention kind from which attention tensors exist, and a near miss (a model that is nearly this one but
 * that LSTM Studio cannot run) said in words — by `guessArchitecture` (the checkpoint editor's card) and
 * refused with the same reason by the importer.
 */

import { describe, expect, it } from 'vitest';
import { guessArchitecture } from '../../../src/checkpoint/architecture-guess';
import { recogniseEncoderDecoder } from '../../../src/checkpoint/encoder-decoder-layout';
import type { TensorInfo } from '../../../src/checkpoint/header';
import { buildCheckpointOverview } from '../../../src/checkpoint/model-card';
import { ImportRefusedError, recogniseRecurrentModel } from '../../../src/interop/import-layout';

function infos(shapes: Record<string, number[]>): TensorInfo[] {
  let offset = 0;
  return Object.entries(shapes).map(([name, shape]) => {
    const byteLength = 4 * shape.reduce((a, b) => a * b, 1);
    const info: TensorInfo = { name, dtype: 'F32', shape, byteLength, dataOffsets: [offset, offset + byteLength] };
    offset += byteLength;
    return info;
  });
}

interface Options {
  cell?: 'lstm' | 'gru';
  attention?: 'dot' | 'general' | 'additive' | 'none';
  layers?: number;
  Vs?: number;
  Vt?: number;
  E?: number;
  H?: number;
  A?: number;
}

/** The golden script's module (seq2seq_golden.py) as a state_dict's shapes. */
function seq2seqShapes(o: Options = {}): Record<string, number[]> {
  const { cell = 'lstm', attention = 'general', layers = 1, Vs = 30, Vt = 20, E = 8, H = 16, A = 10 } = o;
  const G = cell === 'lstm' ? 4 : 3;
  const shapes: Record<string, number[]> = {};
  for (const side of ['encoder', 'decoder']) {
    shapes[`${side}.embedding.weight`] = [side === 'encoder' ? Vs : Vt, E];
    for (let k = 0; k < layers; k++) {
      shapes[`${side}.${cell}.weight_ih_l${k}`] = [G * H, k === 0 ? E : H];
      shapes[`${side}.${cell}.weight_hh_l${k}`] = [G * H, H];
      shapes[`${side}.${cell}.bias_ih_l${k}`] = [G * H];
      shapes[`${side}.${cell}.bias_hh_l${k}`] = [G * H];
    }
  }
  if (attention === 'general') shapes['attention.W_a.weight'] = [H, H];
  if (attention === 'additive')
    Object.assign(shapes, {
      'attention.W_q.weight': [A, H],
      'attention.W_m.weight': [A, H],
      'attention.W_m.bias': [A],
      'attention.v.weight': [1, A],
    });
  if (attention !== 'none') shapes['attention.W_c.weight'] = [H, 2 * H];
  shapes['head.weight'] = [Vt, H];
  shapes['head.bias'] = [Vt];
  return shapes;
}

function nearMiss(shapes: Record<string, number[]>): string {
  const recognised = recogniseEncoderDecoder(infos(shapes));
  if (recognised.kind !== 'near-miss') throw new Error(`expected a near miss, got ${recognised.kind}`);
  return recognised.message;
}

describe('recognising an encoder–decoder', () => {
  it.each([
    ['general', 'general attention (W_a, W_c)'],
    ['additive', 'additive attention (W_q, W_m, v, W_c, A = 10)'],
    ['dot', 'dot attention (W_c)'],
  ] as const)('tells %s attention from the tensors that exist', (attention, description) => {
    const guess = guessArchitecture(infos(seq2seqShapes({ attention })));
    expect(guess.encoderDecoder?.attention).toBe(attention);
    expect(guess.problem).toBeNull();
    expect(guess.modules.find((m) => m.role === 'attention')?.description).toBe(description);
    expect(guess.architecture).toBe(
      `Embedding(30, 8) → LSTM(8→16) ⇒ Embedding(20, 8) → LSTM(8→16) + ${attention} attention → Linear(16, 20)`,
    );
  });

  it('reads a GRU of two layers without attention, and says it in words', () => {
    const guess = guessArchitecture(infos(seq2seqShapes({ cell: 'gru', layers: 2, attention: 'none' })));
    expect(guess.encoderDecoder).toMatchObject({ cell: 'gru', numLayers: 2, hiddenSize: 16, embeddingDim: 8 });
    expect(guess.encoderDecoder!.description).toBe(
      'Sequence to sequence (encoder–decoder without attention): an encoder GRU(8→16) × 2 over 30 source tokens and a decoder of the same shape over 20 target tokens',
    );
    expect(guess.recurrent).toMatchObject({ cell: 'gru', layers: 2, hiddenSize: 16, bidirectional: false });
    expect(guess.modules.map((m) => `${m.role} ${m.name}`)).toEqual([
      'embedding encoder.embedding',
      'gru encoder.gru',
      'embedding decoder.embedding',
      'gru decoder.gru',
      'head head',
    ]);
  });

  it('finds the modules under other names (enc/dec, embed, rnn, a prefix, out)', () => {
    const renamed = Object.fromEntries(
      Object.entries(seq2seqShapes()).map(([name, shape]) => [
        `model.${name
          .replace('encoder.', 'enc.')
          .replace('decoder.', 'dec.')
          .replace('embedding.', 'embed.')
          .replace('.lstm.', '.rnn.')
          .replace('head.', 'out.')}`,
        shape,
      ]),
    );
    const recognised = recogniseEncoderDecoder(infos(renamed));
    expect(recognised.kind).toBe('encoder-decoder');
    if (recognised.kind !== 'encoder-decoder') return;
    expect(recognised.layout.moduleNames).toBe(
      'model.enc.embed → model.enc.rnn ⇒ model.dec.embed → model.dec.rnn + model.attention → model.out',
    );
  });

  it('leaves a model of one stack to the single-stack reading', () => {
    const single = infos({
      'embedding.weight': [30, 8],
      'lstm.weight_ih_l0': [64, 8],
      'lstm.weight_hh_l0': [64, 16],
      'head.weight': [3, 16],
    });
    expect(recogniseEncoderDecoder(single).kind).toBe('none');
    expect(guessArchitecture(single)).toMatchObject({ encoderDecoder: null, problem: null });
  });
});

describe('near misses, said in words', () => {
  it('a bidirectional encoder', () => {
    const shapes = seq2seqShapes();
    for (const kind of ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'])
      shapes[`encoder.lstm.${kind}_l0_reverse`] = shapes[`encoder.lstm.${kind}_l0`];
    expect(nearMiss(shapes)).toMatch(
      /^the encoder 'encoder.lstm' is bidirectional \(it has _reverse tensors\); LSTM Studio's encoder reads in one direction/,
    );
  });

  it('a decoder of another width', () => {
    const shapes = seq2seqShapes();
    Object.assign(shapes, {
      'decoder.lstm.weight_ih_l0': [128, 8],
      'decoder.lstm.weight_hh_l0': [128, 32],
      'decoder.lstm.bias_ih_l0': [128],
      'decoder.lstm.bias_hh_l0': [128],
    });
    expect(nearMiss(shapes)).toBe(
      "the decoder is 32 wide and the encoder 16; LSTM Studio's decoder starts from the encoder's final state, so both have one width",
    );
  });

  it('a GRU decoder after an LSTM encoder', () => {
    const gru = seq2seqShapes({ cell: 'gru' });
    const shapes = seq2seqShapes();
    for (const name of Object.keys(shapes)) if (name.startsWith('decoder.lstm.')) delete shapes[name];
    for (const [name, shape] of Object.entries(gru)) if (name.startsWith('decoder.gru.')) shapes[name] = shape;
    expect(nearMiss(shapes)).toMatch(/^the encoder is an LSTM and the decoder a GRU/);
  });

  it('input feeding (the decoder reads the embedding and the previous attentional state)', () => {
    const shapes = seq2seqShapes();
    shapes['decoder.lstm.weight_ih_l0'] = [64, 8 + 16];
    expect(nearMiss(shapes)).toMatch(/input feeding .*LSTM Studio's decoder reads the embedding only/);
  });

  it('a head over another vocabulary than the decoder reads', () => {
    const shapes = seq2seqShapes();
    shapes['head.weight'] = [25, 16];
    shapes['head.bias'] = [25];
    expect(nearMiss(shapes)).toMatch(/the head 'head.weight' \[25, 16\] writes 25 tokens but the decoder's embedding/);
  });

  it('attention tensors without W_c, and layers the model does not have', () => {
    const noCombine = seq2seqShapes();
    delete noCombine['attention.W_c.weight'];
    expect(nearMiss(noCombine)).toMatch(/no W_c.weight \[16, 32\]/);
    const extra = { ...seq2seqShapes(), 'bridge.weight': [16, 16] };
    expect(nearMiss(extra)).toMatch(/layers LSTM Studio's encoder–decoder does not have: 'bridge.weight' \[16, 16\]/);
  });

  it('the card warns with the reason, and the importer refuses with it', () => {
    const shapes = seq2seqShapes();
    shapes['decoder.lstm.weight_ih_l0'] = [64, 24];
    const tensors = infos(shapes);
    const { card } = buildCheckpointOverview({ format: 'pt' }, tensors);
    expect(card.encoderDecoder).toBeNull();
    expect(card.warnings.join('\n')).toMatch(
      /This looks like an encoder–decoder LSTM Studio cannot run: .*input feeding/,
    );
    expect(() => recogniseRecurrentModel(tensors)).toThrow(ImportRefusedError);
    expect(() => recogniseRecurrentModel(tensors)).toThrow(
      /an encoder–decoder LSTM Studio cannot run: .*input feeding/,
    );
  });

  it('a foreign encoder–decoder gets its card: blocks, attention, vocabulary sizes (units unknown)', () => {
    const { card } = buildCheckpointOverview({ format: 'pt' }, infos(seq2seqShapes({ attention: 'additive' })));
    expect(card.kind).toBe('foreign');
    expect(card.encoderDecoder).toMatchObject({
      attention: 'additive',
      source: { size: 30, unit: null },
      target: { size: 20, unit: null },
    });
    expect(card.modules.map((m) => m.role)).toEqual(['embedding', 'lstm', 'embedding', 'lstm', 'attention', 'head']);
  });
});
