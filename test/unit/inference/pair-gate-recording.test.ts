/**
 * The Gates panel's recording of an encoder–decoder, on a tiny trained run of the dates example: the
 * recorded encoder h is the encoder's output, the recorded decoder h at every step is the state the
 * step-by-step decode reaches on the same tokens, the attention is the beam-1 decode's, the step outputs'
 * first choice is the token written, a validation sample carries its reference, and every array is
 * handed over for transfer.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingJson } from '../../../src/cli/gates-command';
import { signalOf, type GateRecording, type RecordedLayer } from '../../../src/protocol/gate-recording';
import type { InferenceRequest } from '../../../src/protocol/inference-messages';
import { beamSearch, PairStepper } from '../../../src/inference/pair-decoding';
import { MAX_PAIR_RECORDED_STEPS } from '../../../src/inference/pair-gate-recording';
import type { Predictor } from '../../../src/inference/predictor';
import { encoderDecoderOf, pairCodecOf } from '../../../src/inference/pair-codec';
import { TrainingControl } from '../../../src/train/control';
import { prepareForTraining } from '../../../src/train/setup';
import { runTraining } from '../../../src/train/trainer';
import { handlerFor } from '../../../src/worker/inference/handlers';
import { predictorFor } from '../../../src/worker/inference/model-cache';
import '../../../src/worker/inference/record-gates';
import '../../../src/worker/inference/load';

const root = mkdtempSync(join(tmpdir(), 'lstm-pair-gates-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let checkpoint = '';
let predictor: Predictor;

beforeAll(async () => {
  // 400 pairs of the bundled example, a small model, one epoch: enough for a model that writes something.
  const lines = readFileSync(join(__dirname, '../../../examples/dates.tsv'), 'utf8').split('\n').slice(0, 401);
  const path = join(root, 'dates.tsv');
  writeFileSync(path, lines.join('\n') + '\n');
  const config = { epochs: 1, seed: 5, embeddingDim: 8, hiddenSize: 12, numLayers: 2, batchSize: 32, evalEvery: 0 };
  const setup = { ...(await prepareForTraining(path, config, { task: 'seq2seq' })), resumed: null };
  const summary = await runTraining({
    setup,
    runsRoot: join(root, 'runs'),
    control: new TrainingControl(),
    progressIntervalMs: 0,
    emit: () => {},
  });
  checkpoint = join(summary.runDir, 'last.safetensors');
  predictor = await predictorFor(checkpoint);
}, 120_000);

async function record(
  input: Extract<InferenceRequest, { kind: 'record-gates' }>['input'],
): Promise<{ recording: GateRecording; transfer: ArrayBuffer[] }> {
  const context = { partial: () => {}, transfer: [] as ArrayBuffer[], throwIfCancelled: () => {} };
  const recording = (await handlerFor('record-gates')!(
    { kind: 'record-gates', checkpointPath: checkpoint, input },
    context,
  )) as GateRecording;
  return { recording, transfer: context.transfer };
}

/** The top layer's h at step t, `[H]`. */
function topH(layers: RecordedLayer[], t: number): Float32Array {
  const h = signalOf(layers[layers.length - 1], 'h')!;
  return h.values.subarray(t * h.width, (t + 1) * h.width);
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) expect(Math.abs(actual[k] - expected[k])).toBeLessThanOrEqual(tolerance);
}

