// Checks the packaged extension after `vsce package` (run by `npm run vsix`): the .vsix stays under
// 1.5 MB (issue 18: a small download for a first try), and what a user's first hour needs is in it —
// the sample datasets, the docs *Open Documentation* lists, every panel's scripts as the webviews build
// lists them (dist/webview/entrypoints.json: a shared chunk left out would leave its panels blank).
//
//   node scripts/check-vsix.mjs [lstm-studio.vsix]
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LIMIT_BYTES = 1_500_000;
const vsix = process.argv[2] ?? 'lstm-studio.vsix';
const problems = [];

const bytes = statSync(vsix).size;
if (bytes >= LIMIT_BYTES) problems.push(`${vsix} is ${bytes} bytes, over the ${LIMIT_BYTES}-byte limit`);

// `vsce ls` lists what `vsce package` puts in (package.json's files and .vscodeignore).
const vsce = join('node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
const listed = new Set(
  execFileSync(vsce, ['ls', '--no-dependencies'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean),
);
const entrypoints = JSON.parse(readFileSync('dist/webview/entrypoints.json', 'utf8'));
const required = [
  'samples/reviews.csv',
  'samples/fables.txt',
  'docs/evaluation.md',
  'dist/webview/entrypoints.json',
  ...Object.values(entrypoints)
    .flat()
    .map((file) => `dist/webview/${file}`),
];
for (const file of new Set(required)) if (!listed.has(file)) problems.push(`${vsix} lacks ${file}`);

if (problems.length > 0) {
  for (const problem of problems) console.error(`check-vsix: ${problem}`);
  process.exit(1);
}
console.log(`check-vsix: ${vsix} ${bytes} bytes, ${listed.size} files, every panel's scripts and the samples in it`);
