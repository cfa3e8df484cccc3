/**
 * Translation for every module that does not import `vscode`: the extension host's pure modules and
 * the code the workers run (datasets, checkpoints, training, inference). They write
 * `l10n.t('English text {0}', x)` with `import * as l10n from '…/l10n'`, the spelling
 * `@vscode/l10n-dev export` extracts (`npm run l10n` reads src/extension and the worker-side folders).
 *
 * Who installs what:
 * - the extension host, at activation: `vscode.l10n.t` and `vscode.l10n.bundle` (the display language's
 *   messages, undefined in English);
 * - a worker thread, at start: a translator over the bundle the host handed it in `workerData`
 *   (`workerL10nData()` when the host creates it, `installWorkerTranslator` in the worker), because a
 *   worker cannot call `vscode.l10n`. So a dataset error, a model card or a training message is written
 *   in the display language where it is made, and travels to the host as ready text;
 * - nobody in the CLI and in unit tests: a message is its own translation, with `{0}`, `{1}`… filled in
 *   as `vscode.l10n.t` fills them, so the CLI's English output stays as it is.
 * Pure: no Node, no DOM, no `vscode`.
 */

export type MessageArgument = string | number | boolean;
export type Translator = (message: string, ...args: MessageArgument[]) => string;
/** English message → its translation (`vscode.l10n.bundle`, `l10n/bundle.l10n.<locale>.json`). */
export type MessageBundle = Readonly<Record<string, string>>;

/** What a worker thread gets in its `workerData` to speak the display language. */
export interface WorkerL10nData {
  l10nBundle?: MessageBundle;
}

let translator: Translator = fillPlaceholders;
let bundle: MessageBundle | undefined;

/**
 * Installs the display language's translator, once, at start: the host passes `vscode.l10n.t` and
 * `vscode.l10n.bundle` (the bundle is what it hands its workers); a worker passes no translator.
 */
export function installTranslator(translate: Translator | undefined, messages?: MessageBundle): void {
  bundle = messages && Object.keys(messages).length > 0 ? messages : undefined;
  translator = translate ?? bundleTranslator(bundle);
}

/** `message` in the display language, with `{n}` replaced by `args[n]`. */
export function t(message: string, ...args: MessageArgument[]): string {
  return translator(message, ...args);
}

/** The `workerData` fields a new worker thread needs to speak the display language (none in English). */
export function workerL10nData(): WorkerL10nData {
  return bundle ? { l10nBundle: bundle } : {};
}

/** In a worker thread: speak the language of the bundle the host sent (English without one). */
export function installWorkerTranslator(workerData: unknown): void {
  const sent = (workerData as WorkerL10nData | null | undefined)?.l10nBundle;
  installTranslator(undefined, isMessageBundle(sent) ? sent : undefined);
}

/** A translator over a bundle: the message's translation when there is one, else the message itself. */
export function bundleTranslator(messages: MessageBundle | undefined): Translator {
  if (!messages) return fillPlaceholders;
  return (message, ...args) => {
    const translated = Object.prototype.hasOwnProperty.call(messages, message) ? messages[message] : undefined;
    return fillPlaceholders(typeof translated === 'string' ? translated : message, ...args);
  };
}

/** `message` with `{n}` replaced by `args[n]` (a placeholder without an argument stays as written). */
export function fillPlaceholders(message: string, ...args: MessageArgument[]): string {
  if (args.length === 0) return message;
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

function isMessageBundle(value: unknown): value is MessageBundle {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
