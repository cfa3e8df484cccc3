import { detectDataset } from '../../../src/tasks/detect';
import { readLabelledExamples } from '../../../src/data/labelled';
import { readSeries } from '../../../src/data/series';
import { errorOf, fixtureText, unwrap } from './helpers';

function series(name: string, text = fixtureText(name)) {
  const d = unwrap(detectDataset(name, text, { task: 'forecasting' }));
  return readSeries(
    d.table!,
    { features: d.columns.features!, targets: d.columns.targets!, date: d.columns.date },
    name,
  );
}

function labelled(name: string, text = fixtureText(name)) {
  const d = unwrap(detectDataset(name, text, { task: 'classification' }));
  return readLabelledExamples(d.table!, { text: d.columns.text!, label: d.columns.label! }, name);
}

describe('readSeries', () => {
  it('reads every numeric column row by row, with the targets located', () => {
    const s = unwrap(series('sales.csv'));
    expect(s.columns).toEqual(['temperature', 'sales']);
    expect(s.rows).toBe(60);
    expect(s.targetIndices).toEqual([1]);
    expect(Array.from(s.values.subarray(0, 4))).toEqual([10, 100, 10.99, 106.3]);
    expect(s.dateRange).toEqual({ first: '2024-01-01', last: '2024-02-30' });
    expect(s.warnings).toEqual([]);
  });

  it('names the line and column of a value that is not a number', () => {
    expect(errorOf(series('non-numeric.csv')).message).toBe(
      "non-numeric.csv, line 8, column 'volume': '12k' is not a number",
    );
  });

  it('refuses NaN and Infinity', () => {
    expect(errorOf(series('nan.csv')).message).toBe(
      "nan.csv, line 5, column 'price': 'NaN' is not a finite number; replace it with a number",
    );
    expect(errorOf(series('infinity.csv')).message).toBe(
      "infinity.csv, line 10, column 'volume': 'Infinity' is not a finite number; replace it with a number",
    );
    expect(errorOf(series('big.csv', 'a,b\n1,2\n1e999,3\n4,5\n')).message).toContain(
      "line 3, column 'a': '1e999' is not a finite number",
    );
  });

  it('refuses empty cells and missing-value markers', () => {
    expect(errorOf(series('empty-cell.csv')).message).toBe(
      "empty-cell.csv, line 6, column 'price': empty cell; a series needs a number in every row (fill it in or remove the row)",
    );
    expect(errorOf(series('na.csv', 'a,b\n1,2\n3,NA\n4,5\n6,7\n')).message).toContain(
      "line 3, column 'b': missing value 'NA'",
    );
  });

  it('warns when ISO dates go backwards', () => {
    const s = unwrap(series('d.csv', 'date,v\n2024-01-02,1\n2024-01-01,2\n2024-01-03,3\n'));
    expect(s.warnings[0]).toMatch(/^rows are not in time order: line 3 \(2024-01-01\) comes after line 2/);
  });
});

describe('readLabelledExamples', () => {
  it('reads texts and class ids, classes in sorted order', () => {
    const e = unwrap(labelled('spam.tsv'));
    expect(e.classes).toEqual(['ham', 'spam']);
    expect(e.texts.length).toBe(14);
    expect(e.texts[0]).toBe('Congratulations, you were selected for a free cruise');
    expect(e.labels[0]).toBe(1);
    expect(e.lines[0]).toBe(2);
  });

  it('orders numeric labels numerically', () => {
    const rows = ['t,label', ...['10', '2', '1', '2', '10', '1'].map((l, i) => `text ${i},${l}`)].join('\n');
    expect(unwrap(labelled('n.csv', rows)).classes).toEqual(['1', '2', '10']);
  });

  it('skips empty texts and says how many', () => {
    const e = unwrap(labelled('empty-text.csv'));
    expect(e.texts).toEqual(['good film', 'bad film', 'nice', 'awful']);
    expect(e.skippedEmptyText).toBe(2);
    expect(e.warnings).toEqual(["2 rows with an empty 'text' skipped"]);
  });

  it('refuses a label column with a single class', () => {
    expect(errorOf(labelled('one-class.csv')).message).toBe(
      "one-class.csv, column 'label': has only one class ('positive'); classification needs at least two different labels",
    );
  });
});
