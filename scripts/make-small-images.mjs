// Small WebP copies of the screenshots in docs/images, for what ships in the .vsix: the walkthrough's step
// images (media/walkthrough/) and the README's pictures (media/readme/). docs/images is ~4.6 MB of
// full-size PNGs — too heavy for the package — so each picture is scaled down in headless Chromium (its
// canvas resamples smoothly) and encoded as WebP, which VS Code's walkthrough, its extension page and the
// Marketplace all show. Re-run after a screenshot in docs/images changes:
//   node scripts/make-small-images.mjs
// Playwright comes from the e2e tests' node_modules (test/e2e/node_modules, or $E2E_NODE_MODULES) and the
// browser from $CHROMIUM_PATH (default /usr/bin/chromium), as in scripts/gates-screenshots.mjs.
/* global document, Image */ // the callback of page.evaluate runs in the page
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NODE_MODULES = process.env.E2E_NODE_MODULES ?? path.join(ROOT, 'test/e2e/node_modules');
const { chromium } = createRequire(path.join(NODE_MODULES, 'noop.js'))('playwright-core');

/** [source in docs/images, target in the repo, width in pixels]. */
const WALKTHROUGH_WIDTH = 680;
const README_WIDTH = 600;
const images = [
  ...['light', 'dark'].flatMap((theme) => [
    [`new-run-form-${theme}.png`, `media/walkthrough/train-${theme}.webp`, WALKTHROUGH_WIDTH],
    [`training-panel-${theme}.png`, `media/walkthrough/watch-${theme}.webp`, WALKTHROUGH_WIDTH],
    [`gates-${theme}.png`, `media/walkthrough/look-inside-${theme}.webp`, WALKTHROUGH_WIDTH],
    [`prediction-classification-${theme}.png`, `media/walkthrough/predict-${theme}.webp`, WALKTHROUGH_WIDTH],
  ]),
  ['checkpoint-editor-light.png', 'media/readme/checkpoint-editor-light.webp', README_WIDTH],
  ['runs-table-dark.png', 'media/readme/runs-table-dark.webp', README_WIDTH],
  ['forecast-prediction-light.png', 'media/readme/forecast-prediction-light.webp', README_WIDTH],
  ['seq2seq-transform-dark.png', 'media/readme/seq2seq-transform-dark.webp', README_WIDTH],
  ['audio-view-transcript-dark.png', 'media/readme/audio-view-transcript-dark.webp', README_WIDTH],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage();
  for (const [source, target, width] of images) {
    const png = fs.readFileSync(path.join(ROOT, 'docs/images', source)).toString('base64');
    const dataUrl = await page.evaluate(
      async ({ png, width }) => {
        const image = new Image();
        image.src = `data:image/png;base64,${png}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = Math.round((image.height * width) / image.width);
        const context = canvas.getContext('2d');
        context.imageSmoothingQuality = 'high';
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        return canvas.toDataURL('image/webp', 0.6);
      },
      { png, width },
    );
    const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
    fs.mkdirSync(path.dirname(path.join(ROOT, target)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, target), bytes);
    console.log(`${target}: ${bytes.length} bytes`);
  }
} finally {
  await browser.close();
}
