// Sequence to sequence in a real VS Code (code-server) driven by headless Chromium, as one user story:
// right-click the bundled pairs file (dates written many ways → ISO 8601) → "Train LSTM on This Dataset",
// see the quick pick detect sequence to sequence, watch the Training panel's table of validation examples
// change from one evaluation to the next, let the run finish; then select a date written in French in a
// text file, Predict on Selection with that model, read the output, the n-best list and the attention map
// (hovering an output token says what it attended to), and Replace Selection: the file now holds the
// model's output.
//   npm run package && node --test --test-concurrency=1 --test-timeout=1800000 test/e2e/seq2seq.e2e.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as h from './harness.mjs';

const VSIX = path.join(h.REPO_ROOT, 'lstm-studio.vsix');
const SOURCE = 'le 3 mars 2021';

const e2e = h.useCodeServer({
  workspaceFiles: {
    'dates.tsv': fs.readFileSync(path.join(h.REPO_ROOT, 'examples/dates.tsv'), 'utf8'),
    // No line end: Select All takes exactly the date (a right-click elsewhere would drop a partial selection).
    'notes.txt': SOURCE,
  },
  vsixPath: () => {
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package first`);
    return VSIX;
  },
  // Two epochs (about 230 steps): two evaluations to see the table change, and a model that reads dates.
  settings: { 'lstmStudio.epochs': 2, 'editor.wordWrap': 'on' },
});

async function waitUntil(what, fn, timeout = 300_000) {
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

test('train a pairs file from the Explorer, watch the examples, transform a selection and replace it', async () => {
  const page = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(page, 'seq2seq', async () => {
      await h.openWorkbench(page);
      await h.rightClickExplorerItem(page, 'dates.tsv', 'Train LSTM on This Dataset');
      const start = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Train:' }).first();
      await start.waitFor({ timeout: 60_000 });
      assert.match(await start.textContent(), /sequence to sequence/);
      await start.click();

      // The Training panel: the table of validation examples appears at the first evaluation and is
      // redrawn at the next one (another step in its caption, the model's outputs as they are then).
      const training = await h.webviewFrame(page, { title: 'Training: dates.tsv', timeout: 60_000 });
      const caption = training.locator('#validation-examples-caption');
      const rows = training.locator('#validation-examples tbody tr');
      const firstStep = await waitUntil('the first evaluation’s examples', async () => {
        const step = Number(await caption.getAttribute('data-step', { timeout: 1000 }));
        return step > 0 && (await rows.count()) === 8 ? step : undefined;
      });
      const secondStep = await waitUntil('the next evaluation’s examples', async () => {
        const step = Number(await caption.getAttribute('data-step', { timeout: 1000 }));
        return step > firstStep ? step : undefined;
      });
      console.log(
        `examples at step ${firstStep}: ${await training.locator('#validation-examples tr[data-exact="true"]').count()} of 8 exact; then step ${secondStep}`,
      );
      assert.match(await caption.textContent(), new RegExp(`step ${secondStep}\\b`));
      await training.locator('#status', { hasText: 'finished' }).waitFor({ timeout: 300_000 });
      const [runDir] = runFolders();
      const manifest = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8'));
      assert.equal(manifest.config.task, 'seq2seq');
      for (const key of ['tokenAccuracy', 'exactMatch', 'tokenErrorRate', 'charErrorRate', 'bleu', 'chrF'])
        assert.equal(typeof manifest.final[key], 'number', key);
      console.log(`trained: exact match ${manifest.final.exactMatch}, BLEU ${manifest.final.bleu}`);
      await page.screenshot({ path: path.join(h.artifactDir('seq2seq'), 'training.png') });

      // Predict on Selection: a date in French, the model just trained.
      await h.runCommandFromPalette(page, 'View: Focus First Editor Group');
      await h.explorerRow(page, 'notes.txt').click();
      await page.locator('.editor-group-container.active .tab.active', { hasText: 'notes.txt' }).waitFor();
      await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
      await waitUntil(
        'the date selected',
        async () => {
          await page.keyboard.press('Control+A');
          return page
            .locator('.statusbar-item', { hasText: /\(14 selected\)/ })
            .first()
            .waitFor({ timeout: 2000 })
            .then(() => true);
        },
        30_000,
      );
      await h.editorContextMenu(page, 'Predict on Selection');
      const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'dates.tsv' }).first();
      await pick.waitFor({ timeout: 30_000 });
      await pick.click();

      const panel = await h.webviewFrame(page, { title: 'Prediction', timeout: 60_000 });
      const output = panel.locator('#transform-output[data-running="false"]');
      await output.waitFor({ timeout: 120_000 });
      const text = (await output.textContent()).trim();
      console.log(`"${SOURCE}" → "${text}" (${(await panel.locator('#timing').textContent()).trim()})`);
      assert.match(text, /^\d{4}-\d{2}-\d{2}$/, 'an ISO date');
      // Beam 5 by default: the n-best list, best first, scores descending.
      const scores = await panel
        .locator('.nbest-item')
        .evaluateAll((items) => items.map((i) => Number(i.getAttribute('data-score'))));
      assert.ok(scores.length >= 2, 'several candidates');
      assert.deepEqual(
        [...scores].sort((a, b) => b - a),
        scores,
      );
      // The attention map: a row per output token and <eos>, a column per source character.
      const tokens = Number(await panel.locator('#transform-output').getAttribute('data-tokens'));
      assert.equal(
        await panel.locator('#attention-map [data-output-index][data-source-index]').count(),
        (tokens + 1) * 14,
      );
      await panel.locator('[data-output-header="0"]').hover();
      await panel.locator('#attention-status', { hasText: /attends (most )?to/ }).waitFor({ timeout: 10_000 });
      console.log(`hover: ${(await panel.locator('#attention-status').textContent()).trim()}`);
      await page.screenshot({ path: path.join(h.artifactDir('seq2seq'), 'transform.png') });

      // Replace Selection: the editor's selection becomes the output.
      await panel.locator('#transform-replace').click();
      await h.runCommandFromPalette(page, 'File: Save All Files');
      const saved = await waitUntil('the saved notes.txt', async () => {
        const content = fs.readFileSync(path.join(e2e.server.workspaceDir, 'notes.txt'), 'utf8');
        return content !== SOURCE && content.length > 0 ? content : undefined;
      });
      assert.equal(saved, text);

      // Gate Heatmaps from the Prediction panel: the encoder's maps over the source, the attention, the
      // decoder's maps over the output, linked (hovering an attention cell points at both).
      await (await h.webviewFrame(page, { title: 'Prediction', timeout: 30_000 })).locator('#open-gates').click();
      const gates = await h.webviewFrame(page, { title: /^Gates/, hasText: 'Encoder', timeout: 60_000 });
      await gates.locator('#gates-pair:not([hidden]) #encoder-maps-canvas').waitFor({ timeout: 120_000 });
      const pair = await waitUntil('the pair recording', () =>
        gates.locator('body').evaluate(() => window.__gatesPanel?.pair?.() ?? null),
      );
      assert.equal(pair.sourceTokens.length, 14, 'one encoder step per character of the date');
      assert.equal(pair.outputTokens.at(-1), '<eos>');
      assert.equal(pair.attentionRows, pair.outputTokens.length, 'an attention row per decoder step');
      await gates.locator('#gates-attention [data-output-index="1"][data-source-index="3"]').hover();
      const pointed = await waitUntil('the linked hover', async () => {
        const p = await gates.locator('body').evaluate(() => window.__gatesPanel.pair().pointed);
        return p.outputStep === 1 && p.sourceStep === 3 ? p : undefined;
      });
      console.log(`gates: ${pair.sourceSteps} source steps, output ${pair.output}; hover: ${pointed.status}`);
      await page.screenshot({ path: path.join(h.artifactDir('seq2seq'), 'gates.png') });

      // The checkpoint editor names the encoder–decoder and its blocks.
      const best = path
        .relative(e2e.server.workspaceDir, path.join(runDir, 'best.safetensors'))
        .split(path.sep)
        .join('/');
      const row = await h.revealExplorerItem(page, best);
      const card = await waitUntil('the checkpoint editor', async () => {
        await row.dblclick();
        return h.webviewFrame(page, { title: 'best.safetensors', hasText: 'Sequence to sequence', timeout: 15_000 });
      });
      assert.match(await card.locator('#encoder-decoder').textContent(), /general attention/);
      assert.match(await card.locator('#modules').textContent(), /encoder\.lstm[\s\S]*decoder\.lstm[\s\S]*attention/);
    });
  } finally {
    await page.close();
  }
});
