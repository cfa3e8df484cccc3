// The Evaluate view in a real VS Code (code-server) driven by headless Chromium (issue 17). A small
// sentiment classifier is trained with the built CLI into the workspace's runs folder; then, in one window:
//   1. the Runs view's context menu on the run → *Evaluate Run*: the Errors tab shows the confusion matrix
//      and the accuracy, which agree with each other, with the number of validation examples and with the
//      accuracy the run itself measured on its validation split at its best checkpoint;
//   2. *Open in Gates* on the first misclassified example → the Gates panel records that validation sample;
//   3. in the Gates panel, units of h selected (Ctrl-click) with a threshold → *Search the Data Set* → the
//      Evaluate view comes back on its Search tab with results; *Open in Gates* on one records its sequence
//      with the keyboard cursor on the span's first step;
//   4. Units: a regular expression → units listed with their correlation r;
//   5. Projection: PCA → hovering a point shows its context;
//   6. Ablation: switching units off changes the accuracy.
// A second, short scenario: a tiny character language model trained on samples/fables.txt → *Evaluate Run*
// → the Errors tab shows the text coloured by each token's loss and a non-empty list of worst contexts; after
// a window reload the panel comes back (its serializer) on the tab it showed.
//   npm run build && npm run vsix && node --test --test-concurrency=1 --test-timeout=1500000 test/e2e/evaluate.e2e.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as h from './harness.mjs';

const VSIX = path.join(h.REPO_ROOT, 'lstm-studio.vsix');
const CLI = path.join(h.REPO_ROOT, 'bin/lstm-studio.js');
const REVIEWS = path.join(h.REPO_ROOT, 'examples/sentiment/reviews.csv');
const FABLES = path.join(h.REPO_ROOT, 'samples/fables.txt');

