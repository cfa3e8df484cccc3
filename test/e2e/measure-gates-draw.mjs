// Measures the Gates panel's draw time in headless Chromium, outside VS Code: a standalone page loads the
// built bundle (dist/webview/gates.js) with a stub of the VS Code webview API, receives a synthetic
// recording of 2 layers × 256 units × 1 000 steps, and reports
//   - first frame: from the recording's arrival to its first frame (scales, unit orders, layout, the visible
//     maps' bitmaps, the frame);
//   - all painted: from the arrival until all 12 maps (2 × 6 × 256 × 1 000 cells) are painted, the rest
//     in tasks right after the first frame — the number held against the 200 ms budget;
//   - a re-sort (orders + bitmaps + frame), a zoom step and scroll frames (one frame each).
// The median of several runs is printed.
//   npx webpack --mode production && node test/e2e/measure-gates-draw.mjs [--runs 5] [--screenshot out.png] [--theme light|dark]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, REPO_ROOT } from './harness.mjs';
import { THEMES } from './webview-themes.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : fallback;
};
const RUNS = Number(option('--runs', '5'));
const SCREENSHOT = option('--screenshot', null);
const THEME = option('--theme', 'dark');
const LAYERS = 2;
const UNITS = 256;
const STEPS = 1000;

const bundle = path.join(REPO_ROOT, 'dist/webview/gates.js');
if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: build first (npx webpack --mode production)`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gates-draw-'));
const theme = THEMES[THEME] ?? THEMES.dark;
fs.writeFileSync(
  path.join(dir, 'theme.css'),
  `:root {\n${Object.entries(theme.vars)
    .map(([k, v]) => `  --vscode-${k}: ${v};`)
    .join('\n')}\n}\n`,
);
fs.writeFileSync(
  path.join(dir, 'stub.js'),
  `window.__posted = [];
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });`,
);
fs.writeFileSync(
  path.join(dir, 'index.html'),
  `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="file://${path.join(REPO_ROOT, 'media/gates.css')}"><link rel="stylesheet" href="theme.css">
