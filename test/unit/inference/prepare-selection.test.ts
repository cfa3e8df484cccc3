/** The messages a selection the model cannot use gets, and the notices about how a usable one was read. */

import { beforeAll, describe, expect, it } from 'vitest';
import { prepareSelection, trainingWindow } from '../../../src/tasks/prepare-selection';
import type { Predictor } from '../../../src/inference/predictor';
import { characterModel, forecaster, trainSignalClassifier } from './helpers';

function problemOf(predictor: Predictor, text: string): string {
  const prepared = prepareSelection(predictor, text);
  if (prepared.ok) throw new Error('expected a problem');
  return prepared.problem;
}

function noticesOf(predictor: Predictor, text: string): string[] {
  const prepared = prepareSelection(predictor, text);
  if (!prepared.ok) throw new Error(prepared.problem);
  return prepared.value.notices.map((n) => `${n.level}: ${n.message}`);
}

describe('prepareSelection', () => {
  let classifier: Predictor;
  beforeAll(() => {
    classifier = trainSignalClassifier();
  });

  it('an empty selection, for every task', () => {
    for (const predictor of [classifier, characterModel(), forecaster()]) {
      expect(problemOf(predictor, ' \n\t')).toBe(
        'the selection is empty: select some text, or put the cursor on a line that has some',
      );
    }
  });

  it('classifier: no words, nothing in the vocabulary, some unknown words, longer than trained', () => {
    expect(problemOf(classifier, '!!! ... ???')).toBe(
      'the selection has no words to read (the model reads words: runs of letters and digits)',
    );
    expect(problemOf(classifier, 'zebra giraffe')).toBe(
      "none of the 2 words is in the model's vocabulary (22 words from synthetic.csv): it would read only <unk>",
    );
    expect(noticesOf(classifier, 'alpha zebra word1 zebra')).toEqual([
      'warning: 2 of 4 words are not in the model\'s vocabulary and were read as: "zebra" → <unk> (×2)',
    ]);
    expect(noticesOf(classifier, Array(20).fill('word1').join(' '))).toEqual([
      'info: the model was trained on the first 16 words of each text; it read all 20 here',
    ]);
    expect(noticesOf(classifier, '12 7 word1')).toEqual([
      'warning: 2 of 3 words are not in the model\'s vocabulary and were read as: "12" → <unk>, "7" → <unk>',
    ]);
  });

  it('language model: unknown characters are mapped to a known one or left out, and shown', () => {
    const lm = characterModel('abcdefghijklmnopqrstuvwxyz .,\'"-\n');
    const prepared = prepareSelection(lm, 'Café “au lait” — 5€');
    if (!prepared.ok || prepared.value.task !== 'language-model') throw new Error('expected a prompt');
    expect(prepared.value.prompt).toBe('cafe "au lait" - ');
    expect(prepared.value.notices).toEqual([
      {
        level: 'warning',
        message: `7 characters are not in the model's vocabulary and were read as: "C" → "c", "é" → "e", "“" → "\\"", "”" → "\\"", "—" → "-", "5" → (left out), "€" → (left out)`,
      },
    ]);
    expect(problemOf(lm, '12345')).toBe(
      `none of the selected characters is in the model's vocabulary (33 characters from fables.txt): "1" → (left out), "2" → (left out), "3" → (left out), "4" → (left out), "5" → (left out)`,
    );
  });

  it('forecaster: letters, too short for the window, longer than the window', () => {
    const model = forecaster(4);
    expect(problemOf(model, 'once upon a time')).toMatch(/^'once' is not a number; a forecaster reads numbers/);
    expect(problemOf(model, '570.7, -1.2, 565.9, -1.9')).toBe(
      "too short for the model's window: it reads 4 rows of load, temperature and the selection has 2; select at least 4",
    );
    const rows = Array.from({ length: 6 }, (_, k) => `${600 + k},${k}`).join('\n');
    expect(noticesOf(model, rows)).toEqual([
      'info: the model read the last 4 of the 6 rows (its window); all are plotted',
    ]);
  });

  it('trainingWindow reads the stored training sequence length', () => {
    expect(trainingWindow({ config: classifier.model.config, extra: { training: '{"seqLen":64}' } })).toBe(64);
    expect(trainingWindow({ config: classifier.model.config, extra: { training: 'not json' } })).toBeUndefined();
    expect(trainingWindow({ config: classifier.model.config })).toBeUndefined();
  });
});