const e2e = h.useCodeServer({
  workspaceFiles: {
    'reviews.csv': fs.readFileSync(REVIEWS, 'utf8'),
    'fables.txt': fs.readFileSync(FABLES, 'utf8'),
  },
  vsixPath: () => {
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run vsix first`);
    return VSIX;
  },
});

const cli = (...args) => execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });

/** Trains on a workspace file with the CLI into <workspace>/.lstm-studio/runs and returns the run's summary (its last JSON line). */
function train(file, ...args) {
  const out = path.join(e2e.server.workspaceDir, '.lstm-studio/runs');
  const lines = cli('train', path.join(e2e.server.workspaceDir, file), '--out', out, '--json', ...args)
    .trim()
    .split('\n');
  const summary = JSON.parse(lines[lines.length - 1]);
  assert.equal(summary.status, 'finished');
  return summary;
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

/** The best validation accuracy the run recorded (metrics.csv's validation rows), as the CLI wrote it. */
function bestValidationAccuracy(runDir) {
  const lines = fs.readFileSync(path.join(runDir, 'metrics.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const column = header.findIndex((name) => /^val(idation)?[_.]?accuracy$/i.test(name));
  assert.ok(column >= 0, `metrics.csv has a validation accuracy column: ${header.join(',')}`);
  const values = lines
    .slice(1)
    .map((line) => Number(line.split(',')[column]))
    .filter((v) => Number.isFinite(v));
  assert.ok(values.length > 0, 'the run validated at least once');
  return Math.max(...values);
}

/** Right-clicks the Runs view's row of `runId` until `label` shows in its context menu, then clicks it. */
async function runsViewMenu(page, runId, label) {
  await h.runCommandWhenListed(page, 'View: Show LSTM Studio');
  const row = page.locator('.pane-body .monaco-list-row').filter({ hasText: runId }).first();
  await row.waitFor({ timeout: 60_000 });
  for (let attempt = 0; ; attempt++) {
    await row.click({ button: 'right' });
    const item = page.getByRole('menuitem', { name: label, exact: true }).first();
    if (
      await item.waitFor({ timeout: 2000 }).then(
        () => true,
        () => false,
      )
    )
      break;
    if (attempt >= 15) throw new Error(`"${label}" never appeared in the Runs view's context menu`);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
  }
  await h.clickMenuItem(page, label, { exact: true });
}

/** The confusion matrix as the page shows it: counts (rows actual, columns predicted) read from the cells. */
async function shownConfusion(frame) {
  return frame.locator('#confusion-matrix').evaluate((table) => {
    const rows = [];
    for (const cell of table.querySelectorAll('td[data-row]')) {
      const r = Number(cell.getAttribute('data-row'));
      const c = Number(cell.getAttribute('data-column'));
      (rows[r] ??= [])[c] = Number(cell.getAttribute('data-count'));
    }
    return rows;
  });
}

test('Evaluate a classifier: errors, into the Gates panel and back by a unit search, units, projection, ablation', async () => {
  const run = train('reviews.csv', '--steps', '60', '--hidden', '24', '--validate-every', '30');
  const runId = path.basename(run.runDir);
  const runAccuracy = bestValidationAccuracy(run.runDir);
  const page = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(page, 'evaluate', async () => {
      await h.openWorkbench(page);

      // 1. Evaluate Run from the Runs view's context menu.
      await runsViewMenu(page, runId, 'Evaluate Run');
      const evaluate = await h.webviewFrame(page, { title: /^Evaluate: reviews/, timeout: 120_000 });
      await evaluate.locator('#confusion-matrix td[data-row]').first().waitFor({ timeout: 300_000 });
      const matrix = await shownConfusion(evaluate);
      const total = matrix.flat().reduce((a, b) => a + b, 0);
      const right = matrix.reduce((sum, row, k) => sum + row[k], 0);
      assert.ok(matrix.length >= 2 && matrix.every((row) => row.length === matrix.length), 'a square matrix');
      assert.equal(
        Number((await evaluate.locator('#stat-examples .value').innerText()).replace(/\D/g, '')),
        total,
        'the matrix counts every validation example once',
      );
      const shownAccuracy = Number((await evaluate.locator('#stat-accuracy .value').innerText()).replace('%', ''));
      assert.ok(Math.abs(shownAccuracy - (100 * right) / total) < 0.051, `accuracy ${shownAccuracy}% = trace / total`);
      // The same split and checkpoint as the run's own best validation: the same accuracy.
      assert.ok(
        Math.abs(shownAccuracy - 100 * runAccuracy) < 0.051,
        `Evaluate's ${shownAccuracy}% is the run's best validation accuracy ${100 * runAccuracy}%`,
      );
      assert.ok(right < total, 'a 60-step model gets some reviews wrong');

      // 2. The first misclassified example into the Gates panel: that validation sample is recorded.
      const first = evaluate.locator('#misclassified li.example').first();
      const index = Number(await first.getAttribute('data-index'));
      await first.locator('.open-in-gates').click();
      const gates = await h.webviewFrame(page, { title: /^Gates: reviews/, timeout: 60_000 });
      await gates
        .locator('#recording-source')
        .filter({ hasText: new RegExp(`validation sample ${index + 1} of \\d+`, 'i') })
        .waitFor({ timeout: 120_000 });

      // 3. Select two units of h and a threshold, then Search the Data Set.
      await waitUntil('cells drawn', async () => Number(await gates.locator('#maps').getAttribute('data-drawn')) > 0);
      const search = gates.locator('#search-data-set');
      assert.equal(await search.isDisabled(), true, 'nothing selected: the search is off');
      for (const unit of [2, 5]) {
        const point = await gates.locator('body').evaluate((_, u) => window.__gatesPanel.cellPoint(0, 'h', u, 1), unit);
        assert.ok(point, `unit ${unit} of h is shown`);
        await gates.locator('#maps-scroller').click({ position: point, modifiers: ['ControlOrMeta'] });
      }
      await waitUntil('two units selected', async () =>
        (await gates.locator('#match-units').innerText()).includes('#5'),
      );
      await gates.locator('#match-threshold').fill('-0.9');
      await gates.locator('#match-signal').selectOption('h');
      await waitUntil('the search is enabled', async () => !(await search.isDisabled()));
      await search.click();
      let back = await h.webviewFrame(page, { title: /^Evaluate: reviews/, timeout: 60_000 });
      await waitUntil(
        'the Search tab',
        async () => (await back.locator('#tab-search').getAttribute('aria-selected')) === 'true',
      );
      await back.locator('#search-results tbody tr[data-sequence]').first().waitFor({ timeout: 120_000 });
      // A result opens in the Gates panel at its span: the cursor is on the span's first step.
      const result = back.locator('#search-results tbody tr[data-sequence]').first();
      const [sequence, start] = await result.evaluate((row) => [
        Number(row.dataset.sequence),
        Number(row.dataset.start),
      ]);
      await result.locator('.row-button').click();
      const gatesAgain = await h.webviewFrame(page, { title: /^Gates: reviews/, timeout: 60_000 });
      await gatesAgain
        .locator('#recording-source')
        .filter({ hasText: new RegExp(`validation sample ${sequence + 1} of \\d+`, 'i') })
        .waitFor({ timeout: 120_000 });
      await waitUntil(
        `the Gates cursor on step ${start}`,
        async () => (await gatesAgain.locator('#maps').getAttribute('data-cursor-step')) === String(start),
      );
      // Back to the Evaluate view (a hidden page is discarded: the frame is found again).
      back = await h.webviewFrame(page, { title: /^Evaluate: reviews/, timeout: 60_000 });
      await back.locator('#tab-units').waitFor({ timeout: 120_000 });

      // 4. Units: a regular expression → units with their correlation.
      await back.locator('#tab-units').click();
      // A word model reads lower-cased words without punctuation: a pattern over its words (the negative ones).
      await back.locator('#units-regex').fill('\\b(bad|poor|weak|dreadful|useless|disappointed|clumsy|abysmal)\\b');
      await back.locator('#units-regex').press('Enter');
      const unitRow = back.locator('#units-results tbody tr[data-unit]').first();
      await unitRow.waitFor({ timeout: 120_000 });
      const rText = await unitRow.locator('.r-cell .num').innerText();
      const r = Number(rText.replace('−', '-'));
      assert.ok(
        Number.isFinite(r) && Math.abs(r) > 0 && Math.abs(r) <= 1,
        `the best unit's correlation r in −1…1: ${rText}`,
      );

      // 5. Projection: PCA, then hover a point → its context.
      await back.locator('#tab-projection').click();
      await back.locator('#projection-run').click();
      const canvas = back.locator('#projection-canvas');
      await waitUntil('points drawn', async () => Number(await canvas.getAttribute('data-points')) > 0, 120_000);
      const target = await back.locator('body').evaluate(() => window.__evaluateProjection?.pointPosition(0));
      assert.ok(target, 'the projection says where point 0 is drawn');
      await canvas.hover({ position: target });
      await waitUntil(
        'a point’s context on hover',
        async () => (await back.locator('#projection-hover').innerText()).trim().length > 0,
      );

      // 6. Ablation: switch units 0–7 of h off → accuracy before ≠ after.
      await back.locator('#tab-ablation').click();
      await back.locator('#ablation-units').fill('0-7');
      await back.locator('#ablation-run').click();
      const accuracyRow = back.locator('#ablation-metrics tr[data-metric="accuracy"]');
      await accuracyRow.waitFor({ timeout: 300_000 });
      const [before, after] = await accuracyRow.evaluate((row) =>
        [...row.querySelectorAll('td')].slice(0, 2).map((cell) => cell.textContent?.trim() ?? ''),
      );
      assert.notEqual(before, after, `ablating 8 units changes the accuracy (${before} → ${after})`);
    });
  } finally {
    await page.close();
  }
});

