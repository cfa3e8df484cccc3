// The New Training Run form in a real VS Code (code-server) driven by headless Chromium: a CSV whose
// column names say nothing to detection (`body_html`, `verdict`, beside a numeric `id` and a `notes`
// text column) → right-click → "Train LSTM with Settings…" → pick the columns in the dropdowns, change
// three settings, see a bad value refused with its reason, copy the command line, save the configuration,
// take the form's screenshots in the dark and light themes, train and wait for the run to finish in the
// Training panel; then run the copied command line with the real CLI and check that it trained the same
// run (run.json `config` and `dataset.overrides` equal).
//   npm run package && node --test test/e2e/new-run-form.e2e.test.mjs      (after scripts/setup-e2e.sh)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as h from './harness.mjs';

const VSIX = path.join(h.REPO_ROOT, 'lstm-studio.vsix');
const CLI = path.join(h.REPO_ROOT, 'bin/lstm-studio.js');
const DATASET = 'moderation.csv';
// The docs' screenshots are rewritten only when asked (E2E_DOC_IMAGES=1); otherwise they go with the artifacts.
const IMAGES =
  process.env.E2E_DOC_IMAGES === '1' ? path.join(h.REPO_ROOT, 'docs/images') : h.artifactDir('new-run-form');

/** ~200 rows: the text in `body_html`, the label in `verdict`, and two columns to distract detection. */
function moderationCsv() {
  const good = ['great', 'helpful', 'kind', 'clear', 'lovely', 'useful'];
  const bad = ['spam', 'rude', 'scam', 'abusive', 'junk', 'offensive'];
  const rows = ['id,body_html,verdict,notes'];
  for (let i = 0; i < 200; i++) {
    const keep = i % 2 === 0;
    const words = keep ? good : bad;
    const body = `<p>a ${words[i % 6]} and ${words[(i * 5) % 6]} post, ${words[(i * 7) % 6]} indeed</p>`;
    const notes = `reviewed by moderator ${i % 7} on shift ${i % 3}, ticket ${1000 + i}`;
    rows.push(`${1000 + i},"${body}",${keep ? 'keep' : 'remove'},"${notes}"`);
  }
  return `${rows.join('\n')}\n`;
}

