/**
 * The Runs table's host: it lists the run folders' run.json files (never a metrics.csv) as rows without
 * paths, acts only on runs it listed and columns it can build — a hostile message names neither and is
 * logged and ignored — refuses to delete a run that trains, and writes the CSV export itself.
 */

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { manifest } from './fixtures';

type Listener = (message: unknown) => void;

const fake = vi.hoisted(() => ({
  panel: null as null | { receive: Listener; posted: unknown[] },
  warnings: [] as string[],
  commands: [] as unknown[][],
  written: [] as { path: string; text: string }[],
  read: [] as string[],
  saveTarget: '' as string,
  workspaceFolder: '',
}));

vi.mock('vscode', async () => {
  const { englishL10n } = await import('./vscode-l10n-fake');
  const fs = await import('node:fs/promises');
  class Uri {
    constructor(readonly fsPath: string) {}
    static file(path: string) {
      return new Uri(path);
    }
    static joinPath(base: Uri, ...parts: string[]) {
      return new Uri([base.fsPath, ...parts].join('/'));
    }
  }
  const disposable = { dispose() {} };
  class EventEmitter {
    event = () => disposable;
    fire() {}
    dispose() {}
  }
  class TreeItem {
    constructor(readonly label: string) {}
  }
  return {
    l10n: englishL10n,
    Uri,
    EventEmitter,
    TreeItem,
    ThemeIcon: class {},
    MarkdownString: class {},
    TreeItemCollapsibleState: { None: 0 },
    Disposable: { from: (...items: { dispose(): void }[]) => ({ dispose: () => items.forEach((d) => d.dispose()) }) },
    ViewColumn: { Active: -1, Beside: -2 },
    // panelHtml writes the display language and its bundle (none: English) into the page.
    env: { language: 'en' },
    FileType: { File: 1, Directory: 2 },
    window: {
      createWebviewPanel: () => {
        const entry = { receive: (() => undefined) as Listener, posted: [] as unknown[] };
        fake.panel = entry;
        return {
          title: '',
          reveal() {},
          dispose() {},
          onDidDispose: () => disposable,
          webview: {
            html: '',
            options: {},
            cspSource: 'vscode-resource:',
            asWebviewUri: (uri: Uri) => uri,
            postMessage: async (message: unknown) => entry.posted.push(message),
            onDidReceiveMessage: (listener: Listener) => {
              entry.receive = listener;
              return disposable;
            },
          },
        };
      },
      createOutputChannel: () => ({
        info() {},
        error() {},
        debug() {},
        warn: (line: string) => fake.warnings.push(line),
      }),
      registerWebviewPanelSerializer: () => disposable,
      showSaveDialog: async () => (fake.saveTarget ? new Uri(fake.saveTarget) : undefined),
      showInformationMessage: async (text: string) => fake.warnings.push(`info: ${text}`),
    },
    workspace: {
      fs: {
        readDirectory: async (uri: Uri) =>
          (await fs.readdir(uri.fsPath, { withFileTypes: true })).map((e) => [e.name, e.isDirectory() ? 2 : 1]),
        readFile: async (uri: Uri) => {
          fake.read.push(uri.fsPath);
          return new Uint8Array(await fs.readFile(uri.fsPath));
        },
        writeFile: async (uri: Uri, bytes: Uint8Array) =>
          fake.written.push({ path: uri.fsPath, text: new TextDecoder().decode(bytes) }),
      },
      createFileSystemWatcher: () => ({
        onDidCreate: () => disposable,
        onDidChange: () => disposable,
        onDidDelete: () => disposable,
        dispose() {},
      }),
      get workspaceFolders() {
        return [{ uri: new Uri(fake.workspaceFolder) }];
      },
      getConfiguration: () => ({ get: (_key: string, fallback: unknown) => fallback }),
    },
    commands: {
      executeCommand: async (...args: unknown[]) => fake.commands.push(args),
      registerCommand: () => disposable,
    },
  };
});

const { RunsTablePanel } = await import('../../../src/extension/runs-table-panel');

