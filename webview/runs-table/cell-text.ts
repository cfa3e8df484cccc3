/**
 * The table's words and cells in the display language: the fixed columns' headings and the run statuses
 * translated, times, durations and numbers in the display language's formats. The contract's
 * `cellValue` stays the one source of a cell's value (sorting and the CSV use it untranslated).
 */

import { cellValue, type TableColumn } from '../../src/protocol/runs-table-model';
import type { RunsTableRun } from '../../src/protocol/runs-table';
import type { MetricDescriptor } from '../../src/protocol/task-presentation';
import { formatInteger, formatPercent, formatSignificant } from '../shared/format';
import * as l10n from '../shared/l10n';
import { runStatusText } from '../shared/run-status';

/** A column's heading: the fixed ones and the metric columns' prefixes translated; a setting's label as sent. */
export function columnLabel(column: TableColumn): string {
  switch (column.key) {
    case 'run':
      return l10n.t('Run');
    case 'dataset':
      return l10n.t('Dataset');
    case 'task':
      return l10n.t('Task');
    case 'status':
      return l10n.t('Status');
    case 'started':
      return l10n.t('Started');
    case 'duration':
      return l10n.t('Duration');
    case 'steps':
      return l10n.t('Steps');
    case 'sweep':
      return l10n.t('Sweep');
  }
  if (column.metric && column.key.startsWith('best:')) return l10n.t('Best {0}', column.metric.label);
  if (column.metric && column.key.startsWith('final:')) return l10n.t('Final {0}', column.metric.label);
  return column.label;
}

/** A cell as the table shows it. */
export function cellText(run: RunsTableRun, column: TableColumn): string {
  const value = cellValue(run, column.key);
  if (value === null) return '';
  switch (column.kind) {
    case 'time':
      return startedText(String(value));
    case 'duration':
      return elapsedText(Number(value));
    case 'number':
      return column.key === 'steps' && run.totalSteps > 0
        ? l10n.t('{0} / {1}', formatInteger(run.step), formatInteger(run.totalSteps))
        : formatInteger(Number(value));
    case 'metric':
      return metricValueText(column.metric!, Number(value));
    case 'setting':
      return typeof value === 'number' ? numberText(value) : String(value);
    default:
      if (column.key === 'status') return runStatusText(run.status);
      return column.key === 'sweep' && run.sweep ? `${run.sweep.name} #${run.sweep.index + 1}` : String(value);
  }
}

/** A metric's value: a percentage, or up to 4 significant digits. */
export function metricValueText(metric: MetricDescriptor, value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return metric.format === 'percent' ? formatPercent(value, 1) : numberText(value);
}

/** A start time as date and minute in the display language (`12/7/2026, 01:20`, `7.12.2026, 01:20`). */
export function startedText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(l10n.displayLanguage(), {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

/** `42 s`, `3 min 05 s`, `2 h 04 min`. */
export function elapsedText(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  const total = Math.round(seconds);
  const two = (n: number) => String(n).padStart(2, '0');
  if (total < 60) return l10n.t('{0} s', total);
  if (total < 3600) return l10n.t('{0} min {1} s', Math.floor(total / 60), two(total % 60));
  return l10n.t('{0} h {1} min', formatInteger(Math.floor(total / 3600)), two(Math.floor((total % 3600) / 60)));
}

/** Up to 4 significant digits (integers whole), exponent notation only for very small or large values. */
export function numberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  return formatSignificant(value, Math.abs(value) < 1e-3 || Math.abs(value) >= 1e6 ? 3 : 4);
}
