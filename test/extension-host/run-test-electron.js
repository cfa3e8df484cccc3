// `npm run test:vscode`: the extension-host suite on a desktop VS Code, downloaded by @vscode/test-electron.
// Needs network access to the VS Code update service (CI here has none; it runs the same suite in
// code-server through test/e2e/extension-host.e2e.test.mjs).
'use strict';
const path = require('node:path');
const { runTests } = require('@vscode/test-electron');

const root = path.join(__dirname, '../..');
runTests({
  extensionDevelopmentPath: root,
  extensionTestsPath: path.join(__dirname, 'index.js'),
  launchArgs: ['--disable-extensions', '--disable-workspace-trust', path.join(root, 'examples')],
}).catch((error) => {
  console.error(`extension-host tests failed: ${error.message ?? error}`);
  process.exit(1);
});
