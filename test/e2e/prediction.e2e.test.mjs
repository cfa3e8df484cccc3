// Predict on selected text, in a real VS Code (code-server) driven by headless Chromium. Three models are
// trained with the CLI into the workspace (a classifier, a language model, a forecaster); for each, a
// text file is opened, its text selected with the keyboard, "Predict on Selection" run from the editor's
// context menu, the model picked in the quick pick (or switched), and the result read in the Prediction
// panel; a continuation and a forecast are inserted and the saved file checked; letters selected for the
// forecaster show the message that says why; the panel survives a window reload. Screenshots of the
// panel, dark and light: see IMAGES below.
//   npm run package && node --test --test-concurrency=1 --test-timeout=1800000 test/e2e/prediction.e2e.test.mjs
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as h from './harness.mjs';

const VSIX = path.join(h.REPO_ROOT, 'lstm-studio.vsix');
const EXAMPLES = path.join(h.REPO_ROOT, 'examples');
// E2E_PREDICTION_TRAINED=1 trains the models longer and writes the screenshots into docs/images;
// otherwise they go to test-artifacts/prediction-screenshots (the docs keep answers that make sense).
const TRAINED = process.env.E2E_PREDICTION_TRAINED === '1';
const IMAGES = TRAINED ? path.join(h.REPO_ROOT, 'docs/images') : path.join(h.ARTIFACTS_DIR, 'prediction-screenshots');
const MENU = 'Predict on Selection';

const reviewWords = fs
  .readFileSync(path.join(EXAMPLES, 'sentiment/reviews.csv'), 'utf8')
  .split('\n')
  .slice(1)
  .join(' ')
  .match(/[A-Za-z]+/g);
const energyRows = fs.readFileSync(path.join(EXAMPLES, 'series/energy.csv'), 'utf8').split('\n');

// The workspace is made here (not from workspaceFiles) because it also holds the trained checkpoints.
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-e2e-prediction-ws-'));
const files = {
  'review.txt':
    'I expected this documentary to be weak, but it was wonderful. The acting is superb, although the ending was a bit dull.\n',
  'fable.txt':
    'The Fox and the Grapes\n\nA FAMISHED FOX saw some clusters of ripe black grapes hanging from a trellised vine. She',
  // A window of the series (the small preset reads 48 rows): header, date column and both features.
  'series.csv': `${energyRows.slice(0, 81).join('\n')}\n`,
  'long-review.txt': `${reviewWords.slice(0, 1000).join(' ')}\n`,
};

/** Writes the files and trains three tiny models with the CLI into <workspace>/runs (the quick pick lists them). */
function prepareWorkspace() {
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(workspace, name), content);
  const out = path.join(workspace, 'runs');
  // Trained longer (a few minutes) for the docs' screenshots.
  const runs = TRAINED
    ? [
        ['sentiment/reviews.csv', '--epochs', '4'],
        ['text/fables.txt', '--steps', '1500'],
        ['series/energy.csv', '--steps', '400'],
      ]
    : [
        ['sentiment/reviews.csv', '--epochs', '1'],
        ['text/fables.txt', '--steps', '5'],
        ['series/energy.csv', '--steps', '20'],
      ];
  for (const args of runs) {
    execFileSync(
      process.execPath,
      [
        path.join(h.REPO_ROOT, 'bin/lstm-studio.js'),
        'train',
        path.join(EXAMPLES, args[0]),
        ...args.slice(1),
        '--out',
        out,
        '--json',
      ],
      { stdio: 'ignore', timeout: 300_000 },
    );
  }
}

