/**
 * The extension's sweep commands on the real RunManager and real training workers (dist/worker.js), with
 * just enough of the VS Code API mocked: *Start Sweep from File…* on the example sweep trains its 4 runs
 * at most 2 at once, each run.json naming the sweep, the status bar counting, and one notification at
 * the end offering the Runs table; *Stop Sweep* stops the queue; a bad sweep is refused before a run.
 */

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunManifest } from '../../../src/protocol/run-manifest';

const repo = join(__dirname, '../../..');
const workspace = mkdtempSync(join(tmpdir(), 'lstm-sweep-ext-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

const ui = {
  commands: new Map<string, (...args: unknown[]) => Promise<unknown>>(),
  executed: [] as unknown[][],
  messages: [] as string[],
  statusTexts: [] as string[],
  openDialogAnswer: undefined as string | undefined,
};

vi.mock('vscode', async () => {
  const { englishL10n } = await import('./vscode-l10n-fake');
  class Uri {
    constructor(readonly fsPath: string) {}
    static file(path: string) {
      return new Uri(path);
    }
    static joinPath(base: Uri, ...parts: string[]) {
      return new Uri([base.fsPath, ...parts].join('/'));
    }
  }
  class EventEmitter<T> {
    private listeners: ((value: T) => void)[] = [];
    event = (listener: (value: T) => void) => {
      this.listeners.push(listener);
      return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
    };
    fire(value: T) {
      for (const listener of [...this.listeners]) listener(value);
    }
    dispose() {}
  }
  const message = async (text: string) => {
    ui.messages.push(text);
    return undefined;
  };
  return {
    l10n: englishL10n,
    Uri,
    EventEmitter,
    ProgressLocation: { Notification: 15 },
    StatusBarAlignment: { Left: 1 },
    workspace: {
      isTrusted: true,
      workspaceFolders: [{ uri: new Uri(workspace) }],
      getWorkspaceFolder: () => ({ uri: new Uri(workspace) }),
      getConfiguration: () => ({ get: (_key: string, fallback: unknown) => fallback }),
      fs: { readFile: async (uri: Uri) => new Uint8Array(await readFile(uri.fsPath)) },
    },
    commands: {
      registerCommand: (id: string, run: (...args: unknown[]) => Promise<unknown>) => {
        ui.commands.set(id, run);
        return { dispose() {} };
      },
      executeCommand: async (...args: unknown[]) => void ui.executed.push(args),
    },
    window: {
      createOutputChannel: () => ({ info() {}, warn() {}, error() {}, debug() {} }),
      createStatusBarItem: () => ({
        set text(value: string) {
          ui.statusTexts.push(value);
        },
        show() {},
        hide() {},
        dispose() {},
      }),
      withProgress: (_options: unknown, task: (progress: unknown) => Promise<unknown>) => task({ report() {} }),
      showInformationMessage: message,
      showWarningMessage: message,
      showErrorMessage: message,
      showOpenDialog: async () => (ui.openDialogAnswer ? [new Uri(ui.openDialogAnswer)] : undefined),
      showQuickPick: async () => undefined,
    },
  };
});

const { RunManager } = await import('../../../src/extension/run-manager');
const { registerSweepCommands } = await import('../../../src/extension/sweep-commands');

const TRAINING_TIMEOUT = 300_000;
const runsFolder = join(workspace, '.lstm-studio/runs');

let manager: InstanceType<typeof RunManager>;
beforeAll(() => {
  if (!existsSync(join(repo, 'dist/worker.js'))) throw new Error('build first: npm run build');
  manager = new RunManager(join(repo, 'dist/worker.js'), async () => ({ steps: {} as never, evaluations: [] }));
  const context = { extensionUri: { fsPath: repo }, subscriptions: [] as unknown[] };
  registerSweepCommands(context as never, manager);
});
afterAll(() => manager.dispose());

/** Waits until `done()` holds (polling), or fails after `ms`. */
async function until(done: () => boolean, ms = 240_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The run.json of every run folder that has one yet (a folder is created a moment before its run.json). */
function manifests(): RunManifest[] {
  if (!existsSync(runsFolder)) return [];
  return readdirSync(runsFolder)
    .map((f) => join(runsFolder, f, 'run.json'))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')) as RunManifest);
}

describe('lstmStudio.startSweep / stopSweep', () => {
  it(
    'trains the example sweep picked from a file: 4 runs, at most 2 at once, then one notification',
    async () => {
      ui.openDialogAnswer = join(repo, 'examples/sweep-reviews.json');
      let mostAtOnce = 0;
      const watcher = setInterval(() => (mostAtOnce = Math.max(mostAtOnce, manager.activeRuns().length)), 5);
      const started = (await ui.commands.get('lstmStudio.startSweep')!()) as { id: string; count: number };
      expect(started.count).toBe(4);
      expect(started.id).toMatch(/^sweep-\d{8}-\d{6}-[0-9a-f]{4}$/);
      await until(() => ui.messages.some((m) => m.startsWith('Sweep reviews')));
      clearInterval(watcher);

      expect(mostAtOnce).toBeLessThanOrEqual(2);
      expect(mostAtOnce).toBeGreaterThan(0);
      const runs = manifests().filter((m) => m.sweep?.id === started.id);
      expect(runs).toHaveLength(4);
      expect(runs.map((m) => m.sweep!.index).sort()).toEqual([0, 1, 2, 3]);
      for (const m of runs) {
        expect(m.status).toBe('finished');
        expect(m.config.threads).toBe(1);
        expect(m.config.lr).toBe(m.sweep!.swept.lr);
      }
      const notification = ui.messages.find((m) => m.startsWith('Sweep reviews'))!;
      expect(notification).toMatch(
        /^Sweep reviews: learning rate × hidden size done: 4 finished\. Best accuracy: [\d.]+ % \(lr [\d.]+, hiddenSize \d+\)\.$/,
      );
      expect(ui.statusTexts).toContain('$(beaker) Sweep reviews: learning rate × hidden size: 0 of 4 done, 2 training');
      expect(ui.statusTexts).toContain('$(beaker) Sweep reviews: learning rate × hidden size: 4 of 4 done, 0 training');
      expect(ui.executed).toContainEqual(['setContext', 'lstmStudio.sweepActive', true]);
      expect(ui.executed.filter((c) => c[1] === 'lstmStudio.sweepActive').at(-1)).toEqual([
        'setContext',
        'lstmStudio.sweepActive',
        false,
      ]);
    },
    TRAINING_TIMEOUT,
  );

  it(
    'stops a sweep from the form’s (spec, folder): queued runs never start, running ones stop',
    async () => {
      ui.messages.length = 0;
      const spec = JSON.parse(readFileSync(join(repo, 'examples/sweep-reviews.json'), 'utf8'));
      spec.name = 'long';
      spec.base.settings.maxSteps = 100_000;
      const started = (await ui.commands.get('lstmStudio.startSweep')!(spec, join(repo, 'examples'))) as {
        id: string;
      };
      await until(() => manifests().filter((m) => m.sweep?.id === started.id).length === 2);
      expect(await ui.commands.get('lstmStudio.stopSweep')!('sweep-20000101-000000-0000')).toBe(false);
      expect(await ui.commands.get('lstmStudio.stopSweep')!(started.id)).toBe(true);
      await until(() => ui.messages.some((m) => m.startsWith('Sweep long')));
      expect(ui.messages.find((m) => m.startsWith('Sweep long'))).toMatch(
        /^Sweep long stopped: 2 stopped, 2 not started\./,
      );
      const runs = manifests().filter((m) => m.sweep?.id === started.id);
      expect(runs.map((m) => m.status)).toEqual(['stopped', 'stopped']);
    },
    TRAINING_TIMEOUT,
  );

  it('refuses a bad sweep before any run starts, naming the field', async () => {
    ui.messages.length = 0;
    const before = manifests().length;
    const bad = join(workspace, 'bad-sweep.json');
    writeFileSync(
      bad,
      JSON.stringify({
        format: 'lstm-studio-sweep/1',
        base: { dataset: join(repo, 'examples/sentiment/reviews.csv') },
        parameters: { hiddenSize: { values: [16, 0] } },
        method: 'grid',
      }),
    );
    ui.openDialogAnswer = bad;
    expect(await ui.commands.get('lstmStudio.startSweep')!()).toBeUndefined();
    expect(ui.messages).toEqual([
      'LSTM Studio: bad-sweep.json: parameters.hiddenSize: hiddenSize must be an integer in [1, 4096], got 0',
    ]);
    ui.messages.length = 0;
    const missingColumn = {
      format: 'lstm-studio-sweep/1',
      base: { dataset: 'sentiment/reviews.csv', task: 'classification', columns: { textColumn: 'body_html' } },
      parameters: { lr: { values: [0.1, 0.01] } },
      method: 'grid',
    };
    await ui.commands.get('lstmStudio.startSweep')!(missingColumn, join(repo, 'examples'));
    expect(ui.messages).toHaveLength(1);
    expect(ui.messages[0]).toMatch(/^LSTM Studio: the sweep "reviews\.csv .*" did not start: .*body_html/);
    expect(manifests().length).toBe(before);
  });
});
