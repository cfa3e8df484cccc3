/**
 * The display language and its translations, as every panel's page carries them (host → webview, once,
 * in the HTML rather than as a message so the page can translate its very first frame).
 */

/** The id of the page's `<script type="application/json">` element that holds a `PageL10n`. */
export const PAGE_L10N_ELEMENT_ID = 'l10n';

export interface PageL10n {
  /** VS Code's display language (`vscode.env.language`), a BCP 47 tag such as `en`, `de` or `qps-ploc`. */
  language: string;
  /** English message → its translation (`vscode.l10n.bundle`); empty in English. */
  bundle: Record<string, string>;
}
