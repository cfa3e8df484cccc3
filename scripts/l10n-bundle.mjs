// `npm run l10n`: the English message bundle and the pseudo-locale the translation tests run in.
//
// 1. package.json's new literal titles move into package.nls.json (scripts/l10n-package.mjs).
// 2. l10n/bundle.l10n.json: every literal `vscode.l10n.t('…')` / `l10n.t('…')` of src/extension and webview
//    (`@vscode/l10n-dev`'s extractor; it reads `l10n.t` only where `l10n` comes from `vscode` or
//    `@vscode/l10n`, so our own `import * as l10n from './l10n'` — the host's pure modules' and the
//    workers', src/protocol/l10n.ts, and the panels', webview/shared/l10n.ts — is pointed at `@vscode/l10n` in
//    memory first; the files are not changed), plus the words shared code hands the panels — the tasks'
//    presentations and the training settings (src/protocol/shared-words.ts `sharedWordsOf`), which the
//    host and the webviews translate with a key they hold at run time, so no extractor can see them.
// 3. The pseudo-locale `qps-ploc` of both (`l10n/bundle.l10n.qps-ploc.json`, `package.nls.qps-ploc.json`):
//    VS Code in that display language shows every translated string in accented letters, so an
//    untranslated one stands out (test/e2e/l10n.e2e.test.mjs).
//
// `--check` writes nothing and fails when a committed file differs from what this would write
// (test/unit/l10n/bundle.test.ts does the same, so a new message cannot be forgotten).

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getL10nJson, getL10nPseudoLocalized } from '@vscode/l10n-dev';
import { localizePackage } from './l10n-package.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * Where `l10n.t` calls live: the extension host, the webviews, and the code the workers run, which
 * translates with the bundle the host hands each worker (src/protocol/l10n.ts). Not src/cli: the CLI
 * speaks English.
 */
const SOURCE_FOLDERS = [
  'src/extension',
  'src/protocol',
  'src/data',
  'src/checkpoint',
  'src/inference',
  'src/tasks',
  'src/train',
  'src/interop',
  'src/worker',
  'webview',
];
export const PSEUDO_LOCALE = 'qps-ploc';
/**
 * Our own `t` modules, imported from any depth: `./l10n`, `../shared/l10n`, `../../shared/l10n`,
 * `../protocol/l10n`.
 */
const OWN_L10N_IMPORT = /from '(?:\.\.?\/)+(?:shared\/|protocol\/)?l10n'/g;

/** A source as the extractor must see it: our own `l10n` import as `@vscode/l10n`, whose `t` it reads. */
export function asExtractorSees(contents) {
  return contents.replace(OWN_L10N_IMPORT, "from '@vscode/l10n'");
}

/** Every `.ts` file under `folder`, sorted, so the bundle's order does not depend on the file system. */
function typeScriptFiles(folder) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(path);
    }
  };
  walk(folder);
  return found.sort();
}

/**
 * The repository's own TypeScript modules, loaded by transpiling each on require (TypeScript's
 * `transpileModule`; no type check): the presentations and settings are plain data modules.
 */
function requireTypeScript(root) {
  const require = createRequire(join(root, 'package.json'));
  const ts = require('typescript');
  const previous = require.extensions['.ts'];
  require.extensions['.ts'] = (module, filename) => {
    const source = readFileSync(filename, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: filename,
    });
    module._compile(outputText, filename);
  };
  return {
    load: (path) => require(join(root, path)),
    restore: () => {
      if (previous) require.extensions['.ts'] = previous;
      else delete require.extensions['.ts'];
    },
  };
}

/** The English words of the tasks' presentations and the training settings, in their order. */
export function sharedWords(root = ROOT) {
  const loader = requireTypeScript(root);
  try {
    const { allTaskPresentations } = loader.load('src/tasks/presentations.ts');
    const { TRAINING_SETTINGS } = loader.load('src/protocol/training-settings.ts');
    const { sharedWordsOf } = loader.load('src/protocol/shared-words.ts');
    return sharedWordsOf(allTaskPresentations(), TRAINING_SETTINGS);
  } finally {
    loader.restore();
  }
}

/** The English bundle: the extracted messages in file order, then the shared words not among them. */
export async function englishBundle(root = ROOT) {
  const files = SOURCE_FOLDERS.flatMap((folder) => typeScriptFiles(join(root, folder)));
  const bundle = {};
  // One file at a time, so a message's place follows its first file (the extractor's own order is per call).
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    if (!source.includes('l10n.t(')) continue; // parsing is the slow part: skip files with no message
    const contents = asExtractorSees(source);
    const messages = await getL10nJson([{ contents, extension: '.ts' }]).catch((error) => {
      throw new Error(`${relative(root, file)}: ${error.message}`);
    });
    for (const [key, value] of Object.entries(messages)) if (!(key in bundle)) bundle[key] = value;
  }
  for (const word of sharedWords(root)) if (!(word in bundle)) bundle[word] = word;
  return bundle;
}

const json = (value) => JSON.stringify(value, null, 2) + '\n';

/** Every file `npm run l10n` writes, path (from the root) → text. */
export async function l10nFiles(root = ROOT) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
  const localized = localizePackage(pkg, nls);
  const bundle = await englishBundle(root);
  return {
    'package.json': json(localized.pkg),
    'package.nls.json': json(localized.nls),
    'l10n/bundle.l10n.json': json(bundle),
    [`l10n/bundle.l10n.${PSEUDO_LOCALE}.json`]: json(getL10nPseudoLocalized(bundle)),
    [`package.nls.${PSEUDO_LOCALE}.json`]: json(getL10nPseudoLocalized(localized.nls)),
  };
}

/** The files whose committed text differs from what `npm run l10n` would write. */
export async function staleL10nFiles(root = ROOT) {
  const stale = [];
  for (const [path, text] of Object.entries(await l10nFiles(root))) {
    let committed = null;
    try {
      committed = readFileSync(join(root, path), 'utf8');
    } catch {
      /* missing: stale */
    }
    if (committed !== text) stale.push(path);
  }
  return stale;
}

async function main() {
  if (process.argv.includes('--check')) {
    const stale = await staleL10nFiles();
    for (const path of stale) console.error(`${path} is out of date: run npm run l10n`);
    process.exit(stale.length === 0 ? 0 : 1);
  }
  const files = await l10nFiles();
  for (const [path, text] of Object.entries(files)) writeFileSync(join(ROOT, path), text);
  const messages = Object.keys(JSON.parse(files['l10n/bundle.l10n.json'])).length;
  const contributions = Object.keys(JSON.parse(files['package.nls.json'])).length;
  console.log(`l10n: ${messages} messages, ${contributions} package.json strings, pseudo-locale ${PSEUDO_LOCALE}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
