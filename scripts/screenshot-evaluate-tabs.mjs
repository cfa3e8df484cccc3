// Screenshots of the Evaluate view's Units, Search, Projection and Ablation tabs outside VS Code, for
// looking at what a change did to them: the tab modules are bundled with a small page script
// (scripts/evaluate-tabs-harness.ts), each tab is built alone in a page with VS Code's theme variables,
// driven as a user would (fill the form, click) and answered with fabricated host messages in the
// protocol's shape (src/protocol/evaluate-view.ts) — fabricated here, never in the product — then
// photographed in headless Chromium per theme (Dark Modern, Light Modern, Dark High Contrast). It also
// checks what each tab posted and a few interactions (hover, lasso, keyboard), and throws on the first
// wrong answer.
//
//   node scripts/screenshot-evaluate-tabs.mjs [--out dir] [--only units,search,projection,projection-unit,ablation] [--themes dark,light,hc]
//
// Playwright comes from the e2e tests' node_modules (test/e2e/node_modules, or $E2E_NODE_MODULES) and the
// browser from $CHROMIUM_PATH (default /usr/bin/chromium), as in scripts/gates-screenshots.mjs.
// Callbacks of page.evaluate run in the page, where window and document exist.
/* global window, document, PointerEvent */
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
const OUT = path.resolve(option('--out', path.join(ROOT, 'test-artifacts/evaluate-tabs-screenshots')));
const ONLY = option('--only', 'units,search,projection,projection-unit,ablation').split(',');
const THEME_NAMES = option('--themes', 'dark,light,hc').split(',');
const NODE_MODULES = process.env.E2E_NODE_MODULES || path.join(ROOT, 'test/e2e/node_modules');
const { chromium } = createRequire(path.join(NODE_MODULES, 'noop.js'))('playwright-core');
const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));

/** Variables VS Code defines that the tabs read and webview-themes.mjs (made for the Gates panel) lacks. */
const EXTRA_VARS = {
  dark: {
    focusBorder: '#0078d4',
    errorForeground: '#f85149',
    'editor-findMatchHighlightBackground': 'rgba(234, 92, 0, 0.33)',
    'list-hoverBackground': '#2a2d2e',
    'textLink-foreground': '#4daafc',
    'inputValidation-errorBackground': '#5a1d1d',
    'inputValidation-errorBorder': '#be1100',
    'progressBar-background': '#0078d4',
    'input-border': '#3c3c3c',
    'button-hoverBackground': '#026ec1',
    'button-secondaryHoverBackground': '#3c3c3c',
    'dropdown-border': '#3c3c3c',
  },
  light: {
    focusBorder: '#005fb8',
    errorForeground: '#f85149',
    'editor-findMatchHighlightBackground': 'rgba(234, 92, 0, 0.33)',
    'list-hoverBackground': '#f2f2f2',
    'textLink-foreground': '#005fb8',
    'inputValidation-errorBackground': '#f2dede',
    'inputValidation-errorBorder': '#be1100',
    'progressBar-background': '#005fb8',
    'input-border': '#cecece',
    'button-hoverBackground': '#0258a8',
    'button-secondaryHoverBackground': '#cccccc',
    'dropdown-border': '#cecece',
  },
  hc: {
    errorForeground: '#f48771',
    contrastActiveBorder: '#f38518',
    'editor-findMatchHighlightBorder': '#f38518',
    'textLink-foreground': '#21a6ff',
    'inputValidation-errorBackground': '#000000',
    'inputValidation-errorBorder': '#f48771',
    'progressBar-background': '#6fc3df',
  },
};

/** Bundles the tabs with the harness page script into `dir/harness.js` (webpack, as the product builds webviews). */
async function bundle(dir) {
  const webpack = requireFromRoot('webpack');
  const compiler = webpack({
    mode: 'development',
    devtool: false,
    target: 'web',
    context: ROOT,
    entry: path.join(ROOT, 'scripts/evaluate-tabs-harness.ts'),
    output: { path: dir, filename: 'harness.js' },
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [
        { test: /\.ts$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { transpileOnly: true } }] },
      ],
    },
    infrastructureLogging: { level: 'warn' },
  });
  await new Promise((resolve, reject) =>
    compiler.run((error, stats) => {
      if (error) reject(error);
      else if (stats.hasErrors()) reject(new Error(stats.toString('errors-only')));
      else resolve();
    }),
  );
}