test('Evaluate a character language model: the text coloured by loss, the worst contexts, a window reload', async () => {
  const run = train('fables.txt', '--task', 'lm', '--tokens', 'char', '--steps', '30', '--hidden', '16');
  const runId = path.basename(run.runDir);
  const page = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(page, 'evaluate-language-model', async () => {
      await h.openWorkbench(page);
      await runsViewMenu(page, runId, 'Evaluate Run');
      const evaluate = await h.webviewFrame(page, { title: /^Evaluate: fables/, timeout: 120_000 });
      // The first loss page: every token a span whose title gives its loss; a 30-step model is surprised
      // often, so some tokens carry a loss colour.
      const scored = evaluate.locator('#loss-text span[title$=" nats"]');
      await scored.first().waitFor({ timeout: 120_000 });
      const { tokens, coloured, losses } = await evaluate.locator('#loss-text').evaluate((text) => {
        const spans = [...text.querySelectorAll('span[title$=" nats"]')];
        return {
          tokens: spans.length,
          coloured: spans.filter((s) => /\bloss-\d\b/.test(s.className)).length,
          losses: spans.slice(0, 50).map((s) => Number(s.title.match(/: (\d+\.\d+) nats$/)?.[1])),
        };
      });
      assert.ok(tokens > 100, `the loss page shows the text's tokens (${tokens})`);
      assert.ok(coloured > 0, `some tokens are coloured by their loss (${coloured} of ${tokens})`);
      assert.ok(
        losses.every((loss) => Number.isFinite(loss) && loss >= 0),
        `each token's loss is a finite number of nats: ${losses.slice(0, 8).join(', ')}`,
      );
      const worst = evaluate.locator('#worst-contexts li');
      await worst.first().waitFor({ timeout: 60_000 });
      assert.ok((await worst.count()) > 0, 'the worst contexts are listed');
      assert.ok((await worst.first().innerText()).trim().length > 0, 'a worst context shows its text');

      // A window reload brings the panel back through its serializer: the same run's session opens again
      // (the host's record under the key the page saved) and the page keeps its tab.
      await evaluate.locator('#tab-units').click();
      await h.reloadWindow(page);
      const restored = await h.webviewFrame(page, { title: /^Evaluate: fables/, timeout: 90_000 });
      await waitUntil(
        'the restored panel on its Units tab',
        async () =>
          (await restored.locator('#tab-units').getAttribute('aria-selected')) === 'true' &&
          (await restored.locator('#tab-units').isVisible()),
        120_000,
      );
      await restored.locator('#tab-errors').click();
      await restored.locator('#loss-text span[title$=" nats"]').first().waitFor({ timeout: 120_000 });
    });
  } finally {
    await page.close();
  }
});
