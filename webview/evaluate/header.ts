/**
 * The Evaluate view's header: the model and the data it was evaluated on, the metrics of the report
 * pass, the cached states' size, the timings and the session's notes, with *Evaluate on Another File…*;
 * and below it the progress line of whatever the worker is computing (`role="progressbar"`, said by
 * screen readers as it moves), with *Cancel*.
 */

import type { EvaluationProgress, EvaluationSummary } from '../../src/protocol/evaluate-view';
import { codicon, element, setText } from '../shared/dom';
import { formatInteger, formatMetric } from '../shared/format';
import * as l10n from '../shared/l10n';

export interface HeaderEvents {
  onChooseData(): void;
  onCancel(): void;
}

export class EvaluateHeader {
  readonly root = element('header', { className: 'evaluate-header' });
  private readonly title = element('h1', { id: 'model-name', text: l10n.t('Evaluating…') });
  private readonly data = element('div', { id: 'data-label', className: 'data-label' });
  private readonly metrics = element('dl', { id: 'summary-metrics', className: 'summary-metrics' });
  private readonly facts = element('div', { id: 'summary-facts', className: 'facts' });
  private readonly notes = element('ul', { id: 'summary-notes', className: 'notes' });
  private readonly error = element('div', { id: 'panel-error', className: 'panel-error', attrs: { role: 'alert' } });
  private readonly progress = element('div', {
    id: 'progress',
    className: 'progress',
    attrs: { role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0 },
  });
  private readonly progressFill = element('div', { className: 'progress-fill' });
  private readonly progressText = element('span', {
    id: 'progress-text',
    className: 'progress-text',
    attrs: { 'aria-live': 'polite' },
  });
  private readonly cancel = element('button', {
    id: 'cancel',
    className: 'link-button',
    text: l10n.t('Cancel'),
    attrs: { type: 'button' },
  });

  constructor(events: HeaderEvents) {
    const another = element(
      'button',
      {
        id: 'choose-data',
        className: 'button secondary',
        title: l10n.t('Evaluate this model on a dataset file you choose'),
        attrs: { type: 'button' },
      },
      codicon('file'),
      l10n.t('Evaluate on Another File…'),
    );
    another.addEventListener('click', () => events.onChooseData());
    this.cancel.addEventListener('click', () => events.onCancel());
    this.progress.append(this.progressFill);
    const progressLine = element('div', { className: 'progress-line' }, this.progress, this.progressText, this.cancel);
    this.root.append(
      element(
        'div',
        { className: 'header-top' },
        element('div', { className: 'header-names' }, this.title, this.data),
        another,
      ),
      this.metrics,
      this.facts,
      this.notes,
      this.error,
      progressLine,
    );
    this.showProgress(null);
    this.error.hidden = true;
  }

  showSummary(summary: EvaluationSummary): void {
    setText(this.title, summary.modelName);
    setText(
      this.data,
      // The data label counts the sequences already (`validation split of fables.txt (98 sequences)`).
      l10n.t('{0} · {1} · {2} steps', summary.dataLabel, summary.architecture, formatInteger(summary.steps)),
    );
    this.metrics.replaceChildren(
      ...Object.entries(summary.metrics).flatMap(([key, value]) =>
        value === undefined
          ? []
          : [
              element(
                'div',
                { className: 'metric', attrs: { 'data-metric': key } },
                element('dt', { text: metricName(key) }),
                element('dd', { text: formatMetric(key, value) }),
              ),
            ],
      ),
    );
    const { memoryBytes, diskBytes } = summary.cache;
    setText(
      this.facts,
      l10n.t(
        'States cached: {0} in memory, {1} on disk · read {2}, evaluated in {3}',
        formatBytes(memoryBytes),
        formatBytes(diskBytes),
        formatMs(summary.timings.readMs),
        formatMs(summary.timings.passMs),
      ),
    );
    this.notes.replaceChildren(...summary.notes.map((note) => element('li', { text: note })));
    this.notes.hidden = summary.notes.length === 0;
    this.showError(null);
  }

  /** The progress of a long request, or null when nothing runs. */
  showProgress(progress: EvaluationProgress | null): void {
    const hidden = progress === null;
    this.progress.parentElement?.toggleAttribute('hidden', hidden);
    if (!progress) return;
    const share = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
    this.progress.setAttribute('aria-valuenow', String(Math.round(share * 100)));
    this.progress.setAttribute('aria-valuetext', progressWords(progress));
    this.progressFill.style.width = `${share * 100}%`;
    setText(this.progressText, progressWords(progress));
  }

  showError(message: string | null): void {
    this.error.hidden = message === null;
    setText(this.error, message ?? '');
  }
}

function progressWords(progress: EvaluationProgress): string {
  const done = formatInteger(progress.done);
  const total = formatInteger(progress.total);
  switch (progress.stage) {
    case 'reading':
      return l10n.t('Reading the data… {0} of {1}', done, total);
    case 'evaluating':
      return l10n.t('Evaluating… {0} of {1} sequences', done, total);
    case 'searching':
      return l10n.t('Searching… {0} of {1} sequences', done, total);
    case 'projecting':
      return l10n.t('Projecting… {0} of {1}', done, total);
    case 'ablating':
      return l10n.t('Ablating… {0} of {1} sequences', done, total);
  }
}

function metricName(key: string): string {
  switch (key) {
    case 'loss':
      return l10n.t('Loss');
    case 'accuracy':
      return l10n.t('Accuracy');
    case 'bitsPerChar':
      return l10n.t('Bits/char');
    case 'perplexity':
      return l10n.t('Perplexity');
    case 'mae':
      return l10n.t('MAE');
    case 'rmse':
      return l10n.t('RMSE');
    default:
      return key;
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatInteger(bytes)} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${formatInteger(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