// ── Fabricated session and answers (what a host would post) ─────────────────────────────────────────

const LABELS = ['negative', 'neutral', 'positive'];
const TEXTS = [
  'The plot was thin, but "the acting" carried it to the end.',
  'I said "never again" and (for once) I meant it: 2 stars.',
  'A quiet film about 3 sisters and a house by the sea.',
  'Loved it. "Best of 2019" is not an exaggeration.',
  'Dull (and long): 148 minutes I will not get back.',
  'The score, the light, the faces: "a small miracle".',
];

function summary() {
  const layers = [];
  for (let layer = 0; layer < 2; layer++)
    for (const signal of ['h', 'c']) layers.push({ layer, direction: 'forward', signal, width: 64 });
  return {
    sessionId: 'harness',
    task: 'classification',
    modelName: 'best.safetensors · 20261201-101500-reviews',
    dataLabel: 'validation split of reviews.csv (1,204 sequences)',
    architecture: 'LSTM(2 × 64) → Linear(64, 3)',
    sequences: 1204,
    steps: 98113,
    metrics: { loss: 0.3521, accuracy: 0.8704 },
    layers,
    input: 'text',
    labels: LABELS,
    cache: { memoryBytes: 25_117_000, diskBytes: 0 },
    timings: { readMs: 120, passMs: 2310 },
    notes: [],
  };
}

/** A span of `text` round the first match of `pattern` (or its middle), as the worker cuts one. */
function spanOf(sequence, pattern) {
  const text = TEXTS[sequence % TEXTS.length];
  const match = pattern ? new RegExp(pattern, 'u').exec(text) : null;
  const start = match ? match.index : 10;
  const end = match ? match.index + match[0].length : 16;
  return {
    sequence,
    start,
    end,
    before: text.slice(Math.max(0, start - 30), start),
    text: text.slice(start, end),
    after: text.slice(end, end + 30),
  };
}

function unitResults(requestId, pattern) {
  const results = Array.from({ length: 12 }, (_, k) => ({
    address: { layer: k % 3 === 2 ? 0 : 1, direction: 'forward', signal: k % 4 === 3 ? 'c' : 'h' },
    unit: [17, 3, 42, 58, 9, 31, 40, 11, 26, 63, 5, 48][k],
    correlation: (k % 5 === 3 ? -1 : 1) * (0.83 - k * 0.055),
    example: spanOf(7 + 13 * k, pattern.kind === 'regex' ? pattern.source : null),
  }));
  return { type: 'unit-results', requestId, pattern, results, ms: 412 };
}

function catalogue(requestId, address) {
  const entries = Array.from({ length: 12 }, (_, unit) => ({
    address,
    unit,
    mean: Math.sin(unit) * 0.3,
    max: 0.7 + 0.02 * unit,
    top: Array.from({ length: 3 }, (_, k) =>
      spanOf(unit * 5 + k, ['"[^"]*"', '[0-9]+', '\\([^()]*\\)'][(unit + k) % 3]),
    ),
  }));
  return { type: 'catalogue', requestId, address, entries };
}

function matchResults(requestId, query) {
  const results = Array.from({ length: 10 }, (_, k) => ({
    ...spanOf(3 + 11 * k, '"[^"]*"'),
    score: 0.61 - 0.037 * k,
  }));
  return { type: 'match-results', requestId, query, results, ms: 38 };
}

function ablation(requestId, query) {
  const changed = Array.from({ length: 8 }, (_, k) => ({
    sequence: 20 + 17 * k,
    text: TEXTS[k % TEXTS.length],
    before: LABELS[(k + 2) % 3],
    after: LABELS[k % 3],
    lossBefore: 0.2 + 0.05 * k,
    lossAfter: 1.1 + 0.1 * k,
  }));
  return {
    type: 'ablation',
    requestId,
    result: {
      query,
      before: { loss: 0.3521, accuracy: 0.8704 },
      after: { loss: 0.5187, accuracy: 0.7915 },
      changed,
      changedCount: 97,
      ms: 2870,
    },
  };
}

