/**
 * A language model's output: at every step the predicted next token, shaded by the probability the
 * model gave to the token that actually came; the hover lists the top 5 and the actual one.
 */

import type { StepOutputs } from '../../../src/protocol/gate-recording';
import { element } from '../../shared/dom';
import { withAlpha } from '../../shared/theme';
import { fit } from '../canvas-text';
import { cssColorOf } from '../color-scales';
import { describeToken, visibleToken } from '../token-format';
import { percent, type HoverLine, type StepOutputView } from './output-view';
import * as l10n from '../../shared/l10n';

type NextTokenOutputs = Extract<StepOutputs, { kind: 'next-token' }>;

export const nextTokenView: StepOutputView<NextTokenOutputs> = {
  bandLabel: l10n.t('next'),
  inputLabel: l10n.t('input'),
  inputPlural: l10n.t('steps'),
  placeholder: () => l10n.t('Type or paste a prompt…'),
  drawBand(ctx, scene, out, { first, last, y0, h, sequential }) {
    const { layout, theme } = scene;
    const w = layout.cellWidth;
    ctx.font = `${Math.min(13, w + 1)}px ${scene.monoFont}`;
    ctx.textAlign = 'center';
    for (let t = first; t <= last; t++) {
      const p = out.actualProbability[t];
      ctx.fillStyle = p === null ? withAlpha(theme.descriptionForeground, 0.15) : cssColorOf(sequential, p);
      ctx.fillRect(t * w, y0, Math.max(1, w - (w >= 6 ? 1 : 0)), h);
      if (w >= 7) {
        const best = out.top[t][0]?.token ?? '';
        const right = best === out.actual[t];
        ctx.fillStyle =
          p !== null && p > 0.55 ? theme.background : right ? theme.foreground : theme.descriptionForeground;
        ctx.fillText(fit(ctx, visibleToken(best), w - 1), (t + 0.5) * w, y0 + h / 2 + 1);
      }
    }
  },
  hoverLines(out, step) {
    const lines: HoverLine[] = out.top[step].map((entry, k) => ({
      label: k === 0 ? l10n.t('next (top 5)') : '',
      value: `${describeToken(entry.token)} ${percent(entry.probability)}`,
      emphasis: entry.token === out.actual[step],
    }));
    const actual = out.actual[step];
    if (actual !== null)
      lines.push({
        label: l10n.t('actual next'),
        value: `${describeToken(actual)} ${percent(out.actualProbability[step] ?? NaN)}`,
      });
    return lines;
  },
  legend: () =>
    element(
      'div',
      { className: 'legend-row' },
      element('div', { className: 'legend-name', text: l10n.t('Output row') }),
      element('p', {
        className: 'muted',
        text: l10n.t(
          'The most likely next character; the shade is the probability given to the one that actually came next.',
        ),
      }),
    ),
  revive: (out) => out,
};
