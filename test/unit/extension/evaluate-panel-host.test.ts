/**
 * The Evaluate view's host: it opens the worker's session with a cache folder it owns, sends the page the
 * progress and then the summary, asks the worker only what a checked message asks (shape and indices
 * against the session), opens a sequence in the Gates panel as its validation sample, runs a search the
 * Gates panel asked for once the page listens, and closes the session with the panel.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EvaluationSummary } from '../../../src/protocol/evaluate-view';

type Listener = (message: unknown) => void;

interface FakePanel {
  receive: Listener;
  viewState: () => void;
  posted: { type: string; [key: string]: unknown }[];
  visible: boolean;
  dispose(): void;
}

const fake = vi.hoisted(() => ({
  panels: [] as FakePanel[],
  disposeListeners: [] as (() => void)[],
  /** A webview panel as VS Code hands one to a serializer, and the serializer registered. */
  create: null as unknown as () => FakePanel,
  serializer: null as null | { deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void> },
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
    toString() {
      return `vscode-resource:${this.fsPath}`;
    }
  }
  const disposable = { dispose() {} };
  function webviewPanel() {
    let onDispose = () => undefined as void;
    const entry = {
      receive: () => undefined,
      viewState: () => undefined,
      posted: [],
      visible: true,
      title: '',
      iconPath: undefined,
      reveal() {
        entry.visible = true;
      },
      dispose() {
        onDispose();
      },
      onDidDispose: (listener: () => void) => {
        onDispose = listener;
        return disposable;
      },
      onDidChangeViewState: (listener: () => void) => {
        entry.viewState = listener;
        return disposable;
      },
      webview: {
        html: '',
        options: {},
        cspSource: 'vscode-resource:',
        asWebviewUri: (uri: Uri) => uri,
        postMessage: async (message: { type: string }) => entry.posted.push(message),
        onDidReceiveMessage: (listener: Listener) => {
          entry.receive = listener;
          return disposable;
        },
      },
    } as unknown as FakePanel & Record<string, unknown>;
    fake.panels.push(entry);
    return entry;
  }
  fake.create = webviewPanel;
  return {
    l10n: englishL10n,
    Uri,
    ViewColumn: { Active: -1 },
    env: { language: 'en' },
    window: {
      createWebviewPanel: webviewPanel,
      registerWebviewPanelSerializer: (_type: string, serializer: typeof fake.serializer) => {
        fake.serializer = serializer;
        return disposable;
      },
      createOutputChannel: () => ({ info() {}, error() {}, debug() {}, warn() {} }),
    },
  };
});

const { EvaluatePanel } = await import('../../../src/extension/evaluate-panel');
const { EvaluatePanelRecords, MAX_PANEL_RECORDS, PANEL_RECORDS_KEY, restorablePanel } =
  await import('../../../src/extension/evaluate-panel-records');

/** The workspace state as a map (a `vscode.Memento`'s get/update). */
function memento() {
  const values = new Map<string, unknown>();
  return {
    values,
    get: <T>(key: string) => values.get(key) as T | undefined,
    update: async (key: string, value: unknown) => void values.set(key, structuredClone(value)),
  };
}

const context = { extensionUri: { fsPath: '/ext' } } as never;
const summary: EvaluationSummary = {
  sessionId: 's7',
  task: 'classification',
  modelName: 'best.safetensors · run',
  dataLabel: 'validation split of reviews.csv (10 sequences)',
  architecture: 'LSTM',
  sequences: 10,
  steps: 200,
  metrics: { loss: 0.5, accuracy: 0.8 },
  layers: [{ layer: 0, direction: 'forward', signal: 'h', width: 8 }],
  input: 'text',
  labels: ['negative', 'positive'],
  cache: { memoryBytes: 1, diskBytes: 0 },
  timings: { readMs: 1, passMs: 1 },
  notes: [],
};
const address = { layer: 0, direction: 'forward', signal: 'h' } as const;

/** A worker double: `evaluate-open` streams one progress and answers once `open()` is called. */
function services(records = new EvaluatePanelRecords(memento())) {
  const requests: Array<Record<string, unknown> & { kind: string }> = [];
  const signals: AbortSignal[] = [];
  let open: () => void = () => undefined;
  const gates: unknown[] = [];
  const inference = {
    request: (
      request: Record<string, unknown> & { kind: string },
      onPartial?: (p: unknown) => void,
      signal?: AbortSignal,
    ) => {
      requests.push(request);
      if (signal) signals.push(signal);
      switch (request.kind) {
        case 'evaluate-open':
          onPartial?.({ stage: 'evaluating', done: 3, total: 10 });
          return new Promise((resolve) => (open = () => resolve(summary)));
        case 'evaluate-sequence':
          return Promise.resolve({ text: 'not good', gatesSample: request.sequence });
        case 'evaluate-match':
          return Promise.resolve({ results: [], ms: 2 });
        default:
          return Promise.resolve({ closed: true });
      }
    },
  };
  return {
    requests,
    signals,
    gates,
    open: () => open(),
    services: {
      inference,
      cacheDir: async () => '/storage/evaluate-cache',
      openGates: (path: string, input: unknown, focusStep?: number) =>
        gates.push(focusStep === undefined ? { path, input } : { path, input, focusStep }),
      classifyWithAttribution: async () => undefined,
      chooseDataFile: async () => undefined,
      records,
    } as never,
  };
}

