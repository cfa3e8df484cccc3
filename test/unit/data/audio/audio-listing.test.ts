/** Folder layouts → listings, with the reason in words, and the hostile cases. */

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAudioDataset } from '../../../../src/data/audio/audio-listing';
import { DEFAULT_AUDIO_FEATURES } from '../../../../src/data/audio/feature-settings';
import { readAudioDataset } from '../../../../src/data/audio/read-audio-dataset';
import { buildWav, sine } from './wav-builder';

const tone = () => buildWav({ channels: 1, rate: 16000, bits: 16, samples: sine(440, 16000, 0.1) });

function folderWith(files: Record<string, Uint8Array | string>): string {
  const root = mkdtempSync(join(tmpdir(), 'listing-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

async function list(path: string) {
  const listed = await listAudioDataset(path);
  if (!listed.ok) throw new Error(listed.error.message);
  return listed.value;
}

describe('audio listings', () => {
  it('label folders: one label per subfolder; _background_noise_ and loose files skipped with warnings', async () => {
    const root = folderWith({
      'yes/a.wav': tone(),
      'yes/b.wav': tone(),
      'no/a.wav': tone(),
      '_background_noise_/n.wav': tone(),
      'loose.wav': tone(),
    });
    const listing = await list(root);
    expect(listing.layout).toBe('label-folders');
    expect(listing.entries.map((e) => [e.name, e.label])).toEqual([
      ['no/a.wav', 'no'],
      ['yes/a.wav', 'yes'],
      ['yes/b.wav', 'yes'],
    ]);
    expect(listing.reason).toBe('2 subfolders of .wav files (3 recordings): one label per folder');
    expect(listing.warnings).toEqual([
      '1 .wav file directly in the folder (not in a label folder), skipped',
      "_background_noise_/: a folder starting with '_', skipped",
    ]);
  });

  it('pairs: name.wav beside name.txt', async () => {
    const root = folderWith({
      'a.wav': tone(),
      'a.txt': 'one two\n',
      'b.wav': tone(),
      'b.txt': 'three',
      'c.wav': tone(),
    });
    const listing = await list(root);
    expect(listing.layout).toBe('pairs');
    expect(listing.entries.map((e) => [e.name, e.transcript])).toEqual([
      ['a.wav', 'one two'],
      ['b.wav', 'three'],
    ]);
    expect(listing.warnings).toEqual(['1 .wav file without a .txt transcript, skipped']);
  });

  it('manifest: a CSV with path and text columns, as a file or inside the folder; paths may not leave it', async () => {
    const root = folderWith({
      'clips/a.wav': tone(),
      'clips/b.wav': tone(),
      'train.csv': 'path,sentence\nclips/a.wav,hello there\nclips/b.wav,"one, two"\n',
    });
    const direct = await list(join(root, 'train.csv'));
    expect(direct.layout).toBe('manifest');
    expect(direct.entries.map((e) => e.transcript)).toEqual(['hello there', 'one, two']);
    expect(direct.reason).toBe("train.csv lists 2 recordings (column 'path') with transcripts (column 'sentence')");
    expect((await list(root)).layout).toBe('manifest');
    const escaping = folderWith({ 'm.tsv': 'file\ttext\n../outside.wav\thi\n' });
    const refused = await listAudioDataset(join(escaping, 'm.tsv'));
    expect(!refused.ok && refused.error.message).toMatch(
      /^m\.tsv, line 2: '\.\.\/outside\.wav' does not exist|leads outside/,
    );
  });

  it('the fingerprint follows names, sizes and modification times', async () => {
    const root = folderWith({ 'a/x.wav': tone(), 'b/y.wav': tone() });
    const first = (await list(root)).fingerprint;
    expect((await list(root)).fingerprint).toBe(first);
    utimesSync(join(root, 'a/x.wav'), new Date(2020, 1, 1), new Date(2020, 1, 1));
    expect((await list(root)).fingerprint).not.toBe(first);
  });

  it('hostile folders: links out refused, pipes skipped, empty folders an error', async () => {
    const outside = folderWith({ 'secret.wav': tone() });
    const root = folderWith({ 'a/x.wav': tone(), 'b/y.wav': tone() });
    symlinkSync(join(outside, 'secret.wav'), join(root, 'a', 'link.wav'));
    symlinkSync(outside, join(root, 'escape'));
    execFileSync('mkfifo', [join(root, 'b', 'pipe.wav')]);
    const listing = await list(root);
    expect(listing.entries.map((e) => e.name)).toEqual(['a/x.wav', 'b/y.wav']);
    expect(listing.warnings).toEqual([
      'escape: a symbolic link leading outside the dataset folder, refused',
      'a/link.wav: a symbolic link leading outside the dataset folder, refused',
      'b/pipe.wav: not a regular file (a pipe, device or socket), skipped',
    ]);
    const empty = await listAudioDataset(folderWith({ 'notes.md': '# nothing' }));
    expect(!empty.ok && empty.error.message).toMatch(/: the folder holds no \.wav files$/);
  });

  it('decoding a listing reports progress and skips unreadable recordings with a warning', async () => {
    const root = folderWith({ 'a/x.wav': tone(), 'a/bad.wav': 'not audio', 'b/y.wav': tone() });
    const progress: string[] = [];
    const read = await readAudioDataset(await list(root), DEFAULT_AUDIO_FEATURES, (done, total) =>
      progress.push(`${done}/${total}`),
    );
    if (!read.ok) throw new Error(read.error.message);
    expect(progress).toEqual(['0/3', '1/3', '2/3', '3/3']);
    expect(read.value.examples.map((e) => [e.name, e.frames, e.bands])).toEqual([
      ['a/x.wav', 8, 40],
      ['b/y.wav', 8, 40],
    ]);
    expect(read.value.warnings).toEqual(['a/bad.wav: not a RIFF/WAVE file']);
  });
});
