import { StreamingTextDecoder } from '../../../src/data/decode-text';
import { dataError, type Result } from '../../../src/data/errors';
import { parseTable, type Table } from '../../../src/data/table';
import { TableStreamParser, type TableFormat } from '../../../src/data/table-stream';
import { Random } from '../../../src/engine/random';
import { errorOf, fixtureText, unwrap } from './helpers';

/** The table read from `pieces` one after another, as a file streamed in chunks is. */
function parsePieces(pieces: readonly string[], file: string, format: TableFormat): Result<Table> {
  const rows: string[][] = [];
  const lines: number[] = [];
  const parser = new TableStreamParser(file, format, {
    header: () => null,
    row(cells, line) {
      rows.push(cells);
      lines.push(line);
      return null;
    },
  });
  for (const piece of pieces) if (parser.push(piece)) break;
  const parsed = parser.finish();
  if (!parsed.ok) return parsed;
  for (const row of rows) while (row.length < parsed.value.columns.length) row.push('');
  return { ok: true, value: { columns: parsed.value.columns, rows, lines: Int32Array.from(lines) } };
}

/** Every split of `text` into two pieces, and into pieces of 1, 2 and 3 characters, parses as the whole. */
function expectSameAtEveryBoundary(text: string, file: string, format: TableFormat): void {
  const whole = parseTable(text, file, format);
  const splits: string[][] = [];
  for (let at = 0; at <= text.length; at++) splits.push([text.slice(0, at), text.slice(at)]);
  for (const size of [1, 2, 3]) {
    const pieces: string[] = [];
    for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
    splits.push(pieces);
  }
  for (const pieces of splits) expect(parsePieces(pieces, file, format), JSON.stringify(pieces)).toEqual(whole);
}

describe('TableStreamParser: the same table whatever the pieces', () => {
  it('reads the fixtures identically when split at every boundary', () => {
    for (const [name, format] of [
      ['quoted.csv', 'csv'],
      ['ragged.csv', 'csv'],
      ['sales.csv', 'csv'],
      ['spam.tsv', 'tsv'],
      ['sensors.tsv', 'tsv'],
      ['reviews.jsonl', 'jsonl'],
      ['bad.jsonl', 'jsonl'],
      ['intents.jsonl', 'jsonl'],
    ] as const) {
      const text = fixtureText(name).slice(0, 1500);
      expectSameAtEveryBoundary(text, name, format);
    }
  });

  it('keeps a CRLF split across pieces as one line end, in and out of quotes', () => {
    const text = 'a,b\r\n1,"x\r\ny"\r\n2,z\r\n';
    expectSameAtEveryBoundary(text, 'crlf.csv', 'csv');
    const table = unwrap(parsePieces(['a,b\r', '\n1,"x\r', '\ny"\r', '\n2,z\r', '\n'], 'crlf.csv', 'csv'));
    expect(table.rows).toEqual([
      ['1', 'x\r\ny'],
      ['2', 'z'],
    ]);
    expect(Array.from(table.lines)).toEqual([2, 4]);
  });

  it('reads quoted newlines and doubled quotes split between pieces', () => {
    const text = 'text,label\n"she said ""hi""\nand left",a\n"""",b\n"",c\n';
    expectSameAtEveryBoundary(text, 'q.csv', 'csv');
    const table = unwrap(
      parsePieces(['text,label\n"she said "', '"hi"', '"\nand left",a\n""', '"",b\n"', '",c\n'], 'q.csv', 'csv'),
    );
    expect(table.rows).toEqual([
      ['she said "hi"\nand left', 'a'],
      ['"', 'b'],
      ['', 'c'],
    ]);
    expect(Array.from(table.lines)).toEqual([2, 4, 5]);
  });

  it('reads UTF-8 bytes split inside a multi-byte character, through the streaming decoder', () => {
    const text = 'text,label\n"naïve, café",😀\n東京 🎉,"ünï\r\ncödé"\n';
    const whole = unwrap(parseTable(text, 'u.csv', 'csv'));
    expect(whole.rows).toEqual([
      ['naïve, café', '😀'],
      ['東京 🎉', 'ünï\r\ncödé'],
    ]);
    const bytes = new TextEncoder().encode(text);
    for (let size = 1; size <= 5; size++) {
      const rows: string[][] = [];
      const parser = new TableStreamParser('u.csv', 'csv', {
        header: () => null,
        row: (cells) => (rows.push(cells), null),
      });
      const decoder = new StreamingTextDecoder('u.csv', (piece) => expect(parser.push(piece)).toBeNull());
      for (let at = 0; at < bytes.length; at += size) expect(decoder.push(bytes.subarray(at, at + size))).toBeNull();
      unwrap(decoder.finish());
      unwrap(parser.finish());
      expect(rows).toEqual(whole.rows);
    }
  });

  it('reads JSON Lines split anywhere, with keys that appear later and CRLF line ends', () => {
    const text = '{"text":"a\\nb","label":1}\r\n\r\n{"label":"x","text":"é😀","extra":[1]}\n{"text":"c"}';
    expectSameAtEveryBoundary(text, 'x.jsonl', 'jsonl');
    const table = unwrap(parseTable(text, 'x.jsonl', 'jsonl'));
    expect(table.columns).toEqual(['text', 'label', 'extra']);
    expect(table.rows).toEqual([
      ['a\nb', '1', ''],
      ['é😀', 'x', '[1]'],
      ['c', '', ''],
    ]);
    expect(Array.from(table.lines)).toEqual([1, 3, 4]);
  });

  it('reports ragged rows, unclosed quotes and bad JSON with the same line whatever the pieces', () => {
    const ragged = 'a,b\n1,"x\ny"\n2,3,4\n';
    expectSameAtEveryBoundary(ragged, 'r.csv', 'csv');
    expect(errorOf(parseTable(ragged, 'r.csv', 'csv')).line).toBe(4);
    const unclosed = 'a,b\r\n1,2\r\n\r\n3,"never\r\nclosed\r\n';
    expectSameAtEveryBoundary(unclosed, 'u.csv', 'csv');
    expect(errorOf(parseTable(unclosed, 'u.csv', 'csv')).line).toBe(4);
    const bad = '{"a":1}\n{"a":\n';
    expectSameAtEveryBoundary(bad, 'b.jsonl', 'jsonl');
    expect(errorOf(parseTable(bad, 'b.jsonl', 'jsonl')).line).toBe(2);
  });

  it('stops at the first problem a sink returns', () => {
    let seen = 0;
    const parser = new TableStreamParser('s.csv', 'csv', {
      header: () => null,
      row: (_cells, line) => (++seen === 2 ? dataError('s.csv', 'stop', { line }) : null),
    });
    expect(parser.push('a\n1\n2\n3\n')?.message).toBe('s.csv, line 3: stop');
    expect(errorOf(parser.finish()).line).toBe(3);
    expect(seen).toBe(2);
  });
});

