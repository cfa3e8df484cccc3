/**
 * An encoder–decoder (sequence-to-sequence) model as its tensor names and shapes show it — ours
 * (src/engine/encoder-decoder.ts) or a PyTorch module of the same layout
 * (test/fixtures/golden/gen/seq2seq_golden.py):
 *
 *   encoder.embedding.weight   [Vs, E]        decoder.embedding.weight   [Vt, E]
 *   encoder.lstm.*_l{k}        nn.LSTM(E, H, num_layers=L)   (or .gru.: nn.GRU)
 *   decoder.lstm.*_l{k}        the same cell, sizes and layers, started from the encoder's final state
 *   attention.W_a.weight [H, H]                                            general (Luong)
 *   attention.W_q.weight [A, H], W_m.weight [A, H], W_m.bias [A], v.weight [1, A]   additive (Bahdanau)
 *   attention.W_c.weight [H, 2H]  the attentional state tanh(W_c [context; h_t]); alone: dot (Luong)
 *   head.weight [Vt, H], head.bias [Vt]
 *
 * The two recurrent modules are told apart by their names (`enc…`, `dec…`, under any prefix); the
 * embeddings are the bias-less matrices beside them; the attention's tensors are found by their last
 * names. Reports only: it builds nothing. A model that is nearly this one (a bidirectional encoder, a
 * decoder of another width, input feeding, …) is a near miss with the reason in words, which the
 * checkpoint editor shows and the importer refuses with.
 */

import { CELLS, type CellKind } from '../protocol/cell-signals';
import type { TensorInfo } from './header';
import { findLstmModules, isTrainingStateTensor, type LstmModuleSummary } from './names';

export type EncoderDecoderAttention = 'dot' | 'general' | 'additive' | 'none';

/** The attention's parameters by their name in our model (`W_a.weight`, …) → the file's tensor (null: absent, zero). */
export type AttentionTensors = Partial<Record<AttentionParameter, string | null>>;
export type AttentionParameter = 'W_a.weight' | 'W_q.weight' | 'W_m.weight' | 'W_m.bias' | 'v.weight' | 'W_c.weight';
const ATTENTION_PARAMETERS: readonly AttentionParameter[] = [
  'W_a.weight',
  'W_q.weight',
  'W_m.weight',
  'W_m.bias',
  'v.weight',
  'W_c.weight',
];

export interface EncoderDecoderSide {
  /** The recurrent module's path in the file: `encoder.lstm`, `model.dec.rnn`. */
  prefix: string;
  /** The embedding's tensor: `encoder.embedding.weight`. */
  embedding: string;
  vocabSize: number;
  /** Every tensor of the recurrent module, by file name. */
  tensorNames: string[];
}

export interface EncoderDecoderLayout {
  cell: CellKind;
  numLayers: number;
  hiddenSize: number;
  embeddingDim: number;
  /** False for bias=False recurrent modules: the biases are zero. */
  hasBias: boolean;
  encoder: EncoderDecoderSide;
  decoder: EncoderDecoderSide;
  attention: EncoderDecoderAttention;
  /** Width of the additive score's hidden layer (A); the hidden size for the other kinds. */
  attentionSize: number;
  attentionTensors: AttentionTensors;
  head: { weight: string; bias: string | null; outputSize: number };
  /** `Embedding(40, 16) → LSTM(16→32) ⇒ Embedding(30, 16) → LSTM(16→32) + general attention → Linear(32, 30)`. */
  architecture: string;
  /** The modules as the file names them: `encoder.embedding → encoder.lstm ⇒ decoder.embedding → decoder.lstm + attention → head`. */
  moduleNames: string;
  /** In words, for the card and the importer. */
  description: string;
}

export type EncoderDecoderRecognition =
  | { kind: 'encoder-decoder'; layout: EncoderDecoderLayout }
  /** Two recurrent modules named encoder and decoder, but not a model LSTM Studio runs: why not. */
  | { kind: 'near-miss'; message: string }
  /** Not an encoder–decoder (no pair of recurrent modules named so). */
  | { kind: 'none' };

