import { validateBatch } from '../../../src/engine/batch';
import { detectDataset } from '../../../src/tasks/detect';
import { readLabelledExamples } from '../../../src/data/labelled';
import { prepareDataset } from '../../../src/tasks/prepare-dataset';
import { prepareDatasetFile } from '../../../src/tasks/prepare-dataset';
import { prepareEvaluation } from '../../../src/tasks/prepare-evaluation';
import { prepareEvaluationFile } from '../../../src/tasks/prepare-evaluation';
import { stratifiedSplit } from '../../../src/data/split';
import { UNK_ID, Vocabulary } from '../../../src/data/vocabulary';
import { errorOf, fixturePath, fixtureText, unwrap } from './helpers';

const prepare = (name: string, options = {}) => unwrap(prepareDataset({ name, text: fixtureText(name) }, options));
/** The checkpoint's JSON, as a checkpoint file gives it back. */
const stored = (p: { checkpoint: object }) => JSON.parse(JSON.stringify(p.checkpoint));
const evaluate = (name: string, text: string, from: { checkpoint: object }, options = {}) =>
  prepareEvaluation({ name, text }, stored(from), options);

describe('prepareEvaluation: language model', () => {
  it('the held-out end of the text evaluates to exactly the validation batches', () => {
    const p = prepare('poem.txt', { validationFraction: 0.3 });
    const characters = Array.from(fixtureText('poem.txt').replace(/\r\n/g, '\n'));
    const validationText = characters.slice(p.summary.sizes.train).join('');
    const e = unwrap(evaluate('held-out.txt', validationText, p));
    expect(e.task).toBe('language-model');
    expect(e.summary.size).toEqual({ unit: 'characters', total: p.summary.sizes.validation });
    for (const [batchSize, seqLen] of [
      [4, 16],
      [3, 7],
      [64, 200],
    ]) {
      expect(e.makeBatches(batchSize, seqLen)).toEqual(p.makeValidationBatches(batchSize, seqLen));
    }
  });

  it('reads the whole file in non-overlapping windows from a zero state, the last one padded', () => {
    const p = prepare('poem.txt');
    const e = unwrap(evaluate('poem.txt', fixtureText('poem.txt'), p));
    expect(e.summary.size.total).toBe(p.summary.sizes.total);
    const batches = e.makeBatches(4, 32);
    const lengths = batches.flatMap((b) => Array.from(b.lengths!));
    expect(lengths.reduce((a, n) => a + n, 0)).toBe(p.summary.sizes.total - 1); // every character but the first is predicted once
    expect(lengths.slice(0, -1).every((n) => n === 32)).toBe(true);
    for (const b of batches) validateBatch(b, { hasEmbedding: true, inputSize: 0 });
    expect(e.summary.warnings[0]).toContain('this is the file the model was trained on');
  });

  it('reads characters the vocabulary lacks as <unk>, and says which', () => {
    const p = prepare('poem.txt', { validationFraction: 0 });
    const vocab = unwrap(Vocabulary.fromJSON(p.checkpoint.vocab));
    const e = unwrap(evaluate('new.txt', 'Hope€\r\nhope§€', p));
    const [batch] = e.makeBatches(1, 100);
    expect(vocab.decode(batch.tokens!.subarray(0, batch.lengths![0]))).toBe('Hope<unk>\nhope<unk>');
    expect(batch.targets![3]).toBe(UNK_ID);
    expect(e.summary.size.total).toBe(12);
    expect(e.summary.unknownTokenRate).toBeCloseTo(3 / 12, 12);
    expect(e.summary.warnings).toContain(
      "3 character(s) are not in the model's vocabulary and are read as <unk>: '€' and '§'",
    );
  });

  it('a model of one column reads that column of the table, rows joined by newlines', () => {
    const p = prepare('spam.tsv', { task: 'language-model', textColumn: 'message', validationFraction: 0 });
    const e = unwrap(evaluate('spam.tsv', fixtureText('spam.tsv'), p));
    expect(e.summary.size.total).toBe(p.summary.sizes.total);
    expect(e.summary.unknownTokenRate).toBe(0);
    expect(errorOf(evaluate('other.csv', 'label,text\nham,hello\n', p)).message).toBe(
      "other.csv, line 1: there is no column 'message' (the model reads its text from it); the columns are 'label' and 'text'",
    );
    expect(unwrap(evaluate('notes.txt', 'Did you get the message?', p)).summary.warnings).toContain(
      "the model was trained on column 'message' of spam.tsv; notes.txt is plain text, so all of it is read",
    );
  });

  it('refuses a text too short to predict anything', () => {
    expect(errorOf(evaluate('a.txt', 'H', prepare('poem.txt'))).message).toBe(
      'a.txt: the text is too short to evaluate (it needs at least 2 characters)',
    );
  });
});

