// Bundles (DESIGN.md §1), each its own entry, nothing loaded from the network at run time:
//   extension  — node, commonjs, `vscode` external: what VS Code activates (no engine code in it)
//   worker     — node: the worker_threads entries (training; inference for the editor), loaded by path
//   cli        — node: the `lstm-studio` command line (bin/lstm-studio.js loads it)
//   webviews   — web: one script per panel
'use strict';
const path = require('node:path');

const tsRule = {
  test: /\.ts$/,
  exclude: /node_modules/,
  use: [{ loader: 'ts-loader', options: { transpileOnly: true } }],
};
// `import text from './file.py?raw'`: a file's text as a string (the PyTorch export's Python sources, src/interop/python/).
const rawRule = { resourceQuery: /raw/, type: 'asset/source' };
const common = (mode) => ({
  mode,
  devtool: mode === 'production' ? 'source-map' : 'eval-source-map',
  resolve: { extensions: ['.ts', '.js'] },
  module: { rules: [tsRule, rawRule] },
  infrastructureLogging: { level: 'warn' },
  performance: { hints: false },
});

module.exports = (_env, argv) => {
  const mode = argv.mode === 'development' ? 'development' : 'production';
  const node = {
    ...common(mode),
    target: 'node20',
    node: { __dirname: false, __filename: false },
    output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', libraryTarget: 'commonjs2' },
  };
  return [
    {
      ...node,
      name: 'extension',
      entry: { extension: './src/extension/extension.ts' },
      externals: { vscode: 'commonjs vscode' },
    },
    {
      ...node,
      name: 'worker',
      entry: {
        worker: './src/worker/worker.ts',
        'inference-worker': './src/worker/inference-worker.ts',
        'train-thread': './src/worker/train-thread.ts',
      },
    },
    { ...node, name: 'cli', entry: { cli: './src/cli/main.ts' } },
    {
      ...common(mode),
      // eval-source-map would need 'unsafe-eval', which the webviews' CSP does not allow.
      devtool: 'source-map',
      name: 'webviews',
      target: 'web',
      entry: {
        training: './webview/training/main.ts',
        gates: './webview/gates/main.ts',
        checkpoint: './webview/checkpoint/main.ts',
        prediction: './webview/prediction/main.ts',
        'new-run': './webview/new-run/main.ts',
        'runs-table': './webview/runs-table/main.ts',
        'audio-view': './webview/audio/main.ts',
      },
      output: { path: path.resolve(__dirname, 'dist', 'webview'), filename: '[name].js' },
    },
  ];
};
