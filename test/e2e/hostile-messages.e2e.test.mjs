// Hostile webviews (issue 20, item 1) in a real VS Code (code-server) driven by headless Chromium. A script
// in each panel's webview posts messages to the extension host the way the webview API does
// (`__vscode_post_message__('onmessage', …)`, what `acquireVsCodeApi().postMessage` calls): unknown
// types, wrong shapes, a `datasetPath`, a `control: 'explode'`, huge strings. The host must
// ignore every one (and say so in the LSTM Studio log): the checkpoint editor, the Gates and Prediction
// panels keep working, no file named by a webview is read, and a live run keeps training.
// One VS Code session, one scenario, all eight panels.
//   npx webpack --mode production && npm run vsix && \
//     node --test --test-concurrency=1 test/e2e/hostile-messages.e2e.test.mjs
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as h from './harness.mjs';

const VSIX = path.join(h.REPO_ROOT, 'lstm-studio.vsix');
const CLI = path.join(h.REPO_ROOT, 'bin/lstm-studio.js');
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-e2e-hostile-ws-'));
/** A file only a hostile message names: if anything reads it, its marker shows up in a panel. */
const SECRET = path.join(workspace, 'secret.txt');
const MARKER = 'SECRET-MARKER-7f3a';
let run = { id: '', dir: '' };
/** A speech-to-text run on the bundled speech example, and one of its recordings in the workspace. */
let speechRun = { id: '', dir: '' };
const RECORDING = 'recording.wav';

function prepareWorkspace() {
  fs.copyFileSync(path.join(h.REPO_ROOT, 'examples/text/fables.txt'), path.join(workspace, 'fables.txt'));
  fs.writeFileSync(SECRET, `${`${MARKER} the quick brown fox. `.repeat(200)}\n`.repeat(50));
  const out = path.join(workspace, '.lstm-studio/runs');
  const lines = execFileSync(
    process.execPath,
    [CLI, 'train', path.join(workspace, 'fables.txt'), '--steps', '5', '--hidden', '16', '--out', out, '--json'],
    { encoding: 'utf8', timeout: 300_000 },
  )
    .trim()
    .split('\n');
  const summary = JSON.parse(lines[lines.length - 1]);
  run = { id: path.basename(summary.runDir), dir: summary.runDir };
  const speech = path.join(h.REPO_ROOT, 'examples/audio/speech');
  const speechLines = execFileSync(
    process.execPath,
    [CLI, 'train', speech, '--task', 'speech', '--steps', '3', '--hidden', '16', '--out', out, '--json'],
    { encoding: 'utf8', timeout: 300_000 },
  )
    .trim()
    .split('\n');
  const speechSummary = JSON.parse(speechLines[speechLines.length - 1]);
  speechRun = { id: path.basename(speechSummary.runDir), dir: speechSummary.runDir };
  const wav = fs.readdirSync(speech).find((name) => name.endsWith('.wav'));
  fs.copyFileSync(path.join(speech, wav), path.join(workspace, RECORDING));
}

