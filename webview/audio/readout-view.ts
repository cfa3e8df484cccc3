/**
 * The side readout: every view's values at the frame under the pointer (or chosen with the keyboard), and
 * a polite live region that announces it — at most every 400 ms, so sweeping the pointer does not flood a
 * screen reader.
 */

import { element } from '../shared/dom';
import type { ReadoutSection } from './readout';
import * as l10n from '../shared/l10n';

const ANNOUNCE_EVERY_MS = 400;

export class ReadoutView {
  readonly root = element('aside', {
    id: 'readout',
    className: 'card readout',
    attrs: { 'aria-label': l10n.t('Values at the chosen frame') },
  });
  readonly live = element('div', {
    id: 'readout-live',
    className: 'visually-hidden',
    attrs: { 'aria-live': 'polite', role: 'status' },
  });
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  private pendingAnnouncement = '';

  constructor() {
    this.clear();
  }

  clear(): void {
    this.root.replaceChildren(
      element('h2', { text: l10n.t('At the pointer') }),
      element('p', {
        className: 'muted',
        text: l10n.t('Hover the views, or focus the time axis and use the arrow keys.'),
      }),
    );
  }

  show(sections: ReadoutSection[], announcement: string): void {
    this.root.replaceChildren(
      element('h2', { text: l10n.t('At the pointer') }),
      ...sections.map((section) =>
        element(
          'section',
          { className: 'readout-section' },
          element('h3', { text: section.title }),
          element(
            'dl',
            {},
            ...section.rows.flatMap((row) => [element('dt', { text: row.label }), element('dd', { text: row.value })]),
          ),
        ),
      ),
    );
    this.pendingAnnouncement = announcement;
    this.announceTimer ??= setTimeout(() => {
      this.announceTimer = undefined;
      this.live.textContent = this.pendingAnnouncement;
    }, ANNOUNCE_EVERY_MS);
  }
}
