/** Classifying a text with a trained classifier (the CLI's `predict`; the panel's answer is in predict.ts). */

import type { InputEncoder } from '../../data/encode-input';
import { tokenize } from '../../data/tokenize';
import { classProbabilities, singleStackOf, unwrap, type Predictor } from '../../inference/predictor';
import { runPromptInChunks } from '../../inference/prompt-run';
import { requireTask } from '../task-use';
import { classificationPresentation } from './presentation';

export interface ClassProbability {
  label: string;
  probability: number;
}

export interface Classification {
  label: string;
  probabilities: ClassProbability[];
  /** Tokens as the model read them (after truncation); unknown ones are shown as read. */
  tokens: string[];
  /** Input tokens outside the vocabulary (read as `<unk>`). */
  unknownTokens: string[];
}

export function classify(predictor: Predictor, text: string, seqLen?: number): Classification {
  const { encoder } = predictor;
  const model = singleStackOf(predictor);
  requireTask(predictor, classificationPresentation);
  const batch = unwrap(encoder.encode(text, { seqLen }));
  const length = batch.lengths ? batch.lengths[0] : batch.steps;
  // Without a seqLen the whole text is read: in chunks carrying the state, so a long one costs no more
  // memory than a short one (the head reads the final state, the same bit for bit).
  const { lastLogits } = runPromptInChunks(model, batch.tokens!.subarray(0, length));
  const probabilities = classProbabilities(lastLogits, model.config.outputSize).map((probability, id) => ({
    label: encoder.className(id),
    probability,
  }));
  const best = probabilities.reduce((a, b) => (b.probability > a.probability ? b : a));
  const ids = Array.from(batch.tokens!.subarray(0, length));
  const vocab = encoder.vocab!;
  return {
    label: best.label,
    probabilities,
    tokens: ids.map((id) => vocab.tokenOf(id)),
    unknownTokens: unknownTokensOf(text, encoder),
  };
}

function unknownTokensOf(text: string, encoder: InputEncoder): string[] {
  const vocab = encoder.vocab!;
  const unit = encoder.dataset.tokenUnit ?? 'char';
  // Split as the vocabulary was built (a word with a combining mark, a Chinese run cut into words).
  const pieces = tokenize(text, unit, vocab.words);
  return [...new Set(pieces.filter((piece) => !vocab.has(piece)))];
}
