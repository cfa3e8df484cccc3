import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromString, TextAccumulator, firstInvalidUtf8 } from '../../../src/data/decode-text';
import { Fnv1a64, fingerprintBytes } from '../../../src/data/fingerprint';
import { readTextFile } from '../../../src/data/read-text';
import { errorOf, fixturePath, unwrap } from './helpers';

describe('readTextFile', () => {
  it('reads a UTF-8 file with code points beyond ASCII', async () => {
    const loaded = unwrap(await readTextFile(fixturePath('notes.md')));
    expect(loaded.name).toBe('notes.md');
    expect(loaded.text).toContain('Café notes ☕');
    expect(loaded.text).toContain('🎉');
    expect(loaded.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('reports progress per chunk, ending at the file size', async () => {
    const calls: [number, number][] = [];
    const loaded = unwrap(
      await readTextFile(fixturePath('reviews.csv'), {
        chunkSize: 4096,
        onProgress: (read, total) => calls.push([read, total]),
      }),
    );
    expect(calls.length).toBeGreaterThan(0);
    expect(calls[calls.length - 1]).toEqual([loaded.byteLength, loaded.byteLength]);
  });

  it('fingerprints a file by its SHA-256 (as sha256sum prints it), text in memory by FNV-1a 64', async () => {
    const bytes = readFileSync(fixturePath('poem.txt'));
    const fromFile = unwrap(await readTextFile(fixturePath('poem.txt')));
    expect(fromFile.fingerprint).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
    const inMemory = unwrap(fromString('poem.txt', fromFile.text));
    expect(inMemory.fingerprint).toBe(fingerprintBytes(bytes));
    expect(unwrap(fromString('poem.txt', fromFile.text + '!')).fingerprint).not.toBe(inMemory.fingerprint);
  });

  it('strips a UTF-8 byte-order mark', async () => {
    const loaded = unwrap(await readTextFile(fixturePath('bom.csv')));
    expect(loaded.text.startsWith('text,label')).toBe(true);
    expect(unwrap(fromString('x.csv', '\ufeffa,b\n1,2')).text).toBe('a,b\n1,2');
  });

  it('refuses an empty file and a file of whitespace', async () => {
    expect(errorOf(await readTextFile(fixturePath('empty.txt'))).message).toBe('empty.txt: the file is empty');
    expect(errorOf(await readTextFile(fixturePath('whitespace.txt'))).message).toBe(
      'whitespace.txt: the file holds only whitespace',
    );
    expect(errorOf(fromString('x.txt', '')).message).toBe('x.txt: the file is empty');
  });

  it('refuses a binary file, naming the offset of the NUL byte', async () => {
    const error = errorOf(await readTextFile(fixturePath('binary.bin')));
    expect(error.message).toBe(
      'binary.bin: this looks like a binary file (a NUL byte at offset 8); choose a UTF-8 text, CSV, TSV or JSON Lines file',
    );
  });

  it('reads UTF-16 LE text with a byte-order mark (fingerprinted by its bytes)', async () => {
    const loaded = unwrap(await readTextFile(fixturePath('utf16.txt')));
    expect(loaded.text).toBe('hello world\n');
    const bytes = readFileSync(fixturePath('utf16.txt'));
    expect(loaded.fingerprint).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
  });

  it('refuses text that is not UTF-8, naming the line and byte offset of the first bad byte', async () => {
    const error = errorOf(await readTextFile(fixturePath('latin1.txt')));
    expect(error.line).toBe(3);
    expect(error.message).toBe(
      'latin1.txt, line 3: the file is not valid UTF-8 (first invalid byte at offset 37); re-save it as UTF-8, or, if it is Latin-1 or Windows-1252, choose that encoding (--encoding latin-1)',
    );
  });

  it('finds the bad byte when it sits right after a chunk boundary, and at the very end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lstm-data-'));
    try {
      // 4094 ASCII bytes, then "é" split across the 4096-byte chunk boundary, then a lone 0xff.
      const ascii = Buffer.alloc(4094, 0x61);
      ascii[100] = 0x0a;
      const bytes = Buffer.concat([ascii, Buffer.from([0x20, 0xc3, 0xa9, 0x0a, 0x62, 0xff, 0x63])]);
      writeFileSync(join(dir, 'split.txt'), bytes);
      const error = errorOf(await readTextFile(join(dir, 'split.txt'), { chunkSize: 4096 }));
      expect(error.message).toContain('offset 4099');
      expect(error.line).toBe(3);
      // A sequence that starts at the end of one chunk and is broken by the next: reported at its lead.
      const lead = Buffer.concat([Buffer.alloc(4095, 0x61), Buffer.from([0xc3, 0x41])]);
      writeFileSync(join(dir, 'lead.txt'), lead);
      expect(errorOf(await readTextFile(join(dir, 'lead.txt'), { chunkSize: 4096 })).message).toContain('offset 4095');
      writeFileSync(join(dir, 'cut.txt'), Buffer.from([0x61, 0x0a, 0x62, 0xe2, 0x82]));
      const cut = errorOf(await readTextFile(join(dir, 'cut.txt')));
      expect(cut.message).toBe(
        'cut.txt, line 2: the file is not valid UTF-8 (first invalid byte at offset 3); re-save it as UTF-8, or, if it is Latin-1 or Windows-1252, choose that encoding (--encoding latin-1)',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says when the file does not exist', async () => {
    const error = errorOf(await readTextFile('/nonexistent/data.csv'));
    expect(error.message).toBe("data.csv: file not found: '/nonexistent/data.csv'");
  });
});

describe('TextAccumulator', () => {
  it('decodes characters split across chunks', () => {
    const bytes = new TextEncoder().encode('a🎉b');
    const acc = new TextAccumulator('x.txt');
    for (const b of bytes) expect(acc.push(Uint8Array.of(b))).toBeNull();
    expect(unwrap(acc.finish()).text).toBe('a🎉b');
  });
});

describe('firstInvalidUtf8', () => {
  it('accepts valid UTF-8 and rejects overlongs, surrogates and stray continuation bytes', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('héllo ☕ 🎉'))).toBe(-1);
    expect(firstInvalidUtf8(Uint8Array.of(0x41, 0xc0, 0x80))).toBe(1); // overlong NUL
    expect(firstInvalidUtf8(Uint8Array.of(0xed, 0xa0, 0x80))).toBe(0); // surrogate U+D800
    expect(firstInvalidUtf8(Uint8Array.of(0x41, 0x80))).toBe(1);
    expect(firstInvalidUtf8(Uint8Array.of(0x63, 0x61, 0x66, 0xe9, 0x20))).toBe(3); // "café" in Latin-1
  });
});

describe('fingerprint', () => {
  it('is FNV-1a 64 (published test vectors)', () => {
    expect(new Fnv1a64().digest()).toBe('cbf29ce484222325');
    expect(new Fnv1a64().update(new TextEncoder().encode('a')).digest()).toBe('af63dc4c8601ec8c');
    expect(fingerprintBytes(new TextEncoder().encode('foobar'))).toBe('fnv1a64:85944171f73967e8');
  });
});
