/**
 * A dataset in UTF-16 or Latin-1 trains like its UTF-8 twin: the same vocabulary and sizes, with the
 * fingerprint of its own bytes; a Latin-1 file is read when the user chooses `encoding: 'latin-1'`
 * (`--encoding latin-1`), refused with the hint otherwise — and a file bigger than the detection sample
 * is streamed in its encoding too.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_BYTES } from '../../../src/data/read-text';
import { prepareDatasetFile } from '../../../src/tasks/prepare-dataset';
import { errorOf, unwrap } from '../data/helpers';

const ROWS = ['text,label'];
for (let i = 0; i < 60; i++) ROWS.push(i % 2 ? `un café très crème ${i},pos` : `à la façon ${i} naïve,neg`);
const CSV = ROWS.join('\n') + '\n';

describe('datasets in other encodings', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'dataset-encoding-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, bytes: Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  it('a UTF-16 or a chosen Latin-1 CSV prepares as its UTF-8 twin', async () => {
    const utf8 = unwrap(await prepareDatasetFile(file('utf8.csv', Buffer.from(CSV))));
    const utf16 = unwrap(await prepareDatasetFile(file('utf16.csv', Buffer.from('\ufeff' + CSV, 'utf16le'))));
    const latin1Path = file('latin1.csv', Buffer.from(CSV, 'latin1'));
    const latin1 = unwrap(await prepareDatasetFile(latin1Path, { encoding: 'latin-1' }));
    for (const other of [utf16, latin1]) {
      expect(other.checkpoint.vocab).toEqual(utf8.checkpoint.vocab);
      expect(other.summary.sizes).toEqual(utf8.summary.sizes);
      expect(other.fingerprint).not.toBe(utf8.fingerprint); // its own bytes
    }
    expect(JSON.stringify(utf8.checkpoint.vocab)).toContain('café');
    expect(errorOf(await prepareDatasetFile(latin1Path)).message).toContain('--encoding latin-1');
  });

  it('a UTF-16 text bigger than the detection sample is streamed in UTF-16', async () => {
    const line = 'the naïve fox sees 東京 🎉 and runs\n';
    const text = line.repeat(Math.ceil((SAMPLE_BYTES * 0.6) / line.length));
    const prepared = unwrap(await prepareDatasetFile(file('big16.txt', Buffer.from('\ufeff' + text, 'utf16le'))));
    const twin = unwrap(await prepareDatasetFile(file('big8.txt', Buffer.from(text))));
    expect(prepared.summary.reason).toContain('detected from the first');
    expect(prepared.checkpoint.vocab).toEqual(twin.checkpoint.vocab);
    expect(prepared.summary.sizes).toEqual(twin.summary.sizes);
  });
});
