/**
 * A classifier's errors: accuracy, macro F1 and ECE; the confusion matrix; precision, recall, F1 and
 * support per class with the macro averages; the reliability diagram (accuracy against confidence per
 * bin, the diagonal is perfect calibration); and the misclassified examples, most confident first, each
 * openable in the Gates panel or with its attribution in Predict.
 */

import type { ClassifierReport } from '../../src/protocol/evaluation-report';
import type { Announcer } from '../shared/announcer';
import { codicon, element } from '../shared/dom';
import { formatFixed, formatInteger, formatPercent } from '../shared/format';
import * as l10n from '../shared/l10n';
import type { ThemeColors } from '../shared/theme';
import { XyChart } from '../shared/xy-chart';
import { ConfusionMatrix } from './confusion-matrix';
import type { PostToHost } from './tab';

/** Misclassified examples listed at first; *Show more* adds as many again. */
const LISTED = 50;

export class ClassifierErrors {
  readonly root = element('div', { className: 'errors classifier-errors' });
  private readonly headline = element('div', { id: 'classifier-headline', className: 'headline' });
  private readonly confusion: ConfusionMatrix;
  private readonly perClass = element('table', { id: 'per-class', className: 'data-table' });
  private readonly reliabilityCanvas = element('canvas', { id: 'reliability-chart' });
  private readonly reliabilityNote = element('p', { className: 'note' });
  private readonly reliability: XyChart;
  private readonly misclassified = element('ol', { id: 'misclassified', className: 'example-list' });
  private readonly more = element('button', {
    className: 'link-button',
    text: l10n.t('Show more'),
    attrs: { type: 'button' },
  });
  private report: ClassifierReport | null = null;
  private listed = LISTED;

  constructor(
    private readonly post: PostToHost,
    announcer: Announcer,
  ) {
    this.confusion = new ConfusionMatrix(announcer);
    this.reliability = new XyChart(this.reliabilityCanvas, {
      description: l10n.t('Reliability diagram: accuracy against confidence'),
      // x in percent: the axis ticks are whole numbers (0, 20, … 100).
      xTitle: l10n.t('confidence of the predicted class (%)'),
      yTitle: l10n.t('accuracy'),
      yMin: 0,
      yMax: 1,
      titleOf: (x) => l10n.t('confidence {0}', formatPercent(x / 100, 0)),
      formatY: (y) => formatPercent(y, 1),
      formatTick: (y) => formatPercent(y, 0),
    });
    this.more.addEventListener('click', () => {
      this.listed += LISTED;
      this.renderMisclassified();
    });
    const card = (title: string, ...children: Node[]) =>
      element('section', { className: 'card' }, element('h2', { text: title }), ...children);
    this.root.append(
      this.headline,
      element(
        'div',
        { className: 'card-row' },
        this.confusion.root,
        card(
          l10n.t('Calibration'),
          element('div', { className: 'chart-box' }, this.reliabilityCanvas),
          this.reliabilityNote,
        ),
      ),
      card(l10n.t('Per class'), element('div', { className: 'table-scroll' }, this.perClass)),
      card(l10n.t('Misclassified examples, most confident first'), this.misclassified, this.more),
    );
  }

  show(report: ClassifierReport, theme: ThemeColors): void {
    this.report = report;
    this.listed = LISTED;
    this.headline.replaceChildren(
      stat('accuracy', l10n.t('Accuracy'), formatPercent(report.accuracy, 1)),
      stat('macro-f1', l10n.t('Macro F1'), formatFixed(report.macro.f1, 3)),
      stat('ece', l10n.t('ECE'), formatFixed(report.ece, 3)),
      stat('examples', l10n.t('Examples'), formatInteger(report.examples)),
      stat('errors', l10n.t('Wrong'), formatInteger(countWrong(report))),
    );
    this.confusion.show(report);
    this.renderPerClass(report);
    this.drawReliability(theme);
    this.renderMisclassified();
  }

  /** The theme changed: the chart's colours follow. */
  redraw(theme: ThemeColors): void {
    if (this.report) this.drawReliability(theme);
  }

