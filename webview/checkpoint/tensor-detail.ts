/**
 * What opens under a tensor's row when it is clicked: its heatmap and, for an LSTM tensor, one line of
 * statistics per gate (i, f, g, o) computed on the whole tensor in the worker. Filled as the answers
 * arrive; a failure says why in place.
 */

import type { TensorRow } from '../../src/protocol/checkpoint-overview';
import { GATE_NAMES } from '../../src/protocol/cell-signals';
import type { TensorStatsResult, TensorValuesResult } from '../../src/protocol/checkpoint-editor';
import { element, setText } from '../shared/dom';
import { formatInteger } from '../shared/format';
import type { ThemeColors } from '../shared/theme';
import { formatCount, formatShape, formatStat } from './format';
import { Heatmap } from './heatmap';
import { recurrentNote } from './recurrent-labels';
import { createSparkline } from './sparkline';
import * as l10n from '../shared/l10n';

export class TensorDetail {
  readonly root: HTMLElement;
  private readonly mapArea = element('div', { className: 'detail-map' });
  private readonly gateArea = element('div', { className: 'detail-gates' });
  private readonly status = element('div', { className: 'detail-status muted', text: l10n.t('Reading values…') });
  private heatmap: Heatmap | null = null;
  private stats: TensorStatsResult | null = null;

  constructor(
    readonly row: TensorRow,
    private theme: ThemeColors,
  ) {
    const gates = recurrentNote(row);
    this.root = element(
      'div',
      { id: 'tensor-detail', className: 'tensor-detail', attrs: { 'data-name': row.name } },
      element(
        'div',
        { className: 'detail-title' },
        element('code', { text: row.name }),
        element('span', { className: 'muted', text: ` ${row.dtype} ${formatShape(row.shape)}${gates}` }),
      ),
      this.status,
      this.mapArea,
      this.gateArea,
    );
    if (row.gateHiddenSize)
      this.gateArea.append(element('div', { className: 'muted', text: l10n.t('Computing per-gate statistics…') }));
  }

  setValues(result: TensorValuesResult): void {
    this.mapArea.replaceChildren();
    if (result.rows === 0 || result.cols === 0) {
      setText(this.status, l10n.t('This tensor is empty: nothing to draw.'));
      return;
    }
    setText(this.status, '');
    this.heatmap = new Heatmap(result, this.row.shape);
    this.mapArea.append(this.heatmap.root);
    this.redraw(this.theme);
  }

  setStats(result: TensorStatsResult): void {
    this.stats = result;
    this.renderGates();
  }

  setError(message: string): void {
    setText(this.status, message);
    this.status.classList.add('error-text');
  }

  /** The width the heatmap may use: the detail's, which never exceeds the window's. */
  mapWidth(): number {
    const padding = 28;
    return Math.max(160, Math.min(this.root.clientWidth || window.innerWidth, window.innerWidth - 44) - padding);
  }

  redraw(theme: ThemeColors): void {
    this.theme = theme;
    this.heatmap?.draw(theme, this.mapWidth());
    this.renderGates();
  }

  private renderGates(): void {
    const gates = this.stats?.gates;
    if (!gates) return;
    const header = element(
      'tr',
      {},
      ...[
        l10n.t('Gate'),
        l10n.t('Rows'),
        l10n.t('Mean'),
        l10n.t('Std'),
        l10n.t('Min'),
        l10n.t('Max'),
        l10n.t('Zeros'),
        'NaN',
        l10n.t('Histogram'),
      ].map((h) => element('th', { text: h })),
    );
    const body = element('tbody');
    for (const { gate, rows, stats } of gates) {
      body.append(
        element(
          'tr',
          { attrs: { 'data-gate': gate } },
          element(
            'td',
            {},
            element('strong', { text: gate }),
            element('span', { className: 'muted', text: ` ${GATE_NAMES[gate]}` }),
          ),
          element('td', { className: 'number', text: `${formatInteger(rows[0])}–${formatInteger(rows[1] - 1)}` }),
          element('td', { className: 'number', text: formatStat(stats.mean) }),
          element('td', { className: 'number', text: formatStat(stats.std) }),
          element('td', { className: 'number', text: formatStat(stats.min) }),
          element('td', { className: 'number', text: formatStat(stats.max) }),
          element('td', { className: 'number', text: formatCount(stats.zeros, stats.count) }),
          element('td', { className: 'number', text: formatCount(stats.nans + stats.infinities, stats.count) }),
          element('td', {}, createSparkline(stats.histogram, this.theme, l10n.t('Histogram of gate {0}', gate))),
        ),
      );
    }
    const table = element(
      'table',
      { id: 'gate-stats', className: 'mini-table gate-table' },
      element('thead', {}, header),
      body,
    );
    this.gateArea.replaceChildren(element('h3', { text: l10n.t('Per-gate statistics') }), table);
  }
}