describe('prepareEvaluation: classification', () => {
  /** The rows prepareDataset holds out, as a JSON Lines file with the same columns. */
  function heldOutRows(name: string, seed: number, fraction: number): string {
    const d = unwrap(detectDataset(name, fixtureText(name)));
    const columns = { text: d.columns.text!, label: d.columns.label! };
    const examples = unwrap(readLabelledExamples(d.table!, columns, name));
    const split = stratifiedSplit(examples.labels, examples.classes.length, fraction, seed);
    return Array.from(split.validation, (i) =>
      JSON.stringify({ [columns.text]: examples.texts[i], [columns.label]: examples.classes[examples.labels[i]] }),
    ).join('\n');
  }

  it('the held-out rows evaluate to exactly the validation batches (truncation as stored)', () => {
    const p = prepare('reviews.csv', { seed: 3, validationFraction: 0.5, truncationKeeps: 'end' });
    const e = unwrap(evaluate('held-out.jsonl', heldOutRows('reviews.csv', 3, 0.5), p));
    expect(e.summary.size).toEqual({ unit: 'examples', total: p.summary.sizes.validation });
    expect(e.summary.classBalance).toEqual(p.summary.classBalance!.validation);
    for (const [batchSize, seqLen] of [
      [4, 3],
      [5, 20],
      [64, 1],
    ]) {
      expect(e.makeBatches(batchSize, seqLen)).toEqual(p.makeValidationBatches(batchSize, seqLen));
    }
  });

  it('three classes with a character vocabulary: same batches, class ids in the stored order', () => {
    const p = prepare('intents.jsonl', { seed: 1, validationFraction: 0.4, tokenUnit: 'char', maxVocabulary: 12 });
    const e = unwrap(evaluate('held-out.jsonl', heldOutRows('intents.jsonl', 1, 0.4), p));
    expect(e.makeBatches(2, 10)).toEqual(p.makeValidationBatches(2, 10));
    expect(e.summary.unknownTokenRate).toBeGreaterThan(0); // 10 characters cannot cover these texts
  });

  it('evaluates every usable row in file order, without a split', () => {
    const p = prepare('reviews.csv');
    const e = unwrap(evaluate('reviews.csv', fixtureText('reviews.csv'), p));
    expect(e.summary.size.total).toBe(24);
    const batches = e.makeBatches(10, 20);
    expect(batches.map((b) => b.batchSize)).toEqual([10, 10, 4]);
    expect(Array.from(batches[0].targets.subarray(0, 4))).toEqual([1, 0, 0, 0]); // positive, negative, negative, negative
    for (const b of batches) validateBatch(b, { hasEmbedding: true, inputSize: 0 });
  });

  it('maps words the vocabulary lacks to <unk> and reports the rate', () => {
    const p = prepare('reviews.csv');
    const vocab = unwrap(Vocabulary.fromJSON(p.checkpoint.vocab));
    const e = unwrap(
      evaluate(
        'new.csv',
        'sentiment,review\npositive,"A wonderful film with zebras, truly wonderful"\nnegative,Zebras zebras\n',
        p,
      ),
    );
    const [batch] = e.makeBatches(2, 10);
    expect(vocab.decode(batch.tokens!.subarray(0, batch.lengths![0]))).toBe(
      'a wonderful film <unk> <unk> <unk> wonderful',
    );
    expect(Array.from(batch.tokens!.subarray(batch.steps, batch.steps + 3))).toEqual([UNK_ID, UNK_ID, 0]); // row 2: two <unk>, then <pad>
    expect(Array.from(batch.targets)).toEqual([1, 0]);
    expect(e.summary.unknownTokenRate).toBeCloseTo(5 / 9, 12);
    expect(e.summary.warnings).toContain(
      "55.6 % of the words (5 of 9) are not in the model's vocabulary and are read as <unk>; most often 'zebras', 'truly' and 'with'",
    );
  });

  it('a file with a single class is fine for evaluation', () => {
    const e = unwrap(
      evaluate('praise.csv', 'review,sentiment\nsuperb cast,positive\nlovely music,positive\n', prepare('reviews.csv')),
    );
    expect(e.summary.classBalance!.map((c) => [c.label, c.count])).toEqual([
      ['negative', 0],
      ['positive', 2],
    ]);
  });

  it('a missing column names the column and the columns the file has', () => {
    expect(errorOf(evaluate('tweets.csv', 'text,label\nok,positive\n', prepare('reviews.csv'))).message).toBe(
      "tweets.csv, line 1: there is no column 'review' (the model reads its text from it); the columns are 'text' and 'label'",
    );
    expect(errorOf(evaluate('tweets.csv', 'review,stars\nok,5\n', prepare('reviews.csv'))).message).toBe(
      "tweets.csv, line 1: there is no column 'sentiment' (the model reads its labels from it); the columns are 'review' and 'stars'",
    );
    expect(errorOf(evaluate('review.txt', 'a fine film', prepare('reviews.csv'))).message).toBe(
      "review.txt: this model reads column(s) 'review' and 'sentiment' of a table; review.txt is plain text — choose a CSV, TSV or JSON Lines file with those columns",
    );
  });

  it('a label the model has no class for is an error naming the line, or a counted skip on request', () => {
    const text = 'review,sentiment\ngreat,positive\n"fine, I guess",neutral\nawful,negative\nmeh,neutral\nodd,mixed\n';
    const p = prepare('reviews.csv');
    const error = errorOf(evaluate('three-way.csv', text, p));
    expect(error.message).toBe(
      "three-way.csv, line 3, column 'sentiment': label 'neutral' is not one of the model's classes ('negative' and 'positive'); remove such rows, or choose to skip rows with unknown labels",
    );
    const e = unwrap(evaluate('three-way.csv', text, p, { unknownLabels: 'skip' }));
    expect(e.summary.size.total).toBe(2);
    expect(e.summary.warnings).toContain(
      "3 rows with labels the model has no class for skipped: 'neutral' (2), 'mixed' (1)",
    );
    expect(Array.from(e.makeBatches(8, 5)[0].targets)).toEqual([1, 0]);
    expect(errorOf(evaluate('none.csv', 'review,sentiment\nok,neutral\n', p, { unknownLabels: 'skip' })).message).toBe(
      "none.csv, column 'sentiment': no row has a label the model knows ('negative' and 'positive')",
    );
  });
});

