/**
 * Detecting a pairs file: by column names, by language codes, by shape, a headerless Tatoeba/Anki file,
 * and a classification table left to classification — each with its reason in words.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classificationDetector } from '../../../../src/tasks/classification/detect';
import { isLanguageCode, seq2seqDetector } from '../../../../src/tasks/seq2seq/detect';
import { errorOf, unwrap } from '../../data/helpers';
import { detectPairs } from './pairs-helpers';

const ENGLISH = [
  'Go.',
  'Hi.',
  'Run!',
  'Who?',
  'Wow!',
  'Fire!',
  'Help!',
  'Stop!',
  'Wait!',
  'Hello!',
  'I see.',
  'Thanks.',
];
const FRENCH = [
  'Va !',
  'Salut !',
  'Cours !',
  'Qui ?',
  'Ça alors !',
  'Au feu !',
  "À l'aide !",
  'Stop !',
  'Attends !',
  'Bonjour !',
  'Je vois.',
  'Merci.',
];

/** Tatoeba/Anki sentence pairs: English, French, attribution; no header row. */
function tatoeba(): string {
  return (
    ENGLISH.map(
      (en, i) =>
        `${en}\t${FRENCH[i]}\tCC-BY 2.0 (France) Attribution: tatoeba.org #${2877272 + i} (CM) & #${1158250 + i} (Wittydev)`,
    ).join('\n') + '\n'
  );
}

