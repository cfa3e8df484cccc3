/**
 * Test doubles for the Evaluate view's worker handlers: an in-memory `CachedStates` (float32, no float16
 * rounding, no disk) and an `EvaluationSession` built by hand around a real small model — a character
 * classifier whose report pass is run here with the engine's own recording, so the states, losses and
 * predictions are the model's. The real sessions are built by `evaluate-open` (another module).
 */

import { LstmModel, createOptimizer, trainStep, type Batch, type ModelConfig } from '../../../src/engine';
import { SequenceScorer } from '../../../src/inference/sequence-scores';
import type { Predictor } from '../../../src/inference/predictor';
import type { EvaluationSummary, StateAddress, StateLayer } from '../../../src/protocol/evaluate-view';
import { evaluate } from '../../../src/train/evaluate';
import type { CachedStates, EvaluationSession } from '../../../src/worker/inference/evaluation-sessions';

const key = (a: StateAddress) => `${a.layer}/${a.direction}/${a.signal}`;

/** States given per address and sequence as `[T_s, width]` float32 matrices. */
export class MemoryStates implements CachedStates {
  readonly sequences: number;
  readonly totalSteps: number;
  disposed = false;

  constructor(
    private readonly byAddress: Map<string, { width: number; perSequence: Float32Array[] }>,
    private readonly lengths: number[],
  ) {
    this.sequences = lengths.length;
    this.totalSteps = lengths.reduce((a, b) => a + b, 0);
  }

  static of(entries: Array<{ address: StateAddress; width: number; perSequence: Float32Array[] }>, lengths: number[]) {
    return new MemoryStates(new Map(entries.map((e) => [key(e.address), e])), lengths);
  }

  private entry(address: StateAddress) {
    const e = this.byAddress.get(key(address));
    if (!e) throw new Error(`the states of ${key(address)} are not cached`);
    return e;
  }

  width(address: StateAddress): number {
    return this.entry(address).width;
  }

  steps(sequence: number): number {
    return this.lengths[sequence];
  }

  read(address: StateAddress, sequence: number, out?: Float32Array): Float32Array {
    const source = this.entry(address).perSequence[sequence];
    const target = out && out.length >= source.length ? out : new Float32Array(source.length);
    target.set(source);
    return target.subarray(0, source.length);
  }

  unitMeans(address: StateAddress): Float32Array {
    const { width, perSequence } = this.entry(address);
    const sums = new Float64Array(width);
    for (const states of perSequence) for (let k = 0; k < states.length; k++) sums[k % width] += states[k];
    return Float32Array.from(sums, (s) => s / Math.max(1, this.totalSteps));
  }

