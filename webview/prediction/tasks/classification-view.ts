/**
 * A classification: the label and its probability, every class as a bar, the input with each token
 * highlighted by its attribution (towards or away from the label, three strengths — the same rule as the
 * editor decorations), and the probability of each class after every token, as the model read.
 */

import { attributionLevel, type ClassificationAnswer } from '../../../src/protocol/prediction-results';
import { element } from '../../shared/dom';
import type { ThemeColors } from '../../shared/theme';
import { XyChart } from '../../shared/xy-chart';
import { formatPercent, formatSignificant } from '../../shared/format';
import * as l10n from '../../shared/l10n';

function methodName(method: 'integrated-gradients' | 'gradient' | 'occlusion'): string {
  return method === 'integrated-gradients'
    ? l10n.t('integrated gradients')
    : method === 'gradient'
      ? l10n.t('gradient × input')
      : l10n.t('occlusion');
}

export function percent(p: number): string {
  return formatPercent(p, p >= 0.9995 || p < 0.0005 ? 2 : 1);
}

export class ClassificationView {
  readonly root = element('div', { className: 'result' });
  private readonly chart: XyChart;
  private readonly chartCanvas = element('canvas', { id: 'reading-chart' });
  private answer: ClassificationAnswer | null = null;
  private input = '';

  constructor() {
    this.chart = new XyChart(this.chartCanvas, {
      description: l10n.t('Probability of each class after each token'),
      xTitle: l10n.t('tokens read'),
      yTitle: l10n.t('probability'),
      yMin: 0,
      yMax: 1,
      titleOf: (x) => this.tokenTitle(x),
      formatY: (y) => percent(y),
      formatTick: (y) => `${Math.round(y * 100)} %`,
    });
  }

  render(answer: ClassificationAnswer, input: string, theme: ThemeColors): void {
    this.answer = answer;
    this.input = input;
    const best = answer.probabilities[answer.classId];
    const verdict = element(
      'section',
      { className: 'card', attrs: { 'aria-label': l10n.t('Prediction') } },
      element('h2', { text: l10n.t('Predicted label') }),
      element(
        'div',
        { className: 'verdict' },
        element('span', { id: 'label', className: 'verdict-label', text: answer.label }),
        element('span', { id: 'label-probability', className: 'verdict-probability', text: percent(best.probability) }),
      ),
      this.bars(answer),
    );
    const reading = element(
      'section',
      { className: 'card', attrs: { 'aria-label': l10n.t('Probability over the tokens') } },
      element('h2', { text: l10n.t('As the model reads') }),
      element('div', { className: 'chart-body' }, this.chartCanvas),
      element('div', { className: 'legend' }, ...this.readingLegend(answer, theme)),
    );
    const highlights = this.highlights(answer, input);
    highlights.classList.add('wide');
    this.root.replaceChildren(element('div', { className: 'card-row' }, verdict, highlights), reading);
    this.drawChart(theme);
  }

  /** Redraws the chart in new theme colours. */
  setTheme(theme: ThemeColors): void {
    if (this.answer) this.render(this.answer, this.input, theme);
  }

  destroy(): void {
    this.chart.destroy();
  }

  private bars(answer: ClassificationAnswer): HTMLElement {
    const rows = answer.probabilities.flatMap((p, k) => {
      const fill = element('div', { className: 'bar-fill' });
      fill.style.width = `${(p.probability * 100).toFixed(2)}%`;
      const row = (child: HTMLElement) => {
        child.classList.add('bar-row');
        if (k === answer.classId) child.classList.add('predicted');
        return child;
      };
      return [
        row(element('span', { className: 'bar-label', text: p.label, title: p.label })),
        row(
          element(
            'div',
            {
              className: 'bar-track',
              attrs: {
                role: 'meter',
                'aria-label': p.label,
                'aria-valuemin': 0,
                'aria-valuemax': 1,
                'aria-valuenow': p.probability.toFixed(4),
              },
            },
            fill,
          ),
        ),
        row(
          element('span', {
            className: 'bar-value',
            text: percent(p.probability),
            attrs: { 'data-class': p.label, 'data-probability': p.probability },
          }),
        ),
      ];
    });
    return element('div', { id: 'probabilities', className: 'bars' }, ...rows);
  }

