/**
 * The first double-click on a `.safetensors` file right after a window opens on a fresh profile.
 *
 * Why it opens as text: the workbench picks an editor for a file in its editor resolver
 * (vs/workbench/services/editor/browser/editorResolverService.ts, `resolveEditor`). It waits for the
 * extensions' contributions (`whenInstalledExtensionsRegistered`) only when the file matches a pattern
 * in its startup cache (`editorOverrideService.cache`: the custom editors' patterns it saved when the
 * last window of this profile closed). A fresh profile — a new browser for code-server, a dev
 * container, CI — has no cache, so until the remote extensions are scanned nobody has claimed
 * `*.safetensors` and the text editor opens it ("binary file"). Activation events cannot close that
 * gap: the editor is chosen before any extension can run. From the second window on, the cache holds
 * our pattern and the workbench waits.
 *
 * What we do: on activation (`workspaceContains:**\/*.safetensors` brings it to the window's start),
 * and for a short while after, every `.safetensors` tab open as text is reopened in the checkpoint
 * editor, in its group, and the text tab is closed. Later, a text editor on a checkpoint is the
 * user's choice (*Reopen Editor With…*) and is left alone.
 */

import * as vscode from 'vscode';
import { log } from './log';

/** How long after activation a checkpoint opened as text is still taken for the startup race. */
const STARTUP_WINDOW_MS = 30_000;

export function reopenCheckpointsOpenedAsText(context: vscode.ExtensionContext, viewType: string): void {
  const until = Date.now() + STARTUP_WINDOW_MS;
  const reopening = new Set<string>();
  const reopen = (uri: vscode.Uri, viewColumn: vscode.ViewColumn) => {
    const key = uri.toString();
    if (reopening.has(key)) return;
    reopening.add(key);
    void reopenInCheckpointEditor(uri, viewColumn, viewType)
      .catch((error: unknown) =>
        log().warn(`reopening ${uri.fsPath} in the checkpoint editor failed: ${String(error)}`),
      )
      .finally(() => reopening.delete(key));
  };
  for (const tab of checkpointTabsOpenedAsText()) reopen(tab.uri, tab.viewColumn);
  const listener = vscode.window.tabGroups.onDidChangeTabs(({ opened, changed }) => {
    if (Date.now() > until) {
      listener.dispose();
      return;
    }
    for (const tab of [...opened, ...changed]) {
      const uri = checkpointOpenedAsText(tab);
      if (uri) reopen(uri, tab.group.viewColumn);
    }
  });
  context.subscriptions.push(listener);
}

/** The `.safetensors` file a tab shows as text, if it does. */
function checkpointOpenedAsText(tab: vscode.Tab): vscode.Uri | undefined {
  return tab.input instanceof vscode.TabInputText && tab.input.uri.path.toLowerCase().endsWith('.safetensors')
    ? tab.input.uri
    : undefined;
}

function checkpointTabsOpenedAsText(): { uri: vscode.Uri; viewColumn: vscode.ViewColumn }[] {
  const found = [];
  for (const group of vscode.window.tabGroups.all)
    for (const tab of group.tabs) {
      const uri = checkpointOpenedAsText(tab);
      if (uri) found.push({ uri, viewColumn: group.viewColumn });
    }
  return found;
}

/**
 * Opens `uri` in the checkpoint editor in the same group, then closes the text tabs on it. The text
 * tabs are looked up again after the open: a Tab object read before it may be stale (the open replaces
 * a preview tab), and closing a stale one fails, which would leave the text tab there — and in front
 * when something clicks it.
 */
async function reopenInCheckpointEditor(uri: vscode.Uri, viewColumn: vscode.ViewColumn, viewType: string) {
  await vscode.commands.executeCommand('vscode.openWith', uri, viewType, { viewColumn, preview: false });
  const textTabs = vscode.window.tabGroups.all.flatMap((group) =>
    group.tabs.filter((tab) => checkpointOpenedAsText(tab)?.toString() === uri.toString()),
  );
  if (textTabs.length > 0) await vscode.window.tabGroups.close(textTabs, true);
  log().info(`${uri.fsPath} was opened as text before the checkpoint editor was known: reopened in it`);
}