  private renderPerClass(report: ClassifierReport): void {
    const header = element(
      'tr',
      {},
      ...[l10n.t('Class'), l10n.t('Precision'), l10n.t('Recall'), l10n.t('F1'), l10n.t('Support')].map((h, k) =>
        element('th', { text: h, className: k > 0 ? 'number' : undefined, attrs: { scope: 'col' } }),
      ),
    );
    const row = (label: string, p: number, r: number, f: number, support: string, className?: string) =>
      element(
        'tr',
        { className },
        element('th', { text: label, attrs: { scope: 'row' } }),
        ...[formatFixed(p, 3), formatFixed(r, 3), formatFixed(f, 3), support].map((text) =>
          element('td', { className: 'number', text }),
        ),
      );
    const rows = report.perClass.map((c) => row(c.label, c.precision, c.recall, c.f1, formatInteger(c.support)));
    rows.push(
      row(
        l10n.t('Macro average'),
        report.macro.precision,
        report.macro.recall,
        report.macro.f1,
        formatInteger(report.examples),
        'average',
      ),
    );
    this.perClass.replaceChildren(element('thead', {}, header), element('tbody', {}, ...rows));
  }

  private drawReliability(theme: ThemeColors): void {
    const report = this.report!;
    const bins = report.reliability.filter((b) => b.count > 0);
    this.reliability.draw(
      [
        {
          label: l10n.t('perfect calibration'),
          points: [
            { x: 0, y: 0 },
            { x: 100, y: 1 },
          ],
          color: theme.chartLines,
          dash: [4, 4],
          width: 1,
          noTooltip: true,
        },
        {
          label: l10n.t('accuracy'),
          points: bins.map((b) => ({ x: b.confidence * 100, y: b.accuracy })),
          color: theme.blue,
          dots: true,
        },
      ],
      theme,
    );
    this.reliabilityNote.textContent = l10n.t(
      'Expected calibration error {0} over {1} bins: the mean gap between confidence and accuracy, weighted by examples.',
      formatFixed(report.ece, 3),
      report.reliability.length,
    );
    this.reliability.describe(
      l10n.t(
        'Reliability diagram: {0}',
        bins
          .map((b) =>
            l10n.t('confidence {0}, accuracy {1}', formatPercent(b.confidence, 0), formatPercent(b.accuracy, 0)),
          )
          .join('; '),
      ),
    );
  }

  private renderMisclassified(): void {
    const report = this.report!;
    const shown = report.misclassified.slice(0, this.listed);
    if (shown.length === 0) {
      this.misclassified.replaceChildren(element('li', { className: 'muted', text: l10n.t('No example is wrong.') }));
      this.more.hidden = true;
      return;
    }
    this.misclassified.replaceChildren(
      ...shown.map((example) => {
        const gates = element(
          'button',
          {
            className: 'button secondary open-in-gates',
            title: l10n.t('Record this example in the Gates panel'),
            attrs: { type: 'button', 'data-index': example.index },
          },
          codicon('pulse'),
          l10n.t('Open in Gates'),
        );
        gates.addEventListener('click', () => this.post({ type: 'open-in-gates', sequence: example.index }));
        const attribution = element(
          'button',
          {
            className: 'button secondary open-attribution',
            title: l10n.t('Classify this example in the Prediction panel and see which tokens decided it'),
            attrs: { type: 'button' },
          },
          codicon('sparkle'),
          l10n.t('Attribution'),
        );
        attribution.addEventListener('click', () => this.post({ type: 'open-attribution', sequence: example.index }));
        return element(
          'li',
          { className: 'example', attrs: { 'data-index': example.index } },
          element(
            'div',
            { className: 'example-head' },
            element('span', {
              className: 'verdict',
              text: l10n.t('#{0}: actual {1}, predicted {2}', example.index, example.actual, example.predicted),
            }),
            element('span', {
              className: 'confidence',
              text: l10n.t('{0} confident', formatPercent(example.confidence, 1)),
            }),
            element('span', { className: 'actions' }, gates, attribution),
          ),
          example.text !== undefined ? element('div', { className: 'example-text', text: example.text }) : null,
        );
      }),
    );
    this.more.hidden = shown.length >= report.misclassified.length;
  }
}

function countWrong(report: ClassifierReport): number {
  let wrong = 0;
  report.confusionMatrix.forEach((row, r) => row.forEach((count, c) => (wrong += r === c ? 0 : count)));
  return wrong;
}

/** One headline number: a name above its value (the e2e test reads `#stat-<key> .value`). */
export function stat(key: string, name: string, value: string): HTMLElement {
  return element(
    'div',
    { id: `stat-${key}`, className: 'stat' },
    element('span', { className: 'stat-name', text: name }),
    element('span', { className: 'value', text: value }),
  );
}
