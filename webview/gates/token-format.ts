/** Input tokens as the panel shows them: whitespace and control characters made visible. Pure. */
import * as l10n from '../shared/l10n';

const VISIBLE: Record<string, string> = {
  ' ': '·',
  '\n': '↵',
  '\r': '␍',
  '\t': '→',
  '\f': '␌',
  '\v': '␋',
  '\u00a0': '⍽',
};

/** A token with whitespace visible (` ` → `·`, newline → `↵`, tab → `→`, other controls → `␀`…). */
export function visibleToken(token: string): string {
  let out = '';
  for (const ch of token) {
    const code = ch.codePointAt(0)!;
    out += VISIBLE[ch] ?? (code < 0x20 ? String.fromCodePoint(0x2400 + code) : code === 0x7f ? '␡' : ch);
  }
  return out;
}

/** A token for a tooltip: visible whitespace and, for whitespace, its name. */
export function describeToken(token: string): string {
  const names: Record<string, string> = {
    ' ': l10n.t('space'),
    '\n': l10n.t('newline'),
    '\t': l10n.t('tab'),
    '\r': l10n.t('carriage return'),
  };
  const name = names[token];
  return name ? `${visibleToken(token)} (${name})` : `“${visibleToken(token)}”`;
}
