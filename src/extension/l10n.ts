/**
 * Translation for the host's modules that do not import `vscode` (kept pure so unit tests run them
 * without VS Code): they write `l10n.t('English text {0}', x)` with `import * as l10n from './l10n'`,
 * the spelling `@vscode/l10n-dev export` extracts, and `activate` points `t` at `vscode.l10n.t`. Modules
 * that import `vscode` call `vscode.l10n.t` themselves. Before activation (tests) a message is its own
 * translation, with `{0}`, `{1}`… filled in as `vscode.l10n.t` fills them.
 */

export type MessageArgument = string | number | boolean;
type Translator = (message: string, ...args: MessageArgument[]) => string;

let translator: Translator = fillPlaceholders;

/** Installs the display language's translator (`vscode.l10n.t`), once, at activation. */
export function installTranslator(translate: Translator): void {
  translator = translate;
}

/** `message` in the display language, with `{n}` replaced by `args[n]`. */
export function t(message: string, ...args: MessageArgument[]): string {
  return translator(message, ...args);
}

/** `message` with `{n}` replaced by `args[n]` (a placeholder without an argument stays as written). */
export function fillPlaceholders(message: string, ...args: MessageArgument[]): string {
  if (args.length === 0) return message;
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}
