import { GrowableFloat64, GrowableInt32 } from '../../../src/data/growable';
import { LabelledReader, readLabelledRows } from '../../../src/data/labelled';
import { readSeries, SeriesReader } from '../../../src/data/series';
import { parseTable } from '../../../src/data/table';
import { TableStreamParser, type TableFormat, type TableRowSink } from '../../../src/data/table-stream';
import { errorOf, unwrap } from './helpers';

/** Streams `text` in pieces of `size` characters through the parser into `sink`. */
function streamInto(text: string, file: string, format: TableFormat, sink: TableRowSink, size: number) {
  const parser = new TableStreamParser(file, format, sink);
  for (let at = 0; at < text.length; at += size) parser.push(text.slice(at, at + size));
  return parser.finish();
}

describe('growable columns', () => {
  it('keep every value pushed, past many doublings, and trim to their length', () => {
    const f = new GrowableFloat64(1);
    const i = new GrowableInt32(1);
    for (let k = 0; k < 5000; k++) {
      f.push(k / 3);
      i.push(-k);
    }
    expect(f.length).toBe(5000);
    expect(f.toArray()).toEqual(Float64Array.from({ length: 5000 }, (_, k) => k / 3));
    expect(i.toArray().length).toBe(5000);
    expect(i.at(4999)).toBe(-4999);
  });
});

describe('SeriesReader', () => {
  const jsonl =
    '{"v":1.5,"date":"2024-01-02","w":2}\n{"w":3,"v":2.5,"date":"2024-01-01"}\n{"date":"2024-01-03","v":4,"w":5}\n';

  it('reads streamed JSON Lines as the whole table, columns in the order of the first object', () => {
    const choice = { features: ['v', 'w'], targets: ['w'], date: 'date' };
    const held = unwrap(readSeries(unwrap(parseTable(jsonl, 'x.jsonl', 'jsonl')), choice, 'x.jsonl'));
    for (const size of [1, 7, 1000]) {
      const reader = new SeriesReader(choice, 'x.jsonl');
      unwrap(streamInto(jsonl, 'x.jsonl', 'jsonl', reader, size));
      expect(unwrap(reader.finish())).toEqual(held);
    }
    expect(held.columns).toEqual(['v', 'w']);
    expect(Array.from(held.values)).toEqual([1.5, 2, 2.5, 3, 4, 5]);
    expect(held.dateRange).toEqual({ first: '2024-01-02', last: '2024-01-03' });
    expect(held.warnings[0]).toMatch(/^rows are not in time order: line 2 \(2024-01-01\) comes after line 1/);
  });

  it('names the empty cell of a key the first streamed object lacks', () => {
    const reader = new SeriesReader({ features: ['v', 'w'], targets: ['v'] }, 'x.jsonl');
    const error = errorOf(streamInto('{"v":1}\n{"v":2,"w":3}\n', 'x.jsonl', 'jsonl', reader, 4));
    expect(error.message).toBe(
      "x.jsonl, line 1, column 'w': empty cell; a series needs a number in every row (fill it in or remove the row)",
    );
  });

  it('refuses a missing column at the header, before any row', () => {
    let rows = 0;
    const reader = new SeriesReader({ features: ['a', 'z'], targets: ['a'], order: 'listed' }, 'x.csv');
    const sink: TableRowSink = { header: (c, complete) => reader.header(c, complete), row: () => (rows++, null) };
    expect(errorOf(streamInto('a,b\n1,2\n', 'x.csv', 'csv', sink, 3)).message).toBe(
      "x.csv, line 1: there is no column 'z'; the columns are 'a' and 'b'",
    );
    expect(rows).toBe(0);
  });
});

describe('LabelledReader', () => {
  it('reads a label key that first appears in a later streamed object, texts handed on in order', () => {
    const text =
      '{"text":"hello"}\n{"text":"hi","label":"greet"}\n{"text":"  ","label":"x"}\n{"label":"bye","text":"ciao"}\n';
    const held = unwrap(
      readLabelledRows(unwrap(parseTable(text, 'x.jsonl', 'jsonl')), { text: 'text', label: 'label' }, 'x.jsonl'),
    );
    const texts: string[] = [];
    const reader = new LabelledReader({ text: 'text', label: 'label' }, 'x.jsonl', (t) => void texts.push(t));
    unwrap(streamInto(text, 'x.jsonl', 'jsonl', reader, 5));
    const read = unwrap(reader.finish());
    expect(texts).toEqual(held.texts);
    expect(Array.from(read.codes, (c) => read.names[c])).toEqual(held.labelNames);
    expect(read.lines).toEqual(held.lines);
    expect(read.warnings).toEqual(held.warnings);
    expect(held.texts).toEqual(['hi', 'ciao']);
    expect(held.warnings).toEqual(["1 row with an empty 'text' skipped", "1 row with an empty 'label' skipped"]);
  });

  it('says a key that never appears is no column', () => {
    const reader = new LabelledReader({ text: 'text', label: 'label' }, 'x.jsonl', () => {});
    unwrap(streamInto('{"text":"a"}\n', 'x.jsonl', 'jsonl', reader, 3));
    expect(errorOf(reader.finish()).message).toBe(
      "x.jsonl, line 1: there is no column 'label'; the columns are 'text'",
    );
  });
});
