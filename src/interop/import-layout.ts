/**
 * Which tensors of a foreign safetensors file (a PyTorch `state_dict`) make up LSTM Studio's model —
 * `nn.Embedding` (optional) → `nn.LSTM` or `nn.GRU` → `nn.Linear` — whatever the modules are called: the
 * recurrent module is found by its parameter names (`weight_ih_l0`, … under any prefix: `lstm.`, `rnn.`,
 * `encoder.gru.`), the cell and sizes come from the shapes, the head is the linear layer reading the
 * recurrent output's width (preferring the names `head`, `fc`, `linear`, `decoder`, …) and the embedding
 * the bias-less matrix feeding the first layer.
 *
 * nn.LSTM and nn.GRU name their tensors alike; the shapes tell them apart: `weight_hh_l0` is [4H, H] for
 * an LSTM, [3H, H] for a GRU, and [4H, P] next to `weight_hr_l0` [P, H] for an LSTM with `proj_size=P`.
 * `*_reverse` tensors in every layer make it bidirectional: each layer then outputs forward ‖ backward,
 * so layer k+1 and the head read twice the per-direction width.
 *
 * What LSTM Studio cannot run is refused with a message saying why: several recurrent modules, a
 * direction missing in one layer, shapes that no nn.LSTM/nn.GRU has, layers the model does not have.
 * `bias=False` and a head without a bias are fine (their biases are zero).
 */

import type { CellKind } from '../engine/config';
import { isFloatDType } from '../checkpoint/dtypes';
import {
  recogniseEncoderDecoder,
  type AttentionParameter,
  type EncoderDecoderLayout,
} from '../checkpoint/encoder-decoder-layout';
import type { TensorInfo } from '../checkpoint/header';
import {
  findLstmModules,
  isTrainingStateTensor,
  matchLstmTensorName,
  type LstmModuleSummary,
} from '../checkpoint/names';

export type RecurrentCell = CellKind;

/** The kinds of tensor a recurrent layer has in PyTorch (`weight_hr` only for an LSTM with proj_size). */
export type RecurrentParamKind = 'weight_ih' | 'weight_hh' | 'bias_ih' | 'bias_hh' | 'weight_hr';

/** Rows per hidden unit in W_ih and W_hh: i, f, g, o for an LSTM; r, z, n for a GRU. */
export const GATES_PER_CELL: Readonly<Record<RecurrentCell, number>> = { lstm: 4, gru: 3 };

export interface ImportedRecurrent {
  /** nn.LSTM or nn.GRU, told apart by the shapes. */
  cell: RecurrentCell;
  /** Module path of the recurrent module in the file (`lstm`, `rnn`, `encoder.gru`; '' for a bare one). */
  prefix: string;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  /** `*_reverse` tensors in every layer: outputs are forward ‖ backward. */
  bidirectional: boolean;
  /** nn.LSTM(proj_size=P): h is W_hr (o ⊙ tanh c), P values; 0 = none. */
  projSize: number;
  /** False for bias=False: the biases are zero. */
  hasBias: boolean;
  /** Width of one direction's output: projSize, else hiddenSize. */
  outputSize: number;
  /** Every tensor of the module, by file name. */
  tensorNames: string[];
}

export interface ImportedLayout {
  recurrent: ImportedRecurrent;
  /** The nn.Embedding feeding the first layer, or null when the model reads feature vectors. */
  embedding: { tensor: string; vocabSize: number; dim: number } | null;
  /** The nn.Linear reading the recurrent output. `bias` null: a Linear(bias=False). */
  head: { weight: string; bias: string | null; outputSize: number };
  /** `Embedding(38, 16) → LSTM(16→32, bidirectional) × 2 → Linear(64, 3)`. */
  architecture: string;
  /** The modules as the file names them, e.g. `embedding → lstm → fc`. */
  moduleNames: string;
  /**
   * Set for a sequence-to-sequence model (src/checkpoint/encoder-decoder-layout.ts): then `recurrent` and
   * `embedding` are the encoder's and `head` writes the target vocabulary.
   */
  encoderDecoder: EncoderDecoderLayout | null;
}

/** The file is not an LSTM Studio-shaped model (or not one LSTM Studio can run); the message says why. */
export class ImportRefusedError extends Error {
  override readonly name = 'ImportRefusedError';
}

