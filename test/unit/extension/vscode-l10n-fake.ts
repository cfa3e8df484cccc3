/**
 * `vscode.l10n` for the unit tests' fake `vscode` modules: English, with `{0}`, `{1}`… filled in from the
 * arguments or from `{ message, args }`, as VS Code does without a bundle.
 */
export const englishL10n = {
  /** No translations: the English messages are their own. */
  bundle: undefined,
  t(message: string | { message: string; args?: unknown[] }, ...args: unknown[]): string {
    const [text, values] = typeof message === 'string' ? [message, args] : [message.message, message.args ?? []];
    return text.replace(/\{(\d+)\}/g, (whole, index: string) => {
      const value = values[Number(index)];
      return value === undefined ? whole : String(value);
    });
  },
};
