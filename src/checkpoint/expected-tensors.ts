/**
 * What a model config implies about a checkpoint's tensors, checked against the header before anything
 * is built. A config is a claim like any other in the file: `hiddenSize: 20000` in an 85 KB file would
 * otherwise allocate gigabytes for a model whose weights the file cannot hold. So the parameter count is
 * computed by arithmetic first and capped by the bytes the data section really has, and only then is
 * every expected tensor's name and shape compared with the header.
 */

import {
  describeCell,
  directionCount,
  lstmInputSize,
  recurrentModulePath,
  recurrentOutputSize,
  stateOutputSize,
  type ModelConfig,
} from '../engine/config';
import { layerParameterName, type Direction } from '../engine/layer-naming';
import { CheckpointError } from './errors';
import type { TensorInfo } from './header';
import { EMBEDDING_WEIGHT, HEAD_BIAS, HEAD_WEIGHT } from './names';

/** The fewest bytes a stored parameter can take (F16/BF16; our own files are F32). */
const MIN_PARAMETER_BYTES = 2;

/** A one-direction LSTM without projections: what every checkpoint was before GRUs and directions. */
function isPlainLstm(config: ModelConfig): boolean {
  return config.cell === 'lstm' && !config.bidirectional && config.projSize === 0;
}

/** Gate blocks per cell: 4 (i, f, g, o) for an LSTM, 3 (r, z, n) for a GRU. */
function gateBlocks(config: ModelConfig): number {
  return config.cell === 'gru' ? 3 : 4;
}

/** Parameters of one direction of one layer reading `inputWidth` features. */
function layerParameterCount(config: ModelConfig, inputWidth: number): number {
  const H = config.hiddenSize;
  const rows = gateBlocks(config) * H;
  const projection = config.projSize > 0 ? config.projSize * H : 0;
  return rows * (inputWidth + stateOutputSize(config) + 2) + projection;
}

/** Parameters of the model `config` describes, as a double (exact below 2^53, which is all that matters). */
export function parameterCount(config: ModelConfig): number {
  if (config.decoder) return encoderDecoderParameterCount(config);
  const directions = directionCount(config);
  const embedding = config.vocabSize > 0 ? config.vocabSize * config.embeddingDim : 0;
  // Closed form, not a loop over layers: a hostile numLayers must not cost time before the size check.
  const firstLayer = directions * layerParameterCount(config, lstmInputSize(config));
  const laterLayers = (config.numLayers - 1) * directions * layerParameterCount(config, recurrentOutputSize(config));
  const head = config.outputSize * (recurrentOutputSize(config) + 1);
  return embedding + firstLayer + laterLayers + head;
}

/** Every parameter's name and shape, in PyTorch's `state_dict` order (what the model's `parameters()` lists). */
export function expectedParameterShapes(config: ModelConfig): { name: string; shape: number[] }[] {
  if (config.decoder) return encoderDecoderShapes(config);
  const H = config.hiddenSize;
  const rows = gateBlocks(config) * H;
  const stateWidth = stateOutputSize(config);
  const module = recurrentModulePath(config);
  const shapes: { name: string; shape: number[] }[] = [];
  if (config.vocabSize > 0) shapes.push({ name: EMBEDDING_WEIGHT, shape: [config.vocabSize, config.embeddingDim] });
  for (let layer = 0; layer < config.numLayers; layer++) {
    const inputWidth = layer === 0 ? lstmInputSize(config) : recurrentOutputSize(config);
    const directions: Direction[] = config.bidirectional ? ['forward', 'backward'] : ['forward'];
    for (const direction of directions) {
      const name = (kind: string) => layerParameterName({ module, direction }, kind, layer);
      shapes.push(
        { name: name('weight_ih'), shape: [rows, inputWidth] },
        { name: name('weight_hh'), shape: [rows, stateWidth] },
        { name: name('bias_ih'), shape: [rows] },
        { name: name('bias_hh'), shape: [rows] },
      );
      if (config.projSize > 0) shapes.push({ name: name('weight_hr'), shape: [config.projSize, H] });
    }
  }
  shapes.push(
    { name: HEAD_WEIGHT, shape: [config.outputSize, recurrentOutputSize(config)] },
    { name: HEAD_BIAS, shape: [config.outputSize] },
  );
  return shapes;
}

/** An encoder–decoder's parameters (encoder-decoder.ts): two embeddings, two stacks, attention, the head. */
function encoderDecoderParameterCount(config: ModelConfig): number {
  const { vocabSize: V, attention, attentionSize: A } = config.decoder!;
  const E = config.embeddingDim;
  const H = config.hiddenSize;
  const stack = layerParameterCount(config, E) + (config.numLayers - 1) * layerParameterCount(config, H);
  const scoring = attention === 'general' ? H * H : attention === 'additive' ? 2 * A * H + 2 * A : 0;
  const attentional = attention === 'none' ? 0 : scoring + H * 2 * H;
  return (config.vocabSize + V) * E + 2 * stack + attentional + V * (H + 1);
}

