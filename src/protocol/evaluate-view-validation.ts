/**
 * The host's check of every message from the Evaluate panel (types in `evaluate-view.ts`), in two steps:
 * `evaluatePanelMessage` checks the shape and bounds any message can be checked against (no path, no
 * unknown field, bounded numbers, unit lists and regular expressions); `sessionProblem` then checks the
 * indices against the session the panel shows (a sequence, a layer, a unit, a label or a column the
 * session has). Only a message that passes both reaches the inference worker.
 */

import type {
  AblationQuery,
  EvaluatePanelToHost,
  EvaluationSummary,
  InputPattern,
  MatchQuery,
  ProjectionQuery,
  StateAddress,
} from './evaluate-view';
import { MAX_RESULTS } from './evaluate-view';
import {
  array,
  boolean,
  byType,
  finiteNumber,
  integer,
  object,
  oneOf,
  optional,
  printable,
  reject,
  string,
  type Validator,
} from './message-validation';
import { MAX_REQUEST_ID } from './panel-message-limits';

/** A regular expression's source: long enough for any pattern a person types, short enough to compile at once. */
export const MAX_REGEX_LENGTH = 500;
/** Units one query may name (a layer is at most this wide in any model the studio builds). */
export const MAX_QUERY_UNITS = 4096;
/** Layers, sequences and steps are counted far below this; the session check bounds them exactly. */
const MAX_INDEX = 1_000_000_000;
/** A column name of a series model, or a label of a classifier. */
export const MAX_NAME_LENGTH = 1024;
/** Activations (h in −1 … 1, c unbounded but in practice within a few tens) and column thresholds. */
const MAX_MAGNITUDE = 1e12;

const requestId = integer({ min: 0, max: MAX_REQUEST_ID });
const index = integer({ min: 0, max: MAX_INDEX });

export const stateAddress: Validator<StateAddress> = object({
  layer: index,
  direction: oneOf(['forward', 'backward']),
  signal: oneOf(['h', 'c']),
});

/** Unit indices, each at most once (a repeated unit would weigh double in a match or an ablation). */
const units: Validator<number[]> = (value, where) => {
  const list = array(index, { minLength: 1, maxLength: MAX_QUERY_UNITS })(value, where);
  if (new Set(list).size !== list.length) reject(where, 'a unit is named twice');
  return list;
};

export const matchQuery: Validator<MatchQuery> = object({
  address: stateAddress,
  units,
  threshold: finiteNumber({ min: -MAX_MAGNITUDE, max: MAX_MAGNITUDE }),
  topK: integer({ min: 1, max: MAX_RESULTS }),
});

/** A regular expression the worker can compile with the `u` flag (checked here so the panel hears why at once). */
const regexSource: Validator<string> = (value, where) => {
  const source = string({ maxLength: MAX_REGEX_LENGTH })(value, where);
  if (source.length === 0) reject(where, 'an empty regular expression matches everywhere');
  try {
    new RegExp(source, 'u');
  } catch (error) {
    reject(where, `not a regular expression (${(error as Error).message})`);
  }
  return source;
};

const name = string({ maxLength: MAX_NAME_LENGTH });

/** A pattern is discriminated by `kind` (byType keys on `type`): each kind's exact fields. */
const patternKinds: { [K in InputPattern['kind']]: Validator<Extract<InputPattern, { kind: K }>> } = {
  regex: object({ kind: oneOf(['regex']), source: regexSource, ignoreCase: boolean() }),
  'position-in-line': object({ kind: oneOf(['position-in-line']) }),
  label: object({ kind: oneOf(['label']), label: name }),
  column: object({
    kind: oneOf(['column']),
    column: name,
    op: oneOf(['>', '<', '>=', '<=']),
    value: finiteNumber({ min: -MAX_MAGNITUDE, max: MAX_MAGNITUDE }),
  }),
};

export const inputPattern: Validator<InputPattern> = (value, where) => {
  const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
  if (typeof kind !== 'string' || !Object.hasOwn(patternKinds, kind))
    return reject(`${where}.kind`, typeof kind === 'string' ? `unknown kind '${printable(kind)}'` : 'expected a kind');
  return patternKinds[kind as InputPattern['kind']](value, where);
};