describe('prepareEvaluation: forecasting', () => {
  const salesRows = fixtureText('sales.csv').trim().split('\n');
  const header = salesRows[0];
  const body = salesRows.slice(1);

  it('the last rows, with a window of history before them, evaluate to exactly the validation batches', () => {
    const p = prepare('sales.csv', { horizon: 2 });
    const window = 10;
    const first = p.summary.sizes.train - window;
    const e = unwrap(evaluate('recent.csv', [header, ...body.slice(first)].join('\n'), p));
    expect(e.summary.size).toEqual({ unit: 'rows', total: body.length - first });
    for (const batchSize of [1, 2, 64])
      expect(e.makeBatches(batchSize, window)).toEqual(p.makeValidationBatches(batchSize, window));
    for (const b of e.makeBatches(2, window)) validateBatch(b, { hasEmbedding: false, inputSize: 2 });
  });

  it('reads the columns in the stored order, whatever the file order', () => {
    const p = prepare('sales.csv');
    const swapped = [
      'sales,date,temperature',
      ...body.map((line) => line.split(',')).map(([date, temperature, sales]) => `${sales},${date},${temperature}`),
    ].join('\n');
    const inOrder = unwrap(evaluate('sales.csv', fixtureText('sales.csv'), p)).makeBatches(8, 5);
    expect(unwrap(evaluate('swapped.csv', swapped, p)).makeBatches(8, 5)).toEqual(inOrder);
    expect(inOrder.reduce((n, b) => n + b.batchSize, 0)).toBe(60 - 5 - 1 + 1); // every window of the file
  });

  it('normalises with the stored mean and std, never refitted: a shifted series stays shifted', () => {
    const p = prepare('sales.csv');
    const { mean, std } = p.checkpoint.normalization!;
    const shifted = [
      header,
      ...body
        .map((line) => line.split(','))
        .map(([date, temperature, sales]) => `${date},${temperature},${Number(sales) + 1000}`),
    ].join('\n');
    const original = unwrap(evaluate('sales.csv', fixtureText('sales.csv'), p)).makeBatches(4, 3);
    const e = unwrap(evaluate('shifted.csv', shifted, p));
    const moved = e.makeBatches(4, 3);
    // features (B,W,D), D = [temperature, sales]: sales moves by exactly 1000 / std, temperature not at all
    const a = original[0].features!;
    const b = moved[0].features!;
    for (let k = 0; k < a.length; k += 2) {
      expect(b[k]).toBe(a[k]);
      expect(b[k + 1] - a[k + 1]).toBeCloseTo(1000 / std[1], 4);
    }
    expect(b[1]).toBeCloseTo((100 + 1000 - mean[1]) / std[1], 5); // first row: sales 100.0
    expect(moved[0].targets[0]).toBeCloseTo((117.4 + 1000 - mean[1]) / std[1], 5); // the row after the window (row 3) too
    expect(
      e.summary.warnings.some(
        (w) => w.startsWith("column 'sales' averages") && w.includes('the model has not seen values like these'),
      ),
    ).toBe(true);
  });

  it('a missing feature column is an error naming it; too few rows for a window throws when batching', () => {
    const p = prepare('sales.csv');
    expect(errorOf(evaluate('weather.csv', 'date,temperature\n2024-01-01,3\n', p)).message).toBe(
      "weather.csv, line 1: there is no column 'sales' (the model forecasts it); the columns are 'date' and 'temperature'",
    );
    expect(errorOf(evaluate('shop.csv', 'sales,date\n3,2024-01-01\n', p)).message).toBe(
      "shop.csv, line 1: there is no column 'temperature' (the model reads it as a feature); the columns are 'sales' and 'date'",
    );
    expect(errorOf(evaluate('bad.csv', 'temperature,sales\n3,NA\n', p)).message).toBe(
      "bad.csv, line 2, column 'sales': missing value 'NA'; a series needs a number in every row (fill it in or remove the row)",
    );
    const short = unwrap(evaluate('short.csv', [header, ...body.slice(0, 5)].join('\n'), p));
    expect(() => short.makeBatches(4, 5)).toThrow(
      'short.csv has 5 rows, too few for a window of 5 plus 1 row(s) ahead; it needs at least 6',
    );
    expect(short.makeBatches(4, 4).map((b) => b.batchSize)).toEqual([1]);
  });
});