const e2e = h.useCodeServer({
  workspaceFiles: { [DATASET]: moderationCsv() },
  vsixPath: () => {
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package first`);
    return VSIX;
  },
});

function runFolders() {
  const root = path.join(e2e.server.workspaceDir, '.lstm-studio/runs');
  return fs.existsSync(root) ? fs.readdirSync(root).map((name) => path.join(root, name)) : [];
}

async function waitUntil(what, fn, timeout = 120_000) {
  const start = Date.now();
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await h.sleep(300);
  }
}

/** A POSIX command line's words (what `shellWord` quotes: plain words and '…' with '\'' inside). */
function shellWords(line) {
  const words = [];
  let word = null;
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (c === "'") {
      const end = line.indexOf("'", k + 1);
      word = (word ?? '') + line.slice(k + 1, end);
      k = end;
    } else if (c === '\\') {
      word = (word ?? '') + line[++k];
    } else if (c === ' ') {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? '') + c;
  }
  if (word !== null) words.push(word);
  return words;
}

/** Switches the color theme as a user does: the palette's *Preferences: Color Theme* and its picker. */
async function colorTheme(page, name) {
  await h.runCommandFromPalette(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await h.sleep(1000); // the webview takes the new theme's variables
}

test('the New Training Run form: columns and settings from dropdowns and fields, command line, configuration, train; the CLI trains the same run', async () => {
  const page = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(
      page,
      'new-run-form',
      async () => {
        await h.openWorkbench(page);
        await h.rightClickExplorerItem(page, DATASET, 'Train LSTM with Settings…');
        const form = await h.webviewFrame(page, { title: 'New Training Run', timeout: 60_000 });

        // The preview shows the file as parsed, each column with the type detection sees.
        await form.locator('#preview th', { hasText: 'body_html' }).waitFor({ timeout: 60_000 });
        assert.match(
          await form.locator('#preview thead').textContent(),
          /id\s*numeric.*body_html\s*text.*verdict\s*label/s,
        );
        assert.match(await form.locator('#detected-task').textContent(), /classification/);

        // The column mapping, from the dropdowns.
        await form.locator('#column-textColumn').selectOption('body_html');
        await form.locator('#column-labelColumn').selectOption('verdict');

        // A bad value: its reason beside the field, and Train off.
        await form.locator('#setting-hiddenSize').fill('0');
        await form
          .locator('#setting-hiddenSize-error', { hasText: 'hiddenSize must be an integer in [1, 4096]' })
          .waitFor();
        assert.equal(await form.locator('#setting-hiddenSize').getAttribute('aria-invalid'), 'true');
        assert.equal(await form.locator('#train').isDisabled(), true);

        // Three settings.
        await form.locator('#setting-hiddenSize').fill('16');
        await form.locator('#setting-epochs').fill('2');
        await form.locator('#setting-lr').fill('0.005');
        assert.equal(await form.locator('#setting-hiddenSize-error').textContent(), '');
        // The worker describes the choices: the summary follows them.
        await form.locator('#model-summary', { hasText: /\b16\b/ }).waitFor({ timeout: 60_000 });
        await form.locator('#sizes', { hasText: /\d+ examples: \d+ train/ }).waitFor();
        await form.locator('#class-balance', { hasText: /keep.*remove|remove.*keep/ }).waitFor();
        await form.locator('#timing', { hasText: /s\/step/ }).waitFor({ timeout: 60_000 });
        assert.equal(await form.locator('#train').isDisabled(), false);

        // The command line.
        await form.locator('#copy-command').click();
        const commandLine = (
          await form.locator('#command-line', { hasText: 'lstm-studio train' }).textContent()
        ).trim();
        for (const part of [
          '--text-column body_html',
          '--label-column verdict',
          '--hidden 16',
          '--epochs 2',
          '--lr 0.005',
        ])
          assert.ok(commandLine.includes(part), `${part} in ${commandLine}`);

        // Save the configuration: a file the CLI's --config takes, the dataset relative to it.
        await form.locator('#configuration-name').fill('moderation');
        await form.locator('#save-configuration').click();
        const saved = path.join(e2e.server.workspaceDir, '.lstm-studio/configs/moderation.json');
        // Read once whole: the host may still be writing when the file appears.
        const configuration = await waitUntil('the saved configuration', async () =>
          JSON.parse(fs.readFileSync(saved, 'utf8')),
        );
        assert.equal(configuration.format, 'lstm-studio-config/1');
        assert.equal(configuration.dataset, `../../${DATASET}`);
        assert.deepEqual(configuration.columns, { textColumn: 'body_html', labelColumn: 'verdict' });
        assert.equal(configuration.settings.hiddenSize, 16);
        assert.equal(configuration.settings.epochs, 2);
        assert.equal(configuration.settings.lr, 0.005);
        await form.locator('#open-configuration option', { hasText: 'moderation' }).waitFor({ state: 'attached' });

        // The screenshots for the docs, in the dark and the light theme, from the top of the form.
        fs.mkdirSync(IMAGES, { recursive: true });
        await colorTheme(page, 'Dark Modern');
        const themed = await h.webviewFrame(page, { title: 'New Training Run' });
        await themed.locator('#form-title').scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(IMAGES, 'new-run-form-dark.png') });
        await colorTheme(page, 'Light Modern');
        await page.screenshot({ path: path.join(IMAGES, 'new-run-form-light.png') });

        // Train: the Training panel opens and the run finishes.
        const before = new Set(runFolders());
        const formAgain = await h.webviewFrame(page, { title: 'New Training Run' });
        await formAgain.locator('#train').click();
        const panel = await h.webviewFrame(page, {
          title: new RegExp(`^Training: ${DATASET.replace('.', '\\.')}`),
          timeout: 60_000,
        });
        await panel.locator('#status', { hasText: 'finished' }).waitFor({ timeout: 180_000 });
        const trained = runFolders().filter((dir) => !before.has(dir));
        assert.equal(trained.length, 1, 'one run from the form');
        const formRun = await waitUntil('the run.json of a finished run', async () => {
          const manifest = JSON.parse(fs.readFileSync(path.join(trained[0], 'run.json'), 'utf8'));
          return manifest.status === 'finished' && manifest;
        });
        assert.equal(formRun.status, 'finished');
        assert.deepEqual(formRun.dataset.overrides, { textColumn: 'body_html', labelColumn: 'verdict' });
        assert.equal(formRun.config.hiddenSize, 16);

        // The copied command line, run with the real CLI in the workspace: the same run.
        const words = shellWords(commandLine);
        assert.equal(words[0], 'lstm-studio');
        const beforeCli = new Set(runFolders());
        execFileSync(process.execPath, [CLI, ...words.slice(1), '--json'], {
          cwd: e2e.server.workspaceDir,
          stdio: ['ignore', 'ignore', 'pipe'],
          timeout: 180_000,
        });
        const cliRuns = runFolders().filter((dir) => !beforeCli.has(dir));
        assert.equal(cliRuns.length, 1, 'one run from the CLI');
        const cliRun = JSON.parse(fs.readFileSync(path.join(cliRuns[0], 'run.json'), 'utf8'));
        assert.deepEqual(cliRun.config, formRun.config);
        assert.deepEqual(cliRun.dataset.overrides, formRun.dataset.overrides);
      },
      { server: e2e.server },
    );
  } finally {
    await page.close();
  }
});
