/**
 * A classifier's output: at every step the class probabilities if the text ended there, as stacked
 * bars in one colour per class; the hover lists them with the true class when known.
 */

import type { StepOutputs } from '../../../src/protocol/gate-recording';
import { element } from '../../shared/dom';
import type { ThemeColors } from '../../shared/theme';
import { percent, type HoverLine, type StepOutputView } from './output-view';
import * as l10n from '../../shared/l10n';

type ClassProbabilityOutputs = Extract<StepOutputs, { kind: 'class-probabilities' }>;

/** One colour per class, from the theme's chart colours. */
export function classColors(theme: ThemeColors): string[] {
  return [theme.blue, theme.orange, theme.green, theme.red, theme.purple, theme.yellow];
}

export const classProbabilitiesView: StepOutputView<ClassProbabilityOutputs> = {
  bandLabel: l10n.t('P(class)'),
  inputLabel: l10n.t('input'),
  inputPlural: l10n.t('steps'),
  placeholder: () => l10n.t('Type or paste a text to classify…'),
  drawBand(ctx, scene, out, { first, last, y0, h }) {
    const w = scene.layout.cellWidth;
    const C = out.classes.length;
    const colors = classColors(scene.theme);
    for (let t = first; t <= last; t++) {
      let y = y0 + h;
      for (let c = 0; c < C; c++) {
        const p = out.probabilities[t * C + c];
        const height = p * h;
        ctx.fillStyle = colors[c % colors.length];
        ctx.fillRect(t * w, y - height, Math.max(1, w - (w >= 6 ? 1 : 0)), height);
        y -= height;
      }
    }
  },
  hoverLines(out, step) {
    const C = out.classes.length;
    const lines: HoverLine[] = out.classes.map((name, c) => ({
      label: c === 0 ? l10n.t('P(class) so far') : '',
      value: `${name} ${percent(out.probabilities[step * C + c])}`,
    }));
    if (out.label !== null) lines.push({ label: l10n.t('true class'), value: out.label });
    return lines;
  },
  legend(out, theme) {
    const box = element('div', { className: 'legend-row' });
    box.append(
      element('div', { className: 'legend-name', text: l10n.t('Output row: P(class) if the text ended here') }),
    );
    const colors = classColors(theme);
    const list = element('div', { className: 'class-legend' });
    out.classes.forEach((name, c) => {
      const swatch = element('span', { className: 'swatch' });
      swatch.style.backgroundColor = colors[c % colors.length];
      list.append(element('span', { className: 'class-item' }, swatch, name));
    });
    box.append(list);
    return box;
  },
  revive: (out, revive) => ({ ...out, probabilities: revive(out.probabilities) }),
};