/** Last segments of module names that mark the output layer, best first. */
const HEAD_NAMES = [
  'head',
  'fc',
  'linear',
  'decoder',
  'out',
  'output',
  'classifier',
  'dense',
  'proj',
  'projection',
  'logits',
  'lm_head',
  'fc_out',
  'linear_out',
];
const EMBEDDING_NAME = /(^|[._])(embedding|embeddings|embed|emb|encoder|wte|tok_emb|token_embedding|lookup)([._]|$)/i;
const PARAM_KINDS: readonly RecurrentParamKind[] = ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh', 'weight_hr'];

/** The file's name of one recurrent tensor, e.g. `rnn.weight_ih_l1`, `encoder.gru.bias_hh_l0_reverse`. */
export function foreignRecurrentTensorName(
  recurrent: Pick<ImportedRecurrent, 'prefix'>,
  kind: RecurrentParamKind,
  layer: number,
  reverse: boolean,
): string {
  return `${recurrent.prefix ? `${recurrent.prefix}.` : ''}${kind}_l${layer}${reverse ? '_reverse' : ''}`;
}

/**
 * The file's tensor holding one of our parameters (`embedding.weight`, `lstm.weight_hr_l0`,
 * `gru.bias_ih_l1_reverse`, `head.bias`), or null when the file has none because it is zero (a
 * `bias=False` module). Throws for a name that has no counterpart in this layout.
 */
export function foreignTensorFor(layout: ImportedLayout, studioName: string): string | null {
  if (layout.encoderDecoder) return encoderDecoderTensorFor(layout.encoderDecoder, studioName);
  if (studioName === 'embedding.weight' && layout.embedding) return layout.embedding.tensor;
  if (studioName === 'head.weight') return layout.head.weight;
  if (studioName === 'head.bias') return layout.head.bias;
  const { recurrent } = layout;
  const match = new RegExp(`^${recurrent.cell}\\.(${PARAM_KINDS.join('|')})_l(0|[1-9]\\d*)(_reverse)?$`).exec(
    studioName,
  );
  if (match) {
    const kind = match[1] as RecurrentParamKind;
    const layer = Number(match[2]);
    const reverse = match[3] !== undefined;
    const isBias = kind === 'bias_ih' || kind === 'bias_hh';
    if (isBias && !recurrent.hasBias) return null;
    const name = foreignRecurrentTensorName(recurrent, kind, layer, reverse);
    if (recurrent.tensorNames.includes(name)) return name;
  }
  throw new Error(`the imported ${layout.architecture} has no tensor for LSTM Studio's parameter '${studioName}'`);
}

/**
 * An encoder–decoder's tensor for one of our parameters (`encoder.embedding.weight`,
 * `decoder.gru.bias_hh_l1`, `attention.W_a.weight`, `head.bias`), null for a zero bias the file lacks.
 */
function encoderDecoderTensorFor(layout: EncoderDecoderLayout, studioName: string): string | null {
  const side = /^(encoder|decoder)\.(.+)$/.exec(studioName);
  if (side) {
    const half = side[1] === 'encoder' ? layout.encoder : layout.decoder;
    if (side[2] === 'embedding.weight') return half.embedding;
    const match = new RegExp(`^${layout.cell}\\.(weight_ih|weight_hh|bias_ih|bias_hh)_l(0|[1-9]\\d*)$`).exec(side[2]);
    if (match) {
      if (match[1].startsWith('bias') && !layout.hasBias) return null;
      const name = `${half.prefix}.${match[1]}_l${match[2]}`;
      if (half.tensorNames.includes(name)) return name;
    }
  }
  if (studioName === 'head.weight') return layout.head.weight;
  if (studioName === 'head.bias') return layout.head.bias;
  const attention = /^attention\.(.+)$/.exec(studioName)?.[1] as AttentionParameter | undefined;
  if (attention && layout.attentionTensors[attention] !== undefined) return layout.attentionTensors[attention];
  throw new Error(`the imported ${layout.architecture} has no tensor for LSTM Studio's parameter '${studioName}'`);
}

/**
 * The model these tensors make: an encoder–decoder (two recurrent modules named encoder and decoder,
 * src/checkpoint/encoder-decoder-layout.ts), else Embedding → one LSTM/GRU → Linear.
 */
