/**
 * The panels' hosts act only on messages their validators accept: the Gates panel never passes the
 * worker a path that came from its webview (a message or the state it saved for a window reload), and an
 * unknown `control` action from the Training panel is logged and ignored instead of stopping the run; the
 * Prediction panel restores its model from the host's record, never from the webview's state.
 */

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (message: unknown) => void;

/** One fake webview panel per `createWebviewPanel`: the test posts into its `onDidReceiveMessage`. */
interface FakePanel {
  receive: Listener;
  posted: unknown[];
  disposed: boolean;
}

const fake = vi.hoisted(() => ({
  panels: [] as FakePanel[],
  warnings: [] as string[],
  errors: [] as string[],
  commands: [] as unknown[][],
  /** The workspace folder the fake VS Code has open (set once the temporary root exists). */
  workspaceFolder: '',
}));

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
  const disposable = { dispose() {} };
  function webviewPanel() {
    const entry: FakePanel = { receive: () => undefined, posted: [], disposed: false };
    fake.panels.push(entry);
    return Object.assign(entry, {
      title: '',
      iconPath: undefined,
      reveal() {},
      dispose() {
        entry.disposed = true;
      },
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
    });
  }
  class EventEmitter {
    event = () => disposable;
    fire() {}
    dispose() {}
  }
  return {
    l10n: englishL10n,
    Uri,
    EventEmitter,
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    // panelHtml writes the display language and its bundle (none: English) into the page.
    env: { language: 'en' },
    FileType: { File: 1, Directory: 2 },
    window: {
      createWebviewPanel: () => webviewPanel(),
      createOutputChannel: () => ({
        info() {},
        error() {},
        debug() {},
        warn: (line: string) => fake.warnings.push(line),
      }),
      registerWebviewPanelSerializer: (_type: string, serializer: unknown) => serializer,
      showSaveDialog: async () => undefined,
      showErrorMessage: async (message: string) => void fake.errors.push(message),
    },
    workspace: {
      fs: { readDirectory: async () => [] },
      onDidCloseTextDocument: () => disposable,
      get workspaceFolders() {
        return [{ uri: new Uri(fake.workspaceFolder) }];
      },
      getConfiguration: () => ({ get: (_key: string, fallback: unknown) => fallback }),
    },
    commands: { executeCommand: async (...args: unknown[]) => fake.commands.push(args) },
    webviewPanel,
  };
});

const vscode = (await import('vscode')) as unknown as { webviewPanel(): FakePanel };
const { GatesPanel } = await import('../../../src/extension/gates-panel');
const { TrainingPanel } = await import('../../../src/extension/training-panel');
const { PredictionPanel, transformCandidate } = await import('../../../src/extension/prediction-panel');
const { RunManager } = await import('../../../src/extension/run-manager');
const { DEFAULT_PREDICTION_OPTIONS } = await import('../../../src/protocol/prediction-panel');

