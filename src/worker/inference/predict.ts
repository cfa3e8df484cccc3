/**
 * `classify`, `continue`, `forecast`: prediction on a selection, in the inference worker. Each checks the
 * selection against the model first (prepare-selection.ts) and answers a `problem` that says why when
 * the model cannot use it. A classification sends its answer as a partial before computing the
 * attribution (the final answer adds it). A continuation streams its characters as `ContinuationChunk` partials: the
 * first one at once, then at most one chunk every 30 ms, so the host and the panel are not flooded.
 */

import { attributeTokens, explainClassification } from '../../inference/explain-classification';
import { formatForecastForInsertion } from '../../inference/numeric-selection';
import { continueText, forecast, type Predictor } from '../../inference/predictor';
import { prepareSelection, type PreparedSelection } from '../../inference/prepare-selection';
import type { Task } from '../../data/detect';
import { UNK_ID } from '../../data/vocabulary';
import type {
  ClassificationAnswer,
  ContinuationChunk,
  ContinuationStep,
  PredictionNotice,
  ProblemAnswer,
} from '../../protocol/prediction-results';
import { registerHandler } from './handlers';
import { predictorFor } from './model-cache';

const CHUNK_INTERVAL_MS = 30;

registerHandler('classify', async ({ checkpointPath, text, attribution }, context) => {
  const predictor = await predictorFor(checkpointPath);
  const prepared = prepare(predictor, text, 'classification');
  if ('kind' in prepared) return prepared;
  const started = performance.now();
  const result = explainClassification(predictor, text, { attribution: 'none' });
  const method = attribution ?? 'integrated-gradients';
  const notices = [...prepared.notices];
  const answer: ClassificationAnswer = {
    kind: 'classification',
    label: result.label,
    classId: result.classId,
    probabilities: result.probabilities,
    tokens: result.tokens.map(({ text, token, start, end, id }) => ({ text, token, start, end, known: id !== UNK_ID })),
    attribution: null,
    attributionPending: method !== 'none',
    reading: result.reading,
    notices,
    computeMs: performance.now() - started,
  };
  if (method === 'none') return answer;
  // The answer first (a partial), the attribution after: on a long text it costs more than the rest.
  context.partial(answer);
  context.throwIfCancelled();
  const ids = Int32Array.from(result.tokens, (t) => t.id);
  const attributed = attributeTokens(predictor.model, ids, result.classId, method);
  if (method === 'occlusion' && attributed.method !== 'occlusion') {
    notices.push({ level: 'info', message: `occlusion reads the text once per token; for ${ids.length} tokens the attribution is integrated gradients` });
  }
  return { ...answer, attribution: attributed, attributionPending: false, notices, attributionMs: performance.now() - started - answer.computeMs };
});

registerHandler('continue', async ({ checkpointPath, prompt, length, temperature, topK, seed }, context) => {
  const started = performance.now();
  const predictor = await predictorFor(checkpointPath);
  const prepared = prepare(predictor, prompt, 'language-model');
  if ('kind' in prepared) return prepared;
  let pending: ContinuationStep[] = [];
  let lastFlush = 0;
  let firstCharMs = -1;
  const flush = (chunk: ContinuationChunk) => {
    context.partial(chunk);
    pending = [];
    lastFlush = performance.now();
  };
  const result = continueText(predictor, prepared.prompt, {
    length: Math.max(0, Math.min(length, 100_000)),
    temperature,
    topK,
    seed,
    onChar: (char, top) => {
      // A continuation stopped (or superseded by another prediction) ends here, between two characters.
      context.throwIfCancelled();
      pending.push({ char, top });
      const now = performance.now();
      if (firstCharMs < 0) {
        firstCharMs = now - started;
        flush({ steps: pending, firstCharMs });
      } else if (now - lastFlush >= CHUNK_INTERVAL_MS) flush({ steps: pending });
    },
  });
  if (pending.length > 0) flush({ steps: pending });
  return {
    kind: 'language-model',
    promptRead: prepared.prompt,
    text: result.text,
    steps: result.steps,
    notices: prepared.notices,
    firstCharMs: Math.max(0, firstCharMs),
    computeMs: performance.now() - started,
  };
});

registerHandler('forecast', async ({ checkpointPath, text, horizon }) => {
  const predictor = await predictorFor(checkpointPath);
  const prepared = prepare(predictor, text, 'forecasting');
  if ('kind' in prepared) return prepared;
  const started = performance.now();
  const dataset = predictor.encoder.dataset;
  const features = dataset.featureColumns ?? [];
  const { rows, layout } = prepared.selection;
  const steps = Math.max(1, Math.min(horizon ?? dataset.horizon ?? 1, 10_000));
  const result = forecast(predictor, rows, steps, { seqLen: prepared.window, holdOtherColumns: true });
  const notices: PredictionNotice[] = [...prepared.notices];
  if (result.held) {
    const held = result.held.map((h) => `${h.column} at ${h.value}`).join(', ');
    notices.push({ level: 'info', message: `the model predicts ${dataset.horizon ?? 1} step${(dataset.horizon ?? 1) > 1 ? 's' : ''} of ${result.columns.join(', ')}; beyond that it rolls forward with ${held} (held at the last value)` });
  }
  return {
    kind: 'forecasting',
    features,
    targets: result.columns,
    history: rows,
    values: result.values,
    windowRows: Math.min(rows.length, prepared.window),
    layout,
    insertText: formatForecastForInsertion(layout, result.values, result.columns),
    notices,
    computeMs: performance.now() - started,
  };
});

const TASK_NAMES: Record<Task, string> = { classification: 'a classifier', 'language-model': 'a language model', forecasting: 'a forecaster' };

/** The prepared selection, or the answer that says why the model cannot use it. */
function prepare<T extends Task>(predictor: Predictor, text: string, wanted: T): Extract<PreparedSelection, { task: T }> | ProblemAnswer {
  const task = predictor.encoder.task;
  if (task !== wanted) {
    return { kind: 'problem', task, message: `this checkpoint is ${TASK_NAMES[task]} (trained on ${predictor.encoder.dataset.file}), not ${TASK_NAMES[wanted]}`, notices: [] };
  }
  const prepared = prepareSelection(predictor, text);
  if (!prepared.ok) return { kind: 'problem', task, message: prepared.problem, notices: prepared.notices };
  return prepared.value as Extract<PreparedSelection, { task: T }>;
}
