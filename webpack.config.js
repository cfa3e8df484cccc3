// Bundles (DESIGN.md §1), each its own entry, nothing loaded from the network at run time:
//   extension  — node, commonjs, `vscode` external: what VS Code activates (no engine code in it)
//   worker     — node: the worker_threads entries (training; inference for the editor), loaded by path
//   cli        — node: the `lstm-studio` command line (bin/lstm-studio.js loads it)
//   holidays   — node: date-holidays and its calendars (~0.8 MB), one file shared by worker, inference-worker
//                and cli, which load it with require('./holidays.js') where they import 'date-holidays'
//   webviews   — web: one script per panel, plus chart.js in one chunk the charting panels share
//                (dist/webview/entrypoints.json lists each panel's scripts in load order)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const webpack = require('webpack');

const tsRule = {
  test: /\.ts$/,
  exclude: /node_modules/,
  use: [{ loader: 'ts-loader', options: { transpileOnly: true } }],
};
// `import text from './file.py?raw'`: a file's text as a string (the PyTorch export's Python sources, src/interop/python/).
const rawRule = { resourceQuery: /raw/, type: 'asset/source' };
// moment-timezone's data (~0.7 MB, pulled in by date-holidays) cut down to the zones our holiday look-ups use.
const holidayTimeZonesRule = {
  test: /moment-timezone[\\/]data[\\/]packed[\\/]latest\.json$/,
  use: [{ loader: path.resolve(__dirname, 'scripts/webpack/holiday-time-zones.cjs') }],
};
// VS Code's icon font for the panels' buttons: @vscode/codicons' stylesheet and font, copied as they are
// into dist/webview/ (the HTML shell links codicon.css before the panel's own; CSP font-src is the webview's
// own source). Emitted by the webviews build so `webpack --watch` and `npm run build` both ship it; at the
// last stage, so no minimiser or source map touches the file (it keeps its licence header).
class CopyCodicons {
  apply(compiler) {
    const dist = path.dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
    compiler.hooks.thisCompilation.tap('CopyCodicons', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'CopyCodicons', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT },
        () => {
          for (const file of ['codicon.css', 'codicon.ttf']) {
            const source = path.join(dist, file);
            compilation.fileDependencies.add(source);
            // `minimized`: the minimisers (which also see assets added after their stage) leave it as it is.
            compilation.emitAsset(file, new webpack.sources.RawSource(fs.readFileSync(source)), { minimized: true });
          }
        },
      );
    });
  }
}

// Each panel's scripts in load order (a shared chunk before the panel's own), as
// dist/webview/entrypoints.json: the HTML shell (src/extension/webview-html.ts) and the screenshot
// scripts read it, so no list of which panel needs which chunk is kept by hand.
class EntrypointsManifest {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('EntrypointsManifest', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'EntrypointsManifest', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT },
        () => {
          const manifest = {};
          for (const [name, entry] of compilation.entrypoints)
            manifest[name] = entry.getFiles().filter((file) => file.endsWith('.js'));
          compilation.emitAsset(
            'entrypoints.json',
            new webpack.sources.RawSource(JSON.stringify(manifest, null, 1) + '\n'),
            { minimized: true },
          );
        },
      );
    });
  }
}

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
  // The bundles that read holiday calendars take them from dist/holidays.js rather than each carrying a copy.
  const sharedHolidays = { 'date-holidays': 'commonjs ./holidays.js' };
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
      externals: sharedHolidays,
    },
    { ...node, name: 'cli', entry: { cli: './src/cli/main.ts' }, externals: sharedHolidays },
    {
      ...node,
      name: 'holidays',
      entry: { holidays: 'date-holidays' },
      module: { rules: [holidayTimeZonesRule] },
      // moment's locales (loaded on demand by name): date-holidays names holidays from its own data, and
      // the moment it uses only converts time zones.
      plugins: [new webpack.IgnorePlugin({ resourceRegExp: /^\.\/locale$/, contextRegExp: /moment$/ })],
    },
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
        evaluate: './webview/evaluate/main.ts',
      },
      output: { path: path.resolve(__dirname, 'dist', 'webview'), filename: '[name].js' },
      // chart.js (~200 KB minified) once for the five panels that chart, not once in each bundle.
      optimization: {
        splitChunks: {
          cacheGroups: {
            charts: {
              test: /[\\/]node_modules[\\/](chart\.js|@kurkle)[\\/]/,
              name: 'charts',
              chunks: 'initial',
              enforce: true,
            },
          },
        },
      },
      plugins: [new CopyCodicons(), new EntrypointsManifest()],
    },
  ];
};
