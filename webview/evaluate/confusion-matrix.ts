/**
 * A classifier's confusion matrix as an ARIA grid: rows are the actual class, columns the predicted one
 * (both in the report's label order), counts or each row's shares (a toggle). One cell is in the tab
 * order; the arrow keys (Home/End, Ctrl+Home/End) move it and the live region says where it is and what
 * it holds. A cell's shade is its value over the matrix's largest (counts) or the row share, set as a CSS
 * variable the stylesheet turns into a colour of the theme.
 */

import type { ClassifierReport } from '../../src/protocol/evaluation-report';
import type { Announcer } from '../shared/announcer';
import { element, setText } from '../shared/dom';
import { formatInteger, formatPercent } from '../shared/format';
import * as l10n from '../shared/l10n';
import { matrixMax, moveInGrid, rowShares, type GridCell } from './error-numbers';

export class ConfusionMatrix {
  readonly root = element('section', { className: 'card confusion' });
  private readonly normalise = element('button', {
    id: 'confusion-normalise',
    className: 'button secondary',
    text: l10n.t('Show row shares'),
    attrs: { type: 'button', 'aria-pressed': 'false' },
  });
  private readonly grid = element('table', {
    id: 'confusion-matrix',
    className: 'confusion-grid',
    attrs: { role: 'grid', 'aria-label': l10n.t('Confusion matrix: rows actual, columns predicted') },
  });
  private report: ClassifierReport | null = null;
  private normalised = false;
  private cursor: GridCell = { row: 0, column: 0 };
  private cells: HTMLTableCellElement[][] = [];

  constructor(private readonly announcer: Announcer) {
    this.normalise.addEventListener('click', () => {
      this.normalised = !this.normalised;
      this.render();
    });
    this.grid.addEventListener('keydown', (event) => {
      const report = this.report;
      if (!report) return;
      const n = report.labels.length;
      const next = moveInGrid(this.cursor, event.key, event.ctrlKey || event.metaKey, n, n);
      if (!next) return;
      event.preventDefault();
      this.moveTo(next, true);
    });
    this.root.append(
      element('div', { className: 'card-head' }, element('h2', { text: l10n.t('Confusion matrix') }), this.normalise),
      element('div', { className: 'confusion-scroll' }, this.grid),
    );
  }

  show(report: ClassifierReport): void {
    this.report = report;
    this.cursor = { row: 0, column: 0 };
    this.render();
  }

  /** The value the e2e test and the announcement read: the cell's text. */
  private render(): void {
    const report = this.report;
    if (!report) return;
    const { labels, confusionMatrix } = report;
    this.normalise.setAttribute('aria-pressed', String(this.normalised));
    setText(this.normalise, this.normalised ? l10n.t('Show counts') : l10n.t('Show row shares'));
    const shares = rowShares(confusionMatrix);
    const max = Math.max(1, matrixMax(confusionMatrix));
    const corner = element(
      'th',
      { className: 'corner', attrs: { scope: 'col' } },
      element('span', { className: 'axis-predicted', text: l10n.t('predicted →') }),
      element('span', { className: 'axis-actual', text: l10n.t('actual ↓') }),
    );
    const head = element(
      'tr',
      {},
      corner,
      ...labels.map((label) => element('th', { text: label, title: label, attrs: { scope: 'col' } })),
    );
    this.cells = [];
    const rows = confusionMatrix.map((row, r) => {
      const cells = row.map((count, c) => {
        const share = shares[r][c];
        const cell = element('td', {
          text: this.normalised ? formatPercent(share, 1) : formatInteger(count),
          className: r === c ? 'diagonal' : count > 0 ? 'off-diagonal' : 'empty',
          attrs: { role: 'gridcell', tabindex: -1, 'data-row': r, 'data-column': c, 'data-count': count },
        });
        // The shade: counts against the largest cell, or the row's share (the diagonal is the recall).
        cell.style.setProperty('--shade', String(this.normalised ? share : count / max));
        cell.addEventListener('click', () => this.moveTo({ row: r, column: c }, true));
        return cell;
      });
      this.cells.push(cells);
      return element('tr', {}, element('th', { text: labels[r], title: labels[r], attrs: { scope: 'row' } }), ...cells);
    });
    this.grid.replaceChildren(element('thead', {}, head), element('tbody', {}, ...rows));
    this.moveTo(this.cursor, false);
  }

  private moveTo(cell: GridCell, announce: boolean): void {
    const previous = this.cells[this.cursor.row]?.[this.cursor.column];
    const next = this.cells[cell.row]?.[cell.column];
    if (!next) return;
    previous?.setAttribute('tabindex', '-1');
    next.setAttribute('tabindex', '0');
    this.cursor = cell;
    if (!announce) return;
    next.focus();
    this.announcer.say(this.describe(cell));
  }

  /** "actual pos, predicted neg: 12 (30.0 % of pos)". */
  private describe({ row, column }: GridCell): string {
    const report = this.report!;
    const count = report.confusionMatrix[row][column];
    const share = rowShares([report.confusionMatrix[row]])[0][column];
    return l10n.t(
      'actual {0}, predicted {1}: {2} ({3} of {0})',
      report.labels[row],
      report.labels[column],
      formatInteger(count),
      formatPercent(share, 1),
    );
  }
}
