// Renders the extension's icon, media/icon.png (128 × 128, what package.json's "icon" names and the
// Marketplace and the Extensions view show), from media/icon.svg with @resvg/resvg-js (a dev dependency).
// The PNG is committed: `npm run vsix` packs what is on disk and must not need a renderer. After changing
// the SVG, run this and commit both; `--check` fails when the PNG is not what the SVG renders to.
//   node scripts/make-icon.mjs [--check]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.join(ROOT, 'media/icon.svg');
const TARGET = path.join(ROOT, 'media/icon.png');
const SIZE = 128;

const png = new Resvg(fs.readFileSync(SOURCE, 'utf8'), { fitTo: { mode: 'width', value: SIZE } }).render().asPng();
if (process.argv.includes('--check')) {
  if (!fs.existsSync(TARGET) || !Buffer.from(png).equals(fs.readFileSync(TARGET))) {
    console.error('media/icon.png is not what media/icon.svg renders to: run node scripts/make-icon.mjs');
    process.exit(1);
  }
} else {
  fs.writeFileSync(TARGET, png);
  console.log(`media/icon.png: ${SIZE} × ${SIZE}, ${png.length} bytes`);
}
