import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamingTextDecoder } from '../../../src/data/decode-text';
import { readTextFile, readTextSample, streamTextFile } from '../../../src/data/read-text';
import { chooseEncoding, utf16ByNuls } from '../../../src/data/text-encoding';
import { errorOf, unwrap } from './helpers';

const MIXED = 'naïve café, 東京 🎉\r\nฉันชอบกินข้าว 😀\nlast line\n';

/** `text` as UTF-16 big-endian bytes (Node writes only little-endian). */
function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1], le[i]];
  return be;
}

const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

describe('reading text in any encoding', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'text-encoding-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, bytes: Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  it('reads UTF-16 LE and BE with a byte-order mark, the mark dropped, the bytes fingerprinted', async () => {
    const le = Buffer.from('\ufeff' + MIXED, 'utf16le');
    expect([...le.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const fromLe = unwrap(await readTextFile(file('le.txt', le)));
    expect(fromLe.text).toBe(MIXED);
    expect(fromLe.fingerprint).toBe(sha256(le));
    const be = utf16be('\ufeff' + MIXED);
    expect([...be.subarray(0, 2)]).toEqual([0xfe, 0xff]);
    expect(unwrap(await readTextFile(file('be.txt', be))).text).toBe(MIXED);
  });

  it('reads UTF-16 without a byte-order mark by its NUL pattern', async () => {
    const text = 'text,label\nthe film was great,pos\n';
    expect(unwrap(await readTextFile(file('le-nobom.csv', Buffer.from(text, 'utf16le')))).text).toBe(text);
    expect(unwrap(await readTextFile(file('be-nobom.csv', utf16be(text)))).text).toBe(text);
    expect(utf16ByNuls(Buffer.from(text, 'utf16le'))).toBe('utf-16le');
    expect(utf16ByNuls(utf16be(text))).toBe('utf-16be');
    // A binary file has NULs on both sides of its byte pairs.
    expect(utf16ByNuls(Uint8Array.of(0x89, 0x50, 0, 0, 0, 0x0d, 0x49, 0, 0, 0x01, 0x02, 0))).toBeNull();
  });

  it('streams UTF-16 in chunks of any size without splitting a surrogate pair', () => {
    for (const bytes of [Buffer.from('\ufeff' + MIXED, 'utf16le'), utf16be('\ufeff' + MIXED)]) {
      for (let size = 1; size <= 7; size++) {
        const pieces: string[] = [];
        const decoder = new StreamingTextDecoder('x.txt', (piece) => void pieces.push(piece));
        for (let at = 0; at < bytes.length; at += size) expect(decoder.push(bytes.subarray(at, at + size))).toBeNull();
        unwrap(decoder.finish());
        expect(pieces.join('')).toBe(MIXED);
        for (const piece of pieces) {
          const last = piece.charCodeAt(piece.length - 1);
          expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
        }
      }
    }
  });

  it('streams a big UTF-16 file in 4 KiB reads and samples it at a line end', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 1500; i++) lines.push(`${i},東京 ${i % 7 === 0 ? '🎉' : 'é'}`);
    const text = lines.join('\n') + '\n';
    const path = file('big16.csv', Buffer.from('\ufeff' + text, 'utf16le'));
    const pieces: string[] = [];
    unwrap(await streamTextFile(path, (piece) => void pieces.push(piece), { chunkSize: 4096 }));
    expect(pieces.join('')).toBe(text);
    const sample = unwrap(await readTextSample(path, 4097));
    expect(sample.complete).toBe(false);
    expect(sample.text.endsWith('\n')).toBe(true);
    expect(text.startsWith(sample.text)).toBe(true);
    expect(sample.sampleBytes % 2).toBe(0);
  });

  it('refuses broken UTF-16 with the offset and line of the bad unit', async () => {
    // "ab\n" then a lone low surrogate (DC00) then "c", little-endian, after the mark.
    const lone = Buffer.from([0xff, 0xfe, 0x61, 0, 0x62, 0, 0x0a, 0, 0x00, 0xdc, 0x63, 0]);
    const error = errorOf(await readTextFile(file('lone.txt', lone)));
    expect(error.message).toBe(
      'lone.txt, line 2: the file is not valid UTF-16 LE (an unpaired surrogate) (first invalid byte at offset 8); it was read as UTF-16 LE (a UTF-16 LE byte-order mark)',
    );
    const odd = Buffer.from([0xff, 0xfe, 0x61, 0, 0x62]);
    expect(errorOf(await readTextFile(file('odd.txt', odd))).message).toContain('its size is odd');
  });

  it('skips a UTF-8 byte-order mark, and a UTF-8 file keeps its sha256 fingerprint', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MIXED)]);
    const loaded = unwrap(await readTextFile(file('bom8.txt', bytes)));
    expect(loaded.text).toBe(MIXED);
    expect(loaded.fingerprint).toBe(sha256(bytes));
    const plain = Buffer.from(MIXED);
    expect(unwrap(await readTextFile(file('plain.txt', plain))).fingerprint).toBe(sha256(plain));
  });

  it('reads Latin-1 declared the Python, XML or HTML way (as Windows-1252)', async () => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const python = latin1('# -*- coding: latin-1 -*-\ncafé crème, naïve\n');
    expect(unwrap(await readTextFile(file('py.txt', python))).text).toBe(
      '# -*- coding: latin-1 -*-\ncafé crème, naïve\n',
    );
    const xml = latin1('<?xml version="1.0" encoding="ISO-8859-1"?>\n<p>Ça va</p>\n');
    expect(unwrap(await readTextFile(file('x.xml', xml))).text).toContain('Ça va');
    // Windows-1252's € (0x80) and curly quotes (0x93, 0x94), after a shebang line.
    const cp1252 = Buffer.concat([
      Buffer.from('#!/usr/bin/env python\n# coding=cp1252\nprice '),
      Buffer.from([0x80, 0x20, 0x93, 0x6f, 0x6b, 0x94, 0x0a]),
    ]);
    expect(unwrap(await readTextFile(file('cp.txt', cp1252))).text).toContain('price € “ok”\n');
  });

  it('reads Latin-1 when the encoding is chosen, and refuses it undeclared with the offset and a hint', async () => {
    const path = file('undeclared.csv', Buffer.from('text,label\ncafé,1\n', 'latin1'));
    expect(unwrap(await readTextFile(path, { encoding: 'latin-1' })).text).toBe('text,label\ncafé,1\n');
    expect(unwrap(await readTextSample(path, 4096, { encoding: 'latin-1' })).text).toBe('text,label\ncafé,1\n');
    expect(errorOf(await readTextFile(path)).message).toBe(
      'undeclared.csv, line 2: the file is not valid UTF-8 (first invalid byte at offset 14); re-save it as UTF-8, or, if it is Latin-1 or Windows-1252, choose that encoding (--encoding latin-1)',
    );
  });

  it('refuses an encoding it does not read, naming the declaration', async () => {
    const path = file('sjis.txt', Buffer.from('# -*- coding: shift_jis -*-\nhello\n'));
    expect(errorOf(await readTextFile(path)).message).toBe(
      "sjis.txt: line 1 declares the encoding 'shift_jis', which LSTM Studio does not read; save the file as UTF-8 (or UTF-16, or say latin-1 if it is Latin-1)",
    );
  });

  it('chooses: a mark first, then NULs, then a declaration, else UTF-8; a choice wins', () => {
    const reason = (bytes: Uint8Array, choice?: 'utf-16' | 'utf-8') => {
      const chosen = chooseEncoding(bytes, choice);
      return chosen.ok ? `${chosen.value.encoding}/${chosen.value.bomLength}` : chosen.problem;
    };
    expect(reason(Buffer.from('\ufeffa', 'utf16le'))).toBe('utf-16le/2');
    expect(reason(Buffer.from('\ufeffa'))).toBe('utf-8/3');
    expect(reason(Buffer.from('hello'))).toBe('utf-8/0');
    expect(reason(Buffer.from('encoding="utf-8"\n'))).toBe('utf-8/0');
    expect(reason(Buffer.from('東京', 'utf16le'), 'utf-16')).toBe('utf-16le/0');
    expect(reason(Buffer.from('\ufeffa'), 'utf-8')).toBe('utf-8/3');
  });

  it('still refuses a binary file, whatever the NULs look like', async () => {
    expect(errorOf(await readTextFile(file('tiny.dat', Uint8Array.of(0x41, 0x00, 0x42)))).message).toContain(
      'looks like a binary file',
    );
  });
});
