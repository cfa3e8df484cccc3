/**
 * The host's check of every message from the Gates panel (types in `gates-panel.ts`). A `record`
 * input is a text, rows or a validation sample's index — a `datasetPath` or any other field is refused.
 */

import type { GatesPanelInput, GatesPanelToHost } from './gates-panel';
import {
  array,
  byType,
  finiteNumber,
  integer,
  oneOf,
  optional,
  reject,
  string,
  type Validator,
} from './message-validation';
import { fileName, MAX_EXPORT_LENGTH, MAX_REQUEST_ID } from './panel-message-limits';
import { matchQuery } from './evaluate-view-validation';

/** A typed or pasted text (the worker records at most its last 2000 steps). */
export const MAX_GATES_TEXT_LENGTH = 1024 * 1024;
/** Typed rows, and numbers in all (what a pasted table of a forecasting run may reasonably hold). */
export const MAX_GATES_ROWS = 100_000;
export const MAX_GATES_CELLS = 2_000_000;
/** A series id the panel may name (ids come from a column of the training data, or a wide table's header). */
export const MAX_GATES_SERIES_ID_LENGTH = 1024;

const rowValues = array(array(finiteNumber({ min: -Number.MAX_VALUE, max: Number.MAX_VALUE }), { maxLength: 10_000 }), {
  maxLength: MAX_GATES_ROWS,
});

const rows: Validator<number[][]> = (value, where) => {
  // Count the cells before copying them: a hostile message must not make the host copy 10⁸ numbers.
  if (Array.isArray(value)) {
    let cells = 0;
    for (const row of value.slice(0, MAX_GATES_ROWS)) cells += Array.isArray(row) ? row.length : 0;
    if (cells > MAX_GATES_CELLS) return reject(where, `${cells} numbers, at most ${MAX_GATES_CELLS} allowed`);
  }
  return rowValues(value, where);
};

export const gatesPanelInput: Validator<GatesPanelInput> = byType({
  text: { text: string({ maxLength: MAX_GATES_TEXT_LENGTH }) },
  rows: { values: rows },
  // The panel steps back from 0 to −1 and jumps to random indexes; the worker wraps them around.
  'validation-sample': {
    index: integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    search: optional(string({ maxLength: 1000 })),
    series: optional(string({ maxLength: MAX_GATES_SERIES_ID_LENGTH })),
  },
});

export const gatesPanelMessage: Validator<GatesPanelToHost> = byType({
  ready: {},
  record: { input: gatesPanelInput },
  save: {
    requestId: integer({ min: 0, max: MAX_REQUEST_ID }),
    kind: oneOf(['csv', 'png']),
    suggestedName: fileName,
    data: string({ maxLength: MAX_EXPORT_LENGTH }),
  },
  'choose-model': {},
  'search-data-set': { query: matchQuery },
});

/**
 * The step a recording may focus: `step` when it is one of the recording's `steps` (a span of a longer
 * sequence than the recording keeps, MAX_RECORDED_STEPS, falls past it and is not focused).
 */
export function focusStepWithin(step: number | undefined, steps: number): number | undefined {
  return step !== undefined && Number.isInteger(step) && step >= 0 && step < steps ? step : undefined;
}
