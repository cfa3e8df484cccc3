// The first hour of a new user, in a real VS Code (code-server) from a fresh profile with the packaged
// .vsix: open the *Get Started with LSTM Studio* walkthrough from the palette and click each step's button
// as a user does — the sample data appears in the Explorer, the sample reviews train to the end from the
// Train quick pick, the Gates panel opens on the checkpoint, a prediction on a selected review appears —
// and every step is checked off by the real event (the walkthrough's own checkmark, `aria-checked`).
//   npm run build && npm run vsix && node --test test/e2e/walkthrough.e2e.test.mjs   (after scripts/setup-e2e.sh)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as h from './harness.mjs';

const VSIX = path.join(h.REPO_ROOT, 'lstm-studio.vsix');
const WALKTHROUGH = 'Get Started with LSTM Studio';
const SAMPLES = 'lstm-studio-samples';

const e2e = h.useCodeServer({
  // A user's own (unrelated) folder: nothing of LSTM Studio in it yet.
  workspaceFiles: { 'notes.md': '# My notes\n' },
  // The walkthrough focuses a step it expands 250 ms later when it animates (gettingStartedPage's
  // selectStep: `setTimeout(() => step.focus(), 250)`), and at once with reduced motion. A button the test
  // clicks sooner than a person would opens a quick pick that this late focus then closes (the checkpoint
  // pick of Inspect Gates did, in CI); with reduced motion the focus lands before the click.
  settings: { 'workbench.welcomePage.preferReducedMotion': true },
  vsixPath: () => {
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run build && npm run vsix first`);
    return VSIX;
  },
});

async function waitUntil(what, fn, timeout = 120_000) {
  const start = Date.now();
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await h.sleep(500);
  }
}

/** The walkthrough's step button (its title row) for a step id of package.json. */
function step(page, id) {
  return page.locator(`.gettingStartedContainer button.getting-started-step[data-step-id$="${id}"]`);
}

/**
 * Brings the walkthrough to the front — its tab when it is open, else Welcome: Open Walkthrough… → ours —
 * and expands step `id`.
 */
async function showStep(page, id) {
  const tab = page.locator('.tabs-container .tab', { hasText: 'Walkthrough: LSTM Studio' }).first();
  if (!(await step(page, id).isVisible()) && (await tab.count()) > 0) {
    await tab.click();
    await step(page, id)
      .waitFor({ timeout: 5_000 })
      .catch(() => {});
  }
  if (!(await step(page, id).isVisible())) {
    await h.runCommandWhenListed(page, 'Welcome: Open Walkthrough...');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: WALKTHROUGH }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
  }
  const button = step(page, id);
  await button.waitFor({ timeout: 30_000 });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await waitUntil(`step ${id} expanded`, async () => (await button.getAttribute('aria-expanded')) === 'true', 10_000);
}

/** Clicks the button a step's description shows (a markdown `[label](command:…)` line). */
async function clickStepButton(page, id, label) {
  await showStep(page, id);
  await page.locator('.gettingStartedContainer').getByRole('button', { name: label, exact: true }).first().click();
}

async function isChecked(page, id) {
  await showStep(page, id);
  return (await step(page, id).getAttribute('aria-checked')) === 'true';
}

test('walkthrough from a fresh profile: sample data, train, watch, look inside, predict — each step checked off', async () => {
  const page = await h.newPage(e2e.browser);
  const t0 = performance.now();
  try {
    await h.screenshotOnFailure(page, 'walkthrough', async () => {
      await h.openWorkbench(page);
      const workspace = e2e.server.workspaceDir;

      // 1. Get sample data: the files land in lstm-studio-samples/ and show in the Explorer.
      await clickStepButton(page, 'getSampleData', 'Get Sample Data');
      await h.explorerRow(page, 'reviews.csv').waitFor({ timeout: 30_000 });
      for (const name of ['reviews.csv', 'fables.txt', 'energy.csv', 'dates.tsv', 'try-me.txt', 'README.md'])
        assert.ok(fs.existsSync(path.join(workspace, SAMPLES, name)), `${SAMPLES}/${name} copied`);
      await waitUntil('step 1 checked', () => isChecked(page, 'getSampleData'), 30_000);
      await page.screenshot({ path: path.join(h.artifactDir('walkthrough'), '1-sample-data.png') });

      // 2. Train one: the button opens the Train quick pick on the sample reviews; accept what it detected.
      await clickStepButton(page, 'train', 'Train on the Sample Reviews');
      const start = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Train:' }).first();
      await start.waitFor({ timeout: 60_000 });
      assert.match(await start.textContent(), /sequence classification/);
      await start.click();

      // 3. Watch it: the Training panel shows the run to its end.
      const panel = await h.webviewFrame(page, { title: /^Training: reviews\.csv/, timeout: 60_000 });
      await panel.locator('#status', { hasText: 'finished' }).waitFor({ timeout: 150_000 });
      await page.screenshot({ path: path.join(h.artifactDir('walkthrough'), '3-trained.png') });
      await waitUntil('step 2 checked', () => isChecked(page, 'train'), 30_000);
      await waitUntil('step 3 checked', () => isChecked(page, 'watch'), 30_000);

      // 4. Look inside: Inspect Gates asks for a checkpoint (the run just trained) and opens the Gates panel.
      await clickStepButton(page, 'lookInside', 'Inspect Gates');
      const checkpoint = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'reviews' }).first();
      await checkpoint.waitFor({ timeout: 30_000 });
      await checkpoint.click();
      const gates = await h.webviewFrame(page, { title: /^Gates: /, timeout: 60_000 });
      await gates.locator('body').waitFor({ timeout: 30_000 });
      await waitUntil('step 4 checked', () => isChecked(page, 'lookInside'), 30_000);

      // 5. Predict: a sample review selected in the editor, Predict on Selection with the model just inspected.
      await clickStepButton(page, 'predict', 'Predict on a Sample Review');
      const prediction = await h.webviewFrame(page, { title: 'Prediction', timeout: 60_000 });
      const label = await prediction.locator('#label').textContent({ timeout: 60_000 });
      assert.match(label, /^(negative|positive)$/);
      await page.screenshot({ path: path.join(h.artifactDir('walkthrough'), '5-prediction.png') });
      await waitUntil('step 5 checked', () => isChecked(page, 'predict'), 30_000);

      for (const id of ['getSampleData', 'train', 'watch', 'lookInside', 'predict'])
        assert.ok(await isChecked(page, id), `step ${id} stays checked`);
      await page.screenshot({ path: path.join(h.artifactDir('walkthrough'), 'all-done.png') });
      console.log(`[e2e] walkthrough done in ${h.since(t0)} ms`);
    });
  } finally {
    await page.close();
  }
});