const e2e = h.useCodeServer({
  workspaceDir: workspace,
  // The CLI trains into <workspace>/runs: the extension's runs folder, so Predict shows (it needs a known model).
  settings: { 'editor.wordWrap': 'on', 'lstmStudio.runsFolder': 'runs' },
  vsixPath: () => {
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package first`);
    prepareWorkspace();
    return VSIX;
  },
});
after(() => {
  if (process.env.E2E_KEEP !== '1') fs.rmSync(workspace, { recursive: true, force: true });
});

let page;
/** Content-Security-Policy violations reported by any frame (the panel must cause none). */
const cspViolations = [];
/** One page for the whole file, opened on first use (the tests continue each other's state). */
async function workbench() {
  if (!page) {
    page = await h.newPage(e2e.browser);
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to (load|apply|execute)/.test(message.text()))
        cspViolations.push(`${message.location().url}: ${message.text()}`);
    });
    await h.openWorkbench(page);
  }
  return page;
}

async function waitUntil(what, fn, timeout = 120_000) {
  const start = Date.now();
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Opens a workspace file in the first editor group and selects all of its text with the keyboard. */
async function openAndSelectAll(name) {
  // The first editor group, so the file does not open over the panel (by the palette: a key pressed while
  // a webview has the focus goes to the webview).
  await h.runCommandFromPalette(page, 'View: Focus First Editor Group');
  await h.explorerRow(page, name).click();
  await page.locator('.editor-group-container.active .tab.active', { hasText: name }).waitFor();
  const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  await editor.click();
  // The status bar counts the selected characters once the editor has the selection (a key pressed
  // before the editor has focus would be lost, and the prediction would read the cursor's line).
  const selected = page.locator('.statusbar-item', { hasText: /\(.*selected\)/ });
  await waitUntil(
    `all of ${name} selected`,
    async () => {
      await page.keyboard.press('Control+A');
      return selected
        .first()
        .waitFor({ timeout: 2000 })
        .then(() => true);
    },
    30_000,
  );
}

/** Picks the quick pick row whose text contains `text`. */
async function pickInQuickPick(text) {
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}

async function panel() {
  return h.webviewFrame(page, { title: 'Prediction', timeout: 60_000 });
}

/**
 * The editor area (text editor and panel side by side) in the dark and the light theme, as
 * docs/images/prediction-<name>-<theme>.png; `beforeShot` (e.g. hovering something) runs before each.
 */
async function screenshot(name, beforeShot = async () => {}) {
  fs.mkdirSync(IMAGES, { recursive: true });
  await h.runCommandFromPalette(page, 'View: Toggle Primary Side Bar Visibility'); // room for the editor and the panel
  await page.setViewportSize({ width: 1600, height: 1000 });
  for (const theme of ['dark', 'light']) {
    await setTheme(theme);
    await page.mouse.move(2, 500); // no hover tooltip left over from the palette
    await page.waitForTimeout(1500); // the webview re-themes and redraws its charts
    await beforeShot();
    await page.locator('.part.editor').screenshot({ path: path.join(IMAGES, `prediction-${name}-${theme}.png`) });
  }
  await page.setViewportSize({ width: 1400, height: 900 });
  await h.runCommandFromPalette(page, 'View: Toggle Primary Side Bar Visibility');
}

/** Switches the colour theme the way a user does: Preferences: Color Theme, then the theme's name. */
async function setTheme(theme) {
  const workbenchClass = () => page.locator('.monaco-workbench').getAttribute('class');
  const isDark = async () => /\bvs-dark\b/.test(await workbenchClass());
  if ((await isDark()) === (theme === 'dark')) return;
  await h.runCommandFromPalette(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(theme === 'dark' ? 'Dark Modern' : 'Light Modern');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: theme === 'dark' ? 'Dark Modern' : 'Light Modern' })
    .first()
    .waitFor();
  await page.keyboard.press('Enter');
  await waitUntil(`the ${theme} theme`, async () => (await isDark()) === (theme === 'dark'), 30_000);
}

async function saveAll() {
  await h.runCommandFromPalette(page, 'File: Save All Files');
}

/**
 * A workspace file's text once VS Code has finished saving it. A save over code-server's connection opens
 * the file (which empties it), writes the text, then closes it, each a round trip, so a read can land in
 * between: wait for text that differs from `before`, a tab that is no longer dirty, and the same text on
 * two reads in a row.
 */
async function savedText(name, before) {
  let previous;
  return waitUntil(`the saved ${name}`, async () => {
    const text = fs.readFileSync(path.join(workspace, name), 'utf8');
    const dirtyTabs = await page.locator('.tabs-container .tab.dirty', { hasText: name }).count();
    const settled = text !== before && dirtyTabs === 0 && text === previous;
    previous = text;
    return settled ? text : undefined;
  });
}

test('classification: select a review, Predict on Selection from the context menu, pick the model, read label, probabilities and highlights', async () => {
  await h.screenshotOnFailure(await workbench(), 'predict-classification', async () => {
    await openAndSelectAll('review.txt');
    await h.editorContextMenu(page, MENU);
    await pickInQuickPick('reviews.csv'); // nothing remembered yet: the quick pick lists the workspace's runs
    const frame = await panel();
    await frame.locator('#model-task', { hasText: 'classifier' }).waitFor({ timeout: 60_000 });
    const label = await frame.locator('#label').textContent({ timeout: 60_000 });
    assert.match(label, /^(negative|positive)$/);
    const probabilities = await frame
      .locator('#probabilities .bar-value')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-class'), Number(e.getAttribute('data-probability'))]));
    assert.deepEqual(probabilities.map(([c]) => c).sort(), ['negative', 'positive']);
    assert.ok(Math.abs(probabilities.reduce((s, [, p]) => s + p, 0) - 1) < 1e-6, 'probabilities add up to 1');
    await frame.locator('#attribution-status', { hasText: 'integrated gradients' }).waitFor({ timeout: 60_000 });
    const tokens = frame.locator('#highlighted-text .token');
    assert.equal(await tokens.count(), 22, 'one span per word of the review');
    assert.ok(
      (await frame.locator('#highlighted-text .token[class*="towards-"]').count()) > 0,
      'some words pushed towards the label',
    );
    assert.ok(await frame.locator('#reading-chart').isVisible());
    console.log(`classification: ${label}, ${(await frame.locator('#timing').textContent()).trim()}`);
    // The attribution is drawn in the editor too (decorations with the extension's theme colours).
    await screenshot('classification');

    // 1 000 words: the answer's latency as the panel reports it (host → worker → host).
    await openAndSelectAll('long-review.txt');
    await h.editorContextMenu(page, MENU);
    const long = await panel();
    await long.locator('#attribution-status', { hasText: 'integrated gradients' }).waitFor({ timeout: 120_000 });
    console.log(`1 000-token classification in code-server: ${(await long.locator('#timing').textContent()).trim()}`);
  });
});

test('language model: switch model, continue a fable, Insert adds it after the selection, Stop ends a long one', async () => {
  await h.screenshotOnFailure(await workbench(), 'predict-continuation', async () => {
    await openAndSelectAll('fable.txt');
    await h.runCommandFromPalette(page, 'LSTM Studio: Switch Prediction Model…');
    await pickInQuickPick('fables.txt');
    await openAndSelectAll('fable.txt');
    await h.editorContextMenu(page, MENU);
    const frame = await panel();
    await frame.locator('#model-task', { hasText: 'language model' }).waitFor({ timeout: 60_000 });
    await frame.locator('.result[data-task="language-model"][data-running="false"]').waitFor({ timeout: 120_000 });
    const generated = await frame.locator('#continuation').textContent();
    assert.equal([...generated].length, 200, 'the default length');
    console.log(`continuation: ${(await frame.locator('#timing').textContent()).trim()}`);
    // The hover on a generated character: the five most likely characters at that step.
    await hoverGenerated(await panel(), 24);
    await (await panel()).locator('.tooltip', { hasText: 'step 25: chose' }).waitFor({ timeout: 10_000 });
    await screenshot('continuation', async () => hoverGenerated(await panel(), 24));

    const before = fs.readFileSync(path.join(workspace, 'fable.txt'), 'utf8');
    await (await panel()).locator('#insert').click();
    await saveAll();
    const after = await savedText('fable.txt', before);
    assert.equal(after, before + generated, 'the continuation is inserted after the selection');

    // A long continuation: Generate turns into Stop; stopping keeps the characters so far, and the worker
    // stops generating (the server's processes go idle) instead of finishing 10 000 characters. The tiny
    // model writes those in 1.5 s, so this uses a wider one (512 units, about 4 s): the second right after
    // Stop is one the worker would still be busy in.
    const wide = trainWideLanguageModel();
    await (await panel()).locator('#switch-model').click();
    await pickInQuickPick(wide);
    const live = await panel();
    await live.locator('#model-name', { hasText: wide }).waitFor({ timeout: 60_000 });
    await live.locator('#option-length').fill('10000');
    await live.locator('#option-length').press('Tab'); // the number is taken on change
    await live.locator('#predict', { hasText: 'Generate' }).click();
    const stop = live.locator('#predict', { hasText: 'Stop' });
    await stop.waitFor({ timeout: 30_000 });
    await live.locator('#continuation[data-length]:not([data-length="0"])').waitFor({ timeout: 30_000 });
    // The panel must answer the click while characters stream in (one element per character did not).
    const clicked = performance.now();
    await stop.click();
    console.log(`Stop clicked ${h.since(clicked)} ms after the first characters`);
    await live.locator('.result[data-task="language-model"][data-running="false"]').waitFor({ timeout: 10_000 });
    const idle = await h.processTreeCpuRate(e2e.server.process.pid, 1000); // extension host and workers included
    const notice = await live.locator('#notices li', { hasText: 'stopped after' }).textContent({ timeout: 10_000 });
    // The count is formatted in the display language (English here: `1,234`).
    const kept = Number(/stopped after ([\d,]+) characters/.exec(notice)[1].replace(/,/g, ''));
    console.log(
      `stopped a 10 000-character continuation after ${kept} characters; the second after: ${idle.toFixed(2)} CPU-s/s`,
    );
    assert.ok(kept >= 1 && kept < 5000, `stopped after ${kept} characters`);
    assert.equal([...(await live.locator('#continuation').textContent())].length, kept, 'the characters so far stay');
    assert.equal((await live.locator('#predict').textContent()).trim(), 'Generate');
    assert.ok(
      idle < 0.35,
      `Stop should end the generation in the worker, but the server still used ${idle.toFixed(2)} CPU-s/s`,
    );
  });
});

/** Trains a 512-unit language model on fables.txt (2 steps: slow to generate, not good); its run folder's name. */
function trainWideLanguageModel() {
  const args = [
    'train',
    path.join(EXAMPLES, 'text/fables.txt'),
    '--steps',
    '2',
    '--hidden',
    '512',
    '--out',
    path.join(workspace, 'runs'),
    '--json',
  ];
  const lines = execFileSync(process.execPath, [path.join(h.REPO_ROOT, 'bin/lstm-studio.js'), ...args], {
    encoding: 'utf8',
    timeout: 300_000,
  })
    .trim()
    .split('\n');
  return path.basename(JSON.parse(lines[lines.length - 1]).runDir);
}

/** Hovers the generated character `index` (the characters are text nodes, so its box comes from a Range). */
async function hoverGenerated(frame, index) {
  const generated = frame.locator('#continuation');
  const position = await generated.evaluate((element, index) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let rest = index;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (rest < node.data.length) {
        const range = document.createRange();
        range.setStart(node, rest);
        range.setEnd(node, rest + 1);
        const box = range.getBoundingClientRect();
        const outer = element.getBoundingClientRect();
        return { x: box.left + box.width / 2 - outer.left, y: box.top + box.height / 2 - outer.top };
      }
      rest -= node.data.length;
    }
    throw new Error(`no generated character ${index}`);
  }, index);
  await generated.hover({ position });
}

test('forecasting: CSV rows → the next values plotted after the history; Insert writes rows in the CSV layout', async () => {
  await h.screenshotOnFailure(await workbench(), 'predict-forecast', async () => {
    await h.runCommandFromPalette(page, 'LSTM Studio: Switch Prediction Model…');
    await pickInQuickPick('energy.csv');
    // The panel reloads on the forecaster and takes the focus: wait for it before using the palette.
    await (await panel()).locator('#model-task', { hasText: 'forecaster' }).waitFor({ timeout: 60_000 });
    await openAndSelectAll('series.csv');
    await h.editorContextMenu(page, MENU);
    const frame = await panel();
    await frame.locator('#model-task', { hasText: 'forecaster' }).waitFor({ timeout: 60_000 });
    assert.equal((await frame.locator('#source').textContent()).trim(), 'Selection of series.csv, lines 1–82');
    const values = JSON.parse(await frame.locator('#forecast-values').getAttribute('data-values', { timeout: 60_000 }));
    assert.equal(values.length, 12, 'the default: 12 values ahead');
    assert.ok(values.every(([v]) => Number.isFinite(v)));
    assert.ok(await frame.locator('#forecast-chart').isVisible());
    console.log(`forecast: ${(await frame.locator('#timing').textContent()).trim()}`);
    await screenshot('forecast');

    // The cursor moves away (a click at the start of the first line): the rows still follow the rows
    // they continue.
    const firstLine = page
      .locator('.editor-group-container .editor-instance .monaco-editor .view-lines', {
        hasText: 'date,load,temperature',
      })
      .first();
    const atStart = page.locator('.statusbar-item', { hasText: /^Ln 1, Col 1$/ }).first();
    await waitUntil(
      'the cursor at the start of series.csv',
      async () => {
        await firstLine.click({ position: { x: 2, y: 4 } });
        return atStart.waitFor({ timeout: 2000 }).then(() => true);
      },
      30_000,
    );
    const before = fs.readFileSync(path.join(workspace, 'series.csv'), 'utf8');
    await (await panel()).locator('#insert').click();
    await saveAll();
    const after = await savedText('series.csv', before);
    const added = after.slice(before.trimEnd().length).trim().split('\n');
    assert.equal(added.length, 12);
    const lastDate = Date.parse(energyRows[80].split(',')[0]);
    const nextHour = new Date(lastDate + 3600_000).toISOString().replace('.000Z', 'Z');
    assert.match(added[0], new RegExp(`^${nextHour},\\d+\\.\\d,$`), 'the next hour, the load, an empty temperature');
    assert.ok(after.endsWith('\n') && !after.includes('\n\n'), 'rows follow the last row, no blank line');
  });
});

test('a bad selection: letters for the forecaster get a message that says why; the panel survives a reload; Gate Heatmaps', async () => {
  await h.screenshotOnFailure(await workbench(), 'predict-bad-selection', async () => {
    await openAndSelectAll('review.txt');
    await h.editorContextMenu(page, MENU);
    const frame = await panel();
    await frame.locator('#problem', { hasText: 'is not a number' }).waitFor({ timeout: 60_000 });
    const message = await frame.locator('#problem').textContent();
    assert.match(message, /^The model cannot use this input: 'I' is not a number; a forecaster reads numbers/);
    await frame
      .locator('#problem')
      .screenshot({ path: path.join(h.artifactDir('predict-bad-selection'), 'message.png') });

    // After a window reload (VS Code's own command, which saves the workbench state first) the panel comes
    // back through its serializer with the same model and input.
    await h.reloadWindow(page);
    const restored = await panel();
    await restored.locator('#model-task', { hasText: 'forecaster' }).waitFor({ timeout: 60_000 });
    await restored.locator('#problem', { hasText: "'I' is not a number" }).waitFor({ timeout: 60_000 });

    // Gate Heatmaps opens the Gates panel on the same model.
    await restored.locator('#open-gates').click();
    await page
      .locator('.tabs-container .tab', { hasText: /Gates: .*energy/ })
      .first()
      .waitFor({ timeout: 60_000 });
    assert.deepEqual(cspViolations, [], 'no Content-Security-Policy violation in any frame');
  });
});
