/**
 * The Projection tab: the cached hidden states of the evaluated set (the last step of each sequence, or
 * every step) projected to 2-D by PCA or UMAP → `project`; the scatter (projection-plot.ts) coloured by
 * label, prediction, right or wrong, loss, character class or a chosen unit's activation with a legend,
 * and the points a lasso (or a click) selects listed below with their context, each openable in the Gates
 * panel.
 *
 * A unit's activation comes with the projection (`colourUnit` → `unitValues`): choosing another unit asks
 * for the same projection again with it (the same query draws the same points, so the picture and the
 * selection stay and only the colours change).
 */

import {
  MAX_POINTS,
  type EvaluationSummary,
  type HostToEvaluatePanel,
  type Projection,
  type ProjectionQuery,
  type StateAddress,
} from '../../src/protocol/evaluate-view';
import { element, setText, setVisible } from '../shared/dom';
import { formatInteger, formatPercent, formatSignificant } from '../shared/format';
import * as l10n from '../shared/l10n';
import { parseColor, readThemeColors, watchTheme } from '../shared/theme';
import { AddressPicker, addressName } from './address-picker';
import { field, runButton, selectOf, setOptions } from './form-fields';
import { PendingRequest } from './pending-request';
import {
  characterClassNames,
  colouringName,
  colouringsOf,
  colourPoints,
  type Colouring,
  type ColouringPalette,
  type Legend,
} from './projection-colouring';
import { ProjectionPlot, type PointText } from './projection-plot';
import { openInGatesButton } from './row-actions';
import { EXTRA_CATEGORY_COLORS, mixRgb, type Rgb } from './scatter';
import { oneLine } from './span-view';
import type { EvaluateTabFactory, EvaluateTabView, PostToHost } from './tab';
import { numeric, tableHead } from './table-head';

export const createProjectionTab: EvaluateTabFactory = (post) => new ProjectionTab(post);

/** The most selected points listed as rows (the count says how many there are). */
const MAX_LISTED = 200;

class ProjectionTab implements EvaluateTabView {
  readonly id = 'projection' as const;
  readonly title = l10n.t('Projection');
  readonly element: HTMLElement;

  private summary: EvaluationSummary | null = null;
  private projection: Projection | null = null;
  /** The query `projection` answers. */
  private query: ProjectionQuery | null = null;
  /** The points selected, kept when only the colour unit changes. */
  private selected: number[] = [];
  private readonly address = new AddressPicker('projection-address', l10n.t('Layer'));
  private readonly steps = selectOf('projection-steps', [
    ['last', l10n.t('the last step of each sequence')],
    ['every', l10n.t('every step (sampled to {0})', formatInteger(MAX_POINTS))],
  ]);
  private readonly method = selectOf('projection-method', [
    ['pca', 'PCA'],
    ['umap', 'UMAP'],
  ]);
  private readonly run = runButton('projection-run', l10n.t('Project'));
  private readonly request: PendingRequest;
  private readonly colourBy = selectOf('projection-colour', []);
  private readonly colourUnit = element('input', {
    id: 'projection-colour-unit',
    attrs: { type: 'number', min: 0, step: 1, value: '0' },
  });
  private readonly colourUnitField = field(l10n.t('Unit'), this.colourUnit);
  private readonly info = element('p', { id: 'projection-info', className: 'muted' });
  private readonly legend = element('ul', { id: 'projection-legend', className: 'legend' });
  private readonly plot: ProjectionPlot;
  private readonly view: HTMLElement;
  private readonly selectionCaption = element('caption', { id: 'projection-selection-caption' });
  private readonly selectionBody = element('tbody');
  private readonly selectionTable: HTMLTableElement;

