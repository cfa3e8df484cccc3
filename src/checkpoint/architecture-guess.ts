/**
 * What a checkpoint's tensor names and shapes say about its model, for files without our metadata (a
 * PyTorch char-LM exported with safetensors, a Hugging Face model): nn.LSTM and nn.GRU modules under any
 * prefix (weight_hh tells them apart: [4H, H] or [4H, P] for an LSTM, [3H, H] for a GRU), bidirectional
 * or with projections, an embedding feeding the first one, and a linear head reading the last one.
 * Reports only — it builds nothing, and a file it cannot read this way still gets its tensor table.
 */

import { CELLS } from '../protocol/cell-signals';
import type { RecognisedModule, RecurrentSummary } from '../protocol/checkpoint-overview';
import { recogniseEncoderDecoder, type EncoderDecoderLayout } from './encoder-decoder-layout';
import type { TensorInfo } from './header';
import { findLstmModules, isTrainingStateTensor } from './names';

export type { RecognisedModule, RecurrentSummary } from '../protocol/checkpoint-overview';

export interface ArchitectureGuess {
  modules: RecognisedModule[];
  /**
   * The modules joined in data-flow order, e.g. `Embedding(38, 16) → LSTM(16→32) → Linear(32, 38)`; null
   * without an LSTM or GRU.
   */
  architecture: string | null;
  /** The first recurrent module's cell and layout (an encoder–decoder's encoder), or null. */
  recurrent: RecurrentSummary | null;
  /** Set when the tensors make an encoder–decoder (sequence to sequence): its layout, described in words. */
  encoderDecoder: EncoderDecoderLayout | null;
  /** Why a model that is nearly an encoder–decoder is not one LSTM Studio runs (a bidirectional encoder, …); else null. */
  problem: string | null;
}

export function guessArchitecture(tensors: readonly TensorInfo[]): ArchitectureGuess {
  const pair = recogniseEncoderDecoder(tensors);
  if (pair.kind === 'encoder-decoder') return encoderDecoderGuess(pair.layout);
  const guess = guessSingleStack(tensors);
  return pair.kind === 'near-miss'
    ? { ...guess, problem: `an encoder–decoder LSTM Studio cannot run: ${pair.message}` }
    : guess;
}

/** The blocks of a sequence-to-sequence model: encoder (embedding, stack), decoder (the same), attention, head. */
function encoderDecoderGuess(layout: EncoderDecoderLayout): ArchitectureGuess {
  const { cell, numLayers: L, hiddenSize: H, embeddingDim: E } = layout;
  const title = CELLS[cell].title;
  const stack = `${title}(${E}→${H})${L > 1 ? ` × ${L}` : ''}`;
  const moduleOf = (name: string) => moduleName(name);
  const modules: RecognisedModule[] = [];
  for (const side of [layout.encoder, layout.decoder]) {
    modules.push(
      {
        role: 'embedding',
        name: moduleOf(side.embedding),
        description: `Embedding(${side.vocabSize}, ${E})`,
      },
      { role: cell, name: side.prefix, description: stack },
    );
  }
  const attentionNames = Object.values(layout.attentionTensors).filter((n): n is string => !!n);
  if (layout.attention !== 'none') {
    const parents = [...new Set(attentionNames.map((n) => moduleOf(moduleOf(n)) || moduleOf(n)))];
    const size = layout.attention === 'additive' ? `, A = ${layout.attentionSize}` : '';
    // `attention.W_m.weight` and `attention.W_m.bias` are one linear map, W_m.
    const maps = [...new Set(attentionNames.map((n) => moduleOf(n).split('.').pop()))];
    modules.push({
      role: 'attention',
      name: parents.join(', '),
      description: `${layout.attention} attention (${maps.join(', ')}${size})`,
    });
  }
  modules.push({
    role: 'head',
    name: moduleOf(layout.head.weight),
    description: `Linear(${H}, ${layout.head.outputSize})`,
  });
  return {
    modules,
    architecture: layout.architecture,
    recurrent: { cell, title, layers: L, hiddenSize: H, bidirectional: false, projSize: 0 },
    encoderDecoder: layout,
    problem: null,
  };
}