describe('seq2seq detection', () => {
  it('finds source → target by the columns’ names and explains itself', () => {
    const rows = ['id,input,output', ...ENGLISH.map((en, i) => `${i},"${en}","${FRENCH[i]}"`)];
    const { score, detection } = detectPairs('pairs.csv', rows.join('\n'));
    expect(score!.score).toBe(4);
    const chosen = unwrap(detection);
    expect(chosen.columns).toEqual({ source: 'input', target: 'output' });
    expect(chosen.reason).toBe(
      "two text columns, 'input' → 'output' (by their names), 100 % of targets distinct: sequence to sequence",
    );
    expect(chosen.table!.rows).toHaveLength(ENGLISH.length);
  });

  it('reads two language codes as source and target, left to right', () => {
    const rows = ['fr\ten', ...ENGLISH.map((en, i) => `${FRENCH[i]}\t${en}`)];
    const chosen = unwrap(detectPairs('pairs.tsv', rows.join('\n')).detection);
    expect(chosen.columns).toEqual({ source: 'fr', target: 'en' });
    expect(chosen.reason).toContain('(named by their languages)');
    expect(['en', 'pt-BR', 'zh_Hant', 'deu', 'ENG'].map(isLanguageCode)).toEqual([true, true, true, true, true]);
    expect(['id', 'text', 'label', 'year', 'url'].map(isLanguageCode)).toEqual([false, false, false, false, false]);
  });

  it('finds a pair by shape: two mostly distinct text columns and no label', () => {
    const rows = ['phrase,rewrite', ...ENGLISH.map((en, i) => `"${en}","${FRENCH[i]}"`)];
    const { score, detection } = detectPairs('pairs.csv', rows.join('\n'));
    expect(score!.score).toBe(3);
    expect(unwrap(detection).columns).toEqual({ source: 'phrase', target: 'rewrite' });
  });

  it('reads a headerless Tatoeba file: the first line is a pair, the columns are named by position', () => {
    const { score, detection } = detectPairs('fra.tsv', tatoeba());
    expect(score!.score).toBe(3);
    const chosen = unwrap(detection);
    expect(chosen.columns).toEqual({ source: 'column 1', target: 'column 2', headerless: true });
    expect(chosen.reason).toBe(
      "two text columns, 'column 1' → 'column 2', 100 % of targets distinct; no header row: the first line is a pair: sequence to sequence",
    );
    expect(chosen.table!.columns).toEqual(['column 1', 'column 2', 'column 3']);
    expect(chosen.table!.rows[0].slice(0, 2)).toEqual(['Go.', 'Va !']);
    expect(chosen.table!.rows).toHaveLength(ENGLISH.length);
  });

  it('reads a file as headerless when the user names a positional column it lacks', () => {
    const content = 'namaste\tनमस्ते\ndhanyavaad\tधन्यवाद\nshubh\tशुभ\n';
    const chosen = unwrap(
      detectPairs('hi.tsv', content, { sourceColumn: 'column 1', targetColumn: 'column 2' }).detection,
    );
    expect(chosen.columns).toEqual({ source: 'column 1', target: 'column 2', headerless: true });
    expect(chosen.table!.rows.map((r) => r[0])).toEqual(['namaste', 'dhanyavaad', 'shubh']);
  });

  it('leaves a classification table to classification', () => {
    const reviews = readFileSync(new URL('../../../../examples/sentiment/reviews.csv', import.meta.url), 'utf8');
    expect(detectPairs('reviews.csv', reviews).score).toBeNull();
    const topics = readFileSync(new URL('../../../../examples/topics/questions.jsonl', import.meta.url), 'utf8');
    expect(detectPairs('questions.jsonl', topics).score).toBeNull();
    // Named like a pair but the target is a label: not a pair.
    const labelled = ['input,output', ...ENGLISH.map((en, i) => `"${en}",${i % 2 ? 'yes' : 'no'}`)];
    expect(detectPairs('io.csv', labelled.join('\n')).score).toBeNull();
    expect(classificationDetector.score({ format: 'text', file: 'x.txt', content: 'x' }, {})).toBeNull();
    // A handful of rows: two values in three rows, one repeated, is a label, not text to produce.
    const tiny = 'review,sentiment\ngreat film,pos\nawful plot,neg\nfine acting,pos\n';
    expect(detectPairs('tiny.csv', tiny).score).toBeNull();
    // Class numbers (1, 2, 3) are a label too, and a half-empty column of metadata is no side of a pair.
    const numbered = Array.from({ length: 60 }, (_, i) =>
      JSON.stringify({
        text: `question number ${i} about topic ${i % 3}`,
        label: (i % 3) + 1,
        source: i % 2 ? { id: i } : null,
      }),
    );
    expect(detectPairs('questions.jsonl', numbered.join('\n')).score).toBeNull();
  });

  it('detects the bundled dates example by names, above classification and forecasting', () => {
    const dates = readFileSync(new URL('../../../../examples/dates.tsv', import.meta.url), 'utf8');
    const { score, detection } = detectPairs('dates.tsv', dates);
    expect(score!.score).toBeGreaterThan(2);
    const chosen = unwrap(detection);
    expect(chosen.columns).toEqual({ source: 'source', target: 'target' });
    expect(chosen.reason).toBe(
      "two text columns, 'source' → 'target' (by their names), 1000+ distinct targets: sequence to sequence",
    );
  });

  it('honours column overrides, implies the task by them, and names a missing one', () => {
    const rows = ['a,b,c', ...ENGLISH.map((en, i) => `"${en}","${FRENCH[i]}",x${i}`)];
    const chosen = unwrap(detectPairs('p.csv', rows.join('\n'), { sourceColumn: 'b', targetColumn: 'a' }).detection);
    expect(chosen.columns).toEqual({ source: 'b', target: 'a' });
    expect(chosen.reason).toContain('(as chosen)');
    const oneSide = unwrap(detectPairs('p.csv', rows.join('\n'), { targetColumn: 'c' }).detection);
    expect(oneSide.columns).toEqual({ source: 'a', target: 'c' });
    expect(errorOf(detectPairs('p.csv', rows.join('\n'), { sourceColumn: 'z' }).detection).message).toContain(
      "there is no column 'z'",
    );
    expect(seq2seqDetector.impliedBy({ sourceColumn: 'a' })).toBe(2);
    expect(seq2seqDetector.impliedBy({ targetColumn: 'a' })).toBe(2);
    expect(seq2seqDetector.impliedBy({ labelColumn: 'a' })).toBe(0);
    expect(seq2seqDetector.readsPlainText).toBe(false);
  });

  it('warns when a chosen target has few distinct values', () => {
    const rows = ['q,a', ...ENGLISH.map((en, i) => `"${en}",${i % 2 ? 'yes' : 'no'}`)];
    const chosen = unwrap(detectPairs('qa.csv', rows.join('\n'), { sourceColumn: 'q', targetColumn: 'a' }).detection);
    expect(chosen.warnings).toEqual([
      "column 'a' has 2 distinct values: is it a label? (classification learns a few classes better)",
    ]);
  });
});
