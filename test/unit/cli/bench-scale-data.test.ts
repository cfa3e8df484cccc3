/**
 * The scale benchmark's generators, on a small scale: the same seed gives the same bytes whatever the
 * chunk size, the sizes are exact, the text is valid UTF-8 prose with a book's kind of character set, and
 * the table is a fixed-width per-minute series whose size is known before it is written.
 */

import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  TABLE_HEADER,
  TABLE_ROW_BYTES,
  Xorshift32,
  generateTable,
  generateText,
  tableBytes,
} from '../../../src/cli/bench-scale-data';
import { SCALE_DATASETS, ensureScaleFile, formatBytes, type ScaleDataset } from '../../../src/cli/bench-scale-files';

/** The generator's output joined into one array (the sink's buffer is reused, so each chunk is copied). */
function collect(generate: (sink: (chunk: Uint8Array) => void) => void): { bytes: Uint8Array; chunks: number } {
  const parts: Uint8Array[] = [];
  generate((chunk) => parts.push(chunk.slice()));
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, chunks: parts.length };
}

const decodeStrict = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes);

describe('scale text generator', () => {
  it('makes exactly the size asked for, the same bytes for the same seed whatever the chunk size', () => {
    const a = collect((sink) => generateText(200_000, 7, sink, 4096));
    const b = collect((sink) => generateText(200_000, 7, sink, 65_536));
    expect(a.bytes.length).toBe(200_000);
    expect(a.chunks).toBeGreaterThan(b.chunks);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const other = collect((sink) => generateText(200_000, 8, sink));
    expect(Buffer.from(other.bytes).equals(Buffer.from(a.bytes))).toBe(false);
  });

  it('a longer text starts with the shorter one of the same seed (size only decides where it stops)', () => {
    const short = collect((sink) => generateText(50_000, 3, sink)).bytes;
    const long = collect((sink) => generateText(120_000, 3, sink)).bytes;
    // The short one closes its last sentence early and pads with newlines; everything before is shared.
    const text = decodeStrict(short).replace(/[.?!]”?\n+$/, '');
    expect(decodeStrict(long).startsWith(text)).toBe(true);
  });

  it('is valid UTF-8 prose: sentences, paragraphs, a book-sized alphabet with a few multi-byte characters', () => {
    const text = decodeStrict(collect((sink) => generateText(300_000, 21, sink, 1000)).bytes);
    const characters = new Set(text);
    expect(characters.size).toBeGreaterThan(50);
    expect(characters.size).toBeLessThan(120);
    expect([...characters].some((c) => c.codePointAt(0)! > 127)).toBe(true);
    expect(text).toMatch(/^[A-Z“]/);
    expect(text).toContain('\n\n');
    expect(text).toMatch(/[a-z]\. [A-Z]/);
    // Spaces are about one character in six, and 'e' the most frequent letter, as in English.
    const count = (c: string) => text.split(c).length - 1;
    expect(count(' ') / text.length).toBeGreaterThan(0.12);
    expect(count(' ') / text.length).toBeLessThan(0.22);
    const letters = 'abcdefghijklmnopqrstuvwxyz'.split('').sort((x, y) => count(y) - count(x));
    expect(letters[0]).toBe('e');
    expect(text).not.toMatch(/ {2}|\n /);
  });
});

describe('scale table generator', () => {
  it('writes a header and fixed-width per-minute rows: the size is known before writing', () => {
    const rows = 3000;
    const { bytes } = collect((sink) => generateTable(rows, 21, sink, 1024));
    expect(bytes.length).toBe(tableBytes(rows));
    const lines = decodeStrict(bytes).split('\n');
    expect(`${lines[0]}\n`).toBe(TABLE_HEADER);
    expect(lines.at(-1)).toBe('');
    const data = lines.slice(1, -1);
    expect(data).toHaveLength(rows);
    for (const line of data) expect(line.length + 1).toBe(TABLE_ROW_BYTES);
    expect(data[0].startsWith('2000-01-01T00:00:00Z,')).toBe(true);
    expect(data[1].startsWith('2000-01-01T00:01:00Z,')).toBe(true);
    expect(data[1440].startsWith('2000-01-02T00:00:00Z,')).toBe(true);
    for (const line of data) {
      const [date, load, temperature, humidity] = line.split(',');
      expect(Number.isNaN(Date.parse(date))).toBe(false);
      expect(Number(load)).toBeGreaterThanOrEqual(100);
      expect(Number(load)).toBeLessThanOrEqual(999.99);
      expect(Number(temperature)).toBeGreaterThanOrEqual(10);
      expect(Number(humidity)).toBeLessThan(1);
    }
  });

  it('counts the calendar right across month ends and leap days', () => {
    // 2000 was a leap year: minute 59 × 1440 is 2000-02-29, minute 60 × 1440 is 2000-03-01.
    const rows = 61 * 1440;
    const lines = decodeStrict(collect((sink) => generateTable(rows, 1, sink)).bytes).split('\n');
    expect(lines[1 + 30 * 1440].slice(0, 10)).toBe('2000-01-31');
    expect(lines[1 + 31 * 1440].slice(0, 10)).toBe('2000-02-01');
    expect(lines[1 + 59 * 1440].slice(0, 10)).toBe('2000-02-29');
    expect(lines[1 + 60 * 1440].slice(0, 19)).toBe('2000-03-01T00:00:00');
  });

  it('is the same for the same seed, different for another', () => {
    const a = collect((sink) => generateTable(500, 4, sink)).bytes;
    const b = collect((sink) => generateTable(500, 4, sink, 333)).bytes;
    const c = collect((sink) => generateTable(500, 5, sink)).bytes;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });
});

describe('scale data sets', () => {
  it('are a 100 MB and a 1 GB text and a 10 M-row table, with versioned file names', () => {
    expect(SCALE_DATASETS.map((d) => [d.id, formatBytes(d.bytes)])).toEqual([
      ['text-100MB', '100 MB'],
      ['text-1GB', '1 GB'],
      ['table-10M', '400 MB'],
    ]);
    for (const d of SCALE_DATASETS) expect(d.fileName).toMatch(/\.v\d+\.(txt|csv)$/);
  });

  it('xorshift32 is a fixed sequence for a seed', () => {
    const draws = (seed: number) => {
      const rng = new Xorshift32(seed);
      return Array.from({ length: 4 }, () => rng.nextUint32());
    };
    expect(draws(21)).toEqual(draws(21));
    expect(draws(21)).not.toEqual(draws(22));
    expect(draws(0).every((x) => x > 0)).toBe(true);
  });
});

describe('scale data files', () => {
  it('are generated once under their name, reused with the right size, remade with a wrong one', () => {
    const folder = mkdtempSync(join(tmpdir(), 'bench-scale-test-'));
    try {
      const dataset: ScaleDataset = {
        id: 'tiny',
        kind: 'text',
        description: 'a tiny text',
        size: 10_000,
        fileName: 'tiny.v1.txt',
        bytes: 10_000,
      };
      const made = ensureScaleFile(dataset, folder);
      expect(made.reused).toBe(false);
      expect(statSync(made.path).size).toBe(10_000);
      expect(readdirSync(folder)).toEqual(['tiny.v1.txt']);
      expect(ensureScaleFile(dataset, folder).reused).toBe(true);
      writeFileSync(made.path, 'cut short');
      const remade = ensureScaleFile(dataset, folder);
      expect(remade.reused).toBe(false);
      expect(statSync(remade.path).size).toBe(10_000);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
