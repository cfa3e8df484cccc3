/**
 * Unit lists as people type them: `3, 17, 40-42` (commas or spaces between items, a range with `-` or
 * `–`, both ends included). Pure: the Search and Ablation forms parse with it and write it back.
 */

import * as l10n from '../shared/l10n';

export type UnitListParse = { ok: true; units: number[] } | { ok: false; message: string };

const ITEM = /^(\d+)(?:\s*[-–]\s*(\d+))?$/;

/**
 * The units `text` names, ascending and without repeats, each checked against `width` (the address's
 * units): a one-line message naming the first wrong item otherwise.
 */
export function parseUnitList(text: string, width: number): UnitListParse {
  // Ranges may be written with spaces round the dash; join them before splitting on spaces.
  const items = text
    .replace(/\s*([-–])\s*/g, '$1')
    .split(/[\s,;]+/)
    .filter((item) => item !== '');
  if (items.length === 0) return { ok: false, message: l10n.t('Name at least one unit (for example 3, 17, 40-42).') };
  const chosen = new Set<number>();
  for (const item of items) {
    const match = ITEM.exec(item);
    if (!match) return { ok: false, message: l10n.t('"{0}" is not a unit number or a range like 40-42.', item) };
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) return { ok: false, message: l10n.t('The range {0} runs backwards.', item) };
    if (last >= width) {
      return { ok: false, message: l10n.t('Unit {0} is past the last unit ({1}).', last, width - 1) };
    }
    for (let unit = first; unit <= last; unit++) chosen.add(unit);
  }
  return { ok: true, units: [...chosen].sort((a, b) => a - b) };
}

/** `[3, 17, 40, 41, 42]` → `3, 17, 40-42`: runs of three or more as a range. */
export function formatUnitList(units: readonly number[]): string {
  const sorted = [...new Set(units)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let k = 0; k < sorted.length;) {
    let end = k;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
    if (end - k >= 2) parts.push(`${sorted[k]}-${sorted[end]}`);
    else for (let j = k; j <= end; j++) parts.push(String(sorted[j]));
    k = end + 1;
  }
  return parts.join(', ');
}
