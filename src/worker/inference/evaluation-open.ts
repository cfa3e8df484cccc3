/**
 * `evaluate-open`: a checkpoint and its data → an Evaluate session (evaluation-sessions.ts). Reads the
 * data (the run's validation split exactly as the Gates panel steps through it, or a whole file), runs the
 * report pass once — the task's metrics and report (src/train/evaluate.ts), each sequence's loss and
 * labels (sequence-scores.ts) — and, right after each batch's forward, keeps every layer's h (and an LSTM's
 * c) at every real step of every sequence in the state cache (state-cache.ts). The states are read from
 * the buffers the forward keeps for backward anyway (`LstmLayer` hidden/cells `[T+1, B, ·]`,
 * engine/step-states.ts), straight into float16: no second pass, no stepper, and no gate recording (which
 * would copy the four gates too).
 */

import * as l10n from '../../protocol/l10n';
import { randomUUID } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { Batch } from '../../engine/batch';
import { describeArchitecture, type ModelConfig } from '../../engine/config';
import type { LstmModel } from '../../engine/model';
import { stepStateBuffers } from '../../engine/step-states';
import type { TrainableForwardResult } from '../../engine/trainable-model';
import { denormalizeValue } from '../../data/normalize';
import { formatValue } from '../../inference/gate-recording';
import { singleStackOf, type Predictor } from '../../inference/predictor';
import { isEncoderDecoder } from '../../inference/pair-gate-recording';
import { SequenceScorer } from '../../inference/sequence-scores';
import type { EvaluationData, EvaluationProgress, EvaluationSummary, StateLayer } from '../../protocol/evaluate-view';
import { evaluateWithExamples, type EvaluationContext } from '../../train/evaluate';
import type { EvaluationSession } from './evaluation-sessions';
import { openFileSource, openSampleSource, type SampleSource } from './gate-samples';
import { StateCache, type StateCacheOptions, type StepRows } from './state-cache';

export interface OpenOptions {
  /** Sends a progress partial. */
  progress(progress: EvaluationProgress): void;
  throwIfCancelled(): void;
  /** Budgets of the state cache (tests use small ones). */
  cache?: Omit<StateCacheOptions, 'dir'>;
}

/** Progress partials at most this often. */
const PROGRESS_INTERVAL_MS = 100;

export async function openEvaluation(
  checkpointPath: string,
  predictor: Predictor,
  data: EvaluationData,
  cacheDir: string,
  options: OpenOptions,
): Promise<EvaluationSession> {
  const refusal = refusalOf(predictor);
  if (refusal) throw new Error(refusal);
  const model = singleStackOf(predictor);
  const config = model.config;
  const started = performance.now();
  options.progress({ stage: 'reading', done: 0, total: 1 });
  const source =
    data.kind === 'validation'
      ? await openSampleSource(checkpointPath, predictor)
      : await openFileSource(data.path, predictor);
  const readMs = performance.now() - started;
  if (source.total === 0)
    throw new Error(l10n.t('{0} has no sequence the model can read', basename(source.datasetPath)));

  const id = randomUUID();
  const layers = stateLayersOf(config);
  const states = new StateCache(layers, { ...options.cache, dir: join(cacheDir, id) });
  const context = evaluationContextOf(predictor);
  const scorer = new SequenceScorer(config);
  const inputs = new SequenceInputs(predictor);
  let done = 0;
  let lastProgress = 0;
  const passStarted = performance.now();
  let evaluation;
  try {
    evaluation = evaluateWithExamples(model, source.batches(), context, null, {
      forward(batch, initialState): TrainableForwardResult {
        options.throwIfCancelled();
        return model.forward(batch, { initialState });
      },
      scored(batch, result) {
        scorer.add(batch, result.output);
        inputs.add(batch);
        cacheStates(states, layers, model, batch);
        done += batch.batchSize;
        const now = performance.now();
        if (now - lastProgress >= PROGRESS_INTERVAL_MS) {
          lastProgress = now;
          options.progress({ stage: 'evaluating', done, total: source.total });
        }
      },
    });
    states.finish();
  } catch (error) {
    await states.dispose();
    throw error;
  }
  const passMs = performance.now() - passStarted;
  const scores = scorer.results();
  const notes = [...source.notes];
  if (states.truncated)
    notes.push(
      `the states of the first ${states.sequences.toLocaleString('en-US')} of ${scores.loss.length.toLocaleString('en-US')} sequences are cached (the cache's 2 GB on disk is full); searches cover those`,
    );
  const summary: EvaluationSummary = {
    sessionId: id,
    task: predictor.encoder.task,
    modelName: `${basename(checkpointPath)} · ${basename(dirname(checkpointPath))}`,
    dataLabel: dataLabelOf(data, source, scores.loss.length),
    architecture: describeArchitecture(config),
    sequences: scores.loss.length,
    steps: inputs.totalSteps,
    metrics: evaluation.metrics,
    ...(evaluation.report ? { report: evaluation.report } : {}),
    layers,
    input: predictor.encoder.vocab ? 'text' : 'rows',
    ...(predictor.encoder.normalization ? { columns: [...predictor.encoder.normalization.columns] } : {}),
    ...(predictor.encoder.dataset.classes ? { labels: [...predictor.encoder.dataset.classes] } : {}),
    cache: { memoryBytes: states.memoryBytes, diskBytes: states.diskBytes },
    timings: { readMs, passMs },
    notes,
  };
  const session: EvaluationSession = {
    id,
    checkpointPath,
    predictor,
    batches: () => source.batches(),
    context,
    states,
    tokens: (sequence) => inputs.tokens(sequence),
    sequenceLoss: scores.loss,
    actual: scores.actual,
    predicted: scores.predicted,
    summary,
    gatesSample: (sequence) => (data.kind === 'validation' ? sequence : null),
  };
  if (scorer.perToken) {
    const tokens = scorer.tokens();
    const vocab = predictor.encoder.vocab!;
    session.scoredTokens = { losses: tokens.loss, token: (index) => vocab.tokenOf(tokens.target[index]) };
  }
  if (evaluation.residuals) {
    const windows = evaluation.residuals.residuals.length / Math.max(1, evaluation.residuals.targets.length);
    session.residuals = {
      targets: evaluation.residuals.targets,
      rowLabels: Array.from({ length: windows }, (_, n) => source.label(n) ?? `window ${n + 1}`),
      residuals: evaluation.residuals.residuals,
    };
  }
  if (predictor.encoder.normalization) session.columnValues = (sequence) => inputs.columnValues(sequence);
  return session;
}

