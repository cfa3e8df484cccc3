/**
 * A continuation: the end of the prompt (dimmed), then the generated characters, appended as they
 * stream in. Hovering a generated character shows the five most likely characters at that step, the
 * chosen one marked. Insert (after the selection it continues) and Copy act on the generated text.
 */

import type { ContinuationStep } from '../../src/protocol/prediction-results';
import { element, setText } from '../shared/dom';
import { percent } from './classification-view';

const PROMPT_TAIL = 300;
const INSERT_TITLE = 'Insert the generated text after the selection it continues (at the cursor once that document has been edited)';

export interface ContinuationActions {
  insert(text: string): void;
  copy(text: string): void;
}

export class ContinuationView {
  readonly root = element('div', { className: 'result', attrs: { 'data-task': 'language-model' } });
  private readonly generated = element('span', { id: 'continuation', className: 'generated' });
  private readonly promptTail = element('span', { className: 'prompt-tail' });
  private readonly status = element('span', { id: 'continuation-status', className: 'muted' });
  private readonly tooltip = element('div', { className: 'tooltip', attrs: { role: 'tooltip' } });
  private readonly insertButton = element('button', { id: 'insert', className: 'button', text: 'Insert', title: INSERT_TITLE });
  private readonly copyButton = element('button', { id: 'copy', className: 'button secondary', text: 'Copy' });
  private steps: ContinuationStep[] = [];
  private text = '';

  constructor(actions: ContinuationActions) {
    this.tooltip.hidden = true;
    const body = element('div', { className: 'continuation', attrs: { 'aria-label': 'The prompt and its continuation' } }, this.promptTail, this.generated);
    this.root.append(
      element('section', { className: 'card', attrs: { 'aria-label': 'Continuation' } }, element('h2', { text: 'Continuation' }), body, element('div', { className: 'actions' }, this.insertButton, this.copyButton, this.status)),
      this.tooltip,
    );
    this.insertButton.addEventListener('click', () => actions.insert(this.text));
    this.copyButton.addEventListener('click', () => actions.copy(this.text));
    this.generated.addEventListener('mouseover', (event) => this.hover(event));
    this.generated.addEventListener('mouseleave', () => (this.tooltip.hidden = true));
  }

  /** A new continuation of `prompt` begins (or, with steps, is redrawn). */
  start(prompt: string, steps: readonly ContinuationStep[], running: boolean, canInsert: boolean): void {
    setText(this.promptTail, prompt.length > PROMPT_TAIL ? `…${prompt.slice(-PROMPT_TAIL)}` : prompt);
    this.generated.replaceChildren();
    this.steps = [];
    this.text = '';
    this.append(steps);
    this.setRunning(running, canInsert);
  }

  append(steps: readonly ContinuationStep[]): void {
    const fragment = document.createDocumentFragment();
    for (const step of steps) {
      const span = document.createElement('span');
      span.className = 'gen-char';
      span.textContent = step.char;
      span.setAttribute('data-index', String(this.steps.length));
      this.steps.push(step);
      this.text += step.char;
      fragment.appendChild(span);
    }
    this.generated.appendChild(fragment);
    this.generated.setAttribute('data-length', String(this.steps.length));
    setText(this.status, `${this.steps.length} characters`);
  }

  setRunning(running: boolean, canInsert: boolean): void {
    this.insertButton.disabled = running || !canInsert || this.text.length === 0;
    this.insertButton.title = canInsert ? INSERT_TITLE : 'The input was typed here, not selected in an editor: use Copy';
    this.copyButton.disabled = running || this.text.length === 0;
    this.root.setAttribute('data-running', String(running));
  }

  private hover(event: MouseEvent): void {
    const target = event.target as HTMLElement;
    const index = Number(target.getAttribute('data-index'));
    const step = this.steps[index];
    if (!target.classList.contains('gen-char') || !step) return;
    const rows = step.top.map((t) => {
      const fill = element('div', { className: 'bar-fill' });
      fill.style.width = `${(t.probability * 100).toFixed(1)}%`;
      const row = element('div', { className: 'tooltip-row' }, element('span', { className: 'tooltip-char', text: visible(t.char) }), element('div', { className: 'bar-track' }, fill), element('span', { className: 'bar-value', text: percent(t.probability) }));
      if (t.char === step.char) row.classList.add('chosen');
      return row;
    });
    this.tooltip.replaceChildren(element('div', { className: 'muted', text: `step ${index + 1}: chose ${visible(step.char)}` }), ...rows);
    this.tooltip.hidden = false;
    const box = target.getBoundingClientRect();
    const width = this.tooltip.offsetWidth;
    this.tooltip.style.left = `${Math.max(4, Math.min(window.innerWidth - width - 4, box.left))}px`;
    const below = box.bottom + 6;
    this.tooltip.style.top = `${below + this.tooltip.offsetHeight > window.innerHeight ? box.top - this.tooltip.offsetHeight - 6 : below}px`;
  }
}

/** Whitespace made visible for the tooltip. */
function visible(char: string): string {
  return char === '\n' ? '↵' : char === ' ' ? '␣' : char === '\t' ? '⇥' : char;
}
