/**
 * The inference worker's prediction handlers, called as the worker calls them (with a context that
 * collects partials), on checkpoints written to a temp folder: a continuation streams its characters in
 * order and the chunks add up to the answer; a classification answers before its attribution; bad
 * selections and a checkpoint of another task get messages.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveModelCheckpoint } from '../../../src/train/model-checkpoint';
import type { Predictor } from '../../../src/inference/predictor';
import { continueText } from '../../../src/tasks/language-model/continue-text';
import { handlerFor, type HandlerContext } from '../../../src/worker/inference/handlers';
import { RequestCancelled } from '../../../src/worker/cancel-flags';
import '../../../src/worker/inference/predict';
import type {
  ClassificationAnswer,
  ContinuationAnswer,
  ContinuationChunk,
  ForecastAnswer,
  PredictionAnswer,
} from '../../../src/protocol/prediction-results';
import type { InferenceRequest } from '../../../src/protocol/inference-messages';
import { characterModel, forecaster, trainSignalClassifier } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'lstm-predict-test-'));
const paths = {
  classifier: join(dir, 'classifier.safetensors'),
  lm: join(dir, 'lm.safetensors'),
  forecaster: join(dir, 'forecaster.safetensors'),
};

async function save(path: string, predictor: Predictor) {
  await saveModelCheckpoint(path, predictor.model, { metadata: predictor.metadata });
}

async function run(request: InferenceRequest): Promise<{ result: PredictionAnswer; partials: unknown[] }> {
  const partials: unknown[] = [];
  const context: HandlerContext = { partial: (p) => partials.push(p), transfer: [], throwIfCancelled: () => {} };
  const result = (await handlerFor(request.kind)!(request, context)) as PredictionAnswer;
  return { result, partials };
}

beforeAll(async () => {
  await save(paths.classifier, trainSignalClassifier());
  await save(paths.lm, characterModel());
  await save(paths.forecaster, forecaster(4));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('continue', () => {
  it('streams every character in order: the chunks add up to the final text, the first comes at once', async () => {
    const { result, partials } = await run({
      kind: 'continue',
      checkpointPath: paths.lm,
      prompt: 'the fox and the ',
      length: 300,
      temperature: 1,
      topK: 0,
      seed: 3,
    });
    const answer = result as ContinuationAnswer;
    expect(answer.kind).toBe('continuation');
    expect(answer.text).toHaveLength(300);
    const chunks = partials as ContinuationChunk[];
    expect(chunks.length).toBeGreaterThanOrEqual(1);
    expect(chunks[0].steps).toHaveLength(1);
    expect(chunks[0].firstCharMs).toBeGreaterThanOrEqual(0);
    expect(chunks.flatMap((c) => c.steps.map((s) => s.char)).join('')).toBe(answer.text);
    for (const step of answer.steps) {
      expect(step.top).toHaveLength(5);
      expect(step.top[0].probability).toBeGreaterThanOrEqual(step.top[4].probability);
    }
  });

  it('a cancelled continuation stops at its next character: nothing generated after the cancel is sent', async () => {
    const partials: ContinuationChunk[] = [];
    let checks = 0;
    const context: HandlerContext = {
      partial: (p) => partials.push(p as ContinuationChunk),
      transfer: [],
      // The host cancels once the first chunk has arrived.
      throwIfCancelled: () => {
        checks++;
        if (partials.length > 0) throw new RequestCancelled();
      },
    };
    const request: InferenceRequest = {
      kind: 'continue',
      checkpointPath: paths.lm,
      prompt: 'the fox and the ',
      length: 100_000,
      temperature: 1,
      topK: 0,
      seed: 3,
    };
    await expect(Promise.resolve(handlerFor('continue')!(request, context))).rejects.toBeInstanceOf(RequestCancelled);
    expect(partials).toHaveLength(1);
    expect(partials[0].steps).toHaveLength(1);
    expect(checks).toBe(2); // before the first character and before the second
  });

  it('continueText calls onChar in generation order, the same text with the same seed, greedy is deterministic', () => {
    const lm = characterModel();
    const seen: string[] = [];
    const a = continueText(lm, 'once upon', { length: 50, seed: 9, onChar: (c) => seen.push(c) });
    expect(seen.join('')).toBe(a.text);
    expect(continueText(lm, 'once upon', { length: 50, seed: 9 }).text).toBe(a.text);
    expect(continueText(lm, 'once upon', { length: 50, seed: 10 }).text).not.toBe(a.text);
    const greedy = continueText(lm, 'once upon', { length: 20, temperature: 0 });
    expect(greedy.steps.every((s) => s.char === s.top[0].char)).toBe(true);
    const topK = continueText(lm, 'once upon', { length: 100, topK: 2, seed: 1 });
    expect(topK.steps.every((s) => s.top.slice(0, 2).some((t) => t.char === s.char))).toBe(true);
  });
});

describe('classify', () => {
  it('answers first (a partial without attribution), then adds the attribution', async () => {
    const { result, partials } = await run({
      kind: 'classify',
      checkpointPath: paths.classifier,
      text: 'word1 word2 Beta word3',
      attribution: 'integrated-gradients',
    });
    expect(partials).toHaveLength(1);
    const first = partials[0] as ClassificationAnswer;
    expect(first).toMatchObject({ kind: 'label', label: 'has beta', attribution: null, attributionPending: true });
    const answer = result as ClassificationAnswer;
    expect(answer.attributionPending).toBe(false);
    expect(answer.attribution!.method).toBe('integrated-gradients');
    expect(answer.tokens.map((t) => t.text)).toEqual(['word1', 'word2', 'Beta', 'word3']);
    expect(answer.tokens[2]).toMatchObject({ token: 'beta', start: 12, end: 16, known: true });
    const scores = answer.attribution!.scores;
    expect(scores.indexOf(Math.max(...scores))).toBe(2);
    expect(answer.reading).toHaveLength(4);
  });

  it('a checkpoint of another task and a selection without known words get messages', async () => {
    expect((await run({ kind: 'classify', checkpointPath: paths.forecaster, text: 'hello' })).result).toMatchObject({
      kind: 'problem',
      message: 'this checkpoint is a forecaster (trained on energy.csv), not a classifier',
    });
    expect((await run({ kind: 'classify', checkpointPath: paths.classifier, text: 'zebra' })).result).toMatchObject({
      kind: 'problem',
      message: expect.stringMatching(/^none of the 1 words/),
    });
  });
});

describe('forecast', () => {
  it('forecasts N values after the history, rolling forward with the other column held, and formats them for insertion', async () => {
    const text =
      'date,load,temperature\n' +
      Array.from({ length: 6 }, (_, k) => `2023-01-02T0${k}:00:00Z,${600 + k}.5,${k}.0`).join('\n');
    const { result } = await run({ kind: 'forecast', checkpointPath: paths.forecaster, text, horizon: 3 });
    const answer = result as ForecastAnswer;
    expect(answer).toMatchObject({
      kind: 'forecast',
      features: ['load', 'temperature'],
      targets: ['load'],
      windowRows: 4,
    });
    expect(answer.history).toHaveLength(6);
    expect(answer.values).toHaveLength(3);
    expect(
      answer.insertText
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0]),
    ).toEqual(['2023-01-02T06:00:00Z', '2023-01-02T07:00:00Z', '2023-01-02T08:00:00Z']);
    expect(answer.notices.map((n) => n.message)).toContain(
      'the model predicts 1 step of load; beyond that it rolls forward with temperature at 5 (held at the last value)',
    );
  });

  it('letters and a too-short selection get their messages', async () => {
    expect((await run({ kind: 'forecast', checkpointPath: paths.forecaster, text: 'abc def' })).result).toMatchObject({
      kind: 'problem',
      message: expect.stringMatching(/^'abc' is not a number/),
    });
    expect((await run({ kind: 'forecast', checkpointPath: paths.forecaster, text: '1, 2' })).result).toMatchObject({
      kind: 'problem',
      message: expect.stringMatching(/^too short for the model's window/),
    });
  });
});
