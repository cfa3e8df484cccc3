/** A selection read for a classifier: its tokens, with notices about unknown ones, length and numbers. */

import { trainingWindow } from '../../inference/prepare-selection';
import type { Predictor } from '../../inference/predictor';
import { number } from '../../inference/numeric-selection';
import { describeUnknown, readText, type ReadText } from '../../inference/text-tokens';
import type { PredictionNotice } from '../../protocol/prediction-results';
import type { SelectionLimit } from '../../protocol/inference-messages';
import type { Prepared } from '../task-use';

export interface ClassificationSelection {
  /** The task's id, so a union of every task's selection narrows. */
  task: 'classification';
  text: string;
  read: ReadText;
  notices: PredictionNotice[];
}

/**
 * Training windows of a selection a classifier reads: it was trained on texts cut to one window, so
 * beyond a few it only extrapolates — while its recorded pass, per-token reading and attribution grow
 * with every token read.
 */
export const CLASSIFICATION_SELECTION_WINDOWS = 4;
/** Characters a token may take when a window is turned into characters: a word with its spaces and punctuation; a character (a Windows line ending is one). */
const CHARACTERS_PER_TOKEN = { word: 32, char: 2 } as const;
/** Without a stored window (a model imported without its training config). */
const CHARACTERS_WITHOUT_WINDOW = 65_536;

/** What of a selection a classifier can use: a few training windows' worth of characters, from the end it was trained to keep. */
export function classificationSelectionLimit(predictor: Predictor): SelectionLimit {
  const dataset = predictor.encoder.dataset;
  const window = trainingWindow(predictor.metadata);
  const perToken = CHARACTERS_PER_TOKEN[dataset.tokenUnit === 'char' ? 'char' : 'word'];
  return {
    characters: window ? window * perToken * CLASSIFICATION_SELECTION_WINDOWS : CHARACTERS_WITHOUT_WINDOW,
    keep: dataset.truncationKeeps === 'end' ? 'end' : 'start',
  };
}

export function prepareClassificationSelection(predictor: Predictor, text: string): Prepared<ClassificationSelection> {
  const { encoder } = predictor;
  const dataset = encoder.dataset;
  const window = trainingWindow(predictor.metadata);
  const notices: PredictionNotice[] = [];
  const problem = (message: string): Prepared<ClassificationSelection> => ({ ok: false, problem: message, notices });
  const looksNumeric = text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .every((cell) => number(cell) !== null);
  const read = readText(text, encoder.vocab!);
  const unit = dataset.tokenUnit === 'char' ? 'character' : 'word';
  if (read.tokens.length === 0)
    return problem(
      `the selection has no ${unit}s to read (the model reads ${unit === 'word' ? 'words: runs of letters and digits' : 'characters'})`,
    );
  const unknownCount = read.unknown.reduce((n, u) => n + u.count, 0);
  if (read.tokens.every((t) => !encoder.vocab!.has(t.token))) {
    return problem(
      `none of the ${read.tokens.length} ${unit}s is in the model's vocabulary (${encoder.vocab!.size - 2} ${unit}s from ${dataset.file}): it would read only <unk>`,
    );
  }
  if (read.unknown.length > 0) {
    notices.push({
      level: 'warning',
      message: `${unknownCount} of ${read.tokens.length} ${unit}s ${unknownCount === 1 ? 'is' : 'are'} not in the model's vocabulary and ${unknownCount === 1 ? 'was' : 'were'} read as: ${describeUnknown(read.unknown)}`,
    });
  }
  if (window && read.tokens.length > window) {
    notices.push({
      level: 'info',
      message: `the model was trained on the ${dataset.truncationKeeps === 'end' ? 'last' : 'first'} ${window} ${unit}s of each text; it read all ${read.tokens.length} here`,
    });
  }
  if (looksNumeric)
    notices.push({
      level: 'warning',
      message: `the selection is numbers, but this model classifies text (trained on ${dataset.file})`,
    });
  return { ok: true, value: { task: 'classification', text, read, notices } };
}