/** Runs in the page: a projection of `count` points in three label clusters with a rim of errors. */
function fabricateProjection(count) {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const gaussian = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const points = new Float32Array(count * 2);
  const sequence = new Int32Array(count);
  const step = new Int32Array(count);
  const label = new Int32Array(count);
  const predicted = new Int32Array(count);
  const error = new Float32Array(count);
  const characterClass = new Int8Array(count);
  const context = [];
  const centres = [
    [-2.2, -0.6],
    [0.3, 1.6],
    [2.4, -0.9],
  ];
  const text = 'The plot was thin, but "the acting" carried it to the end. 2 stars (maybe 3).\n';
  for (let n = 0; n < count; n++) {
    const k = n % 3;
    const spread = 0.55 + 0.25 * random();
    points[2 * n] = centres[k][0] + spread * gaussian();
    points[2 * n + 1] = centres[k][1] + spread * gaussian() * 0.8;
    sequence[n] = Math.floor(n / 17);
    step[n] = n % 60;
    label[n] = k;
    const distance = Math.hypot(points[2 * n] - centres[k][0], points[2 * n + 1] - centres[k][1]);
    const wrong = distance > 1.1 && random() < 0.5;
    predicted[n] = wrong ? (k + 1 + Math.floor(random() * 2)) % 3 : k;
    error[n] = wrong ? 1 + 2 * random() : 0.05 + 0.4 * distance * random();
    const at = n % text.length;
    const ch = text[at];
    characterClass[n] = /\p{L}/u.test(ch) ? 0 : /\d/.test(ch) ? 1 : ch === ' ' ? 2 : ch === '\n' ? 4 : 3;
    context.push(text.slice(Math.max(0, at - 29), at + 1));
  }
  return {
    method: 'pca',
    points,
    sequence,
    step,
    label,
    predicted,
    error,
    characterClass,
    context,
    explained: [0.312, 0.147],
    sampledFrom: 98113,
    ms: 640,
  };
}

// ── Driving each tab ─────────────────────────────────────────────────────────────────────────────────

const expect = (label, condition, what) => {
  if (!condition) throw new Error(`${label}: ${what}`);
};
const lastPosted = (page) => page.evaluate(() => window.__posted.at(-1));
const answer = (page, message) => page.evaluate((m) => window.__tab.receive(m), message);

