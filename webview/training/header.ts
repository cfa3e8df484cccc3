/**
 * The panel header: what is training (dataset, task, architecture), how it is going (status, epoch,
 * step with a progress bar, speed, elapsed and remaining time, best validation) and the run's buttons.
 * Ids are stable: the e2e tests read them.
 */

import type { RunMeta } from '../../src/protocol/training-panel';
import type { EvaluationRecord } from '../../src/protocol/run-records';
import { baselineSummary } from './baselines';
import { codicon, element, setAttribute, setText, setVisible } from '../shared/dom';
import { formatInteger, formatPercent } from '../shared/format';
import { runStatusText } from '../shared/run-status';
import type { ControlId } from './run-summary';
import { summarizeRun } from './run-summary';
import * as l10n from '../shared/l10n';

// VS Code's own icons (codicons), the ones its debug toolbar and views use for the same actions.
const ICONS: Partial<Record<ControlId, string>> = {
  pause: 'debug-pause',
  resume: 'debug-continue',
  stop: 'debug-stop',
  'open-best': 'star-full',
  'open-folder': 'folder-opened',
  'inspect-gates': 'graph',
  'export-csv': 'desktop-download',
  'export-png': 'desktop-download',
};

export interface HeaderButton {
  id: ControlId;
  label: string;
  title: string;
  primary?: boolean;
}

export function controlButton(spec: HeaderButton): HTMLButtonElement {
  const name = ICONS[spec.id];
  const button = element(
    'button',
    {
      id: spec.id,
      className: spec.primary ? 'button' : 'button secondary',
      title: spec.title,
      attrs: { type: 'button' },
    },
    name ? codicon(name) : null,
    element('span', { text: spec.label }),
  );
  button.disabled = true;
  return button;
}

export class RunHeader {
  readonly root: HTMLElement;
  readonly buttons: HTMLButtonElement[];
  private readonly dataset = element('h1', { id: 'dataset', className: 'run-name', text: l10n.t('Training') });
  private readonly status = element('div', {
    id: 'status',
    className: 'status',
    attrs: { 'data-status': 'loading', role: 'status', 'aria-live': 'polite' },
  });
  private readonly statusLabel = element('span', { className: 'status-label', text: l10n.t('loading') });
  /** Read out between status and message ("failed: training diverged…"); not shown. */
  private readonly statusSeparator = element('span', { className: 'visually-hidden' });
  private readonly statusMessage = element('span', { id: 'status-message', className: 'status-message' });
  private readonly details = element('div', { id: 'run-details', className: 'run-details' });
  private readonly epoch = element('span', { id: 'epoch', className: 'stat-value', text: '—' });
  private readonly step = element('span', { id: 'step', className: 'stat-value', text: '—' });
  private readonly percent = element('span', { className: 'stat-note', text: '' });
  private readonly progressFill = element('div', { className: 'progress-fill' });
  private readonly progress = element(
    'div',
    {
      id: 'progress',
      className: 'progress',
      attrs: {
        role: 'progressbar',
        'aria-label': l10n.t('Training progress'),
        'aria-valuemin': 0,
        'aria-valuemax': 100,
        'aria-valuenow': 0,
      },
    },
    this.progressFill,
  );
  private readonly speedValue = element('span', { text: '—' });
  private readonly speedUnit = element('span', { className: 'stat-unit' });
  private readonly speed = element('span', { id: 'speed', className: 'stat-value' }, this.speedValue, this.speedUnit);
  private readonly elapsed = element('span', { id: 'elapsed', className: 'stat-value', text: '—' });
  private readonly remaining = element('span', { id: 'remaining', className: 'stat-value', text: '—' });
  private readonly bestValue = element('span', { className: 'best-value', text: '—' });
  private readonly bestUnit = element('span', { className: 'best-unit' });
  private readonly bestWhere = element('span', { className: 'best-where' });
  /** The task's other metrics at the best evaluation (speech to text: the word error rate). */
  private readonly bestBeside = element('span', { id: 'best-beside', className: 'best-where' });
  private readonly best = element(
    'span',
    { id: 'best', className: 'stat-value' },
    this.bestValue,
    this.bestUnit,
    this.bestBeside,
    this.bestWhere,
  );
  /** What each evaluation scores, under the best validation (the whole split, or a fixed sample of it). */
  private readonly validationScope = element('span', { id: 'validation-scope', className: 'validation-scope' });
  /** A forecaster: how the model compares with the best naive baseline (empty for other runs). */
  private readonly baselines = element('span', { id: 'baseline-comparison', className: 'baseline-comparison' });

