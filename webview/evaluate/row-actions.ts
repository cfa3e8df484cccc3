/** The small buttons of a result row: *Open in Gates* and the Units tab's hand-offs. */

import { codicon, element } from '../shared/dom';
import * as l10n from '../shared/l10n';
import type { PostToHost } from './tab';

/** A compact secondary button with an icon and words (the words are what a screen reader says). */
export function rowButton(icon: string, text: string, title: string, onClick: () => void): HTMLButtonElement {
  const button = element(
    'button',
    { className: 'button secondary row-button', title, attrs: { type: 'button' } },
    codicon(icon),
    element('span', { text }),
  );
  button.addEventListener('click', onClick);
  return button;
}

/** Opens sequence `sequence` in the Gates panel, at `step` when given. */
export function openInGatesButton(post: PostToHost, sequence: number, step?: number): HTMLButtonElement {
  const title =
    step === undefined
      ? l10n.t('Open sequence {0} in the Gates panel', sequence)
      : l10n.t('Open sequence {0} at step {1} in the Gates panel', sequence, step);
  return rowButton('pulse', l10n.t('Open in Gates'), title, () =>
    post(step === undefined ? { type: 'open-in-gates', sequence } : { type: 'open-in-gates', sequence, step }),
  );
}
