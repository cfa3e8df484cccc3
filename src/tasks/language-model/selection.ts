/** A selection read for a language model: the prompt it can read, unknown characters mapped or left out. */

import type { Predictor } from '../../inference/predictor';
import { describeUnknown, readText } from '../../inference/text-tokens';
import { UNK_ID } from '../../data/vocabulary';
import type { PredictionNotice } from '../../protocol/prediction-results';
import type { Prepared } from '../task-use';

export interface PromptSelection {
  /** The task's id, so a union of every task's selection narrows. */
  task: 'language-model';
  prompt: string;
  notices: PredictionNotice[];
}

export function preparePromptSelection(predictor: Predictor, text: string): Prepared<PromptSelection> {
  const { encoder } = predictor;
  const dataset = encoder.dataset;
  const notices: PredictionNotice[] = [];
  const problem = (message: string): Prepared<PromptSelection> => ({ ok: false, problem: message, notices });
  // A language model's vocabulary is every character of its training text, so it never saw <unk>:
  // a character without a known equivalent is left out rather than fed as an untrained embedding.
  const read = readText(text, encoder.vocab!, 'char');
  const kept = read.tokens.filter((t) => t.id !== UNK_ID);
  if (kept.length === 0) {
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
  return { ok: true, value: { task: 'language-model', prompt: kept.map((t) => t.token).join(''), notices } };
}
