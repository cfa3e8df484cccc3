// Screenshots of the Evaluate view outside VS Code (issue 17): the Errors tab of a classifier (confusion
// matrix, per-class scores, reliability diagram, misclassified examples) and of a character language
// model (the text coloured by loss, worst contexts, hardest tokens). As scripts/forecast-screenshots.mjs
// does: a standalone page loads the built bundle with a stub of the VS Code webview API and VS Code's
// theme variables, receives fixture messages in the protocol's shape (src/protocol/evaluate-view.ts) and
// is photographed in headless Chromium, one PNG per view and theme. It also checks what a user would: the
// arrow keys move through the confusion matrix and the cell is announced, *Open in Gates* posts the
// example's index, the tabs move with the arrow keys.
//
//   npx webpack --mode development --config-name webviews
//   node scripts/evaluate-screenshots.mjs [--out docs/images] [--themes dark,light,hc] [--only classifier,language-model]
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
const OUT = path.resolve(option('--out', path.join(ROOT, 'test-artifacts/evaluate-screenshots')));
const THEME_NAMES = option('--themes', 'dark,light,hc').split(',');
const ONLY = option('--only', 'classifier,language-model').split(',');
const NODE_MODULES = process.env.E2E_NODE_MODULES || path.join(ROOT, 'test/e2e/node_modules');
const { chromium } = createRequire(path.join(NODE_MODULES, 'noop.js'))('playwright-core');

const EXTRA_VARS = {
  dark: { focusBorder: '#0078d4', 'progressBar-background': '#0078d4', 'panelTitle-activeBorder': '#0078d4' },
  light: { focusBorder: '#005fb8', 'progressBar-background': '#005fb8', 'panelTitle-activeBorder': '#005fb8' },
  hc: { contrastActiveBorder: '#f38518', 'progressBar-background': '#6fc3df' },
};

// ── Fixtures ────────────────────────────────────────────────────────────────────────────────────────

/** A deterministic wiggle, so the fixtures look like data without a random generator. */
const wiggle = (k) => Math.sin(k * 1.7) * 0.5 + Math.sin(k * 0.37) * 0.5;

const layers = [
  { layer: 0, direction: 'forward', signal: 'h', width: 128 },
  { layer: 0, direction: 'forward', signal: 'c', width: 128 },
];

/** A three-class sentiment classifier on 600 validation reviews: its report as the worker computes it. */
function classifierSummary() {
  const labels = ['negative', 'neutral', 'positive'];
  const confusionMatrix = [
    [171, 22, 7],
    [31, 118, 41],
    [6, 19, 185],
  ];
  const support = confusionMatrix.map((row) => row.reduce((a, b) => a + b, 0));
  const predicted = labels.map((_, c) => confusionMatrix.reduce((sum, row) => sum + row[c], 0));
  const perClass = labels.map((label, k) => {
    const precision = confusionMatrix[k][k] / predicted[k];
    const recall = confusionMatrix[k][k] / support[k];
    return { label, precision, recall, f1: (2 * precision * recall) / (precision + recall), support: support[k] };
  });
  const examples = support.reduce((a, b) => a + b, 0);
  const right = confusionMatrix.reduce((sum, row, k) => sum + row[k], 0);
  const mean = (key) => perClass.reduce((sum, c) => sum + c[key], 0) / labels.length;
  const reliability = Array.from({ length: 15 }, (_, b) => {
    const lower = b / 15;
    const upper = (b + 1) / 15;
    const count = b < 5 ? 0 : Math.round(10 + b * b * 0.9);
    const confidence = (lower + upper) / 2;
    return {
      lower,
      upper,
      count,
      confidence: count ? confidence : 0,
      accuracy: count ? Math.min(1, confidence * 0.93 + 0.02 * wiggle(b)) : 0,
    };
  });
  const texts = [
    'The plot is thin but honestly I could not stop watching, the cast carries every scene.',
    'Not bad. Not good either. It exists, and I watched it on a plane.',
    'I wanted to hate it and I did not. The ending, though, is a mess.',
    'A masterpiece of tedium: two hours I will never get back, beautifully shot.',
    'Fine for a rainy afternoon; the soundtrack is the best part.',
    'Great idea, terrible execution, and yet I recommended it to my sister.',
  ];
  const misclassified = texts.map((text, k) => ({
    index: [412, 87, 233, 19, 501, 340][k],
    actual: ['positive', 'neutral', 'positive', 'negative', 'neutral', 'neutral'][k],
    predicted: ['negative', 'negative', 'neutral', 'positive', 'positive', 'negative'][k],
    confidence: [0.97, 0.93, 0.88, 0.84, 0.79, 0.71][k],
    text,
  }));
  return {
    sessionId: 's-classifier',
    task: 'classification',
    modelName: 'best.safetensors · 20261207-091500-reviews',
    dataLabel: 'validation split of reviews.csv (600 sequences)',
    architecture: 'LSTM(1×128) · embedding 64 · 3 classes',
    sequences: examples,
    steps: 61_240,
    metrics: { loss: 0.512, accuracy: right / examples },
    report: {
      kind: 'classifier',
      labels,
      confusionMatrix,
      perClass,
      accuracy: right / examples,
      macro: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') },
      ece: reliability.reduce((s, b) => s + (b.count / examples) * Math.abs(b.accuracy - b.confidence), 0),
      reliability,
      misclassified,
      examples,
    },
    layers,
    input: 'text',
    labels,
    cache: { memoryBytes: 31_354_880, diskBytes: 0 },
    timings: { readMs: 42, passMs: 1380 },
    notes: [],
  };
}

