// The Gates panel in a real VS Code (code-server) driven by headless Chromium. A tiny language model is
// trained with the built CLI into the workspace's runs folder; then
//   1. LSTM Studio: Inspect Gates from the palette → pick the checkpoint → the panel records validation
//      sample 1 of the run: cells are drawn, and the hover tooltip of a cell shows exactly the value the
//      engine records (computed here with `lstm-studio gates … --json`); the panel comes back after a
//      window reload;
//   2. select text in an editor → context menu Inspect Gates on Selection → the panel records that text,
//      and hover values match the engine's again;
//   3. screenshots in Dark Modern and Light Modern of a 2-layer model (test-artifacts/gates/;
//      UPDATE_SCREENSHOTS=1 also writes them to docs/images/gates-{dark,light}.png).
//   npm run package && node --test --test-concurrency=1 --test-timeout=1800000 test/e2e/gates.e2e.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as h from './harness.mjs';

const VSIX = path.join(h.REPO_ROOT, 'lstm-studio.vsix');
const CLI = path.join(h.REPO_ROOT, 'bin/lstm-studio.js');
const FABLES = path.join(h.REPO_ROOT, 'examples/text/fables.txt');
const SELECTION = 'The Fox and the Grapes. A hungry fox saw some fine bunches of grapes.';

