/** How runs are told apart on the charts: their colours and short legend names. Pure: no DOM. */

import type { ThemeColors } from '../shared/theme';
import * as l10n from '../shared/l10n';

/**
 * The colours of the `index`-th shown run. Alone, the panel's run trains in blue and validates in orange
 * (as in Keras plots). With overlays every run has one colour for both (validation is dashed), the
 * panel's own keeping blue.
 */
export function runColors(theme: ThemeColors, index: number, overlaid: boolean): { train: string; validation: string } {
  if (index === 0) return { train: theme.blue, validation: overlaid ? theme.blue : theme.orange };
  // Green comes last: it is also the best-evaluation marker's colour.
  const palette = [theme.orange, theme.purple, theme.red, theme.yellow, theme.green];
  const color = palette[(index - 1) % palette.length];
  return { train: color, validation: color };
}

/**
 * Legend names for the shown runs: "this run" for the panel's own, and for the others their id without
 * the part all ids share (run folders end with the dataset name), e.g. `20250113-171544`.
 */
export function shortRunLabels(runIds: readonly string[]): string[] {
  let common = runIds.length > 1 ? runIds[0] : '';
  for (const id of runIds) {
    let k = 0;
    while (k < common.length && k < id.length && common[common.length - 1 - k] === id[id.length - 1 - k]) k++;
    common = common.slice(common.length - k);
  }
  // Cut only at a separator, so `run-a12` and `run-b12` do not become `run-a` and `run-b`.
  const boundary = common.search(/[-_.\s]/);
  common = boundary < 0 ? '' : common.slice(boundary);
  return runIds.map((id, index) => {
    if (index === 0) return l10n.t('this run');
    const short = id.slice(0, id.length - common.length).replace(/[-_.\s]+$/, '');
    return short || id;
  });
}
