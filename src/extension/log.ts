/** The "LSTM Studio" log channel: the full story of each run (start, config, epochs, checkpoints, end). */

import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('LSTM Studio', { log: true });
  return channel;
}
