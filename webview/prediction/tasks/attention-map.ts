/**
 * The attention map: output tokens (rows, then `<eos>`) × source tokens (columns), each cell tinted by
 * its weight — a CSS grid of elements, so every cell is a target for the mouse, the keyboard and tests
 * (`#attention-map [data-output-index][data-source-index]`). It is an ARIA grid with one tab stop: the
 * arrow keys, Page Up/Down and Home/End move between cells, and a live region says what the focused or
 * hovered cell means ("output 'x' attends to 'y' 0.72"). Hovering a row or column label points at the
 * whole token. What is pointed at is also reported to the view (`onHighlight`), which marks the source
 * text and the output the same way; the view points at the map from those too (`point`).
 */

import { element, setText } from '../../shared/dom';
import { visibleToken } from '../../shared/token-text';
import {
  announcement,
  firstCell,
  highlightFor,
  moveCell,
  outputLabels,
  type AttentionHighlight,
  type AttentionPoint,
} from './attention-focus';
import { formatInteger } from '../../shared/format';
import * as l10n from '../../shared/l10n';

/** Beyond this many cells the map is not drawn as elements (a long selection read character by character). */
export const MAX_ATTENTION_CELLS = 40_000;

const LEVEL_CLASSES = ['attn-strong', 'attn-medium', 'attn-weak', 'attn-current'];

export class AttentionMap {
  readonly root = element('div', { className: 'attention' });
  private readonly grid = element('div', {
    id: 'attention-map',
    className: 'attention-map',
    attrs: { role: 'grid', 'aria-label': l10n.t('Attention: output tokens (rows) by source tokens (columns)') },
  });
  private readonly status = element('div', {
    id: 'attention-status',
    className: 'attention-status muted',
    attrs: { 'aria-live': 'polite' },
  });
  private attention: number[][] = [];
  private outputs: string[] = [];
  private sources: string[] = [];
  private rowHeaders: HTMLElement[] = [];
  private columnHeaders: HTMLElement[] = [];
  private cells: HTMLElement[] = [];
  /** The keyboard's cell (the grid's one tab stop). */
  private focusCell = { output: 0, source: 0 };
  private hovering = false;

  constructor(private readonly onHighlight: (highlight: AttentionHighlight | null) => void) {
    this.root.append(element('div', { className: 'attention-scroll' }, this.grid), this.status);
    this.grid.addEventListener('mouseover', (event) => {
      const point = this.pointOf(event.target);
      if (!point) return;
      this.hovering = true;
      this.point(point);
    });
    this.grid.addEventListener('mouseleave', () => {
      this.hovering = false;
      this.point(this.grid.contains(document.activeElement) ? { kind: 'cell', ...this.focusCell } : null);
    });
    this.grid.addEventListener('focusin', (event) => {
      const point = this.pointOf(event.target);
      if (point?.kind !== 'cell') return;
      this.focusCell = { output: point.output, source: point.source };
      if (!this.hovering) this.point(point);
    });
    this.grid.addEventListener('focusout', (event) => {
      if (!this.hovering && !this.grid.contains(event.relatedTarget as Node | null)) this.point(null);
    });
    this.grid.addEventListener('keydown', (event) => {
      const next = moveCell(
        this.focusCell,
        event.key,
        event.ctrlKey || event.metaKey,
        this.outputs.length,
        this.sources.length,
      );
      if (!next) return;
      event.preventDefault();
      this.focusOn(next, true);
    });
  }

