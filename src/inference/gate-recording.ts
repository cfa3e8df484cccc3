/**
 * Gate recording: one sequence through a trained model with `record: true`, packed for the Gates panel —
 * the cell's signals of every layer and direction as `[T, width]` arrays (recorded-layers.ts), the input
 * as the model read it, and the model's output at every step, which the model's task computes
 * (`TaskUse.gateOutputs` in src/tasks/: the next-token distribution, the class probabilities if the text
 * ended there, the next value predicted after each step). Pure: no I/O.
 */

import type { Batch } from '../engine/batch';
import { describeArchitecture, type ModelConfig } from '../engine/config';
import type { CellRecording as EngineCellRecording } from '../engine/model';
import type { FloatArray } from '../engine/tensor';
import { denormalizeValue } from '../data/normalize';
import type { GateRecording, RecordingSource, StepOutputs } from '../protocol/gate-recording';
import { singleStackOf, type Predictor } from './predictor';
import { recordedLayers, topLayerOutput, type LayerRecordingOf, type RecurrentShape } from './recorded-layers';

/**
 * A task's output at every step of one recorded sequence (`batch`, B = 1, T steps): `logits` is the
 * model's output (`[T, O]` when the head runs at every step, else `[O]`), `topHidden` the top layer's
 * output at every step, `[T, H]` (`[T, 2H]` forward ‖ backward for a bidirectional stack; P for H with
 * projections).
 */
export type StepOutputsOf = (
  predictor: Predictor,
  batch: Batch,
  logits: FloatArray,
  topHidden: Float32Array,
) => StepOutputs;

/** Longer inputs are cut to this many steps (2 layers × 256 units × 2 000 steps is already 24 MB of maps). */
export const MAX_RECORDED_STEPS = 2000;

/**
 * Records one sequence. `batch` holds one sequence (B = 1); steps past its length are dropped. Its
 * `targets`, when present (a validation sample), give what came after the last step: the next token, the
 * true class, or the next row's targets.
 */
export function recordGates(
  predictor: Predictor,
  input: Batch,
  source: RecordingSource,
  outputsOf: StepOutputsOf,
  checkpointPath = '',
): GateRecording {
  const { encoder } = predictor;
  const model = singleStackOf(predictor);
  if (input.batchSize !== 1) throw new Error(`record one sequence at a time (got a batch of ${input.batchSize})`);
  const started = performance.now();
  const batch = trimToLength(input, model.config.inputSize);
  const T = batch.steps;
  const shape = recurrentShapeOf(model.config);
  const { output, recording } = model.forward(batch, { record: true });
  const layers: LayerRecordingOf[] = recording!.map((layer) =>
    'forward' in layer ? { forward: signalsOf(layer.forward), backward: signalsOf(layer.backward) } : signalsOf(layer),
  );
  const gates = recordedLayers(layers, shape, T);
  const outputs = outputsOf(predictor, batch, output, topLayerOutput(gates, T));
  return {
    checkpointPath,
    task: encoder.task,
    architecture: describeArchitecture(model.config),
    cell: shape.cell,
    bidirectional: gates.some((l) => l.direction === 'backward'),
    projSize: shape.projSize,
    layers: layers.length,
    units: shape.hiddenSize,
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

/**
 * The cell, H and P of a model. `cell` and `projSize` are the issue-#14 config fields (src/engine/config.ts
 * gains them at merge; until then every model is a plain LSTM).
 */
/** An engine recording (an interface of named arrays, some optional) as a record of the arrays it has. */
function signalsOf(recording: EngineCellRecording): Readonly<Record<string, FloatArray>> {
  return Object.fromEntries(Object.entries(recording).filter(([, values]) => values !== undefined)) as Record<
    string,
    FloatArray
  >;
}

export function recurrentShapeOf(config: ModelConfig): RecurrentShape {
  return { cell: config.cell, hiddenSize: config.hiddenSize, projSize: config.projSize };
}

/** The input per step: tokens; for a series, the target value(s) shown in the strip and every column for the tooltip. */
function tokensOf(predictor: Predictor, batch: Batch): { tokens: string[]; tokenDetails?: string[] } {
  const { encoder } = predictor;
  if (batch.tokens) return { tokens: Array.from(batch.tokens, (id) => encoder.vocab!.tokenOf(id)) };
  // Recordings: each step is a stretch of time (hop × stacked frames), labelled by where it starts.
  const audio = encoder.dataset.audio;
  if (audio) {
    const stepSeconds = (audio.hopMs * audio.stackFrames) / 1000;
    return { tokens: Array.from({ length: batch.steps }, (_, t) => `${(t * stepSeconds).toFixed(2)} s`) };
  }
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

/** The dense head on the top layer's h at every step: `[T, O]` logits. */
export function applyHeadAtEveryStep(predictor: Predictor, topHidden: Float32Array, T: number): FloatArray {
  const model = singleStackOf(predictor);
  const O = model.config.outputSize;
  const out = (model.config.dtype === 'float64' ? new Float64Array(T * O) : new Float32Array(T * O)) as FloatArray;
  const input = (model.config.dtype === 'float64' ? Float64Array.from(topHidden) : topHidden) as FloatArray;
  model.head.forward(T, input, 0, out);
  return out;
}

export function formatValue(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(5)));
}
