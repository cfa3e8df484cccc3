// The Gates and Training panels from the keyboard alone, in a real VS Code (code-server) driven by headless
// Chromium: inside the webviews only page.keyboard (no mouse) —
//   1. Gates (a tiny model trained with the CLI): Tab reaches the maps; the arrow keys move the cursor cell,
//      the aria-live region says its unit and step (the order the panel shows) and the tooltip shows the
//      same cell; Enter charts the unit, Escape clears it;
//   2. Training (reviews.csv from the Explorer): Tab reaches the loss chart, ArrowRight says a point
//      ("step N, <series> <value>"); Shift+Tab reaches Pause, Enter pauses the run;
//   3. screenshots of both panels with the keyboard cursor in Dark Modern, Light Modern and Dark High
//      Contrast (test-artifacts/keyboard/; UPDATE_SCREENSHOTS=1 also writes them to docs/images/).
//   npm run build && npm run vsix && node --test --test-concurrency=1 --test-timeout=1500000 test/e2e/keyboard.e2e.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as h from './harness.mjs';

const VSIX = path.join(h.REPO_ROOT, 'lstm-studio.vsix');
const CLI = path.join(h.REPO_ROOT, 'bin/lstm-studio.js');
const EXAMPLES = path.join(h.REPO_ROOT, 'examples');

