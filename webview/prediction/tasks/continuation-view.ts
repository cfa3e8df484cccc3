/**
 * A continuation: the end of the prompt (dimmed), then the generated characters, appended as they
 * stream in (a text node per chunk: step-runs.ts says why). Hovering a generated character outlines it
 * and shows the five most likely characters at that step, the chosen one marked. Insert (after the
 * selection it continues) and Copy act on the generated text.
 */

import type { ContinuationStep } from '../../../src/protocol/prediction-results';
import { element, setText } from '../../shared/dom';
import { percent } from './classification-view';
import { StepRuns } from '../step-runs';
import * as l10n from '../../shared/l10n';

const PROMPT_TAIL = 300;
const INSERT_TITLE = l10n.t(
  'Insert the generated text after the selection it continues (at the cursor once that document has been edited)',
);

export interface ContinuationActions {
  insert(text: string): void;
  copy(text: string): void;
}

export class ContinuationView {
  readonly root = element('div', { className: 'result' });
  private readonly generated = element('span', { id: 'continuation', className: 'generated' });
  private readonly promptTail = element('span', { className: 'prompt-tail' });
  private readonly status = element('span', { id: 'continuation-status', className: 'muted' });
  private readonly tooltip = element('div', { className: 'tooltip', attrs: { role: 'tooltip' } });
  private readonly outline = element('div', { className: 'char-outline' });
  private readonly runs = new StepRuns<Text>();
  private hovered = -1;
  private readonly insertButton = element('button', {
    id: 'insert',
    className: 'button',
    text: l10n.t('Insert'),
    title: INSERT_TITLE,
  });
  private readonly copyButton = element('button', { id: 'copy', className: 'button secondary', text: l10n.t('Copy') });
  private steps: ContinuationStep[] = [];
  private text = '';

  constructor(actions: ContinuationActions) {
    this.tooltip.hidden = true;
    this.outline.hidden = true;
    const body = element(
      'div',
      { className: 'continuation', attrs: { 'aria-label': l10n.t('The prompt and its continuation') } },
      this.promptTail,
      this.generated,
    );
    this.root.append(
      element(
        'section',
        { className: 'card', attrs: { 'aria-label': l10n.t('Continuation') } },
        element('h2', { text: l10n.t('Continuation') }),
        body,
        element('div', { className: 'actions' }, this.insertButton, this.copyButton, this.status),
      ),
      this.outline,
      this.tooltip,
    );
    this.insertButton.addEventListener('click', () => actions.insert(this.text));
    this.copyButton.addEventListener('click', () => actions.copy(this.text));
    this.generated.addEventListener('mousemove', (event) => this.hover(event.clientX, event.clientY));
    this.generated.addEventListener('mouseleave', () => this.unhover());
    body.addEventListener('scroll', () => this.unhover());
    window.addEventListener('scroll', () => this.unhover(), { passive: true });
  }

  /** A new continuation of `prompt` begins (or, with steps, is redrawn). */
  start(prompt: string, steps: readonly ContinuationStep[], running: boolean, canInsert: boolean): void {
    setText(this.promptTail, prompt.length > PROMPT_TAIL ? `…${prompt.slice(-PROMPT_TAIL)}` : prompt);
    this.generated.replaceChildren();
    this.runs.clear();
    this.unhover();
    this.steps = [];
    this.text = '';
    this.append(steps);
    this.setRunning(running, canInsert);
  }

  append(steps: readonly ContinuationStep[]): void {
    if (steps.length > 0) {
      const chars = steps.map((step) => step.char);
      const node = document.createTextNode(chars.join(''));
      this.runs.add(node, this.steps.length, chars);
      this.generated.appendChild(node);
      for (const step of steps) this.steps.push(step);
      this.text += node.data;
    }
    this.generated.setAttribute('data-length', String(this.steps.length));
    setText(this.status, l10n.t('{0} characters', this.steps.length));
  }

  setRunning(running: boolean, canInsert: boolean): void {
    this.insertButton.disabled = running || !canInsert || this.text.length === 0;
    this.insertButton.title = canInsert
      ? INSERT_TITLE
      : l10n.t('The input was typed here, not selected in an editor: use Copy');
    this.copyButton.disabled = running || this.text.length === 0;
    this.root.setAttribute('data-running', String(running));
  }

  /** The step whose character is under the point, with its box (the caret falls between two characters: try both). */
  private stepAt(x: number, y: number): { index: number; box: DOMRect } | null {
    const caret = document.caretRangeFromPoint(x, y);
    const node = caret?.startContainer;
    if (!(node instanceof Text)) return null;
    for (const offset of [caret!.startOffset, caret!.startOffset - 1]) {
      const index = this.runs.stepAt(node, offset);
      const units = index === undefined ? undefined : this.runs.unitsOf(node, index);
      if (index === undefined || !units) continue;
      const range = document.createRange();
      range.setStart(node, units[0]);
      range.setEnd(node, units[1]);
      // A line break has no box of its own on the line it ends; the first box is where it sits.
      const box = range.getClientRects()[0] ?? range.getBoundingClientRect();
      if (x >= box.left && x <= box.right + 1 && y >= box.top && y <= box.bottom) return { index, box };
    }
    return null;
  }

  private hover(x: number, y: number): void {
    const hit = this.stepAt(x, y);
    if (!hit) return this.unhover();
    const { index, box } = hit;
    this.outline.hidden = false;
    Object.assign(this.outline.style, {
      left: `${box.left}px`,
      top: `${box.top}px`,
      width: `${Math.max(box.width, 4)}px`,
      height: `${box.height}px`,
    });
    if (index === this.hovered) return;
    this.hovered = index;
    const step = this.steps[index];
    const rows = step.top.map((t) => {
      const fill = element('div', { className: 'bar-fill' });
      fill.style.width = `${(t.probability * 100).toFixed(1)}%`;
      const row = element(
        'div',
        { className: 'tooltip-row' },
        element('span', { className: 'tooltip-char', text: visible(t.char) }),
        element('div', { className: 'bar-track' }, fill),
        element('span', { className: 'bar-value', text: percent(t.probability) }),
      );
      if (t.char === step.char) row.classList.add('chosen');
      return row;
    });
    this.tooltip.replaceChildren(
      element('div', { className: 'muted', text: `step ${index + 1}: chose ${visible(step.char)}` }),
      ...rows,
    );
    this.tooltip.hidden = false;
    const width = this.tooltip.offsetWidth;
    this.tooltip.style.left = `${Math.max(4, Math.min(window.innerWidth - width - 4, box.left))}px`;
    const below = box.bottom + 6;
    this.tooltip.style.top = `${below + this.tooltip.offsetHeight > window.innerHeight ? box.top - this.tooltip.offsetHeight - 6 : below}px`;
  }

  private unhover(): void {
    this.hovered = -1;
    this.tooltip.hidden = true;
    this.outline.hidden = true;
  }
}

/** Whitespace made visible for the tooltip. */
function visible(char: string): string {
  return char === '\n' ? '↵' : char === ' ' ? '␣' : char === '\t' ? '⇥' : char;
}
