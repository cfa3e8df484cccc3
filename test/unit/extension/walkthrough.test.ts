// The walkthrough as a user meets it: package.json's steps (each checked off by a context key the
// extension sets, each picture and markdown file in the package), the bundled samples (what
// scripts/make-samples.mjs cuts from examples/, small), and Get Sample Data copying them into a workspace
// folder — asking before it replaces a file, and with no folder open, asking for one and opening it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');

// What the fake VS Code did and will answer.
const fake = vi.hoisted(() => ({
  workspaceFolders: [] as { uri: { fsPath: string } }[],
  answers: [] as (string | undefined)[],
  asked: [] as string[],
  openDialog: undefined as string | undefined,
  commands: [] as { id: string; args: unknown[] }[],
}));

vi.mock('vscode', async () => {
  const nodeFs = await import('node:fs');
  const nodePath = await import('node:path');
  class Uri {
    constructor(readonly fsPath: string) {}
    get path() {
      return this.fsPath;
    }
    static file(p: string) {
      return new Uri(p);
    }
    static joinPath(base: Uri, ...parts: string[]) {
      return new Uri(nodePath.join(base.fsPath, ...parts));
    }
  }
  const answer = async (message: string) => {
    fake.asked.push(message);
    return fake.answers.shift();
  };
  return {
    Uri,
    FileType: { File: 1, Directory: 2 },
    l10n: { t: (text: string, ...args: unknown[]) => text.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)])) },
    workspace: {
      get workspaceFolders() {
        return fake.workspaceFolders.map((f) => ({ uri: new Uri(f.uri.fsPath) }));
      },
      fs: {
        readDirectory: async (uri: Uri) =>
          nodeFs.readdirSync(uri.fsPath, { withFileTypes: true }).map((e) => [e.name, e.isFile() ? 1 : 2]),
        stat: async (uri: Uri) => nodeFs.statSync(uri.fsPath),
        createDirectory: async (uri: Uri) => void nodeFs.mkdirSync(uri.fsPath, { recursive: true }),
        copy: async (from: Uri, to: Uri) => nodeFs.copyFileSync(from.fsPath, to.fsPath),
      },
    },
    window: {
      showInformationMessage: answer,
      showWarningMessage: answer,
      showWorkspaceFolderPick: async () => undefined,
      showOpenDialog: async () => (fake.openDialog ? [new Uri(fake.openDialog)] : undefined),
    },
    commands: {
      executeCommand: async (id: string, ...args: unknown[]) => void fake.commands.push({ id, args }),
    },
  };
});

import { getSampleData, SAMPLE_FOLDER_NAME } from '../../../src/extension/sample-data';
import { WALKTHROUGH_EVENTS, walkthroughContextKey } from '../../../src/extension/walkthrough-progress';
import { markdownTitle } from '../../../src/extension/documentation-command';

interface Step {
  id: string;
  description: string;
  media: { image?: Record<string, string>; markdown?: string };
  completionEvents: string[];
}
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const steps: Step[] = manifest.contributes.walkthroughs[0].steps;
const extensionUri = { fsPath: ROOT, path: ROOT } as never;

describe('the walkthrough contribution', () => {
  it('has the five steps of the first hour, each checked off by a key the extension sets', () => {
    expect(steps.map((s) => s.id)).toEqual(['getSampleData', 'train', 'watch', 'lookInside', 'predict']);
    const keys = WALKTHROUGH_EVENTS.map((e) => `onContext:${walkthroughContextKey(e)}`);
    for (const step of steps) {
      expect(step.completionEvents.length).toBeGreaterThan(0);
      for (const event of step.completionEvents) expect(keys).toContain(event);
    }
  });

  it("names only files that exist and ship (media/), and buttons for commands it contributes or VS Code's", () => {
    const contributed = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    for (const step of steps) {
      const files = step.media.image ? Object.values(step.media.image) : [step.media.markdown!];
      for (const file of files) {
        expect(file.startsWith('media/'), file).toBe(true);
        expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);
      }
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)\)/g))
        expect(contributed.has(command) || command.startsWith('workbench.'), command).toBe(true);
    }
  });
});

