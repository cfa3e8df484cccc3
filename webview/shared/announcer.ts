/**
 * A polite live region: what keyboard navigation of a canvas (a heatmap cell, a chart point) would show a
 * sighted user, said by the screen reader once the user pauses. The region is visually hidden
 * (`.visually-hidden` in media/common.css) but stays in the accessibility tree; the e2e tests read its text.
 */

import { element } from './dom';

export class Announcer {
  readonly root: HTMLElement;
  private lastText = '';
  private repeated = false;

  constructor(id: string) {
    this.root = element('div', {
      id,
      className: 'visually-hidden',
      attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' },
    });
  }

  /** Says `text` (a repeat of the last text is said again: the user asked where they are). */
  say(text: string): void {
    // Screen readers announce a change of the region's text; the same text set twice is no change, so a
    // repeat alternates a trailing no-break space.
    this.repeated = text === this.lastText ? !this.repeated : false;
    this.root.textContent = this.repeated ? `${text}\u00a0` : text;
    this.lastText = text;
  }

  clear(): void {
    this.root.textContent = '';
    this.lastText = '';
    this.repeated = false;
  }
}
