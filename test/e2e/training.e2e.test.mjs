// The user story in a real VS Code (code-server) driven by headless Chromium: install the packaged .vsix,
// open a workspace with the bundled examples, right-click a dataset → "Train LSTM on This Dataset",
// accept the quick pick, watch the Training panel fill, stop, check the run folder, reload the window
// and see the panel come back with the same history. One scenario per task kind, one bad dataset, and the
// extension-host suite (mocha + vscode API).
//   npm run package && node --test test/e2e/training.e2e.test.mjs      (after scripts/setup-e2e.sh)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as h from './harness.mjs';

const VSIX = path.join(h.REPO_ROOT, 'lstm-studio.vsix');
const EXAMPLES = path.join(h.REPO_ROOT, 'examples');
const MENU = 'Train LSTM on This Dataset';

function workspaceFiles() {
  const files = {};
  for (const rel of ['sentiment/reviews.csv', 'text/fables.txt', 'series/energy.csv', 'broken/ragged.csv']) {
    files[path.basename(rel)] = fs.readFileSync(path.join(EXAMPLES, rel), 'utf8');
  }
  return files;
}

const e2e = h.useCodeServer({
  workspaceFiles: workspaceFiles(),
  vsixPath: () => {
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package first`);
    return VSIX;
  },
  // Long runs, so there is time to watch and stop them; everything else at the defaults.
  settings: { 'lstmStudio.epochs': 400 },
});

/** Reads a number from the panel (`data-count` attribute, or the element's text). */
async function count(frame, selector) {
  const el = frame.locator(selector);
  const attr = await el.getAttribute('data-count');
  return Number(attr ?? (await el.textContent()));
}

async function waitUntil(what, fn, timeout = 180_000) {
  const start = Date.now();
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function runFolders() {
  const root = path.join(e2e.server.workspaceDir, '.lstm-studio/runs');
  return fs.existsSync(root) ? fs.readdirSync(root).map((name) => path.join(root, name)) : [];
}

for (const [file, task] of [
  ['reviews.csv', 'classification'],
  ['energy.csv', 'forecasting'],
  ['fables.txt', 'language-model'],
]) {
  test(`train ${file} (${task}) from the Explorer, watch, stop, reload`, async () => {
    const page = await h.newPage(e2e.browser);
    try {
      await h.screenshotOnFailure(page, `train-${file}`, async () => {
        await h.openWorkbench(page);
        const before = new Set(runFolders());
        await h.rightClickExplorerItem(page, file, MENU);
        // The quick pick shows the detected task, the split and the preset; accept it.
        const start = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Train:' }).first();
        await start.waitFor({ timeout: 60_000 });
        const label = await start.textContent();
        assert.match(
          label,
          { classification: /sequence classification/, forecasting: /forecasting/, 'language-model': /language model/ }[
            task
          ],
        );
        await start.click();

        const panel = await h.webviewFrame(page, { title: `Training: ${file}`, timeout: 60_000 });
        await panel.locator('#status', { hasText: 'running' }).waitFor({ timeout: 60_000 });
        await waitUntil('training points on the chart', async () => (await count(panel, '#points-loss')) > 5);
        await waitUntil('a validation point', async () => (await count(panel, '#points-validation')) >= 1, 300_000);
        assert.match(await panel.locator('#step').textContent(), /\d+\s*\/\s*\d+/);
        assert.match(await panel.locator('#speed').textContent(), /\d/);
        // What each evaluation scores, as the run recorded it (these splits are under the sample bound).
        const scope = await panel.locator('#validation-scope').textContent();
        assert.match(scope, /^validation: all [\d\s,.\u00a0\u202f]+ (windows|examples)$/);

        await panel.locator('#stop').click();
        await panel.locator('#status', { hasText: 'stopped' }).waitFor({ timeout: 60_000 });
        const steps = await count(panel, '#points-loss');
        const evaluations = await count(panel, '#points-validation');

        const created = runFolders().filter((dir) => !before.has(dir));
        assert.equal(created.length, 1, 'one new run folder');
        for (const name of ['run.json', 'metrics.csv', 'last.safetensors'])
          assert.ok(fs.existsSync(path.join(created[0], name)), name);
        const manifest = JSON.parse(fs.readFileSync(path.join(created[0], 'run.json'), 'utf8'));
        assert.equal(manifest.status, 'stopped');
        assert.equal(manifest.config.task, task);
        assert.equal(manifest.validation.sampled, false);
        assert.equal(Number(scope.replace(/\D/g, '')), manifest.validation.total, 'the panel shows the run.json count');
        const csvSteps = fs
          .readFileSync(path.join(created[0], 'metrics.csv'), 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('train,')).length;
        assert.equal(steps, csvSteps, 'the panel holds every step the run wrote');
        await page.screenshot({ path: path.join(h.artifactDir(`train-${file}`), 'stopped.png') });

        // Reload the window (VS Code's own command, as a user does): the panel is restored by the serializer
        // and redraws the same history.
        await h.reloadWindow(page);
        // The restored tab is titled "Training: <file> (stopped)" (activated if the reload left it in the background).
        const restored = await h.webviewFrame(page, {
          title: new RegExp(`^Training: ${file.replace('.', '\\.')}\\b`),
          hasText: file,
          timeout: 60_000,
        });
        await restored.locator('#status', { hasText: 'stopped' }).waitFor({ timeout: 60_000 });
        await waitUntil('the restored history', async () => (await count(restored, '#points-loss')) === steps);
        assert.equal(await count(restored, '#points-validation'), evaluations);
      });
    } finally {
      await page.close();
    }
  });
}

test('a bad dataset shows a message that names the file and line; nothing crashes', async () => {
  const page = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(page, 'train-ragged', async () => {
      await h.openWorkbench(page);
      await h.rightClickExplorerItem(page, 'ragged.csv', MENU);
      await h.waitForNotification(page, 'line 6', { timeout: 60_000 });
      // The extension still works afterwards: the palette command answers.
      await h.runCommandFromPalette(page, 'LSTM Studio: Show Log');
    });
  } finally {
    await page.close();
  }
});

test('extension-host suite (mocha, vscode API) in the real extension host', async () => {
  const result = await h.runExtensionHostTests({
    browser: e2e.browser,
    server: e2e.server,
    extensionDevelopmentPath: h.REPO_ROOT,
    extensionTestsPath: path.join(h.REPO_ROOT, 'test/extension-host/index.js'),
    timeout: 600_000,
  });
  console.log(result.output);
  assert.equal(result.code, 0, 'extension-host tests exit code');
});