  private highlights(answer: ClassificationAnswer, input: string): HTMLElement {
    const text = element('div', {
      id: 'highlighted-text',
      className: 'highlighted-text',
      attrs: { 'aria-label': l10n.t('The input, each token highlighted by its attribution') },
    });
    const scores = answer.attribution?.scores ?? null;
    const maxAbs = scores ? scores.reduce((m, s) => Math.max(m, Math.abs(s)), 0) : 0;
    let at = 0;
    answer.tokens.forEach((token, k) => {
      if (token.start > at) text.append(input.slice(at, token.start));
      const span = element('span', { className: 'token', text: input.slice(token.start, token.end) });
      const read = token.known
        ? token.token === token.text
          ? ''
          : l10n.t(' (read as "{0}")', token.token)
        : l10n.t(' (not in the vocabulary: read as <unk>)');
      if (!token.known) span.classList.add('unknown');
      if (scores) {
        const score = scores[k];
        const level = attributionLevel(score, maxAbs);
        if (level) span.classList.add(`${score > 0 ? 'towards' : 'against'}-${level}`);
        span.setAttribute('data-score', String(score));
        const signed = `${score > 0 ? '+' : ''}${formatSignificant(score, 3)}`;
        span.title =
          score >= 0
            ? l10n.t('{0}: {1} towards {2}{3}', token.text, signed, answer.label, read)
            : l10n.t('{0}: {1} away from {2}{3}', token.text, signed, answer.label, read);
      } else if (read) span.title = `${token.text}${read}`;
      text.append(span);
      at = token.end;
    });
    if (at < input.length) text.append(input.slice(at));
    const method = answer.attribution ? methodName(answer.attribution.method) : null;
    const status = answer.attributionPending
      ? l10n.t('computing the attribution…')
      : method
        ? l10n.t('attribution: {0}, towards the predicted label', method)
        : l10n.t('no attribution');
    const legend = element(
      'div',
      { className: 'legend' },
      element('span', {}, element('span', { className: 'swatch towards' }), `pushed towards ${answer.label}`),
      element('span', {}, element('span', { className: 'swatch against' }), `pushed away from ${answer.label}`),
      element('span', { id: 'attribution-status', text: status }),
    );
    return element(
      'section',
      { className: 'card', attrs: { 'aria-label': l10n.t('Which words tipped it') } },
      element('h2', { text: l10n.t('Which words tipped it') }),
      text,
      legend,
    );
  }

  private readingLegend(answer: ClassificationAnswer, theme: ThemeColors): HTMLElement[] {
    return this.readingSeries(answer, theme).map((s) => {
      const swatch = element('span', { className: 'swatch' });
      swatch.style.background = s.color;
      return element('span', {}, swatch, s.label);
    });
  }

  private readingSeries(answer: ClassificationAnswer, theme: ThemeColors) {
    const palette = [theme.green, theme.blue, theme.orange, theme.purple, theme.red, theme.yellow];
    // Binary: the predicted class alone says it all; more classes: the six most likely at the end.
    const classes =
      answer.probabilities.length === 2
        ? [answer.classId]
        : answer.probabilities
            .map((_, k) => k)
            .sort((a, b) => answer.probabilities[b].probability - answer.probabilities[a].probability)
            .slice(0, 6);
    return classes.map((k, n) => ({
      label: `P(${answer.probabilities[k].label})`,
      color: k === answer.classId ? theme.green : palette[(n % (palette.length - 1)) + 1],
      points: answer.reading.map((row, t) => ({ x: t + 1, y: row[k] })),
      dots: answer.reading.length <= 60,
    }));
  }

  private drawChart(theme: ThemeColors): void {
    this.chart.draw(this.readingSeries(this.answer!, theme), theme);
  }

  private tokenTitle(x: number): string {
    const token = this.answer?.tokens[Math.round(x) - 1];
    return token ? l10n.t('after token {0}: "{1}"', Math.round(x), token.text) : '';
  }
}
