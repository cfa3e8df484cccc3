/** A selection read for a language model: the prompt it can read, unknown characters mapped or left out. */

import type { Predictor } from '../../inference/predictor';
import { textPieces } from '../../inference/text-pieces';
import { describeUnknown, readText, type UnknownToken } from '../../inference/text-tokens';
import { UNK_ID, type Vocabulary } from '../../data/vocabulary';
import type { PredictionNotice } from '../../protocol/prediction-results';
import type { Prepared } from '../task-use';

export interface PromptSelection {
  /** The task's id, so a union of every task's selection narrows. */
  task: 'language-model';
  prompt: string;
  notices: PredictionNotice[];
}

/**
 * A selection is read in pieces of this many UTF-16 units: reading one keeps an object per character, so
 * a selection of megabytes read whole held gigabytes; pieces keep that to a few MB.
 */
export const SELECTION_PIECE_CHARS = 65_536;

export function preparePromptSelection(predictor: Predictor, text: string): Prepared<PromptSelection> {
  const { encoder } = predictor;
  const dataset = encoder.dataset;
  const notices: PredictionNotice[] = [];
  const problem = (message: string): Prepared<PromptSelection> => ({ ok: false, problem: message, notices });
  // A language model's vocabulary is every character of its training text, so it never saw <unk>:
  // a character without a known equivalent is left out rather than fed as an untrained embedding.
  const read = readPromptText(text, encoder.vocab!);
  if (read.prompt.length === 0) {
    return problem(
      `none of the selected characters is in the model's vocabulary (${encoder.vocab!.size - 2} characters from ${dataset.file}): ${describeUnknown(read.unknown, 8, '(left out)')}`,
    );
  }
  if (read.unknown.length > 0) {
    const count = read.unknown.reduce((n, u) => n + u.count, 0);
    notices.push({
      level: 'warning',
      message: `${count} character${count === 1 ? ' is' : 's are'} not in the model's vocabulary and ${count === 1 ? 'was' : 'were'} read as: ${describeUnknown(read.unknown, 8, '(left out)')}`,
    });
  }
  return { ok: true, value: { task: 'language-model', prompt: read.prompt, notices } };
}

/** The characters the model knows (each unknown one mapped or left out), and what was unknown, piece by piece. */
function readPromptText(text: string, vocab: Vocabulary): { prompt: string; unknown: UnknownToken[] } {
  const parts: string[] = [];
  const unknown = new Map<string, UnknownToken>();
  for (const piece of textPieces(text, 'char', SELECTION_PIECE_CHARS)) {
    const read = readText(piece, vocab, 'char');
    let part = '';
    for (const token of read.tokens) if (token.id !== UNK_ID) part += token.token;
    parts.push(part);
    for (const u of read.unknown) {
      const seen = unknown.get(u.text);
      if (seen) seen.count += u.count;
      else unknown.set(u.text, { ...u });
    }
  }
  return { prompt: parts.join(''), unknown: [...unknown.values()] };
}