beforeEach(() => {
  fake.panels.length = 0;
});

describe('the Evaluate view host', () => {
  it('opens the session, then answers only checked messages that fit it', async () => {
    const worker = services();
    EvaluatePanel.show(context, worker.services, '/w/run/best.safetensors', { kind: 'validation' });
    const panel = fake.panels[0];
    panel.receive({ type: 'ready' });
    await vi.waitFor(() => expect(worker.requests.map((r) => r.kind)).toEqual(['evaluate-open']));
    expect(worker.requests[0]).toEqual({
      kind: 'evaluate-open',
      checkpointPath: '/w/run/best.safetensors',
      data: { kind: 'validation' },
      cacheDir: '/storage/evaluate-cache',
    });
    // First on every ready: the key the page saves for a window reload.
    await vi.waitFor(() => expect(panel.posted.map((m) => m.type)).toEqual(['panel-key', 'progress']));
    worker.open();
    await vi.waitFor(() => expect(panel.posted.map((m) => m.type)).toEqual(['panel-key', 'progress', 'summary']));

    // Refused: a path, a unit past the layer, a sequence past the set. None reaches the worker.
    panel.receive({ type: 'choose-data', path: '/etc/passwd' });
    panel.receive({ type: 'ablate', requestId: 4, query: { address, units: [8], mode: 'zero' } });
    panel.receive({ type: 'open-in-gates', sequence: 10 });
    await vi.waitFor(() => expect(panel.posted.filter((m) => m.type === 'error')).toHaveLength(2));
    expect(panel.posted.filter((m) => m.type === 'error').map((m) => [m.requestId, m.message])).toEqual([
      [4, "unit 8 past the layer's 8"],
      [null, 'sequence 10 past the last (10 evaluated)'],
    ]);
    expect(worker.requests.map((r) => r.kind)).toEqual(['evaluate-open']);

    // A search that fits: the worker is asked on the session, the page gets its results by request id.
    panel.receive({ type: 'match', requestId: 5, query: { address, units: [1, 7], threshold: 0.2, topK: 10 } });
    await vi.waitFor(() => expect(panel.posted.at(-1)).toMatchObject({ type: 'match-results', requestId: 5 }));
    expect(worker.requests.at(-1)).toMatchObject({ kind: 'evaluate-match', sessionId: 's7' });

    // A sequence of the run's split opens as that validation sample in the Gates panel.
    panel.receive({ type: 'open-in-gates', sequence: 3 });
    await vi.waitFor(() =>
      expect(worker.gates).toEqual([
        { path: '/w/run/best.safetensors', input: { type: 'validation-sample', index: 3 } },
      ]),
    );
    // Opened at a step (a span, a point): the Gates panel is asked to put its cursor there.
    panel.receive({ type: 'open-in-gates', sequence: 4, step: 17 });
    await vi.waitFor(() =>
      expect(worker.gates.at(-1)).toEqual({
        path: '/w/run/best.safetensors',
        input: { type: 'validation-sample', index: 4 },
        focusStep: 17,
      }),
    );

    // Closing the panel drops the session in the worker.
    panel.dispose();
    await vi.waitFor(() => expect(worker.requests.at(-1)).toEqual({ kind: 'evaluate-close', sessionId: 's7' }));
  });

  it('runs a Gates search once the page listens again, and cancels an open still running when closed', async () => {
    const worker = services();
    const path = '/w/run/best.safetensors';
    EvaluatePanel.show(context, worker.services, path, { kind: 'validation' });
    const panel = fake.panels[0];
    panel.receive({ type: 'ready' });
    await vi.waitFor(() => expect(worker.requests).toHaveLength(1));
    worker.open();
    await vi.waitFor(() => expect(panel.posted.map((m) => m.type)).toContain('summary'));
    // The page is hidden (and discarded); the Gates panel asks for a search of the same checkpoint.
    panel.visible = false;
    panel.viewState();
    const query = { address, units: [2], threshold: 0.5, topK: 50 };
    EvaluatePanel.show(context, worker.services, path, { kind: 'validation' }, { tab: 'search', match: query });
    expect(fake.panels).toHaveLength(1);
    expect(panel.posted.map((m) => m.type)).not.toContain('run-match');
    panel.receive({ type: 'ready' });
    await vi.waitFor(() => expect(panel.posted.at(-1)).toEqual({ type: 'run-match', query }));
    expect(panel.posted.at(-2)).toMatchObject({ type: 'summary', tab: 'search' });
    panel.dispose();

    // A second panel closed while its session opens: the open is aborted.
    const other = services();
    EvaluatePanel.show(context, other.services, '/w/other/best.safetensors', { kind: 'validation' });
    await vi.waitFor(() => expect(other.signals).toHaveLength(1));
    fake.panels[1].dispose();
    expect(other.signals[0].aborted).toBe(true);
  });
});