describe('recording an encoder–decoder', () => {
  it('records the encoder over the source and the decoder over the greedy output, as decoding computes them', async () => {
    const text = '3 mars 1999';
    const { recording, transfer } = await record({ type: 'text', text });
    const pair = recording.pair!;
    const codec = pairCodecOf(predictor.encoder);
    const network = encoderDecoderOf(predictor);
    const source = codec.encodeSource(text);
    expect(pair.sourceTokens).toEqual(source.tokens.map((t) => t.token));
    expect(pair.sourceSteps).toBe(source.ids.length);
    expect(recording.layers).toBe(2);
    expect(pair.encoder.map((l) => `${l.layer} ${l.direction}`)).toEqual(['0 forward', '1 forward']);
    expect(recording.gates.map((l) => l.signals.map((s) => s.name).join(' '))).toEqual(['i f g o c h', 'i f g o c h']);

    // The output is the beam-1 decode's, with its attention row for row (the last row chose <eos>).
    const [best] = beamSearch(network, source.ids, codec.special, { beam: 1, maxLength: codec.maxOutputLength });
    expect(pair.output).toBe(codec.targetText(codec.targetTokens(best.tokens)));
    expect(pair.finished).toBe(best.finished);
    const T = best.tokens.length + (best.finished ? 1 : 0);
    expect(recording.steps).toBe(T);
    expect(recording.tokens).toEqual([...codec.targetTokens(best.tokens), ...(best.finished ? ['<eos>'] : [])]);
    expect(pair.attention!.length).toBe(T * pair.sourceSteps);
    for (let t = 0; t < T; t++)
      expectClose(pair.attention!.subarray(t * pair.sourceSteps, (t + 1) * pair.sourceSteps), best.attention![t]);

    // The encoder's top h is the memory attention reads; the decoder's top h at step t the stepped state.
    const stepper = new PairStepper(network);
    stepper.encode(source.ids, Int32Array.of(source.ids.length), source.ids.length);
    const H = network.config.hiddenSize;
    const memory = (stepper as unknown as { memory: Float32Array }).memory;
    for (let s = 0; s < pair.sourceSteps; s++) expectClose(topH(pair.encoder, s), memory.subarray(s * H, (s + 1) * H));
    let input = codec.special.sos;
    for (let t = 0; t < T; t++) {
      stepper.step(Int32Array.of(input));
      // The decoder's state after the step, h [L, 1, H]: the top layer's is the last slot.
      const state = network.decoder.finalState();
      expectClose(topH(recording.gates, t), state.h.subarray(H, 2 * H), 1e-5);
      input = best.tokens[t];
    }

    // The step outputs: the top choice is the token written, and every step has its chosen token.
    const out = recording.outputs;
    expect(out.kind).toBe('next-token');
    if (out.kind !== 'next-token') return;
    expect(out.top.map((top) => top[0].token)).toEqual(recording.tokens);
    expect(out.actual).toEqual(recording.tokens);
    expect(pair.reference).toBeNull();
    expect(recording.source.kind).toBe('text');

    // Every array travels as a transferred buffer.
    const buffers = new Set(transfer);
    for (const layer of [...pair.encoder, ...recording.gates])
      for (const signal of layer.signals) expect(buffers.has(signal.values.buffer as ArrayBuffer)).toBe(true);
    expect(buffers.has(pair.attention!.buffer as ArrayBuffer)).toBe(true);

    // `lstm-studio gates --json` prints the encoder's maps and the attention as nested lists.
    const json = recordingJson(recording) as { pair: { attention: number[][]; encoder: object[]; output: string } };
    expect(json.pair.attention).toHaveLength(T);
    expect(json.pair.attention[0]).toHaveLength(pair.sourceSteps);
    expect(json.pair.encoder).toHaveLength(2);
    expect(json.pair.output).toBe(pair.output);
  });

  it('records a validation sample with its reference', async () => {
    const { recording } = await record({ type: 'validation-sample', index: 3 });
    expect(recording.source.kind).toBe('validation-sample');
    expect(recording.source.index).toBe(3);
    expect(recording.source.fromValidationSplit).toBe(true);
    const pair = recording.pair!;
    expect(pair.reference).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(pair.sourceSteps).toBeGreaterThan(0);
    expect(pair.sourceTokens.every((t) => t !== '<pad>')).toBe(true);
    expect(recording.steps).toBeGreaterThan(0);
    expect(recording.steps).toBeLessThanOrEqual(MAX_PAIR_RECORDED_STEPS);
  });

  it('cuts a source longer than the recording bound', async () => {
    const { recording } = await record({ type: 'text', text: '1'.repeat(MAX_PAIR_RECORDED_STEPS + 5) });
    expect(recording.pair!.sourceSteps).toBe(MAX_PAIR_RECORDED_STEPS);
    expect(recording.source.notes.join(' ')).toMatch(/first 2000 are recorded/);
  });
});
