// Menus that appear only where they apply, in a real VS Code (code-server) driven by headless Chromium
// (docs/commands.md says why each item shows where it does):
// - the Explorer's *LSTM Studio* submenu has *Train* on a .csv; a .md in a workspace without runs has none;
//   after *Use This Folder for Datasets* the folder's .txt has it, and after a run every .md has it;
// - the editor's submenu has no *Predict on Selection* before a model exists, has it after a (tiny) run,
//   and its keybinding (ctrl+alt+l p) predicts;
// - no notification stays up while the run trains; one tells of its end;
// - the palette's *Open Run…* lists the finished run and opens its Training panel;
// - the installed extension's page (Extensions view) shows the packaged README's picture, loaded, and
//   links to nothing relative (scripts/vsix-readme.mjs);
// - a second code-server opens a copy of the workspace in Restricted Mode: *Train*, *Use This Folder…* and
//   *Resume Training from This Checkpoint* are gone, Predict (which works there) stays.
//   npm run build && npm run vsix && node --test --test-concurrency=1 --test-timeout=600000 test/e2e/menus.e2e.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as h from './harness.mjs';

const VSIX = path.join(h.REPO_ROOT, 'lstm-studio.vsix');
const REVIEWS = path.join(h.REPO_ROOT, 'examples/sentiment/reviews.csv');
const TRAIN = 'Train LSTM on This Dataset';
const PREDICT = 'Predict on Selection';
const INSPECT = 'Inspect Gates on Selection';
const SAMPLE = 'The acting is superb and the story is wonderful, although the ending was a bit dull.';

