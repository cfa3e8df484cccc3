// The panels in the pseudo-locale `qps-ploc`: every word a panel writes must come from the extension's
// l10n bundle, so in the pseudo-locale every visible text node, aria-label, title and placeholder with
// letters is pseudo-localised (`Şŧǿǿƥ` for `Stop`) — except the data in ALLOWED (tokens, file names,
// numbers with units), each with its reason.
//
// Setup (no download): the extension is copied from this checkout (package.json, dist/, media/,
// package.nls.json) with the committed l10n bundles (`npm run l10n`: English and the pseudo-locale).
// VS Code switches its display language only to a language it has a language pack for, so a minimal
// pack for `qps-ploc` (fixtures made below: a `localizations` contribution with an empty translation
// file) is installed and code-server starts with `--locale qps-ploc`. Installing the pack is not enough:
// the server resolves a locale only through `<user-data-dir>/languagepacks.json` (code-server 4.100's
// out/vs/server/node/remoteLanguagePacks.js and vs/base/node/nls.js: `resolveNLSConfiguration` returns
// `resolvedLanguage: 'en'` when that file has no entry for the locale with a `hash` and an existing
// `translations.vscode` file), and that file is written only by the language pack service's
// post-install hook inside a running server, never by `code-server --install-extension`. So the test
// writes the entry itself (`registerLanguagePack`, the same shape that hook writes). The workbench page
// then loads `clp/<hash>.qps-ploc/<commit>/nls.messages.js`, which sets `_VSCODE_NLS_LANGUAGE`; the
// browser's language becomes the remote extension host's `vscode.env.language`, and the extension
// loads `l10n/bundle.l10n.qps-ploc.json`.
// Menus and command titles stay English (no package.nls.qps-ploc.json is made), so the test drives the
// workbench with the English titles it knows.
//
//   npm run build && node --test --test-concurrency=1 --test-timeout=1500000 test/e2e/l10n.e2e.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as h from './harness.mjs';

const ROOT = h.REPO_ROOT;
const DATASET = 'reviews.csv';

/**
 * Data a panel shows as it is, never translated: text matching one of these is not a finding. Each
 * entry says why it is data.
 */
const ALLOWED = [
  { pattern: /^reviews(\.csv)?$/, reason: 'the dataset file name and the run named after it' },
  { pattern: /\.(csv|safetensors|json)\b/, reason: 'file names and paths' },
  { pattern: /^(positive|negative)$/, reason: 'class labels from the dataset' },
  { pattern: /^(review|sentiment)$/, reason: 'column names from the dataset' },
  { pattern: /^[\w.]+\.(weight|bias)(_[\w]+)?$/, reason: 'tensor names (PyTorch state_dict keys)' },
  { pattern: /^(float32|float64|int64|int32|uint8|F32|F64|I64|I32)$/i, reason: 'dtypes as stored' },
  {
    pattern: /^(dtype|NaN|LSTM|GRU|RNN|nn\.LSTM|CSV|PNG|MAE|RMSE|MASE|sMAPE|CRPS)$/,
    reason: 'names and acronyms kept in every language',
  },
  { pattern: /^(i f g o|r z n|[ifgo]|[rzn])$/, reason: 'gate letters (the maths)' },
  { pattern: /^abc$/, reason: 'the sample word in the examples legend' },
  { pattern: /^sha256:/, reason: 'a dataset fingerprint' },
  { pattern: /^\d{8}-\d{6}-/, reason: 'a run id (time stamp and dataset)' },
  { pattern: /^lstm-studio train\b/, reason: 'a command line' },
  { pattern: /^[\d\s.,:×·%/+−-]*(ms|s|min|h|KB|MB|B|e[+-]?\d+)?$/, reason: 'numbers with units' },
  {
    pattern: /^(Embedding|Linear|LSTM|GRU|RNN)\(.*\)( → .*)?$/,
    reason: 'the architecture in PyTorch notation (module names as in the code)',
  },
  { pattern: /^my-run$/, reason: 'an example of a configuration name (the placeholder shows the form to type)' },
  {
    pattern: /^([A-Z][a-z]{2} \d{1,2}, \d{4}, |\d{1,2}\/\d{1,2}\/\d{4}, )\d{1,2}:\d{2}(:\d{2})? [AP]M$/,
    reason:
      'a date as `Intl` writes it in the display language: `Intl` has no data for the pseudo-locale and falls ' +
      'back to its default (a real display language gets its own month names)',
  },
];