export function recogniseRecurrentModel(tensors: readonly TensorInfo[]): ImportedLayout {
  const pair = recogniseEncoderDecoder(
    tensors.filter((t) => !isTrainingStateTensor(t.name) && isFloatDType(t.dtype) && t.shape.length > 0),
  );
  if (pair.kind === 'near-miss')
    throw new ImportRefusedError(`an encoder–decoder LSTM Studio cannot run: ${pair.message}`);
  if (pair.kind === 'encoder-decoder') return encoderDecoderImport(pair.layout);
  return recogniseSingleStack(tensors);
}

/** An encoder–decoder as an import: the encoder as `recurrent` and `embedding`, the head over the target vocabulary. */
function encoderDecoderImport(layout: EncoderDecoderLayout): ImportedLayout {
  return {
    recurrent: {
      cell: layout.cell,
      prefix: layout.encoder.prefix,
      inputSize: layout.embeddingDim,
      hiddenSize: layout.hiddenSize,
      numLayers: layout.numLayers,
      bidirectional: false,
      projSize: 0,
      hasBias: layout.hasBias,
      outputSize: layout.hiddenSize,
      tensorNames: [...layout.encoder.tensorNames, ...layout.decoder.tensorNames],
    },
    embedding: { tensor: layout.encoder.embedding, vocabSize: layout.encoder.vocabSize, dim: layout.embeddingDim },
    head: layout.head,
    architecture: layout.architecture,
    moduleNames: layout.moduleNames,
    encoderDecoder: layout,
  };
}

function recogniseSingleStack(tensors: readonly TensorInfo[]): ImportedLayout {
  const parameters = tensors.filter(
    (t) => !isTrainingStateTensor(t.name) && isFloatDType(t.dtype) && t.shape.length > 0,
  );
  const byName = new Map(parameters.map((t) => [t.name, t]));
  const modules = findLstmModules(parameters.map((t) => t.name));
  if (modules.length === 0) {
    throw new ImportRefusedError(
      'no nn.LSTM or nn.GRU tensors (weight_ih_l0, weight_hh_l0, … under any module name) in this file: it is not a recurrent model',
    );
  }
  if (modules.length > 1) {
    const names = modules.map((m) => `'${m.prefix || '(root)'}'`).join(', ');
    throw new ImportRefusedError(
      `this file has ${modules.length} recurrent modules (${names}); LSTM Studio imports a model with one nn.LSTM or nn.GRU (of any number of stacked layers)`,
    );
  }
  const recurrent = recogniseRecurrentModule(modules[0], byName);
  const H = recurrent.hiddenSize;
  const D = recurrent.inputSize;
  const headInput = (recurrent.bidirectional ? 2 : 1) * recurrent.outputSize;

  const used = new Set(recurrent.tensorNames);
  const matrices = parameters.filter((t) => t.shape.length === 2 && t.name.endsWith('weight') && !used.has(t.name));
  const biasOf = (weight: TensorInfo) => {
    const bias = byName.get(`${weight.name.slice(0, -'weight'.length)}bias`);
    return bias && bias.shape.length === 1 && bias.shape[0] === weight.shape[0] ? bias : undefined;
  };

  // The embedding: a matrix [V, D] without a bias, named like one (or the only such matrix left once the head is chosen).
  const embeddingCandidates = matrices.filter((t) => t.shape[1] === D && !biasOf(t));
  let embedding = embeddingCandidates.find((t) => EMBEDDING_NAME.test(t.name));
  const headCandidates = () => matrices.filter((t) => t !== embedding && t.shape[1] === headInput);
  let head = pickHead(headCandidates());
  if (!embedding) {
    const rest = embeddingCandidates.filter((t) => t !== head);
    if (rest.length === 1) embedding = rest[0];
    head = pickHead(headCandidates());
  }
  const cellName = CELL_NAMES[recurrent.cell];
  if (!head) {
    const candidates = headCandidates();
    if (candidates.length > 1) {
      throw new ImportRefusedError(
        `cannot tell which layer reads the ${cellName}'s output: ${candidates.map((t) => `'${t.name}' [${t.shape.join(', ')}]`).join(', ')}; name it head, fc, linear or decoder`,
      );
    }
    const width = recurrent.bidirectional
      ? `${headInput} = forward ‖ backward, ${recurrent.outputSize} each`
      : String(headInput);
    throw new ImportRefusedError(
      `no linear layer reads the ${cellName}'s output (a '<name>.weight' of shape [outputs, ${width}], e.g. fc.weight): LSTM Studio needs ${cellName} → Linear`,
    );
  }
  const headBias = biasOf(head);
  const taken = new Set([
    ...used,
    head.name,
    ...(headBias ? [headBias.name] : []),
    ...(embedding ? [embedding.name] : []),
  ]);
  const others = parameters.filter((t) => !taken.has(t.name));
  if (others.length > 0) {
    const listed =
      others
        .slice(0, 6)
        .map((t) => `${t.name} [${t.shape.join(', ')}]`)
        .join(', ') + (others.length > 6 ? `, … (${others.length} in all)` : '');
    throw new ImportRefusedError(
      `this file has layers LSTM Studio's model does not have (${listed}); it imports Embedding → LSTM/GRU → Linear models only`,
    );
  }

  const options = [
    ...(recurrent.projSize > 0 ? [`proj ${recurrent.projSize}`] : []),
    ...(recurrent.bidirectional ? ['bidirectional'] : []),
  ];
  const layers = recurrent.numLayers > 1 ? ` × ${recurrent.numLayers}` : '';
  const architecture = [
    ...(embedding ? [`Embedding(${embedding.shape[0]}, ${embedding.shape[1]})`] : []),
    `${cellName}(${[`${D}→${H}`, ...options].join(', ')})${layers}`,
    `Linear(${headInput}, ${head.shape[0]})`,
  ].join(' → ');
  const moduleName = (name: string) => name.slice(0, name.lastIndexOf('.')) || name;
  const moduleNames = [
    ...(embedding ? [moduleName(embedding.name)] : []),
    recurrent.prefix || '(root)',
    moduleName(head.name),
  ].join(' → ');
  return {
    recurrent,
    embedding: embedding ? { tensor: embedding.name, vocabSize: embedding.shape[0], dim: embedding.shape[1] } : null,
    head: { weight: head.name, bias: headBias?.name ?? null, outputSize: head.shape[0] },
    architecture,
    moduleNames,
    encoderDecoder: null,
  };
}

