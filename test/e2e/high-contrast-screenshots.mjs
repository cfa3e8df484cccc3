// Screenshots of the panels in VS Code's two high-contrast themes (issue 18, item 4), to look at: the
// New Training Run form, the Training panel, the checkpoint editor, the Gates and Prediction panels and
// the Runs table, each in Dark High Contrast (`hc-black`) and Light High Contrast (`hc-light`), from a
// tiny run trained here. Not a test (nothing to assert about readability a script can judge): a person
// looks at test-artifacts/high-contrast/*.png.
//
//   npm run build && npm run vsix && node test/e2e/high-contrast-screenshots.mjs
import fs from 'node:fs';
import path from 'node:path';
import * as h from './harness.mjs';

const VSIX = path.join(h.REPO_ROOT, 'lstm-studio.vsix');
const DATASET = 'reviews.csv';
const OUT = h.artifactDir('high-contrast');
/** [file suffix, setting value of `workbench.colorTheme`, the webview body's class, the theme's name]. */
const THEMES = [
  ['hc-black', 'Default High Contrast', 'vscode-high-contrast', 'Dark High Contrast'],
  ['hc-light', 'Default High Contrast Light', 'vscode-high-contrast-light', 'Light High Contrast'],
];

function tinyDataset() {
  const lines = fs.readFileSync(path.join(h.REPO_ROOT, 'examples/sentiment/reviews.csv'), 'utf8').split('\n');
  return `${lines.slice(0, 161).join('\n')}\n`;
}

async function shoot(page, frame, name, theme) {
  await frame.locator(`body.${theme[2]}`).waitFor({ timeout: 30_000 });
  await h.sleep(1500); // charts redraw with the theme's colours
  const file = path.join(OUT, `${name}-${theme[0]}.png`);
  await page.screenshot({ path: file });
  console.log(`[hc] ${file}`);
}

/** Picks a colour theme with *Preferences: Color Theme* (a settings.json change is not seen at once). */
async function setTheme(page, theme) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('F1');
  await input.waitFor();
  await input.fill('>Preferences: Color Theme');
  await page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name').getByText('Preferences: Color Theme', { exact: true }) })
    .first()
    .click();
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dark Modern' }).first().waitFor();
  await input.fill(theme[3]);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: theme[3] }).first().click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

fs.mkdirSync(OUT, { recursive: true });
const server = await h.startCodeServer({
  workspaceFiles: { [DATASET]: tinyDataset() },
  vsixPath: VSIX,
  settings: { 'workbench.colorTheme': THEMES[0][1] },
});
const browser = await h.launchBrowser();
const page = await h.newPage(browser);
try {
  await h.openWorkbench(page);
  const panels = [];
  const theme = THEMES[0];
  await h.rightClickExplorerItem(page, DATASET, 'Train LSTM with Settings…');
  let form = await h.webviewFrame(page, { title: 'New Training Run', timeout: 60_000 });
  await form.locator('#timing').filter({ hasText: /\d/ }).waitFor({ timeout: 90_000 });
  await form.locator('#setting-hiddenSize').focus(); // a focus outline in the picture
  await shoot(page, form, 'new-run', theme);
  panels.push(['new-run', { title: 'New Training Run' }, '#timing']);
  await form.locator('#setting-hiddenSize').fill('8');
  await form.locator('#setting-epochs').fill('2');
  await form.locator('#train:not([disabled])').waitFor({ timeout: 60_000 });
  await form.locator('#train').click();

  const training = await h.webviewFrame(page, { title: /reviews/, timeout: 60_000 });
  await training.locator('[data-status="finished"]').waitFor({ timeout: 240_000 });
  await shoot(page, training, 'training', theme);
  panels.push(['training', { title: /^Training: reviews/ }, '[data-status="finished"]']);

  await training.locator('#open-best').click();
  const checkpoint = await h.webviewFrame(page, { title: /best\.safetensors/, timeout: 60_000 });
  await checkpoint.locator('#model-card').waitFor({ timeout: 60_000 });
  await shoot(page, checkpoint, 'checkpoint-editor', theme);
  panels.push(['checkpoint-editor', { title: /best\.safetensors/ }, '#model-card']);

  await checkpoint.locator('#action-inspect-gates').click();
  const gates = await h.webviewFrame(page, { title: /^Gates:/, timeout: 60_000 });
  await gates.locator('#maps:not([data-drawn="0"])').waitFor({ timeout: 90_000 });
  await shoot(page, gates, 'gates', theme);
  panels.push(['gates', { title: /^Gates:/ }, '#maps:not([data-drawn="0"])']);

  const again = await h.webviewFrame(page, { title: /best\.safetensors/, timeout: 60_000 });
  await again.locator('#action-predict').click();
  const prediction = await h.webviewFrame(page, { title: 'Prediction', timeout: 60_000 });
  const input = prediction.locator('textarea, [contenteditable]').first();
  await input.waitFor({ timeout: 60_000 });
  await input.fill('The acting is superb and the story is wonderful, although the ending was dull.');
  await prediction.locator('#predict').click();
  await prediction.locator('#label').waitFor({ timeout: 60_000 });
  await shoot(page, prediction, 'prediction', theme);
  panels.push(['prediction', { title: 'Prediction' }, '#label']);

  await h.runCommandWhenListed(page, 'LSTM Studio: Open Runs Table');
  const table = await h.webviewFrame(page, { title: 'Runs Table', timeout: 60_000 });
  await table.locator('#runs-table tbody tr[data-run-id]').first().waitFor({ timeout: 60_000 });
  await shoot(page, table, 'runs-table', theme);
  panels.push(['runs-table', { title: 'Runs Table' }, '#runs-table tbody tr[data-run-id]']);

  for (const next of THEMES.slice(1)) {
    await setTheme(page, next);
    await page.locator('.monaco-workbench.hc-light').waitFor({ timeout: 60_000 });
    for (const [name, where, ready] of panels) {
      const frame = await h.webviewFrame(page, { ...where, timeout: 60_000 });
      await frame.locator(ready).first().waitFor({ timeout: 60_000 });
      await shoot(page, frame, name, next);
    }
  }
} catch (error) {
  await page.screenshot({ path: path.join(OUT, 'failure.png') }).catch(() => {});
  throw error;
} finally {
  await browser.close();
  await server.stop();
}