  constructor(extraButtons: HTMLButtonElement[] = []) {
    this.status.append(
      element('span', { className: 'status-dot', attrs: { 'aria-hidden': 'true' } }),
      this.statusLabel,
      this.statusSeparator,
      this.statusMessage,
    );
    this.buttons = [
      controlButton({ id: 'pause', label: l10n.t('Pause'), title: l10n.t('Pause training (the run can be resumed)') }),
      controlButton({ id: 'resume', label: l10n.t('Resume'), title: l10n.t('Resume training') }),
      controlButton({
        id: 'stop',
        label: l10n.t('Stop'),
        title: l10n.t('Stop training (last.safetensors keeps the weights)'),
      }),
      controlButton({
        id: 'open-best',
        label: l10n.t('Best checkpoint'),
        title: l10n.t('Open best.safetensors (best validation loss)'),
      }),
      controlButton({
        id: 'open-folder',
        label: l10n.t('Run folder'),
        title: l10n.t('Reveal the run folder in the Explorer'),
      }),
      controlButton({
        id: 'inspect-gates',
        label: l10n.t('Inspect gates'),
        title: l10n.t('Look at the LSTM gate activations of this model'),
      }),
    ];
    const [pause, resume, stop, ...rest] = this.buttons;
    this.root = element(
      'header',
      { className: 'run-header' },
      element(
        'div',
        { className: 'run-title-row' },
        element('div', { className: 'run-title' }, this.dataset, this.status),
        element(
          'div',
          { className: 'run-actions', attrs: { role: 'toolbar', 'aria-label': l10n.t('Run controls') } },
          element('div', { className: 'button-group' }, pause, resume, stop),
          element('div', { className: 'button-group' }, ...rest),
          extraButtons.length > 0 && element('div', { className: 'button-group' }, ...extraButtons),
        ),
      ),
      this.details,
      element(
        'div',
        { className: 'run-stats' },
        stat(l10n.t('Epoch'), this.epoch),
        element(
          'div',
          { className: 'stat stat-progress' },
          element('span', { className: 'stat-label', text: l10n.t('Step') }),
          element('div', { className: 'stat-line' }, this.step, this.percent),
          this.progress,
        ),
        stat(l10n.t('Speed'), this.speed),
        stat(l10n.t('Elapsed'), this.elapsed),
        stat(l10n.t('Remaining'), this.remaining),
        stat(l10n.t('Best validation'), this.best, 'stat-best', this.validationScope, this.baselines),
      ),
    );
  }

  update(meta: RunMeta | undefined, evaluations: readonly EvaluationRecord[] = []): void {
    if (!meta) return;
    const baselines = baselineSummary(meta, evaluations);
    setText(this.baselines, baselines?.text ?? '');
    this.baselines.title = baselines?.text ?? '';
    setAttribute(this.baselines, 'data-beats', baselines ? String(baselines.beats) : null);
    const summary = summarizeRun(meta);
    setText(this.dataset, meta.datasetName);
    setAttribute(this.status, 'data-status', summary.status);
    setText(this.statusLabel, runStatusText(summary.status));
    setText(this.statusSeparator, summary.statusMessage ? ': ' : '');
    setText(this.statusMessage, summary.statusMessage);
    this.statusMessage.title = summary.statusMessage;
    const detailParts = [
      meta.taskName,
      meta.architecture,
      l10n.t('{0} parameters', formatInteger(meta.parameterCount)),
      meta.preset ? l10n.t('preset {0}', meta.preset) : '',
      meta.batchSize > 0 ? l10n.t('batch {0}', formatInteger(meta.batchSize)) : '',
    ];
    setText(this.details, detailParts.filter(Boolean).join('  ·  '));
    setText(this.epoch, summary.epochText);
    setAttribute(this.epoch, 'data-epoch', String(summary.epoch));
    setText(this.step, summary.stepText);
    setAttribute(this.step, 'data-step', String(meta.step));
    const percent = Math.floor(summary.progress * 1000) / 10;
    setText(this.percent, formatPercent(percent / 100, percent < 100 ? 1 : 0));
    this.progressFill.style.width = `${summary.progress * 100}%`;
    setAttribute(this.progress, 'aria-valuenow', String(Math.round(summary.progress * 100)));
    // "1,231 samples/s", the unit in small type so the number fits narrow columns.
    const [speedValue, ...speedUnit] = summary.speedText.split(' ');
    setText(this.speedValue, speedValue);
    setText(this.speedUnit, speedUnit.length > 0 ? ` ${speedUnit.join(' ')}` : '');
    setText(this.elapsed, summary.elapsedText);
    setText(this.remaining, summary.remainingText);
    setText(this.bestValue, summary.best ? summary.best.value : '—');
    setText(this.bestUnit, summary.best ? summary.best.unit : '');
    setText(this.bestWhere, summary.best ? summary.best.where : '');
    setText(this.bestBeside, summary.besideText);
    setVisible(this.bestBeside, summary.besideText !== '');
    this.best.title = summary.bestText;
    setText(this.validationScope, summary.validationText);
    this.validationScope.title = summary.validationText;
    setAttribute(this.best, 'data-step', meta.best ? String(meta.best.step) : null);
  }
}

function stat(label: string, value: HTMLElement, extraClass = '', ...notes: HTMLElement[]): HTMLElement {
  return element(
    'div',
    { className: `stat ${extraClass}`.trim() },
    element('span', { className: 'stat-label', text: label }),
    value,
    ...notes,
  );
}
