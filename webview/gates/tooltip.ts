/**
 * The hover tooltip over the maps: a title and label/value lines, placed next to the pointer and kept
 * inside the window. For a cell it carries `data-layer`, `data-signal`, `data-unit`, `data-step` and
 * `data-value` (the recorded value as a JavaScript number) for tests.
 */

import { element, setAttribute } from '../shared/dom';
import type { HoverText } from './hover-text';

export class Tooltip {
  readonly root = element('div', { id: 'gate-tooltip', className: 'gate-tooltip', attrs: { role: 'tooltip' } });

  constructor() {
    this.root.hidden = true;
  }

  show(text: HoverText, clientX: number, clientY: number): void {
    const title = element('div', { className: 'tooltip-title', text: text.title });
    const table = element('div', { className: 'tooltip-lines' });
    for (const line of text.lines) {
      table.append(
        element('span', { className: `tooltip-label${line.emphasis ? ' emphasis' : ''}`, text: line.label }),
        element('span', { className: `tooltip-value${line.emphasis ? ' emphasis' : ''}`, text: line.value }),
      );
    }
    this.root.replaceChildren(title, table);
    const cell = text.cell;
    setAttribute(this.root, 'data-layer', cell ? String(cell.layer) : null);
    setAttribute(this.root, 'data-signal', cell ? cell.signal : null);
    setAttribute(this.root, 'data-unit', cell ? String(cell.unit) : null);
    setAttribute(this.root, 'data-step', cell ? String(cell.step) : null);
    setAttribute(this.root, 'data-value', cell ? String(cell.value) : null);
    this.root.hidden = false;
    const margin = 14;
    const { offsetWidth: w, offsetHeight: h } = this.root;
    let left = clientX + margin;
    let top = clientY + margin;
    if (left + w > window.innerWidth - 4) left = Math.max(4, clientX - margin - w);
    if (top + h > window.innerHeight - 4) top = Math.max(4, clientY - margin - h);
    this.root.style.left = `${left}px`;
    this.root.style.top = `${top}px`;
  }

  hide(): void {
    this.root.hidden = true;
  }
}
