/**
 * A selection from an editor, checked against the model that will read it: either what to feed the
 * model (with notices about how it was read), or a message that says why the model cannot use it —
 * empty, too short for the window, nothing in the vocabulary, not numbers for a forecaster.
 */

import type { StudioMetadata } from '../checkpoint/metadata';
import type { PredictionNotice } from '../protocol/prediction-results';
import { describeUnknown, readText, type ReadText } from './text-tokens';
import { number, parseNumericSelection, type NumericSelection } from './numeric-selection';
import type { Predictor } from './predictor';
import { UNK_ID } from '../data/vocabulary';

export type PreparedSelection =
  | { task: 'classification'; text: string; read: ReadText; notices: PredictionNotice[] }
  | { task: 'language-model'; prompt: string; notices: PredictionNotice[] }
  | { task: 'forecasting'; selection: NumericSelection; window: number; notices: PredictionNotice[] };

export type Prepared = { ok: true; value: PreparedSelection } | { ok: false; problem: string; notices: PredictionNotice[] };

/** The sequence length the model was trained with (tokens per text, window, rows of history), if stored. */
export function trainingWindow(metadata: StudioMetadata): number | undefined {
  const stored = metadata.extra?.training;
  if (!stored) return undefined;
  try {
    const seqLen = (JSON.parse(stored) as { seqLen?: unknown }).seqLen;
    return typeof seqLen === 'number' && Number.isInteger(seqLen) && seqLen > 0 ? seqLen : undefined;
  } catch {
    return undefined;
  }
}

export function prepareSelection(predictor: Predictor, text: string): Prepared {
  const { encoder } = predictor;
  const dataset = encoder.dataset;
  const window = trainingWindow(predictor.metadata);
  const notices: PredictionNotice[] = [];
  const problem = (message: string): Prepared => ({ ok: false, problem: message, notices });
  if (text.trim().length === 0) return problem('the selection is empty: select some text, or put the cursor on a line that has some');
  const looksNumeric = text.split(/[\s,;]+/).filter(Boolean).every((cell) => number(cell) !== null);

  switch (encoder.task) {
    case 'classification': {
      const read = readText(text, encoder.vocab!);
      const unit = dataset.tokenUnit === 'char' ? 'character' : 'word';
      if (read.tokens.length === 0) return problem(`the selection has no ${unit}s to read (the model reads ${unit === 'word' ? 'words: runs of letters and digits' : 'characters'})`);
      const unknownCount = read.unknown.reduce((n, u) => n + u.count, 0);
      if (read.tokens.every((t) => !encoder.vocab!.has(t.token))) {
        return problem(`none of the ${read.tokens.length} ${unit}s is in the model's vocabulary (${encoder.vocab!.size - 2} ${unit}s from ${dataset.file}): it would read only <unk>`);
      }
      if (read.unknown.length > 0) {
        notices.push({ level: 'warning', message: `${unknownCount} of ${read.tokens.length} ${unit}s ${unknownCount === 1 ? 'is' : 'are'} not in the model's vocabulary and ${unknownCount === 1 ? 'was' : 'were'} read as: ${describeUnknown(read.unknown)}` });
      }
      if (window && read.tokens.length > window) {
        notices.push({ level: 'info', message: `the model was trained on the ${dataset.truncationKeeps === 'end' ? 'last' : 'first'} ${window} ${unit}s of each text; it read all ${read.tokens.length} here` });
      }
      if (looksNumeric) notices.push({ level: 'warning', message: `the selection is numbers, but this model classifies text (trained on ${dataset.file})` });
      return { ok: true, value: { task: 'classification', text, read, notices } };
    }
    case 'language-model': {
      // A language model's vocabulary is every character of its training text, so it never saw <unk>:
      // a character without a known equivalent is left out rather than fed as an untrained embedding.
      const read = readText(text, encoder.vocab!, 'char');
      const kept = read.tokens.filter((t) => t.id !== UNK_ID);
      if (kept.length === 0) {
        return problem(`none of the selected characters is in the model's vocabulary (${encoder.vocab!.size - 2} characters from ${dataset.file}): ${describeUnknown(read.unknown, 8, '(left out)')}`);
      }
      if (read.unknown.length > 0) {
        const count = read.unknown.reduce((n, u) => n + u.count, 0);
        notices.push({ level: 'warning', message: `${count} character${count === 1 ? ' is' : 's are'} not in the model's vocabulary and ${count === 1 ? 'was' : 'were'} read as: ${describeUnknown(read.unknown, 8, '(left out)')}` });
      }
      return { ok: true, value: { task: 'language-model', prompt: kept.map((t) => t.token).join(''), notices } };
    }
    case 'forecasting': {
      const features = dataset.featureColumns ?? [];
      const parsed = parseNumericSelection(text, features, dataset.columns.date);
      if (!parsed.ok) return problem(parsed.problem);
      const rows = parsed.value.rows.length;
      const needed = window ?? 1;
      if (rows < needed) {
        return problem(`too short for the model's window: it reads ${needed} rows of ${features.join(', ')} and the selection has ${rows}; select at least ${needed}`);
      }
      if (rows > needed) notices.push({ level: 'info', message: `the model read the last ${needed} of the ${rows} rows (its window); all are plotted` });
      return { ok: true, value: { task: 'forecasting', selection: parsed.value, window: needed, notices } };
    }
  }
  return problem(`predicting on a selection is not supported for the task '${encoder.task}'`);
}
