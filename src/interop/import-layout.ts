/**
 * Which tensors of a foreign safetensors file (a PyTorch `state_dict`) make up LSTM Studio's model —
 * `nn.Embedding` (optional) → `nn.LSTM` → `nn.Linear` — whatever the modules are called: the LSTM is
 * found by its parameter names (`weight_ih_l0`, … under any prefix: `lstm.`, `rnn.`, `encoder.`), the
 * sizes come from the shapes, the head is the linear layer reading the LSTM's width (preferring the
 * names `head`, `fc`, `linear`, `decoder`, …) and the embedding the bias-less matrix feeding the LSTM.
 *
 * What LSTM Studio cannot run is refused with a message saying why: bidirectional LSTMs, projections
 * (`proj_size`), several LSTM modules, layers the model does not have. `nn.LSTM(bias=False)` and a
 * head without a bias are fine (their biases are zero).
 */

import { isFloatDType } from '../checkpoint/dtypes';
import type { TensorInfo } from '../checkpoint/header';
import { findLstmModules, OPTIMIZER_PREFIX, type LstmParamKind } from '../checkpoint/names';

export interface ImportedLayout {
  lstm: {
    /** Module path of the nn.LSTM in the file (`lstm`, `rnn`, `encoder.lstm`; '' for a bare nn.LSTM). */
    prefix: string;
    inputSize: number;
    hiddenSize: number;
    numLayers: number;
    /** False for nn.LSTM(bias=False): the biases are zero. */
    hasBias: boolean;
  };
  /** The nn.Embedding feeding the LSTM, or null when the model reads feature vectors. */
  embedding: { tensor: string; vocabSize: number; dim: number } | null;
  /** The nn.Linear reading the LSTM's output. `bias` null: a Linear(bias=False). */
  head: { weight: string; bias: string | null; outputSize: number };
  /** `Embedding(38, 16) → LSTM(16→32) → Linear(32, 38)`. */
  architecture: string;
  /** The modules as the file names them, e.g. `embedding → lstm → fc`. */
  moduleNames: string;
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

/** The tensor's file name with `.<kind>` of an nn.LSTM parameter, e.g. `rnn.weight_ih_l1`. */
export function lstmTensorName(layout: ImportedLayout, kind: LstmParamKind, layer: number): string {
  return `${layout.lstm.prefix ? `${layout.lstm.prefix}.` : ''}${kind}_l${layer}`;
}

export function recogniseLstmModel(tensors: readonly TensorInfo[]): ImportedLayout {
  const parameters = tensors.filter(
    (t) => !t.name.startsWith(OPTIMIZER_PREFIX) && isFloatDType(t.dtype) && t.shape.length > 0,
  );
  const byName = new Map(parameters.map((t) => [t.name, t]));
  const modules = findLstmModules(parameters.map((t) => t.name));
  if (modules.length === 0) {
    throw new ImportRefusedError(
      'no nn.LSTM tensors (weight_ih_l0, weight_hh_l0, … under any module name) in this file: it is not an LSTM model',
    );
  }
  if (modules.length > 1) {
    const names = modules.map((m) => `'${m.prefix || '(root)'}'`).join(', ');
    throw new ImportRefusedError(
      `this file has ${modules.length} LSTM modules (${names}); LSTM Studio imports a model with one nn.LSTM (of any number of stacked layers)`,
    );
  }
  const module = modules[0];
  const where = `'${module.prefix || '(root)'}'`;
  if (module.bidirectional) {
    throw new ImportRefusedError(
      `the LSTM ${where} is bidirectional (its tensors end in _reverse); LSTM Studio runs one-directional LSTMs only — train it with bidirectional=False to use it here`,
    );
  }
  if (module.hasProjection) {
    throw new ImportRefusedError(
      `the LSTM ${where} has a projection (weight_hr_l*, nn.LSTM(proj_size=…)); LSTM Studio's LSTM has none — train it with proj_size=0 to use it here`,
    );
  }
  if (module.missing.length > 0)
    throw new ImportRefusedError(`the LSTM ${where} is incomplete: ${module.missing.join(', ')} missing`);

  const dot = module.prefix ? `${module.prefix}.` : '';
  const shapeOf = (name: string) => byName.get(name)!.shape;
  const hh0 = shapeOf(`${dot}weight_hh_l0`);
  const H = hh0[0] / 4;
  const D = shapeOf(`${dot}weight_ih_l0`)[1];
  for (let layer = 0; layer < module.numLayers; layer++) {
    const expected: Record<string, number[]> = {
      [`${dot}weight_ih_l${layer}`]: [4 * H, layer === 0 ? D : H],
      [`${dot}weight_hh_l${layer}`]: [4 * H, H],
      ...(module.hasBias ? { [`${dot}bias_ih_l${layer}`]: [4 * H], [`${dot}bias_hh_l${layer}`]: [4 * H] } : {}),
    };
    for (const [name, shape] of Object.entries(expected)) {
      const actual = shapeOf(name);
      if (!Number.isInteger(H) || H < 1 || actual.join(',') !== shape.join(',')) {
        throw new ImportRefusedError(
          `'${name}' has shape [${actual.join(', ')}], but an nn.LSTM(${D}, ${hh0[0] / 4}) layer needs [${shape.join(', ')}]`,
        );
      }
    }
  }

  const used = new Set(module.tensorNames);
  const matrices = parameters.filter((t) => t.shape.length === 2 && t.name.endsWith('weight') && !used.has(t.name));
  const biasOf = (weight: TensorInfo) => {
    const bias = byName.get(`${weight.name.slice(0, -'weight'.length)}bias`);
    return bias && bias.shape.length === 1 && bias.shape[0] === weight.shape[0] ? bias : undefined;
  };

  // The embedding: a matrix [V, D] without a bias, named like one (or the only such matrix left once the head is chosen).
  const embeddingCandidates = matrices.filter((t) => t.shape[1] === D && !biasOf(t));
  let embedding = embeddingCandidates.find((t) => EMBEDDING_NAME.test(t.name));
  const headCandidates = () => matrices.filter((t) => t !== embedding && t.shape[1] === H);
  let head = pickHead(headCandidates());
  if (!embedding) {
    const rest = embeddingCandidates.filter((t) => t !== head);
    if (rest.length === 1) embedding = rest[0];
    head = pickHead(headCandidates());
  }
  if (!head) {
    const candidates = headCandidates();
    if (candidates.length > 1) {
      throw new ImportRefusedError(
        `cannot tell which layer reads the LSTM's output: ${candidates.map((t) => `'${t.name}' [${t.shape.join(', ')}]`).join(', ')}; name it head, fc, linear or decoder`,
      );
    }
    throw new ImportRefusedError(
      `no linear layer reads the LSTM's output (a '<name>.weight' of shape [outputs, ${H}], e.g. fc.weight): LSTM Studio needs LSTM → Linear`,
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
      `this file has layers LSTM Studio's model does not have (${listed}); it imports Embedding → LSTM → Linear models only`,
    );
  }

  const layers = module.numLayers > 1 ? ` × ${module.numLayers}` : '';
  const architecture = [
    ...(embedding ? [`Embedding(${embedding.shape[0]}, ${embedding.shape[1]})`] : []),
    `LSTM(${D}→${H})${layers}`,
    `Linear(${H}, ${head.shape[0]})`,
  ].join(' → ');
  const moduleName = (name: string) => name.slice(0, name.lastIndexOf('.')) || name;
  const moduleNames = [
    ...(embedding ? [moduleName(embedding.name)] : []),
    module.prefix || '(root)',
    moduleName(head.name),
  ].join(' → ');
  return {
    lstm: { prefix: module.prefix, inputSize: D, hiddenSize: H, numLayers: module.numLayers, hasBias: module.hasBias },
    embedding: embedding ? { tensor: embedding.name, vocabSize: embedding.shape[0], dim: embedding.shape[1] } : null,
    head: { weight: head.name, bias: headBias?.name ?? null, outputSize: head.shape[0] },
    architecture,
    moduleNames,
  };
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
