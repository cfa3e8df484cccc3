/** Registering a command whose failure is logged with its stack and shown to the user in one line. */

import * as vscode from 'vscode';
import { log } from './log';

/**
 * `run` gets the command's arguments as VS Code passes them (a clicked resource, a tree item, what a
 * panel sent): each handler checks what it receives. The command answers what `run` returns
 * (undefined when it failed).
 */
export function registerCommand(id: string, run: (...args: never[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await (run as (...args: unknown[]) => unknown)(...args);
    } catch (error) {
      log().error(`${id}: ${(error as Error).stack ?? error}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Studio: {0}', (error as Error).message));
    }
  });
}