describe('prepareEvaluation: checkpoint and options', () => {
  it('refuses a damaged description and an unknown option value', () => {
    expect(
      errorOf(
        prepareEvaluation(
          { name: 'x.txt', text: 'hello' },
          { dataset: { task: 'juggling' }, vocab: null, normalization: null },
        ),
      ).message,
    ).toBe(
      "checkpoint: unknown task 'juggling' (this build knows 'language-model', 'classification', 'forecasting', 'seq2seq', 'audio-classification', 'speech-to-text')",
    );
    // No task at all said "unknown task 'undefined'" (found by the fuzz suite).
    expect(
      errorOf(prepareEvaluation({ name: 'x.txt', text: 'hello' }, { dataset: {}, vocab: null, normalization: null }))
        .message,
    ).toBe(
      "checkpoint: the stored dataset names no task (this build knows 'language-model', 'classification', 'forecasting', 'seq2seq', 'audio-classification', 'speech-to-text')",
    );
    const p = prepare('reviews.csv');
    expect(errorOf(evaluate('r.csv', fixtureText('reviews.csv'), p, { unknownLabels: 'ignore' })).message).toBe(
      "r.csv: unknown labels must be an 'error' or be 'skip'ped, got 'ignore'",
    );
  });

  it('prepareEvaluationFile reads the file once with progress and knows the training file', async () => {
    const trained = unwrap(await prepareDatasetFile(fixturePath('reviews.csv')));
    const progress: number[] = [];
    const e = unwrap(
      await prepareEvaluationFile(fixturePath('reviews.csv'), stored(trained), {
        onProgress: (read) => progress.push(read),
      }),
    );
    expect(progress.length).toBeGreaterThan(0);
    expect(e.fingerprint).toBe(trained.fingerprint);
    expect(e.summary).toMatchObject({
      file: 'reviews.csv',
      fileFormat: 'csv',
      task: 'classification',
      columns: { text: 'review', label: 'sentiment' },
    });
    expect(e.summary.warnings[0]).toContain('this is the file the model was trained on');
    expect(errorOf(await prepareEvaluationFile(fixturePath('nope.csv'), stored(trained))).message).toContain(
      'file not found',
    );
    expect(
      errorOf(await prepareEvaluationFile(fixturePath('nope.csv'), { dataset: null, vocab: null, normalization: null }))
        .message,
    ).toBe('checkpoint: the dataset description is not a JSON object');
  });
});
