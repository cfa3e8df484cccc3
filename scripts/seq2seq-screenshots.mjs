// Screenshots of the sequence-to-sequence views outside VS Code: the Training panel's validation examples
// table and the Prediction panel's transform view (output, n-best, attention map with a cell pointed at).
// As scripts/gates-screenshots.mjs does for the Gates panel: a standalone page loads the built bundle
// (dist/webview/training.js, dist/webview/prediction.js) with a stub of the VS Code webview API and VS
// Code's theme variables, receives fixture messages in the protocol's shape (src/protocol/
// training-panel.ts, prediction-panel.ts) — what a host posts — and is photographed in headless Chromium.
// One PNG per view and theme (Dark Modern, Light Modern, Dark High Contrast).
//
//   npx webpack --mode development --config-name webviews
//   node scripts/seq2seq-screenshots.mjs [--out docs/images] [--themes dark,light,hc] [--only examples,transform]
//
// Playwright comes from the e2e tests' node_modules (test/e2e/node_modules, or $E2E_NODE_MODULES) and the
// browser from $CHROMIUM_PATH (default /usr/bin/chromium), as in test/e2e/harness.mjs.
// Callbacks of page.evaluate run in the page, where window and document exist.
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
const OUT = path.resolve(option('--out', path.join(ROOT, 'test-artifacts/seq2seq-screenshots')));
const THEME_NAMES = option('--themes', 'dark,light,hc').split(',');
const ONLY = option('--only', 'examples,transform,transform-chars').split(',');
const NODE_MODULES = process.env.E2E_NODE_MODULES || path.join(ROOT, 'test/e2e/node_modules');
const { chromium } = createRequire(path.join(NODE_MODULES, 'noop.js'))('playwright-core');

// Variables these views use beyond the Gates panel's set (VS Code's values for the same three themes).
const EXTRA_VARS = {
  dark: { focusBorder: '#0078d4', 'textCodeBlock-background': '#2b2b2b', 'list-hoverBackground': '#2a2d2e' },
  light: { focusBorder: '#005fb8', 'textCodeBlock-background': '#f8f8f8', 'list-hoverBackground': '#f2f2f2' },
  hc: { 'textCodeBlock-background': '#000000' },
};

const VIEWS = {
  examples: { bundle: 'training', css: 'training.css', viewport: { width: 1200, height: 1000 } },
  transform: { bundle: 'prediction', css: 'prediction.css', viewport: { width: 1100, height: 1000 } },
  'transform-chars': { bundle: 'prediction', css: 'prediction.css', viewport: { width: 1100, height: 1000 } },
};

// ── Fixtures ────────────────────────────────────────────────────────────────────────────────────────

/** Dates written many ways → ISO 8601, read character by character: the bundled example's kind of pairs. */
function trainingSnapshot() {
  const chars = (text) => Array.from(text);
  const example = (source, reference, output) => ({
    source,
    reference,
    output,
    referenceTokens: chars(reference),
    outputTokens: chars(output),
  });
  const examples = [
    example('3 March 2021', '2021-03-03', '2021-03-03'),
    example('Tuesday, 14 July 1998', '1998-07-14', '1998-07-14'),
    example('12/25/2009', '2009-12-25', '2009-12-25'),
    example('le 7 septembre 1987', '1987-09-07', '1987-09-17'),
    example('01.02.2003', '2003-02-01', '2003-01-02'),
    example('Oct 5, 76', '1976-10-05', '1976-10-5'),
    example('5. Mai 2015', '2015-05-05', '2015-05-05 '),
    example('2 de enero de 1999', '1999-01-02', '1999-01-02'),
  ];
  const stepsTotal = 400;
  const steps = { step: [], epoch: [], time: [], loss: [], lr: [], gradNorm: [] };
  for (let k = 1; k <= stepsTotal; k++) {
    steps.step.push(k);
    steps.epoch.push(Math.floor((k - 1) / 100));
    steps.time.push(k * 0.08);
    steps.loss.push(0.15 + 2.6 * Math.exp(-k / 70) + 0.05 * Math.sin(k * 1.7));
    steps.lr.push(1e-3);
    steps.gradNorm.push(0.6 + 2 * Math.exp(-k / 90) + 0.1 * Math.cos(k));
  }
  const evaluations = [100, 200, 300, 400].map((step, e) => {
    const q = 1 - Math.exp(-(e + 1) / 1.4);
    return {
      step,
      epoch: e,
      time: step * 0.08,
      metrics: {
        loss: 0.2 + 1.9 * (1 - q),
        tokenAccuracy: 0.55 + 0.42 * q,
        exactMatch: 0.1 + 0.62 * q,
        tokenErrorRate: 0.45 * (1 - q) + 0.03,
        charErrorRate: 0.4 * (1 - q) + 0.02,
        bleu: 12 + 70 * q,
        chrF: 30 + 60 * q,
      },
      examples:
        step === 400
          ? examples
          : examples.map((x) => ({ ...x, output: '2000-01-01', outputTokens: chars('2000-01-01') })),
    };
  });
  const metric = { key: 'bleu', label: 'BLEU', higherIsBetter: true, format: 'decimal' };
  const meta = {
    id: '20261206-223000-dates',
    runDir: '/runs/20261206-223000-dates',
    datasetName: 'dates.tsv',
    task: 'seq2seq',
    taskName: 'Sequence to sequence',
    status: 'running',
    architecture:
      'Encoder Embedding(48, 64) → LSTM(64→128) · Decoder Embedding(14, 64) → LSTM(64→128) + general attention → Linear(128, 14)',
    parameterCount: 214_862,
    preset: 'small',
    batchSize: 64,
    epochs: 10,
    step: stepsTotal,
    epoch: 3,
    epochProgress: 1,
    totalSteps: 1000,
    stepsPerEpoch: 100,
    samplesPerSecond: 812,
    elapsedSeconds: 32,
    remainingSeconds: 48,
    best: evaluations[3],
    metric,
    hasBestCheckpoint: true,
  };
  return { type: 'snapshot', runs: [{ meta, steps, evaluations }], overlayCandidates: [] };
}

