/**
 * The Evaluate host answers each panel query with the matching `evaluate-*` worker request, on the open
 * session, and sends back the message the tab waits for (its request id, its query), progress streamed.
 */

import { describe, expect, it } from 'vitest';
import {
  answerQuery,
  isEvaluateQuery,
  queryRequestId,
  type EvaluateWorker,
} from '../../../src/extension/evaluate-requests';
import type { EvaluateQuery } from '../../../src/extension/evaluate-requests';
import type { EvaluationProgress } from '../../../src/protocol/evaluate-view';

const address = { layer: 0, direction: 'forward', signal: 'h' } as const;

/** A worker that records each request and answers by kind, streaming one progress first. */
function fakeWorker(answers: Record<string, unknown>) {
  const asked: Array<{ kind: string; [field: string]: unknown }> = [];
  const worker: EvaluateWorker = {
    request: ((request: { kind: string }, onPartial?: (p: EvaluationProgress) => void) => {
      asked.push(request);
      onPartial?.({ stage: 'searching', done: 1, total: 2 });
      if (!(request.kind in answers)) return Promise.reject(new Error(`no answer for ${request.kind}`));
      return Promise.resolve(answers[request.kind]);
    }) as EvaluateWorker['request'],
  };
  return { worker, asked };
}

describe('answerQuery', () => {
  it('asks the matching kind with the session id and answers with the tab’s message', async () => {
    const metrics = { loss: 0.5, accuracy: 0.8 };
    const page = { start: 0, total: 2, tokens: ['a', 'b'], losses: new Float32Array([1, 2]) };
    const { worker, asked } = fakeWorker({
      'evaluate-loss-page': page,
      'evaluate-match': { results: [], ms: 3 },
      'evaluate-units': { results: [], ms: 4 },
      'evaluate-catalogue': { entries: [] },
      'evaluate-project': { method: 'pca', points: new Float32Array(0), sampledFrom: 0, ms: 1 },
      'evaluate-ablate': {
        query: { address, units: [1], mode: 'zero' },
        before: metrics,
        after: metrics,
        changed: [],
        changedCount: 0,
        ms: 9,
      },
      'evaluate-residuals': { targets: [], rowLabels: [], residuals: new Float32Array(0) },
    });
    const progress: EvaluationProgress[] = [];
    const signal = new AbortController().signal;
    const ask = (query: EvaluateQuery) => answerQuery(worker, 's1', query, (p) => progress.push(p), signal);

    expect(await ask({ type: 'loss-page', start: 0 })).toEqual({ type: 'loss-page', page });
    const match = { address, units: [2], threshold: 0.3, topK: 10 };
    expect(await ask({ type: 'match', requestId: 7, query: match })).toEqual({
      type: 'match-results',
      requestId: 7,
      query: match,
      results: [],
      ms: 3,
    });
    const pattern = { kind: 'regex', source: '\\d', ignoreCase: false } as const;
    expect(await ask({ type: 'find-units', requestId: 8, pattern, address: null })).toEqual({
      type: 'unit-results',
      requestId: 8,
      pattern,
      results: [],
      ms: 4,
    });
    expect(await ask({ type: 'catalogue', requestId: 9, address })).toMatchObject({
      type: 'catalogue',
      requestId: 9,
      address,
    });
    expect(
      await ask({ type: 'project', requestId: 10, query: { address, steps: 'last', method: 'pca' } }),
    ).toMatchObject({
      type: 'projection',
      requestId: 10,
    });
    expect(await ask({ type: 'ablate', requestId: 11, query: { address, units: [1], mode: 'zero' } })).toMatchObject({
      type: 'ablation',
      requestId: 11,
      result: { changedCount: 0 },
    });
    expect(await ask({ type: 'residuals' })).toMatchObject({ type: 'residuals' });

    expect(asked.map((r) => r.kind)).toEqual([
      'evaluate-loss-page',
      'evaluate-match',
      'evaluate-units',
      'evaluate-catalogue',
      'evaluate-project',
      'evaluate-ablate',
      'evaluate-residuals',
    ]);
    expect(asked.every((r) => r.sessionId === 's1')).toBe(true);
    expect(asked[2]).toEqual({ kind: 'evaluate-units', sessionId: 's1', pattern, address: null });
    // Progress is streamed for the long requests only (match, units, project, ablate).
    expect(progress).toHaveLength(4);
  });

  it('passes a worker failure on to the caller, and tells queries from the other messages', async () => {
    const { worker } = fakeWorker({});
    await expect(
      answerQuery(worker, 's1', { type: 'catalogue', requestId: 1, address }, () => {}, new AbortController().signal),
    ).rejects.toThrow('no answer for evaluate-catalogue');
    expect(isEvaluateQuery({ type: 'open-in-gates', sequence: 1 })).toBe(false);
    expect(isEvaluateQuery({ type: 'residuals' })).toBe(true);
    expect(queryRequestId({ type: 'residuals' })).toBeNull();
    expect(queryRequestId({ type: 'ablate', requestId: 4, query: { address, units: [0], mode: 'mean' } })).toBe(4);
  });
});