describe('TableStreamParser: random tables read the same in pieces as whole', () => {
  const ALPHABET = ['a', 'b', ' ', ',', '"', '""', '\n', '\r\n', '\r', 'é', '😀', '1.5', '\t'];

  it('gives the same rows, lines and problems at every boundary, with quotes, delimiters and every line end', () => {
    const random = new Random(21);
    let read = 0;
    let failed = 0;
    for (let trial = 0; trial < 400; trial++) {
      const delimiter = trial % 3 === 0 ? '\t' : ',';
      const ending = ['\n', '\r\n', '\r'][trial % 3 === 1 ? 1 : trial % 5 === 0 ? 2 : 0];
      const columns = 1 + Math.floor(random.uniform() * 3);
      let text = Array.from({ length: columns }, (_, i) => `c${i}`).join(delimiter) + ending;
      const rows = 1 + Math.floor(random.uniform() * 4);
      for (let r = 0; r < rows; r++) {
        const cells: string[] = [];
        for (let c = 0; c < columns; c++) {
          let cell = '';
          const length = Math.floor(random.uniform() * 5);
          for (let k = 0; k < length; k++) cell += ALPHABET[Math.floor(random.uniform() * ALPHABET.length)];
          cells.push(random.uniform() < 0.4 ? `"${cell.replaceAll('"', '""')}"` : cell);
        }
        text += cells.join(delimiter) + ending;
      }
      const format = delimiter === '\t' ? 'tsv' : 'csv';
      if (parseTable(text, 'r.csv', format).ok) read++;
      else failed++;
      expectSameAtEveryBoundary(text, 'r.csv', format);
    }
    // Both outcomes are exercised: tables read, and ragged rows or open quotes reported.
    expect(read).toBeGreaterThan(100);
    expect(failed).toBeGreaterThan(100);
  });
});