const HEAD_NAMES = ['head', 'fc', 'out', 'output', 'linear', 'generator', 'proj', 'projection', 'classifier'];

/** The encoder–decoder these tensors make, a near miss with the reason, or none. */
export function recogniseEncoderDecoder(tensors: readonly TensorInfo[]): EncoderDecoderRecognition {
  const parameters = tensors.filter((t) => !isTrainingStateTensor(t.name) && t.shape.length > 0);
  const modules = findLstmModules(parameters.map((t) => t.name));
  if (modules.length !== 2) return { kind: 'none' };
  const encoder = modules.find((m) => sideOf(m.prefix) === 'encoder');
  const decoder = modules.find((m) => sideOf(m.prefix) === 'decoder');
  if (!encoder || !decoder) return { kind: 'none' };
  try {
    return { kind: 'encoder-decoder', layout: recognise(encoder, decoder, parameters) };
  } catch (error) {
    if (error instanceof NearMiss) return { kind: 'near-miss', message: error.message };
    throw error;
  }
}

class NearMiss extends Error {}

/** `encoder.lstm`, `enc_rnn`, `model.encoder` → encoder; the same with dec → decoder; else null. */
function sideOf(prefix: string): 'encoder' | 'decoder' | null {
  const segments = prefix.toLowerCase().split(/[._]/);
  const enc = segments.some((s) => s.startsWith('enc'));
  const dec = segments.some((s) => s.startsWith('dec'));
  return enc === dec ? null : enc ? 'encoder' : 'decoder';
}

interface Stack {
  cell: CellKind;
  inputSize: number;
  hiddenSize: number;
}