  constructor(private readonly post: PostToHost) {
    const form = element(
      'form',
      { className: 'tab-form', attrs: { 'aria-label': l10n.t('Project the hidden states') } },
      element(
        'div',
        { className: 'form-row' },
        this.address.root,
        field(l10n.t('States'), this.steps),
        field(l10n.t('Method'), this.method),
        this.run,
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.project();
    });
    this.plot = new ProjectionPlot({
      describe: (point) => this.describe(point),
      onSelect: (points) => this.showSelection(points),
      onOpen: (point) => this.open(point),
    });
    this.colourBy.addEventListener('change', () => this.colourChanged());
    this.colourUnit.addEventListener('change', () => this.colourChanged());
    setVisible(this.colourUnitField, false);
    this.selectionTable = element(
      'table',
      { id: 'projection-selection', className: 'results-table' },
      this.selectionCaption,
      tableHead([
        numeric(l10n.t('Sequence')),
        numeric(l10n.t('Step')),
        l10n.t('Point'),
        l10n.t('Context'),
        l10n.t('Actions'),
      ]),
      this.selectionBody,
    );
    setVisible(this.selectionTable, false);
    this.view = element(
      'div',
      { className: 'projection-view' },
      element(
        'div',
        { className: 'form-row' },
        field(l10n.t('Colour by'), this.colourBy),
        this.colourUnitField,
        this.info,
      ),
      element('div', { className: 'plot-row' }, this.plot.root, this.legend),
      element('div', { className: 'results-scroll selection-scroll' }, this.selectionTable),
    );
    setVisible(this.view, false);
    const section = element(
      'section',
      { className: 'tab-section', attrs: { 'aria-labelledby': 'projection-heading' } },
      element('h2', { id: 'projection-heading', text: l10n.t('Project the hidden states') }),
      form,
    );
    this.request = new PendingRequest(post, [this.run], section);
    section.append(this.request.root, this.view);
    this.element = element('div', { className: 'evaluate-tab projection-tab' }, section);
    new ResizeObserver(() => {
      if (this.projection) this.plot.layout();
    }).observe(this.plot.root);
    watchTheme(() => this.recolour());
  }

  setSummary(summary: EvaluationSummary): void {
    this.summary = summary;
    this.address.setLayers(summary.layers);
    this.request.reset();
    this.projection = null;
    this.query = null;
    this.selected = [];
    setVisible(this.view, false);
  }

  receive(message: HostToEvaluatePanel): void {
    if (message.type === 'projection') {
      if (this.request.answers(message.requestId)) this.show(message.query, message.projection);
    } else if (message.type === 'error') {
      this.request.fail(message.requestId, message.message);
    }
  }

  shown(): void {
    if (this.projection) this.plot.layout();
  }

  private project(): void {
    const address = this.address.value();
    if (!this.summary || !address || this.request.pending) return;
    const query: ProjectionQuery = {
      address,
      steps: this.steps.value === 'every' ? 'every' : 'last',
      method: this.method.value === 'umap' ? 'umap' : 'pca',
    };
    const unit = this.colourBy.value === 'unit' ? this.chosenUnit(address) : undefined;
    this.send(unit === undefined ? query : { ...query, colourUnit: unit });
  }

  private send(query: ProjectionQuery): void {
    const requestId = this.request.start(
      query.method === 'pca' ? l10n.t('Projecting with PCA…') : l10n.t('Embedding with UMAP (this takes a while)…'),
    );
    this.post({ type: 'project', requestId, query });
  }

  /** The unit in the colour row's field, if it is one of `address`'s units (else the field says why). */
  private chosenUnit(address: StateAddress): number | undefined {
    const width = this.summary?.layers.find(
      (l) => l.layer === address.layer && l.direction === address.direction && l.signal === address.signal,
    )?.width;
    const unit = Number(this.colourUnit.value);
    if (width !== undefined && Number.isInteger(unit) && unit >= 0 && unit < width) return unit;
    this.request.showError(l10n.t('The unit to colour by is a whole number from 0 to {0}.', (width ?? 1) - 1));
    return undefined;
  }

  /** Colour by another choice, or by another unit: recolour, or ask for the unit's values when the answer lacks them. */
  private colourChanged(): void {
    const byUnit = this.colourBy.value === 'unit';
    setVisible(this.colourUnitField, byUnit);
    const query = this.query;
    if (!byUnit || !query || !this.projection) return this.recolour();
    const unit = this.chosenUnit(query.address);
    if (unit === undefined) return;
    this.request.clearError();
    if (query.colourUnit === unit && this.projection.unitValues) return this.recolour();
    if (!this.request.pending) this.send({ ...query, colourUnit: unit });
  }

