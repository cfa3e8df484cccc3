/**
 * Gate recording: one sequence through a trained model with `record: true`, packed for the Gates panel —
 * i, f, g, o, c, h of every layer as `[T, H]` arrays, the input as the model read it, and the model's
 * output at every step: the next-token distribution (language model), the class probabilities if the text
 * ended there (classification: the head applied to the top layer's h at every step, so the last step is
 * exactly the model's answer), or the next value predicted after each step against the one that came
 * (forecasting). Pure: no I/O.
 */

import type { Batch } from '../engine/batch';
import { describeArchitecture } from '../engine/config';
import type { FloatArray } from '../engine/tensor';
import { denormalizeValue } from '../data/normalize';
import { GATE_SIGNALS, type GateRecording, type LayerGates, type RecordingSource, type StepOutputs } from '../protocol/gate-recording';
import { classProbabilities, type Predictor } from './predictor';

/** Longer inputs are cut to this many steps (2 layers × 256 units × 2 000 steps is already 24 MB of maps). */
export const MAX_RECORDED_STEPS = 2000;

/**
 * Records one sequence. `batch` holds one sequence (B = 1); steps past its length are dropped. Its
 * `targets`, when present (a validation sample), give what came after the last step: the next token, the
 * true class, or the next row's targets.
 */
export function recordGates(predictor: Predictor, input: Batch, source: RecordingSource, checkpointPath = ''): GateRecording {
  const { model, encoder } = predictor;
  if (input.batchSize !== 1) throw new Error(`record one sequence at a time (got a batch of ${input.batchSize})`);
  const started = performance.now();
  const batch = trimToLength(input, model.config.inputSize);
  const T = batch.steps;
  const H = model.config.hiddenSize;
  const { output, recording } = model.forward(batch, { record: true });
  const gates: LayerGates[] = recording!.map((layer) => {
    const out = {} as LayerGates;
    for (const signal of GATE_SIGNALS) out[signal] = toFloat32(layer[signal], T * H);
    return out;
  });
  const task = encoder.task;
  let outputs: StepOutputs;
  if (task === 'language-model') outputs = languageModelOutputs(predictor, batch, output);
  else if (task === 'classification') outputs = classificationOutputs(predictor, batch, gates[gates.length - 1].h);
  else outputs = forecastOutputs(predictor, batch, gates[gates.length - 1].h);
  return {
    checkpointPath,
    task: task as GateRecording['task'],
    architecture: describeArchitecture(model.config),
    layers: gates.length,
    units: H,
    steps: T,
    ...tokensOf(predictor, batch),
    gates,
    outputs,
    source,
    recordMs: performance.now() - started,
  };
}

/** The sequence cut to its real length (B = 1), so no step of the recording is padding. */
function trimToLength(batch: Batch, inputSize: number): Batch {
  const length = batch.lengths ? batch.lengths[0] : batch.steps;
  if (length === batch.steps && !batch.lengths) return batch;
  const trimmed: Batch = { batchSize: 1, steps: length };
  if (batch.tokens) trimmed.tokens = batch.tokens.slice(0, length);
  if (batch.features) trimmed.features = batch.features.slice(0, length * inputSize) as FloatArray;
  if (batch.targets) {
    // Per-step targets (language model, [1, T]) are cut with the steps; last-step targets stay whole.
    trimmed.targets = batch.targets.length === batch.steps ? batch.targets.slice(0, length) : batch.targets;
  }
  return trimmed;
}

function toFloat32(values: FloatArray, length: number): Float32Array {
  if (values instanceof Float32Array && values.length === length) return values;
  return Float32Array.from(values.subarray(0, length));
}

/** The input per step: tokens; for a series, the target value(s) shown in the strip and every column for the tooltip. */
function tokensOf(predictor: Predictor, batch: Batch): { tokens: string[]; tokenDetails?: string[] } {
  const { encoder } = predictor;
  if (batch.tokens) return { tokens: Array.from(batch.tokens, (id) => encoder.vocab!.tokenOf(id)) };
  const normalization = encoder.normalization!;
  const columns = normalization.columns;
  const D = columns.length;
  const targets = (encoder.dataset.columns.targets ?? []).map((name) => columns.indexOf(name));
  const features = batch.features!;
  const tokens: string[] = [];
  const tokenDetails: string[] = [];
  for (let t = 0; t < batch.steps; t++) {
    const values = columns.map((_, d) => formatValue(denormalizeValue(normalization, d, features[t * D + d])));
    tokens.push(targets.map((d) => values[d]).join(', '));
    tokenDetails.push(columns.map((name, d) => `${name} ${values[d]}`).join(', '));
  }
  return { tokens, tokenDetails };
}

