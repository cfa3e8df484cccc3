/**
 * Gate recording of an encoder–decoder: the source through the encoder with its cells recorded (one
 * step per source token), a greedy decode of the output (pair-decoding.ts, as the Prediction panel's
 * beam 1), then the decoder run teacher-forced on `<sos>` + that output with its cells recorded (one step
 * per output token, the last choosing `<eos>`) and the attention weights `[output step, source step]` of
 * that same forward. Teacher-forced on the model's own choices, the decoder computes exactly what the
 * decode computed step by step, so the maps, the attention and the step outputs are those of the output
 * shown. The decoder's half fills the recording's usual fields (maps, tokens, step outputs); the
 * encoder's half and the attention go into `pair`. Pure: no I/O.
 */

import type { Batch } from '../engine/batch';
import { describeArchitecture } from '../engine/config';
import type { EncoderDecoderModel, PairBatch } from '../engine/encoder-decoder';
import { Seq2seqModel } from '../engine/seq2seq-model';
import { EOS_ID, SOS_ID } from '../data/pair-vocabulary';
import { detokenize } from '../data/pair-tokens';
import { PAD_ID, type Vocabulary } from '../data/vocabulary';
import type { GateRecording, RecordingSource } from '../protocol/gate-recording';
import type { TokenUnit } from '../protocol/tokens';
import { MAX_RECORDED_STEPS, type StepOutputsOf } from './gate-recording';
import { pairCodecOf } from './pair-codec';
import { greedyDecode } from './pair-decoding';
import type { Predictor } from './predictor';
import { recordedLayers, topLayerOutput, type LayerRecordingOf, type RecurrentShape } from './recorded-layers';

/** Sources and outputs longer than this are cut, as a single stack's inputs are. */
export const MAX_PAIR_RECORDED_STEPS = MAX_RECORDED_STEPS;

/** Whether a predictor's model is an encoder–decoder (then `recordPairGates` records it). */
export function isEncoderDecoder(predictor: Predictor): boolean {
  return predictor.model instanceof Seq2seqModel;
}

/** A typed or selected text as the encoder's source `[1, Ts]`, read as the Prediction panel reads it (pair-codec.ts). */
export function pairSourceBatch(predictor: Predictor, text: string): { batch: Batch; notes: string[] } {
  const { ids: all, tokens } = pairCodecOf(predictor.encoder).encodeSource(text);
  if (all.length === 0) throw new Error('the text holds no token for the model to read');
  const notes: string[] = [];
  const ids = all.slice(0, MAX_PAIR_RECORDED_STEPS);
  if (ids.length < all.length) notes.push(`the text has ${all.length} tokens; the first ${ids.length} are recorded`);
  const unknown = tokens.slice(0, ids.length).filter((token) => !token.known).length;
  if (unknown > 0) notes.push(`${unknown} of ${ids.length} tokens are not in the source vocabulary: read as <unk>`);
  return { batch: { batchSize: 1, steps: ids.length, tokens: ids, lengths: Int32Array.of(ids.length) }, notes };
}

/**
 * `outputsOf` (the task's `gateOutputs`) is handed the decoder's batch (B = 1, T steps: `tokens` the
 * inputs `<sos> y₁ …`, `targets` the tokens chosen `y₁ … <eos>`) and the head's logits `[T, V]`.
 *
 * Records one source (`input`: B = 1, its `tokens` the source ids, steps past `lengths[0]` dropped). A
 * validation sample's `targets` (the reference then `<eos>`, padded) become the recording's reference.
 */
