import { detectFormat } from '../../../src/data/detect';
import { detectDataset } from '../../../src/tasks/detect';
import { errorOf, fixtureText, unwrap } from './helpers';

const detect = (name: string, overrides = {}) => detectDataset(name, fixtureText(name), overrides);

describe('detectFormat', () => {
  it('goes by the extension, case-insensitively; anything else is text', () => {
    expect(detectFormat('a/b/Reviews.CSV')).toBe('csv');
    expect(detectFormat('x.tsv')).toBe('tsv');
    expect(detectFormat('x.jsonl')).toBe('jsonl');
    expect(detectFormat('x.ndjson')).toBe('jsonl');
    expect(detectFormat('poem.txt')).toBe('text');
    expect(detectFormat('README.md')).toBe('text');
    expect(detectFormat('LICENSE')).toBe('text');
  });
});

describe('detectDataset', () => {
  it('plain text → language model', () => {
    for (const name of ['poem.txt', 'notes.md']) {
      const d = unwrap(detect(name));
      expect([d.kind, d.task, d.format]).toEqual(['text', 'language-model', 'text']);
      expect(d.reason).toContain('language model');
    }
  });

  it('CSV with free text and a two-valued column → classification, with the reason', () => {
    const d = unwrap(detect('reviews.csv'));
    expect([d.kind, d.task]).toEqual(['labelled', 'classification']);
    expect(d.columns).toEqual({ text: 'review', label: 'sentiment' });
    expect(d.reason).toBe("column 'review' holds free text (mean 5.2 words), column 'sentiment' has 2 values");
  });

  it('TSV with the label first', () => {
    const d = unwrap(detect('spam.tsv'));
    expect(d.columns).toEqual({ text: 'message', label: 'label' });
  });

  it('JSON Lines with text/label, and with alternative names (sentence/category)', () => {
    expect(unwrap(detect('reviews.jsonl')).columns).toEqual({ text: 'text', label: 'label' });
    const d = unwrap(detect('intents.jsonl'));
    expect(d.task).toBe('classification');
    expect(d.columns).toEqual({ text: 'sentence', label: 'category' });
    expect(d.reason).toContain("column 'category' has 3 values");
  });

  it('finds a label column by its few values when no name says so', () => {
    const csv = 'body,stars\n' + Array.from({ length: 20 }, (_, i) => `some words number ${i},${i % 3}`).join('\n');
    expect(unwrap(detectDataset('r.csv', csv)).columns).toEqual({ text: 'body', label: 'stars' });
  });

  it('numeric CSV with a date column → forecasting', () => {
    const d = unwrap(detect('sales.csv'));
    expect([d.kind, d.task]).toEqual(['series', 'forecasting']);
    expect(d.columns).toEqual({ date: 'date', features: ['temperature', 'sales'], targets: ['sales'] });
    expect(d.reason).toBe(
      "columns 'temperature' and 'sales' are numeric, 'date' is the time axis: forecasting 'sales' (named like a target)",
    );
  });

  it('numeric TSV without a date → forecasting the first column', () => {
    const d = unwrap(detect('sensors.tsv'));
    expect(d.columns).toEqual({ features: ['a', 'b', 'c'], targets: ['a'] });
    expect(d.reason).toContain('the first numeric column');
  });

  it('still detects a series with a typo, so that parsing can name the bad cell', () => {
    expect(unwrap(detect('non-numeric.csv')).task).toBe('forecasting');
  });

  it('says what is missing when no column is usable', () => {
    const error = errorOf(detect('no-label.csv'));
    expect(error.message).toMatch(/^no-label\.csv: no label column: next to the text column 'comment'/);
    expect(error.message).toContain('labelColumn');
  });

  describe('overrides', () => {
    it('task: a CSV as a language model over the whole file', () => {
      const d = unwrap(detect('reviews.csv', { task: 'language-model' }));
      expect([d.kind, d.table]).toEqual(['text', null]);
    });

    it('task + text column: a language model over one column', () => {
      const d = unwrap(detect('reviews.csv', { task: 'language-model', textColumn: 'review' }));
      expect(d.columns).toEqual({ text: 'review' });
      expect(d.table).not.toBeNull();
    });

    it('task: a plain text file cannot be classified', () => {
      expect(errorOf(detect('poem.txt', { task: 'classification' })).message).toBe(
        'poem.txt: a plain text file can only train a language model; for classification use a CSV, TSV or JSON Lines file',
      );
    });

    it('text and label columns', () => {
      const d = unwrap(detect('intents.jsonl', { textColumn: 'sentence', labelColumn: 'source' }));
      expect(d.columns).toEqual({ text: 'sentence', label: 'source' });
    });

    it('label column alone picks classification', () => {
      expect(unwrap(detect('no-label.csv', { labelColumn: 'id' })).columns).toEqual({ text: 'comment', label: 'id' });
    });

    it('target columns (several) pick forecasting', () => {
      const d = unwrap(detect('sales.csv', { targetColumns: ['temperature', 'sales'] }));
      expect(d.columns.targets).toEqual(['temperature', 'sales']);
    });

    it('date column: none, or another one', () => {
      const none = unwrap(detect('sensors.tsv', { dateColumn: null, targetColumns: ['b'] }));
      expect(none.columns).toEqual({ features: ['a', 'b', 'c'], targets: ['b'] });
      const asDate = unwrap(detect('sensors.tsv', { dateColumn: 'c' }));
      expect(asDate.columns).toEqual({ date: 'c', features: ['a', 'b'], targets: ['a'] });
    });

    it('a column that does not exist', () => {
      expect(errorOf(detect('reviews.csv', { labelColumn: 'stars' })).message).toBe(
        "reviews.csv, line 1: there is no column 'stars'; the columns are 'id', 'review' and 'sentiment'",
      );
    });

    it('forecasting forced on a table with text ignores the text columns, with a warning', () => {
      const d = unwrap(detectDataset('m.csv', 'name,p,q\na,1,2\nb,3,4\nc,5,6\n', { task: 'forecasting' }));
      expect(d.columns).toEqual({ features: ['p', 'q'], targets: ['p'] });
      expect(d.warnings).toEqual(["column 'name' is not numeric and is ignored"]);
    });
  });
});