const e2e = h.useCodeServer({
  workspaceDir: workspace,
  vsixPath: () => {
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run vsix first`);
    prepareWorkspace();
    return VSIX;
  },
  // A long run, so it is still training while the Training panel is attacked.
  settings: { 'lstmStudio.epochs': 400 },
});
after(() => fs.rmSync(workspace, { recursive: true, force: true }));

async function waitUntil(what, fn, timeout = 60_000) {
  const start = Date.now();
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Posts `messages` to the host through the webview's own channel: the function its document gives
 * `acquireVsCodeApi().postMessage` (VS Code deletes `window.parent` in the content frame, so the script
 * runs in the webview's outer document, the same origin as the content).
 */
async function postFromWebview(frame, messages) {
  const body = await frame.locator('body').elementHandle();
  const webviewDocument = (await body.ownerFrame()).parentFrame();
  await body.dispose();
  await webviewDocument.evaluate((list) => {
    for (const message of list) window.__vscode_post_message__('onmessage', { message, transfer: undefined });
  }, messages);
}

/** How many "<panel>: ignored a message" lines the LSTM Studio log holds. */
function ignoredInLog(panel) {
  const text = h.serverLogText(e2e.server, 'LSTM Studio');
  return text.split('\n').filter((line) => line.includes(`${panel}: ignored a message from the webview`)).length;
}

async function expectIgnored(panel, count) {
  await waitUntil(`${count} ignored messages of the ${panel} in the log`, async () => ignoredInLog(panel) >= count);
}

/** Messages no panel accepts: unknown types, non-objects, a path, huge strings. */
const COMMON_HOSTILE = [
  { type: 'explode' },
  { type: 'load', checkpointPath: '/etc/passwd' },
  { type: 'ready', datasetPath: SECRET },
  { type: 'x'.repeat(1_000_000) },
  'ready',
  null,
  [{ type: 'ready' }],
];

async function pickQuickPickRow(page, text) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: 30_000 });
  await input.fill(text);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}

/** Double-clicks a checkpoint in the Explorer until it opens in the checkpoint editor (see checkpoint-editor.e2e). */
async function openCheckpointEditor(page, relPath) {
  const title = path.basename(relPath);
  const row = await h.revealExplorerItem(page, relPath);
  for (let attempt = 1; ; attempt++) {
    await row.dblclick();
    const frame = await h.webviewFrame(page, { title, timeout: attempt < 5 ? 10_000 : 60_000 }).catch((error) => {
      if (attempt >= 5) throw error;
      return null;
    });
    if (frame) {
      await frame.locator('body[data-state]').waitFor({ timeout: 30_000 });
      return frame;
    }
    await h.runCommandFromPalette(page, 'View: Close Editor');
  }
}

test('every panel ignores hostile messages from its webview, logs them, and keeps working', async () => {
  const page = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(
      page,
      'hostile-messages',
      async () => {
        await h.openWorkbench(page);

        // The checkpoint editor: unknown actions, unbounded heatmaps, a path, wrong shapes.
        const editor = await openCheckpointEditor(page, `.lstm-studio/runs/${run.id}/last.safetensors`);
        const editorHostile = [
          ...COMMON_HOSTILE,
          { type: 'action', action: 'deleteFile' },
          { type: 'tensor-stats', requestId: 1, tensorName: 'x', checkpointPath: SECRET },
          { type: 'tensor-values', requestId: 2, tensorName: 'x', maxElements: 1e12, maxRows: 1, maxCols: 1 },
          { type: 'tensor-stats', requestId: 'one', tensorName: 'x' },
        ];
        await postFromWebview(editor, editorHostile);
        await expectIgnored('Checkpoint editor', editorHostile.length);
        await editor.locator('body[data-state]').waitFor();

        // The Gates panel: a dataset path (to the secret file, and /etc/passwd) must never reach the worker.
        await h.runCommandWhenListed(page, 'LSTM Studio: Inspect Gates');
        await pickQuickPickRow(page, run.id);
        let gates = await h.webviewFrame(page, { title: 'Gates: fables (last)', timeout: 60_000 });
        const source = gates.locator('#recording-source');
        await source.filter({ hasText: /validation sample 1 of \d+ · fables\.txt/i }).waitFor({ timeout: 120_000 });
        const gatesHostile = [
          ...COMMON_HOSTILE,
          { type: 'record', input: { type: 'validation-sample', index: 0, datasetPath: SECRET } },
          { type: 'record', input: { type: 'validation-sample', index: 0, datasetPath: '/etc/passwd' } },
          { type: 'record', input: { type: 'validation-sample', index: 0 }, datasetPath: SECRET },
          { type: 'record', input: { type: 'file', path: SECRET } },
          { type: 'record', input: { type: 'rows', values: [[Number.NaN]] } },
          { type: 'record', input: { type: 'text', text: 'x'.repeat(2 * 1024 * 1024) } },
          { type: 'save', requestId: 1, kind: 'csv', suggestedName: '../../../.bashrc', data: 'echo owned' },
          // The series picker's id: a string, bounded (the host then checks it is one of the model's).
          { type: 'record', input: { type: 'validation-sample', index: 0, series: 7 } },
          { type: 'record', input: { type: 'validation-sample', index: 0, series: 'x'.repeat(5000) } },
        ];
        await postFromWebview(gates, gatesHostile);
        await expectIgnored('Gates panel', gatesHostile.length);
        await h.sleep(1000);
        assert.doesNotMatch(
          await gates.locator('body').innerText(),
          new RegExp(MARKER),
          'the secret file was not read',
        );
        // A well-formed series for a model of one series: refused by the host in words, nothing recorded.
        await postFromWebview(gates, [
          { type: 'record', input: { type: 'validation-sample', index: 0, series: 'S01' } },
        ]);
        await gates.locator('body', { hasText: 'trained on one series' }).waitFor({ timeout: 30_000 });
        await gates.locator('#sample-next').click();
        await source.filter({ hasText: /validation sample 2 of \d+ · fables\.txt/i }).waitFor({ timeout: 60_000 });

        // The Prediction panel: bad options, a model path, a prompt past the limit, forged forecast requests.
        await h.runCommandFromPalette(page, 'LSTM Studio: Switch Prediction Model…');
        await pickQuickPickRow(page, run.id);
        const prediction = await h.webviewFrame(page, { title: 'Prediction', timeout: 60_000 });
        await prediction.locator('#model-task', { hasText: 'language model' }).waitFor({ timeout: 60_000 });
        const options = {
          attribution: 'integrated-gradients',
          length: 20,
          temperature: 0.8,
          topK: 0,
          seed: 1,
          greedy: false,
          horizon: 12,
        };
        const predictionHostile = [
          ...COMMON_HOSTILE,
          { type: 'predict', input: 'The fox', options: { ...options, length: 1e9 } },
          { type: 'predict', input: 'The fox', options: { ...options, temperature: 'hot' } },
          { type: 'predict', input: 'The fox', options: { ...options, modelPath: SECRET } },
          { type: 'predict', input: 'x'.repeat(17 * 1024 * 1024), options },
          { type: 'switch-model', path: SECRET },
          // The forecast's buttons: Insert quantiles carries no text (the host inserts its own answer's), and
          // a series is an id the host then checks against its answer's ids.
          { type: 'insert-quantiles', text: SECRET },
          { type: 'forecast-series', series: 7 },
          { type: 'forecast-series', series: 'x'.repeat(2000) },
          { type: 'forecast-series', series: 'A', path: SECRET },
        ];
        await postFromWebview(prediction, predictionHostile);
        await expectIgnored('Prediction panel', predictionHostile.length);
        assert.doesNotMatch(await prediction.locator('body').innerText(), new RegExp(MARKER));

        // The Training panel of a live run: `control: 'explode'` used to stop it.
        await h.rightClickExplorerItem(page, 'fables.txt', 'Train LSTM on This Dataset');
        const start = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Train:' }).first();
        await start.waitFor({ timeout: 60_000 });
        await start.click();
        const training = await h.webviewFrame(page, { title: 'Training: fables.txt', timeout: 60_000 });
        await training.locator('#status', { hasText: 'running' }).waitFor({ timeout: 60_000 });
        const points = async () => {
          const counter = training.locator('#points-loss');
          return Number((await counter.getAttribute('data-count')) ?? (await counter.textContent()));
        };
        await waitUntil('training points', async () => (await points()) > 3, 120_000);
        const trainingHostile = [
          ...COMMON_HOSTILE,
          { type: 'control', runId: 'x', action: 'explode' },
          { type: 'control', runId: 'x', action: ['stop'] },
          { type: 'control', action: 'stop' },
          { type: 'open-run-folder', runId: 'x', runDir: '/etc' },
          { type: 'set-overlays', runIds: 'x'.repeat(1_000_000) },
        ];
        await postFromWebview(training, trainingHostile);
        await expectIgnored('Training panel', trainingHostile.length);
        const before = await points();
        await waitUntil('more training steps after the hostile messages', async () => (await points()) > before + 3);
        assert.match(await training.locator('#status').textContent(), /running/);
        await training.locator('#stop').click();
        await training.locator('#status', { hasText: 'stopped' }).waitFor({ timeout: 60_000 });

        // The New Training Run form: settings out of range or unknown (a path among them), a configuration
        // name that climbs out of its folder, a task that is no task.
        await h.rightClickExplorerItem(page, 'fables.txt', 'Train LSTM with Settings…');
        const form = await h.webviewFrame(page, { title: 'New Training Run', timeout: 60_000 });
        await form.locator('#parameter-count').filter({ hasText: /\d/ }).waitFor({ timeout: 120_000 });
        const valid = { task: null, columns: {}, settings: {} };
        const formHostile = [
          ...COMMON_HOSTILE,
          { type: 'train', choices: { ...valid, settings: { lr: -1 } } },
          { type: 'train', choices: { ...valid, settings: { datasetPath: SECRET } } },
          { type: 'describe', requestId: 1, choices: { ...valid, settings: { hiddenSize: 'x'.repeat(1_000_000) } } },
          { type: 'save-configuration', name: '../../../tmp/evil', choices: valid },
          { type: 'start-sweep', choices: valid, sweep: 'everything' },
        ];
        await postFromWebview(form, formHostile);
        await expectIgnored('New Training Run form', formHostile.length);
        assert.doesNotMatch(await form.locator('body').innerText(), new RegExp(MARKER));
        assert.equal(fs.existsSync('/tmp/evil.json'), false);
        await form.locator('#setting-hiddenSize').fill('12');
        await form.locator('#parameter-count').filter({ hasText: /\d/ }).waitFor();

        // The Runs table: runs and columns named by what the host did not send, paths, oversized lists.
        await h.runCommandWhenListed(page, 'LSTM Studio: Open Runs Table');
        const table = await h.webviewFrame(page, { title: 'Runs Table', timeout: 60_000 });
        await table.locator(`#runs-table tr[data-run-id="${run.id}"]`).waitFor({ timeout: 60_000 });
        const tableHostile = [
          ...COMMON_HOSTILE,
          { type: 'delete-run', runId: ['..', '..'] },
          { type: 'train-again', runDir: '/etc' },
          { type: 'load-curves', requestId: 1, runIds: Array.from({ length: 100_000 }, (_, i) => `run-${i}`) },
          { type: 'export-csv', columns: 'all', runIds: [run.id] },
        ];
        await postFromWebview(table, tableHostile);
        await expectIgnored('Runs table', tableHostile.length);
        await table.locator(`#runs-table tr[data-run-id="${run.id}"]`).waitFor();

        // The Evaluate view: a path to evaluate, forged queries (units and layers the session does not have,
        // a regex too long to run, a method that is none), a sequence far past the set. Shape errors are
        // ignored and logged; session errors are refused in words; the view keeps answering.
        await h.runCommandWhenListed(page, 'LSTM Studio: Evaluate Run');
        await pickQuickPickRow(page, run.id);
        const evaluate = await h.webviewFrame(page, { title: /^Evaluate: fables/, timeout: 60_000 });
        await evaluate.locator('#loss-text span[title]').first().waitFor({ timeout: 180_000 });
        const h0 = { layer: 0, direction: 'forward', signal: 'h' };
        const evaluateHostile = [
          ...COMMON_HOSTILE,
          { type: 'choose-data', path: SECRET },
          { type: 'loss-page', start: -1 },
          { type: 'loss-page', start: 0, datasetPath: SECRET },
          { type: 'open-in-gates', sequence: 1.5 },
          {
            type: 'find-units',
            requestId: 1,
            pattern: { kind: 'regex', source: '(a+)+'.repeat(200), ignoreCase: false },
            address: null,
          },
          { type: 'project', requestId: 2, query: { address: h0, steps: 'every', method: 'tsne' } },
          {
            type: 'ablate',
            requestId: 3,
            query: { address: h0, units: Array.from({ length: 5000 }, (_, i) => i), mode: 'zero' },
          },
          { type: 'match', requestId: 4, query: { address: h0, units: [0], threshold: Number.NaN, topK: 10 } },
        ];
        await postFromWebview(evaluate, evaluateHostile);
        await expectIgnored('Evaluate panel', evaluateHostile.length);
        // Well-formed but not this session's: a unit past the layer's 16, a layer it does not have.
        await postFromWebview(evaluate, [
          { type: 'match', requestId: 5, query: { address: h0, units: [99], threshold: 0.5, topK: 10 } },
          { type: 'ablate', requestId: 6, query: { address: { ...h0, layer: 7 }, units: [0], mode: 'zero' } },
          { type: 'open-in-gates', sequence: 1_000_000 },
        ]);
        await waitUntil(
          'the Evaluate panel refusing three queries in the log',
          async () =>
            h
              .serverLogText(e2e.server, 'LSTM Studio')
              .split('\n')
              .filter((line) => line.includes('Evaluate panel: refused')).length >= 3,
        );
        assert.doesNotMatch(await evaluate.locator('body').innerText(), new RegExp(MARKER));
        // Still answering: the Units tab finds units for a regex over the fables' text.
        await evaluate.locator('[role="tab"]', { hasText: 'Units' }).click();
        await evaluate.locator('#units-regex').fill('[aeiou]');
        await evaluate.locator('#units-regex').press('Enter');
        await evaluate.locator('#units-results tr[data-unit]').first().waitFor({ timeout: 120_000 });

        // The Audio view: a beam width is all it may send; its recording and model are the host's.
        await h.rightClickExplorerItem(page, RECORDING, 'Transcribe with LSTM');
        await pickQuickPickRow(page, speechRun.id);
        const audio = await h.webviewFrame(page, { title: `Audio: ${RECORDING}`, timeout: 60_000 });
        await audio.locator('#transcript').waitFor({ timeout: 120_000 });
        const audioHostile = [
          ...COMMON_HOSTILE,
          { type: 'analyze', beam: 2, audioPath: SECRET },
          { type: 'analyze', beam: 2, checkpointPath: SECRET },
          { type: 'analyze', beam: 1e9 },
          { type: 'choose-model', checkpointPath: SECRET },
        ];
        await postFromWebview(audio, audioHostile);
        await expectIgnored('Audio view', audioHostile.length);
        assert.doesNotMatch(await audio.locator('body').innerText(), new RegExp(MARKER));
        await audio.locator('#beam').fill('2');
        await audio.locator('#decode').click();
        await audio.locator('#recognition', { hasText: '2 wide' }).waitFor({ timeout: 60_000 });
      },
      { server: e2e.server },
    );
  } finally {
    await page.close();
  }
});
