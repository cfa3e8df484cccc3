import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamingTextDecoder } from '../../../src/data/decode-text';
import { readTextFile, readTextSample, streamTextFile } from '../../../src/data/read-text';
import { errorOf, unwrap } from './helpers';

const TEXT = 'naïve café\r\n東京 🎉 done\r\nlast line ünïcödé 😀\n';

describe('streamTextFile', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'stream-text-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hands on the whole text in pieces that never split a code point, for every chunk size', async () => {
    const path = join(dir, 'mixed.txt');
    writeFileSync(path, TEXT);
    const whole = unwrap(await readTextFile(path));
    // Chunk sizes below the 4 KiB minimum are set through the decoder directly, byte by byte up to 7.
    for (let size = 1; size <= 7; size++) {
      const pieces: string[] = [];
      const decoder = new StreamingTextDecoder('mixed.txt', (piece) => void pieces.push(piece));
      const bytes = new TextEncoder().encode(TEXT);
      for (let at = 0; at < bytes.length; at += size) expect(decoder.push(bytes.subarray(at, at + size))).toBeNull();
      unwrap(decoder.finish());
      expect(pieces.join('')).toBe(whole.text);
      for (const piece of pieces) {
        const last = piece.charCodeAt(piece.length - 1);
        expect(last >= 0xd800 && last <= 0xdbff).toBe(false); // no lone high surrogate at a piece's end
      }
    }
    const pieces: string[] = [];
    const facts = unwrap(await streamTextFile(path, (piece) => void pieces.push(piece)));
    expect(pieces.join('')).toBe(whole.text);
    expect(facts.fingerprint).toBe(whole.fingerprint);
    expect(facts.byteLength).toBe(whole.byteLength);
  });

  it('reports a bad byte with its offset and line, as a whole read does', async () => {
    const path = join(dir, 'latin1.txt');
    writeFileSync(path, Buffer.concat([Buffer.from('line one\nline two caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const streamed = errorOf(await streamTextFile(path, () => undefined));
    expect(streamed).toEqual(errorOf(await readTextFile(path)));
    expect(streamed.message).toContain('offset 21');
    expect(streamed.line).toBe(2);
  });

  it('refuses an empty or blank file', async () => {
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '\ufeff');
    expect(errorOf(await streamTextFile(empty, () => undefined)).message).toContain('the file is empty');
    const blank = join(dir, 'blank.txt');
    writeFileSync(blank, ' \n\t\n');
    expect(errorOf(await streamTextFile(blank, () => undefined)).message).toContain('only whitespace');
  });
});

describe('readTextSample', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'text-sample-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives a small file whole', async () => {
    const path = join(dir, 'small.csv');
    writeFileSync(path, 'a,b\n1,2\n3,4');
    const sample = unwrap(await readTextSample(path, 4096));
    expect(sample).toMatchObject({ text: 'a,b\n1,2\n3,4', complete: true, byteLength: 11 });
  });

  it('cuts a longer file after its last whole line', async () => {
    const path = join(dir, 'rows.csv');
    const rows = ['value'];
    for (let i = 0; i < 2000; i++) rows.push(`${i},é`);
    writeFileSync(path, rows.join('\n') + '\n');
    const sample = unwrap(await readTextSample(path, 4096));
    expect(sample.complete).toBe(false);
    expect(sample.text.endsWith('\n')).toBe(true);
    expect(sample.sampleBytes).toBeLessThanOrEqual(4096);
    expect(Buffer.byteLength(sample.text)).toBe(sample.sampleBytes);
    expect(rows.join('\n').startsWith(sample.text.slice(0, -1))).toBe(true);
  });

  it('cuts one huge line at its last whole code point', async () => {
    const path = join(dir, 'line.txt');
    writeFileSync(path, 'é'.repeat(5000)); // 10 000 bytes, no line end
    const sample = unwrap(await readTextSample(path, 4097));
    expect(sample.complete).toBe(false);
    expect(sample.text).toBe('é'.repeat(2048));
  });

  it('applies the whole-file checks to the sample', async () => {
    const path = join(dir, 'binary.bin');
    writeFileSync(path, Buffer.from([0x41, 0x00, 0x42]));
    expect(errorOf(await readTextSample(path)).message).toContain('looks like a binary file');
  });
});
