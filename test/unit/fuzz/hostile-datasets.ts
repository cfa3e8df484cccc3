/**
 * Malformed datasets for the fuzz suite: each generator writes one hostile file (or a FIFO, a folder, a
 * symlink loop) under `folder` with an odd name picked by the seed, and says what it is.
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rng } from './random';

export interface HostileFile {
  /** What the generator made, for the report. */
  kind: string;
  path: string;
}

// Names a stranger's file may have: spaces, quotes, unicode, terminal escapes, a newline, bidi overrides.
const NAME_STEMS = [
  'data',
  'my data',
  'it\'s "quoted"',
  'données-é',
  'red\u001b[31mtext\u001b[0m',
  'two\nlines',
  'tab\there',
  'rtl\u202egnp.exe',
  '-dash',
  '日本語',
];
const EXTENSIONS = ['.csv', '.txt', '.jsonl', '.tsv', ''];

function oddName(rng: Rng, counter: number): string {
  return `${counter}-${rng.pick(NAME_STEMS)}${rng.pick(EXTENSIONS)}`;
}

function randomBytes(rng: Rng, n: number): Buffer {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = rng.int(256);
  return bytes;
}

function cell(rng: Rng): string {
  return rng.pick([
    '1',
    '-2.5',
    'abc',
    '',
    'NaN',
    'nan',
    'Infinity',
    '-Infinity',
    'inf',
    '1e308',
    '1e400',
    '-1e155',
    '1e155',
    '4.9e-324',
    '"quoted, comma"',
    '"unclosed',
    'positive',
    'negative',
    ' ',
    '0x1F',
    '１２',
  ]);
}

/** A table of `rows` × `columns` random cells, separated by `sep`. */
function table(rng: Rng, rows: number, columns: number, sep = ','): string {
  const lines = [Array.from({ length: columns }, (_, c) => `col${c}`).join(sep)];
  for (let r = 0; r < rows; r++) lines.push(Array.from({ length: columns }, () => cell(rng)).join(sep));
  return lines.join('\n') + '\n';
}

/** A numeric series with hostile values mixed in (NaN, ∞, empty cells, 1e155, 1e308). */
function series(rng: Rng, rows: number): string {
  const hostile = ['NaN', 'Infinity', '-Infinity', '', '1e155', '-1e155', '1e308', '1e-320', 'x'];
  const lines = ['t,value,other'];
  for (let r = 0; r < rows; r++) {
    const v = rng.chance(0.2) ? rng.pick(hostile) : String(Math.sin(r / 5) * 10);
    const w = rng.chance(0.1) ? rng.pick(hostile) : String(r % 7);
    lines.push(`${r},${v},${w}`);
  }
  return lines.join('\n') + '\n';
}

const CONTENT_GENERATORS: Record<string, (rng: Rng) => string | Buffer> = {
  'random bytes': (rng) => randomBytes(rng, rng.int(4096)),
  empty: () => '',
  'header only': () => 'text,label\n',
  'BOM and whitespace': () => '\ufeff \n\n\t\n',
  'invalid UTF-8': (rng) =>
    Buffer.concat([
      Buffer.from('review,sentiment\n'),
      ...Array.from({ length: 30 }, () =>
        Buffer.concat([
          Buffer.from(`good ${rng.int(100)}`),
          Buffer.from([rng.pick([0xff, 0xfe, 0xc3, 0xe2, 0x80, 0xed])]),
          Buffer.from(`,${rng.pick(['positive', 'negative'])}\n`),
        ]),
      ),
    ]),
  'ragged CSV': (rng) =>
    Array.from({ length: 40 }, (_, r) =>
      Array.from({ length: 1 + rng.int(6) }, () => (r === 0 ? 'h' : cell(rng))).join(','),
    ).join('\n'),
  'unclosed quote': (rng) => `text,label\n"never closed, ${'a'.repeat(rng.int(2000))}\nmore,positive\n`,
  '10 000 columns': (rng) => table(rng, 3 + rng.int(3), 10_000),
  'random table': (rng) => table(rng, 20 + rng.int(60), 1 + rng.int(5), rng.pick([',', ';', '\t'])),
  'series with NaN, ∞, empty cells and huge numbers': (rng) => series(rng, 40 + rng.int(80)),
  'huge numbers': (rng) =>
    [
      'a,b',
      ...Array.from({ length: 60 }, (_, r) => `${r % 2 ? '1e155' : '-1e155'},${rng.pick(['1e308', '1', '-1e308'])}`),
    ].join('\n'),
  'one class per row': (rng) =>
    ['text,label', ...Array.from({ length: 50 }, (_, r) => `w${rng.int(9)},c${r}`)].join('\n'),
  'one long line': (rng) => 'x'.repeat(200_000 + rng.int(100_000)),
  'deeply nested JSON lines': (rng) => `${'['.repeat(50_000 + rng.int(50_000))}\n{"text": "a", "label": "b"}\n`,
  'broken JSON lines': (rng) =>
    Array.from({ length: 30 }, () =>
      rng.pick([
        '{"text": "hi", "label": "a"}',
        '{"text": 1, "label": null}',
        '{"text": "x"',
        '[]',
        'null',
        '{}',
        '"s"',
      ]),
    ).join('\n'),
  'control characters in labels': (rng) =>
    [
      'text,label',
      ...Array.from({ length: 40 }, (_, r) => `hello ${r},${rng.pick(['a\u001b[2J', 'b\u0007', 'c\r'])}`),
    ].join('\n'),
  'prose with NUL bytes': (rng) =>
    Array.from({ length: 200 }, () => rng.pick(['the ', 'cat ', '\u0000', '\n', 'sat '])).join(''),
};

const SPECIAL_GENERATORS = ['FIFO', 'folder', 'symlink loop', 'missing file'] as const;

/** One hostile dataset under `folder`, chosen and filled by `rng`. `counter` keeps names unique. */
export function hostileDataset(rng: Rng, folder: string, counter: number): HostileFile {
  const kinds = [...Object.keys(CONTENT_GENERATORS), ...SPECIAL_GENERATORS];
  const kind = rng.pick(kinds);
  const path = join(folder, oddName(rng, counter));
  switch (kind) {
    case 'FIFO':
      execFileSync('mkfifo', [path]);
      break;
    case 'folder':
      mkdirSync(path);
      break;
    case 'symlink loop':
      symlinkSync(`${path}.other`, path);
      symlinkSync(path, `${path}.other`);
      break;
    case 'missing file':
      break;
    default:
      writeFileSync(path, CONTENT_GENERATORS[kind](rng));
  }
  return { kind, path };
}