function languageModelOutputs(predictor: Predictor, batch: Batch, logits: FloatArray): StepOutputs {
  const vocab = predictor.encoder.vocab!;
  const V = predictor.model.config.outputSize;
  const T = batch.steps;
  const tokens = batch.tokens!;
  const top: { token: string; probability: number }[][] = [];
  const actual: (string | null)[] = [];
  const actualProbability: (number | null)[] = [];
  for (let t = 0; t < T; t++) {
    const p = classProbabilities(logits, V, t * V);
    const ids = p.map((_, id) => id).filter((id) => id !== vocab.padId);
    ids.sort((a, b) => p[b] - p[a] || a - b);
    top.push(ids.slice(0, 5).map((id) => ({ token: vocab.tokenOf(id), probability: p[id] })));
    // What came next: the following input token, or after the last step the sample's target.
    const next = t + 1 < T ? tokens[t + 1] : batch.targets && batch.targets.length === T ? batch.targets[t] : null;
    actual.push(next === null ? null : vocab.tokenOf(next));
    actualProbability.push(next === null ? null : p[next]);
  }
  return { kind: 'language-model', top, actual, actualProbability };
}

function classificationOutputs(predictor: Predictor, batch: Batch, topHidden: Float32Array): StepOutputs {
  const { model, encoder } = predictor;
  const T = batch.steps;
  const O = model.config.outputSize;
  const logits = applyHeadAtEveryStep(predictor, topHidden, T);
  const classes = encoder.dataset.classes ?? [];
  const C = Math.max(classes.length, O === 1 ? 2 : O);
  const probabilities = new Float32Array(T * C);
  for (let t = 0; t < T; t++) probabilities.set(classProbabilities(logits, O, t * O), t * C);
  const label = batch.targets && batch.targets.length === 1 ? encoder.className(batch.targets[0]) : null;
  return { kind: 'classification', classes: Array.from({ length: C }, (_, id) => encoder.className(id)), probabilities, label };
}

function forecastOutputs(predictor: Predictor, batch: Batch, topHidden: Float32Array): StepOutputs {
  const { model, encoder } = predictor;
  const T = batch.steps;
  const O = model.config.outputSize;
  const normalization = encoder.normalization!;
  const targets = encoder.dataset.columns.targets ?? [];
  const K = targets.length;
  const D = normalization.columns.length;
  const column = targets.map((name) => normalization.columns.indexOf(name));
  const logits = applyHeadAtEveryStep(predictor, topHidden, T);
  const predicted = new Float32Array(T * K);
  const actual = new Float32Array(T * K).fill(NaN);
  const features = batch.features!;
  for (let t = 0; t < T; t++) {
    // The first horizon row: the value(s) right after step t.
    const next = encoder.decodeForecast(logits.subarray(t * O, (t + 1) * O))[0] ?? [];
    for (let k = 0; k < K; k++) {
      predicted[t * K + k] = next[k];
      if (t + 1 < T) actual[t * K + k] = denormalizeValue(normalization, column[k], features[(t + 1) * D + column[k]]);
      else if (batch.targets && batch.targets.length >= K) actual[t * K + k] = denormalizeValue(normalization, column[k], batch.targets[k]);
    }
  }
  return { kind: 'forecasting', targets, predicted, actual };
}

/** The dense head on the top layer's h at every step: `[T, O]` logits. */
function applyHeadAtEveryStep(predictor: Predictor, topHidden: Float32Array, T: number): FloatArray {
  const { model } = predictor;
  const O = model.config.outputSize;
  const out = (model.config.dtype === 'float64' ? new Float64Array(T * O) : new Float32Array(T * O)) as FloatArray;
  const input = (model.config.dtype === 'float64' ? Float64Array.from(topHidden) : topHidden) as FloatArray;
  model.head.forward(T, input, 0, out);
  return out;
}

function formatValue(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(5)));
}
