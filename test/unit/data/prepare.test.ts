import { validateBatch } from '../../../src/engine/batch';
import { Random } from '../../../src/engine/random';
import { createInputEncoder } from '../../../src/tasks/encode-input';
import { prepareDataset } from '../../../src/tasks/prepare-dataset';
import { prepareDatasetFile } from '../../../src/tasks/prepare-dataset';
import { errorOf, fixturePath, fixtureText, unwrap } from './helpers';

const prepare = (name: string, options = {}) => prepareDataset({ name, text: fixtureText(name) }, options);
const roundTrip = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('prepareDataset', () => {
  it('plain text → a character language model ready to train', async () => {
    const progress: number[] = [];
    const p = unwrap(await prepareDatasetFile(fixturePath('poem.txt'), { onProgress: (read) => progress.push(read) }));
    expect(progress.length).toBeGreaterThan(0);
    expect(p.task).toBe('language-model');
    expect(p.summary.sizes).toEqual({ unit: 'characters', total: 353, train: 318, validation: 35 });
    expect(p.model).toEqual({
      vocabSize: p.summary.vocabularySize,
      inputSize: 0,
      outputSize: p.summary.vocabularySize,
      loss: 'softmax-ce',
      headOn: 'every',
      paddingIdx: 0,
    });
    expect(p.checkpoint.vocab?.tokens.slice(0, 4)).toEqual(['<pad>', '<unk>', '\n', ' ']);
    expect(p.fingerprint).toMatch(/^sha256:/);
    const batcher = p.makeTrainBatcher(4, 32, new Random(1));
    const batch = batcher.nextBatch()!;
    validateBatch(batch, { hasEmbedding: true, inputSize: 0 });
    expect(batch.targets!.length).toBe(4 * 32);
    const validation = p.makeValidationBatches(4, 32);
    expect(validation.reduce((n, b) => n + Array.from(b.lengths!).reduce((a, x) => a + x, 0), 0)).toBe(34);
  });

  it('a language model over one column of a table, rows joined by newlines', () => {
    const p = unwrap(prepare('spam.tsv', { task: 'language-model', textColumn: 'message', validationFraction: 0 }));
    expect(p.summary.sizes.validation).toBe(0);
    expect(p.makeValidationBatches(8, 16)).toEqual([]);
    const encoder = unwrap(createInputEncoder(p.checkpoint));
    expect(encoder.vocab!.has('\t')).toBe(false); // only the message column's characters
    expect(encoder.vocab!.has('\n')).toBe(true);
  });

  it('labelled CSV → classification with a stratified split, class balance and a word vocabulary', () => {
    const p = unwrap(prepare('reviews.csv', { seed: 7 }));
    expect(p.task).toBe('classification');
    expect(p.numClasses).toBe(2);
    expect(p.model.loss).toBe('bce');
    expect(p.model.outputSize).toBe(1);
    expect(p.summary.sizes).toEqual({ unit: 'examples', total: 24, train: 22, validation: 2 });
    expect(p.summary.classBalance!.validation.map((c) => [c.label, c.count])).toEqual([
      ['negative', 1],
      ['positive', 1],
    ]);
    expect(p.summary.reason).toContain("column 'review' holds free text");
    expect(p.checkpoint.dataset).toMatchObject({
      task: 'classification',
      classes: ['negative', 'positive'],
      tokenUnit: 'word',
      columns: { text: 'review', label: 'sentiment' },
    });
    const batch = p.makeTrainBatcher(8, 20, new Random(1)).nextBatch()!;
    validateBatch(batch, { hasEmbedding: true, inputSize: 0 });
    expect(batch.batchSize).toBe(8);
    expect(Array.from(batch.targets!).every((t) => t === 0 || t === 1)).toBe(true);
    expect(p.makeValidationBatches(8, 20).map((b) => b.batchSize)).toEqual([2]);
  });

  it('three classes → softmax cross-entropy; characters and a vocabulary cap on request', () => {
    const p = unwrap(prepare('intents.jsonl', { tokenUnit: 'char', maxVocabulary: 12 }));
    expect(p.model).toMatchObject({ loss: 'softmax-ce', outputSize: 3, vocabSize: 12 });
    expect(p.checkpoint.vocab?.unit).toBe('char');
  });

  it('numeric CSV → forecasting with normalisation fitted on training rows', () => {
    const p = unwrap(prepare('sales.csv', { horizon: 2 }));
    expect(p.task).toBe('forecasting');
    expect(p.inputSize).toBe(2);
    expect(p.model).toMatchObject({ vocabSize: 0, inputSize: 2, outputSize: 2, loss: 'mse', headOn: 'last' });
    expect(p.summary.sizes).toEqual({ unit: 'rows', total: 60, train: 54, validation: 6 });
    const n = p.checkpoint.normalization!;
    expect(n.columns).toEqual(['temperature', 'sales']);
    // sales = 100 + 3d + 10 sin(d/3): the mean of the first 54 days, not of all 60
    const sales = Array.from({ length: 54 }, (_, d) => Math.round((100 + 3 * d + 10 * Math.sin(d / 3)) * 10) / 10);
    expect(n.mean[1]).toBeCloseTo(sales.reduce((a, x) => a + x, 0) / 54, 9);
    const batch = p.makeTrainBatcher(16, 10, new Random(0)).nextBatch()!;
    validateBatch(batch, { hasEmbedding: false, inputSize: 2 });
    expect(batch.targets!.length).toBe(16 * 2);
    expect(p.makeValidationBatches(16, 10).reduce((k, b) => k + b.batchSize, 0)).toBe(6 - 2 + 1);
  });

  it('passes on errors from every stage, as values', () => {
    expect(errorOf(prepare('ragged.csv')).line).toBe(13);
    expect(errorOf(prepare('one-class.csv')).column).toBe('label');
    expect(errorOf(prepareDataset({ name: 'e.txt', text: '   ' })).message).toBe(
      'e.txt: the file holds only whitespace',
    );
    expect(errorOf(prepare('poem.txt', { validationFraction: 1 })).message).toBe(
      'poem.txt: the validation fraction must be at least 0 and below 1, got 1',
    );
    expect(errorOf(prepare('sales.csv', { horizon: 0 })).message).toContain('horizon must be a positive integer');
  });

  it('collects warnings: skipped empty texts, constant columns', () => {
    expect(unwrap(prepare('empty-text.csv')).summary.warnings).toContain("2 rows with an empty 'text' skipped");
    const constant = unwrap(
      prepareDataset({ name: 'c.csv', text: 'a,b\n' + Array.from({ length: 20 }, (_, i) => `${i},5`).join('\n') }),
    );
    expect(constant.summary.warnings).toContain(
      "column 'b' is constant (5) in the training part; it carries no information",
    );
  });
});