const e2e = h.useCodeServer({
  workspaceFiles: { 'fables.txt': fs.readFileSync(FABLES, 'utf8'), 'notes.txt': `${SELECTION}\n` },
  vsixPath: () => {
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package first`);
    return VSIX;
  },
});

const cli = (...args) => execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });

/** Trains with the CLI into <workspace>/.lstm-studio/runs and returns the run folder. */
function train(...args) {
  const out = path.join(e2e.server.workspaceDir, '.lstm-studio/runs');
  const lines = cli('train', path.join(e2e.server.workspaceDir, 'fables.txt'), '--out', out, '--json', ...args)
    .trim()
    .split('\n');
  const summary = JSON.parse(lines[lines.length - 1]);
  assert.equal(summary.status, 'finished');
  return summary.runDir;
}

/** The engine's recording of an input, from the CLI: gates[layer][signal][step][unit]. */
function engineRecording(checkpoint, ...input) {
  return JSON.parse(cli('gates', checkpoint, ...input, '--json'));
}

async function waitUntil(what, fn, timeout = 60_000) {
  const start = Date.now();
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Picks the quick pick row whose text contains `text` (typing it first to filter). */
async function pickQuickPickRow(page, text) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: 30_000 });
  await input.fill(text);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}

/** Waits until the panel has drawn a recording whose source line matches, and returns the probe's summary. */
async function drawnRecording(frame, sourcePattern) {
  await frame.locator('#recording-source').filter({ hasText: sourcePattern }).waitFor({ timeout: 120_000 });
  await waitUntil('cells drawn', async () => Number(await frame.locator('#maps').getAttribute('data-drawn')) > 0);
  return frame.locator('body').evaluate(() => window.__gatesPanel.recording());
}

/** Hovers a cell and returns what the tooltip says about it. */
async function hoverCell(frame, layer, signal, unit, step) {
  const point = await frame
    .locator('body')
    .evaluate((_, a) => window.__gatesPanel.cellPoint(...a), [layer, signal, unit, step]);
  assert.ok(point, `cell ${layer}/${signal}/${unit}/${step} is shown`);
  const tooltip = frame.locator('#gate-tooltip');
  // Move off (to the step axis) and back on, so a tooltip left from an earlier hover cannot satisfy the check.
  await frame.locator('#maps-scroller').hover({ position: { x: point.x, y: 5 } });
  await frame.locator('#maps-scroller').hover({ position: point });
  await waitUntil(
    'the tooltip of that cell',
    async () =>
      (await tooltip.getAttribute('data-step')) === String(step) &&
      (await tooltip.getAttribute('data-unit')) === String(unit),
    10_000,
  );
  return {
    layer: Number(await tooltip.getAttribute('data-layer')),
    signal: await tooltip.getAttribute('data-signal'),
    unit: Number(await tooltip.getAttribute('data-unit')),
    step: Number(await tooltip.getAttribute('data-step')),
    value: Number(await tooltip.getAttribute('data-value')),
    text: await tooltip.innerText(),
  };
}

/** Checks several cells' hover values against the engine's recording, exactly. */
async function checkHoverValues(frame, expected, cells) {
  for (const [layer, signal, unit, step] of cells) {
    const shown = await hoverCell(frame, layer, signal, unit, step);
    const engine = expected.gates[layer].signals[signal].values[step][unit];
    assert.deepEqual([shown.layer, shown.signal, shown.unit, shown.step], [layer, signal, unit, step]);
    assert.equal(
      shown.value,
      engine,
      `hover ${signal} of unit ${unit} at step ${step}: panel ${shown.value}, engine ${engine}`,
    );
    assert.match(shown.text, new RegExp(`Layer ${layer + 1} · unit ${unit} · step ${step}`));
  }
}

/** Distinct colours in the middle of the maps canvas: a drawn heatmap has many, an empty one 1–2. */
async function distinctColours(frame) {
  return frame.locator('#maps-canvas').evaluate((canvas) => {
    const ctx = canvas.getContext('2d');
    const { width, height } = canvas;
    const data = ctx.getImageData(
      Math.floor(width * 0.2),
      Math.floor(height * 0.35),
      Math.floor(width * 0.6),
      Math.floor(height * 0.4),
    ).data;
    const seen = new Set();
    for (let k = 0; k < data.length; k += 4) seen.add((data[k] << 16) | (data[k + 1] << 8) | data[k + 2]);
    return seen.size;
  });
}

let tinyRun = '';

test('Inspect Gates from the palette: a validation sample, drawn, hover values = engine values, restored after reload', async () => {
  tinyRun = train('--steps', '5', '--hidden', '16');
  const checkpoint = path.join(tinyRun, 'last.safetensors');
  const expected = engineRecording(checkpoint, '--sample', '0');
  const page = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(page, 'gates-sample', async () => {
      await h.openWorkbench(page);
      await h.runCommandWhenListed(page, 'LSTM Studio: Inspect Gates');
      await pickQuickPickRow(page, path.basename(tinyRun));
      const frame = await h.webviewFrame(page, { title: 'Gates: fables (last)', timeout: 60_000 });
      const shown = await drawnRecording(frame, /validation sample 1 of \d+ · fables\.txt/i);
      assert.equal(shown.steps, expected.steps);
      assert.equal(shown.units, 16);
      assert.equal(shown.layers, 1);
      assert.ok((await distinctColours(frame)) > 20, 'the maps are drawn in many colours');
      await checkHoverValues(frame, expected, [
        [0, 'f', 3, 5],
        [0, 'h', 15, 0],
        [0, 'c', 0, expected.steps - 1],
        [0, 'g', 7, 20],
      ]);
      // Next sample: the host records sample 2.
      await frame.locator('#sample-next').click();
      await drawnRecording(frame, /validation sample 2 of/i);
      await page.screenshot({ path: path.join(h.artifactDir('gates-sample'), 'panel.png') });

      // A window reload (VS Code's own, which saves the workbench state first) brings the panel back
      // through its serializer, on the same sample.
      await h.reloadWindow(page);
      const restored = await h.webviewFrame(page, { title: 'Gates: fables (last)', timeout: 90_000 });
      await drawnRecording(restored, /validation sample 2 of/i);
    });
  } finally {
    await page.close();
  }
});

test('Inspect Gates on Selection from the editor context menu: the selected text, hover values = engine values', async () => {
  if (!tinyRun) tinyRun = train('--steps', '5', '--hidden', '16');
  const checkpoint = path.join(tinyRun, 'last.safetensors');
  const expected = engineRecording(checkpoint, '--text', SELECTION);
  const page = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(page, 'gates-selection', async () => {
      await h.openWorkbench(page);
      await h.explorerRow(page, 'notes.txt').click();
      const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
      await editor.waitFor();
      await editor.click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('Shift+End');
      // Right-click inside the selection (elsewhere would move the cursor and drop it).
      const selected = page
        .locator('.editor-group-container.active .monaco-editor .view-line')
        .first()
        .getByText('hungry fox', { exact: false });
      await h.editorContextMenu(page, 'Inspect Gates on Selection', { editor: selected });
      // The model last used in this workspace is taken without asking; on a fresh workspace a quick pick asks.
      const picker = page.locator('.quick-input-widget .monaco-list-row', { hasText: path.basename(tinyRun) }).first();
      if (
        await picker.waitFor({ timeout: 5_000 }).then(
          () => true,
          () => false,
        )
      )
        await picker.click();
      const frame = await h.webviewFrame(page, { title: 'Gates: fables (last)', timeout: 60_000 });
      const shown = await drawnRecording(frame, new RegExp(`text \\(${SELECTION.length} characters\\)`, 'i'));
      assert.equal(shown.steps, SELECTION.length);
      assert.equal(await frame.locator('#input-text').inputValue(), SELECTION);
      assert.ok((await distinctColours(frame)) > 20, 'the maps are drawn in many colours');
      await checkHoverValues(frame, expected, [
        [0, 'i', 2, 4],
        [0, 'o', 9, 30],
        [0, 'h', 12, SELECTION.length - 1],
      ]);
      // The token under a step: "F" of "Fox" at step 4.
      const point = await frame.locator('body').evaluate(() => window.__gatesPanel.cellPoint(0, 'i', 0, 4));
      await frame.locator('#maps-scroller').hover({ position: { x: point.x, y: 46 } });
      await frame.locator('#gate-tooltip').filter({ hasText: 'Step 4 · “F”' }).waitFor({ timeout: 10_000 });

      // Export CSV: VS Code's save dialog (a quick input in the browser) proposes the run folder; accept it.
      await frame.locator('#export-csv').click();
      const pathInput = page.locator('.quick-input-widget .quick-input-box input');
      await pathInput.waitFor({ timeout: 30_000 });
      // The dialog fills the folder first, then the proposed name.
      await waitUntil('the proposed file name', async () => /gates\.csv$/.test(await pathInput.inputValue()), 15_000);
      await pathInput.press('Enter');
      await frame.locator('#message').filter({ hasText: 'Saved to' }).waitFor({ timeout: 30_000 });
      const saved = (await frame.locator('#message').innerText()).replace(/^Saved to /, '').trim();
      const rows = fs.readFileSync(saved, 'utf8').trim().split('\n');
      const header = rows[0].split(',');
      assert.deepEqual(header.slice(0, 3), ['step', 'token', 'layer1.i.unit0']);
      assert.equal(rows.length, 1 + SELECTION.length);
      const column = header.indexOf('layer1.o.unit9');
      const cells = rows[1 + 30].split(',');
      assert.equal(cells[0], '30');
      assert.equal(
        Math.fround(Number(cells[column])),
        expected.gates[0].signals.o.values[30][9],
        'CSV value = engine value',
      );
    });
  } finally {
    await page.close();
  }
});

/** Writes a user setting into code-server's settings.json (VS Code applies it live). */
function setUserSetting(key, value) {
  const file = path.join(e2e.server.userDataDir, 'User/settings.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8'));
  settings[key] = value;
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
}

test('screenshots of a 2-layer model in Dark Modern and Light Modern', async () => {
  const run = train('--steps', '150', '--hidden', '32', '--layers', '2', '--seed', '3');
  const page = await h.newPage(e2e.browser, { viewport: { width: 1600, height: 1000 } });
  try {
    await h.screenshotOnFailure(page, 'gates-screenshots', async () => {
      setUserSetting('workbench.colorTheme', 'Default Dark Modern');
      await h.openWorkbench(page);
      await h.runCommandFromPalette(page, 'View: Close Primary Side Bar').catch(() => {});
      await h.runCommandWhenListed(page, 'LSTM Studio: Inspect Gates');
      // The quick pick offers one entry per run: its best checkpoint once validation has run.
      await pickQuickPickRow(page, path.basename(run));
      let frame = await h.webviewFrame(page, { title: 'Gates: fables (best)', timeout: 60_000 });
      await frame.locator('#sample-search').fill('fox');
      await frame.locator('#sample-search').press('Enter');
      await drawnRecording(frame, /validation sample \d+ of/i);
      await frame.locator('#sort-by').selectOption('variance');
      // Shorter unit rows, so the screenshot shows several maps.
      await frame.locator('#zoom-units-out').click();
      await frame.locator('#zoom-units-out').click();
      // Focus a unit (its chart appears under the maps) and select two units for the threshold highlight.
      const [first, second] = await frame.locator('body').evaluate(() => window.__gatesPanel.order(0));
      const focus = await frame.locator('body').evaluate((_, u) => window.__gatesPanel.cellPoint(0, 'i', u, 8), first);
      await frame.locator('#maps-scroller').click({ position: focus });
      for (const unit of [first, second]) {
        const p = await frame.locator('body').evaluate((_, u) => window.__gatesPanel.cellPoint(0, 'h', u, 8), unit);
        await frame.locator('#maps-scroller').click({ position: p, modifiers: ['Control'] });
      }
      await frame.locator('#match-threshold').fill('0.4');
      await frame.locator('#maps-scroller').evaluate((el) => el.scrollTo(0, 0));
      // Hover a cell near the top of the first map (cellPoint keeps the view at the top for it).
      const order = await frame.locator('body').evaluate(() => window.__gatesPanel.order(0));
      const hover = await frame
        .locator('body')
        .evaluate((_, u) => window.__gatesPanel.cellPoint(0, 'i', u, 14), order[6]);
      await frame.locator('#maps-scroller').hover({ position: hover });
      await page.waitForTimeout(500);
      // Into the artifacts; into docs/images only when asked, so a test run leaves the checkout clean.
      const screenshot = async (name) => {
        const target = path.join(h.artifactDir('gates'), name);
        await page.screenshot({ path: target });
        if (process.env.UPDATE_SCREENSHOTS === '1')
          fs.copyFileSync(target, path.join(h.REPO_ROOT, 'docs/images', name));
      };
      await screenshot('gates-dark.png');

      await h.runCommandWhenListed(page, 'Preferences: Color Theme');
      await pickQuickPickRow(page, 'Light Modern');
      await page.locator('.monaco-workbench.vs').waitFor({ timeout: 30_000 });
      frame = await h.webviewFrame(page, { title: 'Gates: fables (best)', timeout: 60_000 });
      await frame.locator('body.vscode-light').waitFor({ timeout: 30_000 });
      await page.waitForTimeout(800);
      await frame.locator('#maps-scroller').hover({ position: { x: hover.x, y: 5 } });
      await frame.locator('#maps-scroller').hover({ position: hover });
      await page.waitForTimeout(500);
      // The tooltip follows the theme too (a light hover widget in a light theme).
      const background = await frame.locator('#gate-tooltip').evaluate((el) => getComputedStyle(el).backgroundColor);
      const [r, g, b] = background.match(/\d+/g).map(Number);
      assert.ok(0.2126 * r + 0.7152 * g + 0.0722 * b > 200, `light tooltip background, got ${background}`);
      await screenshot('gates-light.png');
    });
  } finally {
    await page.close();
  }
});
