// Extension-host test suite (the `extensionTestsPath` contract: export `run(): Promise<void>`).
// Runs inside a real VS Code extension host with the `vscode` API — in code-server (test/e2e) here, or a
// desktop VS Code through @vscode/test-electron (`npm run test:vscode`) where one can be downloaded.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

function loadMocha() {
  // mocha is a root devDependency; test/e2e has its own copy for code-server runs.
  for (const base of [path.join(__dirname, '../..'), path.join(__dirname, '../e2e')]) {
    try {
      return require(require.resolve('mocha', { paths: [base] }));
    } catch {
      /* try the next */
    }
  }
  throw new Error('mocha not found: run npm ci');
}

exports.run = function run() {
  const Mocha = loadMocha();
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120000, reporter: 'spec' });
  for (const file of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort())
    mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) =>
      failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve(),
    );
  });
};
