// Self-test of the e2e harness against a throwaway probe extension (fixtures/probe-extension):
//   node --test test/e2e/selftest/harness.e2e.test.mjs      (after scripts/setup-e2e.sh)
// Proves: offline .vsix install, code-server start/stop, Explorer + editor context menus, command palette,
// notifications, choosing among several webviews, an extension-host mocha suite, Restricted Mode, failure artifacts.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as h from '../harness.mjs';

const PROBE = path.join(h.E2E_DIR, 'fixtures/probe-extension');
const MENU = 'Show File In Probe'; // menus show a command's title without its category; the palette shows both
const timings = {};

const e2e = h.useCodeServer({
  workspaceFiles: { 'model.ckpt': '{"weights":[1,2,3]}', 'notes.txt': 'hello', 'data/train.csv': 'x,y\n1,2\n' },
  vsixPath: () => {
    const t = performance.now();
    const vsix = h.packageVsix(PROBE);
    timings.vsixPackageMs = h.since(t);
    return vsix;
  },
});

after(() => {
  Object.assign(timings, e2e.timings);
  console.log('[e2e] timings (ms):', JSON.stringify(timings));
  fs.mkdirSync(h.ARTIFACTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(h.ARTIFACTS_DIR, 'e2e-selftest-timings.json'), JSON.stringify(timings, null, 2) + '\n');
});

test('UI: Explorer context menu opens a webview; palette, notification, editor menu, several webviews', async () => {
  const page = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(page, 'selftest-ui', async () => {
      let t = performance.now();
      await h.openWorkbench(page);
      timings.workbenchMs = h.since(t);

      t = performance.now();
      await h.rightClickExplorerItem(page, 'model.ckpt', MENU);
      const ckpt = await h.webviewFrame(page, { hasText: 'model.ckpt' });
      assert.equal(await ckpt.locator('#file-name').textContent(), 'model.ckpt');
      assert.equal(await ckpt.locator('#file-size').textContent(), '19 bytes');
      timings.firstWebviewMs = h.since(t); // from the right-click (contributions may still be loading) to content
      timings.firstWebviewFromPageLoadMs = timings.workbenchMs + timings.firstWebviewMs;

      await h.runCommandFromPalette(page, 'Probe: Hello');
      await h.waitForNotification(page, 'Hello from the e2e probe');
      const hello = await h.webviewFrame(page, { title: 'Probe Hello' });
      await hello.locator('#greeting', { hasText: 'hello-webview-content' }).waitFor();

      // a file in a sub-folder, then the editor context menu on a text file
      await h.rightClickExplorerItem(page, 'data/train.csv', MENU);
      await (
        await h.webviewFrame(page, { hasText: 'train.csv' })
      )
        .locator('#file-size', { hasText: '8 bytes' })
        .waitFor();
      await h.explorerRow(page, 'notes.txt').click();
      await h.editorContextMenu(page, MENU);
      await (
        await h.webviewFrame(page, { title: 'Probe: notes.txt' })
      )
        .locator('#file-name', { hasText: 'notes.txt' })
        .waitFor();

      // pick a webview by its tab title among several open ones (hidden webviews are re-created on activation)
      const again = await h.webviewFrame(page, { title: 'Probe: model.ckpt' });
      assert.equal(await again.locator('#file-name').textContent(), 'model.ckpt');
      const both = await h.webviewFrame(page, { title: 'Probe Hello', hasText: 'hello-webview-content' });
      assert.equal(await both.locator('#greeting').textContent(), 'hello-webview-content');
    });
  } finally {
    await page.close();
  }
});

test('extension-host mocha suite runs in the real Node extension host (payload URL + codeAutomationExit)', async () => {
  const r = await h.runExtensionHostTests({
    browser: e2e.browser,
    extensionDevelopmentPath: PROBE,
    extensionTestsPath: path.join(PROBE, 'suite/index.js'),
    timeout: 180_000,
  });
  timings.extensionHostSuiteMs = r.ms;
  assert.equal(r.code, 0, `extension-host tests exit code\n${r.output}`);
  assert.match(r.output, /3 passing/);
});

test('screenshotOnFailure saves a screenshot, the browser console, code-server and extension-host logs', async () => {
  const page = await h.newPage(e2e.browser);
  const name = 'selftest-deliberate-failure';
  const dir = path.join(h.ARTIFACTS_DIR, name);
  fs.rmSync(dir, { recursive: true, force: true });
  try {
    await h.openWorkbench(page);
    await assert.rejects(
      h.screenshotOnFailure(page, name, async () => {
        throw new Error('deliberate');
      }),
      /deliberate/,
    );
    for (const f of [
      'screenshot.png',
      'browser-console.log',
      'error.txt',
      'code-server.log',
      'remoteexthost-exthost1.log',
    ]) {
      assert.ok(fs.existsSync(path.join(dir, f)), `${f} saved`);
    }
    assert.ok(e2e.server.exthostLogFiles().some((f) => f.endsWith('remoteexthost.log')));
    assert.match(
      fs.readFileSync(path.join(dir, 'remoteexthost-exthost1.log'), 'utf8'),
      /lstm-studio-e2e\.e2e-probe|ExtensionService/,
    );
  } finally {
    await page.close();
    fs.rmSync(dir, { recursive: true, force: true }); // only a check of the mechanism: leave no misleading artifacts
  }
});

test('trust: false opens the folder in Restricted Mode', async () => {
  const server = await h.startCodeServer({ workspaceFiles: { 'a.txt': 'a' }, trust: false });
  const page = await h.newPage(e2e.browser);
  try {
    await h.screenshotOnFailure(
      page,
      'selftest-restricted',
      async () => {
        await h.openWorkbench(page, undefined, { server });
        await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor();
      },
      { server },
    );
  } finally {
    await page.close();
    await server.stop();
  }
});

test('stop() kills code-server and every process it started', async () => {
  const { server } = e2e;
  const pid = server.process.pid;
  const ours = () =>
    fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return (
            fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(server.root) ||
            fs.readFileSync(`/proc/${d}/environ`, 'utf8').includes(server.home)
          );
        } catch {
          return false;
        }
      });
  assert.ok(ours().length >= 2, 'code-server and its extension host are running');
  const t = performance.now();
  await server.stop();
  timings.stopMs = h.since(t);
  assert.deepEqual(ours(), [], 'no process left');
  assert.ok(!fs.existsSync(server.root), 'temp dir removed');
  assert.throws(() => process.kill(pid, 0));
});
