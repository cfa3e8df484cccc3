// Audio in a real VS Code (code-server) driven by headless Chromium, as one user story: right-click the
// bundled speech example (a folder of .wav files with their transcripts) → "Train LSTM on This Dataset",
// see the quick pick detect speech to text, watch the Training panel show the character and word error
// rates and its validation examples (reference vs hypothesis); then right-click one recording →
// "Transcribe with LSTM", pick the model just trained, and see the Audio view: the transcript, the
// spectrogram, the CTC alignment and the gate maps on one time axis, the readout of a hovered frame, the
// play button; hostile messages from its webview are ignored.
//   npm run vsix && node --test --test-concurrency=1 --test-timeout=1500000 test/e2e/audio.e2e.test.mjs
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as h from './harness.mjs';

const VSIX = path.join(h.REPO_ROOT, 'lstm-studio.vsix');
const SPEECH = path.join(h.REPO_ROOT, 'examples/audio/speech');
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-e2e-audio-ws-'));
after(() => fs.rmSync(workspace, { recursive: true, force: true }));

const e2e = h.useCodeServer({
  workspaceDir: workspace,
  vsixPath: () => {
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run vsix first`);
    if (!fs.existsSync(SPEECH)) throw new Error(`${SPEECH} is missing: generate the audio examples first`);
    fs.cpSync(SPEECH, path.join(workspace, 'speech'), { recursive: true });
    return VSIX;
  },
  // A short run on a small model: a minute on two cores, enough for evaluations and a model to look at.
  settings: {
    'lstmStudio.epochs': 2,
    'lstmStudio.hiddenSize': 32,
    'lstmStudio.layers': 1,
    'lstmStudio.trainingThreads': 1,
  },
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
  const root = path.join(workspace, '.lstm-studio/runs');
  return fs.existsSync(root) ? fs.readdirSync(root).map((name) => path.join(root, name)) : [];
}

/** Posts messages to the host through the webview's own channel (see hostile-messages.e2e.test.mjs). */
async function postFromWebview(frame, messages) {
  const body = await frame.locator('body').elementHandle();
  const webviewDocument = (await body.ownerFrame()).parentFrame();
  await body.dispose();
  await webviewDocument.evaluate((list) => {
    for (const message of list) window.__vscode_post_message__('onmessage', { message, transfer: undefined });
  }, messages);
}

test('train the speech example from the Explorer, then transcribe a recording in the Audio view', async () => {
  const page = await h.newPage(e2e.browser);
  const started = performance.now();
  try {
    await h.screenshotOnFailure(
      page,
      'audio',
      async () => {
        await h.openWorkbench(page);
        await h.rightClickExplorerItem(page, 'speech', 'Train LSTM on This Dataset');
        const start = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Train:' }).first();
        await start.waitFor({ timeout: 120_000 });
        assert.match(await start.textContent(), /speech to text/i);
        await start.click();

        // The Training panel: CER and WER, and the validation examples (reference vs hypothesis).
        const training = await h.webviewFrame(page, { title: /^Training: speech/, timeout: 60_000 });
        const rows = training.locator('#validation-examples tbody tr');
        await waitUntil('the first evaluation’s examples', async () => (await rows.count()) > 0);
        const panelText = await training.locator('body').innerText();
        assert.match(panelText, /character error rate/i);
        assert.match(panelText, /word error rate/i);
        await training.locator('#status', { hasText: 'finished' }).waitFor({ timeout: 300_000 });
        const [runDir] = runFolders();
        const manifest = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8'));
        assert.equal(manifest.config.task, 'speech-to-text');
        for (const key of ['charErrorRate', 'wordErrorRate']) assert.equal(typeof manifest.final[key], 'number', key);
        console.log(
          `trained in ${Math.round((performance.now() - started) / 1000)} s: CER ${manifest.final.charErrorRate}, WER ${manifest.final.wordErrorRate}; ${await rows.count()} examples shown`,
        );
        await page.screenshot({ path: path.join(h.artifactDir('audio'), 'training.png') });

        // Transcribe with LSTM from a recording's context menu: the quick pick offers the speech model.
        const wav = fs
          .readdirSync(path.join(workspace, 'speech'))
          .filter((name) => name.endsWith('.wav'))
          .sort()[0];
        await h.rightClickExplorerItem(page, `speech/${wav}`, 'Transcribe with LSTM');
        const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: path.basename(runDir) }).first();
        await pick.waitFor({ timeout: 30_000 });
        await pick.click();

        const view = await h.webviewFrame(page, { title: `Audio: ${wav}`, timeout: 60_000 });
        const analysis = await waitUntil(
          'the analysis',
          () =>
            view.locator('body').evaluate(() => {
              const a = window.__audioView?.analysis();
              if (!a || window.__audioView.drawnMs() === 0) return null;
              return {
                file: a.file,
                frames: a.spectrogram.frames,
                bands: a.spectrogram.bands,
                alignmentFrames: a.alignment?.frames ?? 0,
                symbols: a.alignment?.symbols.length ?? 0,
                gateMaps: a.gates.gates.length,
                steps: a.gates.steps,
                text: a.recognition.kind === 'transcript' ? a.recognition.text : null,
                computeMs: a.computeMs,
              };
            }),
          120_000,
        );
        console.log(`Audio view: ${JSON.stringify(analysis)}`);
        assert.equal(analysis.file, wav);
        assert.ok(analysis.frames > 10 && analysis.bands >= 40, 'a spectrogram');
        assert.ok(analysis.alignmentFrames > 0 && analysis.symbols > 2, 'a CTC alignment');
        assert.equal(analysis.alignmentFrames, analysis.steps, 'the alignment and the gates share the model frames');
        assert.ok(analysis.gateMaps >= 1, 'gate maps');
        assert.notEqual(analysis.text, null, 'a transcript');
        assert.equal(await view.locator('#transcript').count(), 1);
        assert.match(await view.locator('#play').textContent(), /Play/);
        assert.equal(await view.locator('audio#audio').count(), 1);

        // Hover a frame: the crosshair's frame and the readout of every view there.
        const frame = Math.floor(analysis.steps / 2);
        // Locator.evaluate hands the element first, then the argument.
        const point = await view.locator('body').evaluate((_, k) => window.__audioView.pointOfFrame(k), frame);
        await view.locator('#views').hover({ position: { x: point.x, y: point.y } });
        await waitUntil('the hovered frame', async () =>
          (await view.locator('body').evaluate(() => window.__audioView.frame())) === frame ? true : undefined,
        );
        const readout = await view.locator('#readout').innerText();
        assert.match(readout, new RegExp(`${frame + 1} of ${analysis.steps}`));
        assert.match(readout, /CTC alignment/);
        assert.match(readout, /Gates · h/);
        console.log(`slider: ${await view.locator('#views').getAttribute('aria-valuetext')}`);
        await page.screenshot({ path: path.join(h.artifactDir('audio'), 'audio-view.png') });

        // A wider beam decodes again in the worker.
        await view.locator('#beam').fill('4');
        await view.locator('#decode').click();
        await waitUntil('the beam-4 decoding', () =>
          view.locator('body').evaluate(() => window.__audioView.analysis()?.recognition.beam === 4 || undefined),
        );

        // Hostile messages: a path, an absurd beam, unknown types — ignored and logged.
        const hostile = [
          { type: 'analyze', beam: 2, audioPath: '/etc/passwd' },
          { type: 'analyze', beam: 1e9 },
          { type: 'choose-model', checkpointPath: '/etc/passwd' },
          { type: 'explode' },
        ];
        await postFromWebview(view, hostile);
        await waitUntil('the ignored messages in the log', async () => {
          const log = h.serverLogText(e2e.server, 'LSTM Studio');
          return log.split('\n').filter((l) => l.includes('Audio view: ignored a message from the webview')).length >=
            hostile.length
            ? true
            : undefined;
        });
        console.log(`scenario in ${Math.round((performance.now() - started) / 1000)} s`);
      },
      { server: e2e.server },
    );
  } finally {
    await page.close();
  }
});
