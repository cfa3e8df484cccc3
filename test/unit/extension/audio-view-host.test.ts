/**
 * The Audio view's host acts only on messages its validator accepts and never passes the worker a path
 * that came from its webview: the recording and the model are the host's, a message names a beam at most,
 * and the serializer reopens only a `.wav` of this workspace with a checkpoint of this workspace. A model
 * whose task does not read audio is one line in the view, never a request for an analysis.
 */

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (message: unknown) => void;

interface FakePanel {
  receive: Listener;
  posted: { type: string; [key: string]: unknown }[];
  disposed: boolean;
  webview: { options: { localResourceRoots?: { fsPath: string }[] }; html: string };
}

const fake = vi.hoisted(() => ({
  panels: [] as FakePanel[],
  warnings: [] as string[],
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
    toString() {
      return `vscode-resource:${this.fsPath}`;
    }
  }
  const disposable = { dispose() {} };
  function webviewPanel(_type?: string, _title?: string, _column?: unknown, options: unknown = {}) {
    const entry = { receive: () => undefined, posted: [], disposed: false } as unknown as FakePanel;
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
        options,
        cspSource: 'vscode-resource:',
        asWebviewUri: (uri: Uri) => uri,
        postMessage: async (message: { type: string }) => entry.posted.push(message),
        onDidReceiveMessage: (listener: Listener) => {
          entry.receive = listener;
          return disposable;
        },
      },
    });
  }
  return {
    l10n: englishL10n,
    Uri,
    ViewColumn: { Active: -1 },
    // panelHtml writes the display language and its bundle (none: English) into the page.
    env: { language: 'en' },
    window: {
      createWebviewPanel: webviewPanel,
      createOutputChannel: () => ({
        info() {},
        error() {},
        debug() {},
        warn: (line: string) => fake.warnings.push(line),
      }),
      registerWebviewPanelSerializer: (_type: string, serializer: unknown) => serializer,
    },
    workspace: {
      get workspaceFolders() {
        return [{ uri: new Uri(fake.workspaceFolder) }];
      },
      getConfiguration: () => ({ get: (_key: string, fallback: unknown) => fallback }),
    },
    webviewPanel,
  };
});

const vscode = (await import('vscode')) as unknown as { webviewPanel(): FakePanel };
const { AudioViewPanel, oneLine } = await import('../../../src/extension/audio-view-panel');
const { registerPresentation } = await import('../../../src/tasks/presentations');
const { classificationPresentation } = await import('../../../src/tasks/classification/presentation');

registerPresentation({
  ...classificationPresentation,
  id: 'hears-speech',
  cliNames: [],
  shortName: 'speech to text',
  audio: { recognition: 'transcript' },
});

