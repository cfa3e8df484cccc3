// Screenshots of the forecasting views outside VS Code (issue #16): the Training panel of a forecaster that
// has ended with its baselines (dashed lines on the metric chart, the "Against the baselines" table of its
// final scores, the header's comparison) and its final model's backtest, and the Prediction panel's forecast with its 80 % interval band, quantile
// columns, Insert median / Insert quantiles and the series picker. As scripts/seq2seq-screenshots.mjs does:
// a standalone page loads the built bundle with a stub of the VS Code webview API and VS Code's theme
// variables, receives fixture messages in the protocol's shape (src/protocol/training-panel.ts,
// prediction-panel.ts) and is photographed in headless Chromium, one PNG per view and theme. The script
// also checks what a user would: the band is described, the buttons post what the host expects.
//
//   npx webpack --mode development --config-name webviews
//   node scripts/forecast-screenshots.mjs [--out docs/images] [--themes dark,light,hc] [--only training,prediction]
//
// Playwright comes from the e2e tests' node_modules (test/e2e/node_modules, or $E2E_NODE_MODULES) and the
// browser from $CHROMIUM_PATH (default /usr/bin/chromium), as in test/e2e/harness.mjs.
/* global window, document */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { THEMES } from '../test/e2e/webview-themes.mjs';
import { bundleScriptTags } from './webview-bundle-tags.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : fallback;
};
const OUT = path.resolve(option('--out', path.join(ROOT, 'test-artifacts/forecast-screenshots')));
const THEME_NAMES = option('--themes', 'dark,light,hc').split(',');
const ONLY = option('--only', 'training,prediction').split(',');
const NODE_MODULES = process.env.E2E_NODE_MODULES || path.join(ROOT, 'test/e2e/node_modules');
const { chromium } = createRequire(path.join(NODE_MODULES, 'noop.js'))('playwright-core');

const EXTRA_VARS = {
  dark: { focusBorder: '#0078d4', 'textCodeBlock-background': '#2b2b2b', 'list-hoverBackground': '#2a2d2e' },
  light: { focusBorder: '#005fb8', 'textCodeBlock-background': '#f8f8f8', 'list-hoverBackground': '#f2f2f2' },
  hc: { 'textCodeBlock-background': '#000000' },
};

const VIEWS = {
  training: { bundle: 'training', css: 'training.css', viewport: { width: 1200, height: 1000 } },
  prediction: { bundle: 'prediction', css: 'prediction.css', viewport: { width: 1100, height: 900 } },
};

// ── Fixtures ────────────────────────────────────────────────────────────────────────────────────────

/** A deterministic wiggle, so the fixtures look like data without a random generator. */
const wiggle = (k) => Math.sin(k * 1.7) * 0.5 + Math.sin(k * 0.37) * 0.5;

/** Daily sales of a few stores, a quantile forecaster, 6 evaluations and a 4-origin backtest at the last. */
function trainingSnapshot() {
  const stepsTotal = 600;
  const steps = { step: [], epoch: [], time: [], loss: [], lr: [], gradNorm: [] };
  for (let k = 1; k <= stepsTotal; k++) {
    steps.step.push(k);
    steps.epoch.push(Math.floor((k - 1) / 100));
    steps.time.push(k * 0.05);
    steps.loss.push(0.32 + 0.9 * Math.exp(-k / 90) + 0.03 * wiggle(k));
    steps.lr.push(2e-3);
    steps.gradNorm.push(0.4 + 1.2 * Math.exp(-k / 120) + 0.05 * wiggle(k + 3));
  }
  const baselines = {
    naive: { loss: 0, mae: 14.1, rmse: 18.9, mase: 1.27, smape: 0.142 },
    seasonalNaive: { loss: 0, mae: 11.2, rmse: 15.3, mase: 1.0, smape: 0.115 },
    drift: { loss: 0, mae: 14.6, rmse: 19.4, mase: 1.31, smape: 0.147 },
  };
  const origins = ['2024-11-04', '2024-11-18', '2024-12-02', '2024-12-16'].map((label, k) => {
    const scale = 1 + 0.15 * wiggle(k + 1);
    const scaled = (m, f) => ({ loss: 0, mae: m.mae * f, rmse: m.rmse * f, mase: m.mase * f, smape: m.smape * f });
    return {
      origin: 600 + 14 * k,
      label,
      metrics: {
        loss: 0.33,
        mae: 8.4 * scale * (k === 3 ? 1.5 : 1),
        rmse: 11 * scale * (k === 3 ? 1.5 : 1),
        mase: 0.75 * scale * (k === 3 ? 1.5 : 1),
        smape: 0.09 * scale * (k === 3 ? 1.5 : 1),
        coverage: [0.81, 0.78, 0.84, 0.69][k],
      },
      baselines: {
        naive: scaled(baselines.naive, scale),
        seasonalNaive: scaled(baselines.seasonalNaive, scale),
        drift: scaled(baselines.drift, scale * 1.02),
      },
    };
  });
  const evaluations = [100, 200, 300, 400, 500, 600].map((step, e) => {
    const q = 1 - Math.exp(-(e + 1) / 1.6);
    const mae = 16 - 7.5 * q;
    return {
      step,
      epoch: e,
      time: step * 0.05,
      metrics: {
        loss: 0.9 - 0.55 * q,
        mae,
        rmse: mae * 1.3,
        mase: mae / 11.2,
        smape: mae / 95,
        coverage: 0.6 + 0.19 * q,
        intervalWidth: 30 - 6 * q,
        quantileLoss: 0.9 - 0.5 * q,
      },
      baselines,
    };
  });
  // --backtest 4 scores the final model: its summary's final scores are the means over the origins.
  const mean = (pick) => origins.reduce((sum, o) => sum + pick(o), 0) / origins.length;
  const meanOf = (pick) =>
    Object.fromEntries(['mae', 'rmse', 'mase', 'smape'].map((key) => [key, mean((o) => pick(o)[key])]));
  const final = {
    metrics: { loss: 0.33, ...meanOf((o) => o.metrics), coverage: mean((o) => o.metrics.coverage) },
    baselines: Object.fromEntries(
      Object.keys(baselines).map((key) => [key, { loss: 0, ...meanOf((o) => o.baselines[key]) }]),
    ),
    backtest: origins,
  };
  const meta = {
    id: '20261207-051500-stores',
    runDir: '/runs/20261207-051500-stores',
    datasetName: 'stores.csv',
    task: 'forecasting',
    taskName: 'Forecasting',
    status: 'finished',
    architecture: 'LSTM(9→64) → Linear(64, 3×7) · quantiles 0.1, 0.5, 0.9',
    parameterCount: 21_333,
    preset: 'small',
    batchSize: 32,
    epochs: 6,
    step: stepsTotal,
    epoch: 6,
    epochProgress: 0,
    totalSteps: stepsTotal,
    stepsPerEpoch: 100,
    samplesPerSecond: 2140,
    elapsedSeconds: 30,
    remainingSeconds: null,
    best: evaluations[5],
    metric: { key: 'mae', label: 'MAE', higherIsBetter: false, format: 'decimal' },
    hasBestCheckpoint: true,
    final,
  };
  return { type: 'snapshot', runs: [{ meta, steps, evaluations }], overlayCandidates: [] };
}

