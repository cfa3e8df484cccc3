import { parseDelimited, parseJsonLines } from '../../../src/data/table';
import { errorOf, fixtureText, unwrap } from './helpers';

describe('parseDelimited (RFC 4180)', () => {
  it('reads quoted commas, doubled quotes and newlines inside quotes, with CRLF line endings', () => {
    const table = unwrap(parseDelimited(fixtureText('quoted.csv'), 'quoted.csv', ','));
    expect(table.columns).toEqual(['text', 'label']);
    expect(table.rows.map((r) => r[0])).toEqual([
      'Hello, world',
      'She said "hi" and left',
      'two\r\nlines',
      'plain text',
      'comma, "quote" and\nnewline',
      'last one',
    ]);
    // Line numbers count a quoted CRLF once (csv-parse counts it as two; the reader undoes that).
    expect(Array.from(table.lines)).toEqual([2, 3, 4, 6, 7, 9]);
  });

  it('reads TSV with a quoted tab', () => {
    const table = unwrap(parseDelimited('a\tb\n1\t"x\ty"\n"2"\tz\n', 'x.tsv', '\t'));
    expect(table.rows).toEqual([
      ['1', 'x\ty'],
      ['2', 'z'],
    ]);
  });

  it('skips blank lines and keeps the true line numbers', () => {
    const table = unwrap(parseDelimited('a,b\n\n1,2\n   \n3,4\n', 'x.csv', ','));
    expect(table.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(Array.from(table.lines)).toEqual([3, 5]);
  });

  it('keeps a stray quote inside an unquoted field as text', () => {
    expect(unwrap(parseDelimited('a,b\n5 1/2",x\n', 'x.csv', ',')).rows[0]).toEqual(['5 1/2"', 'x']);
  });

  it('reports a ragged row with its line, after a record spanning two lines', () => {
    const error = errorOf(parseDelimited(fixtureText('ragged.csv'), 'ragged.csv', ','));
    expect(error.message).toBe(
      'ragged.csv, line 13: expected 3 columns, found 2 (a field containing a comma must be in double quotes)',
    );
  });

  it('reports a row with too many columns (an unquoted comma)', () => {
    const error = errorOf(parseDelimited('id,text,label\n1,fine,a\n2,oops, a comma,b\n', 'r.csv', ','));
    expect(error.message).toBe(
      'r.csv, line 3: expected 3 columns, found 4 (a field containing a comma must be in double quotes)',
    );
  });

  it('reports an unclosed quote where its record starts', () => {
    const error = errorOf(parseDelimited('a,b\n1,2\n\n3,"never closed\n4,5\n', 'q.csv', ','));
    expect(error.line).toBe(4);
    expect(error.message).toContain('a quoted field is never closed');
  });

  it('refuses a file with only a header', () => {
    expect(errorOf(parseDelimited(fixtureText('header-only.csv'), 'header-only.csv', ',')).message).toBe(
      'header-only.csv, line 1: the file has a header row but no data rows',
    );
  });

  it('refuses a file without a header row, and duplicate column names', () => {
    expect(errorOf(parseDelimited('1,2\n3,4\n', 'n.csv', ',')).message).toBe(
      'n.csv, line 1: the first line holds numbers, not column names; add a header row naming the columns',
    );
    expect(errorOf(parseDelimited('a,b,a\n1,2,3\n', 'd.csv', ',')).message).toBe(
      "d.csv, line 1: column name 'a' appears twice (columns 1 and 3); rename one",
    );
  });

  it('names empty header cells by position', () => {
    expect(unwrap(parseDelimited(',b\n1,2\n', 'e.csv', ',')).columns).toEqual(['column 1', 'b']);
  });
});

describe('parseJsonLines', () => {
  it('reads one object per line, skipping blank lines, with every key as a column', () => {
    const table = unwrap(
      parseJsonLines('{"text":"a","label":1}\n\n{"label":true,"text":"b","extra":null}\r\n', 'x.jsonl'),
    );
    expect(table.columns).toEqual(['text', 'label', 'extra']);
    expect(table.rows).toEqual([
      ['a', '1', ''],
      ['b', 'true', ''],
    ]);
    expect(Array.from(table.lines)).toEqual([1, 3]);
  });

  it('reports a line that is not JSON with its line number', () => {
    const error = errorOf(parseJsonLines(fixtureText('bad.jsonl'), 'bad.jsonl'));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^bad\.jsonl, line 3: not valid JSON \(.*\); each line must hold one JSON object$/);
  });

  it("says where a line stops being JSON, without the parser's own words (issue #20)", () => {
    const error = errorOf(parseJsonLines('text,label\n', 'x.jsonl'));
    expect(error.message).toBe("x.jsonl, line 1: not valid JSON (at 'e'); each line must hold one JSON object");
  });

  it('reports a line that holds JSON but not an object', () => {
    expect(errorOf(parseJsonLines('{"a":1}\n[1,2]\n', 'x.jsonl')).message).toBe(
      'x.jsonl, line 2: expected a JSON object like {"text": "...", "label": "..."}, found an array',
    );
  });
});