/** A word-level translation with beam 3: English → French, attention roughly along the diagonal. */
function predictionState() {
  const input = 'The cat sleeps on the warm mat .';
  const sourceTokens = [];
  for (const m of input.matchAll(/\S+/g)) {
    const word = m[0];
    sourceTokens.push({
      text: word,
      token: word.toLowerCase(),
      start: m.index,
      end: m.index + word.length,
      known: word !== 'mat',
    });
  }
  sourceTokens[6].token = '<unk>';
  const outputTokens = ['le', 'chat', 'dort', 'sur', 'le', 'tapis', 'chaud', '.'];
  // Where each output row looks (source index), with a little spread; the last row is <eos>.
  const focus = [1, 1, 2, 3, 4, 6, 5, 7, 7];
  const attention = focus.map((f, i) => {
    const row = sourceTokens.map((_, j) => Math.exp(-2.2 * Math.abs(j - f) ** 1.4) + (i === 0 && j === 0 ? 0.8 : 0));
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((w) => w / sum);
  });
  const answer = {
    kind: 'transform',
    sourceTokens,
    output: outputTokens.join(' '),
    outputTokens,
    nbest: [
      { output: outputTokens.join(' '), tokens: outputTokens, score: -0.142 },
      {
        output: 'le chat dort sur le tapis chauffé .',
        tokens: 'le chat dort sur le tapis chauffé .'.split(' '),
        score: -0.391,
      },
      {
        output: 'le chat dort sur un tapis chaud .',
        tokens: 'le chat dort sur un tapis chaud .'.split(' '),
        score: -0.455,
      },
    ],
    attention,
    beam: 3,
    notices: [{ level: 'info', message: "'mat' is not in the source vocabulary: read as <unk>" }],
    firstTokenMs: 3.1,
    computeMs: 18.4,
  };
  return {
    model: {
      path: '/runs/20261206-223000-en-fr/best.safetensors',
      name: '20261206-223000-en-fr · best.safetensors',
      task: 'seq2seq',
      taskBadge: 'sequence to sequence',
      prediction: { request: 'transform', answer: 'transform', action: 'Transform', running: 'Transforming' },
      architecture: 'Encoder LSTM(64→128) · Decoder LSTM(64→128) + general attention',
      parameterCount: 1_204_330,
    },
    input,
    source: { fileName: 'notes/phrases.txt', startLine: 4, endLine: 4, wholeLine: false },
    options: {
      attribution: 'integrated-gradients',
      length: 200,
      temperature: 0.8,
      topK: 0,
      seed: 1,
      greedy: false,
      horizon: 12,
      beam: 3,
      maxLength: 100,
    },
    requestId: 1,
    running: false,
    answer,
    timing: { roundTripMs: 24.9, firstMs: 4.0 },
    error: null,
    canInsert: true,
  };
}

/** A date read character by character, decoded greedily: one candidate, a character-level map. */
function characterState() {
  const input = 'le 7 septembre 1987';
  const sourceTokens = Array.from(input, (c, k) => ({ text: c, token: c, start: k, end: k + 1, known: true }));
  const output = '1987-09-07';
  const outputTokens = Array.from(output);
  // Each output character looks at the source characters it comes from (year, month name, day).
  const looks = [[15], [16], [17], [18], [14], [5, 6, 7], [8, 9, 10], [4], [2, 3], [2], [18]];
  const attention = looks.map((cols) => {
    const row = sourceTokens.map((_, j) => 0.02 + (cols.includes(j) ? 1 / cols.length : 0));
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((w) => w / sum);
  });
  const base = predictionState();
  return {
    ...base,
    model: { ...base.model, name: '20261206-224500-dates · best.safetensors', path: '/runs/dates/best.safetensors' },
    input,
    options: { ...base.options, beam: 1 },
    answer: {
      kind: 'transform',
      sourceTokens,
      output,
      outputTokens,
      nbest: [{ output, tokens: outputTokens, score: -0.021 }],
      attention,
      beam: 1,
      notices: [],
      firstTokenMs: 1.2,
      computeMs: 4.8,
    },
    timing: { roundTripMs: 7.5, firstMs: 2.0 },
  };
}