export function recordPairGates(
  predictor: Predictor,
  input: Batch,
  source: RecordingSource,
  outputsOf: StepOutputsOf,
  checkpointPath = '',
): GateRecording {
  if (!(predictor.model instanceof Seq2seqModel)) throw new Error('this checkpoint is not an encoder–decoder');
  if (input.batchSize !== 1 || !input.tokens)
    throw new Error(`record one source of tokens at a time (got a batch of ${input.batchSize})`);
  const started = performance.now();
  const model = predictor.model;
  const network = model.network;
  const codec = pairCodecOf(predictor.encoder);
  const { targetVocab, targetUnit, sourceVocab } = codec;

  const length = Math.min(input.lengths ? input.lengths[0] : input.steps, MAX_PAIR_RECORDED_STEPS);
  const sourceIds = input.tokens.slice(0, length);
  const notes = [...source.notes];
  if (length < (input.lengths ? input.lengths[0] : input.steps))
    notes.push(`the source is cut to its first ${length} tokens`);

  // The output: beam-1 decoding with the Prediction panel's special tokens and length.
  const maxLength = Math.min(MAX_PAIR_RECORDED_STEPS, codec.maxOutputLength);
  const decoded = greedyDecode(network, sourceIds, Int32Array.of(length), length, codec.special, maxLength);
  const output = decoded.outputs[0];
  const finished = decoded.finished[0];
  if (!finished) notes.push(`the output reached ${maxLength} tokens before the model ended it`);

  // The decoder teacher-forced on its own choices: inputs <sos> y₁ …, targets y₁ … (<eos> when it finished).
  const chosen = finished ? Int32Array.from([...output, EOS_ID]) : output;
  const T = chosen.length;
  const decoderInput = new Int32Array(T);
  decoderInput[0] = SOS_ID;
  decoderInput.set(output.subarray(0, T - 1), 1);
  const pairs: PairBatch = {
    batchSize: 1,
    sourceSteps: length,
    source: sourceIds,
    sourceLengths: Int32Array.of(length),
    targetSteps: T,
    targetInput: decoderInput,
    targetLengths: Int32Array.of(T),
  };
  network.forward(pairs, { training: false });
  const shape = recurrentShapeOfNetwork(network);
  const encoder = recordedLayers(network.encoder.recordGates() as LayerRecordingOf[], shape, length);
  const gates = recordedLayers(network.decoder.recordGates() as LayerRecordingOf[], shape, T);
  const weights = network.attentionWeights(); // [T, 1, Ts]
  const attention = weights ? Float32Array.from(weights.subarray(0, T * length)) : null;
  // A view of the network's workspace: the task reads it before anything runs the model again.
  const logits = network.logitsView(); // [T, 1, V]
  const decoderBatch: Batch = { batchSize: 1, steps: T, tokens: decoderInput, targets: chosen };
  const outputs = outputsOf(predictor, decoderBatch, logits, topLayerOutput(gates, T));

  const outputTokens = Array.from(chosen, (id) => targetVocab.tokenOf(id));
  const reference = referenceOf(input, targetVocab, targetUnit);
  return {
    checkpointPath,
    task: predictor.encoder.task,
    architecture: `${describeArchitecture(model.config)} · attention ${network.config.attention}`,
    cell: shape.cell,
    bidirectional: false,
    projSize: 0,
    layers: network.config.numLayers,
    units: shape.hiddenSize,
    steps: T,
    tokens: outputTokens,
    tokenDetails: outputTokens.map((token, t) => `reads ${t === 0 ? '<sos>' : outputTokens[t - 1]}, writes ${token}`),
    gates,
    outputs,
    source: { ...source, notes },
    recordMs: performance.now() - started,
    pair: {
      sourceSteps: length,
      sourceTokens: Array.from(sourceIds, (id) => sourceVocab.tokenOf(id)),
      encoder,
      attention,
      attentionKind: network.config.attention,
      output: detokenize(
        Array.from(output, (id) => targetVocab.tokenOf(id)),
        targetUnit,
      ),
      finished,
      reference,
    },
  };
}

function recurrentShapeOfNetwork(network: EncoderDecoderModel): RecurrentShape {
  return { cell: network.config.cell, hiddenSize: network.config.hiddenSize, projSize: 0 };
}

/** A validation sample's reference (its targets up to `<eos>`) as text; null without targets. */
function referenceOf(input: Batch, vocab: Vocabulary, unit: TokenUnit): string | null {
  if (!input.targets) return null;
  const tokens: string[] = [];
  for (const id of input.targets) {
    if (id === EOS_ID || id === PAD_ID) break;
    tokens.push(vocab.tokenOf(id));
  }
  return detokenize(tokens, unit);
}