const SCENES = {
  async units(page, label) {
    await page.click('.preset[data-source="\\"[^\\"\\\\n]*\\""]');
    expect(label, (await page.inputValue('#units-regex')) === '"[^"\\n]*"', 'the quotes preset did not fill the regex');
    await page.click('#units-find');
    const find = await lastPosted(page);
    expect(
      label,
      find.type === 'find-units' &&
        find.pattern.kind === 'regex' &&
        find.pattern.source === '"[^"\\n]*"' &&
        find.address === null,
      `posted ${JSON.stringify(find)}`,
    );
    expect(label, await page.isDisabled('#units-find'), 'the Find button is not disabled while busy');
    await answer(page, unitResults(find.requestId, find.pattern));
    expect(label, (await page.locator('#units-results tbody tr').count()) === 12, 'not 12 result rows');
    await page.selectOption('#catalogue-address', '1:forward:h');
    await page.click('#catalogue-show');
    const ask = await lastPosted(page);
    expect(label, ask.type === 'catalogue' && ask.address.layer === 1, `posted ${JSON.stringify(ask)}`);
    await answer(page, catalogue(ask.requestId, ask.address));
    await page.fill('#catalogue-filter', 'stars');
    const filtered = await page.locator('#catalogue-table tbody tr').count();
    expect(label, filtered > 0 && filtered < 12, `the filter "stars" kept ${filtered} of 12 units`);
    await page.fill('#catalogue-filter', '');
    // A bad regular expression is refused in the tab, not sent.
    const before = await page.evaluate(() => window.__posted.length);
    await page.fill('#units-regex', '(unclosed');
    await page.click('#units-find');
    expect(label, (await page.evaluate(() => window.__posted.length)) === before, 'an invalid regex was posted');
    expect(label, await page.isVisible('.request-error'), 'no error shown for an invalid regex');
    await page.fill('#units-regex', '"[^"\\n]*"');
    await page.click('#units-find');
    const again = await lastPosted(page);
    await answer(page, unitResults(again.requestId, again.pattern));
    // Ablate on the first row hands the unit to the Ablation form and asks the panel to show that tab.
    const shown = await page.evaluate(() => {
      let tab = null;
      document.addEventListener('evaluate-show-tab', (e) => (tab = e.detail.tab), { once: true });
      document.querySelector('#units-results tbody tr .row-button:last-child').click();
      return tab;
    });
    expect(label, shown === 'ablation', `Ablate asked for tab ${shown}`);
  },

  async search(page, label) {
    await page.fill('#search-units', '3, 17, 99');
    await page.click('#search-run');
    expect(label, (await page.textContent('.request-error')).includes('99'), 'unit 99 of 64 was not refused');
    // The Gates panel's selection arrives as run-match: the form fills and the search runs.
    await answer(page, {
      type: 'run-match',
      query: {
        address: { layer: 1, direction: 'forward', signal: 'h' },
        units: [3, 17, 40, 41, 42],
        threshold: 0.4,
        topK: 10,
      },
    });
    expect(label, (await page.inputValue('#search-units')) === '3, 17, 40-42', 'run-match did not fill the units');
    const match = await lastPosted(page);
    expect(
      label,
      match.type === 'match' && match.query.units.join() === '3,17,40,41,42',
      `posted ${JSON.stringify(match)}`,
    );
    await answer(page, matchResults(match.requestId, match.query));
    await page.click('#search-results tbody tr:first-child .row-button');
    const open = await lastPosted(page);
    expect(label, open.type === 'open-in-gates' && open.sequence === 3, `Open in Gates posted ${JSON.stringify(open)}`);
  },

  async projection(page, label) {
    await page.selectOption('#projection-steps', 'every');
    await page.click('#projection-run');
    const ask = await lastPosted(page);
    expect(
      label,
      ask.type === 'project' && ask.query.steps === 'every' && ask.query.method === 'pca',
      `posted ${JSON.stringify(ask)}`,
    );
    await page.evaluate(`window.__fabricateProjection = ${fabricateProjection.toString()}`);
    const drawMs = await page.evaluate((requestId) => {
      const projection = window.__fabricateProjection(20000);
      const start = performance.now();
      window.__tab.receive({
        type: 'projection',
        requestId,
        query: { address: { layer: 1, direction: 'forward', signal: 'h' }, steps: 'every', method: 'pca' },
        projection,
      });
      return performance.now() - start;
    }, ask.requestId);
    console.log(`${label}: 20,000 points received, laid out (grid index) and drawn in ${drawMs.toFixed(1)} ms`);
    const drawn = await page.getAttribute('#projection-canvas', 'data-points');
    expect(label, drawn === '20000', `the canvas says ${drawn} points`);
    await page.selectOption('#projection-colour', 'correct');
    // Keyboard: the first arrow puts the cursor on the central point and says where it is.
    await page.focus('#projection-canvas');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const said = await page.textContent('#projection-announcer');
    expect(label, /sequence \d+, step \d+/.test(said), `the cursor announced "${said}"`);
    await page.keyboard.press('Enter');
    const open = await lastPosted(page);
    expect(label, open.type === 'open-in-gates', `Enter posted ${JSON.stringify(open)}`);
    // A lasso round the left cluster, drawn with the pointer.
    const box = await page.locator('#projection-canvas').boundingBox();
    const lasso = [
      [0.04, 0.35],
      [0.22, 0.3],
      [0.3, 0.55],
      [0.2, 0.8],
      [0.05, 0.7],
    ].map(([x, y]) => [box.x + x * box.width, box.y + y * box.height]);
    await page.mouse.move(...lasso[0]);
    await page.mouse.down();
    for (const point of [...lasso.slice(1), lasso[0]]) await page.mouse.move(...point, { steps: 6 });
    await page.mouse.up();
    const listed = await page.locator('#projection-selection tbody tr').count();
    expect(label, listed > 0, 'the lasso selected no points');
    // Hover a point: the tooltip shows its place and context.
    const at = await page.evaluate(() => {
      const plot = window.__evaluateProjection;
      for (let n = 0; n < 20000; n += 97) {
        const p = plot.pointPosition(n);
        if (p && p.x > 300 && p.x < 700) return p;
      }
      return null;
    });
    await page.mouse.move(box.x + at.x, box.y + at.y);
    const tip = await page.textContent('#projection-hover');
    // What a hover costs: 2,000 pointer moves across the plot, each a grid look-up, a description and a redraw.
    const hoverMs = await page.evaluate(({ x, y, width, height }) => {
      const canvas = document.getElementById('projection-canvas');
      const start = performance.now();
      for (let k = 0; k < 2000; k++) {
        const at = { clientX: x + ((k * 37) % width), clientY: y + ((k * 53) % height), bubbles: true };
        canvas.dispatchEvent(new PointerEvent('pointermove', at));
      }
      return (performance.now() - start) / 2000;
    }, box);
    console.log(`${label}: a hover (pointer move) takes ${hoverMs.toFixed(3)} ms`);
    await page.mouse.move(box.x + at.x + 1, box.y + at.y);
    await page.mouse.move(box.x + at.x, box.y + at.y);
    expect(label, /sequence \d+, step \d+/.test(tip), `the hover shows "${tip}"`);
  },

  /** Colour by a unit: the tab asks for the same projection with the unit, keeps the selection and draws a diverging scale. */
  async 'projection-unit'(page, label) {
    await page.selectOption('#projection-steps', 'every');
    await page.click('#projection-run');
    const ask = await lastPosted(page);
    await page.evaluate(`window.__fabricateProjection = ${fabricateProjection.toString()}`);
    const address = { layer: 1, direction: 'forward', signal: 'h' };
    await page.evaluate(
      ({ requestId, query }) =>
        window.__tab.receive({ type: 'projection', requestId, query, projection: window.__fabricateProjection(20000) }),
      { requestId: ask.requestId, query: { ...ask.query, address } },
    );
    // A lasso round the left cluster, so the selection's survival can be checked.
    const box = await page.locator('#projection-canvas').boundingBox();
    const lasso = [
      [0.04, 0.35],
      [0.22, 0.3],
      [0.3, 0.55],
      [0.2, 0.8],
      [0.05, 0.7],
    ].map(([x, y]) => [box.x + x * box.width, box.y + y * box.height]);
    await page.mouse.move(...lasso[0]);
    await page.mouse.down();
    for (const point of [...lasso.slice(1), lasso[0]]) await page.mouse.move(...point, { steps: 6 });
    await page.mouse.up();
    const selectedBefore = await page.locator('#projection-selection tbody tr').count();
    // Choosing the colouring asks at once for the unit in the field (0); the unit typed next for that one.
    const answerWithUnit = (request) =>
      page.evaluate(
        ({ requestId, query }) => {
          const projection = window.__fabricateProjection(20000);
          // A unit that reads the x axis through tanh (its sign by the unit), with noise.
          const sign = query.colourUnit % 2 === 0 ? -1 : 1;
          projection.unitValues = Float32Array.from({ length: 20000 }, (_, n) =>
            Math.tanh(sign * 1.2 * projection.points[2 * n] + 0.3 * Math.sin(n)),
          );
          window.__tab.receive({ type: 'projection', requestId, query, projection });
        },
        { requestId: request.requestId, query: { ...request.query, address } },
      );
    await page.selectOption('#projection-colour', 'unit');
    const first = await lastPosted(page);
    expect(label, first.type === 'project' && first.query.colourUnit === 0, `posted ${JSON.stringify(first)}`);
    await answerWithUnit(first);
    await page.fill('#projection-colour-unit', '5');
    await page.dispatchEvent('#projection-colour-unit', 'change');
    const again = await lastPosted(page);
    expect(
      label,
      again.type === 'project' &&
        again.query.colourUnit === 5 &&
        again.query.steps === 'every' &&
        again.query.method === 'pca' &&
        again.requestId !== first.requestId,
      `posted ${JSON.stringify(again)}`,
    );
    await answerWithUnit(again);
    const legend = await page.textContent('#projection-legend');
    expect(label, legend.includes('unit 5 activation') && legend.includes('≤ -'), `the legend reads "${legend}"`);
    const selectedAfter = await page.locator('#projection-selection tbody tr').count();
    expect(
      label,
      selectedBefore > 0 && selectedAfter === selectedBefore,
      `selection ${selectedBefore} before, ${selectedAfter} after`,
    );
    // Back to the unit already drawn: recoloured without asking again.
    const posted = await page.evaluate(() => window.__posted.length);
    await page.selectOption('#projection-colour', 'error');
    await page.selectOption('#projection-colour', 'unit');
    expect(label, (await page.evaluate(() => window.__posted.length)) === posted, 'asked again for the same unit');
    // A unit past the layer's width is refused in the tab.
    await page.fill('#projection-colour-unit', '999');
    await page.dispatchEvent('#projection-colour-unit', 'change');
    expect(label, await page.isVisible('.request-error'), 'unit 999 was not refused');
    await page.fill('#projection-colour-unit', '5');
    await page.dispatchEvent('#projection-colour-unit', 'change');
  },

  async ablation(page, label) {
    await page.selectOption('#ablation-address', '1:forward:h');
    await page.fill('#ablation-units', '17, 40-42');
    await page.selectOption('#ablation-mode', 'mean');
    await page.click('#ablation-run');
    const ask = await lastPosted(page);
    expect(
      label,
      ask.type === 'ablate' && ask.query.mode === 'mean' && ask.query.units.join() === '17,40,41,42',
      `posted ${JSON.stringify(ask)}`,
    );
    await answer(page, ablation(ask.requestId, ask.query));
    const accuracy = await page.textContent('#ablation-metrics tr[data-metric="accuracy"] .change');
    expect(label, accuracy.includes('worse'), `the accuracy change reads "${accuracy}"`);
    // A late error for an older request does not touch the shown result; one for no request in flight is ignored.
    await answer(page, { type: 'error', requestId: ask.requestId - 1, message: 'stale' });
    expect(label, !(await page.isVisible('.request-error')), 'a stale error was shown');
  },
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evaluate-tabs-'));
fs.mkdirSync(OUT, { recursive: true });
await bundle(dir);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  for (const themeName of THEME_NAMES) {
    const theme = THEMES[themeName];
    const vars = { ...theme.vars, ...EXTRA_VARS[themeName] };
    const css = `:root {\n${Object.entries(vars)
      .map(([k, v]) => `  --vscode-${k}: ${v};`)
      .join(
        '\n',
      )}\n}\nbody { margin: 0; padding: 0 20px; color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); line-height: 1.45; }\n`;
    fs.writeFileSync(path.join(dir, `${themeName}.css`), css);
    const codicons = path.join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.css');
    fs.writeFileSync(
      path.join(dir, `${themeName}.html`),
      `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="file://${codicons}"><link rel="stylesheet" href="file://${path.join(ROOT, 'media/common.css')}">
<link rel="stylesheet" href="file://${path.join(ROOT, 'media/evaluate-tabs.css')}"><link rel="stylesheet" href="${themeName}.css">
</head><body class="${theme.kind}"><div id="app"></div><script src="harness.js"></script></body></html>`,
    );
    for (const name of ONLY) {
      const label = `${name}/${themeName}`;
      // The projection's page is photographed as the viewport (a full-page capture resizes it, which ends the hover).
      const tab = name === 'projection-unit' ? 'projection' : name;
      const page = await browser.newPage({ viewport: { width: 1280, height: tab === 'projection' ? 1180 : 900 } });
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`file://${path.join(dir, `${themeName}.html`)}`);
      await page.evaluate(
        ({ tab, summary }) => {
          window.__posted = [];
          window.__tab = window.evaluateTabFactories[tab]((m) => window.__posted.push(m));
          document.getElementById('app').append(window.__tab.element);
          window.__tab.setSummary(summary);
          window.__tab.shown?.();
        },
        { tab, summary: summary() },
      );
      await SCENES[name](page, label);
      expect(label, errors.length === 0, `page errors: ${errors.join('; ')}`);
      await page.waitForTimeout(200);
      const file = path.join(OUT, `evaluate-${name}-${themeName}.png`);
      await page.screenshot({ path: file, fullPage: tab !== 'projection' });
      console.log(file);
      await page.close();
    }
  }
} finally {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
