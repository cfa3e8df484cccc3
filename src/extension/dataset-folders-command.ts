/**
 * *Use This Folder for Datasets* (Explorer, on a folder): adds the folder to the `lstmStudio.datasetFolders`
 * setting of its workspace folder, so its `.txt` and `.md` files get *Train LSTM on This Dataset* in the
 * Explorer even before the workspace has a run (see docs/commands.md for why text files need this).
 */

import * as vscode from 'vscode';
import { basename } from 'node:path';
import { registerCommand } from './commands';
import { optInGlob, withGlob } from './menu-context';

export function registerDatasetFoldersCommand(): vscode.Disposable {
  return registerCommand('lstmStudio.useFolderForDatasets', async (argument?: unknown) => {
    const folder = argument instanceof vscode.Uri ? argument : await pickFolder();
    if (!folder) return;
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(folder);
    const glob = workspaceFolder ? optInGlob(workspaceFolder.uri.fsPath, folder.fsPath) : undefined;
    if (!workspaceFolder || glob === undefined)
      throw new Error(vscode.l10n.t('{0} is not inside a folder of this workspace', folder.fsPath));
    const settings = vscode.workspace.getConfiguration('lstmStudio', workspaceFolder.uri);
    const current = settings.inspect<unknown>('datasetFolders')?.workspaceFolderValue;
    await settings.update('datasetFolders', withGlob(current, glob), vscode.ConfigurationTarget.WorkspaceFolder);
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'The .txt and .md files in {0} now offer Train LSTM on This Dataset (setting lstmStudio.datasetFolders).',
        glob === '.' ? workspaceFolder.name : basename(folder.fsPath),
      ),
    );
  });
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: vscode.l10n.t('Use for Datasets'),
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}
