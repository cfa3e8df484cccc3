// The README the .vsix carries (`npm run vsix` packages it with `vsce --readme-path`), made from
// README.md for the page VS Code shows for an installed extension (Extensions view → LSTM Studio).
//
// That page renders the README in a webview whose Content-Security-Policy is `img-src https: data:` and
// whose relative URLs resolve against VS Code's own webview page, not the extension's folder (checked in
// code-server 4.100 / VS Code 1.100: `extensionEditor` `renderBody`; an image `media/x.webp` loads from
// `…/webview/browser/pre/media/x.webp` and is blocked, a link `docs/gates.md` goes to
// `…/webview/browser/pre/docs/gates.md`). The extension has no public repository to point https URLs at
// (`--allow-missing-repository`), and the page must work offline, so:
// - the pictures in INLINE_PICTURES are written into the README as `data:` URLs (the only kind that
//   loads); the others are left out, because each one would grow the .vsix by its size and it must stay
//   under 1.5 MB (the repository's README keeps them all);
// - a link to a doc that ships in the .vsix (`docs/*.md`, CHANGELOG.md, …) becomes its name in code
//   style, and a line under the title says how to open them: *LSTM Studio: Open Documentation*.
// Links to https pages and in-page anchors are kept.
//
//   node scripts/vsix-readme.mjs            writes dist/vsix-readme/README.md

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = 'dist/vsix-readme/README.md';

/** The pictures shown on the installed extension's page: one small one (~10 KB) for the whole README. */
export const INLINE_PICTURES = ['media/walkthrough/predict-light.webp'];

const MIME = {
  '.webp': 'image/webp',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
};

export const DOCS_NOTE =
  '> The docs named below ship with the extension: open them with **LSTM Studio: Open Documentation** ' +
  'in the Command Palette.';

/**
 * README.md as the installed extension's page can show it. `readPicture(path)` returns a picture's
 * bytes (a path relative to the repository root).
 */
export function packagedReadme(markdown, readPicture) {
  let text = markdown.replace(/!\[([^\]]*)\]\(([^)\s]+)\)\n?/g, (whole, alt, src) => {
    if (isAbsoluteUrl(src)) return whole;
    if (!INLINE_PICTURES.includes(src)) return ''; // the page cannot load it: leave it out
    const mime = MIME[extname(src).toLowerCase()];
    if (!mime) throw new Error(`${src}: no MIME type for a data: URL`);
    const data = Buffer.from(readPicture(src)).toString('base64');
    return `![${alt}](data:${mime};base64,${data})\n`;
  });
  text = text.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label, href) => {
    if (isAbsoluteUrl(href) || href.startsWith('#')) return whole;
    const name = label.replace(/^`|`$/g, '');
    return name === href ? `\`${href}\`` : `${label} (\`${href}\`)`;
  });
  // Blank lines left where pictures were, collapsed; the note goes under the title.
  text = text.replace(/\n{3,}/g, '\n\n');
  return text.replace(/^(# [^\n]+\n)/, `$1\n${DOCS_NOTE}\n`);
}

function isAbsoluteUrl(url) {
  return /^[a-z][a-z0-9+.-]*:/i.test(url);
}

function main() {
  const markdown = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const text = packagedReadme(markdown, (path) => readFileSync(join(ROOT, path)));
  mkdirSync(dirname(join(ROOT, OUTPUT)), { recursive: true });
  writeFileSync(join(ROOT, OUTPUT), text);
  console.log(`${OUTPUT}: ${Buffer.byteLength(text)} bytes, ${INLINE_PICTURES.length} picture(s) inline`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