  private show(query: ProjectionQuery, projection: Projection): void {
    const previous = this.query;
    // The same points as before (only the colour unit differs): the selection still names them.
    const samePoints =
      previous !== null &&
      previous.steps === query.steps &&
      previous.method === query.method &&
      previous.address.layer === query.address.layer &&
      previous.address.direction === query.address.direction &&
      previous.address.signal === query.address.signal &&
      this.projection?.sequence.length === projection.sequence.length;
    this.projection = projection;
    this.query = query;
    const choices = colouringsOf(projection);
    setOptions(
      this.colourBy,
      choices.map((c) => [c, colouringName(c)]),
    );
    // The unit field is not rewritten: it may already name the next unit, asked for below.
    if (query.colourUnit !== undefined) this.colourBy.value = 'unit';
    else if (this.colourBy.value === 'unit') this.colourBy.value = choices[0];
    setVisible(this.colourUnitField, this.colourBy.value === 'unit');
    const width = this.summary?.layers.find(
      (l) =>
        l.layer === query.address.layer && l.direction === query.address.direction && l.signal === query.address.signal,
    )?.width;
    if (width !== undefined) this.colourUnit.max = String(width - 1);
    this.colourBy.disabled = choices.length === 0;
    const count = projection.sequence.length;
    const parts = [
      l10n.t(
        '{0} of {1} states of {2}',
        formatInteger(count),
        formatInteger(projection.sampledFrom),
        addressName(query.address, this.address.bidirectional()),
      ),
    ];
    if (projection.explained) {
      parts.push(
        l10n.t(
          'the axes explain {0} and {1} of the variance',
          formatPercent(projection.explained[0]),
          formatPercent(projection.explained[1]),
        ),
      );
    }
    parts.push(l10n.t('{0} in {1} ms', projection.method === 'pca' ? 'PCA' : 'UMAP', formatInteger(projection.ms)));
    setText(this.info, parts.join(' · '));
    setVisible(this.view, true);
    const { colors, legend } = this.colours();
    this.showLegend(legend);
    this.plot.setData(projection.points, colors);
    this.showSelection(samePoints ? this.selected : []);
    // The user chose another unit while this answer was on its way: ask for that one now.
    if (query.colourUnit !== undefined && Number(this.colourUnit.value) !== query.colourUnit) this.colourChanged();
  }

  private recolour(): void {
    if (!this.projection) return;
    const { colors, legend } = this.colours();
    this.showLegend(legend);
    this.plot.setColors(colors);
  }

  private colours(): { colors: Uint8Array; legend: Legend } {
    const projection = this.projection as Projection;
    const colouring = this.colourBy.value as Colouring;
    if (!colouring) {
      const colors = new Uint8Array(projection.sequence.length * 4);
      const [r, g, b] = themePalette().categories[0];
      for (let n = 0; n < projection.sequence.length; n++) colors.set([r, g, b, 255], 4 * n);
      return { colors, legend: { kind: 'categories', items: [] } };
    }
    return colourPoints(projection, colouring, this.summary?.labels ?? [], themePalette(), this.query?.colourUnit);
  }

  private showLegend(legend: Legend): void {
    const swatch = (rgb: Rgb) => {
      const node = element('span', { className: 'swatch', attrs: { 'aria-hidden': 'true' } });
      node.style.backgroundColor = `rgb(${rgb.join(', ')})`;
      return node;
    };
    if (legend.kind === 'categories') {
      this.legend.replaceChildren(
        ...legend.items.map((item) =>
          element(
            'li',
            {},
            swatch(item.rgb),
            element('span', { text: item.name }),
            element('span', {
              className: 'muted',
              text: formatInteger(item.count),
            }),
          ),
        ),
      );
    } else {
      const bar = element('span', { className: 'scale-bar', attrs: { 'aria-hidden': 'true' } });
      const stops = legend.kind === 'diverging' ? [legend.from, legend.middle, legend.to] : [legend.from, legend.to];
      bar.style.backgroundImage = `linear-gradient(to right, ${stops.map((rgb) => `rgb(${rgb.join(', ')})`).join(', ')})`;
      this.legend.replaceChildren(
        element('li', { className: 'scale-name', text: legend.name }),
        element(
          'li',
          { className: 'scale' },
          element('span', { text: `≤ ${formatSignificant(legend.low, 3)}` }),
          bar,
          element('span', { text: `≥ ${formatSignificant(legend.high, 3)}` }),
        ),
      );
    }
  }

