// Screenshots of the Gates panel outside VS Code, for looking at what a change did to it: a standalone page
// loads the built bundle (dist/webview/gates.js) with a stub of the VS Code webview API and VS Code's
// theme variables, receives a synthetic recording, and is photographed in headless Chromium — one PNG per
// model (an LSTM, a GRU, a bidirectional LSTM, an LSTM with projections, an encoder–decoder with attention:
// encoder maps, attention map and decoder maps, hovered on an output step; a forecaster of several series,
// its series picker open on a validation sample of store S03) and theme (Dark Modern, Light Modern, Dark
// High Contrast).
//
//   npx webpack --mode development --config-name webviews
//   node scripts/gates-screenshots.mjs [--out dir] [--bundle dist/webview/gates.js] [--only gru,bidirectional] [--themes dark,light,hc]
//
// Playwright comes from the e2e tests' node_modules (test/e2e/node_modules, or $E2E_NODE_MODULES) and the
// browser from $CHROMIUM_PATH (default /usr/bin/chromium), as in test/e2e/harness.mjs.
//
// The recordings are made here, in the page, in the protocol's shape (src/protocol/gate-recording.ts) —
// what a host posts. Their signal lists are test data standing for what the producer sends: the product's
// one definition is src/protocol/cell-signals.ts, and the unit tests build recordings through it.
// Callbacks of page.evaluate run in the page, where window and document exist.
/* global window, document */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { THEMES } from '../test/e2e/webview-themes.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : fallback;
};
const OUT = path.resolve(option('--out', path.join(ROOT, 'test-artifacts/gates-screenshots')));
const BUNDLE = path.resolve(option('--bundle', path.join(ROOT, 'dist/webview/gates.js')));
const CSS = path.resolve(option('--css', path.join(ROOT, 'media/gates.css')));
const ONLY = option('--only', 'lstm,gru,bidirectional,projected,seq2seq,series').split(',');
const THEME_NAMES = option('--themes', 'dark,light,hc').split(',');
const NODE_MODULES = process.env.E2E_NODE_MODULES || path.join(ROOT, 'test/e2e/node_modules');
const { chromium } = createRequire(path.join(NODE_MODULES, 'noop.js'))('playwright-core');

