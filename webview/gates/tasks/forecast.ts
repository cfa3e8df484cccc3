/**
 * A forecaster's output: after every step (one row of the series) the next value it predicts, drawn
 * as a line against the values that came (dots), for the first target; the hover gives every target.
 */

import type { StepOutputs } from '../../../src/protocol/gate-recording';
import { element } from '../../shared/dom';
import { formatValue, type StepOutputView } from './output-view';
import * as l10n from '../../shared/l10n';

type ForecastOutputs = Extract<StepOutputs, { kind: 'forecast' }>;

export const forecastView: StepOutputView<ForecastOutputs> = {
  bandLabel: l10n.t('forecast'),
  inputLabel: l10n.t('row'),
  inputPlural: l10n.t('rows'),
  placeholder: (model) =>
    l10n.t('Rows of {0}, one per line', (model.featureColumns ?? []).join(', ') || l10n.t('values')),
  drawBand(ctx, scene, out, { first, last, y0, h }) {
    const { layout, theme } = scene;
    const w = layout.cellWidth;
    // The first target, predicted (line) against actual (dots), on the range of both.
    const K = out.targets.length;
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = 0; t < scene.recording.steps; t++) {
      for (const v of [out.predicted[t * K], out.actual[t * K]]) {
        if (Number.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (!(hi > lo)) {
      hi = lo + 1;
      lo -= 1;
    }
    const yOf = (v: number) => y0 + h - ((v - lo) / (hi - lo)) * h;
    ctx.strokeStyle = theme.blue;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let t = Math.max(0, first - 1); t <= Math.min(scene.recording.steps - 1, last + 1); t++) {
      const x = (t + 0.5) * w;
      if (t === Math.max(0, first - 1)) ctx.moveTo(x, yOf(out.predicted[t * K]));
      else ctx.lineTo(x, yOf(out.predicted[t * K]));
    }
    ctx.stroke();
    ctx.fillStyle = theme.foreground;
    for (let t = first; t <= last; t++) {
      const v = out.actual[t * K];
      if (Number.isFinite(v)) ctx.fillRect((t + 0.5) * w - 1.5, yOf(v) - 1.5, 3, 3);
    }
  },
  hoverLines(out, step) {
    const K = out.targets.length;
    return out.targets.flatMap((name, k) => {
      const actual = out.actual[step * K + k];
      return [
        { label: l10n.t('{0} predicted next', name), value: formatValue(out.predicted[step * K + k]) },
        { label: l10n.t('{0} actual next', name), value: Number.isFinite(actual) ? formatValue(actual) : '—' },
      ];
    });
  },
  legend: (out) =>
    element(
      'div',
      { className: 'legend-row' },
      element('div', { className: 'legend-name', text: `Output row: ${out.targets[0] ?? 'value'}` }),
      element('p', {
        className: 'muted',
        text: l10n.t('Line: predicted next value after each step; dots: the value that came.'),
      }),
    ),
  revive: (out, revive) => ({ ...out, predicted: revive(out.predicted), actual: revive(out.actual) }),
};
