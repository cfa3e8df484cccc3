/**
 * Two runs' configurations side by side — dataset, task, columns and every setting — with the lines
 * that differ marked (a class for the eye, a "differs" cell text for a screen reader), and a switch to
 * show only those.
 */

import type { RunsTableRun, SettingColumnInfo } from '../../src/protocol/runs-table';
import { diffRuns } from '../../src/protocol/runs-table-model';
import { element } from '../shared/dom';
import * as l10n from '../shared/l10n';

export class DiffView {
  readonly element: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly summary: HTMLElement;
  private readonly onlyDiffering: HTMLInputElement;
  private last: { left: RunsTableRun; right: RunsTableRun; settings: readonly SettingColumnInfo[] } | null = null;

  constructor(onClose: () => void) {
    this.table = element('table', { id: 'runs-table-diff-view', className: 'diff-table' });
    this.summary = element('p', { id: 'runs-table-diff-summary', className: 'muted' });
    this.onlyDiffering = element('input', { id: 'runs-table-diff-only', attrs: { type: 'checkbox' } });
    this.onlyDiffering.addEventListener('change', () => this.redraw());
    const close = element('button', {
      className: 'button secondary',
      text: l10n.t('Close'),
      attrs: { type: 'button', id: 'runs-table-diff-close' },
    });
    close.addEventListener('click', onClose);
    this.element = element(
      'section',
      { id: 'runs-table-diff', className: 'card', attrs: { 'aria-labelledby': 'runs-table-diff-title' } },
      element(
        'div',
        { className: 'card-header' },
        element('h2', { id: 'runs-table-diff-title', text: l10n.t('Configuration diff') }),
        element('label', { className: 'inline-label' }, this.onlyDiffering, l10n.t(' Only what differs')),
        close,
      ),
      this.summary,
      this.table,
    );
  }

  show(left: RunsTableRun, right: RunsTableRun, settings: readonly SettingColumnInfo[]): void {
    this.last = { left, right, settings };
    this.redraw();
  }

  private redraw(): void {
    if (!this.last) return;
    const { left, right, settings } = this.last;
    const lines = diffRuns(left, right, settings);
    const differing = lines.filter((line) => line.differs);
    this.summary.textContent = l10n.t('{0} of {1} fields differ.', differing.length, lines.length);
    const shown = this.onlyDiffering.checked ? differing : lines;
    this.table.replaceChildren(
      element(
        'thead',
        {},
        element(
          'tr',
          {},
          element('th', { text: l10n.t('Field'), attrs: { scope: 'col' } }),
          element('th', { text: left.id, attrs: { scope: 'col' } }),
          element('th', { text: right.id, attrs: { scope: 'col' } }),
          element('th', { className: 'visually-hidden', text: l10n.t('Differs'), attrs: { scope: 'col' } }),
        ),
      ),
      element(
        'tbody',
        {},
        ...shown.map((line) =>
          element(
            'tr',
            { className: line.differs ? 'differs' : '', attrs: { 'data-differs': String(line.differs) } },
            element('th', { text: line.label, attrs: { scope: 'row' } }),
            element('td', { text: line.left }),
            element('td', { text: line.right }),
            element('td', { className: 'visually-hidden', text: line.differs ? l10n.t('differs') : l10n.t('same') }),
          ),
        ),
      ),
    );
  }
}
