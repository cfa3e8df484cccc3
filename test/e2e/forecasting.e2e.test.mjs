// Forecasting in the editor (issue #16), one user story in a real VS Code (code-server) driven by headless
// Chromium: the bundled long-format example (examples/series/stores.csv: one row per store and day) →
// right-click → "Train LSTM with Settings…" → a quantile forecaster with a backtest, short settings → the
// Training panel shows the naive baselines on the metric chart, the table against them, the header's
// comparison and the final model's backtest per origin; then two stores' recent rows selected in a CSV →
// Predict on Selection → the forecast's interval band is drawn (the last store's), the other store is
// picked from the series picker (the worker forecasts its rows), and Insert quantiles writes the quantile
// rows after the selection (read back from the saved file). Gate Heatmaps from there opens the Gates panel
// on a validation sample of the picked store; its series picker records another store's. A wide table
// (date, store_1…store_3) is trained from the form with *Wide table* shown as detected, and Predict on
// Selection of its rows forecasts the first column, with the same series picker.
//   npm run vsix && node --test --test-concurrency=1 --test-timeout=1500000 test/e2e/forecasting.e2e.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as h from './harness.mjs';

const VSIX = path.join(h.REPO_ROOT, 'lstm-studio.vsix');
const EXAMPLE = path.join(h.REPO_ROOT, 'examples/series/stores.csv');
const DATASET = 'stores.csv';
const SELECTION = 'recent.csv';
// Days a forecast looks ahead (the model forecasts its horizon with the calendar known; it does not roll).
const HORIZON = 7;
// What the panels looked like in the real workbench, for a person to check (not compared by the test).
const SHOTS = h.artifactDir('forecasting-screens');

const storeRows = fs.readFileSync(EXAMPLE, 'utf8').trimEnd().split('\n');
const header = storeRows[0];
const seriesColumn = header.split(',').indexOf('store');
const stores = [...new Set(storeRows.slice(1).map((row) => row.split(',')[seriesColumn]))];
// The last 60 days of the first two stores, with the header: what a user selects to compare them.
const [firstStore, secondStore] = stores;
const lastDays = (store) => storeRows.filter((row) => row.split(',')[seriesColumn] === store).slice(-60);
const recent = [...lastDays(firstStore), ...lastDays(secondStore)];

// A small wide table: a date and three series columns, each its own level and weekly swing.
const WIDE = 'wide.csv';
const WIDE_HORIZON = 5;
const wideRows = ['date,store_1,store_2,store_3'];
for (let d = 0; d < 200; d++) {
  const date = new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);
  const values = [1, 2, 3].map((s) => (10 * s + s * Math.sin((2 * Math.PI * d) / 7) + ((d * s) % 5) * 0.1).toFixed(2));
  wideRows.push([date, ...values].join(','));
}

