/**
 * package.json's commands, menus and keybindings hold together: every menu item names a contributed
 * command or submenu, no two commands in the palette share a title, text files and selections get our
 * items only under the context keys docs/commands.md describes, and training items hide in Restricted Mode.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface MenuItem {
  command?: string;
  submenu?: string;
  when?: string;
  group?: string;
}
interface Contributes {
  commands: { command: string; title: string; category?: string }[];
  menus: Record<string, MenuItem[]>;
  submenus: { id: string; label: string }[];
  keybindings: { command: string; key: string; mac?: string; when?: string }[];
}

// The titles as a user reads them: package.json's `%key%`s looked up in package.nls.json (the English bundle).
const root = join(__dirname, '../../..');
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const contributes = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'), (_key, value: unknown) =>
    typeof value === 'string' && /^%[^%]+%$/.test(value) ? (nls[value.slice(1, -1)] ?? value) : value,
  ) as { contributes: Contributes }
).contributes;
const commandIds = new Set(contributes.commands.map((c) => c.command));
const items = (menu: string) => contributes.menus[menu] ?? [];
const itemsOf = (menu: string, command: string) => items(menu).filter((item) => item.command === command);

describe('package.json contributions', () => {
  it('names only contributed commands and submenus', () => {
    const submenus = new Set(contributes.submenus.map((s) => s.id));
    for (const [menu, entries] of Object.entries(contributes.menus)) {
      if (menu.startsWith('lstmStudio.')) expect(submenus.has(menu), menu).toBe(true);
      for (const entry of entries) {
        if (entry.command) expect(commandIds.has(entry.command), `${menu}: ${entry.command}`).toBe(true);
        if (entry.submenu) expect(submenus.has(entry.submenu), `${menu}: ${entry.submenu}`).toBe(true);
      }
    }
    for (const binding of contributes.keybindings) expect(commandIds.has(binding.command)).toBe(true);
  });

  it('gives every command in the palette its own title', () => {
    const hidden = new Set(
      items('commandPalette')
        .filter((i) => i.when === 'false')
        .map((i) => i.command),
    );
    const titles = contributes.commands
      .filter((c) => !hidden.has(c.command))
      .map((c) => `${c.category ?? ''}: ${c.title}`.toLowerCase());
    expect(titles.filter((title, i) => titles.indexOf(title) !== i)).toEqual([]);
    expect(titles.filter((title) => title.includes('resume training…'))).toEqual([]);
  });

  it('puts our Explorer and editor items in one LSTM Studio submenu each', () => {
    expect(items('explorer/context')).toEqual([{ submenu: 'lstmStudio.explorerContext', group: '7_lstmStudio@1' }]);
    expect(items('editor/context')).toEqual([{ submenu: 'lstmStudio.editorContext', group: 'lstmStudio@1' }]);
    expect(contributes.submenus.every((s) => s.label === 'LSTM Studio')).toBe(true);
  });

  it('offers Train on .txt/.md only in workspaces with runs or opted-in folders, never in Restricted Mode', () => {
    for (const menu of ['lstmStudio.explorerContext', 'lstmStudio.editorContext'])
      for (const command of ['lstmStudio.trainDataset', 'lstmStudio.newTrainingRunOnFile']) {
        for (const item of itemsOf(menu, command)) {
          expect(item.when, `${menu} ${command}`).toMatch(/^isWorkspaceTrusted && /);
          const when = item.when!;
          if (when.endsWith('explorerResourceIsFolder')) continue; // a dataset folder
          if (when.includes('txt|md'))
            expect(when).toContain('(lstmStudio.hasRuns || resourceDirname in lstmStudio.datasetFolders)');
          else expect(when).toMatch(/csv\|tsv\|jsonl/);
        }
      }
  });

  it('offers Predict and Inspect Gates on a selection only when a model is known, by menu and by key', () => {
    for (const command of ['lstmStudio.predictOnSelection', 'lstmStudio.inspectGatesOnSelection']) {
      expect(itemsOf('lstmStudio.editorContext', command).map((i) => i.when)).toEqual([
        'editorHasSelection && lstmStudio.hasModel',
      ]);
      const bindings = contributes.keybindings.filter((k) => k.command === command);
      expect(bindings).toHaveLength(1);
      expect(bindings[0].when).toBe('editorHasSelection && lstmStudio.hasModel');
      // A chord under ctrl+alt+l: VS Code binds no default to it.
      expect(bindings[0].key).toMatch(/^ctrl\+alt\+l [a-z]$/);
      expect(bindings[0].mac).toMatch(/^cmd\+alt\+l [a-z]$/);
    }
  });

  it('offers Resume Training from This Checkpoint only on last.safetensors in a trusted workspace', () => {
    const [resume] = itemsOf('lstmStudio.explorerContext', 'lstmStudio.resumeFromCheckpoint');
    expect(resume.when).toContain('resourceFilename == last.safetensors');
    expect(resume.when).toContain('isWorkspaceTrusted');
  });
});