const e2e = h.useCodeServer({
  workspaceFiles: {
    'data.csv': `${fs.readFileSync(REVIEWS, 'utf8').split('\n').slice(0, 161).join('\n')}\n`,
    'notes/readme.md': '# Notes\n\nNothing to train on here.\n',
    'corpus/story.txt': 'Once upon a time a fox saw some grapes hanging from a vine.\n',
    'sample.txt': `${SAMPLE}\n`,
  },
  vsixPath: () => {
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run build && npm run vsix first`);
    return VSIX;
  },
  // A run of a few seconds: one epoch of a tiny model.
  settings: {
    'lstmStudio.epochs': 1,
    'lstmStudio.hiddenSize': 8,
    'lstmStudio.sequenceLength': 24,
    'lstmStudio.batchSize': 16,
  },
});

let page;

async function waitUntil(what, fn, timeout = 60_000) {
  const start = Date.now();
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The labels of an Explorer item's context menu and of its LSTM Studio submenu. */
async function explorerMenu(p, relPath) {
  const row = relPath.includes('/') ? await h.revealExplorerItem(p, relPath) : h.explorerRow(p, relPath);
  return h.contextMenuLabels(p, row);
}

/** Polls an Explorer item's menu until `check(labels)` holds (context keys follow events by ~0.5 s). */
async function explorerMenuUntil(p, relPath, what, check) {
  let last;
  await waitUntil(
    what,
    async () => {
      last = await explorerMenu(p, relPath);
      return check(last);
    },
    30_000,
  ).catch((error) => {
    throw new Error(`${error.message}; last menu: ${JSON.stringify(last)}`);
  });
  return last;
}

function editorText(p) {
  return p.locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines').first();
}

/** The sample's first line: a right-click there lands inside the selection (elsewhere it would move the cursor). */
function sampleLine(p) {
  return p.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: 'acting is superb' }).first();
}

/** Opens a file of the workspace in the first editor group and selects all of its text. */
async function openAndSelectAll(p, name) {
  await h.runCommandFromPalette(p, 'View: Focus First Editor Group');
  await h.explorerRow(p, name).click();
  await p.locator('.editor-group-container.active .tab.active', { hasText: name }).waitFor();
  await editorText(p).click();
  await waitUntil(`all of ${name} selected`, async () => {
    await p.keyboard.press('ControlOrMeta+a');
    return p.locator('.statusbar-item', { hasText: /\(.*selected\)/ }).isVisible();
  });
}

/** Notification toasts on screen now (their text). */
async function toasts(p) {
  return p.locator('.notifications-toasts .notification-toast').allInnerTexts();
}

test('Explorer: Train on a .csv, not on a .md without runs, on an opted-in folder; no Predict without a model', async () => {
  page = await h.newPage(e2e.browser);
  await h.screenshotOnFailure(page, 'menus-before-run', async () => {
    // The first load of a fresh server can exceed page.goto's 30 s on a loaded machine: once more then.
    await h.openWorkbench(page).catch((error) => {
      if (!/Timeout/.test(error.message)) throw error;
      return h.openWorkbench(page);
    });
    // The submenu's items show once the extension host has scanned the contributions.
    const csv = await explorerMenuUntil(page, 'data.csv', 'Train in the submenu of data.csv', (m) =>
      m.submenu.includes(TRAIN),
    );
    assert.ok(csv.top.includes(h.CONTEXT_SUBMENU), 'one LSTM Studio submenu');
    assert.ok(!csv.top.includes(TRAIN), 'Train sits in the submenu, not at the top level');

    const md = await explorerMenu(page, 'notes/readme.md');
    assert.ok(!md.submenu.includes(TRAIN) && !md.top.includes(TRAIN), 'no Train on a .md before any run');
    const txt = await explorerMenu(page, 'corpus/story.txt');
    assert.ok(!txt.submenu.includes(TRAIN), 'no Train on a .txt of a folder not opted in');

    await h.rightClickExplorerItem(page, 'corpus', 'Use This Folder for Datasets');
    await explorerMenuUntil(page, 'corpus/story.txt', 'Train on the opted-in folder', (m) => m.submenu.includes(TRAIN));
    const settings = JSON.parse(fs.readFileSync(path.join(e2e.server.workspaceDir, '.vscode/settings.json'), 'utf8'));
    assert.deepEqual(settings['lstmStudio.datasetFolders'], ['corpus']);
    const stillNot = await explorerMenu(page, 'notes/readme.md');
    assert.ok(!stillNot.submenu.includes(TRAIN), 'other folders stay without Train');

    await openAndSelectAll(page, 'sample.txt');
    const editor = await h.contextMenuLabels(page, sampleLine(page));
    assert.ok(!editor.submenu.includes(PREDICT) && !editor.top.includes(PREDICT), 'no Predict without a model');
    assert.ok(!editor.submenu.includes(INSPECT) && !editor.top.includes(INSPECT), 'no Inspect Gates without a model');
  });
});

test('a run reports without a notification that stays up; one notification at its end; then Predict and Train on .md', async () => {
  await h.screenshotOnFailure(page, 'menus-run', async () => {
    await h.rightClickExplorerItem(page, 'data.csv', TRAIN);
    const start = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Train:' }).first();
    await start.waitFor({ timeout: 60_000 });
    await start.click();
    const panel = await h.webviewFrame(page, { title: /^Training: data\.csv/, timeout: 60_000 });
    // While it trains: the status bar item and the panel report, no toast does.
    const during = [];
    await waitUntil(
      'the run to end',
      async () => {
        during.push(...(await toasts(page)));
        const status = (await panel.locator('#status').textContent()) ?? '';
        return /finished|failed|stopped/.test(status);
      },
      120_000,
    );
    assert.deepEqual(
      during.filter((t) => /Training on|epoch|step/i.test(t)),
      [],
      `no progress notification while training; saw ${JSON.stringify(during)}`,
    );
    const end = await h.waitForNotification(page, 'finished', { timeout: 30_000 });
    assert.match(await end.innerText(), /Open Panel/);
    assert.match(await end.innerText(), /Predict/);
    assert.equal((await toasts(page)).filter((t) => /finished/.test(t)).length, 1, 'one notification at the end');

    // A model is known now: Predict and Inspect Gates in the editor's submenu.
    await openAndSelectAll(page, 'sample.txt');
    let editor;
    await waitUntil('Predict in the editor submenu', async () => {
      await page.keyboard.press('ControlOrMeta+a');
      editor = await h.contextMenuLabels(page, sampleLine(page));
      return editor.submenu.includes(PREDICT);
    });
    assert.ok(editor.submenu.includes(INSPECT));
    // And the workspace has runs: Train on every .md.
    await explorerMenuUntil(page, 'notes/readme.md', 'Train on a .md once a run exists', (m) =>
      m.submenu.includes(TRAIN),
    );

    // Predict from the menu: the first time, the model is picked in a quick pick.
    await openAndSelectAll(page, 'sample.txt');
    await h.editorContextMenu(page, PREDICT, { editor: sampleLine(page) });
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'data.csv' }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    const first = await h.webviewFrame(page, { title: 'Prediction', timeout: 60_000 });
    await first.locator('#label').waitFor({ timeout: 60_000 });
  });
});

test('the keybinding ctrl+alt+l p predicts on the selection', async () => {
  await h.screenshotOnFailure(page, 'menus-keybinding', async () => {
    await h.runCommandFromPalette(page, 'View: Close All Editors');
    await page.locator('.tabs-container .tab', { hasText: 'Prediction' }).waitFor({ state: 'detached' });
    await openAndSelectAll(page, 'sample.txt');
    await page.keyboard.press('Control+Alt+KeyL');
    await page.keyboard.press('KeyP');
    const frame = await h.webviewFrame(page, { title: 'Prediction', timeout: 60_000 });
    await frame.locator('#label').waitFor({ timeout: 60_000 });
    assert.match(await frame.locator('#label').textContent(), /^(negative|positive)$/);
  });
});

test('palette: Open Run… lists the finished run and opens its Training panel', async () => {
  await h.screenshotOnFailure(page, 'menus-open-run', async () => {
    await h.runCommandFromPalette(page, 'View: Close All Editors');
    await h.runCommandWhenListed(page, 'LSTM Studio: Open Run…');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'data.csv' }).first();
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /finished/);
    await row.click();
    const panel = await h.webviewFrame(page, { title: 'Training: data.csv (finished)', timeout: 60_000 });
    await panel.locator('#status', { hasText: 'finished' }).waitFor({ timeout: 60_000 });
  });
});

test("the installed extension's page shows the README with its picture loaded and no link that goes nowhere", async () => {
  await h.screenshotOnFailure(page, 'menus-extension-page', async () => {
    await h.runCommandFromPalette(page, 'View: Close All Editors');
    await h.runCommandWhenListed(page, 'Extensions: Show Enabled Extensions');
    const item = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'LSTM Studio' }).first();
    await item.waitFor({ timeout: 60_000 });
    await item.click();
    const readme = await h.webviewFrame(page, { title: /^Extension: LSTM Studio/, timeout: 60_000 });
    await readme.locator('h2', { hasText: 'Install' }).waitFor({ timeout: 60_000 });
    // The page's CSP loads only https: and data: pictures (scripts/vsix-readme.mjs inlines one).
    const pictures = readme.locator('img[src^="data:image/"]');
    assert.equal(await pictures.count(), 1, 'the packaged README carries one inline picture');
    await waitUntil('the README picture to load', () =>
      pictures.first().evaluate((img) => img.complete && img.naturalWidth > 0),
    );
    const hrefs = await readme
      .locator('a[href]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')).filter((href) => href !== '#'));
    const relative = hrefs.filter((href) => !/^(https?:|mailto:|#)/.test(href));
    assert.deepEqual(relative, [], 'no relative link: it would resolve against the page, not the extension');
    assert.match(await readme.locator('body').innerText(), /LSTM Studio: Open Documentation/);
    const imagesWithoutData = await readme.locator('img:not([src^="data:"]):not([src^="https:"])').count();
    assert.equal(imagesWithoutData, 0, 'no picture the page cannot load');
  });
});

test('Restricted Mode: the items that cannot work are absent, Predict stays', async () => {
  // A copy of the workspace (its run folder included) opened by a second code-server, untrusted.
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-e2e-menus-restricted-'));
  fs.cpSync(e2e.server.workspaceDir, copy, { recursive: true });
  const runs = path.join(copy, '.lstm-studio/runs');
  const [runId] = fs.readdirSync(runs);
  assert.ok(fs.existsSync(path.join(runs, runId, 'last.safetensors')), 'the run left last.safetensors');
  const server = await h.startCodeServer({ workspaceDir: copy, vsixPath: VSIX, trust: false });
  const restricted = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(
      restricted,
      'menus-restricted',
      async () => {
        await h.openWorkbench(restricted, undefined, { server });
        // Predict works untrusted (it reads a checkpoint, runs no code of the workspace): wait for it, which
        // also proves the extension has activated and set its context keys.
        await openAndSelectAll(restricted, 'sample.txt');
        await waitUntil('Predict in the editor submenu in Restricted Mode', async () => {
          await restricted.keyboard.press('ControlOrMeta+a');
          const editor = await h.contextMenuLabels(restricted, sampleLine(restricted));
          return editor.submenu.includes(PREDICT);
        });
        const csv = await explorerMenu(restricted, 'data.csv');
        assert.ok(!csv.submenu.includes(TRAIN) && !csv.top.includes(TRAIN), 'no Train in Restricted Mode');
        const folder = await explorerMenu(restricted, 'notes');
        assert.ok(!folder.submenu.includes('Use This Folder for Datasets'), 'no opt-in in Restricted Mode');
        const last = await explorerMenu(restricted, `.lstm-studio/runs/${runId}/last.safetensors`);
        assert.ok(last.submenu.includes('Inspect Gates'), `checkpoint items stay: ${JSON.stringify(last)}`);
        assert.ok(!last.submenu.includes('Resume Training from This Checkpoint'), 'no Resume in Restricted Mode');
      },
      { server },
    );
  } finally {
    await restricted.close();
    await server.stop();
    fs.rmSync(copy, { recursive: true, force: true });
    await page?.close();
  }
});
