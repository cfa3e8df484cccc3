// GRUs and bidirectional LSTMs in a real VS Code (code-server) driven by headless Chromium, as a user meets
// them: right-click reviews.csv → Train LSTM on This Dataset → Customize… → the New Training Run form's cell → the Training
// panel runs it to the end; then, on the run's checkpoint,
//   - the Gates panel draws the cell's own maps (GRU: r, z, n, h; bidirectional: both directions of every
//     layer under the same tokens), and a hovered cell shows exactly the engine's value (`lstm-studio gates
//     --json`), the backward direction's too;
//   - the checkpoint editor names the cell (GRU, bidirectional) in the model card and labels the tensors
//     (r z n blocks; `_reverse` as the backward direction);
//   - Predict on Selection answers with a label and its probabilities.
//   npm run package && node --test --test-concurrency=1 --test-timeout=1800000 test/e2e/recurrent-variants.e2e.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as h from './harness.mjs';

const VSIX = path.join(h.REPO_ROOT, 'lstm-studio.vsix');
const CLI = path.join(h.REPO_ROOT, 'bin/lstm-studio.js');
const REVIEWS = path.join(h.REPO_ROOT, 'examples/sentiment/reviews.csv');
const REVIEW = 'The acting was wonderful and the story kept me hooked until the very last scene, I loved it.';