/** Why the Evaluate view cannot evaluate this model, in one line; null when it can. */
export function refusalOf(predictor: Predictor): string | null {
  if (isEncoderDecoder(predictor))
    return l10n.t(
      'the Evaluate view does not evaluate sequence-to-sequence models yet: an encoder–decoder has two stacks whose states do not follow the input step by step',
    );
  if (predictor.model.config.loss === 'ctc')
    return l10n.t(
      "the Evaluate view does not evaluate speech-to-text models yet: their loss is a whole transcript's (CTC), not a sequence's label or a step's",
    );
  return null;
}

/** The cached state signals: per layer, forward before backward, h (P or H wide) before an LSTM's c (H). */
export function stateLayersOf(config: ModelConfig): StateLayer[] {
  const directions = config.bidirectional ? (['forward', 'backward'] as const) : (['forward'] as const);
  const layers: StateLayer[] = [];
  for (let layer = 0; layer < config.numLayers; layer++)
    for (const direction of directions) {
      layers.push({ layer, direction, signal: 'h', width: config.projSize > 0 ? config.projSize : config.hiddenSize });
      if (config.cell === 'lstm') layers.push({ layer, direction, signal: 'c', width: config.hiddenSize });
    }
  return layers;
}

/** How `lstm-studio eval --report` scores a checkpoint, with the report on. */
export function evaluationContextOf(predictor: Predictor): EvaluationContext {
  const normalization = predictor.encoder.normalization;
  const targetStd = normalization
    ? (predictor.encoder.dataset.columns.targets ?? []).map((t) => normalization.std[normalization.columns.indexOf(t)])
    : undefined;
  return { task: predictor.encoder.task, targetStd, stored: predictor.encoder, report: true };
}

/**
 * Each row's real steps of every cached signal into the cache, from the stack's per-step buffers
 * `[T+1, B, W]` (slot t+1 = after step t; a backward direction's step t of a row of length L is slot L−t).
 */
