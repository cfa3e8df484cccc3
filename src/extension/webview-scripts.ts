/**
 * Which scripts a panel's page loads, in order: the chunks its bundle shares with other panels (chart.js
 * for the five that chart) before the panel's own bundle. The webviews build writes the list
 * (`dist/webview/entrypoints.json`, webpack.config.js's EntrypointsManifest); it is read once, on the
 * first panel opened. Without the file (an older build), a panel loads its own bundle alone.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const manifests = new Map<string, Readonly<Record<string, readonly string[]>>>();

/** The script files under dist/webview/ that the page of `bundle` loads, in load order. */
export function panelScriptFiles(extensionPath: string, bundle: string): readonly string[] {
  let manifest = manifests.get(extensionPath);
  if (!manifest) {
    manifest = readManifest(join(extensionPath, 'dist', 'webview', 'entrypoints.json'));
    manifests.set(extensionPath, manifest);
  }
  const files = manifest[bundle];
  return files && files.length > 0 ? files : [`${bundle}.js`];
}

/** The build's entry → files map; empty when it is missing or not what the build writes. */
function readManifest(path: string): Readonly<Record<string, readonly string[]>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const manifest: Record<string, readonly string[]> = {};
  for (const [entry, files] of Object.entries(parsed)) {
    // Only plain file names of this folder: the page links nothing else.
    if (Array.isArray(files) && files.every((f) => typeof f === 'string' && /^[\w.-]+\.js$/.test(f)))
      manifest[entry] = files as string[];
  }
  return manifest;
}
