/**
 * *LSTM Studio: Open Documentation*: a quick pick of the README and the docs that ship in the extension
 * (`docs/*.md`, listed by their first heading), opened in an editor and VS Code's Markdown preview, which
 * resolves their relative links and pictures against the extension's folder.
 * The README's relative links do not open from the Extensions view's page of an extension installed from a
 * .vsix (VS Code resolves them against its own web page, not the extension's folder), so this is the way
 * to the docs from inside VS Code.
 */

import * as vscode from 'vscode';
import { registerCommand } from './commands';

/** The first `# heading` of a Markdown text, or undefined. */
export function markdownTitle(text: string): string | undefined {
  const match = /^# (.+)$/m.exec(text);
  return match?.[1].replace(/`/g, '').trim();
}

export function registerDocumentationCommand(context: vscode.ExtensionContext): vscode.Disposable {
  return registerCommand('lstmStudio.openDocumentation', async () => {
    const folder = vscode.Uri.joinPath(context.extensionUri, 'docs');
    const entries = await vscode.workspace.fs.readDirectory(folder);
    const pages = await Promise.all(
      entries
        .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.md'))
        .map(async ([name]) => {
          const uri = vscode.Uri.joinPath(folder, name);
          const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
          return { label: markdownTitle(text) ?? name, description: `docs/${name}`, uri };
        }),
    );
    pages.sort((a, b) => a.label.localeCompare(b.label));
    // The README first: the quick start, the data formats and what each feature looks like. The .vsix
    // carries it as `readme.md` (vsce's name for `--readme-path`, scripts/vsix-readme.mjs); a checkout
    // run from source has `README.md`.
    const root = await vscode.workspace.fs.readDirectory(context.extensionUri);
    const readme = root.find(([name, type]) => type === vscode.FileType.File && name.toLowerCase() === 'readme.md');
    if (readme)
      pages.unshift({
        label: vscode.l10n.t('LSTM Studio: quick start, data formats, features'),
        description: 'README.md',
        uri: vscode.Uri.joinPath(context.extensionUri, readme[0]),
      });
    const picked = await vscode.window.showQuickPick(pages, {
      placeHolder: vscode.l10n.t('Open which LSTM Studio documentation page?'),
      matchOnDescription: true,
    });
    if (!picked) return;
    // The page as a document first, then the preview of the active editor: in a remote window (code-server)
    // `markdown.showPreview` given the extension's file Uri said "README.md cannot be found"; given no
    // argument it previews the open document, and the text stays open behind it either way.
    await vscode.window.showTextDocument(picked.uri, { preview: true });
    await vscode.commands.executeCommand('markdown.showPreview');
  });
}
