// The <script> tags a screenshot page needs for one panel's bundle: the chunks it shares (chart.js) before
// its own, in the order the webviews build lists them in dist/webview/entrypoints.json (the extension's
// HTML shell reads the same list: src/extension/webview-scripts.ts).
import fs from 'node:fs';
import path from 'node:path';

export function bundleScriptTags(root, bundle) {
  const dir = path.join(root, 'dist', 'webview');
  let files = [`${bundle}.js`];
  try {
    const listed = JSON.parse(fs.readFileSync(path.join(dir, 'entrypoints.json'), 'utf8'))[bundle];
    if (Array.isArray(listed) && listed.length > 0) files = listed;
  } catch {
    // An older build without the list: the bundle alone.
  }
  return files.map((file) => `<script src="file://${path.join(dir, file)}"></script>`).join('');
}