const root = mkdtempSync(join(tmpdir(), 'lstm-runs-table-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
fake.workspaceFolder = root;
const runs = join(root, '.lstm-studio', 'runs');

function writeRun(id: string, config: Record<string, unknown>, fields: Record<string, unknown> = {}): string {
  const runDir = join(runs, id);
  mkdirSync(runDir, { recursive: true });
  writeFileSync(
    join(runDir, 'run.json'),
    JSON.stringify(manifest({ id, config: { ...manifest().config, ...config }, ...fields })),
  );
  // A history the table must never read itself.
  writeFileSync(join(runDir, 'metrics.csv'), 'not read by the host');
  return runDir;
}

const small = writeRun('20261206-101500-reviews', { hiddenSize: 16, lr: 0.01 });
const SWEEP = 'sweep-20261206-101600-0a1b';
const wide = writeRun(
  '20261206-101600-reviews',
  { hiddenSize: 32, lr: 0.003 },
  { sweep: { id: SWEEP, name: 'lr', index: 0, count: 2, swept: { lr: 0.003 } } },
);
mkdirSync(join(runs, 'not-a-run'));
const context = { extensionUri: { fsPath: '/ext' } } as never;

function managerFake(activeRunDir = '') {
  return {
    changed: [] as (() => void)[],
    onDidChangeRun(listener: () => void) {
      this.changed.push(listener);
      return { dispose() {} };
    },
    activeRuns: () => [],
    // No live state: the rows come from run.json alone (a live run's meta is run-state's, tested there).
    activeRun: () => undefined,
    isActive: (runDir: string) => runDir === activeRunDir,
    readRecord: vi.fn(async (runDir: string) => ({ meta: { id: runDir, runDir } })),
    load: vi.fn(async () => ({
      steps: { step: [1, 2], loss: [0.9, 0.8], epoch: [], time: [], lr: [], gradNorm: [] },
      evaluations: [{ step: 2, epoch: 0, time: 1, metrics: { loss: 0.7, accuracy: 0.6 } }],
    })),
  };
}

async function openTable(manager = managerFake()) {
  RunsTablePanel.show(context, manager as never);
  const panel = fake.panel!;
  panel.receive({ type: 'ready' });
  await vi.waitFor(() => expect(panel.posted.some((m) => (m as { type: string }).type === 'snapshot')).toBe(true));
  return { panel, manager };
}

beforeEach(() => {
  RunsTablePanel['current']?.dispose();
  fake.warnings.length = 0;
  fake.commands.length = 0;
  fake.written.length = 0;
  fake.saveTarget = '';
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('the Runs table host', () => {
  it('sends a row per run folder, with its settings and no path', async () => {
    const { panel } = await openTable();
    const snapshot = panel.posted.find((m) => (m as { type: string }).type === 'snapshot') as {
      runs: { id: string; settings: Record<string, unknown> }[];
    };
    expect(snapshot.runs.map((r) => r.id)).toEqual(['20261206-101600-reviews', '20261206-101500-reviews']);
    expect(snapshot.runs[1].settings).toMatchObject({ hiddenSize: 16, lr: 0.01 });
    expect(JSON.stringify(snapshot)).not.toContain(root);
    expect(fake.read.length).toBeGreaterThan(0);
    expect(fake.read.every((path) => path.endsWith('/run.json'))).toBe(true);
  });

  it('ignores what does not name a run or a column it sent', async () => {
    const { panel, manager } = await openTable();
    const hostile = [
      { type: 'delete-run', runId: '20261206-101500-reviews', runDir: '/etc' },
      { type: 'delete-run', runDir: small },
      { type: 'export-csv', columns: ['run'], runIds: ['r'], path: '/etc/passwd' },
      { type: 'rm', path: root },
    ];
    for (const message of hostile) panel.receive(message);
    // Valid shapes naming what the host never sent: refused by the host, not the validator.
    panel.receive({ type: 'delete-run', runId: '../../etc' });
    panel.receive({ type: 'train-again', runId: 'nobody' });
    panel.receive({ type: 'export-csv', columns: ['run', 'setting:datasetPath'], runIds: ['20261206-101500-reviews'] });
    panel.receive({ type: 'export-csv', columns: ['run'], runIds: ['nobody'] });
    panel.receive({ type: 'load-curves', requestId: 1, runIds: ['nobody'] });
    panel.receive({ type: 'stop-sweep', sweepId: 'sweep-nobody' });
    await settle();
    expect(fake.commands).toEqual([]);
    expect(fake.written).toEqual([]);
    expect(manager.load).not.toHaveBeenCalled();
    expect(fake.warnings.filter((w) => w.startsWith('Runs table: ignored a message'))).toHaveLength(hostile.length);
    expect(fake.warnings.filter((w) => w.startsWith('Runs table: ') && !w.includes('ignored'))).toHaveLength(5);
    expect(readdirSync(runs)).toHaveLength(3);
  });

  it('acts on runs it listed, by their own folders', async () => {
    const { panel, manager } = await openTable();
    panel.receive({ type: 'train-again', runId: '20261206-101600-reviews' });
    panel.receive({ type: 'load-curves', requestId: 7, runIds: ['20261206-101500-reviews'] });
    await settle();
    expect(fake.commands).toEqual([['lstmStudio.newTrainingRun', { runDir: wide }]]);
    expect(manager.load).toHaveBeenCalledWith(small);
    expect(panel.posted).toContainEqual({
      type: 'curves',
      requestId: 7,
      curves: [
        {
          runId: '20261206-101500-reviews',
          steps: [1, 2],
          loss: [0.9, 0.8],
          evaluations: [{ step: 2, metrics: { loss: 0.7, accuracy: 0.6 } }],
        },
      ],
    });
  });

  it('stops a sweep of its rows through the sweep queue’s command', async () => {
    const { panel } = await openTable();
    panel.receive({ type: 'stop-sweep', sweepId: SWEEP });
    await settle();
    expect(fake.commands).toEqual([['lstmStudio.stopSweep', SWEEP]]);
  });

  it('patches a training run’s row from its live state, without reading run.json again', async () => {
    const manager = managerFake();
    const { panel } = await openTable(manager);
    const { runMetaOf } = await import('../../../src/extension/run-state');
    const manifestRead = JSON.parse(readFileSync(join(small, 'run.json'), 'utf8'));
    const live = { meta: { ...runMetaOf(manifestRead, { runDir: small, live: true }), status: 'running', step: 99 } };
    Object.assign(manager, {
      activeRuns: () => [live],
      activeRun: (runDir: string) => (runDir === small ? live : undefined),
      isActive: (runDir: string) => runDir === small,
    });
    const reads = fake.read.length;
    for (const listener of manager.changed) listener();
    const patched = () =>
      panel.posted
        .filter((m) => (m as { type: string }).type === 'snapshot')
        .map((m) => (m as { runs: { id: string; step: number; status: string; active: boolean }[] }).runs)
        .find((rows) => rows.some((r) => r.step === 99));
    await vi.waitFor(() => expect(patched()).toBeDefined(), { timeout: 3000 });
    expect(patched()!.find((r) => r.step === 99)).toMatchObject({
      id: '20261206-101500-reviews',
      status: 'running',
      active: true,
    });
    expect(fake.read.length).toBe(reads);
  });

  it('does not delete a run that trains', async () => {
    const { panel } = await openTable(managerFake(small));
    panel.receive({ type: 'delete-run', runId: '20261206-101500-reviews' });
    await settle();
    expect(fake.commands).toEqual([]);
    expect(fake.warnings.some((w) => w.includes('is training'))).toBe(true);
  });

  it('writes the CSV of the columns and runs it was given, in their order', async () => {
    const { panel } = await openTable();
    fake.saveTarget = join(root, 'runs.csv');
    panel.receive({
      type: 'export-csv',
      columns: ['run', 'setting:hiddenSize', 'best:accuracy'],
      runIds: ['20261206-101500-reviews', '20261206-101600-reviews'],
    });
    await vi.waitFor(() => expect(fake.written).toHaveLength(1));
    expect(fake.written[0]).toEqual({
      path: fake.saveTarget,
      text: 'Run,Hidden size,Best accuracy\r\n20261206-101500-reviews,16,0.9\r\n20261206-101600-reviews,32,0.9\r\n',
    });
    await vi.waitFor(() => expect(panel.posted).toContainEqual({ type: 'exported', path: fake.saveTarget }));
  });
});
