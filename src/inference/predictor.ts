/**
 * Using a trained model: classify a text, continue a prompt, forecast a series. Everything needed comes
 * from the checkpoint (config, vocabulary, normalisation, dataset description). Pure: loading the file
 * is in load-predictor.ts.
 */

import type { LstmModel } from '../engine/model';
import { Random } from '../engine/random';
import { LstmStepper } from './lstm-stepper';
import type { InputEncoder, UserInput } from '../data/encode-input';
import { createInputEncoder } from '../tasks/encode-input';
import type { StudioMetadata } from '../checkpoint/metadata';

export interface Predictor {
  model: LstmModel;
  metadata: StudioMetadata;
  encoder: InputEncoder;
}

export function createPredictor(model: LstmModel, metadata: StudioMetadata): Predictor {
  const encoder = createInputEncoder({ dataset: metadata.dataset, vocab: metadata.vocab, normalization: metadata.normalization });
  if (!encoder.ok) throw new Error(encoder.error.message);
  return { model, metadata, encoder: encoder.value };
}

export interface ClassProbability {
  label: string;
  probability: number;
}

export interface Classification {
  label: string;
  probabilities: ClassProbability[];
  /** Tokens as the model read them (after truncation); unknown ones are shown as read. */
  tokens: string[];
  /** Input tokens outside the vocabulary (read as `<unk>`). */
  unknownTokens: string[];
}

export function classify(predictor: Predictor, text: string, seqLen?: number): Classification {
  const { model, encoder } = predictor;
  requireTask(predictor, 'classification');
  const batch = unwrap(encoder.encode(text, { seqLen }));
  const { output } = model.forward(batch);
  const probabilities = classProbabilities(output, model.config.outputSize).map((probability, id) => ({ label: encoder.className(id), probability }));
  const best = probabilities.reduce((a, b) => (b.probability > a.probability ? b : a));
  const length = batch.lengths ? batch.lengths[0] : batch.steps;
  const ids = Array.from(batch.tokens!.subarray(0, length));
  const vocab = encoder.vocab!;
  return {
    label: best.label,
    probabilities,
    tokens: ids.map((id) => vocab.tokenOf(id)),
    unknownTokens: unknownTokensOf(text, encoder),
  };
}

/** Sigmoid of a single logit (binary: [1 − p, p]) or softmax over several. */
export function classProbabilities(logits: ArrayLike<number>, outputSize: number, offset = 0): number[] {
  if (outputSize === 1) {
    const p = 1 / (1 + Math.exp(-logits[offset]));
    return [1 - p, p];
  }
  return softmax(logits, offset, outputSize, 1);
}

export interface CharProbability {
  char: string;
  probability: number;
}

export interface ContinuationOptions {
  /** Characters to generate. Default 200. */
  length?: number;
  /** Softmax temperature; 0 = greedy (argmax). Default 1. */
  temperature?: number;
  /** Sample only among the k most likely characters (0 = all). Default 0. */
  topK?: number;
  seed?: number;
  /** Called with each generated character, as it is generated (for streaming). */
  onChar?: (char: string, top: CharProbability[]) => void;
}

export interface Continuation {
  text: string;
  /** Per generated character, the five most likely next characters at that step. */
  steps: { char: string; top: CharProbability[] }[];
}

/** The distribution of the character after `prompt`, over every vocabulary entry (specials by name, e.g. `<unk>`). */
export function nextCharDistribution(predictor: Predictor, prompt: string): Record<string, number> {
  requireTask(predictor, 'language-model');
  const { output } = runPrompt(predictor, prompt);
  const probabilities = lastStepProbabilities(predictor, output);
  const vocab = predictor.encoder.vocab!;
  const result: Record<string, number> = {};
  probabilities.forEach((p, id) => {
    result[vocab.tokenOf(id)] = p;
  });
  return result;
}

export function continueText(predictor: Predictor, prompt: string, options: ContinuationOptions = {}): Continuation {
  requireTask(predictor, 'language-model');
  const { model, encoder } = predictor;
  const vocab = encoder.vocab!;
  const length = options.length ?? 200;
  const temperature = options.temperature ?? 1;
  const topK = options.topK ?? 0;
  const rng = new Random(options.seed ?? 0);
  const { output, finalState } = runPrompt(predictor, prompt);
  let probabilities = lastStepProbabilities(predictor, output);
  // The prompt is one pass of the model; each new character is one step of the stepper from its state.
  const stepper = new LstmStepper(model);
  stepper.setState(finalState);
  const steps: Continuation['steps'] = [];
  let text = '';
  for (let n = 0; n < length; n++) {
    // Never generate padding, nor <unk>: it is not a character (a language model never reads it).
    if (vocab.padId !== null) probabilities[vocab.padId] = 0;
    if (vocab.unkId !== null) probabilities[vocab.unkId] = 0;
    const top = topEntries(probabilities, 5).map(({ id, probability }) => ({ char: vocab.tokenOf(id), probability }));
    const id = temperature <= 0 ? topEntries(probabilities, 1)[0].id : sample(probabilities, temperature, topK, rng);
    const char = vocab.tokenOf(id);
    text += char;
    steps.push({ char, top });
    options.onChar?.(char, top);
    if (n + 1 < length) probabilities = softmax(stepper.step(id), 0, model.config.outputSize, 1);
  }
  return { text, steps };
}

