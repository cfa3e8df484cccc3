/**
 * One kind of request a tab sends (a search, a projection…): its `requestId`, the busy state while the
 * answer is outstanding (the run button disabled, "Searching…" with a Cancel), and the error the host
 * answered for it, shown in the tab. A newer request replaces an older one: a late answer to the old
 * id is ignored.
 */

import { element, setText, setVisible } from '../shared/dom';
import * as l10n from '../shared/l10n';
import type { PostToHost } from './tab';
import { nextRequestId } from './tab';

export class PendingRequest {
  /** The status line: busy text, or the error (role `alert` so a screen reader says it). */
  readonly root: HTMLElement;
  private readonly busy: HTMLElement;
  private readonly busyText = element('span');
  private readonly error: HTMLElement;
  private id: number | null = null;

  constructor(
    private readonly post: PostToHost,
    private readonly controls: ReadonlyArray<HTMLButtonElement>,
    private readonly region: HTMLElement,
  ) {
    const cancel = element('button', { className: 'link-button', text: l10n.t('Cancel'), attrs: { type: 'button' } });
    cancel.addEventListener('click', () => {
      this.post({ type: 'cancel' });
      this.settle();
    });
    this.busy = element(
      'div',
      { className: 'request-busy', attrs: { role: 'status' } },
      element('span', { className: 'codicon codicon-loading codicon-modifier-spin', attrs: { 'aria-hidden': 'true' } }),
      this.busyText,
      cancel,
    );
    this.error = element('div', { className: 'request-error', attrs: { role: 'alert' } });
    setVisible(this.busy, false);
    setVisible(this.error, false);
    this.root = element('div', { className: 'request-status' }, this.busy, this.error);
  }

  /** A new request: its id, and the tab busy until its answer (or error) comes. */
  start(busyText: string): number {
    this.id = nextRequestId();
    setText(this.busyText, busyText);
    setVisible(this.busy, true);
    setVisible(this.error, false);
    for (const control of this.controls) control.disabled = true;
    this.region.setAttribute('aria-busy', 'true');
    return this.id;
  }

  /** Whether `requestId` answers the outstanding request; when it does, the busy state ends. */
  answers(requestId: number): boolean {
    if (this.id === null || requestId !== this.id) return false;
    this.settle();
    return true;
  }

  /** An error for this request (or for none: `null`, while one is outstanding) is shown; true when it was. */
  fail(requestId: number | null, message: string): boolean {
    if (this.id === null || (requestId !== null && requestId !== this.id)) return false;
    this.settle();
    this.showError(message);
    return true;
  }

  /** A message the tab found wrong before sending (an invalid regular expression). */
  showError(message: string): void {
    setText(this.error, message);
    setVisible(this.error, true);
  }

  clearError(): void {
    setVisible(this.error, false);
  }

  /** A new session: nothing is outstanding any more. */
  reset(): void {
    this.settle();
    this.clearError();
  }

  get pending(): boolean {
    return this.id !== null;
  }

  private settle(): void {
    this.id = null;
    setVisible(this.busy, false);
    for (const control of this.controls) control.disabled = false;
    this.region.removeAttribute('aria-busy');
  }
}
