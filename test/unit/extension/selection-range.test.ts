/**
 * Predict on Selection reads only what the model can use of a selection: the range is clipped before
 * the document is read (the first characters for a classifier that keeps the start of a text, the last
 * for one that keeps its end, a prompt or rows of numbers), and the answer says what was cut.
 */

import { describe, expect, it } from 'vitest';
import { clipSelectionRange, mendAtCut, selectionCutNotice } from '../../../src/extension/selection-range';
import {
  CLASSIFICATION_SELECTION_WINDOWS,
  classificationSelectionLimit,
} from '../../../src/tasks/classification/selection';
import { DEFAULT_SELECTION_LIMIT } from '../../../src/protocol/prediction-panel-validation';
import { MAX_PREDICTION_INPUT_LENGTH } from '../../../src/protocol/prediction-panel-validation';
import { trainSignalClassifier } from '../inference/helpers';

/** What the host does with a document held as a string: clip the offsets, read that slice, mend it. */
function readSelection(document: string, start: number, end: number, limit = DEFAULT_SELECTION_LIMIT) {
  const clip = clipSelectionRange(start, end, limit);
  const read = document.slice(clip.start, clip.end);
  return { clip, ...mendAtCut(read, clip, limit) };
}

describe('what Predict on Selection reads of a selection', () => {
  it('reads a selection within the limit whole, from where it is', () => {
    expect(clipSelectionRange(10, 60, { characters: 50, keep: 'start' })).toEqual({
      start: 10,
      end: 60,
      total: 50,
      clipped: false,
    });
  });

  it('reads only the first characters of a longer one for a model that keeps the start', () => {
    const clip = clipSelectionRange(1000, 11_000_000, { characters: 6400, keep: 'start' });
    expect(clip).toEqual({ start: 1000, end: 7400, total: 10_999_000, clipped: true });
    expect(selectionCutNotice(6400, clip.total, { characters: 6400, keep: 'start' }).message).toMatch(
      /^used the first 6,400 characters of 10,999,000 in the selection/,
    );
  });

  it('reads only the last characters for a model that keeps the end (a prompt, a series)', () => {
    const clip = clipSelectionRange(0, 100, { characters: 30, keep: 'end' });
    expect(clip).toEqual({ start: 70, end: 100, total: 100, clipped: true });
    expect(selectionCutNotice(30, 100, { characters: 30, keep: 'end' }).message).toMatch(
      /^used the last 30 characters of 100/,
    );
    expect(DEFAULT_SELECTION_LIMIT).toEqual({ characters: MAX_PREDICTION_INPUT_LENGTH, keep: 'end' });
  });

  it('never leaves half of an emoji at the cut', () => {
    const document = 'ab😀cd';
    const first = readSelection(document, 0, document.length, { characters: 3, keep: 'start' });
    expect(first.text).toBe('ab');
    expect(first.endTrim).toBe(1);
    const last = readSelection(document, 0, document.length, { characters: 3, keep: 'end' });
    expect(last.text).toBe('cd');
    expect(last.startTrim).toBe(1);
  });

  it('with whole lines, leaves out the row the cut went through', () => {
    const rows = '1,2\n3,4\n5,6\n7,8\n';
    const last = readSelection(rows, 0, rows.length, { characters: 10, keep: 'end', wholeLines: true });
    expect(last.text).toBe('5,6\n7,8\n');
    expect(last.clip.start + last.startTrim).toBe(rows.indexOf('5,6'));
    const first = readSelection(rows, 0, rows.length, { characters: 10, keep: 'start', wholeLines: true });
    expect(first.text).toBe('1,2\n3,4\n');
  });

  it('a classifier can use a few training windows of its text, from the end it was trained to keep', () => {
    const predictor = trainSignalClassifier();
    const window = JSON.parse(predictor.metadata.extra!.training) as { seqLen: number };
    const limit = classificationSelectionLimit(predictor);
    const perToken = predictor.encoder.dataset.tokenUnit === 'char' ? 2 : 32;
    expect(limit).toEqual({ characters: window.seqLen * perToken * CLASSIFICATION_SELECTION_WINDOWS, keep: 'start' });
    predictor.encoder.dataset.truncationKeeps = 'end';
    expect(classificationSelectionLimit(predictor).keep).toBe('end');
    delete predictor.metadata.extra!.training;
    expect(classificationSelectionLimit(predictor).characters).toBe(65_536);
  });
});
