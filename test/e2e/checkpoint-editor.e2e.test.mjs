// The checkpoint editor in a real VS Code (code-server) driven by headless Chromium: a workspace with a
// checkpoint trained by the CLI, the golden PyTorch char-LM and a truncated copy. Double-click a checkpoint
// in the Explorer, read the model card and the tensor table in the webview, click a tensor and see its
// heatmap drawn with per-gate statistics, open a foreign file, open the truncated file and read the error.
// Also takes the light and dark screenshots (UPDATE_SCREENSHOTS=1 writes them to docs/images/).
//   npm run package && node --test --test-concurrency=1 --test-timeout=1800000 test/e2e/checkpoint-editor.e2e.test.mjs
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as h from './harness.mjs';

const VSIX = path.join(h.REPO_ROOT, 'lstm-studio.vsix');
const GOLDEN = path.join(h.REPO_ROOT, 'test/fixtures/golden/charlm.safetensors');
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-e2e-ckpt-ws-'));
let run = null; // { id, dir, manifest }

/** Trains two epochs (validating every 10 steps, for a history chart worth looking at) with the CLI into <workspace>/runs and adds the foreign and truncated files. */
function prepareWorkspace() {
  const cli = path.join(h.REPO_ROOT, 'bin/lstm-studio.js');
  if (!fs.existsSync(path.join(h.REPO_ROOT, 'dist/cli.js')))
    throw new Error('dist/cli.js is missing: run npm run package first');
  const t = performance.now();
  execFileSync(
    process.execPath,
    [
      cli,
      'train',
      path.join(h.REPO_ROOT, 'examples/sentiment/reviews.csv'),
      '--epochs',
      '2',
      '--validate-every',
      '10',
      '--out',
      path.join(workspace, 'runs'),
      '--json',
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 300_000,
    },
  );
  console.log(`[e2e] trained the checkpoint with the CLI in ${h.since(t)} ms`);
  const [id] = fs.readdirSync(path.join(workspace, 'runs'));
  const dir = path.join(workspace, 'runs', id);
  run = { id, dir, manifest: JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) };
  fs.copyFileSync(GOLDEN, path.join(workspace, 'charlm.safetensors'));
  // A 1 GiB checkpoint that costs no disk: a real header, then a sparse file's zeros.
  // nn.LSTM(8, 8192): weight_hh [4H, H] = 32768 × 8192 float32 = 1 GiB.
  const ih = 4 * 32768 * 8;
  let json = JSON.stringify({
    __metadata__: { format: 'pt' },
    'rnn.weight_hh_l0': { dtype: 'F32', shape: [32768, 8192], data_offsets: [0, 2 ** 30] },
    'rnn.weight_ih_l0': { dtype: 'F32', shape: [32768, 8], data_offsets: [2 ** 30, 2 ** 30 + ih] },
  });
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length));
  // Two of them: the second is closed while its statistics are being computed.
  for (const name of ['huge.safetensors', 'huge-closed.safetensors']) {
    const huge = path.join(workspace, name);
    fs.writeFileSync(huge, Buffer.concat([prefix, Buffer.from(json)]));
    fs.truncateSync(huge, 8 + json.length + 2 ** 30 + ih);
  }
  const bytes = fs.readFileSync(path.join(dir, 'last.safetensors'));
  fs.writeFileSync(path.join(workspace, 'truncated.safetensors'), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
}

