/**
 * One panel query of the Evaluate view, answered: each checked `EvaluatePanelToHost` query becomes the
 * matching `evaluate-*` request of the inference worker, and its answer the `HostToEvaluatePanel`
 * message the panel's tab waits for. Pure (no `vscode`), so tests drive it with a fake worker.
 */

import type { EvaluatePanelToHost, EvaluationProgress, HostToEvaluatePanel } from '../protocol/evaluate-view';
import type { InferenceClient } from '../worker/inference-client';

/** The panel's messages that ask the worker something about the open session. */
export type EvaluateQuery = Extract<
  EvaluatePanelToHost,
  { type: 'loss-page' | 'residuals' | 'match' | 'find-units' | 'catalogue' | 'project' | 'ablate' }
>;

const QUERY_TYPES: ReadonlySet<EvaluatePanelToHost['type']> = new Set([
  'loss-page',
  'residuals',
  'match',
  'find-units',
  'catalogue',
  'project',
  'ablate',
]);

export function isEvaluateQuery(message: EvaluatePanelToHost): message is EvaluateQuery {
  return QUERY_TYPES.has(message.type);
}

/** The request id a query's answer (or error) carries back; paging and residuals have none. */
export function queryRequestId(query: EvaluateQuery): number | null {
  return 'requestId' in query ? query.requestId : null;
}

export type EvaluateWorker = Pick<InferenceClient, 'request'>;

/** Asks the worker for `query` on session `sessionId`; progress of a long request goes to `onProgress`. */
export async function answerQuery(
  worker: EvaluateWorker,
  sessionId: string,
  query: EvaluateQuery,
  onProgress: (progress: EvaluationProgress) => void,
  signal: AbortSignal,
): Promise<HostToEvaluatePanel> {
  switch (query.type) {
    case 'loss-page': {
      const page = await worker.request(
        { kind: 'evaluate-loss-page', sessionId, start: query.start },
        undefined,
        signal,
      );
      return { type: 'loss-page', page };
    }
    case 'residuals': {
      const residuals = await worker.request({ kind: 'evaluate-residuals', sessionId }, undefined, signal);
      return { type: 'residuals', residuals };
    }
    case 'match': {
      const answer = await worker.request(
        { kind: 'evaluate-match', sessionId, query: query.query },
        onProgress,
        signal,
      );
      return { type: 'match-results', requestId: query.requestId, query: query.query, ...answer };
    }
    case 'find-units': {
      const answer = await worker.request(
        { kind: 'evaluate-units', sessionId, pattern: query.pattern, address: query.address },
        onProgress,
        signal,
      );
      return { type: 'unit-results', requestId: query.requestId, pattern: query.pattern, ...answer };
    }
    case 'catalogue': {
      const { entries } = await worker.request(
        { kind: 'evaluate-catalogue', sessionId, address: query.address },
        undefined,
        signal,
      );
      return { type: 'catalogue', requestId: query.requestId, address: query.address, entries };
    }
    case 'project': {
      const projection = await worker.request(
        { kind: 'evaluate-project', sessionId, query: query.query },
        onProgress,
        signal,
      );
      return { type: 'projection', requestId: query.requestId, query: query.query, projection };
    }
    case 'ablate': {
      const result = await worker.request(
        { kind: 'evaluate-ablate', sessionId, query: query.query },
        onProgress,
        signal,
      );
      return { type: 'ablation', requestId: query.requestId, result };
    }
  }
}
