/**
 * The one door through which a panel's host hears its webview. A webview runs whatever script reaches
 * it, so each message is checked against the panel's validator (src/protocol/*-validation.ts) and only
 * the checked copy reaches the handler; anything else is logged and ignored, never acted on.
 */

import type * as vscode from 'vscode';
import { validate, type Validator } from '../protocol/message-validation';
import { log } from './log';

/** Calls `handle` with each valid message of `webview`; `panel` names the panel in the log. */
export function onValidMessage<T>(
  webview: vscode.Webview,
  panel: string,
  validator: Validator<T>,
  handle: (message: T) => unknown,
): vscode.Disposable {
  return webview.onDidReceiveMessage((message: unknown) => {
    const checked = validate(validator, message);
    if (!checked.ok) {
      log().warn(`${panel}: ignored a message from the webview: ${checked.reason}`);
      return;
    }
    void handle(checked.value);
  });
}
