/**
 * Translation of the panels' words. The host passes the display language's bundle
 * (`vscode.l10n.bundle`, the extension's `l10n/bundle.l10n.<locale>.json`) to the page; `t` looks a
 * message up in it and fills `{0}`, `{1}`… with its arguments, exactly as `vscode.l10n.t` does on the
 * host, so one English message is the key on both sides and `@vscode/l10n-dev` can extract both.
 * Without a bundle (English) the message is its own translation.
 */

let bundle: Readonly<Record<string, string>> = {};

/** Installs the bundle the host sent (called once, before the panel draws). */
export function setL10nBundle(messages: Readonly<Record<string, string>> | undefined): void {
  bundle = messages ?? {};
}

/** `message` in the display language, with `{n}` replaced by `args[n]`. */
export function t(message: string, ...args: Array<string | number | boolean>): string {
  const template = bundle[message] ?? message;
  return args.length === 0
    ? template
    : template.replace(/\{(\d+)\}/g, (whole, index: string) => {
        const value = args[Number(index)];
        return value === undefined ? whole : String(value);
      });
}