const e2e = h.useCodeServer({
  workspaceFiles: {
    'fables.txt': fs.readFileSync(path.join(EXAMPLES, 'text/fables.txt'), 'utf8'),
    'reviews.csv': fs.readFileSync(path.join(EXAMPLES, 'sentiment/reviews.csv'), 'utf8'),
  },
  vsixPath: () => {
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run build && npm run vsix first`);
    return VSIX;
  },
  // A long run, so it is still running when the test pauses it.
  settings: { 'lstmStudio.epochs': 400 },
});

/** [file suffix, the theme's name in *Preferences: Color Theme*, the webview body's class in it]. */
const THEMES = [
  ['dark', 'Dark Modern', 'body.vscode-dark'],
  ['light', 'Light Modern', 'body.vscode-light'],
  ['high-contrast', 'Dark High Contrast', 'body.vscode-high-contrast'],
];

async function waitUntil(what, fn, timeout = 60_000) {
  const start = Date.now();
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The id of the element focused inside the webview ('' for none; null when the webview has no focus). */
function focusedId(frame) {
  return frame.locator('body').evaluate(() => (document.hasFocus() ? document.activeElement?.id || '' : null));
}

/** Presses Tab (or Shift+Tab) until the element `id` in the webview has the focus; returns the presses. */
async function tabTo(page, frame, id, { back = false, max = 60 } = {}) {
  const seen = [];
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const now = await focusedId(frame);
    seen.push(now);
    if (now === id) return presses;
  }
  throw new Error(`${back ? 'Shift+Tab' : 'Tab'} never reached #${id}; focus went ${JSON.stringify(seen)}`);
}

/** Waits until a live region's text matches (a RegExp or a predicate), and returns it. */
async function announced(frame, selector, expected) {
  const region = frame.locator(selector);
  const matches = typeof expected === 'function' ? expected : (text) => expected.test(text);
  return waitUntil(
    `${selector} to say ${expected}`,
    async () => {
      const text = (await region.textContent()).trim();
      return matches(text) ? text : undefined;
    },
    10_000,
  );
}

/** A number the panel shows (`data-count`, or the element's text). */
async function count(frame, selector) {
  const el = frame.locator(selector);
  return Number((await el.getAttribute('data-count')) ?? (await el.textContent()));
}

/** Switches the colour theme from the palette, with the keyboard. */
async function colorTheme(page, label) {
  await h.runCommandWhenListed(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: 30_000 });
  await input.fill(label);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().waitFor();
  await page.keyboard.press('Enter');
}

/**
 * A screenshot of the webview's editor area in each theme, with the keyboard cursor shown again after the
 * switch: notifications cleared, focus back on `focusId` (Tab), `keys` pressed there, `focusId` scrolled
 * to the middle of the page.
 */
async function themedScreenshots(page, frame, name, focusId, keys) {
  for (const [theme, label, bodyClass] of THEMES) {
    await colorTheme(page, label);
    await frame.locator(bodyClass).waitFor({ timeout: 30_000 });
    await h.runCommandFromPalette(page, 'Notifications: Clear All Notifications').catch(() => {});
    await page.waitForTimeout(700);
    if ((await focusedId(frame)) !== focusId) await tabTo(page, frame, focusId);
    for (const key of keys) await page.keyboard.press(key);
    await frame.locator(`#${focusId}`).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(400);
    const box = await page.locator('.editor-group-container.active .editor-container').boundingBox();
    const file = `${name}-keyboard-${theme}.png`;
    const target = path.join(h.artifactDir('keyboard'), file);
    await page.screenshot({ path: target, clip: box ?? undefined });
    if (process.env.UPDATE_SCREENSHOTS === '1') fs.copyFileSync(target, path.join(h.REPO_ROOT, 'docs/images', file));
  }
}

test('Gates panel and Training panel from the keyboard alone', async () => {
  const out = path.join(e2e.server.workspaceDir, '.lstm-studio/runs');
  const lines = execFileSync(
    process.execPath,
    [
      CLI,
      'train',
      path.join(e2e.server.workspaceDir, 'fables.txt'),
      '--out',
      out,
      '--json',
      '--steps',
      '5',
      '--hidden',
      '16',
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  )
    .trim()
    .split('\n');
  const run = JSON.parse(lines[lines.length - 1]).runDir;
  const page = await h.newPage(e2e.browser, { viewport: { width: 1300, height: 1000 } });
  try {
    await h.screenshotOnFailure(page, 'keyboard', async () => {
      await h.openWorkbench(page);
      await h.runCommandFromPalette(page, 'View: Close Primary Side Bar').catch(() => {});

      // ── Gates ──────────────────────────────────────────────────────────────────────────────────────
      await h.runCommandWhenListed(page, 'LSTM Studio: Inspect Gates');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ timeout: 30_000 });
      await input.fill(path.basename(run));
      await page
        .locator('.quick-input-widget .monaco-list-row', { hasText: path.basename(run) })
        .first()
        .waitFor();
      await page.keyboard.press('Enter');
      const gates = await h.webviewFrame(page, { title: 'Gates: fables (last)', timeout: 60_000 });
      await gates
        .locator('#recording-source')
        .filter({ hasText: /validation sample 1 of/i })
        .waitFor({ timeout: 120_000 });
      await waitUntil('cells drawn', async () => Number(await gates.locator('#maps').getAttribute('data-drawn')) > 0);

      const presses = await tabTo(page, gates, 'maps-scroller');
      assert.equal(await gates.locator('#maps-scroller').getAttribute('role'), 'application');
      assert.match(await gates.locator('#maps-scroller').getAttribute('aria-label'), /Arrow keys move between cells/);
      // Focus from the keyboard puts the cursor on the first cell of the first map (i of layer 1).
      const order = await gates.locator('body').evaluate(() => window.__gatesPanel.order(0));
      await announced(gates, '#gates-announcer', new RegExp(`unit ${order[0]} · step 0\\b`));
      for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowDown'])
        await page.keyboard.press(key);
      const said = await announced(
        gates,
        '#gates-announcer',
        new RegExp(`^Layer 1 · unit ${order[2]} · step 3 · .+: i `),
      );
      // The tooltip shows the same cell, as a hover would.
      const tooltip = gates.locator('#gate-tooltip');
      assert.equal(await tooltip.isVisible(), true);
      assert.equal(await tooltip.getAttribute('data-step'), '3');
      assert.equal(await tooltip.getAttribute('data-unit'), String(order[2]));
      assert.equal(await tooltip.getAttribute('data-signal'), 'i');
      // …and the value said is the tooltip's value of that signal.
      const value = (await tooltip.locator('.tooltip-value.emphasis').textContent()).trim();
      assert.ok(said.endsWith(` ${value}`), `"${said}" ends with the tooltip's value ${value}`);
      // End: the last step; Page Down: the next map (f), same row.
      await page.keyboard.press('End');
      const steps = await gates.locator('body').evaluate(() => window.__gatesPanel.recording().steps);
      await announced(gates, '#gates-announcer', new RegExp(`step ${steps - 1} · `));
      await page.keyboard.press('PageDown');
      await announced(gates, '#gates-announcer', /: f /);
      assert.equal(await tooltip.getAttribute('data-signal'), 'f');
      await page.keyboard.press('Home');
      await announced(gates, '#gates-announcer', / step 0 · .+: f /);
      // Enter charts the unit under the cursor (as a click does); Escape clears it.
      await page.keyboard.press('Enter');
      await announced(gates, '#gates-announcer', new RegExp(`^Layer 1 unit ${order[2]} charted$`));
      const focus = await gates.locator('body').evaluate(() => window.__gatesPanel.settings().focus);
      assert.deepEqual(focus, { layer: 0, unit: order[2] });
      await page.keyboard.press('Escape');
      await announced(gates, '#gates-announcer', /^Chart and selection cleared$/);
      assert.equal(await gates.locator('body').evaluate(() => window.__gatesPanel.settings().focus), null);
      // Ctrl+Enter adds the unit to the selection (the threshold highlight).
      await page.keyboard.press('Control+Enter');
      await announced(gates, '#gates-announcer', new RegExp(`unit ${order[2]} added to the selection$`));
      const match = await gates.locator('body').evaluate(() => window.__gatesPanel.settings().match);
      assert.deepEqual(match.units, [order[2]]);
      console.log(`[keyboard] gates: ${presses} Tab presses to the maps; said "${said}"`);
      await page.keyboard.press('Enter');
      await themedScreenshots(page, gates, 'gates', 'maps-scroller', ['ArrowRight']);
      // The Training panel gets the whole width.
      await h.runCommandFromPalette(page, 'View: Close All Editors').catch(() => {});

      // ── Training ───────────────────────────────────────────────────────────────────────────────────
      await h
        .runCommandFromPalette(page, 'View: Open Explorer')
        .catch(() => h.runCommandFromPalette(page, 'View: Show Explorer'));
      await h.rightClickExplorerItem(page, 'reviews.csv', 'Train LSTM on This Dataset');
      const start = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Train:' }).first();
      await start.waitFor({ timeout: 60_000 });
      await page.keyboard.press('Enter');
      await h.runCommandFromPalette(page, 'View: Close Primary Side Bar').catch(() => {});
      const training = await h.webviewFrame(page, { title: 'Training: reviews.csv', timeout: 60_000 });
      await training.locator('#status', { hasText: 'running' }).waitFor({ timeout: 60_000 });
      await waitUntil('training points', async () => (await count(training, '#points-loss')) > 5);
      await tabTo(page, training, 'chart-loss');
      assert.equal(await training.locator('#chart-loss').getAttribute('role'), 'application');
      await announced(training, '#chart-loss-announcer', /^step \d+, .+ \d/);
      await page.keyboard.press('ArrowRight');
      const point = await announced(training, '#chart-loss-announcer', /^step [1-9][\d,.\s\u00a0\u202f]*, .+ -?\d/);
      await page.keyboard.press('End');
      await announced(training, '#chart-loss-announcer', (text) => text !== point && /^step \d/.test(text));
      // Back to the run's buttons: Pause, then Enter.
      await tabTo(page, training, 'pause', { back: true });
      await page.keyboard.press('Enter');
      await training.locator('#status', { hasText: 'paused' }).waitFor({ timeout: 60_000 });
      console.log(`[keyboard] training: said "${point}", then paused`);
      await tabTo(page, training, 'chart-loss');
      await themedScreenshots(page, training, 'training', 'chart-loss', ['Home', 'PageDown', 'PageDown', 'PageDown']);
    });
  } finally {
    await page.close();
  }
});