if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: build first (npx webpack --mode development)`);

// What a host sends for each model (src/protocol/gate-recording.ts): per cell, its signals in order.
const LSTM = [
  ['i', 'input gate', 'unit', 'green'],
  ['f', 'forget gate', 'unit', 'blue'],
  ['g', 'cell input', 'signed', null],
  ['o', 'output gate', 'unit', 'purple'],
  ['c', 'cell state', 'unbounded', 'orange'],
  ['h', 'hidden state', 'signed', 'red'],
];
const GRU = [
  ['r', 'reset gate', 'unit', 'green'],
  ['z', 'update gate', 'unit', 'blue'],
  ['n', 'candidate', 'signed', 'orange'],
  ['h', 'hidden state', 'signed', 'red'],
];
const MODELS = {
  lstm: { cell: 'lstm', signals: LSTM, layers: 2, units: 24, steps: 60, bidirectional: false, projSize: 0 },
  gru: { cell: 'gru', signals: GRU, layers: 2, units: 24, steps: 60, bidirectional: false, projSize: 0 },
  bidirectional: { cell: 'lstm', signals: LSTM, layers: 1, units: 16, steps: 60, bidirectional: true, projSize: 0 },
  projected: { cell: 'lstm', signals: LSTM, layers: 1, units: 24, steps: 60, bidirectional: false, projSize: 8 },
  series: {
    cell: 'lstm',
    signals: LSTM,
    layers: 1,
    units: 16,
    steps: 35,
    bidirectional: false,
    projSize: 0,
    series: true,
  },
  seq2seq: {
    cell: 'lstm',
    signals: LSTM,
    layers: 2,
    units: 24,
    steps: 11,
    bidirectional: false,
    projSize: 0,
    pair: true,
  },
};

/**
 * Runs in the page: an encoder–decoder's recording (a date read as characters and written in ISO 8601):
 * the decoder's maps over the output, the encoder's over the source, attention peaked where each output
 * character comes from.
 */
function synthesizePair(model) {
  const source = '3 mars 1999';
  const output = '1999-03-03';
  const outputTokens = [...output, '<eos>'];
  // The source position each output character reads most (the year, the month name, the day; <eos> the end).
  const aligned = [7, 8, 9, 10, 6, 2, 4, 5, 0, 0, 10];
  const decoder = window.__synthesize({ ...model, steps: outputTokens.length });
  const encoder = window.__synthesize({ ...model, steps: source.length });
  const T = outputTokens.length;
  const Ts = source.length;
  const attention = new Float32Array(T * Ts);
  for (let t = 0; t < T; t++) {
    let sum = 0;
    for (let s = 0; s < Ts; s++) sum += attention[t * Ts + s] = Math.exp(-((s - aligned[t]) ** 2) / 0.8);
    for (let s = 0; s < Ts; s++) attention[t * Ts + s] /= sum;
  }
  return {
    ...decoder,
    checkpointPath: '/synthetic/dates.safetensors',
    task: 'seq2seq',
    architecture: 'Seq2seq(LSTM 2 × 24, general attention)',
    tokens: outputTokens,
    tokenDetails: outputTokens.map((token, t) => `reads ${t === 0 ? '<sos>' : outputTokens[t - 1]}, writes ${token}`),
    outputs: {
      kind: 'next-token',
      top: outputTokens.map((token) =>
        [token, '0', '1', '2', '9'].map((candidate, r) => ({
          token: candidate,
          probability: [0.7, 0.1, 0.05, 0.03, 0.02][r],
        })),
      ),
      actual: outputTokens,
      actualProbability: outputTokens.map((_, t) => 0.55 + 0.4 * Math.abs(Math.sin(t))),
    },
    source: { kind: 'text', label: `text (${Ts} characters)`, notes: [] },
    pair: {
      sourceSteps: Ts,
      sourceTokens: Array.from(source),
      encoder: encoder.gates,
      attention,
      attentionKind: 'general',
      output,
      finished: true,
      reference: '1999-03-03',
    },
  };
}

/**
 * Runs in the page: a forecaster of eight stores' validation sample of store S03 (28 days of history, 7
 * forecast steps): its sales along the time axis and the next day predicted against the actual.
 */
function synthesizeSeries(model) {
  const base = window.__synthesize(model);
  const T = model.steps;
  const history = 28;
  const sales = Array.from({ length: T }, (_, t) => 120 + 30 * Math.sin((2 * Math.PI * t) / 7) + 0.8 * t);
  const predicted = new Float32Array(T);
  const actual = new Float32Array(T);
  for (let t = 0; t < T; t++) {
    predicted[t] = sales[Math.min(t + 1, T - 1)] + 6 * Math.sin(t * 1.7);
    actual[t] = t + 1 < history ? sales[t + 1] : Number.NaN;
  }
  return {
    ...base,
    checkpointPath: '/synthetic/stores.safetensors',
    task: 'forecasting',
    architecture: 'LSTM(24→16) → Linear(16, 7)',
    tokens: sales.map((v, t) => (t < history ? v.toFixed(1) : '·')),
    outputs: { kind: 'forecast', targets: ['sales'], predicted, actual },
    source: {
      kind: 'validation-sample',
      label: "validation sample of series 'S03' 41 of 160 · stores.csv",
      index: 40,
      total: 160,
      fromValidationSplit: true,
      series: 'S03',
      notes: [],
    },
  };
}

/** Runs in the page: a recording with smooth, unit-specific activity (the LSTM's as in measure-gates-draw.mjs). */
function synthesize({ cell, signals, layers, units, steps, bidirectional, projSize }) {
  const sigmoid = (x) => 1 / (1 + Math.exp(-x));
  let seed = 1;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const text = 'the quick brown fox jumps over the lazy dog. '.repeat(Math.ceil(steps / 45)).slice(0, steps);
  const directions = bidirectional ? ['forward', 'backward'] : ['forward'];
  const gates = [];
  for (let l = 0; l < layers; l++) {
    for (const direction of directions) {
      const width = (name) => (name === 'h' && projSize > 0 ? projSize : units);
      const values = Object.fromEntries(signals.map(([name]) => [name, new Float32Array(steps * width(name))]));
      const phase = Array.from({ length: units }, () => random() * 6.28);
      const speed = Array.from({ length: units }, () => 0.02 + random() * 0.3);
      const bias = Array.from({ length: units }, () => (random() - 0.5) * 4);
      const mix = Array.from({ length: projSize * units }, () => (random() - 0.5) * 1.5);
      const state = new Float32Array(units);
      const order = Array.from({ length: steps }, (_, k) => (direction === 'forward' ? k : steps - 1 - k));
      for (const t of order) {
        const space = text[t] === ' ' ? 1 : 0;
        const out = new Float32Array(units);
        for (let j = 0; j < units; j++) {
          const k = t * units + j;
          const wave = Math.sin(phase[j] + t * speed[j]);
          if (cell === 'gru') {
            const r = sigmoid(2 * wave + bias[j] * 0.5);
            const z = sigmoid(bias[j] + 3 * space * (j % 3 === 0 ? -1 : 0.5));
            const n = Math.tanh(1.5 * Math.cos(phase[j] + t * speed[j] * 0.7) * r);
            state[j] = (1 - z) * n + z * state[j];
            values.r[k] = r;
            values.z[k] = z;
            values.n[k] = n;
            values.h[k] = state[j];
          } else {
            const i = sigmoid(2 * wave + bias[j] * 0.5);
            const f = sigmoid(bias[j] + 3 * space * (j % 3 === 0 ? -1 : 0.5));
            const g = Math.tanh(1.5 * Math.cos(phase[j] + t * speed[j] * 0.7));
            const o = sigmoid(1 + wave - space);
            state[j] = f * state[j] + i * g;
            values.i[k] = i;
            values.f[k] = f;
            values.g[k] = g;
            values.o[k] = o;
            values.c[k] = state[j];
            out[j] = o * Math.tanh(state[j]);
            if (projSize === 0) values.h[k] = out[j];
          }
        }
        for (let p = 0; p < projSize; p++) {
          let sum = 0;
          for (let j = 0; j < units; j++) sum += mix[p * units + j] * out[j];
          values.h[t * projSize + p] = sum;
        }
      }
      gates.push({
        layer: l,
        direction,
        signals: signals.map(([name, label, range, chartColor]) => ({
          name,
          label: name === 'h' && projSize > 0 ? 'projected hidden state' : label,
          range: name === 'h' && projSize > 0 ? 'unbounded' : range,
          chartColor,
          isOutput: name === 'h',
          width: width(name),
          values: values[name],
        })),
      });
    }
  }
  const title = cell === 'gru' ? 'GRU' : 'LSTM';
  const extras = [bidirectional ? 'bidirectional' : '', projSize ? `proj_size ${projSize}` : ''].filter(Boolean);
  return {
    checkpointPath: `/synthetic/${cell}.safetensors`,
    task: 'language-model',
    architecture: `Embedding(64, 32) → ${title}(32→${units})${layers > 1 ? ` × ${layers}` : ''}${extras.length ? ` (${extras.join(', ')})` : ''} → Linear(${units}, 64)`,
    cell,
    bidirectional,
    projSize,
    layers,
    units,
    steps,
    tokens: Array.from(text),
    gates,
    outputs: {
      kind: 'next-token',
      top: Array.from({ length: steps }, (_, t) =>
        [text[(t + 1) % steps], 'e', ' ', 't', 'a'].map((token, r) => ({
          token,
          probability: [0.4, 0.2, 0.1, 0.05, 0.03][r],
        })),
      ),
      actual: Array.from({ length: steps }, (_, t) => (t + 1 < steps ? text[t + 1] : null)),
      actualProbability: Array.from({ length: steps }, (_, t) => (t + 1 < steps ? 0.1 + 0.8 * random() : null)),
    },
    source: { kind: 'text', label: `synthetic text (${steps} characters)`, notes: [] },
    recordMs: 0,
  };
}

/**
 * The encoder–decoder view's one hover, checked: an output step of the decoder's maps points its attention
 * row, a source step of the encoder's maps its attention column, and the attention map's keyboard moves
 * the highlight in both maps (arrows, End). Throws on the first wrong answer.
 */
async function checkPairLinks(page, label) {
  const pointed = () => page.evaluate(() => window.__gatesPanel.pair().pointed);
  const expectPointed = async (what, wanted) => {
    const got = await pointed();
    for (const [key, value] of Object.entries(wanted))
      if (got[key] !== value) throw new Error(`${label}: ${what}: ${key} is ${got[key]}, expected ${value}`);
  };
  await expectPointed('hovering decoder step 6', { outputStep: 6, sourceStep: -1 });
  const point = await page.evaluate(() => window.__gatesPanel.encoderCellPoint(0, 'i', 1, 4));
  if (!point) throw new Error(`${label}: no encoder cell to hover`);
  const box = await page.locator('#encoder-maps-scroller').boundingBox();
  await page.mouse.move(box.x + point.x, box.y + point.y);
  await expectPointed('hovering encoder step 4', { sourceStep: 4, outputStep: -1 });
  await page.mouse.move(2, 2);
  await page.locator('#attention-map [tabindex="0"]').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await expectPointed('keyboard in the attention map', { outputStep: 1, sourceStep: 10 });
  console.log(`${label}: linked hover and keyboard checked`);
}

/**
 * The series picker, checked: it offers the model's stores, shows the recorded sample's, and choosing
 * another asks the host for a validation sample of it. Throws when not.
 */
async function checkSeriesPicker(page, label) {
  const picker = page.locator('#gates-series');
  const ids = await picker.locator('option').allTextContents();
  if (ids.length !== 8 || (await picker.inputValue()) !== 'S03')
    throw new Error(`${label}: the picker shows ${await picker.inputValue()} of ${ids.join(', ')}`);
  await picker.selectOption('S05');
  const posted = await page.evaluate(() => window.__posted.at(-1));
  const wanted = JSON.stringify({ type: 'record', input: { type: 'validation-sample', index: 0, series: 'S05' } });
  if (JSON.stringify(posted) !== wanted) throw new Error(`${label}: choosing S05 posted ${JSON.stringify(posted)}`);
  console.log(`${label}: series picker checked`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gates-screenshots-'));
fs.mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  for (const themeName of THEME_NAMES) {
    const theme = THEMES[themeName];
    const css = `:root {\n${Object.entries(theme.vars)
      .map(([k, v]) => `  --vscode-${k}: ${v};`)
      .join('\n')}\n}\n`;
    fs.writeFileSync(path.join(dir, `${themeName}.css`), css);
    fs.writeFileSync(
      path.join(dir, 'stub.js'),
      `window.__posted = [];
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });`,
    );
    fs.writeFileSync(
      path.join(dir, `${themeName}.html`),
      `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="file://${path.join(ROOT, 'media/attention-map.css')}"><link rel="stylesheet" href="file://${CSS}"><link rel="stylesheet" href="${themeName}.css">