// ── Pages ───────────────────────────────────────────────────────────────────────────────────────────

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seq2seq-screenshots-'));
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
<link rel="stylesheet" href="file://${path.join(ROOT, 'media/attention-map.css')}"><link rel="stylesheet" href="file://${path.join(ROOT, 'media', view.css)}"><link rel="stylesheet" href="${themeName}.css">
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
      let file = path.join(OUT, `seq2seq-${name}-${themeName}.png`);
      if (name === 'examples') {
        await page.evaluate((message) => window.postMessage(message, '*'), trainingSnapshot());
        await page.waitForFunction(() => window.__trainingPanel?.examplesStep() === 400);
        await page.waitForTimeout(300);
        // The table and the metric chart above it (the rest is the Training panel's own screenshots').
        const top = await page.locator('#card-metric').boundingBox();
        const card = await page.locator('#card-examples').boundingBox();
        await page.setViewportSize({ width: view.viewport.width, height: Math.ceil(card.y + card.height + 24) });
        await page.screenshot({
          path: file,
          clip: { x: 0, y: top.y - 12, width: view.viewport.width, height: card.y + card.height - top.y + 24 },
        });
      } else if (name === 'transform-chars') {
        await page.evaluate((state) => window.postMessage({ type: 'state', state }, '*'), characterState());
        await page.waitForSelector('#attention-map [data-output-index="0"][data-source-index="15"]');
        // Point at the source's 's' of "septembre" (its column label): the output characters that read it.
        await page.hover('#attention-map [data-source-header="5"]');
        await page.waitForTimeout(200);
        const status = await page.textContent('#attention-status');
        if (!/^'s' is attended most by output '0' /.test(status ?? '')) {
          failures++;
          console.error(`${name}/${themeName}: column hover announced: ${status}`);
        }
        const height = await page.evaluate(() => document.body.scrollHeight);
        await page.setViewportSize({ width: view.viewport.width, height: Math.min(1400, height + 10) });
        await page.screenshot({ path: file });
      } else {
        const check = (ok, what) => {
          if (ok) return;
          failures++;
          console.error(`${name}/${themeName}: ${what}`);
        };
        const state = predictionState();
        // While decoding: the hypothesis so far arrives as transform-chunks (each replaces the one before).
        await page.evaluate((state) => {
          window.postMessage({ type: 'state', state: { ...state, running: true, answer: null, timing: null } }, '*');
          window.postMessage(
            { type: 'transform-chunk', requestId: 1, chunk: { tokens: ['le'], firstTokenMs: 3.1 } },
            '*',
          );
          window.postMessage({ type: 'transform-chunk', requestId: 1, chunk: { tokens: ['le', 'chat'] } }, '*');
        }, state);
        await page.waitForFunction(() => document.querySelector('#transform-output')?.textContent === 'le chat');
        await page.evaluate((state) => window.postMessage({ type: 'state', state }, '*'), state);
        await page.waitForSelector('#attention-map [data-output-index="5"][data-source-index="6"]');
        // The keyboard: the map's one tab stop, then a row down.
        await page.focus('#attention-map [tabindex="0"]');
        await page.keyboard.press('ArrowDown');
        const moved = await page.textContent('#attention-status');
        check(/^output 'chat' attends to '\S+' 0\.\d\d$/.test(moved ?? ''), `arrow key announced: ${moved}`);
        // Another candidate becomes the output the buttons use; the host gets its rank, not its text.
        await page.click('.nbest-item[data-rank="1"]');
        check((await page.getAttribute('#transform-output', 'data-candidate')) === '1', 'candidate 2 not chosen');
        await page.click('#transform-replace');
        const posted = await page.evaluate(() => window.__posted.at(-1));
        check(
          posted?.type === 'transform-edit' && posted.edit === 'replace' && posted.candidate === 1,
          `Replace posted ${JSON.stringify(posted)}`,
        );
        await page.click('.nbest-item[data-rank="0"]');
        await page.evaluate(() => document.activeElement?.blur());
        // Point at the row of 'tapis' from the keyboard side: hover its cell for "attends to" highlighting.
        await page.hover('#attention-map [data-output-index="5"][data-source-index="6"]');
        await page.waitForTimeout(200);
        const status = await page.textContent('#attention-status');
        check(/output 'tapis' attends to '<unk>' 0\.\d\d/.test(status ?? ''), `hover announced: ${status}`);
        const height = await page.evaluate(() => document.body.scrollHeight);
        await page.setViewportSize({ width: view.viewport.width, height: Math.min(1400, height + 10) });
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