describe('createInputEncoder (prediction)', () => {
  it('encodes a prompt with a stored character vocabulary', () => {
    const p = unwrap(prepare('poem.txt'));
    const encoder = unwrap(createInputEncoder(roundTrip(p.checkpoint)));
    const batch = unwrap(encoder.encode('Hope\r\n'));
    expect([batch.batchSize, batch.steps]).toEqual([1, 5]);
    expect(encoder.vocab!.decode(batch.tokens!)).toBe('Hope\n');
    expect(errorOf(encoder.encode('')).message).toBe('prediction input: the input is empty; type some text');
  });

  it('encodes a text to classify, cut to the sequence length, and names classes', () => {
    const p = unwrap(prepare('reviews.csv'));
    const encoder = unwrap(createInputEncoder(roundTrip(p.checkpoint)));
    const batch = unwrap(encoder.encode('A wonderful film with zebras, truly wonderful', { seqLen: 4 }));
    expect(batch.steps).toBe(4);
    expect(encoder.vocab!.decode(batch.tokens!)).toBe('a wonderful film <unk>');
    expect(Array.from(batch.lengths!)).toEqual([4]);
    expect(encoder.className(1)).toBe('positive');
    expect(unwrap(encoder.encode('?!')).lengths![0]).toBe(1);
  });

  it('encodes rows of numbers with the stored normalisation and decodes forecasts', () => {
    const p = unwrap(prepare('sales.csv'));
    const n = p.checkpoint.normalization!;
    const encoder = unwrap(createInputEncoder(roundTrip(p.checkpoint)));
    const batch = unwrap(
      encoder.encode([
        [n.mean[0], n.mean[1]],
        [n.mean[0] + n.std[0], n.mean[1]],
      ]),
    );
    expect([batch.steps, Array.from(batch.features!)]).toEqual([2, [0, 0, 1, 0]]);
    expect(unwrap(encoder.encode([1, 2, 3, 4, 5, 6], { seqLen: 2 })).steps).toBe(2);
    expect(encoder.decodeForecast([1])[0][0]).toBeCloseTo(n.mean[1] + n.std[1], 9);
    expect(errorOf(encoder.encode([[1, 2, 3]])).message).toBe(
      'prediction input: row 1 has 3 value(s); expected 2 (temperature, sales)',
    );
    expect(errorOf(encoder.encode([[1, NaN]])).message).toBe(
      "prediction input, column 'sales': row 1: 'NaN' is not a finite number",
    );
    expect(errorOf(encoder.encode('12'))).toBeDefined();
  });

  it('refuses a damaged checkpoint description', () => {
    expect(
      errorOf(createInputEncoder({ dataset: { task: 'juggling' }, vocab: null, normalization: null })).message,
    ).toBe(
      "checkpoint: unknown task 'juggling' (this build knows 'language-model', 'classification', 'forecasting', 'seq2seq', 'audio-classification', 'speech-to-text')",
    );
  });
});