</head><body class="${theme.kind}"><div id="app"></div>
<script src="stub.js"></script><script src="file://${bundle}"></script></body></html>`,
);

/** Runs in the page: a synthetic recording with smooth, unit-specific gate activity. */
function synthesize({ layers, units, steps }) {
  const sigmoid = (x) => 1 / (1 + Math.exp(-x));
  let seed = 1;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const text = 'the quick brown fox jumps over the lazy dog. '.repeat(Math.ceil(steps / 45)).slice(0, steps);
  const gates = [];
  for (let l = 0; l < layers; l++) {
    const layer = {
      i: new Float32Array(steps * units),
      f: new Float32Array(steps * units),
      g: new Float32Array(steps * units),
      o: new Float32Array(steps * units),
      c: new Float32Array(steps * units),
      h: new Float32Array(steps * units),
    };
    const phase = Array.from({ length: units }, () => random() * 6.28);
    const speed = Array.from({ length: units }, () => 0.02 + random() * 0.3);
    const bias = Array.from({ length: units }, () => (random() - 0.5) * 4);
    const c = new Float32Array(units);
    for (let t = 0; t < steps; t++) {
      const space = text[t] === ' ' ? 1 : 0;
      for (let j = 0; j < units; j++) {
        const k = t * units + j;
        const wave = Math.sin(phase[j] + t * speed[j]);
        const i = sigmoid(2 * wave + bias[j] * 0.5);
        const f = sigmoid(bias[j] + 3 * space * (j % 3 === 0 ? -1 : 0.5));
        const g = Math.tanh(1.5 * Math.cos(phase[j] + t * speed[j] * 0.7));
        const o = sigmoid(1 + wave - space);
        c[j] = f * c[j] + i * g;
        layer.i[k] = i;
        layer.f[k] = f;
        layer.g[k] = g;
        layer.o[k] = o;
        layer.c[k] = c[j];
        layer.h[k] = o * Math.tanh(c[j]);
      }
    }
    // The protocol's shape (src/protocol/gate-recording.ts): each signal with its words, range and width.
    const specs = [
      ['i', 'input gate', 'unit', 'green'],
      ['f', 'forget gate', 'unit', 'blue'],
      ['g', 'cell input', 'signed', null],
      ['o', 'output gate', 'unit', 'purple'],
      ['c', 'cell state', 'unbounded', 'orange'],
      ['h', 'hidden state', 'signed', 'red'],
    ];
    gates.push({
      layer: l,
      direction: 'forward',
      signals: specs.map(([name, label, range, chartColor]) => ({
        name,
        label,
        range,
        chartColor,
        isOutput: name === 'h',
        width: units,
        values: layer[name],
      })),
    });
  }
  const top = Array.from({ length: steps }, (_, t) =>
    [text[(t + 1) % steps], 'e', ' ', 't', 'a'].map((token, r) => ({
      token,
      probability: [0.4, 0.2, 0.1, 0.05, 0.03][r],
    })),
  );
  return {
    checkpointPath: '/synthetic/best.safetensors',
    task: 'language-model',
    architecture: `Embedding(64, 32) → LSTM(32→${units}) × ${layers} → Linear(${units}, 64)`,
    cell: 'lstm',
    bidirectional: false,
    projSize: 0,
    layers,
    units,
    steps,
    tokens: Array.from(text),
    gates,
    outputs: {
      kind: 'next-token',
      top,
      actual: Array.from({ length: steps }, (_, t) => (t + 1 < steps ? text[t + 1] : null)),
      actualProbability: Array.from({ length: steps }, (_, t) => (t + 1 < steps ? 0.1 + 0.8 * random() : null)),
    },
    source: { kind: 'text', label: `synthetic text (${steps} characters)`, notes: [] },
    recordMs: 0,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`file://${path.join(dir, 'index.html')}`);
  await page.waitForFunction(() => window.__gatesPanel && window.__posted.some((m) => m.type === 'ready'));
  await page.evaluate(() =>
    window.postMessage(
      {
        type: 'model',
        model: {
          checkpointPath: '/synthetic/best.safetensors',
          name: 'best.safetensors · synthetic',
          task: 'language-model',
          taskName: 'language model',
          output: 'next-token',
          architecture: 'synthetic',
          hasDataset: false,
        },
      },
      '*',
    ),
  );
  await page.evaluate(`window.__synthesize = ${synthesize.toString()}`);
  const results = { first: [], all: [], resort: [], zoom: [], scroll: [] };
  for (let run = 0; run < RUNS; run++) {
    const r = await page.evaluate(
      async ({ layers, units, steps, run }) => {
        const recording = window.__synthesize({ layers, units, steps });
        recording.source.label += ` · run ${run}`;
        const panel = window.__gatesPanel;
        const arrived = new Promise((resolve) => {
          const check = () => (panel.recording()?.source === recording.source.label ? resolve() : setTimeout(check, 5));
          check();
        });
        window.postMessage({ type: 'recording', input: { type: 'text', text: 'x' }, recording }, '*');
        await arrived;
        const first = panel.fullDrawMs();
        await new Promise((resolve) => {
          const check = () => (panel.paintedAllMs() > 0 ? resolve() : setTimeout(check, 5));
          check();
        });
        const all = panel.paintedAllMs();
        // Let the layer summaries (computed right after the first frame) finish before timing the rest.
        await new Promise((r) => setTimeout(r, 500));
        const timeFrame = async (act) => {
          await new Promise((r) => requestAnimationFrame(() => r()));
          const t0 = performance.now();
          act();
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          return { total: performance.now() - t0, frame: panel.frameMs() };
        };
        const sorter = document.getElementById('sort-by');
        const resort = await timeFrame(() => {
          sorter.value = sorter.value === 'variance' ? 'index' : 'variance';
          sorter.dispatchEvent(new Event('change'));
        });
        const zoom = await timeFrame(() => document.getElementById('zoom-steps-out').click());
        const scroller = document.getElementById('maps-scroller');
        const scroll = [];
        for (let k = 1; k <= 10; k++) scroll.push((await timeFrame(() => (scroller.scrollTop = k * 180))).frame);
        document.getElementById('zoom-steps-in').click();
        scroller.scrollTop = 0;
        return {
          first,
          all,
          resort: resort.total,
          zoom: zoom.total,
          scroll: scroll.reduce((a, b) => Math.max(a, b), 0),
          drawn: panel.drawn(),
        };
      },
      { layers: LAYERS, units: UNITS, steps: STEPS, run },
    );
    console.log(
      `run ${run + 1}: first frame ${r.first.toFixed(1)} ms, all 12 maps painted ${r.all.toFixed(1)} ms, re-sort ${r.resort.toFixed(1)} ms, zoom ${r.zoom.toFixed(1)} ms, slowest scroll frame ${r.scroll.toFixed(1)} ms (${r.drawn} cells on screen)`,
    );
    for (const key of Object.keys(results)) results[key].push(r[key]);
  }
  const summary = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Number(median(v).toFixed(1))]));
  console.log(
    JSON.stringify({
      layers: LAYERS,
      units: UNITS,
      steps: STEPS,
      runs: RUNS,
      medianMs: summary,
      budgetMs: 200,
      withinBudget: summary.all < 200,
    }),
  );
  if (SCREENSHOT) {
    await page.evaluate(() => {
      const p = document.getElementById('maps-scroller');
      p.scrollTop = 0;
    });
    await page.waitForTimeout(200);
    await page.screenshot({ path: SCREENSHOT });
    console.log(`screenshot: ${SCREENSHOT}`);
  }
} finally {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