/**
 * Where a panel shows data as it is (never translated): the dataset's rows, a vocabulary's tokens,
 * tensor names. Text inside these is not checked.
 */
const DATA_SELECTORS = [
  { selector: '#preview', reason: 'the dataset preview: rows of the file' },
  { selector: '.token', reason: 'vocabulary tokens' },
  { selector: '.name-text', reason: 'tensor names (PyTorch state_dict keys)' },
];

/** The pseudo-localiser writes letters outside ASCII; English left as it is has none. */
function isPseudo(text) {
  return [...text.replace(/[\s\u00a0—–…·×→←≈≤≥⚠✓✗↵␣’“”‘−∞⊙]/gu, '')].some((c) => c.codePointAt(0) > 0x7f);
}

function needsTranslation(text) {
  if (!/[A-Za-z]{2,}/.test(text)) return false;
  if (isPseudo(text)) return false;
  return !ALLOWED.some((a) => a.pattern.test(text.trim()));
}

/** The extension as installed, with a fresh l10n bundle and its pseudo-locale. */
function pseudoLocalisedExtension() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-e2e-l10n-ext-'));
  for (const item of ['package.json', 'package.nls.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist', 'media']) {
    const from = path.join(ROOT, item);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, item), { recursive: true });
  }
  if (!fs.existsSync(path.join(ROOT, 'dist/webview/training.js')))
    throw new Error('dist/ is missing: run npm run build');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  manifest.l10n = './l10n';
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(dir, '.vscodeignore'), '');
  // The committed bundles (`npm run l10n`), the pseudo-locale among them.
  const l10nDir = path.join(dir, 'l10n');
  fs.cpSync(path.join(ROOT, 'l10n'), l10nDir, { recursive: true });
  const pseudo = JSON.parse(fs.readFileSync(path.join(l10nDir, 'bundle.l10n.qps-ploc.json'), 'utf8'));
  assert.ok(Object.keys(pseudo).length > 100, 'the pseudo bundle holds the panels’ messages');
  // As `npm run vsix`: the README's links to docs/ stay relative (the copy has no repository URL).
  return h.packageVsix(dir, undefined, ['--no-rewrite-relative-links']);
}

