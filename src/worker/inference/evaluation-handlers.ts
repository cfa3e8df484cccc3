/**
 * The inference worker's Evaluate handlers (protocol/evaluate-view.ts): `evaluate-open` (evaluation-open.ts)
 * and the queries on an open session — loss pages, residuals, one sequence, the match search, the unit
 * search and catalogue, closing. The searches themselves are pure (src/inference/match-search.ts,
 * unit-search.ts, pattern-signals.ts); here they meet the session's tokens and labels. Every request's
 * numbers are checked against the session here, where they enter (the host has checked their types).
 */

import * as l10n from '../../protocol/l10n';
import {
  CATALOGUE_CONTEXTS,
  LOSS_PAGE_TOKENS,
  MAX_RESULTS,
  type InputPattern,
  type StateAddress,
  type UnitScore,
} from '../../protocol/evaluate-view';
import { matchSearch } from '../../inference/match-search';
import {
  columnStepSignal,
  compileBoundedRegex,
  MatchBudget,
  positionStepSignal,
  regexStepSignal,
} from '../../inference/pattern-signals';
import { spanOf } from '../../inference/sequence-spans';
import {
  ConstantPattern,
  rankUnits,
  unitCatalogue,
  type StepRange,
  type StepSignal,
} from '../../inference/unit-search';
import { closeSession, joinerOf, keepSession, requireSession, type EvaluationSession } from './evaluation-sessions';
import { openEvaluation } from './evaluation-open';
import { registerHandler } from './handlers';
import { predictorFor } from './model-cache';

/** Partials of a search at most this often. */
const PROGRESS_INTERVAL_MS = 100;

registerHandler('evaluate-open', async ({ checkpointPath, data, cacheDir }, context) => {
  const predictor = await predictorFor(checkpointPath);
  const session = await openEvaluation(checkpointPath, predictor, data, cacheDir, {
    progress: (progress) => context.partial(progress),
    throwIfCancelled: () => context.throwIfCancelled(),
  });
  await keepSession(session);
  return session.summary;
});

registerHandler('evaluate-loss-page', ({ sessionId, start }) => {
  const session = requireSession(sessionId);
  const scored = session.scoredTokens;
  if (!scored) throw new Error(l10n.t('per-token loss is kept for language models only'));
  const total = scored.losses.length;
  if (!Number.isInteger(start) || start < 0 || (start >= total && total > 0))
    throw new Error(l10n.t('a loss page starts at a scored token, 0 … {0}; got {1}', Math.max(0, total - 1), start));
  const end = Math.min(total, start + LOSS_PAGE_TOKENS);
  const tokens: string[] = [];
  for (let k = start; k < end; k++) tokens.push(scored.token(k));
  return { start, total, tokens, losses: scored.losses.slice(start, end) };
});

registerHandler('evaluate-residuals', ({ sessionId }) => {
  const session = requireSession(sessionId);
  if (!session.residuals) throw new Error(l10n.t('residuals over time are kept for forecasters only'));
  return session.residuals;
});

registerHandler('evaluate-sequence', ({ sessionId, sequence }) => {
  const session = requireSession(sessionId);
  checkSequence(session, sequence);
  return { text: session.tokens(sequence).join(joinerOf(session)), gatesSample: session.gatesSample(sequence) };
});

registerHandler('evaluate-close', async ({ sessionId }) => ({ closed: await closeSession(sessionId) }));

registerHandler('evaluate-match', ({ sessionId, query }, context) => {
  const session = requireSession(sessionId);
  const started = performance.now();
  const total = session.states.sequences;
  const progress = throttled((done) => context.partial({ stage: 'searching', done, total }));
  const spans = matchSearch(session.states, query, (done) => {
    context.throwIfCancelled();
    progress(done);
  });
  const joiner = joinerOf(session);
  const results = spans.map(({ sequence, start, end, score }) => ({
    ...spanOf(session.tokens(sequence), joiner, sequence, start, end),
    score,
  }));
  return { results, ms: performance.now() - started };
});

registerHandler('evaluate-units', ({ sessionId, pattern, address }, context) => {
  const session = requireSession(sessionId);
  const started = performance.now();
  const addresses = address ? [checkedAddress(session, address)] : session.summary.layers.map(addressOf);
  const signal = stepSignalOf(session, pattern);
  const total = addresses.length * session.states.sequences;
  const progress = throttled((done) => context.partial({ stage: 'searching', done, total }));
  const ranked = withPatternWords(session, pattern, () =>
    rankUnits(session.states, addresses, signal, MAX_RESULTS, (done) => {
      context.throwIfCancelled();
      progress(done);
    }),
  );
  const results: UnitScore[] = ranked.map(({ address, unit, correlation, example }) => ({
    address,
    unit,
    correlation,
    example: spanOfRange(session, example),
  }));
  return { results, ms: performance.now() - started };
});

