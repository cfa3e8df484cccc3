import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { panelScriptFiles } from '../../../src/extension/webview-scripts';

function extensionWith(manifest: string | null): string {
  const root = mkdtempSync(join(tmpdir(), 'webview-scripts-'));
  mkdirSync(join(root, 'dist', 'webview'), { recursive: true });
  if (manifest !== null) writeFileSync(join(root, 'dist', 'webview', 'entrypoints.json'), manifest);
  return root;
}

describe('panelScriptFiles', () => {
  it("loads a panel's shared chunk before its own bundle, as the build listed them", () => {
    const root = extensionWith(JSON.stringify({ training: ['charts.js', 'training.js'], gates: ['gates.js'] }));
    expect(panelScriptFiles(root, 'training')).toEqual(['charts.js', 'training.js']);
    expect(panelScriptFiles(root, 'gates')).toEqual(['gates.js']);
  });

  it('falls back to the bundle alone without a manifest, with a damaged one, or for an entry it does not name', () => {
    expect(panelScriptFiles(extensionWith(null), 'training')).toEqual(['training.js']);
    expect(panelScriptFiles(extensionWith('{not json'), 'training')).toEqual(['training.js']);
    expect(panelScriptFiles(extensionWith(JSON.stringify({ gates: ['gates.js'] })), 'evaluate')).toEqual([
      'evaluate.js',
    ]);
  });

  it('links only plain script names of its own folder', () => {
    const root = extensionWith(JSON.stringify({ training: ['../../evil.js', 'training.js'] }));
    expect(panelScriptFiles(root, 'training')).toEqual(['training.js']);
  });
});
