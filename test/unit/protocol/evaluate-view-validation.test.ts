/**
 * The Evaluate panel's messages as the host checks them: the shape (no path, bounded numbers, unit lists
 * without repeats, a regular expression that compiles), then the indices against the open session.
 */

import { describe, expect, it } from 'vitest';
import { validate } from '../../../src/protocol/message-validation';
import {
  evaluatePanelMessage,
  MAX_QUERY_UNITS,
  MAX_REGEX_LENGTH,
  sessionProblem,
  type SessionShape,
} from '../../../src/protocol/evaluate-view-validation';
import type { EvaluatePanelToHost } from '../../../src/protocol/evaluate-view';

const address = { layer: 0, direction: 'forward', signal: 'h' } as const;

const classifier: SessionShape = {
  task: 'classification',
  sequences: 10,
  steps: 400,
  input: 'text',
  labels: ['neg', 'pos'],
  layers: [
    { layer: 0, direction: 'forward', signal: 'h', width: 8 },
    { layer: 0, direction: 'forward', signal: 'c', width: 8 },
  ],
};

function checked(message: unknown): EvaluatePanelToHost {
  const result = validate(evaluatePanelMessage, message);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

describe('Evaluate panel messages: shape', () => {
  it('accepts every message the panel sends, copied field by field', () => {
    const messages: EvaluatePanelToHost[] = [
      { type: 'ready' },
      { type: 'loss-page', start: 4000 },
      { type: 'residuals' },
      { type: 'match', requestId: 3, query: { address, units: [1, 5], threshold: 0.3, topK: 20 } },
      {
        type: 'find-units',
        requestId: 4,
        pattern: { kind: 'regex', source: '"[^"]*"', ignoreCase: false },
        address: null,
      },
      { type: 'find-units', requestId: 5, pattern: { kind: 'position-in-line' }, address },
      { type: 'find-units', requestId: 6, pattern: { kind: 'column', column: 'load', op: '>=', value: -2.5 }, address },
      { type: 'catalogue', requestId: 7, address: { layer: 1, direction: 'backward', signal: 'c' } },
      { type: 'project', requestId: 8, query: { address, steps: 'every', method: 'umap' } },
      { type: 'project', requestId: 8, query: { address, steps: 'last', method: 'pca', colourUnit: 7 } },
      { type: 'ablate', requestId: 9, query: { address, units: [0], mode: 'mean' } },
      { type: 'open-in-gates', sequence: 3, step: 12 },
      { type: 'open-in-gates', sequence: 3 },
      { type: 'open-attribution', sequence: 0 },
      { type: 'choose-data' },
      { type: 'cancel' },
    ];
    for (const message of messages)
      expect(validate(evaluatePanelMessage, message)).toEqual({ ok: true, value: message });
  });

  it('refuses paths, unknown fields, bad numbers, repeated or too many units and broken or long regexes', () => {
    const match = (query: object) => ({
      type: 'match',
      requestId: 1,
      query: { address, units: [1], threshold: 0, topK: 5, ...query },
    });
    const refused: [unknown, string][] = [
      [{ type: 'choose-data', path: '/etc/passwd' }, "message: unexpected field 'path'"],
      [{ type: 'open-in-gates', sequence: -1 }, 'sequence: -1 outside 0…1000000000'],
      [{ type: 'open-in-gates', sequence: 1.5 }, 'sequence: expected an integer, got a number 1.5'],
      [match({ units: [] }), 'query.units: at least 1 items needed'],
      [match({ units: [2, 2] }), 'query.units: a unit is named twice'],
      [
        match({ units: Array.from({ length: MAX_QUERY_UNITS + 1 }, (_, k) => k) }),
        'query.units: 4097 items, at most 4096 allowed',
      ],
      [match({ threshold: Number.NaN }), 'query.threshold: expected a finite number, got a number NaN'],
      [match({ topK: 101 }), 'query.topK: 101 outside 1…100'],
      [match({ address: { ...address, signal: 'i' } }), 'query.address.signal: not a known value'],
      [match({ address: { ...address, direction: 'up' } }), 'query.address.direction: not a known value'],
      [
        { type: 'find-units', requestId: 1, pattern: { kind: 'regex', source: '(', ignoreCase: false }, address: null },
        'pattern.source: not a regular expression (Invalid regular expression: /(/u: Unterminated group)',
      ],
      [
        { type: 'find-units', requestId: 1, pattern: { kind: 'regex', source: '', ignoreCase: false }, address: null },
        'pattern.source: an empty regular expression matches everywhere',
      ],
      [
        {
          type: 'find-units',
          requestId: 1,
          pattern: { kind: 'regex', source: 'a'.repeat(MAX_REGEX_LENGTH + 1), ignoreCase: false },
          address: null,
        },
        'pattern.source: 501 characters, at most 500 allowed',
      ],
      [
        { type: 'find-units', requestId: 1, pattern: { kind: 'sql', query: 'x' }, address: null },
        "pattern.kind: unknown kind 'sql'",
      ],
      [
        { type: 'project', requestId: 1, query: { address, steps: 'all', method: 'pca' } },
        'query.steps: not a known value',
      ],
      [
        { type: 'project', requestId: 1, query: { address, steps: 'last', method: 'pca', colourUnit: -1 } },
        'query.colourUnit: -1 outside 0…1000000000',
      ],
      [
        { type: 'ablate', requestId: 1, query: { address, units: [1], mode: 'noise' } },
        'query.mode: not a known value',
      ],
      [{ type: 'delete-cache' }, "type: unknown type 'delete-cache'"],
    ];
    for (const [message, reason] of refused)
      expect(validate(evaluatePanelMessage, message)).toEqual({ ok: false, reason });
  });
});

describe('Evaluate panel messages: against the session', () => {
  it('lets through what the session has', () => {
    expect(sessionProblem(checked({ type: 'open-in-gates', sequence: 9 }), classifier)).toBeNull();
    expect(
      sessionProblem(
        checked({ type: 'ablate', requestId: 1, query: { address, units: [0, 7], mode: 'zero' } }),
        classifier,
      ),
    ).toBeNull();
    expect(
      sessionProblem(
        checked({ type: 'find-units', requestId: 1, pattern: { kind: 'label', label: 'pos' }, address: null }),
        classifier,
      ),
    ).toBeNull();
    expect(
      sessionProblem(
        checked({ type: 'project', requestId: 1, query: { address, steps: 'last', method: 'pca', colourUnit: 7 } }),
        classifier,
      ),
    ).toBeNull();
    expect(sessionProblem(checked({ type: 'ready' }), null)).toBeNull();
  });

  it('refuses indices past the session, layers it did not cache, labels and columns it has not', () => {
    const cases: [unknown, string][] = [
      [{ type: 'open-in-gates', sequence: 10 }, 'sequence 10 past the last (10 evaluated)'],
      [{ type: 'open-attribution', sequence: 11 }, 'sequence 11 past the last (10 evaluated)'],
      [{ type: 'ablate', requestId: 1, query: { address, units: [8], mode: 'zero' } }, "unit 8 past the layer's 8"],
      [
        { type: 'project', requestId: 1, query: { address, steps: 'every', method: 'pca', colourUnit: 8 } },
        "unit 8 past the layer's 8",
      ],
      [
        {
          type: 'project',
          requestId: 1,
          query: { address: { ...address, layer: 2 }, steps: 'every', method: 'pca', colourUnit: 0 },
        },
        'no cached h of layer 2 (forward)',
      ],
      [
        {
          type: 'match',
          requestId: 1,
          query: { address: { ...address, layer: 1 }, units: [0], threshold: 0, topK: 5 },
        },
        'no cached h of layer 1 (forward)',
      ],
      [
        { type: 'catalogue', requestId: 1, address: { ...address, direction: 'backward' } },
        'no cached h of layer 0 (backward)',
      ],
      [
        { type: 'find-units', requestId: 1, pattern: { kind: 'label', label: 'maybe' }, address: null },
        'not one of the classifier’s labels',
      ],
      [
        {
          type: 'find-units',
          requestId: 1,
          pattern: { kind: 'column', column: 'x', op: '>', value: 1 },
          address: null,
        },
        'not one of the model’s input columns',
      ],
      [{ type: 'loss-page', start: 0 }, 'loss pages are a language model’s'],
      [{ type: 'residuals' }, 'residuals are a forecaster’s'],
    ];
    for (const [message, reason] of cases) expect(sessionProblem(checked(message), classifier)).toBe(reason);
    expect(sessionProblem(checked({ type: 'open-in-gates', sequence: 0 }), null)).toBe('no evaluation is open yet');
  });

  it('bounds a loss page by the tokens scored, and a series model refuses a regex', () => {
    const languageModel: SessionShape = {
      ...classifier,
      task: 'language-model',
      report: { kind: 'language-model', tokens: 5000, meanLoss: 1, worstContexts: [], hardestTokens: [] },
    };
    expect(sessionProblem(checked({ type: 'loss-page', start: 4000 }), languageModel)).toBeNull();
    expect(sessionProblem(checked({ type: 'loss-page', start: 5000 }), languageModel)).toBe(
      'start 5000 past the last token',
    );
    const series: SessionShape = { ...classifier, input: 'rows', columns: ['load'] };
    expect(
      sessionProblem(
        checked({
          type: 'find-units',
          requestId: 1,
          pattern: { kind: 'regex', source: 'a', ignoreCase: true },
          address: null,
        }),
        series,
      ),
    ).toBe('a series model is searched by a condition on a column');
  });
});
