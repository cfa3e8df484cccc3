// Screenshots of the Audio view outside VS Code, for looking at what a change did to it: a standalone page
// loads the built bundle (dist/webview/audio-view.js) with a stub of the VS Code webview API and VS Code's
// theme variables, receives a synthetic analysis (test/fixtures/audio/audio-analysis-fixture.mjs: 300
// frames, 40 mel bands, 29 symbols, 2 layers × 2 directions × 64 units), is hovered on a frame, and is
// photographed in headless Chromium — one PNG per answer (a transcript, a label) and theme (Dark Modern,
// Light Modern, Dark High Contrast). It also checks that hovering and the arrow keys move the readout.
//
//   npx webpack --mode development --config-name webviews
//   node scripts/audio-screenshots.mjs [--out dir] [--themes dark,light,hc] [--only transcript,label]
//
// Playwright comes from the e2e tests' node_modules (test/e2e/node_modules, or $E2E_NODE_MODULES) and the
// browser from $CHROMIUM_PATH (default /usr/bin/chromium), as in test/e2e/harness.mjs.
/* global window */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { THEMES } from '../test/e2e/webview-themes.mjs';
import { syntheticAudioAnalysis } from '../test/fixtures/audio/audio-analysis-fixture.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : fallback;
};
const OUT = path.resolve(option('--out', path.join(ROOT, 'test-artifacts/audio-screenshots')));
const BUNDLE = path.join(ROOT, 'dist/webview/audio-view.js');
const CSS = path.join(ROOT, 'media/audio-view.css');
const ONLY = option('--only', 'transcript,label').split(',');
const THEME_NAMES = option('--themes', 'dark,light,hc').split(',');
const NODE_MODULES = process.env.E2E_NODE_MODULES || path.join(ROOT, 'test/e2e/node_modules');
const { chromium } = createRequire(path.join(NODE_MODULES, 'noop.js'))('playwright-core');

if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: build first (npx webpack --mode development)`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audio-screenshots-'));
fs.mkdirSync(OUT, { recursive: true });
fs.copyFileSync(path.join(ROOT, 'media/common.css'), path.join(dir, 'common.css'));
fs.copyFileSync(CSS, path.join(dir, 'audio-view.css'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  for (const themeName of THEME_NAMES) {
    const theme = THEMES[themeName];
    const css = `:root {\n${Object.entries(theme.vars)
      .map(([k, v]) => `  --vscode-${k}: ${v};`)
      .join('\n')}\n}\n`;
    fs.writeFileSync(path.join(dir, `${themeName}.css`), css);
    fs.writeFileSync(
      path.join(dir, 'stub.js'),
      `window.__posted = [];
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });`,
    );
    fs.writeFileSync(
      path.join(dir, `${themeName}.html`),
      `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="audio-view.css"><link rel="stylesheet" href="${themeName}.css">
</head><body class="${theme.kind}"><div id="app"></div>
<script src="stub.js"></script><script src="file://${BUNDLE}"></script></body></html>`,
    );
    for (const name of ONLY) {
      const recognition = name === 'label' ? 'audio-label' : 'transcript';
      const page = await browser.newPage({ viewport: { width: 1400, height: 1500 } });
      page.on('pageerror', (e) => console.error(`${name}/${themeName}: page error: ${e.message}`));
      await page.goto(`file://${path.join(dir, `${themeName}.html`)}`);
      await page.waitForFunction(() => window.__audioView && window.__posted.some((m) => m.type === 'ready'));
      await page.evaluate(`window.__synthesize = ${syntheticAudioAnalysis.toString()}`);
      await page.evaluate((recognition) => {
        const analysis = window.__synthesize({ recognition });
        window.postMessage(
          {
            type: 'subject',
            subject: {
              file: analysis.file,
              audioUri: '',
              model: `best.safetensors · 20261207-051500-${recognition === 'transcript' ? 'speech' : 'digits'}`,
              taskName: recognition === 'transcript' ? 'speech to text' : 'audio classification',
              recognition,
              audioPath: `/synthetic/${analysis.file}`,
              checkpointPath: '/synthetic/best.safetensors',
            },
          },
          '*',
        );
        window.postMessage({ type: 'analysis', beam: recognition === 'transcript' ? 4 : 1, analysis }, '*');
      }, recognition);
      await page.waitForFunction(() => window.__audioView.analysis() !== null && window.__audioView.drawnMs() > 0);
      const point = await page.evaluate(() => window.__audioView.pointOfFrame(118));
      const box = await page.locator('#views').boundingBox();
      await page.mouse.move(box.x + point.x, box.y + point.y);
      await page.waitForTimeout(200);
      const hovered = await page.evaluate(() => window.__audioView.frame());
      if (hovered !== 118) throw new Error(`${name}/${themeName}: hovering frame 118 chose ${hovered}`);
      const readout = await page.locator('#readout').innerText();
      if (!readout.includes('119 of 300')) throw new Error(`${name}/${themeName}: the readout says ${readout}`);
      const file = path.join(OUT, `audio-${name}-${themeName}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`${file} (drawn in ${(await page.evaluate(() => window.__audioView.drawnMs())).toFixed(1)} ms)`);
      // The keyboard: the time axis is a slider.
      await page.locator('#views').focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      const valueText = await page.locator('#views').getAttribute('aria-valuetext');
      const now = await page.locator('#views').getAttribute('aria-valuenow');
      if (now !== '120') throw new Error(`${name}/${themeName}: two arrow keys from 118 gave ${now}`);
      console.log(`  slider: ${valueText}`);
      await page.close();
    }
  }
} finally {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