export interface Forecast {
  /** Target column names. */
  columns: string[];
  /** `[horizon][target]` in the data's units. */
  values: number[][];
  /** Input columns the model does not predict, held at their last value to roll beyond its horizon. */
  held?: { column: string; value: number }[];
}

export interface ForecastOptions {
  /** Rows of history the model reads (the last ones); default all. */
  seqLen?: number;
  /**
   * Beyond the trained horizon, hold the input columns the model does not predict at their last value
   * (a persistence assumption, reported in `held`) instead of refusing. Default false.
   */
  holdOtherColumns?: boolean;
}

export function forecast(predictor: Predictor, input: UserInput, horizon?: number, options: ForecastOptions = {}): Forecast {
  requireTask(predictor, 'forecasting');
  const { model, encoder } = predictor;
  const dataset = encoder.dataset;
  const trained = dataset.horizon ?? 1;
  const wanted = horizon ?? trained;
  const targets = dataset.columns.targets ?? [];
  const seqLen = options.seqLen;
  const batch = unwrap(encoder.encode(input, { seqLen }));
  const values = encoder.decodeForecast(model.forward(batch).output);
  if (wanted <= trained) return { columns: targets, values: values.slice(0, wanted) };
  // Beyond the trained horizon, roll forward: feed each prediction back as the newest row. That needs
  // every input column to be predicted (a univariate or all-targets model), or an assumption about the
  // others: held at their last value when the caller accepts that.
  const features = dataset.featureColumns ?? [];
  const others = features.filter((c) => !targets.includes(c));
  if (others.length > 0 && !options.holdOtherColumns) {
    throw new Error(`this model predicts ${trained} step(s) of ${targets.join(', ')} from ${features.join(', ')}; it cannot roll further without future values of ${others.join(', ')}`);
  }
  const rows = toRows(input, features.length);
  const last = rows[rows.length - 1];
  const out: number[][] = [];
  while (out.length < wanted) {
    const window = seqLen && rows.length > seqLen ? rows.slice(rows.length - seqLen) : rows;
    const next = encoder.decodeForecast(model.forward(unwrap(encoder.encode(window))).output);
    for (const row of next) {
      if (out.length >= wanted) break;
      out.push(row);
      rows.push(features.map((c, k) => (targets.includes(c) ? row[targets.indexOf(c)] : last[k])));
    }
  }
  const held = others.map((column) => ({ column, value: last[features.indexOf(column)] }));
  return { columns: targets, values: out, ...(held.length > 0 ? { held } : {}) };
}

function runPrompt(predictor: Predictor, prompt: string) {
  const batch = unwrap(predictor.encoder.encode(prompt));
  return predictor.model.forward(batch);
}

/** Softmax of the last step's logits (`output` is [1, T, V]). */
function lastStepProbabilities(predictor: Predictor, output: ArrayLike<number>): number[] {
  const V = predictor.model.config.outputSize;
  return softmax(output, output.length - V, V, 1);
}

function softmax(logits: ArrayLike<number>, offset: number, count: number, temperature: number): number[] {
  let max = -Infinity;
  for (let k = 0; k < count; k++) max = Math.max(max, logits[offset + k] / temperature);
  const exps = new Array<number>(count);
  let total = 0;
  for (let k = 0; k < count; k++) {
    exps[k] = Math.exp(logits[offset + k] / temperature - max);
    total += exps[k];
  }
  return exps.map((e) => e / total);
}

function topEntries(probabilities: number[], k: number): { id: number; probability: number }[] {
  return probabilities
    .map((probability, id) => ({ id, probability }))
    .sort((a, b) => b.probability - a.probability || a.id - b.id)
    .slice(0, k);
}

/** Samples an id from probabilities reshaped by temperature and restricted to the top k. */
function sample(probabilities: number[], temperature: number, topK: number, rng: Random): number {
  const candidates = topK > 0 ? topEntries(probabilities, topK) : probabilities.map((probability, id) => ({ id, probability }));
  const weights = candidates.map((c) => (c.probability > 0 ? Math.pow(c.probability, 1 / temperature) : 0));
  const total = weights.reduce((a, b) => a + b, 0);
  let r = rng.uniform() * total;
  for (let k = 0; k < candidates.length; k++) {
    r -= weights[k];
    if (r < 0) return candidates[k].id;
  }
  return candidates[candidates.length - 1].id;
}

function unknownTokensOf(text: string, encoder: InputEncoder): string[] {
  const vocab = encoder.vocab!;
  const unit = encoder.dataset.tokenUnit ?? 'char';
  const pieces = unit === 'word' ? text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean) : Array.from(text);
  return [...new Set(pieces.filter((piece) => !vocab.has(piece)))];
}

function toRows(input: UserInput, width: number): number[][] {
  if (typeof input === 'string') throw new Error('a forecaster reads numbers');
  if (input.length > 0 && Array.isArray(input[0])) return (input as readonly (readonly number[])[]).map((r) => [...r]);
  const flat = input as readonly number[];
  const rows: number[][] = [];
  for (let r = 0; r + width <= flat.length; r += width) rows.push(flat.slice(r, r + width));
  return rows;
}

function requireTask(predictor: Predictor, task: 'classification' | 'language-model' | 'forecasting'): void {
  const actual = predictor.encoder.task;
  if (actual !== task) {
    const names = { classification: 'a classifier', 'language-model': 'a language model', forecasting: 'a forecaster' };
    throw new Error(`this checkpoint is ${names[actual as keyof typeof names] ?? actual}, not ${names[task]}`);
  }
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}