/** 28 days of store B's sales selected as CSV rows, 7 days ahead with quantiles 0.1/0.5/0.9. */
function predictionState() {
  const days = 28;
  const horizon = 7;
  const weekly = (k) => [0.85, 0.9, 0.95, 1.0, 1.15, 1.35, 1.2][k % 7];
  const history = Array.from({ length: days }, (_, k) => [Math.round(100 * weekly(k) + 6 * wiggle(k) + k * 0.4)]);
  const median = Array.from({ length: horizon }, (_, s) => 100 * weekly(days + s) + (days + s) * 0.4);
  const spread = (s, z) => z * (7 + 1.6 * s);
  const levels = [0.1, 0.5, 0.9];
  const quantiles = median.map((m, s) => [[m - spread(s, 1), m, m + spread(s, 1)]]);
  const dates = (k) => new Date(Date.UTC(2024, 11, 1 + k)).toISOString().slice(0, 10);
  const row = (k, v) => `${dates(k)},B,${v}`;
  const input = ['date,store,sales', ...history.map((v, k) => row(k, v[0]))].join('\n');
  const answer = {
    kind: 'forecast',
    features: ['sales'],
    targets: ['sales'],
    history,
    values: median.map((m) => [m]),
    windowRows: 21,
    layout: {
      kind: 'table',
      separator: ',',
      decimals: 1,
      columns: ['date', 'store', 'sales'],
      header: true,
      dateColumn: 0,
    },
    insertText: median.map((m, s) => `\n${dates(days + s)},B,${m.toFixed(1)}`).join(''),
    quantiles: { levels, values: quantiles },
    interval: { level: 0.8, lower: quantiles.map((q) => [q[0][0]]), upper: quantiles.map((q) => [q[0][2]]) },
    quantileInsertText: quantiles
      .map((q, s) => `\n${dates(days + s)},B,${q[0].map((v) => v.toFixed(1)).join(',')}`)
      .join(''),
    series: { column: 'store', id: 'B', ids: ['A', 'B', 'C', 'D', 'E'] },
    notices: [],
    computeMs: 3.2,
  };
  return {
    model: {
      path: '/runs/20261207-051500-stores/best.safetensors',
      name: '20261207-051500-stores · best.safetensors',
      task: 'forecasting',
      taskBadge: 'forecaster',
      prediction: { request: 'forecast', answer: 'forecast', action: 'Forecast', running: 'Forecasting' },
      architecture: 'LSTM(9→64) → Linear(64, 3×7)',
      parameterCount: 21_333,
      featureColumns: ['sales'],
      targets: ['sales'],
      horizon,
    },
    input,
    source: { fileName: 'examples/series/stores.csv', startLine: 57, endLine: 85, wholeLine: false },
    options: {
      attribution: 'integrated-gradients',
      length: 200,
      temperature: 0.8,
      topK: 0,
      seed: 1,
      greedy: false,
      horizon,
      beam: 5,
      maxLength: 100,
    },
    requestId: 1,
    running: false,
    answer,
    timing: { roundTripMs: 9.6 },
    error: null,
    canInsert: true,
    forecastSeries: null,
  };
}