function encoderDecoderShapes(config: ModelConfig): { name: string; shape: number[] }[] {
  const { vocabSize: V, attention, attentionSize: A } = config.decoder!;
  const E = config.embeddingDim;
  const H = config.hiddenSize;
  const rows = gateBlocks(config) * H;
  const stack = (module: string) => {
    const out: { name: string; shape: number[] }[] = [];
    for (let layer = 0; layer < config.numLayers; layer++) {
      const name = (kind: string) => layerParameterName({ module, direction: 'forward' }, kind, layer);
      out.push(
        { name: name('weight_ih'), shape: [rows, layer === 0 ? E : H] },
        { name: name('weight_hh'), shape: [rows, H] },
        { name: name('bias_ih'), shape: [rows] },
        { name: name('bias_hh'), shape: [rows] },
      );
    }
    return out;
  };
  const shapes = [
    { name: 'encoder.embedding.weight', shape: [config.vocabSize, E] },
    ...stack(`encoder.${config.cell}`),
    { name: 'decoder.embedding.weight', shape: [V, E] },
    ...stack(`decoder.${config.cell}`),
  ];
  if (attention === 'general') shapes.push({ name: 'attention.W_a.weight', shape: [H, H] });
  if (attention === 'additive')
    shapes.push(
      { name: 'attention.W_q.weight', shape: [A, H] },
      { name: 'attention.W_m.weight', shape: [A, H] },
      { name: 'attention.W_m.bias', shape: [A] },
      { name: 'attention.v.weight', shape: [1, A] },
    );
  if (attention !== 'none') shapes.push({ name: 'attention.W_c.weight', shape: [H, 2 * H] });
  shapes.push({ name: HEAD_WEIGHT, shape: [V, H] }, { name: HEAD_BIAS, shape: [V] });
  return shapes;
}

/**
 * Throws a CheckpointError (without the path; callers add it) when the header cannot hold the model
 * `config` describes: more parameters than the data section has bytes for, or a tensor missing or of
 * another shape. Costs O(tensors in the file) whatever the config claims.
 */
export function checkTensorsMatchConfig(config: ModelConfig, tensors: readonly TensorInfo[], dataBytes: number): void {
  const count = parameterCount(config);
  if (!(count * MIN_PARAMETER_BYTES <= dataBytes)) {
    throw new CheckpointError(
      'config-mismatch',
      `its config (${isPlainLstm(config) ? '' : `${describeCell(config)}, `}hiddenSize ${config.hiddenSize}, numLayers ${config.numLayers}, vocabSize ${config.vocabSize}, ` +
        `outputSize ${config.outputSize}) needs ${count.toLocaleString('en-US')} parameters, ` +
        `but the file holds only ${dataBytes.toLocaleString('en-US')} bytes of tensor data`,
    );
  }
  // The count fits the bytes, so the layer loop below is bounded by the file's size too.
  const byName = new Map(tensors.map((t) => [t.name, t]));
  for (const { name, shape } of expectedParameterShapes(config)) {
    const info = byName.get(name);
    if (!info) throw new CheckpointError('unknown-tensor', `tensor '${name}' is missing (its config needs it)`);
    if (info.shape.length !== shape.length || info.shape.some((dim, k) => dim !== shape[k])) {
      throw new CheckpointError(
        'config-mismatch',
        `tensor '${name}' has shape [${info.shape.join(', ')}] but the config needs [${shape.join(', ')}]`,
      );
    }
  }
}

/** Throws when `values` hold NaN or ±Infinity, naming the tensor and how many. */
export function checkFiniteTensor(name: string, values: ArrayLike<number>): void {
  let nans = 0;
  let infinities = 0;
  for (let k = 0; k < values.length; k++) {
    const x = values[k];
    if (x - x !== 0) {
      // x − x is 0 for every finite x, NaN for NaN and ±Infinity: one test in the common case.
      if (Number.isNaN(x)) nans++;
      else infinities++;
    }
  }
  if (nans === 0 && infinities === 0) return;
  const parts = [nans > 0 ? `${nans} NaN` : '', infinities > 0 ? `${infinities} infinite` : ''].filter(Boolean);
  throw new CheckpointError(
    'non-finite',
    `tensor '${name}' holds ${parts.join(' and ')} value${nans + infinities === 1 ? '' : 's'}: the weights are damaged (or the run diverged); use an earlier checkpoint`,
  );
}