const CELL_NAMES: Readonly<Record<RecurrentCell, string>> = { lstm: 'LSTM', gru: 'GRU' };

/** The cell, sizes and options of one recurrent module, every tensor's shape checked against them. */
function recogniseRecurrentModule(
  module: LstmModuleSummary,
  byName: ReadonlyMap<string, TensorInfo>,
): ImportedRecurrent {
  const where = `'${module.prefix || '(root)'}'`;
  refuseMissingDirection(module, where);
  if (module.missing.length > 0)
    throw new ImportRefusedError(`the recurrent module ${where} is incomplete: ${module.missing.join(', ')} missing`);
  const shapeOf = (kind: RecurrentParamKind, layer: number, reverse = false) =>
    byName.get(foreignRecurrentTensorName(module, kind, layer, reverse))!.shape;
  const shown = (shape: readonly number[]) => `[${shape.join(', ')}]`;
  const named = (kind: RecurrentParamKind) => foreignRecurrentTensorName(module, kind, 0, false);

  const hh0 = shapeOf('weight_hh', 0);
  const ih0 = shapeOf('weight_ih', 0);
  let cell: RecurrentCell;
  let H: number;
  let P = 0;
  if (module.hasProjection) {
    // Only nn.LSTM has proj_size: W_hr [P, H] maps the H-wide o ⊙ tanh(c) to the P-wide h, W_hh reads h.
    const hr0 = shapeOf('weight_hr', 0);
    cell = 'lstm';
    [P, H] = hr0;
    if (hr0.length !== 2 || hh0.length !== 2 || hh0[0] !== 4 * H || hh0[1] !== P) {
      throw new ImportRefusedError(
        `'${named('weight_hr')}' ${shown(hr0)} marks an nn.LSTM with proj_size (only nn.LSTM has weight_hr), which needs '${named('weight_hh')}' [4 × ${H}, ${P}], but it is ${shown(hh0)}`,
      );
    }
    if (!(P < H)) {
      throw new ImportRefusedError(
        `'${named('weight_hr')}' ${shown(hr0)} projects ${H} hidden units to ${P}: PyTorch requires proj_size < hidden_size, so no nn.LSTM has this shape`,
      );
    }
  } else {
    H = hh0[1];
    const gates = hh0[0] / H;
    if (hh0.length !== 2 || !(H >= 1) || (gates !== 4 && gates !== 3)) {
      throw new ImportRefusedError(
        `'${named('weight_hh')}' has shape ${shown(hh0)}, which is neither an nn.LSTM's [4H, H] nor an nn.GRU's [3H, H]`,
      );
    }
    cell = gates === 4 ? 'lstm' : 'gru';
  }
  const D = ih0[1];
  const G = GATES_PER_CELL[cell];
  const R = P > 0 ? P : H;
  const directions = module.bidirectional ? [false, true] : [false];
  const description = `an nn.${CELL_NAMES[cell]}(${D}, ${H}${P > 0 ? `, proj_size=${P}` : ''}${module.bidirectional ? ', bidirectional=True' : ''})`;
  for (let layer = 0; layer < module.numLayers; layer++) {
    // Layer k+1 reads layer k's output: both directions' h side by side.
    const layerInput = layer === 0 ? D : directions.length * R;
    for (const reverse of directions) {
      const expected: [RecurrentParamKind, number[]][] = [
        ['weight_ih', [G * H, layerInput]],
        ['weight_hh', [G * H, R]],
        ...(module.hasBias
          ? ([
              ['bias_ih', [G * H]],
              ['bias_hh', [G * H]],
            ] as [RecurrentParamKind, number[]][])
          : []),
        ...(P > 0 ? ([['weight_hr', [P, H]]] as [RecurrentParamKind, number[]][]) : []),
      ];
      for (const [kind, shape] of expected) {
        const actual = shapeOf(kind, layer, reverse);
        if (actual.join(',') !== shape.join(',')) {
          throw new ImportRefusedError(
            `'${foreignRecurrentTensorName(module, kind, layer, reverse)}' has shape ${shown(actual)}, but ${description} needs ${shown(shape)}`,
          );
        }
      }
    }
  }
  return {
    cell,
    prefix: module.prefix,
    inputSize: D,
    hiddenSize: H,
    numLayers: module.numLayers,
    bidirectional: module.bidirectional,
    projSize: P,
    hasBias: module.hasBias,
    outputSize: R,
    tensorNames: module.tensorNames,
  };
}

