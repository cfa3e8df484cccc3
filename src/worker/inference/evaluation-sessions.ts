/**
 * The inference worker's Evaluate sessions (protocol/evaluate-view.ts): one per (checkpoint, data) the
 * host opened, holding the loaded model, the evaluated batches and the cached states, so the Evaluate
 * view's searches, projections and ablations answer without reading or running the whole set again.
 * Only the most recent `MAX_SESSIONS` are kept (each can hold hundreds of MB of states); a dropped
 * session releases its memory and deletes its slices on disk.
 */

import * as l10n from '../../protocol/l10n';
import type { Batch } from '../../engine/batch';
import type { Predictor } from '../../inference/predictor';
import type { TokenJoiner } from '../../inference/sequence-spans';
import type { EvaluationContext } from '../../tasks/task-training';
import type { EvaluationSummary, ResidualSeries, StateAddress } from '../../protocol/evaluate-view';

/**
 * The states cached by the report pass: for every sequence s and every cached `StateAddress`, a
 * `[T_s, width]` matrix (step-major: unit j at step t at `t·width + j`), stored as float16 and read
 * back as float32.
 */
export interface CachedStates {
  readonly sequences: number;
  /** Units of an address (throws one line for an address not cached). */
  width(address: StateAddress): number;
  /** T_s: steps of sequence s. */
  steps(sequence: number): number;
  /** Sum of every sequence's steps. */
  readonly totalSteps: number;
  /** Sequence s's `[T_s, width]` states at `address`, into `out` (grown when too short); returns the filled view. */
  read(address: StateAddress, sequence: number, out?: Float32Array): Float32Array;
  /** Per-unit mean over every cached step (ablation's `mean` mode). */
  unitMeans(address: StateAddress): Float32Array;
  readonly memoryBytes: number;
  readonly diskBytes: number;
  /** Frees memory and deletes slices on disk. */
  dispose(): Promise<void>;
}

export interface EvaluationSession {
  id: string;
  checkpointPath: string;
  predictor: Predictor;
  /** The evaluated batches, in the same order every time (sequence s is the s-th row read). */
  batches(): Iterable<Batch>;
  /** How each batch was scored (task, target scales, report on). */
  context: EvaluationContext;
  states: CachedStates;
  /** Sequence s's input tokens as the model read them (for spans and contexts). */
  tokens(sequence: number): string[];
  /** Per sequence: the loss, the actual and predicted label index (classifiers; −1 otherwise). */
  sequenceLoss: Float32Array;
  actual: Int32Array;
  predicted: Int32Array;
  summary: EvaluationSummary;
  /** The Gates panel's validation-sample index of sequence s (null when the data is not the run's split). */
  gatesSample(sequence: number): number | null;
  /** Language models: every scored token's loss (nats) and the token predicted, in order (the loss pages). */
  scoredTokens?: { losses: Float32Array; token(index: number): string };
  /** Forecasters: the one-step-ahead residuals of every window, in order. */
  residuals?: ResidualSeries;
  /** Series models: sequence s's input columns in data units, `[T_s, columns]` (`summary.columns` order). */
  columnValues?(sequence: number): Float32Array;
}

/** How a session's tokens join into text: characters with nothing, words with a space, rows with a bar. */
export function joinerOf(session: EvaluationSession): TokenJoiner {
  const vocab = session.predictor.encoder.vocab;
  if (!vocab) return ' | ';
  return vocab.unit === 'word' ? ' ' : '';
}

/** Sessions kept at once; opening another drops the least recently used. */
export const MAX_SESSIONS = 2;

const sessions = new Map<string, EvaluationSession>();

/** Keeps a newly opened session, dropping (and disposing) the least recently used beyond `MAX_SESSIONS`. */
export async function keepSession(session: EvaluationSession): Promise<void> {
  sessions.delete(session.id);
  sessions.set(session.id, session);
  while (sessions.size > MAX_SESSIONS) {
    const [oldestId, oldest] = sessions.entries().next().value as [string, EvaluationSession];
    sessions.delete(oldestId);
    await oldest.states.dispose();
  }
}

/** The session of an id, marked as recently used; one line when it is gone. */
export function requireSession(sessionId: string): EvaluationSession {
  const session = sessions.get(sessionId);
  if (!session) throw new Error(l10n.t('this evaluation was closed (another one replaced it); open Evaluate again'));
  sessions.delete(sessionId);
  sessions.set(sessionId, session);
  return session;
}

/** Drops a session and deletes its slices; false when there was none. */
export async function closeSession(sessionId: string): Promise<boolean> {
  const session = sessions.get(sessionId);
  if (!session) return false;
  sessions.delete(sessionId);
  await session.states.dispose();
  return true;
}
