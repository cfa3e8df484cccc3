/**
 * The inference protocol's types: each request kind's answer and partials come from `InferenceApi`, so a
 * caller of `InferenceClient.request` and a worker handler get them without naming them. Checked by
 * `npm run typecheck` (expectTypeOf is a no-op at run time) — a kind whose answer drifts fails there.
 */

import { describe, expectTypeOf, it } from 'vitest';
import type {
  CheckpointFileOverview,
  TensorStatsProgress,
  TensorStatsResult,
} from '../../../src/protocol/checkpoint-editor';
import type { GateRecording } from '../../../src/protocol/gate-recording';
import type {
  InferenceAnswer,
  InferencePartial,
  InferenceRequest,
  InferenceRequestOf,
  LoadedModelDescription,
} from '../../../src/protocol/inference-messages';
import type {
  ClassificationAnswer,
  ContinuationAnswer,
  ContinuationChunk,
  ProblemAnswer,
} from '../../../src/protocol/prediction-results';
import type { InferenceClient } from '../../../src/worker/inference-client';
import type { HandlerContext, InferenceHandler } from '../../../src/worker/inference/handlers';

describe('InferenceApi', () => {
  it('request() returns the answer of the request kind', () => {
    // Never called: only their types are looked at.
    const load = (client: InferenceClient) => client.request({ kind: 'load', checkpointPath: 'model.safetensors' });
    const record = (client: InferenceClient) =>
      client.request({
        kind: 'record-gates',
        checkpointPath: 'model.safetensors',
        input: { type: 'text', text: 'hello' },
      });
    expectTypeOf(load).returns.toEqualTypeOf<Promise<LoadedModelDescription>>();
    expectTypeOf(record).returns.toEqualTypeOf<Promise<GateRecording>>();
  });

  it('streaming kinds name their partials; the others stream nothing', () => {
    expectTypeOf<InferencePartial<'continue'>>().toEqualTypeOf<ContinuationChunk>();
    expectTypeOf<InferencePartial<'classify'>>().toEqualTypeOf<ClassificationAnswer>();
    expectTypeOf<InferencePartial<'tensor-stats'>>().toEqualTypeOf<TensorStatsProgress>();
    expectTypeOf<InferencePartial<'load'>>().toBeNever();
    expectTypeOf<InferenceAnswer<'continue'>>().toEqualTypeOf<ContinuationAnswer | ProblemAnswer>();
    expectTypeOf<InferenceAnswer<'tensor-stats'>>().toEqualTypeOf<TensorStatsResult>();
    expectTypeOf<InferencePartial<'checkpoint-overview'>>().toBeNever();
    expectTypeOf<InferenceAnswer<'checkpoint-overview'>>().toEqualTypeOf<CheckpointFileOverview>();
  });

  it('a handler receives its own kind of request and context', () => {
    expectTypeOf<Parameters<InferenceHandler<'continue'>>[0]>().toEqualTypeOf<InferenceRequestOf<'continue'>>();
    expectTypeOf<Parameters<HandlerContext<'continue'>['partial']>[0]>().toEqualTypeOf<ContinuationChunk>();
    expectTypeOf<InferenceRequestOf<'forecast'>>().toExtend<InferenceRequest>();
  });
});