  private describe(point: number): PointText {
    const p = this.projection as Projection;
    const labels = this.summary?.labels ?? [];
    const labelName = (k: number | undefined) => (k === undefined || k < 0 ? '—' : (labels[k] ?? String(k)));
    const details: string[] = [];
    if (p.label) details.push(l10n.t('label {0}', labelName(p.label[point])));
    if (p.predicted) details.push(l10n.t('predicted {0}', labelName(p.predicted[point])));
    if (p.error) details.push(l10n.t('loss {0}', formatSignificant(p.error[point], 3)));
    if (p.characterClass) details.push(characterClassNames()[p.characterClass[point]] ?? '');
    if (p.unitValues && this.query?.colourUnit !== undefined)
      details.push(l10n.t('unit {0} = {1}', this.query.colourUnit, formatSignificant(p.unitValues[point], 3)));
    return {
      place: l10n.t('sequence {0}, step {1}', p.sequence[point], p.step[point]),
      detail: details.filter(Boolean).join(' · '),
      context: p.context ? oneLine(p.context[point]) : undefined,
    };
  }

  private open(point: number): void {
    const p = this.projection;
    if (p) this.post({ type: 'open-in-gates', sequence: p.sequence[point], step: p.step[point] });
  }

  private showSelection(points: number[]): void {
    this.selected = points;
    this.plot.setSelection(points.length > 0 ? points : null);
    setVisible(this.selectionTable, points.length > 0);
    const p = this.projection;
    if (!p || points.length === 0) {
      this.selectionBody.replaceChildren();
      return;
    }
    setText(
      this.selectionCaption,
      points.length > MAX_LISTED
        ? l10n.t('{0} points selected; the first {1} listed', formatInteger(points.length), MAX_LISTED)
        : l10n.t('{0} points selected', formatInteger(points.length)),
    );
    this.selectionBody.replaceChildren(
      ...points.slice(0, MAX_LISTED).map((n) => {
        const text = this.describe(n);
        return element(
          'tr',
          { attrs: { 'data-point': n } },
          element('th', { className: 'num', text: String(p.sequence[n]), attrs: { scope: 'row' } }),
          element('td', { className: 'num', text: String(p.step[n]) }),
          element('td', { text: text.detail }),
          element('td', { className: 'span-cell mono', text: text.context ?? '' }),
          element('td', { className: 'actions' }, openInGatesButton(this.post, p.sequence[n], p.step[n])),
        );
      }),
    );
  }
}

/** The theme's chart colours as RGB (the canvas needs numbers), then more for many categories. */
function themePalette(): ColouringPalette {
  const theme = readThemeColors();
  const rgb = (color: string, fallback: Rgb): Rgb => {
    const parsed = parseColor(color);
    return parsed ? [parsed[0], parsed[1], parsed[2]] : fallback;
  };
  const blue = rgb(theme.blue, [55, 148, 255]);
  const orange = rgb(theme.orange, [209, 134, 22]);
  const green = rgb(theme.green, [137, 209, 133]);
  const red = rgb(theme.red, [241, 76, 76]);
  const purple = rgb(theme.purple, [177, 128, 215]);
  const yellow = rgb(theme.yellow, [204, 167, 0]);
  return {
    categories: [blue, orange, green, red, purple, yellow, ...EXTRA_CATEGORY_COLORS],
    right: green,
    wrong: red,
    low: blue,
    high: red,
    // A grey between the text and the background: a unit at 0 recedes in either theme, yet stays visible.
    neutral: mixRgb(rgb(theme.descriptionForeground, [128, 128, 128]), rgb(theme.background, [128, 128, 128]), 0.45),
    unknown: rgb(theme.descriptionForeground, [128, 128, 128]),
  };
}