// ── Pages ───────────────────────────────────────────────────────────────────────────────────────────

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forecast-screenshots-'));
fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(
  path.join(dir, 'stub.js'),
  `window.__posted = [];
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });`,
);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
let failures = 0;
const check = (ok, what) => {
  if (ok) return;
  failures++;
  console.error(what);
};
try {
  for (const themeName of THEME_NAMES) {
    const theme = THEMES[themeName];
    const vars = { ...theme.vars, ...EXTRA_VARS[themeName] };
    fs.writeFileSync(
      path.join(dir, `${themeName}.css`),
      `:root {\n${Object.entries(vars)
        .map(([k, v]) => `  --vscode-${k}: ${v};`)
        .join('\n')}\n}\n`,
    );
    for (const name of ONLY) {
      const view = VIEWS[name];
      const bundle = path.join(ROOT, 'dist/webview', `${view.bundle}.js`);
      if (!fs.existsSync(bundle))
        throw new Error(`${bundle} is missing: build first (npx webpack --mode development --config-name webviews)`);
      const html = path.join(dir, `${name}-${themeName}.html`);
      fs.writeFileSync(
        html,
        `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="file://${path.join(ROOT, 'media/line-chart.css')}"><link rel="stylesheet" href="file://${path.join(ROOT, 'media', view.css)}"><link rel="stylesheet" href="${themeName}.css">
</head><body class="${theme.kind}"><div id="app"></div>
<script src="stub.js"></script>${bundleScriptTags(ROOT, view.bundle)}</body></html>`,
      );
      const page = await browser.newPage({ viewport: view.viewport });
      page.on('pageerror', (e) => {
        failures++;
        console.error(`${name}/${themeName}: page error: ${e.message}`);
      });
      await page.goto(`file://${html}`);
      await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
      const file = path.join(OUT, `forecast-${name}-${themeName}.png`);
      if (name === 'training') {
        await page.evaluate((message) => window.postMessage(message, '*'), trainingSnapshot());
        await page.waitForFunction(() => window.__trainingPanel?.backtestOrigins() === 4);
        await page.waitForTimeout(300);
        const keys = await page.evaluate(() => window.__trainingPanel.baselineKeys());
        check(keys.join() === 'naive,seasonalNaive,drift', `${themeName}: baselines drawn: ${keys}`);
        const legend = await page.textContent('#legend-metric');
        check(/naive.*seasonal naive.*drift/.test(legend ?? ''), `${themeName}: metric legend: ${legend}`);
        const comparison = await page.textContent('#baseline-comparison');
        check(/beats seasonal naive/.test(comparison ?? ''), `${themeName}: header comparison: ${comparison}`);
        check((await page.locator('#backtest-table tbody tr').count()) === 4, `${themeName}: backtest rows`);
        const height = await page.evaluate(() => document.body.scrollHeight);
        await page.setViewportSize({ width: view.viewport.width, height: Math.min(1800, height + 10) });
        await page.waitForTimeout(200);
        await page.screenshot({ path: file });
      } else {
        await page.evaluate((state) => window.postMessage({ type: 'state', state }, '*'), predictionState());
        await page.waitForSelector('#forecast-chart[data-band="0.8"]');
        const label = await page.getAttribute('#forecast-chart', 'aria-label');
        check(/80 % interval/.test(label ?? ''), `${themeName}: chart described as ${label}`);
        await page.click('#insert-quantiles');
        let posted = await page.evaluate(() => window.__posted.at(-1));
        check(
          posted?.type === 'insert-quantiles' && Object.keys(posted).length === 1,
          `Insert quantiles posted ${JSON.stringify(posted)}`,
        );
        await page.selectOption('#forecast-series', 'D');
        posted = await page.evaluate(() => window.__posted.at(-1));
        check(
          posted?.type === 'forecast-series' && posted.series === 'D',
          `series picker posted ${JSON.stringify(posted)}`,
        );
        await page.selectOption('#forecast-series', 'B');
        // The pointer over the chart (on the history, so its tooltip leaves the band in view): the quantile
        // lines show.
        const box = await page.locator('#forecast-chart').boundingBox();
        await page.mouse.move(box.x + box.width * 0.22, box.y + box.height * 0.5);
        await page.waitForTimeout(250);
        const height = await page.evaluate(() => document.body.scrollHeight);
        await page.setViewportSize({ width: view.viewport.width, height: Math.min(1400, height + 10) });
        await page.mouse.move(box.x + box.width * 0.22, box.y + box.height * 0.5);
        await page.waitForTimeout(250);
        await page.screenshot({ path: file });
      }
      console.log(file);
      await page.close();
    }
  }
} finally {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
if (failures > 0) process.exitCode = 1;