const e2e = h.useCodeServer({
  workspaceFiles: {
    [DATASET]: `${storeRows.join('\n')}\n`,
    [SELECTION]: `${[header, ...recent].join('\n')}\n`,
    [WIDE]: `${wideRows.join('\n')}\n`,
  },
  vsixPath: () => {
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run vsix first`);
    return VSIX;
  },
});

async function waitUntil(what, fn, timeout = 120_000) {
  const start = Date.now();
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await h.sleep(300);
  }
}

/** Opens a workspace file in the first editor group and selects all of its text with the keyboard. */
async function openAndSelectAll(page, name) {
  await h.runCommandFromPalette(page, 'View: Focus First Editor Group');
  await h.explorerRow(page, name).click();
  await page.locator('.editor-group-container.active .tab.active', { hasText: name }).waitFor();
  const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  await editor.click();
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

/** A workspace file's text once VS Code has saved it (see prediction.e2e.test.mjs: a save is several round trips). */
async function savedText(page, name, before) {
  let previous;
  return waitUntil(`the saved ${name}`, async () => {
    const text = fs.readFileSync(path.join(e2e.server.workspaceDir, name), 'utf8');
    const dirtyTabs = await page.locator('.tabs-container .tab.dirty', { hasText: name }).count();
    const settled = text !== before && dirtyTabs === 0 && text === previous;
    previous = text;
    return settled ? text : undefined;
  });
}

test('forecasting: train a long-format file with quantiles and a backtest, see the baselines and the backtest, forecast a selection with its interval band, pick another series, insert the quantiles, follow the series in the Gates panel, train and forecast a wide table', async () => {
  const page = await h.newPage(e2e.browser);
  const started = performance.now();
  try {
    await h.screenshotOnFailure(page, 'forecasting', async () => {
      await h.openWorkbench(page);

      // ── Train from the Explorer: the form detects the series, a quantile head and a backtest, short settings.
      await h.rightClickExplorerItem(page, DATASET, 'Train LSTM with Settings…');
      const form = await h.webviewFrame(page, { title: 'New Training Run', timeout: 60_000 });
      await form.locator('#detected-task', { hasText: /forecast/i }).waitFor({ timeout: 60_000 });
      await form.locator('#setting-distribution').selectOption('quantile');
      await form.locator('#setting-backtest').fill('3');
      await form.locator('#setting-horizon').fill(String(HORIZON));
      await form.locator('#setting-hiddenSize').fill('16');
      await form.locator('#setting-maxSteps').fill('60');
      await form.locator('#setting-validateEverySteps').fill('30');
      await form.locator('#train', { hasText: /train/i }).waitFor();
      await waitUntil('Train enabled', async () => !(await form.locator('#train').isDisabled()), 60_000);
      await form.locator('#train').click();

      // ── The Training panel: baselines on the metric chart and in the table, the header's comparison, the backtest.
      const training = await h.webviewFrame(page, { title: /^Training: stores\.csv/, timeout: 60_000 });
      await training.locator('#status', { hasText: 'finished' }).waitFor({ timeout: 300_000 });
      const legend = await training.locator('#legend-metric').textContent();
      assert.match(legend, /naive.*seasonal naive.*drift/s, 'the baselines are in the metric chart legend');
      const drawn = await training.locator('body').evaluate(() => window.__trainingPanel.baselineKeys());
      assert.deepEqual(drawn, ['naive', 'seasonalNaive', 'drift']);
      const rows = await training.locator('#baselines-table tbody tr').allInnerTexts();
      assert.equal(rows.length, 4, `the model and three baselines: ${rows.join(' | ')}`);
      assert.match(rows[0], /^model\s+\d/);
      assert.match(
        await training.locator('#baseline-comparison').textContent(),
        /^Model (beats|does not beat) (naive|seasonal naive|drift), the best baseline/,
      );
      await training.locator('#card-backtest').waitFor();
      const origins = await training.locator('#backtest-table tbody tr').count();
      assert.equal(origins, 3, 'one row per backtest origin');
      assert.match(await training.locator('#backtest-caption').textContent(), /^3 origins, the final model: /);
      assert.ok(await training.locator('#chart-backtest').isVisible(), 'the per-origin chart');
      fs.mkdirSync(SHOTS, { recursive: true });
      await training.locator('#card-baselines').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, 'training.png') });

      // ── Predict on a selection of one store's rows: the interval band after the history.
      await openAndSelectAll(page, SELECTION);
      await h.editorContextMenu(page, 'Predict on Selection');
      // The first prediction asks for a model: the run just trained.
      const modelRow = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'stores.csv' }).first();
      await modelRow.waitFor({ timeout: 30_000 });
      await modelRow.click();
      const prediction = await h.webviewFrame(page, { title: 'Prediction', timeout: 60_000 });
      await prediction.locator('#forecast-chart[data-band="0.8"]').waitFor({ timeout: 60_000 });
      assert.match(await prediction.locator('#forecast-chart').getAttribute('aria-label'), /80 % interval/);
      const levels = JSON.parse(await prediction.locator('#forecast-values').getAttribute('data-quantile-levels'));
      assert.deepEqual(levels, [0.1, 0.5, 0.9]);
      // The selection's last series is forecast first.
      assert.match(await prediction.locator('h2', { hasText: 'Next' }).textContent(), new RegExp(`${secondStore}$`));

      // ── The other store from the picker: the worker forecasts that store's rows of the selection.
      const picker = prediction.locator('#forecast-series');
      const ids = await picker.locator('option').allTextContents();
      assert.deepEqual(ids, [firstStore, secondStore], 'the picker lists the series the selection holds rows of');
      const other = firstStore;
      const before = await prediction.locator('#forecast-values').getAttribute('data-values');
      await picker.selectOption(other);
      await prediction.locator('h2', { hasText: new RegExp(`· store ${other}$`) }).waitFor({ timeout: 60_000 });
      await prediction.locator('#forecast-chart[data-band="0.8"]').waitFor();
      assert.equal(await prediction.locator('#forecast-series').inputValue(), other);
      const after = await prediction.locator('#forecast-values').getAttribute('data-values');
      assert.notEqual(after, before, 'another series, another forecast');

      // ── Insert quantiles: a row per step after the selection, a column per quantile; read back from disk.
      const original = fs.readFileSync(path.join(e2e.server.workspaceDir, SELECTION), 'utf8');
      const horizon = JSON.parse(after).length;
      assert.equal(horizon, HORIZON, 'the trained horizon');
      await prediction.locator('#insert-quantiles').click();
      await h.runCommandFromPalette(page, 'File: Save All Files');
      const saved = await savedText(page, SELECTION, original);
      const added = saved.slice(original.trimEnd().length).trim().split('\n');
      assert.equal(added.length, horizon, `one row per forecast step: ${added.join(' | ')}`);
      for (const row of added) {
        // The store, the date, then each quantile in ascending order.
        const [store, date, ...quantiles] = row.split(',');
        assert.equal(store, other, `the picked store's rows: ${row}`);
        assert.match(date, /^\d{4}-\d{2}-\d{2}$/);
        assert.equal(quantiles.length, levels.length, `a column per quantile: ${row}`);
        const numbers = quantiles.map(Number);
        assert.ok(
          numbers.every((v, q) => Number.isFinite(v) && (q === 0 || v >= numbers[q - 1])),
          `ascending: ${row}`,
        );
      }
      await page.screenshot({ path: path.join(SHOTS, 'prediction.png') });

      // ── Gate Heatmaps with the picked (non-default) store: the Gates panel records a sample of that store.
      await prediction.locator('#open-gates').click();
      const gates = await h.webviewFrame(page, { title: /^Gates: /, timeout: 60_000 });
      const recorded = (store) =>
        waitUntil(`a recording of store ${store}`, async () => {
          const source = await gates.locator('body').evaluate(() => window.__gatesPanel.recording()?.source);
          return source?.includes(`of series '${store}'`) ? source : undefined;
        });
      const firstSource = await recorded(other);
      const gatesPicker = gates.locator('#gates-series');
      await gatesPicker.waitFor();
      assert.equal(await gatesPicker.inputValue(), other, 'the Gates panel opens on the store picked');
      assert.deepEqual(await gatesPicker.locator('option').allTextContents(), stores, "the model's stores");
      // ── Another store in the Gates panel: recorded again, the recording is that store's.
      const third = stores[2];
      await gatesPicker.selectOption(third);
      const thirdSource = await recorded(third);
      assert.notEqual(thirdSource, firstSource, 'another store, another recording');
      assert.equal(await gatesPicker.inputValue(), third);
      await page.screenshot({ path: path.join(SHOTS, 'gates-series.png') });

      // ── A wide table from the form: Wide table shown as detected, with the reason.
      await h.rightClickExplorerItem(page, WIDE, 'Train LSTM with Settings…');
      const wideForm = await h.webviewFrame(page, { title: 'New Training Run', timeout: 60_000 });
      await wideForm.locator('#detected-task', { hasText: /wide format, 3 series/ }).waitFor({ timeout: 60_000 });
      const wideSwitch = wideForm.locator('#switch-wide');
      assert.equal(await wideSwitch.inputValue(), '', 'Wide is left to detection');
      assert.equal(await wideSwitch.locator('option').first().textContent(), 'detected: on');
      assert.match(
        await wideForm.locator('#switch-wide-note').textContent(),
        /one series each \(wide format, 3 series\)/,
      );
      await wideForm.locator('#setting-horizon').fill(String(WIDE_HORIZON));
      await wideForm.locator('#setting-seqLen').fill('14');
      await wideForm.locator('#setting-hiddenSize').fill('8');
      await wideForm.locator('#setting-maxSteps').fill('30');
      await waitUntil('Train enabled', async () => !(await wideForm.locator('#train').isDisabled()), 60_000);
      await wideForm.locator('#train').click();
      const wideTraining = await h.webviewFrame(page, { title: /^Training: wide\.csv/, timeout: 60_000 });
      await wideTraining.locator('#status', { hasText: 'finished' }).waitFor({ timeout: 300_000 });

      // ── Predict on Selection of its rows (with the header) with the wide model: the first column's forecast.
      const predictionAgain = await h.webviewFrame(page, { title: 'Prediction', timeout: 60_000 });
      await predictionAgain.locator('#switch-model').click();
      const wideModel = page.locator('.quick-input-widget .monaco-list-row', { hasText: WIDE }).first();
      await wideModel.waitFor({ timeout: 30_000 });
      await wideModel.click();
      await openAndSelectAll(page, WIDE);
      await h.editorContextMenu(page, 'Predict on Selection');
      const widePrediction = await h.webviewFrame(page, { title: 'Prediction', timeout: 60_000 });
      await widePrediction.locator('h2', { hasText: /· series store_1$/ }).waitFor({ timeout: 60_000 });
      const wideValues = JSON.parse(await widePrediction.locator('#forecast-values').getAttribute('data-values'));
      assert.equal(wideValues.length, WIDE_HORIZON, 'the wide model forecasts its horizon');
      assert.deepEqual(
        await widePrediction.locator('#forecast-series option').allTextContents(),
        ['store_1', 'store_2', 'store_3'],
        "the picker offers the table's series columns",
      );
      await page.screenshot({ path: path.join(SHOTS, 'prediction-wide.png') });
      console.log(
        `forecasting e2e: ${((performance.now() - started) / 1000).toFixed(0)} s; inserted ${added[0]}; wide forecast ${wideValues.join(', ')}`,
      );
    });
  } finally {
    await page.close();
  }
});