function recognise(
  encoderModule: LstmModuleSummary,
  decoderModule: LstmModuleSummary,
  parameters: readonly TensorInfo[],
): EncoderDecoderLayout {
  const byName = new Map(parameters.map((t) => [t.name, t]));
  const shapeOf = (name: string) => byName.get(name)?.shape ?? [];
  const shown = (name: string) => `'${name}' [${shapeOf(name).join(', ')}]`;
  for (const [side, module] of [
    ['encoder', encoderModule],
    ['decoder', decoderModule],
  ] as const) {
    if (module.bidirectional)
      throw new NearMiss(
        `the ${side} '${module.prefix}' is bidirectional (it has _reverse tensors); LSTM Studio's ${side} reads in one direction and the decoder starts from the encoder's final state — train it with bidirectional=False`,
      );
    if (module.hasProjection)
      throw new NearMiss(
        `the ${side} '${module.prefix}' has projections (weight_hr, proj_size); LSTM Studio's encoder–decoder has none`,
      );
    if (module.missing.length > 0)
      throw new NearMiss(
        `the ${side} '${module.prefix}' is incomplete: ${module.missing.slice(0, 6).join(', ')} missing`,
      );
  }
  const stackOf = (module: LstmModuleSummary, side: string): Stack => {
    const hh = shapeOf(`${module.prefix}.weight_hh_l0`);
    const ih = shapeOf(`${module.prefix}.weight_ih_l0`);
    const H = hh[1];
    const gates = hh.length === 2 && H > 0 ? hh[0] / H : 0;
    if ((gates !== 4 && gates !== 3) || ih.length !== 2)
      throw new NearMiss(
        `the ${side}'s ${shown(`${module.prefix}.weight_hh_l0`)} is neither an nn.LSTM's [4H, H] nor an nn.GRU's [3H, H]`,
      );
    return { cell: gates === 4 ? 'lstm' : 'gru', inputSize: ih[1], hiddenSize: H };
  };
  const enc = stackOf(encoderModule, 'encoder');
  const dec = stackOf(decoderModule, 'decoder');
  const H = enc.hiddenSize;
  const title = (cell: CellKind) => CELLS[cell].title;
  if (enc.cell !== dec.cell)
    throw new NearMiss(
      `the encoder is an ${title(enc.cell)} and the decoder a ${title(dec.cell)}; LSTM Studio's decoder is the encoder's cell (it starts from the encoder's final state)`,
    );
  if (dec.hiddenSize !== H)
    throw new NearMiss(
      `the decoder is ${dec.hiddenSize} wide and the encoder ${H}; LSTM Studio's decoder starts from the encoder's final state, so both have one width`,
    );
  if (decoderModule.numLayers !== encoderModule.numLayers)
    throw new NearMiss(
      `the encoder has ${encoderModule.numLayers} layer(s) and the decoder ${decoderModule.numLayers}; LSTM Studio's decoder starts from every layer's final state of the encoder, so both have as many`,
    );
  if (encoderModule.hasBias !== decoderModule.hasBias)
    throw new NearMiss('one of the encoder and the decoder has biases and the other has none (bias=False)');

  const used = new Set([...encoderModule.tensorNames, ...decoderModule.tensorNames]);
  const matrices = parameters.filter((t) => t.shape.length === 2 && t.name.endsWith('weight') && !used.has(t.name));
  const hasBias = (weight: TensorInfo) => byName.has(`${weight.name.slice(0, -'weight'.length)}bias`);
  const embeddingOf = (module: LstmModuleSummary, side: 'encoder' | 'decoder', width: number): TensorInfo => {
    const parent = module.prefix.includes('.') ? module.prefix.slice(0, module.prefix.lastIndexOf('.') + 1) : '';
    const candidates = matrices.filter(
      (t) =>
        !hasBias(t) &&
        /emb/i.test(t.name) &&
        (parent ? t.name.startsWith(parent) : sideOf(t.name.slice(0, -'.weight'.length)) === side),
    );
    const fitting = candidates.filter((t) => t.shape[1] === width);
    if (fitting.length === 1) return fitting[0];
    if (fitting.length === 0 && candidates.length === 1) {
      const [candidate] = candidates;
      if (side === 'decoder' && candidate.shape[1] + H === width)
        throw new NearMiss(
          `the decoder's first layer reads ${width} values per step, its embedding ${shown(candidate.name)} plus ${H}: input feeding (the previous attentional state fed back); LSTM Studio's decoder reads the embedding only`,
        );
      throw new NearMiss(
        `the ${side}'s embedding ${shown(candidate.name)} is ${candidate.shape[1]} wide but its first layer reads ${width} values per step`,
      );
    }
    throw new NearMiss(
      fitting.length > 1
        ? `cannot tell the ${side}'s embedding among ${fitting.map((t) => shown(t.name)).join(', ')}`
        : `no embedding for the ${side} (a bias-less '<${side}>.embedding.weight' [vocabulary, ${width}])`,
    );
  };
  const encoderEmbedding = embeddingOf(encoderModule, 'encoder', enc.inputSize);
  const decoderEmbedding = embeddingOf(decoderModule, 'decoder', dec.inputSize);
  const E = enc.inputSize;
  if (dec.inputSize !== E)
    throw new NearMiss(
      `the encoder's embedding is ${E} wide and the decoder's ${dec.inputSize}; LSTM Studio's two embeddings have one width`,
    );
  const G = CELLS[enc.cell].gates.length;
  for (const module of [encoderModule, decoderModule])
    for (let layer = 0; layer < module.numLayers; layer++) {
      const expected: [string, number[]][] = [
        ['weight_ih', [G * H, layer === 0 ? E : H]],
        ['weight_hh', [G * H, H]],
        ...(module.hasBias
          ? ([
              ['bias_ih', [G * H]],
              ['bias_hh', [G * H]],
            ] as [string, number[]][])
          : []),
      ];
      for (const [kind, shape] of expected) {
        const name = `${module.prefix}.${kind}_l${layer}`;
        if (shapeOf(name).join(',') !== shape.join(','))
          throw new NearMiss(
            `${shown(name)} does not fit an nn.${title(enc.cell)}(${E}, ${H}, num_layers=${module.numLayers}), which needs [${shape.join(', ')}]`,
          );
      }
    }
  used.add(encoderEmbedding.name).add(decoderEmbedding.name);

  const { attention, attentionSize, attentionTensors } = recogniseAttention(parameters, used, H, shown);
  for (const name of Object.values(attentionTensors)) if (name) used.add(name);

  const Vt = decoderEmbedding.shape[0];
  const heads = parameters.filter((t) => t.shape.length === 2 && t.shape[1] === H && !used.has(t.name));
  const lastSegment = (t: TensorInfo) => t.name.slice(0, -'.weight'.length).split('.').pop()!.toLowerCase();
  const head =
    HEAD_NAMES.map((name) => heads.find((t) => t.name.endsWith('weight') && lastSegment(t) === name)).find(Boolean) ??
    (heads.length === 1 ? heads[0] : undefined);
  if (!head)
    throw new NearMiss(
      heads.length > 1
        ? `cannot tell which layer writes the output among ${heads.map((t) => shown(t.name)).join(', ')}; name it head`
        : `no linear layer reads the decoder's output (a 'head.weight' [${Vt}, ${H}])`,
    );
  if (head.shape[0] !== Vt)
    throw new NearMiss(
      `the head ${shown(head.name)} writes ${head.shape[0]} tokens but the decoder's embedding ${shown(decoderEmbedding.name)} reads ${Vt}; the decoder reads back the tokens it writes, so they are one vocabulary`,
    );
  used.add(head.name);
  const biasName = `${head.name.slice(0, -'weight'.length)}bias`;
  const bias = byName.get(biasName);
  const headBias = bias && bias.shape.length === 1 && bias.shape[0] === Vt ? biasName : null;
  if (headBias) used.add(headBias);

  const others = parameters.filter((t) => !used.has(t.name));
  if (others.length > 0)
    throw new NearMiss(
      `it has layers LSTM Studio's encoder–decoder does not have: ${others
        .slice(0, 6)
        .map((t) => shown(t.name))
        .join(', ')}${others.length > 6 ? `, … (${others.length} in all)` : ''}`,
    );

  const Vs = encoderEmbedding.shape[0];
  const L = encoderModule.numLayers;
  const stack = `${title(enc.cell)}(${E}→${H})${L > 1 ? ` × ${L}` : ''}`;
  const attended = attention === 'none' ? '' : ` + ${attention} attention`;
  const moduleOf = (name: string) => name.slice(0, name.lastIndexOf('.'));
  const attentionModules = [
    ...new Set(
      Object.values(attentionTensors)
        .filter((n): n is string => !!n)
        .map((n) => moduleOf(moduleOf(n)) || moduleOf(n)),
    ),
  ];
  return {
    cell: enc.cell,
    numLayers: L,
    hiddenSize: H,
    embeddingDim: E,
    hasBias: encoderModule.hasBias,
    encoder: {
      prefix: encoderModule.prefix,
      embedding: encoderEmbedding.name,
      vocabSize: Vs,
      tensorNames: encoderModule.tensorNames,
    },
    decoder: {
      prefix: decoderModule.prefix,
      embedding: decoderEmbedding.name,
      vocabSize: Vt,
      tensorNames: decoderModule.tensorNames,
    },
    attention,
    attentionSize,
    attentionTensors,
    head: { weight: head.name, bias: headBias, outputSize: Vt },
    architecture: `Embedding(${Vs}, ${E}) → ${stack} ⇒ Embedding(${Vt}, ${E}) → ${stack}${attended} → Linear(${H}, ${Vt})`,
    moduleNames:
      `${moduleOf(encoderEmbedding.name)} → ${encoderModule.prefix} ⇒ ${moduleOf(decoderEmbedding.name)} → ${decoderModule.prefix}` +
      `${attentionModules.length > 0 ? ` + ${attentionModules.join(', ')}` : ''} → ${moduleOf(head.name)}`,
    description:
      `Sequence to sequence (encoder–decoder ${attention === 'none' ? 'without attention' : `with ${attention} attention`}): ` +
      `an encoder ${stack} over ${Vs} source tokens and a decoder of the same shape over ${Vt} target tokens`,
  };
}