function guessSingleStack(tensors: readonly TensorInfo[]): ArchitectureGuess {
  const parameters = tensors.filter((t) => !isTrainingStateTensor(t.name));
  const byName = new Map(parameters.map((t) => [t.name, t]));
  const lstms: (RecognisedModule & {
    inputSize: number;
    outputSize: number;
    tensorNames: string[];
    summary: RecurrentSummary;
  })[] = [];
  for (const module of findLstmModules(parameters.map((t) => t.name))) {
    const dot = module.prefix ? `${module.prefix}.` : '';
    const ih = byName.get(`${dot}weight_ih_l0`);
    const hh = byName.get(`${dot}weight_hh_l0`);
    if (!ih || !hh || ih.shape.length !== 2 || hh.shape.length !== 2) continue;
    const cell = !module.hasProjection && hh.shape[0] === 3 * hh.shape[1] ? 'gru' : 'lstm';
    const gates = CELLS[cell].gates.length;
    if (hh.shape[0] % gates !== 0) continue;
    const hidden = hh.shape[0] / gates;
    // With proj_size > 0 the recurrent input (and the output) is the projection's width.
    const perDirection = module.hasProjection ? hh.shape[1] : hidden;
    const outputSize = perDirection * (module.bidirectional ? 2 : 1);
    const layers = module.numLayers > 1 ? ` × ${module.numLayers}` : '';
    const extras = [
      module.bidirectional ? 'bidirectional' : '',
      module.hasProjection ? `proj_size ${perDirection}` : '',
    ].filter(Boolean);
    const title = CELLS[cell].title;
    lstms.push({
      role: cell,
      name: module.prefix || '(root)',
      description: `${title}(${ih.shape[1]}→${hidden})${layers}${extras.length ? ` (${extras.join(', ')})` : ''}`,
      inputSize: ih.shape[1],
      outputSize,
      tensorNames: module.tensorNames,
      summary: {
        cell,
        title,
        layers: module.numLayers,
        hiddenSize: hidden,
        bidirectional: module.bidirectional,
        projSize: module.hasProjection ? perDirection : 0,
      },
    });
  }
  if (lstms.length === 0)
    return { modules: [], architecture: null, recurrent: null, encoderDecoder: null, problem: null };

  const used = new Set(lstms.flatMap((m) => m.tensorNames));
  const matrices = parameters.filter((t) => t.shape.length === 2 && t.name.endsWith('weight') && !used.has(t.name));
  const first = lstms[0];
  const last = lstms[lstms.length - 1];
  const embedding = matrices.find((t) => /embed|wte|tok/i.test(t.name) && t.shape[1] === first.inputSize);
  const head = matrices.find((t) => t !== embedding && t.shape[1] === last.outputSize);

  const modules: RecognisedModule[] = [];
  if (embedding)
    modules.push({
      role: 'embedding',
      name: moduleName(embedding.name),
      description: `Embedding(${embedding.shape[0]}, ${embedding.shape[1]})`,
    });
  for (const { role, name, description } of lstms) modules.push({ role, name, description });
  if (head)
    modules.push({
      role: 'head',
      name: moduleName(head.name),
      description: `Linear(${head.shape[1]}, ${head.shape[0]})`,
    });
  return {
    modules,
    architecture: modules.map((m) => m.description).join(' → '),
    recurrent: first.summary,
    encoderDecoder: null,
    problem: null,
  };
}

/** `fc.weight` → `fc`; a bare `weight` stays as it is. */
function moduleName(tensorName: string): string {
  const dot = tensorName.lastIndexOf('.');
  return dot > 0 ? tensorName.slice(0, dot) : tensorName;
}
