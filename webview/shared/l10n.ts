/**
 * Translation of the panels' words. The host writes the display language and its bundle
 * (`vscode.l10n.bundle`, the extension's `l10n/bundle.l10n.<locale>.json`) into the page
 * (`src/extension/page-l10n.ts`); the first `t` or `displayLanguage` reads it, so no panel has to set
 * anything up. `t` looks a message up and fills `{0}`, `{1}`… with its arguments, exactly as
 * `vscode.l10n.t` does on the host, so one English message is the key on both sides and
 * `@vscode/l10n-dev export` extracts both (call it as `l10n.t('…')` after `import * as l10n`).
 * Without a bundle (English) the message is its own translation.
 */

import { PAGE_L10N_ELEMENT_ID, type PageL10n } from '../../src/protocol/page-l10n';

const ENGLISH: PageL10n = { language: 'en', bundle: {} };

let page: PageL10n | undefined;

/** A message with a note for translators (the note is not shown; `l10n-dev` exports it). */
export interface MessageWithComment {
  message: string;
  args?: Array<string | number | boolean>;
  comment: string | string[];
}

/** `message` in the display language, with `{n}` replaced by `args[n]`. */
export function t(message: string, ...args: Array<string | number | boolean>): string;
export function t(options: MessageWithComment): string;
export function t(
  messageOrOptions: string | MessageWithComment,
  ...positional: Array<string | number | boolean>
): string {
  const message = typeof messageOrOptions === 'string' ? messageOrOptions : messageOrOptions.message;
  const args = typeof messageOrOptions === 'string' ? positional : (messageOrOptions.args ?? []);
  const translated = currentPage().bundle[message];
  return fillPlaceholders(typeof translated === 'string' ? translated : message, args);
}

/** The display language's BCP 47 tag (`en`, `de`, `qps-ploc`…), for `Intl` formats. */
export function displayLanguage(): string {
  return currentPage().language;
}

/**
 * The page's l10n data block parsed; anything missing or malformed is English (a broken bundle must
 * not blank a panel), and entries that are not strings are dropped.
 */
export function parsePageL10n(json: string | null | undefined): PageL10n {
  if (!json) return ENGLISH;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return ENGLISH;
  }
  if (typeof value !== 'object' || value === null) return ENGLISH;
  const { language, bundle } = value as Partial<Record<keyof PageL10n, unknown>>;
  const messages: Record<string, string> = {};
  if (typeof bundle === 'object' && bundle !== null) {
    for (const [key, text] of Object.entries(bundle)) if (typeof text === 'string') messages[key] = text;
  }
  return { language: typeof language === 'string' && isLanguageTag(language) ? language : 'en', bundle: messages };
}

/** Replaces what the page carries (tests; `undefined` reads the page again on the next `t`). */
export function setPageL10n(value: PageL10n | undefined): void {
  page = value;
}

function currentPage(): PageL10n {
  page ??= readPage();
  return page;
}

function readPage(): PageL10n {
  if (typeof document === 'undefined') return ENGLISH;
  return parsePageL10n(document.getElementById(PAGE_L10N_ELEMENT_ID)?.textContent);
}

function fillPlaceholders(template: string, args: ReadonlyArray<string | number | boolean>): string {
  if (args.length === 0) return template;
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

/** `Intl` throws a RangeError on a malformed tag; such a tag falls back to English. */
function isLanguageTag(language: string): boolean {
  try {
    return Intl.getCanonicalLocales(language).length === 1;
  } catch {
    return false;
  }
}