const FABLE =
  'A Fox one day spied a beautiful bunch of ripe grapes hanging from a vine trained along the branches of a tree. ' +
  "The grapes seemed ready to burst with juice, and the Fox's mouth watered as he gazed longingly at them.\n" +
  'The bunch hung from a high branch, and the Fox had to jump for it. The first time he jumped he missed it by a long way. ' +
  'So he walked off a short distance and took a running leap at it, only to fall short once more.\n' +
  'Again and again he tried, but in vain. Now he sat down and looked at the grapes in disgust.\n' +
  '"What a fool I am," he said. "Here I am wearing myself out to get a bunch of sour grapes that are not worth gaping for."\n' +
  'And off he walked very, very scornfully.\n';

/** Per-character losses: low inside words, higher at word starts and after punctuation, spikes at capitals and quotes. */
function lossOf(text, k) {
  const c = text[k];
  const previous = text[k - 1] ?? ' ';
  let loss = 0.25 + 0.2 * (0.5 + 0.5 * wiggle(k));
  if (previous === ' ' || previous === '\n') loss += 1.4 + 0.8 * wiggle(k + 1);
  if (/[A-Z"]/.test(c)) loss += 2.6;
  if (/[,.]/.test(c)) loss += 0.6;
  if (k > 0 && text.slice(k - 3, k) === 'the') loss = 0.05;
  return Math.max(0.01, loss);
}

function languageModelSummary() {
  const losses = Array.from(FABLE, (_, k) => lossOf(FABLE, k));
  const meanLoss = losses.reduce((a, b) => a + b, 0) / losses.length;
  const order = losses.map((loss, k) => ({ loss, k })).sort((a, b) => b.loss - a.loss);
  const worstContexts = order.slice(0, 6).map(({ loss, k }) => ({
    index: k,
    context: FABLE.slice(Math.max(0, k - 40), k),
    token: FABLE[k],
    loss,
    expected: ' ',
  }));
  const byToken = new Map();
  Array.from(FABLE).forEach((c, k) => {
    const entry = byToken.get(c) ?? { token: c, count: 0, sum: 0 };
    entry.count++;
    entry.sum += losses[k];
    byToken.set(c, entry);
  });
  const hardestTokens = [...byToken.values()]
    .map((e) => ({ token: e.token, count: e.count, meanLoss: e.sum / e.count }))
    .sort((a, b) => b.meanLoss - a.meanLoss)
    .slice(0, 10);
  return {
    summary: {
      sessionId: 's-lm',
      task: 'language-model',
      modelName: 'best.safetensors · 20261207-080000-fables',
      dataLabel: 'validation split of fables.txt (1 sequence)',
      architecture: 'LSTM(2×256) · characters',
      sequences: 1,
      steps: FABLE.length,
      metrics: { loss: meanLoss, bitsPerChar: meanLoss / Math.LN2 },
      report: { kind: 'language-model', tokens: FABLE.length, meanLoss, worstContexts, hardestTokens },
      layers: [...layers, { layer: 1, direction: 'forward', signal: 'h', width: 256 }],
      input: 'text',
      cache: { memoryBytes: 2_621_440, diskBytes: 0 },
      timings: { readMs: 3, passMs: 214 },
      notes: ['The run’s split could not be rebuilt exactly; the last 10 % of the file is evaluated.'],
    },
    page: { start: 0, total: FABLE.length, tokens: Array.from(FABLE), losses: Float32Array.from(losses) },
  };
}

// ── Pages ───────────────────────────────────────────────────────────────────────────────────────────

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evaluate-screenshots-'));
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
const bundle = path.join(ROOT, 'dist/webview/evaluate.js');
if (!fs.existsSync(bundle))
  throw new Error(`${bundle} is missing: build first (npx webpack --mode development --config-name webviews)`);
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
      const html = path.join(dir, `${name}-${themeName}.html`);
      fs.writeFileSync(
        html,
        `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="file://${path.join(ROOT, 'dist/webview/codicon.css')}"><link rel="stylesheet" href="file://${path.join(ROOT, 'media/evaluate.css')}"><link rel="stylesheet" href="file://${path.join(ROOT, 'media/evaluate-tabs.css')}"><link rel="stylesheet" href="${themeName}.css">
</head><body class="${theme.kind}"><div id="app"></div>
<script src="stub.js"></script>${bundleScriptTags(ROOT, 'evaluate')}</body></html>`,
      );
      const page = await browser.newPage({ viewport: { width: 1180, height: 900 } });
      page.on('pageerror', (e) => {
        failures++;
        console.error(`${name}/${themeName}: page error: ${e.message}`);
      });
      await page.goto(`file://${html}`);
      await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
      const send = (message) => page.evaluate((m) => window.postMessage(m, '*'), message);
      // The progress line first, as the host sends it while the report pass runs.
      await send({ type: 'progress', progress: { stage: 'evaluating', done: 120, total: 600 } });
      const progress = await page.getAttribute('#progress', 'aria-valuenow');
      check(progress === '20', `${name}/${themeName}: progress ${progress}`);
      const file = path.join(OUT, `evaluate-${name}-${themeName}.png`);
      if (name === 'classifier') {
        await send({ type: 'summary', summary: classifierSummary() });
        await page.waitForSelector('#confusion-matrix td');
        check((await page.textContent('#stat-accuracy .value')) === '79.0%', 'accuracy headline');
        // Keyboard: focus the first cell, move right and down; the live region says the cell.
        await page.focus('#confusion-matrix td[data-row="0"][data-column="0"]');
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowDown');
        const said = await page.textContent('#errors-announcer');
        check(said?.startsWith('actual neutral, predicted neutral: 118'), `announced: ${said}`);
        await page.click('#misclassified li:first-child .open-in-gates');
        const posted = await page.evaluate(() => window.__posted.at(-1));
        check(
          posted?.type === 'open-in-gates' && posted.sequence === 412,
          `Open in Gates posted ${JSON.stringify(posted)}`,
        );
        // The tab strip: Right from Errors selects Units.
        await page.focus('#tab-errors');
        await page.keyboard.press('ArrowRight');
        check((await page.getAttribute('#tab-units', 'aria-selected')) === 'true', 'arrow key moves to Units');
        await page.keyboard.press('ArrowLeft');
        await page.click('#confusion-matrix td[data-row="1"][data-column="2"]');
      } else {
        const { summary, page: lossPage } = languageModelSummary();
        await send({ type: 'summary', summary });
        await page.waitForFunction(() => window.__posted.some((m) => m.type === 'loss-page' && m.start === 0));
        await send({ type: 'loss-page', page: lossPage });
        await page.waitForSelector('#loss-text .loss-5');
        const label = await page.textContent('.page-label');
        check(/of/.test(label ?? ''), `page label ${label}`);
      }
      await page.waitForTimeout(300);
      const height = await page.evaluate(() => document.body.scrollHeight);
      await page.setViewportSize({ width: 1180, height: Math.min(1800, height + 10) });
      await page.waitForTimeout(300);
      await page.screenshot({ path: file });
      console.log(file);
      await page.close();
    }
  }
} finally {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
if (failures > 0) process.exitCode = 1;
