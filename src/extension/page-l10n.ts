/**
 * What a panel's page needs to speak the display language (`PageL10n`): the language tag (for `Intl`
 * formats and `<html lang>`) and the extension's translations of the panels' words
 * (`vscode.l10n.bundle`, `{}` in English), written into the page as a JSON data block that
 * `webview/shared/l10n.ts` parses. Pure (no `vscode` import) so it is tested without a host.
 */

import { PAGE_L10N_ELEMENT_ID, type PageL10n } from '../protocol/page-l10n';

/** The page's `<script type="application/json" id="l10n">` element holding a `PageL10n`. */
export function pageL10nElement(
  language: string,
  bundle: Readonly<Record<string, string>> | undefined,
  nonce: string,
): string {
  const page: PageL10n = { language, bundle: { ...bundle } };
  const json = escapeForScriptElement(JSON.stringify(page));
  return `<script type="application/json" id="${PAGE_L10N_ELEMENT_ID}" nonce="${nonce}">${json}</script>`;
}

/**
 * JSON made safe inside a `<script>` element: a translation holding `</script>` or `<!--` must not end
 * or change the element, so `<`, `>` and `&` become `\u003c`-style escapes (the same JSON string values
 * once parsed); U+2028/U+2029 are escaped too, as older parsers take them for line ends.
 */
export function escapeForScriptElement(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