  readonly memoryBytes = 0;
  readonly diskBytes = 0;

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

/** A session over states alone (no model runs): for the projection's tests. */
export function statesSession(
  states: CachedStates,
  options: {
    tokens?: (s: number) => string[];
    labels?: string[];
    actual?: Int32Array;
    predicted?: Int32Array;
    sequenceLoss?: Float32Array;
    input?: 'text' | 'rows';
  } = {},
): EvaluationSession {
  const S = states.sequences;
  return {
    id: 'states-only',
    checkpointPath: '/nowhere/best.safetensors',
    predictor: { encoder: { vocab: { unit: 'char' } } } as unknown as Predictor,
    batches: () => [],
    context: { task: 'classification' },
    states,
    tokens: options.tokens ?? ((s) => Array.from({ length: states.steps(s) }, () => 'a')),
    sequenceLoss: options.sequenceLoss ?? new Float32Array(S),
    actual: options.actual ?? new Int32Array(S).fill(-1),
    predicted: options.predicted ?? new Int32Array(S).fill(-1),
    summary: summaryOf(S, states.totalSteps, { loss: 0 }, [], options.labels, options.input ?? 'text'),
    gatesSample: (s) => s,
  };
}

function summaryOf(
  sequences: number,
  steps: number,
  metrics: EvaluationSummary['metrics'],
  layers: StateLayer[],
  labels: string[] | undefined,
  input: 'text' | 'rows',
): EvaluationSummary {
  return {
    sessionId: 'test',
    task: 'classification',
    modelName: 'best.safetensors · test',
    dataLabel: 'test data',
    architecture: 'test',
    sequences,
    steps,
    metrics,
    layers,
    input,
    ...(labels ? { labels } : {}),
    cache: { memoryBytes: 0, diskBytes: 0 },
    timings: { readMs: 0, passMs: 0 },
    notes: [],
  };
}

export const ALPHABET = ['<pad>', 'a', 'b', 'c', ' ', '.'];
export const LABELS = ['neg', 'neu', 'pos'];

export interface ClassifierFixture {
  session: EvaluationSession;
  model: LstmModel;
  batches: Batch[];
  /** Token ids and label of every sequence, in order. */
  sequences: Array<{ ids: number[]; label: number }>;
}

/** Adam epochs the fixture's classifier is trained for (a few: it learns most of its labels). */
const TRAINING_EPOCHS = 15;

/**
 * A character classifier (embedding 4, two layers of 8 units, 3 classes), seeded and trained briefly,
 * over `count` sequences of lengths 3…9, read in batches of 4 (padded); the report pass recorded here.
 */
export function classifierSession(overrides: Partial<ModelConfig> = {}, count = 22): ClassifierFixture {
  const config: Partial<ModelConfig> = {
    vocabSize: ALPHABET.length,
    embeddingDim: 4,
    hiddenSize: 8,
    numLayers: 2,
    outputSize: 3,
    headOn: 'last',
    loss: 'softmax-ce',
    init: 'pytorch',
    ...overrides,
  };
  const model = new LstmModel(config, 7);
  const sequences = Array.from({ length: count }, (_, s) => ({
    ids: Array.from({ length: 3 + ((s * 5) % 7) }, (_, t) => 1 + ((s * 3 + t * t + t) % 5)),
    label: 0,
  }));
  // The label is the last character's id mod 3: learnable, so the trained model's predictions vary.
  for (const sequence of sequences) sequence.label = sequence.ids[sequence.ids.length - 1] % 3;
  const batches: Batch[] = [];
  for (let from = 0; from < count; from += 4) {
    const rows = sequences.slice(from, from + 4);
    const T = Math.max(...rows.map((r) => r.ids.length));
    const tokens = new Int32Array(rows.length * T);
    rows.forEach((r, b) => tokens.set(r.ids, b * T));
    batches.push({
      batchSize: rows.length,
      steps: T,
      tokens,
      lengths: Int32Array.from(rows, (r) => r.ids.length),
      targets: Int32Array.from(rows, (r) => r.label),
    });
  }
  const optimizer = createOptimizer(model.parameters(), { kind: 'adam', lr: 0.03 });
  for (let epoch = 0; epoch < TRAINING_EPOCHS; epoch++) for (const batch of batches) trainStep(model, batch, optimizer);
  const c = model.config;
  const directions = c.bidirectional ? (['forward', 'backward'] as const) : (['forward'] as const);
  const signals = c.cell === 'gru' ? (['h'] as const) : (['h', 'c'] as const);
  const entries: Array<{ address: StateAddress; width: number; perSequence: Float32Array[] }> = [];
  for (let layer = 0; layer < c.numLayers; layer++)
    for (const direction of directions)
      for (const signal of signals)
        entries.push({
          address: { layer, direction, signal },
          width: signal === 'h' && c.projSize > 0 ? c.projSize : c.hiddenSize,
          perSequence: [],
        });
  const scorer = new SequenceScorer(c);
  for (const batch of batches) {
    const { output, recording } = model.forward(batch, { record: true });
    scorer.add(batch, output);
    for (const entry of entries) {
      const layerRecording = recording![entry.address.layer] as unknown as Record<string, unknown>;
      const cell = (c.bidirectional ? layerRecording[entry.address.direction] : layerRecording) as Record<
        string,
        Float32Array
      >;
      const values = cell[entry.address.signal]; // [B, T, width]
      const { width } = entry;
      for (let b = 0; b < batch.batchSize; b++) {
        const T = batch.lengths![b];
        entry.perSequence.push(values.slice(b * batch.steps * width, (b * batch.steps + T) * width));
      }
    }
  }
  const { loss: sequenceLoss, predicted } = scorer.results();
  const states = MemoryStates.of(
    entries,
    sequences.map((s) => s.ids.length),
  );
  const metrics = evaluate(model, batches, { task: 'classification' });
  const session: EvaluationSession = {
    id: 'classifier',
    checkpointPath: '/nowhere/best.safetensors',
    predictor: { model, metadata: { config: c }, encoder: { vocab: { unit: 'char' } } } as unknown as Predictor,
    batches: () => batches,
    context: { task: 'classification' },
    states,
    tokens: (s) => sequences[s].ids.map((id) => ALPHABET[id]),
    sequenceLoss,
    actual: Int32Array.from(sequences, (s) => s.label),
    predicted,
    summary: summaryOf(
      count,
      states.totalSteps,
      metrics,
      entries.map((e) => ({ ...e.address, width: e.width })),
      LABELS,
      'text',
    ),
    gatesSample: (s) => s,
  };
  return { session, model, batches, sequences };
}