/** A language pack that only declares `qps-ploc`, so VS Code accepts it as its display language. */
function pseudoLanguagePack() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-e2e-qps-pack-'));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'e2e-language-pack-qps-ploc',
      displayName: 'Pseudo language pack for the e2e test',
      description: 'Declares qps-ploc so the workbench takes it as its display language.',
      publisher: 'lstm-studio-e2e',
      version: '1.0.0',
      license: 'MIT',
      engines: { vscode: '^1.96.0' },
      categories: ['Language Packs'],
      contributes: {
        localizations: [
          {
            languageId: 'qps-ploc',
            languageName: 'Pseudo Language',
            localizedLanguageName: 'Pseudo Language',
            translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
          },
        ],
      },
    }),
  );
  fs.mkdirSync(path.join(dir, 'translations'));
  fs.writeFileSync(path.join(dir, 'translations/main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  fs.writeFileSync(path.join(dir, 'README.md'), '# e2e pseudo language pack\n');
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  return h.packageVsix(dir);
}

const PACK_ID = 'lstm-studio-e2e.e2e-language-pack-qps-ploc';

/**
 * Tells the server that the installed pack provides `qps-ploc`, as its language pack service would after
 * installing it from the UI: `<user-data-dir>/languagepacks.json`, read for every page load and every
 * extension host start (a locale that resolved to English is not cached, so writing it after the
 * server started and before the first page load is enough).
 */
function registerLanguagePack(server) {
  const folder = fs.readdirSync(server.extensionsDir).find((name) => name.startsWith(`${PACK_ID}-`));
  assert.ok(folder, `the pseudo language pack is installed in ${server.extensionsDir}`);
  const entry = {
    hash: 'e2e-qps-ploc-1.0.0',
    extensions: [{ extensionIdentifier: { id: PACK_ID }, version: '1.0.0' }],
    translations: { vscode: path.join(server.extensionsDir, folder, 'translations/main.i18n.json') },
    label: 'Pseudo Language',
  };
  fs.writeFileSync(path.join(server.userDataDir, 'languagepacks.json'), JSON.stringify({ 'qps-ploc': entry }));
}

function tinyDataset() {
  const lines = fs.readFileSync(path.join(ROOT, 'examples/sentiment/reviews.csv'), 'utf8').split('\n');
  return `${lines.slice(0, 161).join('\n')}\n`;
}

const e2e = h.useCodeServer({
  workspaceFiles: { [DATASET]: tinyDataset() },
  vsixPath: () => [pseudoLanguagePack(), pseudoLocalisedExtension()],
  args: ['--locale', 'qps-ploc'],
});

/** Every visible text node, aria-label, title and placeholder in a webview that still reads as English. */
async function untranslated(frame) {
  const dataSelector = DATA_SELECTORS.map((d) => d.selector).join(', ');
  return frame.locator('body').evaluate((body, dataSelector) => {
    const found = [];
    const isData = (el) => el.closest(dataSelector) !== null;
    const visible = (el) => {
      for (let e = el; e && e !== body; e = e.parentElement) {
        if (e.hidden || e.getAttribute('aria-hidden') === 'true') return false;
        const style = getComputedStyle(e);
        if (style.display === 'none' || style.visibility === 'hidden') return false;
      }
      return true;
    };
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || ['SCRIPT', 'STYLE'].includes(parent.tagName)) continue;
      const text = node.textContent.trim();
      if (text && parent.closest('select') === null && !isData(parent) && visible(parent))
        found.push({ where: `${parent.tagName.toLowerCase()}#${parent.id || parent.className}`, text });
    }
    for (const el of body.querySelectorAll('[aria-label], [title], [placeholder], option')) {
      if (el.tagName === 'OPTION') {
        // A choice shown as its value (`adam`, `word`) is a value the config and the CLI hold, not a word.
        const text = el.textContent.trim();
        if (text && text !== el.value) found.push({ where: 'option', text });
        continue;
      }
      if (!visible(el) || isData(el)) continue;
      for (const name of ['aria-label', 'title', 'placeholder']) {
        const value = el.getAttribute(name);
        if (value) found.push({ where: `${el.tagName.toLowerCase()}#${el.id || el.className}[${name}]`, text: value });
      }
    }
    return found;
  }, dataSelector);
}

/** The pseudo-locale's bundle (`npm run l10n`): English message → its pseudo-localised form. */
const PSEUDO_BUNDLE = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/bundle.l10n.qps-ploc.json'), 'utf8'));

/**
 * A tab title in English or pseudo-localised (the host's titles come from its l10n bundle: either may
 * show while the window switches), from the message's key up to its first placeholder
 * (`'Gates: {0} ({1})'` matches `Gates: reviews (best)` and `Ɠȧȧŧḗḗş: reviews (best)`).
 */
function titled(key) {
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const prefix = (text) => escape(text.split('{')[0]);
  assert.ok(PSEUDO_BUNDLE[key], `the pseudo bundle has ${JSON.stringify(key)}`);
  return new RegExp(`^(${prefix(key)}|${prefix(PSEUDO_BUNDLE[key])})`);
}

const findings = new Map();

async function check(panel, frame) {
  const english = (await untranslated(frame)).filter((item) => needsTranslation(item.text));
  findings.set(panel, english);
  return english;
}