  /** A new answer's attention; `sourceTokens` as the model read them (column labels). */
  render(attention: number[][], outputTokens: readonly string[], sourceTokens: readonly string[]): void {
    this.attention = attention;
    this.outputs = outputLabels(outputTokens, attention.length);
    this.sources = [...sourceTokens];
    const rows = this.outputs.length;
    const columns = this.sources.length;
    this.rowHeaders = [];
    this.columnHeaders = [];
    this.cells = [];
    this.hovering = false;
    if (rows * columns > MAX_ATTENTION_CELLS || rows === 0 || columns === 0) {
      this.grid.replaceChildren();
      this.grid.hidden = true;
      setText(
        this.status,
        rows === 0 || columns === 0
          ? l10n.t('No attention to show')
          : l10n.t(
              '{0} × {1} weights: too many to draw (at most {2})',
              rows,
              columns,
              formatInteger(MAX_ATTENTION_CELLS),
            ),
      );
      return;
    }
    this.grid.hidden = false;
    // Cells shrink for long sequences; word labels stand upright on their side.
    this.grid.style.setProperty('--columns', String(columns));
    this.grid.style.setProperty('--cell', `${columns > 48 || rows > 48 ? 12 : columns > 24 ? 16 : 22}px`);
    this.grid.classList.toggle(
      'vertical-labels',
      this.sources.some((s) => [...s].length > 2),
    );
    this.grid.setAttribute('aria-rowcount', String(rows + 1));
    this.grid.setAttribute('aria-colcount', String(columns + 1));
    const header = element(
      'div',
      { className: 'attention-row', attrs: { role: 'row' } },
      element('span', { className: 'attention-corner', attrs: { role: 'columnheader' } }),
      ...this.sources.map((token, j) => {
        const label = element('span', {
          className: 'attention-label source-label',
          text: visibleToken(token),
          title: l10n.t('source token {0}: {1}', j + 1, token),
          attrs: { role: 'columnheader', 'data-source-header': j },
        });
        this.columnHeaders.push(label);
        return label;
      }),
    );
    const body = this.outputs.map((token, i) => {
      const label = element('span', {
        className: 'attention-label output-label',
        text: visibleToken(token),
        title: l10n.t('output token {0}: {1}', i + 1, token),
        attrs: { role: 'rowheader', 'data-output-header': i },
      });
      this.rowHeaders.push(label);
      const row = element('div', { className: 'attention-row', attrs: { role: 'row' } }, label);
      const weights = attention[i];
      for (let j = 0; j < columns; j++) {
        const cell = element('span', {
          className: 'attention-cell',
          attrs: { role: 'gridcell', tabindex: -1, 'data-output-index': i, 'data-source-index': j },
        });
        const w = weights[j] ?? 0;
        cell.style.setProperty('--w', w.toFixed(3));
        cell.dataset.weight = String(w);
        this.cells.push(cell);
        row.append(cell);
      }
      return row;
    });
    this.grid.replaceChildren(header, ...body);
    this.focusOn(firstCell(attention), false);
    setText(this.status, l10n.t('Hover a cell or a token, or focus the map and use the arrow keys'));
  }

  /** Highlights what a point means (null: nothing), here and, through `onHighlight`, in the view. */
  point(point: AttentionPoint | null): void {
    for (const label of [...this.rowHeaders, ...this.columnHeaders]) label.classList.remove(...LEVEL_CLASSES);
    this.grid.querySelector('.attention-cell.pointed')?.classList.remove('pointed');
    if (!point || this.rowHeaders.length === 0) {
      this.onHighlight(null);
      return;
    }
    const highlight = highlightFor(this.attention, point);
    highlight.outputs.forEach((level, i) => level && this.rowHeaders[i]?.classList.add(`attn-${level}`));
    highlight.sources.forEach((level, j) => level && this.columnHeaders[j]?.classList.add(`attn-${level}`));
    if (highlight.currentOutput !== null) this.rowHeaders[highlight.currentOutput]?.classList.add('attn-current');
    if (highlight.currentSource !== null) this.columnHeaders[highlight.currentSource]?.classList.add('attn-current');
    if (point.kind === 'cell') this.cellAt(point.output, point.source)?.classList.add('pointed');
    setText(this.status, announcement(this.attention, point, this.outputs, this.sources));
    this.onHighlight(highlight);
  }

  private focusOn(cell: { output: number; source: number }, focus: boolean): void {
    this.cellAt(this.focusCell.output, this.focusCell.source)?.setAttribute('tabindex', '-1');
    this.focusCell = cell;
    const target = this.cellAt(cell.output, cell.source);
    target?.setAttribute('tabindex', '0');
    if (focus) {
      target?.focus();
      target?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }

  private cellAt(output: number, source: number): HTMLElement | undefined {
    return this.cells[output * this.sources.length + source];
  }

  private pointOf(target: EventTarget | null): AttentionPoint | null {
    if (!(target instanceof HTMLElement)) return null;
    const { outputIndex, sourceIndex, outputHeader, sourceHeader } = target.dataset;
    if (outputIndex !== undefined && sourceIndex !== undefined)
      return { kind: 'cell', output: Number(outputIndex), source: Number(sourceIndex) };
    if (outputHeader !== undefined) return { kind: 'output', output: Number(outputHeader) };
    if (sourceHeader !== undefined) return { kind: 'source', source: Number(sourceHeader) };
    return null;
  }
}
