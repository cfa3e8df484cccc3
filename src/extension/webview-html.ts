/**
 * The HTML shell of every panel (DESIGN.md §6): strict Content-Security-Policy (`default-src 'none'`,
 * scripts only by a fresh nonce, styles/images/fonts only from the webview's own source), the panel's
 * stylesheet (after VS Code's icon font, `dist/webview/codicon.css`, and any it shares with another panel,
 * `media/<shared>.css`) and its scripts (a chunk it shares, then its own bundle: webview-scripts.ts), all
 * through `asWebviewUri`. The script builds the whole DOM.
 * The page also carries the display language and its translations of the panels' words
 * (`vscode.l10n.bundle`) as a JSON data block that `webview/shared/l10n.ts` reads on its first `t`.
 */

import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { pageL10nElement } from './page-l10n';
import { panelScriptFiles } from './webview-scripts';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
      vscode.Uri.joinPath(extensionUri, 'media'),
    ],
  };
}

export function panelHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  bundle: string,
  title: string,
  sharedStyles: readonly string[] = [],
  /** Allow `<audio>`/`<video>` from the webview's own resources (the Audio view plays its recording). */
  allowMedia = false,
): string {
  const nonce = randomBytes(16).toString('base64');
  const scripts = panelScriptFiles(extensionUri.fsPath, bundle)
    .map((file) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file)))
    .map((src) => `<script nonce="${nonce}" src="${src}"></script>`)
    .join('\n');
  // VS Code's icon font first (copied from @vscode/codicons by the build), then the panel's own styles.
  const codicons = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'codicon.css'));
  const styles = [
    codicons,
    ...[...sharedStyles, bundle].map((name) =>
      webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', `${name}.css`)),
    ),
  ]
    .map((href) => `<link rel="stylesheet" href="${href}">`)
    .join('\n');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    ...(allowMedia ? [`media-src ${webview.cspSource}`] : []),
  ].join('; ');
  const language = vscode.env.language;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="app"></div>
${pageL10nElement(language, vscode.l10n.bundle, nonce)}
${scripts}
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