const projectionQuery: Validator<ProjectionQuery> = object({
  address: stateAddress,
  steps: oneOf(['last', 'every']),
  method: oneOf(['pca', 'umap']),
  colourUnit: optional(index),
});

const ablationQuery: Validator<AblationQuery> = object({
  address: stateAddress,
  units,
  mode: oneOf(['zero', 'mean']),
});

/** `null` or an address (find units over every cached signal, or one). */
const addressOrNull: Validator<StateAddress | null> = (value, where) =>
  value === null ? null : stateAddress(value, where);

export const evaluatePanelMessage: Validator<EvaluatePanelToHost> = byType({
  ready: {},
  'loss-page': { start: index },
  residuals: {},
  match: { requestId, query: matchQuery },
  'find-units': { requestId, pattern: inputPattern, address: addressOrNull },
  catalogue: { requestId, address: stateAddress },
  project: { requestId, query: projectionQuery },
  ablate: { requestId, query: ablationQuery },
  'open-in-gates': { sequence: index, step: optional(index) },
  'open-attribution': { sequence: index },
  'choose-data': {},
  cancel: {},
});

/** The session a message is checked against: what its summary says it has. */
export type SessionShape = Pick<EvaluationSummary, 'task' | 'sequences' | 'steps' | 'layers' | 'input'> &
  Partial<Pick<EvaluationSummary, 'labels' | 'columns' | 'report'>>;

/**
 * Why a checked message does not fit the session (a sequence past the last, a unit past the layer's
 * width, a label the classifier has not), or null when it fits. A message that needs a session while
 * none is open is refused too.
 */
export function sessionProblem(message: EvaluatePanelToHost, session: SessionShape | null): string | null {
  if (message.type === 'ready' || message.type === 'choose-data' || message.type === 'cancel') return null;
  if (!session) return 'no evaluation is open yet';
  switch (message.type) {
    case 'loss-page':
      if (session.report?.kind !== 'language-model') return 'loss pages are a language model’s';
      return message.start < Math.max(1, session.report.tokens) ? null : `start ${message.start} past the last token`;
    case 'residuals':
      return session.report?.kind === 'forecaster' ? null : 'residuals are a forecaster’s';
    case 'match':
      return unitsProblem(session, message.query.address, message.query.units);
    case 'find-units':
      return (
        (message.address ? addressProblem(session, message.address) : null) ?? patternProblem(session, message.pattern)
      );
    case 'catalogue':
      return addressProblem(session, message.address);
    case 'project': {
      const { address, colourUnit } = message.query;
      return colourUnit === undefined ? addressProblem(session, address) : unitsProblem(session, address, [colourUnit]);
    }
    case 'ablate':
      return unitsProblem(session, message.query.address, message.query.units);
    case 'open-in-gates':
    case 'open-attribution':
      return message.sequence < session.sequences
        ? null
        : `sequence ${message.sequence} past the last (${session.sequences} evaluated)`;
  }
}

function addressProblem(session: SessionShape, address: StateAddress): string | null {
  return session.layers.some(
    (l) => l.layer === address.layer && l.direction === address.direction && l.signal === address.signal,
  )
    ? null
    : `no cached ${address.signal} of layer ${address.layer} (${address.direction})`;
}

function unitsProblem(session: SessionShape, address: StateAddress, unitList: readonly number[]): string | null {
  const layer = session.layers.find(
    (l) => l.layer === address.layer && l.direction === address.direction && l.signal === address.signal,
  );
  if (!layer) return addressProblem(session, address);
  const past = unitList.find((u) => u >= layer.width);
  return past === undefined ? null : `unit ${past} past the layer's ${layer.width}`;
}

function patternProblem(session: SessionShape, pattern: InputPattern): string | null {
  switch (pattern.kind) {
    case 'regex':
    case 'position-in-line':
      return session.input === 'text' ? null : 'a series model is searched by a condition on a column';
    case 'label':
      return session.labels?.includes(pattern.label) ? null : 'not one of the classifier’s labels';
    case 'column':
      return session.columns?.includes(pattern.column) ? null : 'not one of the model’s input columns';
  }
}
