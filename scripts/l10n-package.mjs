// Moves every literal user-visible string of package.json's `contributes` into package.nls.json and
// leaves a `%key%` in its place, so VS Code shows command titles, settings, views and walkthroughs in
// the display language (package.nls.<locale>.json). Idempotent: a `%key%` stays as it is, a new literal
// (a command someone added) gets a key on the next run, and keys nothing references any more are
// dropped. `node scripts/l10n-package.mjs` (part of `npm run l10n`); `--check` only reports.
//
// Which strings are user-visible is decided by property name (VISIBLE_TEXT, VISIBLE_LISTS) wherever it
// sits in `contributes`, except inside values that are data, not words (OPAQUE: a setting's default,
// its enum values). test/unit/extension/package-nls.test.ts fails when a literal slips through.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Properties whose string value a user reads (command titles, view names, setting descriptions, …). */
export const VISIBLE_TEXT = new Set([
  'title',
  'shortTitle',
  'category',
  'label',
  'name',
  'contextualTitle',
  'contents',
  'displayName',
  'description',
  'markdownDescription',
  'deprecationMessage',
  'markdownDeprecationMessage',
  'patternErrorMessage',
  'errorMessage',
  'altText',
]);

/** Properties that hold a list of user-visible strings, one per enum value. */
export const VISIBLE_LISTS = new Set(['enumDescriptions', 'markdownEnumDescriptions', 'enumItemLabels']);

/** Values that are data (a default, the enum values a setting stores), never translated. */
export const OPAQUE = new Set(['default', 'enum', 'examples', 'const']);

/** Array items are named by their id rather than their position, so keys survive reordering. */
const ITEM_IDS = ['command', 'id', 'viewType', 'submenu', 'view'];

const PLACEHOLDER = /^%([^%\s]+)%$/;

/** The `%key%` of a placeholder string, or null for a literal. */
export function placeholderKey(value) {
  const match = PLACEHOLDER.exec(value);
  return match ? match[1] : null;
}

/** Our own prefix says nothing in a key (`lstmStudio.trainDataset` → `trainDataset`). */
function keySegment(name) {
  return String(name).replace(/^lstmStudio\./, '');
}

/** `LSTM Studio` → `lstmStudio`: a category is one word shared by every command that has it. */
function camelSlug(text) {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join('');
}

/**
 * Every user-visible string slot of `contributes`, in document order: `{ holder, property, index?, value,
 * key }` where `holder[property]` (or `holder[property][index]`) is the string and `key` is the key a
 * literal there would get.
 */
export function visibleStrings(contributes) {
  const slots = [];
  const visit = (node, path) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        const id =
          item && typeof item === 'object'
            ? ITEM_IDS.map((p) => item[p]).find((v) => typeof v === 'string')
            : undefined;
        visit(item, [...path, id === undefined ? String(i) : keySegment(id)]);
      });
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [property, value] of Object.entries(node)) {
      if (OPAQUE.has(property)) continue;
      if (typeof value === 'string') {
        if (!VISIBLE_TEXT.has(property)) continue;
        const key = property === 'category' ? `category.${camelSlug(value)}` : [...path, property].join('.');
        slots.push({ holder: node, property, value, key });
      } else if (VISIBLE_LISTS.has(property) && Array.isArray(value)) {
        value.forEach((entry, index) => {
          if (typeof entry !== 'string') return;
          const enumValue = Array.isArray(node.enum) ? node.enum[index] : undefined;
          const suffix =
            typeof enumValue === 'string' || typeof enumValue === 'number' ? String(enumValue) : String(index);
          slots.push({ holder: node, property, index, value: entry, key: [...path, property, suffix].join('.') });
        });
      } else {
        // `properties` only groups settings; their ids say enough.
        visit(value, property === 'properties' ? path : [...path, keySegment(property)]);
      }
    }
  };
  visit(contributes, []);
  return slots;
}

/**
 * package.json and package.nls.json after moving every literal into the nls file. Pure: returns new
 * objects. `nls` keys stay in the order package.json first references them.
 */
export function localizePackage(pkg, nls) {
  const next = structuredClone(pkg);
  const messages = { ...nls };
  const taken = new Set(Object.keys(messages));
  for (const slot of visibleStrings(next.contributes ?? {})) {
    if (placeholderKey(slot.value) !== null) continue;
    let key = slot.key;
    // A key taken by another text gets a number; one with the same text (a shared category) is reused.
    for (let n = 2; taken.has(key) && messages[key] !== slot.value; n++) key = `${slot.key}.${n}`;
    messages[key] = slot.value;
    taken.add(key);
    const placeholder = `%${key}%`;
    if (slot.index === undefined) slot.holder[slot.property] = placeholder;
    else slot.holder[slot.property][slot.index] = placeholder;
  }
  const ordered = {};
  for (const key of referencedKeys(next)) if (key in messages) ordered[key] = messages[key];
  return { pkg: next, nls: ordered };
}

/** Every `%key%` anywhere in package.json, in document order, once each. */
export function referencedKeys(pkg) {
  const keys = new Set();
  const visit = (node) => {
    if (typeof node === 'string') {
      const key = placeholderKey(node);
      if (key !== null) keys.add(key);
    } else if (node && typeof node === 'object') for (const value of Object.values(node)) visit(value);
  };
  visit(pkg);
  return [...keys];
}

/** What is wrong with package.json and package.nls.json as a pair: literals left, keys missing. */
export function packageNlsProblems(pkg, nls) {
  const problems = [];
  for (const slot of visibleStrings(pkg.contributes ?? {})) {
    if (placeholderKey(slot.value) === null)
      problems.push(`literal text at ${slot.key}: ${JSON.stringify(slot.value)}`);
  }
  for (const key of referencedKeys(pkg)) if (!(key in nls)) problems.push(`%${key}% is missing from package.nls.json`);
  return problems;
}

const json = (value) => JSON.stringify(value, null, 2) + '\n';

function main() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const pkgPath = join(root, 'package.json');
  const nlsPath = join(root, 'package.nls.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  let nls = {};
  try {
    nls = JSON.parse(readFileSync(nlsPath, 'utf8'));
  } catch (error) {
    if (error.code !== 'ENOENT') throw new Error(`package.nls.json: ${error.message}`);
  }
  if (process.argv.includes('--check')) {
    const problems = packageNlsProblems(pkg, nls);
    for (const problem of problems) console.error(`package.json: ${problem}`);
    process.exit(problems.length === 0 ? 0 : 1);
  }
  const result = localizePackage(pkg, nls);
  if (result.pkg.l10n === undefined) result.pkg.l10n = './l10n';
  writeFileSync(pkgPath, json(result.pkg));
  writeFileSync(nlsPath, json(result.nls));
  console.log(`package.nls.json: ${Object.keys(result.nls).length} strings`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
