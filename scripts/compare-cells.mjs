#!/usr/bin/env node
// LSTM vs GRU vs bidirectional LSTM on the bundled examples (and sunspots, a public series, when its CSV is
// given): trains each variant with the real CLI, same preset, data, seeds and thread count, and prints a
// Markdown table of the headline validation metric, the loss and the wall time — the table in
// docs/engine.md ("Which cell?").
//
//   node scripts/compare-cells.mjs [--seeds 2] [--threads 1] [--sunspots /tmp/sunspots.csv] [--quick]
//
// Sunspots (yearly mean sunspot numbers 1700–2008, public domain, SIDC) from Debian's python3-statsmodels:
//   python3 -c "import statsmodels.api as sm; sm.datasets.sunspots.load_pandas().data.to_csv('/tmp/sunspots.csv', index=False)"
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin/lstm-studio.js');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const seeds = Number(option('seeds', '2'));
const threads = option('threads', '1');
const sunspots = option('sunspots', null);
const quick = args.includes('--quick');

const datasets = [
  {
    name: 'reviews.csv (sentiment, 2 classes)',
    file: 'examples/sentiment/reviews.csv',
    flags: [],
    bidirectional: true,
  },
  {
    name: 'questions.jsonl (topics, 4 classes)',
    file: 'examples/topics/questions.jsonl',
    flags: [],
    bidirectional: true,
  },
  { name: 'fables.txt (characters)', file: 'examples/text/fables.txt', flags: ['--steps', quick ? '100' : '1500'] },
  { name: 'energy.csv (hourly load)', file: 'examples/series/energy.csv', flags: ['--target', 'load'] },
];
if (sunspots)
  datasets.push({
    name: 'sunspots (yearly, public)',
    file: sunspots,
    flags: ['--target', 'SUNACTIVITY', '--seq-len', '24'],
  });

const variants = [
  { name: 'LSTM', flags: [] },
  { name: 'GRU', flags: ['--cell', 'gru'] },
  { name: 'bidirectional LSTM', flags: ['--bidirectional'], onlyWhen: 'bidirectional' },
];

const HEADLINE = { accuracy: 'accuracy', bitsPerChar: 'bits/char', rmse: 'RMSE' };

function train(file, flags, seed, out) {
  const lines = execFileSync(
    process.execPath,
    [cli, 'train', resolve(root, file), '--json', '--out', out, '--seed', String(seed), '--threads', threads, ...flags],
    { encoding: 'utf8', maxBuffer: 256 << 20 },
  )
    .trim()
    .split('\n');
  const summary = JSON.parse(lines[lines.length - 1]).summary ?? JSON.parse(lines[lines.length - 1]);
  return summary;
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const spread = (xs) => (xs.length > 1 ? ` ± ${((Math.max(...xs) - Math.min(...xs)) / 2).toPrecision(2)}` : '');

const out = mkdtempSync(join(tmpdir(), 'compare-cells-'));
console.log(
  `Validation after the small preset, mean over ${seeds} seed(s) (± half the range), ${threads} thread(s):\n`,
);
console.log('| data set | cell | headline metric | validation loss | seconds |');
console.log('|---|---|---|---|---|');
try {
  for (const dataset of datasets) {
    for (const variant of variants) {
      if (variant.onlyWhen && !dataset[variant.onlyWhen]) continue;
      const runs = [];
      for (let s = 0; s < seeds; s++) {
        const summary = train(
          dataset.file,
          [...dataset.flags, ...variant.flags, ...(quick ? ['--epochs', '1'] : [])],
          42 + s,
          out,
        );
        runs.push(summary);
        process.stderr.write(
          `${dataset.name} · ${variant.name} · seed ${42 + s}: ${JSON.stringify(summary.final)} in ${summary.seconds.toFixed(1)} s\n`,
        );
      }
      const metrics = runs[0].final ?? {};
      const key = Object.keys(HEADLINE).find((k) => k in metrics);
      const headline = key ? runs.map((r) => r.final[key]) : [];
      const losses = runs.map((r) => r.final.loss);
      const seconds = runs.map((r) => r.seconds);
      console.log(
        `| ${dataset.name} | ${variant.name} | ${key ? `${HEADLINE[key]} ${mean(headline).toPrecision(4)}${spread(headline)}` : '—'} | ${mean(losses).toPrecision(4)}${spread(losses)} | ${mean(seconds).toFixed(1)} |`,
      );
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
