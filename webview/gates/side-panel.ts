/**
 * The column beside the maps: the colour legends (sequential for the gates: LSTM i, f, o, GRU r, z;
 * diverging for the tanh outputs: g, n, h; and for each unbounded signal — the cell state, a projected h —
 * with its range per layer) and, per layer and direction, the summary a user needs when training stalls —
 * saturated gate fractions, the mean of the gate that keeps the state (forget, update) of each unit (bars,
 * sorted) with the memory it implies, and findings in words.
 */

import { directionLabel, type GateRecording } from '../../src/protocol/gate-recording';
import { element } from '../shared/dom';
import type { ThemeColors } from '../shared/theme';
import { LUT_SIZE, cssColorOf, type ColorScale } from './color-scales';
import type { LayerSummary } from './layer-summary';
import type { LayerScales } from './color-scales';
import { outputViewOf } from './tasks';
import { formatFixed, formatPercent } from '../shared/format';
import * as l10n from '../shared/l10n';

export class SidePanel {
  readonly root = element('aside', {
    id: 'side-panel',
    className: 'side-panel',
    attrs: { 'aria-label': l10n.t('Legend and layer summary') },
  });

  show(recording: GateRecording, scales: LayerScales[], summaries: LayerSummary[], theme: ThemeColors): void {
    const legend = element('section', { className: 'side-section' }, element('h2', { text: l10n.t('Colour scales') }));
    const signals = recording.gates[0]?.signals ?? [];
    const names = (range: string) =>
      signals
        .filter((s) => s.range === range)
        .map((s) => s.name)
        .join(' ');
    if (names('unit'))
      legend.append(legendRow(names('unit'), l10n.t('gates, 0 … 1'), scales[0].sequential, ['0', '0.5', '1']));
    if (names('signed'))
      legend.append(legendRow(names('signed'), l10n.t('signed, −1 … 1'), scales[0].signed, ['−1', '0', '1']));
    recording.gates.forEach((layer, l) => {
      for (const signal of layer.signals.filter((s) => s.range === 'unbounded')) {
        const scale = scales[l].bySignal[signal.name];
        const m = format(scale.max);
        const where =
          recording.gates.length > 1
            ? ` L${layer.layer + 1}${recording.bidirectional ? (layer.direction === 'forward' ? ' →' : ' ←') : ''}`
            : '';
        legend.append(legendRow(`${signal.name}${where}`, signal.label, scale, [`−${m}`, '0', m]));
      }
    });
    legend.append(outputViewOf(recording.outputs.kind).legend(recording.outputs, theme));
    const sections = summaries.map((summary) =>
      layerSection(summary, scales[summary.layer].sequential, recording.bidirectional),
    );
    this.root.replaceChildren(legend, ...sections);
  }
}

function legendRow(name: string, description: string, scale: ColorScale, ticks: string[]): HTMLElement {
  const canvas = element('canvas', {
    className: 'legend-bar',
    attrs: { width: LUT_SIZE, height: 1, 'aria-hidden': 'true' },
  });
  const ctx = canvas.getContext('2d');
  if (ctx) {
    const image = ctx.createImageData(LUT_SIZE, 1);
    image.data.set(scale.lut);
    ctx.putImageData(image, 0, 0);
  }
  const tickRow = element('div', { className: 'legend-ticks' }, ...ticks.map((t) => element('span', { text: t })));
  return element(
    'div',
    { className: 'legend-row' },
    element(
      'div',
      { className: 'legend-name' },
      element('code', { text: name }),
      element('span', { className: 'muted', text: ` ${description}` }),
    ),
    canvas,
    tickRow,
  );
}

function layerSection(summary: LayerSummary, sequential: ColorScale, bidirectional: boolean): HTMLElement {
  const section = element('section', {
    className: 'side-section layer-summary',
    attrs: { 'data-layer': summary.stackLayer, 'data-direction': summary.direction },
  });
  const direction = bidirectional ? ` ${directionLabel(summary.direction)}` : '';
  section.append(
    element('h2', { text: l10n.t('Layer {0}{1} · {2} units', summary.stackLayer + 1, direction, summary.units) }),
  );
  const table = element('div', { className: 'saturation-table' });
  for (const row of summary.saturation) {
    const bar = element('span', { className: 'saturation-bar' });
    const fill = element('span', { className: 'saturation-fill' });
    fill.style.width = `${Math.round(row.fraction * 100)}%`;
    bar.append(fill);
    table.append(
      element('code', { text: row.label }),
      bar,
      element('span', { className: 'saturation-value', text: formatPercent(row.fraction, 1) }),
    );
  }
  section.append(element('h3', { text: l10n.t('Saturated values') }), table);

  const keep = summary.keep;
  section.append(element('h3', { text: l10n.t('Mean {0} per unit', keep.label) }));
  section.append(keepBars(summary, sequential));
  const memory = summary.medianMemorySteps;
  section.append(
    element('p', {
      className: 'muted',
      text: l10n.t(
        'Median unit keeps its {0} for ≈ {1} steps (1 / (1 − {2}\u0304)).',
        l10n.t(keep.state),
        Number.isFinite(memory) ? formatFixed(memory, 1) : '∞',
        keep.signal,
      ),
    }),
  );
  const findings = element('ul', { className: 'findings' }, ...summary.findings.map((f) => element('li', { text: f })));
  section.append(findings);
  return section;
}

/** One bar per unit, sorted high to low, coloured with the gates' scale. */
function keepBars(summary: LayerSummary, scale: ColorScale): HTMLCanvasElement {
  const width = 236;
  const height = 44;
  const ratio = window.devicePixelRatio || 1;
  const canvas = element('canvas', {
    className: 'forget-bars',
    attrs: {
      width: Math.round(width * ratio),
      height: Math.round(height * ratio),
      'aria-label': l10n.t('Mean {0} per unit, sorted', summary.keep.label),
    },
  });
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  ctx.scale(ratio, ratio);
  const values = Array.from(summary.meanKeep).sort((a, b) => b - a);
  const barWidth = width / Math.max(1, values.length);
  values.forEach((f, k) => {
    const h = Math.max(1, f * height);
    ctx.fillStyle = cssColorOf(scale, f);
    ctx.fillRect(k * barWidth, height - h, Math.max(1, barWidth - (barWidth > 3 ? 1 : 0)), h);
  });
  return canvas;
}

function format(x: number): string {
  return String(Number(x.toPrecision(3)));
}
