// Writes samples/: small cuts of the example datasets that ship in the .vsix, for the walkthrough and
// *LSTM Studio: Get Sample Data*. Each cut is taken deterministically from examples/ (every n-th record,
// or the first n), so the samples stay byte for byte reproducible and train in seconds on a laptop.
//   node scripts/make-samples.mjs           # rewrite samples/*
//   node scripts/make-samples.mjs --check   # write nothing; exit 1 if a file on disk differs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(root, 'examples');
const samples = path.join(root, 'samples');

/** Splits a CSV/TSV text into records, keeping quoted fields whole (a quoted field may hold a newline). */
function records(text) {
  const out = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** The header, then every `every`-th record (from the first) up to `limit` records. */
function cutTable(file, { every = 1, limit }) {
  const [header, ...rows] = records(fs.readFileSync(path.join(examples, file), 'utf8'));
  return (
    header +
    rows
      .filter((_, i) => i % every === 0)
      .slice(0, limit)
      .join('')
  );
}

/** The title lines and the first `count` fables (each starts after two blank lines). */
function cutFables(count) {
  const parts = fs.readFileSync(path.join(examples, 'text/fables.txt'), 'utf8').split('\n\n\n');
  return `${parts
    .slice(0, count + 1)
    .join('\n\n\n')
    .trimEnd()}\n`;
}

const files = {
  // Classification: 1,500 of the 3,000 reviews (600 were too few to learn from in six epochs), both labels (the source alternates them at random).
  'reviews.csv': cutTable('sentiment/reviews.csv', { every: 2, limit: 1500 }),
  // Language model: the first 60 fables, about a third of examples/text/fables.txt.
  'fables.txt': cutFables(60),
  // Forecasting: six weeks of the hourly load series (1,008 rows) with its temperature input.
  'energy.csv': cutTable('series/energy.csv', { limit: 1008 }),
  // Sequence to sequence: 2,000 of the 8,000 date pairs.
  'dates.tsv': cutTable('dates.tsv', { every: 4, limit: 2000 }),
};

const check = process.argv.includes('--check');
let differs = false;
fs.mkdirSync(samples, { recursive: true });
for (const [name, text] of Object.entries(files)) {
  const target = path.join(samples, name);
  if (check) {
    if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) {
      console.error(`samples/${name} differs from what scripts/make-samples.mjs writes`);
      differs = true;
    }
  } else {
    fs.writeFileSync(target, text);
    console.log(`samples/${name}: ${Buffer.byteLength(text)} bytes`);
  }
}
if (differs) process.exit(1);