/**
 * The attention kind from which tensors exist: W_a → general; W_q, W_m, v → additive; W_c alone → dot;
 * none → no attention. Every tensor's shape is checked against the width H.
 */
function recogniseAttention(
  parameters: readonly TensorInfo[],
  used: ReadonlySet<string>,
  H: number,
  shown: (name: string) => string,
): { attention: EncoderDecoderAttention; attentionSize: number; attentionTensors: AttentionTensors } {
  const found: AttentionTensors = {};
  for (const parameter of ATTENTION_PARAMETERS) {
    const matches = parameters.filter(
      (t) => !used.has(t.name) && (t.name === parameter || t.name.endsWith(`.${parameter}`)),
    );
    if (matches.length > 1)
      throw new NearMiss(`two attention tensors named ${parameter}: ${matches.map((t) => shown(t.name)).join(', ')}`);
    if (matches.length === 1) found[parameter] = matches[0].name;
  }
  const shapeIs = (parameter: AttentionParameter, shape: number[]) => {
    const name = found[parameter];
    if (!name) throw new NearMiss(`the attention has no ${parameter} [${shape.join(', ')}]`);
    const actual = parameters.find((t) => t.name === name)!.shape;
    if (actual.join(',') !== shape.join(','))
      throw new NearMiss(`the attention's ${shown(name)} should be [${shape.join(', ')}] for hidden size ${H}`);
  };
  const scoring = found['W_a.weight'] ? 'general' : found['W_q.weight'] || found['v.weight'] ? 'additive' : 'dot';
  if (!found['W_c.weight']) {
    const stray = Object.values(found).filter(Boolean);
    if (stray.length > 0)
      throw new NearMiss(
        `it has attention tensors (${stray.join(', ')}) but no W_c.weight [${H}, ${2 * H}]: LSTM Studio's attention ends in the attentional state tanh(W_c [context; h])`,
      );
    return { attention: 'none', attentionSize: H, attentionTensors: {} };
  }
  shapeIs('W_c.weight', [H, 2 * H]);
  if (scoring === 'general') {
    shapeIs('W_a.weight', [H, H]);
    return { attention: 'general', attentionSize: H, attentionTensors: pick(found, ['W_a.weight', 'W_c.weight']) };
  }
  if (scoring === 'additive') {
    const q = found['W_q.weight'] ? parameters.find((t) => t.name === found['W_q.weight'])!.shape : [];
    const A = q[0] ?? 0;
    shapeIs('W_q.weight', [A, H]);
    shapeIs('W_m.weight', [A, H]);
    shapeIs('v.weight', [1, A]);
    if (found['W_m.bias']) shapeIs('W_m.bias', [A]);
    // A W_m without a bias scores as one with a zero bias.
    return {
      attention: 'additive',
      attentionSize: A,
      attentionTensors: {
        ...pick(found, ['W_q.weight', 'W_m.weight', 'v.weight', 'W_c.weight']),
        'W_m.bias': found['W_m.bias'] ?? null,
      },
    };
  }
  return { attention: 'dot', attentionSize: H, attentionTensors: pick(found, ['W_c.weight']) };
}

function pick(found: AttentionTensors, keys: AttentionParameter[]): AttentionTensors {
  return Object.fromEntries(keys.map((k) => [k, found[k]!]));
}