describe('the bundled samples', () => {
  it('are what scripts/make-samples.mjs cuts from examples/, and small', () => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/make-samples.mjs'), '--check']);
    const names = fs.readdirSync(path.join(ROOT, 'samples'));
    expect(names.sort()).toEqual(['README.md', 'dates.tsv', 'energy.csv', 'fables.txt', 'reviews.csv', 'try-me.txt']);
    const bytes = names.reduce((sum, n) => sum + fs.statSync(path.join(ROOT, 'samples', n)).size, 0);
    expect(bytes).toBeLessThan(400_000);
  });
});

describe('Get Sample Data', () => {
  let workspace: string;
  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-samples-'));
    Object.assign(fake, { workspaceFolders: [{ uri: { fsPath: workspace } }], answers: [], asked: [] });
    Object.assign(fake, { openDialog: undefined, commands: [] });
  });
  const copied = (name: string) => path.join(workspace, SAMPLE_FOLDER_NAME, name);

  it('copies every sample into lstm-studio-samples/ of the open folder and reveals it', async () => {
    const folder = await getSampleData(extensionUri);
    expect(folder?.fsPath).toBe(path.join(workspace, SAMPLE_FOLDER_NAME));
    for (const name of fs.readdirSync(path.join(ROOT, 'samples')))
      expect(fs.readFileSync(copied(name))).toEqual(fs.readFileSync(path.join(ROOT, 'samples', name)));
    expect(fake.asked).toEqual([]);
    expect(fake.commands.map((c) => c.id)).toContain('revealInExplorer');
    expect(fake.commands).toContainEqual({ id: 'setContext', args: ['lstmStudio.walkthrough.hasSampleData', true] });
  });

  it('asks before it replaces files already there, and keeps them when the user declines', async () => {
    fs.mkdirSync(path.join(workspace, SAMPLE_FOLDER_NAME));
    fs.writeFileSync(copied('reviews.csv'), 'my edits');
    fake.answers.push(undefined); // the modal dismissed
    expect(await getSampleData(extensionUri)).toBeUndefined();
    expect(fake.asked).toHaveLength(1);
    expect(fake.asked[0]).toContain('reviews.csv');
    expect(fs.readFileSync(copied('reviews.csv'), 'utf8')).toBe('my edits');
    expect(fs.existsSync(copied('fables.txt'))).toBe(false);

    fake.answers.push('Replace');
    expect(await getSampleData(extensionUri)).toBeDefined();
    expect(fs.readFileSync(copied('reviews.csv'))).toEqual(fs.readFileSync(path.join(ROOT, 'samples/reviews.csv')));
  });

  it('with no folder open, asks for one, copies there and opens it', async () => {
    fake.workspaceFolders = [];
    fake.answers.push('Choose a Folder…');
    fake.openDialog = workspace;
    expect(await getSampleData(extensionUri)).toBeUndefined();
    expect(fs.existsSync(copied('reviews.csv'))).toBe(true);
    expect(fake.commands.at(-1)?.id).toBe('vscode.openFolder');
  });

  it('with no folder open, does nothing when the user cancels', async () => {
    fake.workspaceFolders = [];
    fake.answers.push(undefined);
    expect(await getSampleData(extensionUri)).toBeUndefined();
    expect(fake.commands).toEqual([]);
  });
});

describe('Open Documentation', () => {
  it('lists every shipped doc by its first heading', () => {
    for (const name of fs.readdirSync(path.join(ROOT, 'docs')).filter((n) => n.endsWith('.md'))) {
      const title = markdownTitle(fs.readFileSync(path.join(ROOT, 'docs', name), 'utf8'));
      expect(title, name).toBeTruthy();
      expect(title).not.toContain('`');
    }
    expect(markdownTitle('intro\n# The `lstm-studio` CLI\n## more')).toBe('The lstm-studio CLI');
    expect(markdownTitle('no heading')).toBeUndefined();
  });
});
