/**
 * The first double-click on a `.safetensors` file right after the window opens: until the workbench has
 * read the extensions' contributions it does not know our custom editor, so it opens the file in the
 * text editor, which shows its "binary file" placeholder. Nothing in the manifest closes that gap (the
 * editor is chosen before any extension can be activated), so on activation — which `workspaceContains:
 * **\/*.safetensors` brings to the window's start — every `.safetensors` tab opened as text is reopened in
 * the checkpoint editor, and so is one the workbench still opens as text in the first seconds after.
 * Later, a text editor on a checkpoint is the user's choice (*Reopen Editor With…*) and is left alone.
 */

import * as vscode from 'vscode';

/** How long after activation a checkpoint opened as text is still taken for the startup race. */
const STARTUP_WINDOW_MS = 30_000;

export function reopenCheckpointsOpenedAsText(context: vscode.ExtensionContext, viewType: string): void {
  const until = Date.now() + STARTUP_WINDOW_MS;
  const reopen = (tab: vscode.Tab) => void reopenTab(tab, viewType);
  for (const group of vscode.window.tabGroups.all)
    for (const tab of group.tabs) if (isCheckpointAsText(tab)) reopen(tab);
  const listener = vscode.window.tabGroups.onDidChangeTabs(({ opened, changed }) => {
    if (Date.now() > until) {
      listener.dispose();
      return;
    }
    for (const tab of [...opened, ...changed]) if (isCheckpointAsText(tab)) reopen(tab);
  });
  context.subscriptions.push(listener);
}

function isCheckpointAsText(tab: vscode.Tab): boolean {
  return tab.input instanceof vscode.TabInputText && tab.input.uri.path.toLowerCase().endsWith('.safetensors');
}

async function reopenTab(tab: vscode.Tab, viewType: string): Promise<void> {
  const uri = (tab.input as vscode.TabInputText).uri;
  await vscode.commands.executeCommand('vscode.openWith', uri, viewType, {
    viewColumn: tab.group.viewColumn,
    preview: tab.isPreview,
    preserveFocus: !tab.isActive,
  });
  // The text tab may already be gone (the user closed it): closing a closed tab throws.
  await Promise.resolve(vscode.window.tabGroups.close(tab)).catch(() => undefined);
}