const root = mkdtempSync(join(tmpdir(), 'lstm-hostile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
fake.workspaceFolder = root;

const context = { extensionUri: { fsPath: '/ext' } } as never;
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

/** The Gates panel's services with an inference client that records every request it is sent. */
function gatesServices(loaded: Record<string, unknown> = { task: 'language-model', architecture: 'LSTM 1×8' }) {
  const requests: Record<string, unknown>[] = [];
  const inference = {
    request: async (request: Record<string, unknown>) => {
      requests.push(request);
      if (request.kind === 'load') return loaded;
      return { gates: [] };
    },
  };
  return {
    requests,
    services: {
      inference,
      pickCheckpoint: async () => undefined,
      rememberModel() {},
      rememberedModel: async () => undefined,
    } as never,
  };
}

/** A checkpoint in a run folder whose run.json names a dataset, so validation samples can be recorded. */
function runFolderCheckpoint(name: string): string {
  const dataset = join(root, `${name}.txt`);
  writeFileSync(dataset, 'the cat sat on the mat\n');
  const runDir = join(root, name);
  mkdirSync(runDir);
  writeFileSync(join(runDir, 'run.json'), JSON.stringify({ dataset: { path: dataset } }));
  const checkpoint = join(runDir, 'best.safetensors');
  writeFileSync(checkpoint, '');
  return checkpoint;
}

beforeEach(() => {
  fake.panels.length = 0;
  fake.warnings.length = 0;
  fake.errors.length = 0;
  fake.commands.length = 0;
});

describe('the Gates panel host', () => {
  it('never passes the worker a path from a webview message', async () => {
    const { requests, services } = gatesServices();
    const checkpoint = runFolderCheckpoint('gates-messages');
    GatesPanel.show(context, services, checkpoint);
    const panel = fake.panels[0];
    panel.receive({ type: 'ready' });
    await vi.waitFor(() => expect(requests.map((r) => r.kind)).toEqual(['load', 'record-gates']));
    const before = requests.length;
    const hostile = [
      { type: 'record', input: { type: 'validation-sample', index: 0, datasetPath: '/etc/passwd' } },
      { type: 'record', input: { type: 'validation-sample', index: 0 }, datasetPath: '/etc/passwd' },
      { type: 'record', input: { type: 'file', path: '/etc/passwd' } },
      { type: 'record', input: { type: 'text', text: 'x', checkpointPath: '/etc/passwd' } },
      { type: 'choose-model', checkpointPath: '/etc/passwd' },
      { type: 'load', checkpointPath: '/etc/passwd' },
      { type: 'save', requestId: 1, kind: 'csv', suggestedName: '../../etc/passwd', data: '' },
    ];
    for (const message of hostile) panel.receive(message);
    await settle();
    expect(requests.slice(before)).toEqual([]);
    expect(fake.warnings.filter((w) => w.startsWith('Gates panel: ignored a message'))).toHaveLength(hostile.length);

    // A valid request is still served, with an input the host built: the run's own dataset is the worker's to find.
    panel.receive({ type: 'record', input: { type: 'validation-sample', index: 2, search: 'cat' } });
    await vi.waitFor(() => expect(requests.length).toBeGreaterThan(before));
    expect(requests.slice(before)).toEqual([
      {
        kind: 'record-gates',
        checkpointPath: checkpoint,
        input: { type: 'validation-sample', index: 2, search: 'cat' },
      },
    ]);
    expect(JSON.stringify(requests)).not.toContain('/etc/passwd');
  });

  it("records a series' validation sample only for a series the model knows", async () => {
    const { requests, services } = gatesServices({
      task: 'forecasting',
      architecture: 'LSTM 1×8',
      series: { column: 'store', ids: ['A', 'B'] },
    });
    const checkpoint = runFolderCheckpoint('gates-series');
    GatesPanel.show(context, services, checkpoint, { type: 'validation-sample', index: 0, series: 'B' });
    const panel = fake.panels[0];
    panel.receive({ type: 'ready' });
    await vi.waitFor(() => expect(requests.map((r) => r.kind)).toEqual(['load', 'record-gates']));
    expect(requests[1].input).toEqual({ type: 'validation-sample', index: 0, series: 'B' });
    const model = panel.posted.find((m) => (m as { type: string }).type === 'model') as { model: unknown };
    expect(model.model).toMatchObject({ series: { column: 'store', ids: ['A', 'B'] } });
    panel.receive({ type: 'record', input: { type: 'validation-sample', index: 3, series: 'Z\u0000' } });
    await settle();
    expect(requests).toHaveLength(2);
    expect(panel.posted.at(-1)).toEqual({
      type: 'error',
      input: { type: 'validation-sample', index: 3, series: 'Z\u0000' },
      message: "The model knows no series 'Z?' in column 'store'.",
    });
    // A model of one series is asked for none.
    const one = gatesServices();
    GatesPanel.show(context, one.services, runFolderCheckpoint('gates-one-series'));
    fake.panels[1].receive({ type: 'ready' });
    await vi.waitFor(() => expect(one.requests.map((r) => r.kind)).toEqual(['load', 'record-gates']));
    fake.panels[1].receive({ type: 'record', input: { type: 'validation-sample', index: 0, series: 'A' } });
    await settle();
    expect(one.requests).toHaveLength(2);
    expect(fake.panels[1].posted.at(-1)).toMatchObject({ type: 'error', message: /one series/ });
  });

  it('never passes the worker a path from the state the webview saved for a reload', async () => {
    const { requests, services } = gatesServices();
    const checkpoint = runFolderCheckpoint('gates-restore');
    const serializer = GatesPanel.registerSerializer(context, services) as unknown as {
      deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void>;
    };
    const hostileInput = { type: 'validation-sample', index: 0, datasetPath: '/etc/passwd' };
    await serializer.deserializeWebviewPanel(vscode.webviewPanel(), {
      checkpointPath: checkpoint,
      input: hostileInput,
    });
    await serializer.deserializeWebviewPanel(vscode.webviewPanel(), { checkpointPath: '/etc/passwd' });
    await serializer.deserializeWebviewPanel(vscode.webviewPanel(), { checkpointPath: root + '/fifo.safetensors' });
    // A checkpoint outside the workspace, or reached through `..` or a link out of it, is not opened either.
    const outside = mkdtempSync(join(tmpdir(), 'lstm-hostile-outside-'));
    writeFileSync(join(outside, 'model.safetensors'), '');
    symlinkSync(join(outside, 'model.safetensors'), join(root, 'link-out.safetensors'));
    for (const path of [
      join(outside, 'model.safetensors'),
      `${root}/../${basename(outside)}/model.safetensors`,
      join(root, 'link-out.safetensors'),
    ])
      await serializer.deserializeWebviewPanel(vscode.webviewPanel(), { checkpointPath: path });
    rmSync(outside, { recursive: true, force: true });
    await settle();
    expect(requests).toEqual([]);
    expect(fake.panels.every((p) => p.disposed)).toBe(true);
    expect(fake.warnings.some((w) => w.includes("unexpected field 'datasetPath'"))).toBe(true);

    // The state the webview really saves (view settings besides the checkpoint and input) restores the panel.
    const saved = { checkpointPath: checkpoint, input: { type: 'text', text: 'hi' }, layer: 'all', sortBy: 'index' };
    await serializer.deserializeWebviewPanel(vscode.webviewPanel(), saved);
    await vi.waitFor(() => expect(requests.map((r) => r.kind)).toEqual(['load', 'record-gates']));
    expect(requests[1].input).toEqual({ type: 'text', text: 'hi' });
  });
});

describe('the Training panel host', () => {
  it('ignores an unknown control action and other bad messages instead of stopping the run', async () => {
    const control = vi.fn();
    const manager = { onDidUpdateRun: () => ({ dispose() {} }), control, readRecord: vi.fn() };
    const state = {
      meta: {
        id: 'r1',
        runDir: join(root, 'run-r1'),
        datasetName: 'fables',
        status: 'running',
        hasBestCheckpoint: false,
      },
      steps: { step: [] },
      toRunData: () => ({}),
      needsHistory: false,
    };
    TrainingPanel.show(context, manager as never, state as never);
    const panel = fake.panels[0];
    panel.receive({ type: 'ready' });
    for (const message of [
      { type: 'control', runId: 'r1', action: 'explode' },
      { type: 'control', runId: 'r1' },
      { type: 'control', runId: 'r1', action: ['stop'] },
      { type: 'explode' },
      { type: 'open-run-folder', runId: 'r1', runDir: '/etc' },
      { type: 'set-overlays', runIds: 'x'.repeat(1e6) },
    ])
      panel.receive(message);
    await settle();
    expect(control).not.toHaveBeenCalled();
    expect(fake.commands).toEqual([]);
    expect(fake.warnings.filter((w) => w.startsWith('Training panel: ignored a message'))).toHaveLength(6);

    panel.receive({ type: 'control', runId: 'r1', action: 'pause' });
    await settle();
    expect(control).toHaveBeenCalledWith(state, 'pause');
  });
});

describe('the Training panel host after a window reload', () => {
  it('reopens only a run folder of the workspace’s runs folder, never a folder the webview names elsewhere', async () => {
    const runs = join(root, '.lstm-studio', 'runs');
    const run = join(runs, '20260101-120000-fables');
    mkdirSync(run, { recursive: true });
    const outside = mkdtempSync(join(tmpdir(), 'lstm-hostile-run-'));
    symlinkSync(outside, join(runs, 'link-out'));
    writeFileSync(join(runs, 'not-a-folder'), '');
    const readRecord = vi.fn(async (runDir: string) => ({
      meta: { id: 'r1', runDir, datasetName: 'fables', status: 'finished', hasBestCheckpoint: false },
      steps: { step: [] },
      toRunData: () => ({}),
      needsHistory: false,
    }));
    const manager = { onDidUpdateRun: () => ({ dispose() {} }), control: vi.fn(), readRecord };
    const serializer = TrainingPanel.registerSerializer(context, manager as never) as unknown as {
      deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void>;
    };
    const hostile = [
      outside,
      '/etc',
      `${runs}/../../../${basename(outside)}`,
      join(runs, 'link-out'),
      join(runs, 'not-a-folder'),
      join(runs, 'gone'),
      runs,
      'relative/run',
      { path: run },
    ];
    for (const runDir of hostile) await serializer.deserializeWebviewPanel(vscode.webviewPanel(), { runDir });
    rmSync(outside, { recursive: true, force: true });
    expect(readRecord).not.toHaveBeenCalled();
    expect(fake.panels.every((p) => p.disposed)).toBe(true);
    const warned = fake.warnings.filter((w) => w.startsWith('Training panel: did not restore the run'));
    expect(warned).toHaveLength(hostile.length);
    expect(warned.every((w) => !w.includes('\n'))).toBe(true);

    // The state the webview really saves (its view settings and its run's folder) restores the panel.
    await serializer.deserializeWebviewPanel(vscode.webviewPanel(), { runDir: run, smoothing: 0.6 });
    expect(readRecord.mock.calls).toEqual([[run]]);
    expect(fake.panels[fake.panels.length - 1].disposed).toBe(false);
  });
});

describe('the Prediction panel host', () => {
  function predictionServices(hostState?: Record<string, unknown>) {
    const requests: Record<string, unknown>[] = [];
    const inference = {
      request: async (request: Record<string, unknown>) => {
        requests.push(request);
        return { task: 'language-model', architecture: 'LSTM 1×8', parameterCount: 1 };
      },
    };
    let state = hostState;
    const services = {
      inference,
      decorations: { clear() {} },
      pickModel: async () => undefined,
      rememberModel() {},
      lastPanelState: { get: () => state, set: (value: Record<string, unknown>) => (state = value) },
    };
    return { requests, services: services as never, hostState: () => state };
  }

  it('restores its model from the host’s record only, and drops bad options the webview saved', async () => {
    type Serializer = { deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void> };
    const { requests, services } = predictionServices();
    const hostile = PredictionPanel.registerSerializer(context, services) as unknown as Serializer;
    const options = { ...DEFAULT_PREDICTION_OPTIONS, length: 1e9 };
    await hostile.deserializeWebviewPanel(vscode.webviewPanel(), { modelPath: '/etc/passwd', input: 'hi', options });
    await settle();
    expect(requests).toEqual([]);
    expect(fake.warnings.some((w) => w.includes('ignored the options the webview saved: length'))).toBe(true);

    const checkpoint = runFolderCheckpoint('prediction-restore');
    const host = predictionServices({ modelPath: checkpoint });
    const restoring = PredictionPanel.registerSerializer(context, host.services) as unknown as Serializer;
    await restoring.deserializeWebviewPanel(vscode.webviewPanel(), { modelPath: '/etc/passwd' });
    await vi.waitFor(() => expect(host.requests).toEqual([{ kind: 'load', checkpointPath: checkpoint }]));
  });

  it('forecasts another series only when its answer knows it, and inserts quantiles only as its own text', async () => {
    PredictionPanel.instance?.dispose();
    const requests: Record<string, unknown>[] = [];
    const answer = (series: string) => ({
      kind: 'forecast',
      features: ['sales'],
      targets: ['sales'],
      history: [[1], [2]],
      values: [[3]],
      windowRows: 2,
      layout: { kind: 'lines', separator: ',', decimals: 0 },
      insertText: '\n3',
      quantiles: { levels: [0.1, 0.5, 0.9], values: [[[2, 3, 4]]] },
      quantileInsertText: '\n2,3,4',
      series: { column: 'store', id: series, ids: ['A', 'B'] },
      notices: [],
      computeMs: 1,
    });
    const inference = {
      request: async (request: Record<string, unknown>) => {
        requests.push(request);
        if (request.kind === 'load') return { task: 'forecasting', architecture: 'LSTM 1×8', parameterCount: 1 };
        return answer((request.series as string | undefined) ?? 'A');
      },
    };
    const services = {
      inference,
      decorations: { clear() {} },
      pickModel: async () => undefined,
      rememberModel() {},
      lastPanelState: { get: () => undefined, set() {} },
    } as never;
    const prediction = PredictionPanel.show(context, services);
    const panel = fake.panels[0];
    panel.receive({ type: 'ready' });
    await prediction.setModel(join(root, 'forecaster.safetensors'), false);
    panel.receive({ type: 'predict', input: '1\n2', options: DEFAULT_PREDICTION_OPTIONS });
    await vi.waitFor(() => expect(requests.map((r) => r.kind)).toEqual(['load', 'forecast']));
    expect(requests[1].series).toBeUndefined();
    const answered = () =>
      panel.posted.some((m) => (m as { state?: { answer?: { kind: string } } }).state?.answer?.kind === 'forecast');
    await vi.waitFor(() => expect(answered()).toBe(true));

    // An id the answer does not list never reaches the worker; text smuggled into Insert quantiles is refused.
    panel.receive({ type: 'forecast-series', series: 'Z' });
    panel.receive({ type: 'insert-quantiles', text: 'rm -rf /' });
    await settle();
    expect(requests).toHaveLength(2);
    expect(fake.errors).toEqual(["LSTM Studio: the model knows no series 'Z' in column 'store'"]);
    expect(fake.warnings.filter((w) => w.startsWith('Prediction panel: ignored a message'))).toHaveLength(1);

    // One it lists: the same rows forecast again as that series; new options keep it.
    panel.receive({ type: 'forecast-series', series: 'B' });
    await vi.waitFor(() => expect(requests).toHaveLength(3));
    expect(requests[2]).toMatchObject({ kind: 'forecast', text: '1\n2', series: 'B' });
    panel.receive({ type: 'predict', input: '1\n2', options: { ...DEFAULT_PREDICTION_OPTIONS, horizon: 3 } });
    await vi.waitFor(() => expect(requests).toHaveLength(4));
    expect(requests[3]).toMatchObject({ horizon: 3, series: 'B' });
    panel.receive({ type: 'predict', input: '5\n6', options: DEFAULT_PREDICTION_OPTIONS });
    await vi.waitFor(() => expect(requests).toHaveLength(5));
    expect(requests[4].series).toBeUndefined();
    prediction.dispose();
  });

  it('edits with a transform’s own candidates, named by rank: a rank it does not have is no text', () => {
    const answer = {
      kind: 'transform',
      output: 'le chat',
      nbest: [
        { output: 'le chat', tokens: ['le', 'chat'], score: -0.1 },
        { output: 'un chat', tokens: ['un', 'chat'], score: -0.4 },
      ],
    } as never;
    expect(transformCandidate(answer, 0)).toBe('le chat');
    expect(transformCandidate(answer, 1)).toBe('un chat');
    expect(transformCandidate(answer, 2)).toBeNull();
    // Without a list (an older worker, greedy): the output is the only candidate.
    const greedy = { kind: 'transform', output: 'x', nbest: [] } as never;
    expect(transformCandidate(greedy, 0)).toBe('x');
    expect(transformCandidate(greedy, 1)).toBeNull();
  });
});

describe('the run manager', () => {
  it('acts on pause, resume and stop only: any other action is logged, not a stop', () => {
    const manager = new RunManager('/no/worker.js', async () => ({ steps: {}, evaluations: [] }) as never);
    const client = { pause: vi.fn(), resume: vi.fn(), stop: vi.fn() };
    const state = { meta: { id: 'r1', runDir: '/runs/r1' } };
    // A live run as start() would register it, without starting a worker.
    (manager as unknown as { active: Set<unknown> }).active.add({ state, client });
    manager.control(state as never, 'explode' as never);
    expect(client.stop).not.toHaveBeenCalled();
    expect(fake.warnings).toContain('r1: ignored an unknown control action');
    manager.control(state as never, 'pause');
    manager.control(state as never, 'stop');
    expect(client.pause).toHaveBeenCalledOnce();
    expect(client.stop).toHaveBeenCalledOnce();
  });
});
