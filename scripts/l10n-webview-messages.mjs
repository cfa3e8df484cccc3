#!/usr/bin/env node
/**
 * The panels' messages for the extension's English bundle (`l10n/bundle.l10n.json`).
 *
 * `@vscode/l10n-dev export` finds `l10n.t('…')` only where `l10n` is imported from `vscode` or
 * `@vscode/l10n`; the webviews import their own `t` (`import * as l10n from '../shared/l10n'`, a bundle
 * for the page cannot import `vscode`). So this reads every `webview/**.ts`, points that one import at
 * `@vscode/l10n` in memory (the files are not changed) and hands the sources to l10n-dev's own extractor,
 * which therefore reads the calls exactly as it reads the host's.
 *
 *   node scripts/l10n-webview-messages.mjs                      prints the panels' bundle
 *   node scripts/l10n-webview-messages.mjs l10n/bundle.l10n.json  adds them to that bundle (made if absent)
 *
 * Run it after `vscode-l10n-dev export -o l10n src` (which writes the host's messages), then
 * `vscode-l10n-dev generate-pseudo -o l10n l10n/bundle.l10n.json` for the `qps-ploc` pseudo-locale.
 */

import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getL10nJson } from '@vscode/l10n-dev';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WEBVIEW = join(ROOT, 'webview');
/** The panels' own import of `t`, from any folder depth. */
const OWN_IMPORT = /from '(?:\.\.?\/)+(?:shared\/)?l10n'/g;

function sourceFiles(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return extname(entry.name) === '.ts' ? [path] : [];
  });
}

/** English message → itself (or `{ message, comment }`), from every panel. */
export async function webviewMessages() {
  const files = sourceFiles(WEBVIEW)
    .map((path) => ({ path, contents: readFileSync(path, 'utf8') }))
    .filter((file) => file.contents.includes('l10n.t('))
    .map((file) => ({
      extension: '.ts',
      contents: file.contents.replace(OWN_IMPORT, "from '@vscode/l10n'"),
      path: relative(ROOT, file.path),
    }));
  return getL10nJson(files);
}

async function main() {
  const target = process.argv[2];
  const messages = await webviewMessages();
  if (!target) {
    process.stdout.write(`${JSON.stringify(messages, null, 2)}\n`);
    return;
  }
  const bundle = existsSync(target) ? JSON.parse(readFileSync(target, 'utf8')) : {};
  const merged = { ...bundle, ...messages };
  writeFileSync(target, `${JSON.stringify(merged, null, 2)}\n`);
  const added = Object.keys(merged).length - Object.keys(bundle).length;
  process.stdout.write(`${target}: ${Object.keys(messages).length} panel messages, ${added} new\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`l10n-webview-messages: ${error.message}\n`);
    process.exit(1);
  });
}