function cacheStates(states: StateCache, layers: StateLayer[], model: LstmModel, batch: Batch): void {
  const B = batch.batchSize;
  const T = batch.steps;
  const buffers = stepStateBuffers(model.recurrent);
  const sources = layers.map(({ layer, direction, signal, width }) => {
    const found = buffers.find((d) => d.layer === layer && d.direction === direction);
    const values = signal === 'h' ? found?.h : found?.c;
    if (!values) throw new Error(`layer ${layer + 1} (${direction}) keeps no '${signal}'`);
    return { values, width, backward: direction === 'backward' };
  });
  const rows: StepRows[] = sources.map(({ values }) => ({ values, start: 0, stride: 0 }));
  for (let b = 0; b < B; b++) {
    const length = batch.lengths ? batch.lengths[b] : T;
    sources.forEach(({ width, backward }, a) => {
      rows[a].start = ((backward ? length : 1) * B + b) * width;
      rows[a].stride = (backward ? -B : B) * width;
    });
    // Past the disk budget the later sequences are scored but not cached.
    if (!states.append(length, rows)) return;
  }
}

function dataLabelOf(data: EvaluationData, source: SampleSource, sequences: number): string {
  const count = `${sequences.toLocaleString('en-US')} sequence${sequences === 1 ? '' : 's'}`;
  const file = basename(source.datasetPath);
  if (data.kind === 'validation' && source.fromValidationSplit) return `validation split of ${file} (${count})`;
  return `${file} (${count})`;
}

/**
 * Every evaluated sequence's input, as compact as it came: token ids (text models) or the input columns
 * (series and recordings), one flat array with a start per sequence.
 */
class SequenceInputs {
  private ids = new Int32Array(4096);
  private features = new Float32Array(0);
  private starts: number[] = [0];
  private readonly width: number;

  constructor(private readonly predictor: Predictor) {
    this.width = predictor.encoder.vocab ? 1 : predictor.model.config.inputSize;
    if (!predictor.encoder.vocab) this.features = new Float32Array(4096 * this.width);
  }

  get totalSteps(): number {
    return this.starts[this.starts.length - 1];
  }

  add(batch: Batch): void {
    const T = batch.steps;
    const W = this.width;
    for (let b = 0; b < batch.batchSize; b++) {
      const length = batch.lengths ? batch.lengths[b] : T;
      const start = this.totalSteps;
      this.reserve(start + length);
      if (batch.tokens) this.ids.set(batch.tokens.subarray(b * T, b * T + length), start);
      else if (batch.features) this.features.set(batch.features.subarray(b * T * W, (b * T + length) * W), start * W);
      this.starts.push(start + length);
    }
  }

  tokens(sequence: number): string[] {
    const [start, end] = this.range(sequence);
    const { encoder } = this.predictor;
    if (encoder.vocab) return Array.from(this.ids.subarray(start, end), (id) => encoder.vocab!.tokenOf(id));
    const audio = encoder.dataset.audio;
    if (audio) {
      const stepSeconds = (audio.hopMs * audio.stackFrames) / 1000;
      return Array.from({ length: end - start }, (_, t) => `${(t * stepSeconds).toFixed(2)} s`);
    }
    // A series step reads as its target values, as the Gates panel's strip shows it.
    const normalization = encoder.normalization!;
    const targets = (encoder.dataset.columns.targets ?? []).map((name) => normalization.columns.indexOf(name));
    const W = this.width;
    return Array.from({ length: end - start }, (_, t) =>
      targets
        .map((d) => formatValue(denormalizeValue(normalization, d, this.features[(start + t) * W + d])))
        .join(', '),
    );
  }

  /** `[T_s, columns]` input columns in data units. */
  columnValues(sequence: number): Float32Array {
    const [start, end] = this.range(sequence);
    const normalization = this.predictor.encoder.normalization!;
    const C = normalization.columns.length;
    const W = this.width;
    const out = new Float32Array((end - start) * C);
    for (let t = 0; t < end - start; t++)
      for (let d = 0; d < C; d++)
        out[t * C + d] = denormalizeValue(normalization, d, this.features[(start + t) * W + d]);
    return out;
  }

  private range(sequence: number): [number, number] {
    if (!Number.isInteger(sequence) || sequence < 0 || sequence >= this.starts.length - 1)
      throw new Error(`there is no sequence ${sequence} (0 … ${this.starts.length - 2})`);
    return [this.starts[sequence], this.starts[sequence + 1]];
  }

  private reserve(steps: number): void {
    if (this.predictor.encoder.vocab) {
      if (steps <= this.ids.length) return;
      const grown = new Int32Array(Math.max(steps, this.ids.length * 2));
      grown.set(this.ids);
      this.ids = grown;
    } else {
      if (steps * this.width <= this.features.length) return;
      const grown = new Float32Array(Math.max(steps * this.width, this.features.length * 2));
      grown.set(this.features);
      this.features = grown;
    }
  }
}