</head><body class="${theme.kind}"><div id="app"></div>
<script src="stub.js"></script><script src="file://${BUNDLE}"></script></body></html>`,
    );
    for (const name of ONLY) {
      const model = MODELS[name];
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      page.on('pageerror', (e) => console.error(`${name}/${themeName}: page error: ${e.message}`));
      await page.goto(`file://${path.join(dir, `${themeName}.html`)}`);
      await page.waitForFunction(() => window.__gatesPanel && window.__posted.some((m) => m.type === 'ready'));
      await page.evaluate(`window.__synthesize = ${synthesize.toString()}`);
      await page.evaluate(`window.__synthesizePair = ${synthesizePair.toString()}`);
      await page.evaluate(`window.__synthesizeSeries = ${synthesizeSeries.toString()}`);
      await page.evaluate((model) => {
        const recording = model.pair
          ? window.__synthesizePair(model)
          : model.series
            ? window.__synthesizeSeries(model)
            : window.__synthesize(model);
        const series = model.series
          ? { series: { column: 'store', ids: ['S01', 'S02', 'S03', 'S04', 'S05', 'S06', 'S07', 'S08'] } }
          : {};
        window.postMessage(
          {
            type: 'model',
            model: {
              checkpointPath: recording.checkpointPath,
              name: `${model.cell}.safetensors · synthetic`,
              task: recording.task,
              taskName: model.pair ? 'sequence to sequence' : model.series ? 'forecasting' : 'language model',
              output: model.series ? 'forecast' : 'next-token',
              architecture: recording.architecture,
              hasDataset: model.series === true,
              ...(model.series ? { featureColumns: ['sales'] } : {}),
              ...series,
            },
          },
          '*',
        );
        const input = model.series
          ? { type: 'validation-sample', index: 40, series: 'S03' }
          : { type: 'text', text: 'x' };
        window.postMessage({ type: 'recording', input, recording }, '*');
      }, model);
      await page.waitForFunction(
        () => window.__gatesPanel.recording() !== null && window.__gatesPanel.paintedAllMs() > 0,
      );
      // Shorter unit rows, so several maps fit; focus a unit so its chart shows (from a map of the gates'
      // units: a projected h has others).
      for (let k = 0; k < 3; k++) await page.click('#zoom-units-out');
      if (model.pair) {
        // Hover an output step of the decoder's maps: its attention row, and the source tokens it read.
        const point = await page.evaluate(() => window.__gatesPanel.cellPoint(1, 'h', 3, 6));
        const box = await page.locator('#maps-scroller').boundingBox();
        if (point) await page.mouse.move(box.x + point.x, box.y + point.y);
        await page.waitForTimeout(300);
        const file = path.join(OUT, `gates-${name}-${themeName}.png`);
        await page.screenshot({ path: file });
        console.log(file);
        await checkPairLinks(page, `${name}/${themeName}`);
        await page.close();
        continue;
      }
      const map = model.projSize > 0 ? 'c' : 'h';
      const point = await page.evaluate((map) => window.__gatesPanel.cellPoint(0, map, 2, 10), map);
      if (point) {
        const box = await page.locator('#maps-scroller').boundingBox();
        await page.mouse.click(box.x + point.x, box.y + point.y);
        await page.evaluate(() => (document.getElementById('maps-scroller').scrollTop = 0));
        await page.mouse.move(box.x + point.x + 40, box.y + 120);
      }
      await page.waitForTimeout(300);
      const file = path.join(OUT, `gates-${name}-${themeName}.png`);
      await page.screenshot({ path: file });
      console.log(file);
      if (model.series) {
        // The header, the input bar with the picker and the top band: what docs/gates.md shows of it.
        const picker = path.join(OUT, `gates-series-picker-${themeName}.png`);
        await page.screenshot({ path: picker, clip: { x: 0, y: 0, width: 1400, height: 270 } });
        console.log(picker);
        await checkSeriesPicker(page, `${name}/${themeName}`);
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