registerHandler('evaluate-catalogue', ({ sessionId, address }, context) => {
  const session = requireSession(sessionId);
  const checked = checkedAddress(session, address);
  const units = unitCatalogue(session.states, checked, CATALOGUE_CONTEXTS, () => context.throwIfCancelled());
  return {
    entries: units.map(({ unit, mean, max, top }) => ({
      address: checked,
      unit,
      mean,
      max,
      top: top.map((range) => spanOfRange(session, range)),
    })),
  };
});

/** Runs a ranking, wording a pattern that never varies for its kind (what to try instead). */
function withPatternWords<T>(session: EvaluationSession, pattern: InputPattern, rank: () => T): T {
  try {
    return rank();
  } catch (error) {
    if (!(error instanceof ConstantPattern)) throw error;
    if (pattern.kind === 'regex') {
      const words = session.predictor.encoder.vocab?.unit === 'word';
      throw new Error(
        words
          ? l10n.t(
              '/{0}/ matches every step or none: this model reads words (lower-cased, without punctuation), so match whole words',
              pattern.source,
            )
          : l10n.t('/{0}/ matches every step of the evaluated text or none of it', pattern.source),
      );
    }
    if (pattern.kind === 'label')
      throw new Error(l10n.t("every evaluated sequence is '{0}' or none is", pattern.label));
    if (pattern.kind === 'column')
      throw new Error(l10n.t("'{0}' meets the condition at every step or at none", pattern.column));
    throw new Error(error.message);
  }
}

/** The pattern as a per-step signal over the session's sequences; one line when it cannot apply. */
function stepSignalOf(session: EvaluationSession, pattern: InputPattern): StepSignal {
  const joiner = joinerOf(session);
  const { summary } = session;
  switch (pattern.kind) {
    case 'regex': {
      if (summary.input !== 'text') throw new Error(l10n.t('a regular expression needs a model that reads text'));
      const compiled = compileBoundedRegex(pattern.source, pattern.ignoreCase);
      if (!compiled.ok) throw new Error(compiled.message);
      const budget = new MatchBudget();
      return (sequence) => regexStepSignal(session.tokens(sequence), joiner, compiled.regex, budget);
    }
    case 'position-in-line':
      if (summary.input !== 'text') throw new Error(l10n.t('position in line needs a model that reads text'));
      return (sequence) => positionStepSignal(session.tokens(sequence), joiner);
    case 'label': {
      const index = summary.labels?.indexOf(pattern.label) ?? -1;
      if (index < 0) throw new Error(l10n.t("'{0}' is not one of the model's labels", pattern.label));
      return (sequence, steps) => new Float32Array(steps).fill(session.actual[sequence] === index ? 1 : 0);
    }
    case 'column': {
      const columns = summary.columns ?? [];
      const column = columns.indexOf(pattern.column);
      if (column < 0 || !session.columnValues)
        throw new Error(l10n.t("'{0}' is not an input column of the model", pattern.column));
      if (!Number.isFinite(pattern.value)) throw new Error(l10n.t('the condition needs a number'));
      const values = session.columnValues;
      return (sequence) => columnStepSignal(values(sequence), columns.length, column, pattern.op, pattern.value);
    }
  }
}

function spanOfRange(session: EvaluationSession, { sequence, start, end }: StepRange) {
  return spanOf(session.tokens(sequence), joinerOf(session), sequence, start, end);
}

function addressOf({ layer, direction, signal }: StateAddress): StateAddress {
  return { layer, direction, signal };
}

function checkedAddress(session: EvaluationSession, address: StateAddress): StateAddress {
  const found = session.summary.layers.find(
    (l) => l.layer === address.layer && l.direction === address.direction && l.signal === address.signal,
  );
  if (!found)
    throw new Error(
      l10n.t('no states are cached for layer {0} ({1}) {2}', address.layer + 1, address.direction, address.signal),
    );
  return addressOf(found);
}

function checkSequence(session: EvaluationSession, sequence: number): void {
  if (!Number.isInteger(sequence) || sequence < 0 || sequence >= session.summary.sequences)
    throw new Error(l10n.t('there is no sequence {0} (0 … {1})', sequence, session.summary.sequences - 1));
}

function throttled(send: (done: number) => void): (done: number) => void {
  let last = 0;
  return (done) => {
    const now = performance.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    send(done);
  };
}
