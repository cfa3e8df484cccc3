/**
 * The "may import" column of docs/architecture.md ("Layout"), checked by `npm run depcheck` (part of
 * `npm test`): an import the table does not allow, or any import cycle, fails. Change the table and this
 * file together.
 *
 * The folders form one order, lowest first — engine, protocol, data, checkpoint, inference, tasks, train,
 * interop, worker, cli — and a folder imports only folders below it, so no two folders import each
 * other. The extension host and the webviews sit beside that order and see only contracts: src/protocol/
 * (types, and pure helpers a host and a webview share), and for the host the worker clients and the
 * tasks' presentations.
 */

/** A folder of src/ as a path pattern. */
const src = (folder) => `^src/${folder}/`;

/** The folder may import only itself and the given paths (project files; npm packages are checked apart). */
function mayImportOnly(folder, allowed, comment) {
  return {
    name: `${folder}-imports`,
    comment,
    severity: 'error',
    from: { path: src(folder) },
    to: { path: '^(src|webview)/', pathNot: [src(folder), ...allowed] },
  };
}

const TASK_PRESENTATIONS = '^src/tasks/(presentations|[^/]+/presentation)\\.ts$';
const HOST_SIDE_WORKER = '^src/worker/(client|inference-client|cancel-flags)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'An import cycle, between modules or through type-only imports: move what both sides share to a types-only module below them.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    mayImportOnly('engine', [], 'The numerical core imports nothing outside it.'),
    mayImportOnly(
      'protocol',
      [src('engine')],
      'Contracts: types (and pure helpers shared by host and webviews); the only thing below them is the engine.',
    ),
    {
      name: 'protocol-imports-engine-types-only',
      comment:
        'src/protocol/ takes only types from the engine, so a webview that imports a contract bundles no engine code.',
      severity: 'error',
      from: { path: src('protocol') },
      to: { path: src('engine'), dependencyTypesNot: ['type-only'] },
    },
    mayImportOnly('data', [src('engine'), src('protocol')], 'Datasets to typed arrays.'),
    mayImportOnly(
      'checkpoint',
      ['^src/engine/config\\.ts$', '^src/engine/layer-naming\\.ts$', src('protocol')],
      'Safetensors read/write and the metadata schema; of the engine only its model config and parameter names.',
    ),
    mayImportOnly(
      'inference',
      [src('engine'), src('data'), src('checkpoint'), src('protocol')],
      'The building blocks of using a trained model (a predictor, stepping, attribution, reading a selection, gate recording); each task composes them.',
    ),
    mayImportOnly(
      'tasks',
      [src('engine'), src('data'), src('checkpoint'), src('inference'), src('protocol')],
      'One folder per task; everything that runs a task imports the registry, never the reverse.',
    ),
    {
      name: 'task-presentations-import-contracts-only',
      comment:
        'The presentations are what the extension host may know of a task: data, no code that reads data or runs a model.',
      severity: 'error',
      from: { path: TASK_PRESENTATIONS },
      to: { path: '^(src|webview)/', pathNot: ['^src/protocol/', TASK_PRESENTATIONS] },
    },
    mayImportOnly(
      'train',
      [src('engine'), src('data'), src('checkpoint'), src('inference'), src('protocol'), src('tasks')],
      'The training loop, run folders, resume.',
    ),
    mayImportOnly(
      'interop',
      [src('engine'), src('data'), src('checkpoint'), src('inference'), src('train'), src('protocol'), src('tasks')],
      'PyTorch export and import.',
    ),
    mayImportOnly(
      'worker',
      [
        src('engine'),
        src('data'),
        src('checkpoint'),
        src('train'),
        src('interop'),
        src('inference'),
        src('protocol'),
        src('tasks'),
      ],
      'The worker entries run everything but the CLI and the extension; the host-side clients import only contracts (next rule).',
    ),
    {
      name: 'worker-clients-import-contracts-only',
      comment:
        'The host-side worker clients are bundled into the extension host: they import only src/protocol/ and each other.',
      severity: 'error',
      from: { path: HOST_SIDE_WORKER },
      to: { path: '^(src|webview)/', pathNot: ['^src/protocol/', HOST_SIDE_WORKER] },
    },
    mayImportOnly(
      'cli',
      [
        src('engine'),
        src('data'),
        src('checkpoint'),
        src('train'),
        src('interop'),
        src('inference'),
        src('worker'),
        src('protocol'),
        src('tasks'),
      ],
      'lstm-studio: everything but the extension.',
    ),
    mayImportOnly(
      'extension',
      ['^src/protocol/', HOST_SIDE_WORKER, TASK_PRESENTATIONS],
      "The extension host never computes: contracts, the worker clients and the tasks' presentations.",
    ),
    {
      name: 'webview-imports',
      comment: 'Webviews import only src/protocol/ and webview/ (and their npm packages).',
      severity: 'error',
      from: { path: '^webview/' },
      to: { path: '^(src|webview)/', pathNot: ['^src/protocol/', '^webview/'] },
    },
    {
      name: 'no-node-in-pure-code',
      comment: 'The engine, the contracts and the webviews run without Node: no node: modules.',
      severity: 'error',
      from: { path: ['^src/engine/', '^src/protocol/', '^webview/'] },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a cycle through types is still a cycle for a reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
