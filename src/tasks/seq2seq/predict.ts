/**
 * `transform`: a selection turned into the model's output, in the inference worker. Beam search (beam 1
 * is greedy decoding) over the source as the model reads it; the best hypothesis so far streams as
 * `TransformChunk` partials (the first at once, then at most one every 30 ms); the answer carries the
 * n-best list with scores and the best output's attention over the source.
 */

import { beamSearch } from '../../inference/pair-decoding';
import type { Predictor } from '../../inference/predictor';
import type { PredictionNotice, TransformAnswer, TransformChunk } from '../../protocol/prediction-results';
import { requestOf, type PredictionContext, type PredictionRequest, type Prepared } from '../task-use';
import { encoderDecoderOf, pairCodecOf, type EncodedSource } from '../../inference/pair-codec';

const CHUNK_INTERVAL_MS = 30;
/** The widest beam a request may ask for (each step scores beam × vocabulary tokens). */
export const MAX_BEAM = 64;

export interface TransformSelection {
  task: 'seq2seq';
  source: EncodedSource;
  notices: PredictionNotice[];
}

/** Reads a selection as the model's source tokens; unknown tokens are read as `<unk>` and said so. */
export function prepareTransformSelection(predictor: Predictor, text: string): Prepared<TransformSelection> {
  const codec = pairCodecOf(predictor.encoder);
  const notices: PredictionNotice[] = [];
  const source = codec.encodeSource(text);
  if (source.ids.length === 0)
    return { ok: false, problem: 'the selection holds no token for the model to read', notices };
  const unknown = source.tokens.filter((t) => !t.known);
  if (unknown.length > 0) {
    const shown = [...new Set(unknown.map((t) => t.text))].slice(0, 8).map((t) => `'${t}'`);
    notices.push({
      level: 'warning',
      message: `${unknown.length} of ${source.tokens.length} tokens are not in the model's source vocabulary and were read as <unk>: ${shown.join(', ')}`,
    });
  }
  if (source.ids.length > codec.maxSourceLength)
    notices.push({
      level: 'info',
      message: `the selection is ${source.ids.length} tokens long; the model was trained on sources of at most ${codec.maxSourceLength}`,
    });
  return { ok: true, value: { task: 'seq2seq', source, notices } };
}

export function answerTransform(
  predictor: Predictor,
  prepared: TransformSelection,
  request: PredictionRequest,
  context: PredictionContext,
): TransformAnswer {
  const { beam = 1, maxLength } = requestOf(request, 'transform');
  const codec = pairCodecOf(predictor.encoder);
  const network = encoderDecoderOf(predictor);
  const width = Math.max(1, Math.min(MAX_BEAM, Math.trunc(beam)));
  let firstTokenMs = -1;
  let lastFlush = 0;
  const flush = (chunk: TransformChunk) => {
    context.partial(chunk);
    lastFlush = performance.now();
  };
  const hypotheses = beamSearch(network, prepared.source.ids, codec.special, {
    beam: width,
    maxLength: Math.max(1, Math.min(1000, Math.trunc(maxLength ?? codec.maxOutputLength))),
    onStep: (best) => {
      // A transform stopped (or superseded by another prediction) ends here, between two steps.
      context.throwIfCancelled();
      const now = performance.now();
      if (firstTokenMs < 0) {
        firstTokenMs = now - context.startedAt;
        flush({ tokens: codec.targetTokens(best), firstTokenMs });
      } else if (now - lastFlush >= CHUNK_INTERVAL_MS) flush({ tokens: codec.targetTokens(best) });
    },
  });
  const nbest = hypotheses.map((h) => {
    const tokens = codec.targetTokens(h.tokens);
    return { output: codec.targetText(tokens), tokens, score: h.score };
  });
  const best = hypotheses[0];
  const attention = best.attention ? best.attention.map((row) => Array.from(row)) : null;
  const notices = [...prepared.notices];
  if (!best.finished)
    notices.push({ level: 'warning', message: `the output reached the most tokens allowed before the model ended it` });
  const computeMs = performance.now() - context.startedAt;
  return {
    kind: 'transform',
    sourceTokens: prepared.source.tokens,
    output: nbest[0].output,
    outputTokens: nbest[0].tokens,
    nbest,
    attention,
    beam: width,
    notices,
    firstTokenMs: firstTokenMs < 0 ? computeMs : firstTokenMs,
    computeMs,
  };
}