test('every panel speaks the pseudo-locale', async () => {
  const page = await h.newPage(e2e.browser);
  // The first load in a new display language builds its message file on the server: slower than 30 s here.
  page.setDefaultNavigationTimeout(180_000);
  try {
    await h.screenshotOnFailure(
      page,
      'l10n-pseudo-locale',
      async () => {
        registerLanguagePack(e2e.server);
        await h.openWorkbench(page);
        // The New Training Run form: a tiny model, one epoch.
        await h.rightClickExplorerItem(page, DATASET, 'Train LSTM with Settings…');
        const form = await h.webviewFrame(page, { title: titled('New Training Run'), timeout: 60_000 });
        await form.locator('#timing').filter({ hasText: /\d/ }).waitFor({ timeout: 90_000 });
        const language = await form.locator('html').getAttribute('lang');
        assert.equal(language, 'qps-ploc', 'the page carries the display language');
        await check('New Training Run', form);
        await form.locator('#setting-hiddenSize').fill('8');
        await form.locator('#setting-epochs').fill('1');
        await form.locator('#train:not([disabled])').waitFor({ timeout: 60_000 });
        await form.locator('#train').click();

        // The Training panel, once the run has finished.
        const training = await h.webviewFrame(page, { title: /reviews/, timeout: 60_000 });
        await training.locator('[data-status="finished"]').waitFor({ timeout: 240_000 });
        await check('Training', training);

        // The notification that the run finished, and its buttons (the host's words, vscode.l10n).
        const finished = PSEUDO_BUNDLE['LSTM Studio: the run {0} finished: {1}.'].split('{0}')[0];
        const toast = page.locator('.notifications-toasts .notification-toast', { hasText: finished }).first();
        await toast.waitFor({ timeout: 60_000 });
        const toastTexts = [
          await toast.locator('.notification-list-item-message').innerText(),
          ...(await toast.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts()),
        ];
        findings.set(
          'Notification',
          toastTexts.filter(needsTranslation).map((text) => ({ where: 'toast', text })),
        );
        assert.ok(toastTexts.length >= 2, `the notification has its buttons: ${JSON.stringify(toastTexts)}`);

        // The checkpoint editor (best.safetensors), then the Gates and Prediction panels from its buttons.
        await training.locator('#open-best').click();
        const checkpoint = await h.webviewFrame(page, { title: /best\.safetensors/, timeout: 60_000 });
        await checkpoint.locator('#model-card').waitFor({ timeout: 60_000 });
        await check('Checkpoint editor', checkpoint);
        await checkpoint.locator('#action-inspect-gates').click();
        const gates = await h.webviewFrame(page, { title: titled('Gates: {0} ({1})'), timeout: 60_000 });
        // The maps canvas sits under a transparent scroller: wait for the cells the last frame drew.
        await gates.locator('#maps:not([data-drawn="0"])').waitFor({ timeout: 90_000 });
        await check('Gates', gates);
        const checkpointAgain = await h.webviewFrame(page, { title: /best\.safetensors/, timeout: 60_000 });
        await checkpointAgain.locator('#action-predict').click();
        const prediction = await h.webviewFrame(page, { title: titled('Prediction'), timeout: 60_000 });
        await prediction.locator('textarea, [contenteditable]').first().waitFor({ timeout: 60_000 });
        await h.sleep(2000);
        await check('Prediction', prediction);

        // The Runs table.
        await h.runCommandWhenListed(page, 'LSTM Studio: Open Runs Table');
        const table = await h.webviewFrame(page, { title: titled('Runs Table'), timeout: 60_000 });
        await table.locator('#runs-table tbody tr[data-run-id]').first().waitFor({ timeout: 60_000 });
        await check('Runs table', table);

        const report = [...findings].flatMap(([panel, items]) =>
          items.map((item) => `${panel}: ${item.where}: ${JSON.stringify(item.text)}`),
        );
        fs.mkdirSync(h.artifactDir('l10n-pseudo-locale'), { recursive: true });
        fs.writeFileSync(path.join(h.artifactDir('l10n-pseudo-locale'), 'untranslated.txt'), `${report.join('\n')}\n`);
        assert.deepEqual(report, [], `untranslated text in the pseudo-locale:\n${report.join('\n')}`);
      },
      { server: e2e.server },
    );
  } finally {
    await page.close();
  }
});
