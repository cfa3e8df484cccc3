/**
 * The webview side of the VS Code API, typed per panel. `acquireVsCodeApi` may be called only once per
 * page, so every caller goes through `vscodeApi()`.
 */

/** What VS Code gives a webview script (see the webview API docs). */
export interface VsCodeApi<State, ToHost> {
  postMessage(message: ToHost): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi<unknown, unknown>;
}

let api: VsCodeApi<unknown, unknown> | undefined;

export function vscodeApi<State, ToHost>(): VsCodeApi<State, ToHost> {
  api ??= acquireVsCodeApi();
  return api as VsCodeApi<State, ToHost>;
}

/** Calls `handler` for every message the host posts; returns a function that stops listening. */
export function onHostMessage<FromHost>(handler: (message: FromHost) => void): () => void {
  const listener = (event: MessageEvent) => {
    const message = event.data as FromHost | null;
    if (message && typeof message === 'object' && 'type' in message) handler(message);
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}
