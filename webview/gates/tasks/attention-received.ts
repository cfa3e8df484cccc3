/**
 * An encoder's band (the encoder maps of an encoder–decoder): under each source token, a bar as tall as
 * the attention it received, averaged over the output steps; while an output step is pointed at (its
 * decoder column, attention row or label), the bars are that step's attention instead, so the source
 * tokens it read stand out. Colours from the sequential scale, relative to the largest weight shown.
 */

import type { StepOutputs } from '../../../src/protocol/gate-recording';
import { element } from '../../shared/dom';
import { cssColorOf } from '../color-scales';
import { percent, type HoverLine, type StepOutputView } from './output-view';
import * as l10n from '../../shared/l10n';

type AttentionReceived = Extract<StepOutputs, { kind: 'attention-received' }>;

export const attentionReceivedView: StepOutputView<AttentionReceived> = {
  bandLabel: l10n.t('attention'),
  inputLabel: l10n.t('source'),
  inputPlural: l10n.t('source tokens'),
  placeholder: () => l10n.t('Type or paste a text to transform…'),
  drawBand(ctx, scene, out, { first, last, y0, h, sequential }) {
    const w = scene.layout.cellWidth;
    const weights = scene.attentionFrom?.weights ?? out.received;
    let max = 0;
    for (let t = 0; t < weights.length; t++) max = Math.max(max, weights[t]);
    for (let t = first; t <= last && t < weights.length; t++) {
      const share = max > 0 ? weights[t] / max : 0;
      const height = Math.max(1, Math.round(share * h));
      ctx.fillStyle = cssColorOf(sequential, share);
      ctx.fillRect(t * w, y0 + h - height, Math.max(1, w - (w >= 6 ? 1 : 0)), height);
    }
  },
  hoverLines(out, step) {
    return [{ label: l10n.t('attention received (mean over outputs)'), value: percent(out.received[step] ?? NaN) }];
  },
  legend: () =>
    element(
      'div',
      { className: 'legend-row' },
      element('div', { className: 'legend-name', text: l10n.t('Attention row') }),
      element('p', {
        className: 'muted',
        text: l10n.t(
          'Under the source tokens: the attention each received, averaged over the output; pointing at an output step shows its own.',
        ),
      }),
    ),
  revive: (out, revive) => ({ ...out, received: revive(out.received) }),
};

/** One hover line for a source step while an output step is pointed at. */
export function attentionFromLine(from: { step: number; weights: Float32Array }, sourceStep: number): HoverLine {
  return {
    label: l10n.t('attention from output step {0}', from.step),
    value: percent(from.weights[sourceStep] ?? NaN),
    emphasis: true,
  };
}
