/**
 * What the screen reader says when the keyboard cursor lands on a cell: the tooltip's title (layer, unit,
 * step, token) and the cursor's own signal with its value — the one line of the tooltip a sighted user
 * reads first. Pure.
 */

import * as l10n from '../shared/l10n';
import type { HoverText } from './hover-text';

export function cursorAnnouncement(text: HoverText): string {
  const own = text.lines.find((line) => line.emphasis);
  return own ? l10n.t('{0}: {1} {2}', text.title, own.label, own.value) : text.title;
}

/** What Enter or Escape did to the charted (focused) unit and the selection. */
export function unitActionAnnouncement(
  action: 'charted' | 'uncharted' | 'selected' | 'unselected' | 'cleared',
  unit: number,
  layerTitle: string,
): string {
  switch (action) {
    case 'charted':
      return l10n.t('{0} unit {1} charted', layerTitle, unit);
    case 'uncharted':
      return l10n.t('{0} unit {1} no longer charted', layerTitle, unit);
    case 'selected':
      return l10n.t('{0} unit {1} added to the selection', layerTitle, unit);
    case 'unselected':
      return l10n.t('{0} unit {1} removed from the selection', layerTitle, unit);
    case 'cleared':
      return l10n.t('Chart and selection cleared');
  }
}
