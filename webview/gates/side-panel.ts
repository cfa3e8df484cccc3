/**
 * The column beside the maps: the colour legends (sequential for i, f, o; diverging for g, h and for c
 * with its range per layer) and, per layer, the summary a user needs when training stalls — saturated
 * gate fractions, the mean forget gate of each unit (bars, sorted) with the memory it implies, and
 * findings in words.
 */

import type { GateRecording } from '../../src/protocol/gate-recording';
import { element } from '../shared/dom';
import type { ThemeColors } from '../shared/theme';
import { LUT_SIZE, cssColorOf, type ColorScale } from './color-scales';
import type { LayerSummary } from './layer-summary';
import { outputViewOf } from './tasks';

export class SidePanel {
  readonly root = element('aside', {
    id: 'side-panel',
    className: 'side-panel',
    attrs: { 'aria-label': 'Legend and layer summary' },
  });

  show(
    recording: GateRecording,
    scales: Record<'i' | 'g' | 'c', ColorScale>[],
    summaries: LayerSummary[],
    theme: ThemeColors,
  ): void {
    const legend = element('section', { className: 'side-section' }, element('h2', { text: 'Colour scales' }));
    legend.append(legendRow('i f o', 'gates, 0 … 1', scales[0].i, ['0', '0.5', '1']));
    legend.append(legendRow('g h', 'signed, −1 … 1', scales[0].g, ['−1', '0', '1']));
    scales.forEach((s, l) => {
      const m = format(s.c.max);
      legend.append(legendRow(`c${recording.layers > 1 ? ` L${l + 1}` : ''}`, 'cell state', s.c, [`−${m}`, '0', m]));
    });
    legend.append(outputViewOf(recording.outputs.kind).legend(recording.outputs, theme));
    const sections = summaries.map((summary) => layerSection(summary, scales[summary.layer].i));
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

function layerSection(summary: LayerSummary, sequential: ColorScale): HTMLElement {
  const section = element('section', {
    className: 'side-section layer-summary',
    attrs: { 'data-layer': summary.layer },
  });
  section.append(element('h2', { text: `Layer ${summary.layer + 1} · ${summary.units} units` }));
  const table = element('div', { className: 'saturation-table' });
  for (const row of summary.saturation) {
    const bar = element('span', { className: 'saturation-bar' });
    const fill = element('span', { className: 'saturation-fill' });
    fill.style.width = `${Math.round(row.fraction * 100)}%`;
    bar.append(fill);
    table.append(
      element('code', { text: row.label }),
      bar,
      element('span', { className: 'saturation-value', text: `${(row.fraction * 100).toFixed(1)} %` }),
    );
  }
  section.append(element('h3', { text: 'Saturated values' }), table);

  section.append(element('h3', { text: 'Mean forget gate per unit' }));
  section.append(forgetBars(summary, sequential));
  const memory = summary.medianMemorySteps;
  section.append(
    element('p', {
      className: 'muted',
      text: `Median unit keeps its cell for ≈ ${Number.isFinite(memory) ? memory.toFixed(1) : '∞'} steps (1 / (1 − f̄)).`,
    }),
  );
  const findings = element('ul', { className: 'findings' }, ...summary.findings.map((f) => element('li', { text: f })));
  section.append(findings);
  return section;
}

/** One bar per unit, sorted high to low, coloured with the gates' scale. */
function forgetBars(summary: LayerSummary, scale: ColorScale): HTMLCanvasElement {
  const width = 236;
  const height = 44;
  const ratio = window.devicePixelRatio || 1;
  const canvas = element('canvas', {
    className: 'forget-bars',
    attrs: {
      width: Math.round(width * ratio),
      height: Math.round(height * ratio),
      'aria-label': 'Mean forget gate per unit, sorted',
    },
  });
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  ctx.scale(ratio, ratio);
  const values = Array.from(summary.meanForget).sort((a, b) => b - a);
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
