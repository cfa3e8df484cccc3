import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '../../../src/engine/random';
import { prepareDatasetFile } from '../../../src/tasks/prepare-dataset';
import { unwrap } from './helpers';

const SIZE = 100 * 1024 * 1024;
const MiB = 1024 * 1024;

/** ~1 MiB of pseudo-random words (with some Latin-1 accents), repeated with variations to SIZE bytes. */
function writeLargeText(path: string): void {
  const random = new Random(11);
  const words = [
    'the',
    'river',
    'café',
    'runs',
    'under',
    'old',
    'bridges',
    'and',
    'naïve',
    'lights',
    'of',
    'a',
    'city',
  ];
  let block = '';
  while (block.length < MiB) {
    block += words[random.int(words.length)] + (random.int(12) === 0 ? '.\n' : ' ');
  }
  const bytes = Buffer.from(block, 'utf8');
  const fd = openSync(path, 'w');
  try {
    for (let written = 0, k = 0; written < SIZE; k++) {
      const at = (k * 7919) % bytes.length;
      if (bytes[at] < 0x80) bytes[at] = 0x41 + (k % 26); // vary each copy a little (ASCII for ASCII keeps it UTF-8)
      const n = Math.min(bytes.length, SIZE - written);
      writeSync(fd, bytes, 0, n);
      written += n;
    }
  } finally {
    closeSync(fd);
  }
}

describe('a 100 MB text file', () => {
  it('loads in two streamed passes with progress, never held as text: about one byte per character', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lstm-studio-large-'));
    const path = join(dir, 'large.txt');
    try {
      writeLargeText(path);
      expect(statSync(path).size).toBe(SIZE);
      const before = process.memoryUsage().rss;
      const progress: [number, number][] = [];
      const started = performance.now();
      const result = await prepareDatasetFile(path, {
        onProgress: (read, total) => void progress.push([read, total]),
      });
      const seconds = (performance.now() - started) / 1000;
      const prepared = unwrap(result);
      const peak = process.resourceUsage().maxRSS * 1024; // the process's true peak, between samples too

      // One call per 1 MiB chunk of each pass (a census of the characters, then their ids), one total.
      expect(progress.length).toBe((2 * SIZE) / MiB);
      expect(progress.every(([read], i) => i === 0 || read > progress[i - 1][0])).toBe(true);
      expect(progress[progress.length - 1]).toEqual([2 * SIZE, 2 * SIZE]);
      expect(prepared.summary.sizes.total).toBeGreaterThan(0.95 * SIZE); // mostly ASCII
      expect(prepared.summary.sizes.validation).toBe(Math.round(prepared.summary.sizes.total * 0.1));
      const batch = prepared.makeTrainBatcher(32, 128, new Random(0)).nextBatch()!;
      expect(batch.tokens!.length).toBe(32 * 128);
      // 1-byte ids (~95 MiB) + one chunk and its decoded piece; no text, no copy of the file
      const grownMiB = (peak - before) / MiB;
      console.log(`100 MB file: ${seconds.toFixed(1)} s, peak RSS +${grownMiB.toFixed(0)} MiB`);
      expect(grownMiB).toBeLessThan((1.5 * SIZE) / MiB);
      expect(seconds).toBeLessThan(20);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