/** A bidirectional module has both directions in every layer; say which layer lacks one, in words. */
function refuseMissingDirection(module: LstmModuleSummary, where: string): void {
  if (!module.bidirectional) return;
  const forward = new Set<number>();
  const backward = new Set<number>();
  for (const name of module.tensorNames) {
    const match = matchLstmTensorName(name)!;
    (match.reverse ? backward : forward).add(match.layer);
  }
  for (let layer = 0; layer < module.numLayers; layer++) {
    if (!forward.has(layer) && !backward.has(layer)) continue; // a whole layer missing: listed as incomplete
    const lacking = !backward.has(layer) ? 'backward' : !forward.has(layer) ? 'forward' : null;
    if (lacking) {
      const [has, hasNot] = lacking === 'backward' ? ['forward', '_reverse'] : ['backward', 'un-suffixed'];
      throw new ImportRefusedError(
        `the recurrent module ${where} is bidirectional (it has _reverse tensors) but layer ${layer} has only its ${has} direction (no ${hasNot} tensors for l${layer}); every layer of a bidirectional nn.LSTM/nn.GRU has both`,
      );
    }
  }
}

/** The head by name (`head`, `fc`, …, best first), or the only candidate; undefined when that is ambiguous. */
function pickHead(candidates: TensorInfo[]): TensorInfo | undefined {
  const lastSegment = (t: TensorInfo) => t.name.slice(0, -'.weight'.length).split('.').pop()!.toLowerCase();
  for (const name of HEAD_NAMES) {
    const found = candidates.find((t) => lastSegment(t) === name);
    if (found) return found;
  }
  return candidates.length === 1 ? candidates[0] : undefined;
}