const e2e = h.useCodeServer({
  workspaceDir: workspace,
  vsixPath: () => {
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package first`);
    prepareWorkspace();
    return VSIX;
  },
  settings: { 'workbench.colorTheme': 'Default Dark Modern' },
});
after(() => fs.rmSync(workspace, { recursive: true, force: true }));

/**
 * Double-clicks a workspace file in the Explorer once and returns the editor's webview frame. The first
 * double-click must open the checkpoint editor even right after the window opens on a fresh profile (a
 * `.safetensors` the workbench opened as text before it knew the editor is reopened in it, and the text
 * tab closed: src/extension/checkpoint-first-open.ts); no text tab on the file is left.
 */
async function openFromExplorer(page, relPath) {
  const title = path.basename(relPath);
  const row = await h.revealExplorerItem(page, relPath);
  const reopens = () => h.serverLogText(e2e.server, 'LSTM Studio').split(`${title} was opened as text`).length - 1;
  const reopensBefore = reopens();
  const clicked = performance.now();
  await row.dblclick();
  const frame = await h.webviewFrame(page, { title, timeout: 60_000 });
  await frame.locator('body[data-state]').waitFor({ timeout: 30_000 });
  const drawnMs = h.since(clicked);
  const tabs = page
    .locator('.tabs-container .tab')
    .filter({ has: page.locator('.label-name').getByText(title, { exact: true }) });
  // The text tab (if the workbench opened one) is closed right after the checkpoint editor opened.
  const deadline = Date.now() + 10_000;
  while ((await tabs.count()) > 1 && Date.now() < deadline) await h.sleep(200);
  assert.equal(await tabs.count(), 1, `one tab on ${title} (the checkpoint editor), no text tab beside it`);
  const reopened = reopens() > reopensBefore;
  console.log(
    `[e2e] ${title}: double-click → editor drawn in ${drawnMs} ms${reopened ? ' (opened as text first, reopened by the extension)' : ''}`,
  );
  return frame;
}

/** Waits until `fn` returns something truthy (polling every 250 ms). */
async function waitUntil(what, fn, timeout = 60_000) {
  const start = Date.now();
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** How many pixels of the heatmap differ from the editor background (a blank canvas has none). */
function paintedPixels(frame) {
  return frame.locator('#heatmap').evaluate((canvas) => {
    const context = canvas.getContext('2d');
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const background = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
    let painted = 0;
    for (let k = 0; k < data.length; k += 4) {
      if (
        data[k + 3] > 0 &&
        Math.abs(data[k] - background[0]) +
          Math.abs(data[k + 1] - background[1]) +
          Math.abs(data[k + 2] - background[2]) >
          30
      )
        painted++;
    }
    return painted;
  });
}

/** Switches the colour theme through the palette's theme picker, like a user. */
async function setTheme(page, theme) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.keyboard.press('F1');
  if (
    !(await input.waitFor({ timeout: 3000 }).then(
      () => true,
      () => false,
    ))
  ) {
    await page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('F1');
    await input.waitFor();
  }
  await input.fill('>Preferences: Color Theme');
  await page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name').getByText('Preferences: Color Theme', { exact: true }) })
    .first()
    .click();
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dark Modern' }).first().waitFor();
  await input.fill(theme);
  // A theme's row reads "Light Modern" with "Default Light Modern" beside it.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

async function screenshot(page, name) {
  const target = path.join(h.artifactDir('checkpoint-editor'), `${name}.png`);
  await page.screenshot({ path: target });
  if (process.env.UPDATE_SCREENSHOTS === '1')
    fs.copyFileSync(target, path.join(h.REPO_ROOT, 'docs/images', `${name}.png`));
  console.log(`[e2e] screenshot ${target}`);
}

test('open our checkpoint from the Explorer: model card, tensor table, statistics, heatmap with gates', async () => {
  const page = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(page, 'checkpoint-editor-ours', async () => {
      await h.openWorkbench(page);
      const frame = await openFromExplorer(page, `runs/${run.id}/last.safetensors`);

      // The model card agrees with the run's own run.json.
      await frame.locator('#architecture', { hasText: run.manifest.architecture }).waitFor();
      const parameters = (await frame.locator('#parameter-count').textContent()).replace(/,/g, '');
      assert.match(parameters, new RegExp(`^${run.manifest.parameterCount}\\b`));
      assert.match(await frame.locator('#task').textContent(), /classification.*negative, positive/i);
      assert.match(await frame.locator('#dataset').textContent(), /reviews\.csv.*sha256:/);
      assert.match(await frame.locator('#vocabulary').textContent(), /\d+ words/);
      assert.match(await frame.locator('#best').textContent(), /accuracy/);
      assert.equal(await frame.locator('#seed').textContent(), '42');
      await frame.locator('#history-canvas[data-drawn="true"]').waitFor();

      // Every tensor is in the table, optimizer state included; statistics fill in by themselves.
      const names = await frame.locator('tr.tensor-row').evaluateAll((rows) => rows.map((r) => r.dataset.name));
      for (const name of [
        'embedding.weight',
        'lstm.weight_ih_l0',
        'lstm.weight_hh_l0',
        'lstm.bias_ih_l0',
        'head.weight',
        'optimizer.exp_avg.lstm.weight_hh_l0',
      ]) {
        assert.ok(names.includes(name), `row ${name} in ${names}`);
      }
      await waitUntil(
        'statistics in every row',
        async () => (await frame.locator('tr.tensor-row canvas.sparkline').count()) === names.length,
      );
      const cells = await frame.locator('tr.tensor-row[data-name="lstm.weight_hh_l0"] td').allTextContents();
      assert.deepEqual(cells.slice(1, 4), ['F32', '128 × 32', '4,096']);
      assert.match(cells[7], /^−?\d/, `mean cell: ${cells[7]}`);

      // Filter, then sort by std (largest first).
      await frame.locator('#tensor-filter').fill('weight_hh');
      assert.deepEqual(await frame.locator('tr.tensor-row').evaluateAll((rows) => rows.map((r) => r.dataset.name)), [
        'lstm.weight_hh_l0',
        'optimizer.exp_avg.lstm.weight_hh_l0',
        'optimizer.exp_avg_sq.lstm.weight_hh_l0',
      ]);
      await frame.locator('#tensor-filter').fill('');
      await frame.locator('th[data-column="std"] button').click();
      assert.equal(await frame.locator('th[data-column="std"]').getAttribute('aria-sort'), 'descending');

      // Actions that apply to a run's last.safetensors.
      for (const id of [
        '#action-inspect-gates',
        '#action-predict',
        '#action-resume',
        '#action-reveal-run',
        '#action-export-pytorch',
      ])
        await frame.locator(id).waitFor();

      // Click an LSTM weight: its heatmap, split into i, f, g, o, with per-gate statistics.
      await frame.locator('tr.tensor-row[data-name="lstm.weight_hh_l0"]').click();
      await frame.locator('#heatmap[data-drawn="true"]').waitFor();
      assert.ok((await paintedPixels(frame)) > 1000, 'the heatmap has coloured cells');
      assert.deepEqual(
        await frame.locator('#gate-stats tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.gate)),
        ['i', 'f', 'g', 'o'],
      );
      await frame.locator('#heatmap').hover({ position: { x: 30, y: 40 } });
      await frame.locator('#heatmap-hover', { hasText: /gate i \(input\)/ }).waitFor();
      // Reveal Run selects the run folder in the Explorer.
      await frame.locator('#action-reveal-run').click();
      await waitUntil(
        'the run folder selected',
        async () => (await h.explorerRow(page, run.id).getAttribute('aria-selected')) === 'true',
        15_000,
      );

      // Export as PyTorch Project: VS Code's folder dialog (a quick input in the browser) proposes the
      // workspace; accept it, and the project appears there, named after the run.
      await frame.locator('#action-export-pytorch').click();
      const folderInput = page.locator('.quick-input-widget .quick-input-box input');
      await folderInput.waitFor({ timeout: 30_000 });
      await waitUntil(
        'the proposed folder',
        async () => (await folderInput.inputValue()).replace(/\/$/, '') === workspace,
        15_000,
      );
      const exportHere = page.locator('.quick-input-widget .monaco-button', { hasText: 'Export Here' });
      if (await exportHere.isVisible().catch(() => false)) await exportHere.click();
      else await folderInput.press('Enter');
      const exported = path.join(workspace, `${run.id}-pytorch`);
      await h.waitForNotification(page, `Exported to ${exported}`, { timeout: 60_000 });
      for (const name of ['README.md', 'train.py', 'lstm_studio/model.py'])
        assert.ok(fs.existsSync(path.join(exported, name)), `${name} in the exported project`);
      assert.match(fs.readFileSync(path.join(exported, 'lstm_studio/model.py'), 'utf8'), /nn\.LSTM\(/);
    });
  } finally {
    await page.close();
  }
});

test('a foreign checkpoint (PyTorch char-LM): tensor table and the LSTM recognised from its names', async () => {
  const page = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(page, 'checkpoint-editor-foreign', async () => {
      await h.openWorkbench(page);
      const frame = await openFromExplorer(page, 'charlm.safetensors');
      await frame.locator('#architecture', { hasText: 'Embedding(38, 16) → LSTM(16→32) → Linear(32, 38)' }).waitFor();
      assert.match(await frame.locator('#modules').textContent(), /fc \(head\)/);
      assert.equal(await frame.locator('tr.tensor-row').count(), 7);
      // Nothing to predict with or resume: no LSTM Studio metadata.
      assert.equal(await frame.locator('#action-inspect-gates').isVisible(), false);
      assert.equal(await frame.locator('#action-resume').isVisible(), false);
      await frame.locator('tr.tensor-row[data-name="lstm.bias_ih_l0"]').click();
      await frame.locator('#heatmap[data-drawn="true"]').waitFor();
      assert.ok((await paintedPixels(frame)) > 100);
      await page.screenshot({ path: path.join(h.artifactDir('checkpoint-editor'), 'foreign.png') });
    });
  } finally {
    await page.close();
  }
});

test('a 1 GiB checkpoint opens from its header at once; its statistics are computed on request, with progress', async () => {
  const page = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(page, 'checkpoint-editor-huge', async () => {
      await h.openWorkbench(page);
      const frame = await openFromExplorer(page, 'huge.safetensors');
      await frame.locator('tr.tensor-row[data-name="rnn.weight_hh_l0"]').waitFor();
      const details = await frame.locator('#file-details').textContent();
      console.log(`[e2e] 1 GiB checkpoint: ${details}`);
      assert.match(details, /1\.00 GB/);
      const headerMs = Number(/read in ([\d.]+) ms/.exec(details)[1]);
      assert.ok(headerMs < 1000, `header read in ${headerMs} ms`);
      assert.match(await frame.locator('#architecture').textContent(), /LSTM\(8→8192\)/);
      // Too big to compute unasked: the row offers it, and shows progress while the worker reads 1 GiB twice.
      const row = frame.locator('tr.tensor-row[data-name="rnn.weight_hh_l0"]');
      const started = performance.now();
      await row.locator('button', { hasText: 'Compute' }).click();
      await row.locator('[role="progressbar"]').waitFor({ timeout: 60_000 });
      await row.locator('canvas.sparkline').waitFor({ timeout: 600_000 });
      console.log(`[e2e] statistics of the 1 GiB tensor in ${h.since(started)} ms`);
      const cells = await row.locator('td').allTextContents();
      assert.equal(cells[9], '268,435,456 (100.0%)', 'every value of the sparse file is 0');
      await page.screenshot({ path: path.join(h.artifactDir('checkpoint-editor'), 'huge.png') });
    });
  } finally {
    await page.close();
  }
});

test('closing the editor while a 1 GiB statistics pass runs stops it', async () => {
  const page = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(page, 'checkpoint-editor-close-during-stats', async () => {
      await h.openWorkbench(page);
      const frame = await openFromExplorer(page, 'huge-closed.safetensors');
      const row = frame.locator('tr.tensor-row[data-name="rnn.weight_hh_l0"]');
      await row.locator('button', { hasText: 'Compute' }).click();
      await row.locator('[role="progressbar"]').waitFor({ timeout: 60_000 });
      // While it runs, the server's processes use about a core (the worker reading and reducing 1 GiB).
      const cpu = (ms) => h.processTreeCpuRate(e2e.server.process.pid, ms);
      const busy = await cpu(2000);
      const stillRunning = (await row.locator('canvas.sparkline').count()) === 0;
      console.log(
        `[e2e] statistics running: ${busy.toFixed(2)} CPU-seconds per second; still running before close: ${stillRunning}`,
      );
      assert.ok(stillRunning, 'the statistics pass finished before the editor could be closed (nothing to stop)');
      assert.ok(busy > 0.5, `the statistics pass should keep a core busy, used ${busy.toFixed(2)}`);
      await h.runCommandFromPalette(page, 'View: Close Editor');
      await page
        .locator('.tabs-container .tab', { hasText: 'huge-closed.safetensors' })
        .waitFor({ state: 'detached', timeout: 10_000 });
      await h.sleep(1000);
      const idle = await cpu(3000);
      console.log(`[e2e] after closing the editor: ${idle.toFixed(2)} CPU-seconds per second`);
      assert.ok(
        idle < 0.35,
        `closing the editor should stop the statistics pass, but the server still used ${idle.toFixed(2)} CPU-seconds per second`,
      );
      let text = '';
      for (let i = 0; i < 20 && !/stopping its tensor work in progress/.test(text); i++) {
        await h.sleep(250);
        text = h.serverLogText(e2e.server, 'LSTM Studio');
      }
      assert.match(text, /the last editor closed; stopping its tensor work in progress/);
    });
  } finally {
    await page.close();
  }
});

test('a truncated checkpoint shows a clear error in the editor, and the extension keeps working', async () => {
  const page = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(page, 'checkpoint-editor-truncated', async () => {
      await h.openWorkbench(page);
      const frame = await openFromExplorer(page, 'truncated.safetensors');
      await frame.locator('#error').waitFor();
      assert.match(await frame.locator('#error-message').textContent(), /truncated/);
      assert.match(await frame.locator('#error h2').textContent(), /truncated\.safetensors cannot be opened/);
      await page.screenshot({ path: path.join(h.artifactDir('checkpoint-editor'), 'truncated.png') });
      // The host survived: another checkpoint still opens.
      const other = await openFromExplorer(page, 'charlm.safetensors');
      await other.locator('#architecture').waitFor();
    });
  } finally {
    await page.close();
  }
});

test('screenshots of the editor in the dark and light themes', async () => {
  // Tall enough for the whole editor: header, model card and chart, the tensor table and a heatmap.
  const page = await h.newPage(e2e.browser, { viewport: { width: 1600, height: 1500 } });
  try {
    await h.screenshotOnFailure(page, 'checkpoint-editor-screenshots', async () => {
      await h.openWorkbench(page);
      const frame = await openFromExplorer(page, `runs/${run.id}/last.safetensors`);
      await frame.locator('#history-canvas[data-drawn="true"]').waitFor();
      await frame.locator('#show-optimizer').uncheck();
      await waitUntil(
        'statistics in every row',
        async () => (await frame.locator('tr.tensor-row canvas.sparkline').count()) === 7,
      );
      const row = frame.locator('tr.tensor-row[data-name="lstm.weight_hh_l0"]');
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      await frame.locator('#heatmap[data-drawn="true"]').waitFor();
      await frame.locator('#gate-stats').waitFor();
      await frame.locator('#heatmap').hover({ position: { x: 60, y: 40 } });
      await frame.locator('#heatmap-hover', { hasText: 'gate i' }).waitFor();
      await screenshot(page, 'checkpoint-editor-dark');

      await setTheme(page, 'Default Light Modern');
      await frame.locator('body.vscode-light').waitFor({ timeout: 30_000 });
      await page.waitForTimeout(1000);
      assert.ok((await paintedPixels(frame)) > 1000, 'the heatmap is redrawn in the light theme');
      await frame.locator('#heatmap').hover({ position: { x: 60, y: 40 } });
      await screenshot(page, 'checkpoint-editor-light');
      await setTheme(page, 'Default Dark Modern');
    });
  } finally {
    await page.close();
  }
});