const root = mkdtempSync(join(tmpdir(), 'lstm-audio-view-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
fake.workspaceFolder = root;
const context = { extensionUri: { fsPath: '/ext' } } as never;
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

function file(name: string): string {
  const path = join(root, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
  return path;
}

/** Services whose inference client records every request; `task` is what `load` says the model is. */
function services(task = 'hears-speech') {
  const requests: Record<string, unknown>[] = [];
  const inference = {
    request: async (request: Record<string, unknown>) => {
      requests.push(request);
      if (request.kind === 'load') return { task, architecture: 'LSTM 1×8' };
      if (String(request.audioPath).endsWith('broken.wav')) throw new Error('not a RIFF/WAVE file\n    at decode');
      return { kind: 'audio-analysis', beam: request.beam };
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

beforeEach(() => {
  fake.panels.length = 0;
  fake.warnings.length = 0;
});

describe('the Audio view host', () => {
  it('analyses its own recording with its own model, and lets the webview load only that folder', async () => {
    const { requests, services: s } = services();
    const audio = file('clips/seven.wav');
    const model = file('runs/speech/best.safetensors');
    AudioViewPanel.show(context, s, audio, model);
    const panel = fake.panels[0];
    panel.receive({ type: 'ready' });
    await vi.waitFor(() => expect(requests.map((r) => r.kind)).toEqual(['load', 'analyze-audio']));
    expect(requests[1]).toEqual({ kind: 'analyze-audio', checkpointPath: model, audioPath: audio, beam: 1 });
    expect(panel.webview.options.localResourceRoots!.map((u) => u.fsPath)).toEqual([
      '/ext/dist/webview',
      '/ext/media',
      join(root, 'clips'),
    ]);
    expect(panel.webview.html).toContain('media-src vscode-resource:');
    await vi.waitFor(() => expect(panel.posted.map((m) => m.type)).toContain('analysis'));

    const before = requests.length;
    const hostile = [
      { type: 'analyze', beam: 4, audioPath: '/etc/passwd' },
      { type: 'analyze', beam: 4, checkpointPath: '/etc/passwd' },
      { type: 'analyze', beam: 1e9 },
      { type: 'choose-model', checkpointPath: '/etc/passwd' },
      { type: 'open', path: '/etc/passwd' },
    ];
    for (const message of hostile) panel.receive(message);
    await settle();
    expect(requests.slice(before)).toEqual([]);
    expect(fake.warnings.filter((w) => w.startsWith('Audio view: ignored a message'))).toHaveLength(hostile.length);

    // A beam is all a valid message changes.
    panel.receive({ type: 'analyze', beam: 8 });
    await vi.waitFor(() => expect(requests.length).toBe(before + 1));
    expect(requests.at(-1)).toEqual({ kind: 'analyze-audio', checkpointPath: model, audioPath: audio, beam: 8 });
    expect(JSON.stringify(requests)).not.toContain('/etc/passwd');
  });

  it('says in one line naming the file when the model does not read audio or the file is no WAV', async () => {
    const text = services('language-model');
    AudioViewPanel.show(context, text.services, file('a/one.wav'), file('runs/lm/best.safetensors'));
    fake.panels[0].receive({ type: 'ready' });
    await vi.waitFor(() => expect(fake.panels[0].posted.map((m) => m.type)).toContain('error'));
    expect(text.requests.map((r) => r.kind)).toEqual(['load']);
    expect(fake.panels[0].posted.find((m) => m.type === 'error')!.message).toBe(
      'best.safetensors is a language model, which does not read audio: choose another model.',
    );

    const broken = services();
    AudioViewPanel.show(context, broken.services, file('a/broken.wav'), file('runs/speech/best.safetensors'));
    fake.panels[1].receive({ type: 'ready' });
    await vi.waitFor(() => expect(fake.panels[1].posted.map((m) => m.type)).toContain('error'));
    expect(fake.panels[1].posted.find((m) => m.type === 'error')!.message).toBe('broken.wav: not a RIFF/WAVE file');
    expect(oneLine('/x/broken.wav', 'broken.wav: not a WAV file')).toBe('broken.wav: not a WAV file');
  });

  it('reopens after a reload only a .wav and a checkpoint of this workspace', async () => {
    const { requests, services: s } = services();
    const serializer = AudioViewPanel.registerSerializer(context, s) as unknown as {
      deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void>;
    };
    const audio = file('restore/two.wav');
    const model = file('runs/restore/best.safetensors');
    const outside = mkdtempSync(join(tmpdir(), 'lstm-audio-outside-'));
    writeFileSync(join(outside, 'x.wav'), '');
    symlinkSync(join(outside, 'x.wav'), join(root, 'link-out.wav'));
    const hostile = [
      { audioPath: '/etc/passwd', checkpointPath: model },
      { audioPath: join(outside, 'x.wav'), checkpointPath: model },
      { audioPath: join(root, 'link-out.wav'), checkpointPath: model },
      { audioPath: `${root}/restore/../restore/two.wav`, checkpointPath: model },
      { audioPath: audio, checkpointPath: '/etc/passwd' },
      { audioPath: file('notes.txt'), checkpointPath: model },
      { audioPath: audio, checkpointPath: model, beam: 'wide' },
    ];
    for (const state of hostile) await serializer.deserializeWebviewPanel(vscode.webviewPanel(), state);
    rmSync(outside, { recursive: true, force: true });
    await settle();
    expect(requests).toEqual([]);
    expect(fake.panels.every((p) => p.disposed)).toBe(true);

    await serializer.deserializeWebviewPanel(vscode.webviewPanel(), {
      audioPath: audio,
      checkpointPath: model,
      beam: 4,
      signal: 'f',
    });
    fake.panels.at(-1)!.receive({ type: 'ready' });
    await vi.waitFor(() => expect(requests.map((r) => r.kind)).toEqual(['load', 'analyze-audio']));
    expect(requests[1]).toEqual({ kind: 'analyze-audio', checkpointPath: model, audioPath: audio, beam: 4 });
  });
});
