/**
 * A `GateInput` (typed or selected text, rows of a series, or a validation sample of the run's dataset)
 * → the sequence to record → a `GateRecording`. Shared by the inference worker and `lstm-studio gates`.
 */

import { basename } from 'node:path';
import type { Batch } from '../../engine/batch';
import type { GateInput } from '../../protocol/inference-messages';
import type { GateRecording, RecordingSource } from '../../protocol/gate-recording';
import { MAX_RECORDED_STEPS, recordGates, type StepOutputsOf } from '../../inference/gate-recording';
import { isEncoderDecoder, pairSourceBatch, recordPairGates } from '../../inference/pair-gate-recording';
import { findSample, type SampleSet } from './gate-samples';
import type { Predictor } from '../../inference/predictor';
import { stepLayout } from '../../data/series-inputs';

/** Opens (or reuses) the sample set of a dataset; the worker caches it, the CLI opens it once. */
export type SampleSetProvider = (datasetPath?: string) => Promise<SampleSet>;

/** `outputsOf`: the model's task's output at every step (`getTask(task).use.gateOutputs`). */
export async function recordGateInput(
  checkpointPath: string,
  predictor: Predictor,
  input: GateInput,
  samples: SampleSetProvider,
  outputsOf: StepOutputsOf,
): Promise<GateRecording> {
  const { batch, source } = await sequenceOf(predictor, input, samples);
  // An encoder–decoder records its two stacks and the attention between them (pair-gate-recording.ts).
  if (isEncoderDecoder(predictor)) return recordPairGates(predictor, batch, source, outputsOf, checkpointPath);
  return recordGates(predictor, batch, source, outputsOf, checkpointPath);
}

async function sequenceOf(
  predictor: Predictor,
  input: GateInput,
  samples: SampleSetProvider,
): Promise<{ batch: Batch; source: RecordingSource }> {
  const { encoder } = predictor;
  switch (input.type) {
    case 'validation-sample': {
      const set = await samples(input.datasetPath);
      let index = ((Math.trunc(input.index) % set.total) + set.total) % set.total;
      if (input.search) {
        const found = findSample(set, index, input.search);
        if (found < 0) throw new Error(`no sample of ${basename(set.datasetPath)} contains “${input.search}”`);
        index = found;
      }
      if (input.series !== undefined) index = sampleOfSeries(predictor, set, index, input.series);
      const what = `${set.fromValidationSplit ? 'validation sample' : 'sample'}${input.series !== undefined ? ` of series '${input.series}'` : ''}`;
      const batch = set.sample(index);
      const series = seriesOfSample(predictor, batch);
      return {
        batch,
        source: {
          kind: 'validation-sample',
          label: `${what} ${index + 1} of ${set.total} · ${basename(set.datasetPath)}`,
          index,
          total: set.total,
          fromValidationSplit: set.fromValidationSplit,
          ...(series !== null ? { series } : {}),
          notes: [...set.notes],
        },
      };
    }
    case 'rows':
      return {
        batch: encodeOrThrow(predictor, input.values),
        source: { kind: 'rows', label: `${input.values.length} rows`, notes: [] },
      };
    case 'text': {
      const notes: string[] = [];
      if (isEncoderDecoder(predictor)) {
        const pair = pairSourceBatch(predictor, input.text);
        const unit = encoder.dataset.sourceTokenUnit === 'word' ? 'words' : 'characters';
        return {
          batch: pair.batch,
          source: { kind: 'text', label: `text (${pair.batch.steps} ${unit})`, notes: pair.notes },
        };
      }
      // A model without a vocabulary reads rows of numbers (a series), typed one row per line.
      if (encoder.vocab === null) {
        const rows = parseRows(input.text, encoder.normalization!.columns.length);
        const kept = rows.slice(-MAX_RECORDED_STEPS);
        if (kept.length < rows.length)
          notes.push(`only the last ${MAX_RECORDED_STEPS} of ${rows.length} rows are recorded`);
        return {
          batch: encodeOrThrow(predictor, kept),
          source: { kind: 'rows', label: `${kept.length} typed rows`, notes },
        };
      }
      const batch = encodeOrThrow(predictor, input.text);
      const full = encodeOrThrow(predictor, input.text, Number.MAX_SAFE_INTEGER).steps;
      if (batch.steps < full) notes.push(`the text has ${full} tokens; the first ${batch.steps} are recorded`);
      const unit = encoder.vocab?.unit === 'word' ? 'words' : 'characters';
      return { batch, source: { kind: 'text', label: `text (${batch.steps} ${unit})`, notes } };
    }
  }
}

function encodeOrThrow(predictor: Predictor, input: string | number[][], seqLen = MAX_RECORDED_STEPS): Batch {
  const encoded = predictor.encoder.encode(input, { seqLen });
  if (!encoded.ok) throw new Error(encoded.error.message);
  return encoded.value;
}

/**
 * Numbers typed for a series model: one row per line, values separated by commas, semicolons, tabs or
 * spaces; or any layout whose values make whole rows of `width` in reading order.
 */
export function parseRows(text: string, width: number): number[][] {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const perLine = lines.map((line, n) =>
    line
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map((cell) => {
        const x = Number(cell);
        if (!Number.isFinite(x)) throw new Error(`line ${n + 1}: '${cell}' is not a number`);
        return x;
      }),
  );
  if (perLine.length > 0 && perLine.every((row) => row.length === width)) return perLine;
  const flat = perLine.flat();
  if (flat.length % width !== 0) throw new Error(`${flat.length} numbers do not make whole rows of ${width} values`);
  const rows: number[][] = [];
  for (let k = 0; k < flat.length; k += width) rows.push(flat.slice(k, k + width));
  return rows;
}

/** The series a sample's window is of (its first step's one-hot), or null for a model of one series. */
function seriesOfSample(predictor: Predictor, batch: Batch): string | null {
  const inputs = predictor.encoder.dataset.forecastInputs;
  if (!inputs?.series || !batch.features) return null;
  const layout = stepLayout(inputs, predictor.encoder.dataset.featureColumns!.length);
  const s = inputs.series.ids.findIndex((_, k) => batch.features![layout.seriesAt + k] === 1);
  return s >= 0 ? inputs.series.ids[s] : null;
}

/**
 * From `from` on (wrapping around), the first sample of `series` for a model trained on several: its
 * windows carry the series as a one-hot (src/data/series-inputs.ts). Throws when no sample is of it.
 */
function sampleOfSeries(predictor: Predictor, set: SampleSet, from: number, series: string): number {
  const inputs = predictor.encoder.dataset.forecastInputs;
  if (!inputs?.series) throw new Error('this model was not trained on several series');
  const s = inputs.series.ids.indexOf(series);
  if (s < 0) throw new Error(`the model knows no series '${series}'; it knows ${inputs.series.ids.join(', ')}`);
  const layout = stepLayout(inputs, predictor.encoder.dataset.featureColumns!.length);
  for (let k = 0; k < set.total; k++) {
    const index = (from + k) % set.total;
    if (set.sample(index).features![layout.seriesAt + s] === 1) return index;
  }
  throw new Error(`no sample of ${basename(set.datasetPath)} is of series '${series}'`);
}