const e2e = h.useCodeServer({
  workspaceFiles: { 'reviews.csv': fs.readFileSync(REVIEWS, 'utf8'), 'review.txt': `${REVIEW}\n` },
  vsixPath: () => {
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package first`);
    return VSIX;
  },
  // A runs folder the Explorer shows (not a dot folder), so the checkpoint opens from it by double-click.
  settings: { 'lstmStudio.runsFolder': 'runs' },
});

const cli = (...args) => execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });

async function waitUntil(what, fn, timeout = 60_000) {
  const start = Date.now();
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

function runFolders() {
  const root = path.join(e2e.server.workspaceDir, 'runs');
  return fs.existsSync(root) ? fs.readdirSync(root).map((name) => path.join(root, name)) : [];
}

const quickInput = (page) => page.locator('.quick-input-widget .quick-input-box input');

/** Clicks the quick pick row that contains `text` (typing `filter` first when given). */
async function pickRow(page, text, filter) {
  if (filter !== undefined) await quickInput(page).fill(filter);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout: 60_000 });
  await row.click();
}

/** The cell of each label: what the New Training Run form's Cell and Bidirectional fields take. */
const CELLS = {
  GRU: { cell: 'gru', bidirectional: 'false' },
  'Bidirectional LSTM': { cell: 'lstm', bidirectional: 'true' },
};

/**
 * Trains from the Explorer through Customize…, which opens the New Training Run form: the cell of
 * `cellLabel`, 2 epochs of a 2-layer, 16-unit model; waits for the Training panel to say finished.
 * Returns the run folder.
 */
async function trainFromExplorer(page, cellLabel) {
  const before = new Set(runFolders());
  await h.rightClickExplorerItem(page, 'reviews.csv', 'Train LSTM on This Dataset');
  await pickRow(page, 'Customize…');
  const form = await h.webviewFrame(page, { title: 'New Training Run', timeout: 60_000 });
  await form.locator('#model-summary', { hasText: /\S/ }).waitFor({ timeout: 60_000 });
  await form.locator('#setting-cell').selectOption(CELLS[cellLabel].cell);
  await form.locator('#setting-bidirectional').selectOption(CELLS[cellLabel].bidirectional);
  await form.locator('#setting-epochs').fill('2');
  await form.locator('#setting-hiddenSize').fill('16');
  await form.locator('#setting-numLayers').fill('2');
  await waitUntil('the form to describe the run', async () => !(await form.locator('#train').isDisabled()));
  await form.locator('#busy:not(.active)').waitFor({ state: 'attached', timeout: 60_000 });
  await form.locator('#train').click();
  // A short run can finish before the tab is found: its title then reads "Training: reviews.csv (finished)".
  const panel = await h.webviewFrame(page, { title: /^Training: reviews\.csv/, timeout: 60_000 });
  await panel.locator('#status', { hasText: 'finished' }).waitFor({ timeout: 300_000 });
  const created = runFolders().filter((dir) => !before.has(dir));
  assert.equal(created.length, 1, 'one new run folder');
  return created[0];
}

/** Hovers a cell of the Gates panel and returns what its tooltip says. */
async function hoverCell(frame, entry, signal, unit, step) {
  const point = await frame
    .locator('body')
    .evaluate((_, a) => window.__gatesPanel.cellPoint(...a), [entry, signal, unit, step]);
  assert.ok(point, `cell ${entry}/${signal}/${unit}/${step} is shown`);
  const tooltip = frame.locator('#gate-tooltip');
  await frame.locator('#maps-scroller').hover({ position: { x: point.x, y: 5 } });
  await frame.locator('#maps-scroller').hover({ position: point });
  await waitUntil(
    'the tooltip of that cell',
    async () =>
      (await tooltip.getAttribute('data-step')) === String(step) &&
      (await tooltip.getAttribute('data-unit')) === String(unit) &&
      (await tooltip.getAttribute('data-layer')) === String(entry),
    10_000,
  );
  return { value: Number(await tooltip.getAttribute('data-value')), text: await tooltip.innerText() };
}

/** Inspect Gates on the run: the panel's recording summary once drawn. */
async function openGates(page, runDir) {
  await h.runCommandWhenListed(page, 'LSTM Studio: Inspect Gates');
  await pickRow(page, path.basename(runDir), path.basename(runDir));
  const frame = await h.webviewFrame(page, { title: /^Gates: reviews/, timeout: 60_000 });
  await frame
    .locator('#recording-source')
    .filter({ hasText: /validation sample 1 of/i })
    .waitFor({ timeout: 120_000 });
  await waitUntil('cells drawn', async () => Number(await frame.locator('#maps').getAttribute('data-drawn')) > 0);
  return { frame, shown: await frame.locator('body').evaluate(() => window.__gatesPanel.recording()) };
}

/** Opens a checkpoint from the Explorer in the checkpoint editor (retrying the double-click as code-server needs). */
async function openCheckpoint(page, relPath) {
  const title = path.basename(relPath);
  const row = await h.revealExplorerItem(page, relPath);
  for (let attempt = 1; ; attempt++) {
    await row.dblclick();
    const frame = await h.webviewFrame(page, { title, timeout: attempt < 4 ? 10_000 : 60_000 }).catch((error) => {
      if (attempt >= 4) throw error;
      return null;
    });
    if (frame) {
      await frame.locator('body[data-state]').waitFor({ timeout: 30_000 });
      return frame;
    }
  }
}

/** Predict on Selection of review.txt with the run's best model (picked by the `architecture` it shows). */
async function predictReview(page, runDir, architecture) {
  await h.runCommandFromPalette(page, 'LSTM Studio: Switch Prediction Model…');
  await pickRow(page, architecture, architecture);
  // The panel opens on the chosen model and takes the focus: wait for it before using the palette again.
  const opened = await h.webviewFrame(page, { title: 'Prediction', timeout: 60_000 });
  await opened.locator('#model-name', { hasText: path.basename(runDir) }).waitFor({ timeout: 60_000 });
  await h.runCommandFromPalette(page, 'View: Focus First Editor Group');
  await h.explorerRow(page, 'review.txt').click();
  await page.locator('.editor-group-container.active .tab.active', { hasText: 'review.txt' }).waitFor();
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  await waitUntil('the review selected', async () => {
    await page.keyboard.press('Control+A');
    return page.locator('.statusbar-item', { hasText: /\(.*selected\)/ }).count();
  });
  await h.editorContextMenu(page, 'Predict on Selection');
  const frame = await h.webviewFrame(page, { title: 'Prediction', timeout: 60_000 });
  await frame.locator('#model-name').waitFor({ timeout: 60_000 });
  const label = (await frame.locator('#label').textContent({ timeout: 60_000 })).trim();
  const probabilities = await frame
    .locator('#probabilities .bar-value')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-probability'))));
  return { label, probabilities };
}

test('a GRU classifier: Customize… → GRU, trained in the panel; Gates shows r, z, n, h with the engine values; the editor splits r | z | n; Predict on Selection', async () => {
  const page = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(page, 'variants-gru', async () => {
      await h.openWorkbench(page);
      const runDir = await trainFromExplorer(page, 'GRU');
      const manifest = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8'));
      assert.equal(manifest.config.cell, 'gru');
      assert.equal(manifest.config.bidirectional, false);
      assert.match(manifest.architecture, /GRU\(\d+→16\) × 2/);

      const checkpoint = path.join(runDir, 'best.safetensors');
      const expected = JSON.parse(cli('gates', checkpoint, '--sample', '0', '--json'));
      const { frame, shown } = await openGates(page, runDir);
      assert.equal(shown.cell, 'gru');
      assert.deepEqual(shown.signals, ['r', 'z', 'n', 'h']);
      assert.deepEqual(shown.entries, ['0 forward', '1 forward']);
      for (const [entry, signal, unit, step] of [
        [0, 'r', 3, 2],
        [1, 'z', 15, 0],
        [1, 'n', 7, 1],
      ]) {
        const { value, text } = await hoverCell(frame, entry, signal, unit, step);
        assert.equal(value, expected.gates[entry].signals[signal].values[step][unit], `${signal} of unit ${unit}`);
        assert.match(text, new RegExp(`Layer ${entry + 1} · unit ${unit} · step ${step}`));
      }
      await page.screenshot({ path: path.join(h.artifactDir('variants-gru'), 'gates.png') });

      const editor = await openCheckpoint(page, `runs/${path.basename(runDir)}/best.safetensors`);
      await editor.locator('#recurrent', { hasText: /GRU/ }).waitFor({ timeout: 30_000 });
      const row = editor.locator('tr.tensor-row[data-name="gru.weight_hh_l1"]');
      await row.waitFor();
      assert.match(await row.innerText(), /r\s*z\s*n/);
      assert.deepEqual((await row.locator('td').allTextContents()).slice(1, 3), ['F32', '48 × 16']);
      await page.screenshot({ path: path.join(h.artifactDir('variants-gru'), 'checkpoint.png') });

      const { label, probabilities } = await predictReview(page, runDir, 'GRU(');
      assert.match(label, /^(negative|positive)$/);
      assert.ok(Math.abs(probabilities.reduce((s, p) => s + p, 0) - 1) < 1e-6, 'probabilities add up to 1');
    });
  } finally {
    await page.close();
  }
});

test('a bidirectional LSTM classifier: both directions in the Gates panel under the same tokens, the backward one = the engine; _reverse tensors labelled; Predict on Selection', async () => {
  const page = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(page, 'variants-bidirectional', async () => {
      await h.openWorkbench(page);
      const runDir = await trainFromExplorer(page, 'Bidirectional LSTM');
      const manifest = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8'));
      assert.equal(manifest.config.cell, 'lstm');
      assert.equal(manifest.config.bidirectional, true);
      assert.match(manifest.architecture, /BiLSTM\(\d+→16\) × 2 → Linear\(32, 1\)/);

      const checkpoint = path.join(runDir, 'best.safetensors');
      const expected = JSON.parse(cli('gates', checkpoint, '--sample', '0', '--json'));
      const { frame, shown } = await openGates(page, runDir);
      assert.deepEqual(shown.entries, ['0 forward', '0 backward', '1 forward', '1 backward']);
      assert.deepEqual(shown.signals, ['i', 'f', 'g', 'o', 'c', 'h']);
      assert.equal(shown.steps, expected.steps);
      // The last step of the backward direction is the first one it read: a step the forward one reads last.
      const last = expected.steps - 1;
      for (const [entry, signal, unit, step] of [
        [1, 'f', 3, last],
        [1, 'h', 0, 0],
        [3, 'c', 9, 1],
        [2, 'o', 5, last],
      ]) {
        const { value } = await hoverCell(frame, entry, signal, unit, step);
        assert.equal(value, expected.gates[entry].signals[signal].values[step][unit], `entry ${entry} ${signal}`);
      }
      await frame.locator('text=← backward').first().waitFor();
      await page.screenshot({ path: path.join(h.artifactDir('variants-bidirectional'), 'gates.png') });

      const editor = await openCheckpoint(page, `runs/${path.basename(runDir)}/best.safetensors`);
      await editor.locator('#recurrent', { hasText: /bidirectional/ }).waitFor({ timeout: 30_000 });
      const reverse = editor.locator('tr.tensor-row[data-name="lstm.weight_ih_l1_reverse"]');
      await reverse.waitFor();
      assert.match(await reverse.innerText(), /backward/);
      assert.deepEqual((await reverse.locator('td').allTextContents()).slice(1, 3), ['F32', '64 × 32']);
      await page.screenshot({ path: path.join(h.artifactDir('variants-bidirectional'), 'checkpoint.png') });

      const { label, probabilities } = await predictReview(page, runDir, 'BiLSTM(');
      assert.match(label, /^(negative|positive)$/);
      assert.ok(Math.abs(probabilities.reduce((s, p) => s + p, 0) - 1) < 1e-6, 'probabilities add up to 1');
      // The CLI on the same checkpoint gives the same label.
      assert.match(cli('predict', checkpoint, '--text', REVIEW), new RegExp(`^${label}`));
    });
  } finally {
    await page.close();
  }
});
