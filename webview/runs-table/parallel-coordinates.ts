/**
 * The parallel-coordinates plot, drawn in SVG: an axis per differing setting and the headline metric
 * last, a line per shown run coloured from worse (blue) to better (orange) by that metric. Hovering a
 * line names the run and marks its row. The table holds the same values, so the plot is described as
 * a picture with `aria-describedby` pointing at the note that says so (keyboard users read the table).
 */

import type { RunsTableRun } from '../../src/protocol/runs-table';
import { cellValue, type TableColumn } from '../../src/protocol/runs-table-model';
import type { MetricDescriptor } from '../../src/protocol/task-presentation';
import { element } from '../shared/dom';
import { parseColor, type ThemeColors } from '../shared/theme';
import { parallelPlot } from './parallel-axes';
import * as l10n from '../shared/l10n';

const SVG = 'http://www.w3.org/2000/svg';
const HEIGHT = 240;
const TOP = 40;
const BOTTOM = 26;
const SIDE = 70;

export class ParallelCoordinates {
  readonly element: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly hover: HTMLElement;
  private readonly note: HTMLElement;
  private theme: ThemeColors | null = null;
  /** What the line under the plot says when no line is hovered: the runs left out. */
  private missingNote = '';
  private last: Parameters<ParallelCoordinates['render']> | null = null;

  constructor(private readonly onHover: (runId: string | null) => void) {
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.id = 'runs-table-parallel-plot';
    this.svg.setAttribute('role', 'img');
    this.svg.setAttribute('aria-label', l10n.t('Settings against the headline metric, one line per run'));
    this.svg.setAttribute('aria-describedby', 'runs-table-parallel-note');
    this.note = element('p', {
      id: 'runs-table-parallel-note',
      className: 'muted',
      text: l10n.t(
        'One line per shown run, coloured from worse (blue) to better (orange). The table above lists the same runs and values: sort it by a column to read the plot with the keyboard or a screen reader.',
      ),
    });
    this.hover = element('p', {
      id: 'runs-table-parallel-hover',
      className: 'parallel-hover',
      attrs: { 'aria-live': 'polite' },
    });
    this.element = element(
      'section',
      { id: 'runs-table-parallel', className: 'card', attrs: { 'aria-labelledby': 'runs-table-parallel-title' } },
      element(
        'div',
        { className: 'card-header' },
        element('h2', { id: 'runs-table-parallel-title', text: l10n.t('Settings → metric') }),
      ),
      this.svg,
      this.hover,
      this.note,
    );
  }

  setTheme(theme: ThemeColors): void {
    this.theme = theme;
    if (this.last) this.render(...this.last);
  }

  render(runs: readonly RunsTableRun[], settingColumns: readonly TableColumn[], metric: MetricDescriptor | null): void {
    this.last = [runs, settingColumns, metric];
    const theme = this.theme;
    if (!theme || !metric) {
      this.svg.replaceChildren();
      this.hover.textContent = metric ? '' : l10n.t('No run has a validation metric yet.');
      return;
    }
    const plot = parallelPlot(runs, settingColumns, metric);
    const width = Math.max(360, this.element.clientWidth - 24 || 800);
    this.svg.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
    this.svg.setAttribute('width', String(width));
    this.svg.setAttribute('height', String(HEIGHT));
    const xs = plot.axes.map((_, k) =>
      plot.axes.length === 1 ? width / 2 : SIDE + (k * (width - 2 * SIDE)) / (plot.axes.length - 1),
    );
    const y = (position: number) => TOP + (1 - position) * (HEIGHT - TOP - BOTTOM);
    const font = `${Math.max(10, Math.round(theme.fontSize * 0.85))}px`;
    const nodes: SVGElement[] = [];
    plot.axes.forEach((axis, k) => {
      nodes.push(svgNode('line', { x1: xs[k], x2: xs[k], y1: y(1), y2: y(0), stroke: theme.chartLines }));
      // Neighbouring labels alternate between two lines and are cut to the room between axes.
      const room = plot.axes.length === 1 ? width : (2 * (width - 2 * SIDE)) / (plot.axes.length - 1);
      const labelNode = svgNode(
        'text',
        {
          x: xs[k],
          y: k % 2 === 0 ? 12 : 26,
          'text-anchor': 'middle',
          fill: theme.foreground,
          'font-size': font,
          'font-weight': '600',
        },
        fitLabel(axis.label, room, theme.fontSize * 0.85),
      );
      labelNode.appendChild(svgNode('title', {}, axis.label));
      nodes.push(labelNode);
      for (const tick of axis.ticks)
        nodes.push(
          svgNode(
            'text',
            { x: xs[k] + 5, y: y(tick.position) + 4, fill: theme.chartForeground, 'font-size': font },
            tick.text,
          ),
        );
    });
    const worse = parseColor(theme.blue) ?? [55, 148, 255, 1];
    const better = parseColor(theme.orange) ?? [209, 134, 22, 1];
    for (const line of plot.lines) {
      const points = line.positions.flatMap((p, k) => (p === null ? [] : [`${xs[k].toFixed(1)},${y(p).toFixed(1)}`]));
      const path = svgNode('polyline', {
        points: points.join(' '),
        fill: 'none',
        stroke: mix(worse, better, line.metric),
        'stroke-width': 2,
        class: 'parallel-line',
        'data-run-id': line.run.id,
      });
      const description = `${line.run.id} · ${line.run.datasetName}: ${plot.axes
        .map((axis) => `${axis.label} ${axis.format(cellValue(line.run, axis.key))}`)
        .join(', ')}`;
      path.appendChild(svgNode('title', {}, description));
      path.addEventListener('pointerenter', () => this.showRun(line.run.id, description));
      path.addEventListener('pointerleave', () => this.showRun(null));
      nodes.push(path);
    }
    this.svg.replaceChildren(...nodes);
    this.missingNote =
      plot.missing > 0
        ? plot.missing === 1
          ? l10n.t('1 run without a best {0} not drawn.', metric.label)
          : l10n.t('{0} runs without a best {1} not drawn.', plot.missing, metric.label)
        : '';
    this.hover.textContent = this.missingNote;
  }

  private showRun(runId: string | null, description = ''): void {
    this.onHover(runId);
    for (const node of Array.from(this.svg.querySelectorAll('.parallel-line')))
      node.classList.toggle('dimmed', runId !== null && node.getAttribute('data-run-id') !== runId);
    this.hover.textContent = runId ? description : this.missingNote;
  }
}

/** The label cut with an ellipsis to about `room` pixels (at ~0.6 em per character). */
function fitLabel(label: string, room: number, fontSize: number): string {
  const characters = Math.max(4, Math.floor((room - 8) / (0.6 * fontSize)));
  return label.length <= characters ? label : `${label.slice(0, characters - 1)}…`;
}

function svgNode(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function mix(a: readonly number[], b: readonly number[], t: number): string {
  const c = (k: number) => Math.round(a[k] + (b[k] - a[k]) * Math.min(1, Math.max(0, t)));
  return `rgb(${c(0)}, ${c(1)}, ${c(2)})`;
}