describe('the Evaluate view after a window reload', () => {
  it('keeps its own record of each panel, the most recent first, and recalls only what it recorded', async () => {
    let now = 0;
    const state = memento();
    const records = new EvaluatePanelRecords(state, () => ++now);
    await records.remember('a', { checkpointPath: '/w/a/best.safetensors', data: { kind: 'validation' } });
    await records.remember('b', { checkpointPath: '/w/b/best.safetensors', data: { kind: 'file', path: '/w/t.csv' } });
    expect(records.recall('a')).toEqual({ checkpointPath: '/w/a/best.safetensors', data: { kind: 'validation' } });
    expect(records.recall('b')).toEqual({
      checkpointPath: '/w/b/best.safetensors',
      data: { kind: 'file', path: '/w/t.csv' },
    });
    expect(records.recall('c')).toBeUndefined();
    expect(records.recall('__proto__')).toBeUndefined();
    expect(records.recall('constructor')).toBeUndefined();
    // Bounded: past MAX_PANEL_RECORDS the least recently used goes ('a' refreshed survives, 'b' does not).
    await records.remember('a', { checkpointPath: '/w/a/best.safetensors', data: { kind: 'validation' } });
    for (let k = 0; k < MAX_PANEL_RECORDS - 1; k++)
      await records.remember(`k${k}`, { checkpointPath: `/w/${k}.safetensors`, data: { kind: 'validation' } });
    expect(Object.keys(state.values.get(PANEL_RECORDS_KEY) as object)).toHaveLength(MAX_PANEL_RECORDS);
    expect(records.recall('a')).toBeDefined();
    expect(records.recall('b')).toBeUndefined();
    // A record that is not one (a damaged workspace state) recalls nothing.
    state.values.set(PANEL_RECORDS_KEY, {
      x: { checkpointPath: 3 },
      y: { checkpointPath: '/p', data: { kind: 'url' } },
    });
    expect(records.recall('x')).toBeUndefined();
    expect(records.recall('y')).toBeUndefined();
  });

  it('gives the page an opaque key and reopens the recorded checkpoint and data under it, nothing else', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'evaluate-restore-'));
    try {
      const checkpoint = join(folder, 'best.safetensors');
      const data = join(folder, 'test.csv');
      writeFileSync(checkpoint, 'x');
      writeFileSync(data, 'text,label\n');
      const records = new EvaluatePanelRecords(memento());
      const worker = services(records);
      EvaluatePanel.registerSerializer(context, worker.services);
      EvaluatePanel.show(context, worker.services, checkpoint, { kind: 'file', path: data });
      const first = fake.panels[0];
      first.receive({ type: 'ready' });
      await vi.waitFor(() => expect(first.posted[0]?.type).toBe('panel-key'));
      const key = first.posted[0].key as string;
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(records.recall(key)).toEqual({ checkpointPath: checkpoint, data: { kind: 'file', path: data } });
      first.dispose();

      // The window reloads: VS Code hands the serializer a panel and the state the page saved.
      const restoredPanel = fake.create();
      await fake.serializer!.deserializeWebviewPanel(restoredPanel, { tab: 'projection', key });
      restoredPanel.receive({ type: 'ready' });
      await vi.waitFor(() => expect(worker.requests.filter((r) => r.kind === 'evaluate-open')).toHaveLength(2));
      expect(worker.requests.filter((r) => r.kind === 'evaluate-open')[1]).toMatchObject({
        checkpointPath: checkpoint,
        data: { kind: 'file', path: data },
      });
      await vi.waitFor(() => expect(restoredPanel.posted[0]).toEqual({ type: 'panel-key', key }));
      restoredPanel.dispose();

      // Refused, and the panel closed without asking the worker: a key the host never gave, a path in the
      // state, no key, a record whose data file has gone.
      const refused: [unknown, RegExp][] = [
        [{ key: '00000000-0000-4000-8000-000000000000' }, /^no record of panel/],
        [{ key, checkpointPath: '/etc/passwd' }, /not the panel's/],
        [{ tab: 'errors' }, /no panel key/],
        [{ key: '../../x' }, /not the panel's/],
      ];
      for (const [state, reason] of refused) expect(await restorablePanel(records, state)).toMatch(reason);
      const opens = worker.requests.length;
      const closed = fake.create();
      let disposed = false;
      (closed as unknown as { dispose(): void }).dispose = () => void (disposed = true);
      await fake.serializer!.deserializeWebviewPanel(closed, { key: '00000000-0000-4000-8000-000000000000' });
      expect(disposed).toBe(true);
      rmSync(data);
      expect(await restorablePanel(records, { key })).toBe(`${data} no longer exists`);
      expect(worker.requests.length).toBe(opens);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
