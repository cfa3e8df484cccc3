#!/usr/bin/env node
// Forecast quality against the naive baselines (a benchmark, not a test): trains a forecaster with each
// distribution head on each data set with the real CLI, backtests it over K rolling origins at the end of
// the data, and prints a Markdown table of MASE beside the seasonal-naive baseline's, the gain over the
// best baseline, and the coverage of the nominal 80 % interval — the table in docs/forecasting.md
// ("Quality"). With --pytorch, the same model is also trained by the exported PyTorch project (train.py,
// from the run's initial weights) and scored by `lstm-studio eval --backtest K` on the same origins.
// Intervals are calibrated on the validation windows before the backtest's rows (--calibrate on, the
// default; --calibrate off for the heads' own): coverage and width read raw → calibrated.
//
//   npm run build && node scripts/forecast-quality.mjs [--seeds 1] [--backtest 10] [--calibrate on|off] [--pytorch] [--quick]
//                                                     [--datasets energy,co2,stores]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
const seeds = Number(option('seeds', '1'));
const backtest = option('backtest', '10');
const threads = option('threads', '1');
const withPytorch = args.includes('--pytorch');
const quick = args.includes('--quick');
const calibrate = option('calibrate', 'on');
const python = option('python', '/usr/bin/python3');

const allDatasets = [
  {
    key: 'energy',
    name: 'energy.csv (hourly load, generated)',
    file: 'examples/series/energy.csv',
    flags: ['--target', 'load', '--date-column', 'date', '--horizon', '24', '--seq-len', '72'],
  },
  {
    key: 'co2',
    name: 'co2-weekly.csv (Mauna Loa CO₂, public domain)',
    file: 'examples/series/co2-weekly.csv',
    flags: ['--target', 'co2', '--date-column', 'date', '--horizon', '13', '--seq-len', '104'],
  },
  {
    // Many series (long format): one global model over 8 stores, a promotion known ahead, US holidays.
    key: 'stores',
    name: 'stores.csv (8 stores, daily, generated)',
    file: 'examples/series/stores.csv',
    flags: [
      ...['--target', 'sales', '--date-column', 'date', '--series-column', 'store', '--known-future', 'promo'],
      ...['--holidays', 'US', '--horizon', '7', '--seq-len', '28'],
    ],
  },
];
const chosen = option('datasets', allDatasets.map((d) => d.key).join(',')).split(',');
const datasets = allDatasets.filter((d) => chosen.includes(d.key));
const distributions = ['point', 'gaussian', 'quantile'];

function cliJson(command) {
  const lines = execFileSync(process.execPath, [cli, ...command], { encoding: 'utf8', maxBuffer: 256 << 20 })
    .trim()
    .split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

function train(dataset, distribution, seed, out) {
  const line = cliJson([
    'train',
    resolve(root, dataset.file),
    '--json',
    '--out',
    out,
    '--seed',
    String(seed),
    '--threads',
    threads,
    '--distribution',
    distribution,
    '--backtest',
    backtest,
    '--calibrate',
    calibrate,
    ...dataset.flags,
    ...(quick ? ['--epochs', '1'] : []),
  ]);
  return line.summary ?? line;
}

/** The run exported, trained by its PyTorch project from the same initial weights, scored by our eval. */
function trainInPytorch(dataset, runDir, folder) {
  const project = join(folder, 'project');
  cliJson(['export-pytorch', runDir, '--out', project, '--json']);
  const out = join(folder, 'torch-run');
  execFileSync(
    python,
    ['train.py', '--device', 'cpu', '--init-from', 'initial.safetensors', '--out', out, '--log-every', '0'],
    {
      cwd: project,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const checkpoint = ['best.safetensors', 'last.safetensors'].map((f) => join(out, f)).find(existsSync);
  return cliJson(['eval', checkpoint, resolve(root, dataset.file), '--backtest', backtest, '--json']);
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fixed = (x, digits = 3) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));
const percent = (x) => (x === undefined || !Number.isFinite(x) ? '—' : `${(100 * x).toFixed(1)} %`);
const bestBaseline = (baselines) =>
  Object.entries(baselines).reduce(
    (best, [key, m]) => (best === null || m.mase < best.mase ? { key, mase: m.mase } : best),
    null,
  );

const out = mkdtempSync(join(tmpdir(), 'forecast-quality-'));
console.log(
  `Backtest over ${backtest} rolling origins at the end of each series (mean), small preset, ${seeds} seed(s), ${threads} thread(s):\n`,
);
console.log(
  '| data set | head | MASE | seasonal naive MASE | best baseline | gain over it | 80 % coverage (raw → calibrated) | interval width (raw → calibrated) | CRPS / quantile loss | seconds |' +
    (withPytorch ? ' PyTorch-trained MASE | PyTorch coverage |' : ''),
);
console.log('|---|---|---|---|---|---|---|---|---|---|' + (withPytorch ? '---|---|' : ''));
try {
  for (const [d, dataset] of datasets.entries()) {
    for (const distribution of distributions) {
      const runs = [];
      const torch = [];
      for (let s = 0; s < seeds; s++) {
        const folder = join(out, `${d}-${distribution}-${s}`);
        const summary = train(dataset, distribution, 42 + s, join(folder, 'runs'));
        runs.push(summary);
        process.stderr.write(
          `${dataset.name} · ${distribution} · seed ${42 + s}: ${JSON.stringify(summary.final)} in ${summary.seconds.toFixed(1)} s\n`,
        );
        if (withPytorch) torch.push(trainInPytorch(dataset, summary.runDir, folder));
      }
      const at = (key) => mean(runs.map((r) => r.final[key]));
      const seasonal = mean(runs.map((r) => r.baselines.seasonalNaive.mase));
      const best = bestBaseline(runs[0].baselines);
      const score = runs[0].final.crps !== undefined ? at('crps') : at('quantileLoss');
      // With a calibration (--calibrate on, the default) `coverage` is the calibrated interval's and
      // `rawCoverage` the head's own: shown as raw → calibrated.
      const calibrated = runs[0].final.rawCoverage !== undefined;
      const coverage = calibrated
        ? `${percent(at('rawCoverage'))} → ${percent(at('coverage'))}`
        : percent(at('coverage'));
      const width = calibrated
        ? `${fixed(at('rawIntervalWidth'), 2)} → ${fixed(at('intervalWidth'), 2)}`
        : fixed(at('intervalWidth'), 2);
      console.log(
        `| ${dataset.name} | ${distribution} | ${fixed(at('mase'))} | ${fixed(seasonal)} | ${best.key} (${fixed(best.mase)}) | ${percent(at('maseVsBestBaseline'))} | ${coverage} | ${width} | ${fixed(score)} | ${mean(runs.map((r) => r.seconds)).toFixed(0)} |` +
          (withPytorch
            ? ` ${fixed(mean(torch.map((t) => t.mase)))} | ${percent(mean(torch.map((t) => t.coverage)))} |`
            : ''),
      );
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
