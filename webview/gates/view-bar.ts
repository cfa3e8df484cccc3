/**
 * How to show the recording: which layer (or all), which maps (the recording's signals: the toggles and
 * signal menus follow its cell), the unit order (index, variance, mean,
 * saturation of a signal) and top N, the zoom of both axes; and the LSTMVis selection — the selected
 * units, the signal and the threshold they must all reach, with the number of matching steps. It only
 * edits view settings and reports changes.
 */

import type { GateRecording, RecordedSignal } from '../../src/protocol/gate-recording';
import { codicon, element, setText } from '../shared/dom';
import { matchSignalOf, shownSignals, unitsOf } from './recording-data';
import { dataSetSearchOf, type DataSetSearch } from './search-data-set';
import type { MatchQuery } from '../../src/protocol/evaluate-view';
import type { UnitSort } from './unit-order';
import type { GatesViewSettings } from './view-settings';
import * as l10n from '../shared/l10n';

export interface ViewBarEvents {
  onChange(change: Partial<GatesViewSettings>): void;
  onZoom(axis: 'steps' | 'units', direction: 1 | -1): void;
  onFit(): void;
  /** *Search the Data Set*: the selection as a match query over the validation set (Evaluate view). */
  onSearchDataSet(query: MatchQuery): void;
}

/** The unit orders, in the menu's order, with their names in the display language. */
function sortNames(): [UnitSort, string][] {
  return [
    ['index', l10n.t('Unit index')],
    ['variance', l10n.t('Variance')],
    ['mean', l10n.t('Mean')],
    ['saturation', l10n.t('Saturation')],
  ];
}

export class ViewBar {
  readonly root = element('section', { className: 'view-bar', attrs: { 'aria-label': l10n.t('View') } });
  private readonly layer = element('select', { id: 'layer', attrs: { 'aria-label': l10n.t('Layer') } });
  private readonly toggleGroup = element('div', {
    className: 'signal-toggles',
    attrs: { role: 'group', 'aria-label': l10n.t('Maps to show') },
  });
  private toggles: Record<string, HTMLInputElement> = {};
  /** The signal names the toggles and menus were built for (`i f g o c h`). */
  private builtFor = '';
  private readonly sortBy = element(
    'select',
    { id: 'sort-by', attrs: { 'aria-label': l10n.t('Sort units by') } },
    ...sortNames().map(([value, label]) => option(value, label)),
  );
  private readonly sortSignal = element('select', {
    id: 'sort-signal',
    attrs: { 'aria-label': l10n.t('Signal the units are sorted by') },
  });
  private readonly topN = element('input', {
    id: 'top-n',
    className: 'number-input',
    attrs: {
      type: 'number',
      min: 0,
      step: 1,
      placeholder: l10n.t('all'),
      'aria-label': l10n.t('Show the top N units (empty: all)'),
    },
  });
  private readonly matchUnits = element('span', { id: 'match-units', className: 'match-units' });
  private readonly matchSignal = element('select', {
    id: 'match-signal',
    attrs: { 'aria-label': l10n.t('Signal the selected units must reach the threshold in') },
  });
  private readonly threshold = element('input', {
    id: 'match-threshold',
    className: 'number-input',
    attrs: { type: 'number', step: 0.05, 'aria-label': l10n.t('Threshold') },
  });
  private readonly matchCount = element('span', { id: 'match-count', className: 'match-count' });
  private readonly clearMatch = element('button', {
    id: 'match-clear',
    className: 'link-button',
    text: l10n.t('Clear'),
    attrs: { type: 'button' },
  });

  private readonly searchDataSet = element('button', {
    id: 'search-data-set',
    className: 'button secondary',
    attrs: { type: 'button' },
  });
  private search: DataSetSearch = { ok: false, reason: '' };

  constructor(private readonly events: ViewBarEvents) {
    this.searchDataSet.append(codicon('search'), document.createTextNode(` ${l10n.t('Search the Data Set')}`));
    this.searchDataSet.addEventListener('click', () => {
      if (this.search.ok) events.onSearchDataSet(this.search.query);
    });
    this.layer.addEventListener('change', () =>
      events.onChange({ layer: this.layer.value === 'all' ? 'all' : Number(this.layer.value) }),
    );
    this.sortBy.addEventListener('change', () => events.onChange({ sortBy: this.sortBy.value as UnitSort }));
    this.sortSignal.addEventListener('change', () => events.onChange({ sortSignal: this.sortSignal.value }));
    this.topN.addEventListener('change', () => {
      const n = Math.max(0, Math.floor(Number(this.topN.value) || 0));
      events.onChange({ topN: n });
    });
    const zoom = (id: string, title: string, axis: 'steps' | 'units', direction: 1 | -1) => {
      // A − or + icon; the title says which axis, for the screen reader too.
      const b = element(
        'button',
        { id, className: 'icon-button', title, attrs: { type: 'button', 'aria-label': title } },
        codicon(direction < 0 ? 'remove' : 'add'),
      );
      b.addEventListener('click', () => events.onZoom(axis, direction));
      return b;
    };
    const fit = element('button', {
      id: 'zoom-fit',
      className: 'icon-button wide',
      text: l10n.t('Fit'),
      title: l10n.t('Fit the whole sequence in the width'),
      attrs: { type: 'button' },
    });
    fit.addEventListener('click', () => events.onFit());

    this.matchSignal.addEventListener('change', () =>
      events.onChange({ match: { ...this.current.match, signal: this.matchSignal.value } }),
    );
    this.threshold.addEventListener('input', () => {
      const threshold = Number(this.threshold.value);
      if (Number.isFinite(threshold)) events.onChange({ match: { ...this.current.match, threshold } });
    });
    this.clearMatch.addEventListener('click', () => events.onChange({ match: { ...this.current.match, units: [] } }));

    const group = (label: string, ...children: Node[]) =>
      element('div', { className: 'bar-group' }, element('span', { className: 'bar-label', text: label }), ...children);
    const viewRow = element(
      'div',
      { className: 'bar-row' },
      group(l10n.t('Layer'), this.layer),
      group(l10n.t('Maps'), this.toggleGroup),
      group(
        l10n.t('Sort'),
        this.sortBy,
        element('span', { className: 'bar-text', text: l10n.t('of') }),
        this.sortSignal,
      ),
      group(l10n.t('Top'), this.topN),
      group(
        l10n.t('Zoom'),
        zoom('zoom-steps-out', l10n.t('Narrower steps (Ctrl + wheel)'), 'steps', -1),
        zoom('zoom-steps-in', l10n.t('Wider steps (Ctrl + wheel)'), 'steps', 1),
        element('span', { className: 'bar-text', text: '×' }),
        zoom('zoom-units-out', l10n.t('Shorter unit rows (Ctrl + Shift + wheel)'), 'units', -1),
        zoom('zoom-units-in', l10n.t('Taller unit rows (Ctrl + Shift + wheel)'), 'units', 1),
        fit,
      ),
    );
    const matchRow = element(
      'div',
      { className: 'bar-row match-row' },
      group(l10n.t('Selected'), this.matchUnits),
      group(
        l10n.t('All ≥'),
        this.threshold,
        element('span', { className: 'bar-text', text: l10n.t('in') }),
        this.matchSignal,
      ),
      this.matchCount,
      this.clearMatch,
      this.searchDataSet,
    );
    this.root.append(viewRow, matchRow);
  }

  private current: GatesViewSettings = {} as GatesViewSettings;

  /** `canSearch`: the checkpoint has a run dataset whose validation split the Evaluate view can search. */
  show(settings: GatesViewSettings, recording: GateRecording, matchingSteps: number, canSearch: boolean): void {
    this.current = settings;
    const { layers, steps } = recording;
    const signals = recording.gates[0]?.signals ?? [];
    this.buildSignalControls(signals, unitsOf(recording.gates[0] ?? { signals: [] }));
    const options = ['all', ...Array.from({ length: layers }, (_, l) => String(l))];
    if (this.layer.options.length !== options.length) {
      this.layer.replaceChildren(
        ...options.map((value) =>
          option(value, value === 'all' ? l10n.t('All layers') : l10n.t('Layer {0}', Number(value) + 1)),
        ),
      );
    }
    this.layer.value = String(settings.layer);
    this.layer.disabled = layers < 2;
    const shown = shownSignals(recording, settings);
    for (const [name, toggle] of Object.entries(this.toggles)) toggle.checked = shown.includes(name);
    this.sortBy.value = settings.sortBy;
    this.sortSignal.value = settings.sortSignal;
    this.sortSignal.disabled = settings.sortBy === 'index';
    this.topN.value = settings.topN > 0 ? String(settings.topN) : '';
    const m = settings.match;
    setText(
      this.matchUnits,
      m.units.length === 0
        ? l10n.t('none — Ctrl/⌘-click units to select')
        : `${layerShortName(recording, m.layer)}: ${m.units.map((u) => `#${u}`).join(', ')}`,
    );
    this.matchUnits.classList.toggle('muted', m.units.length === 0);
    // The signal the selection is really matched in (h is not offered where it is a projection's).
    const matchLayer = recording.gates[m.layer] ?? recording.gates[0];
    this.matchSignal.value = (matchLayer && matchSignalOf(matchLayer, m.signal)?.name) ?? m.signal;
    if (document.activeElement !== this.threshold) this.threshold.value = String(m.threshold);
    setText(this.matchCount, m.units.length === 0 ? '' : l10n.t('{0} of {1} steps match', matchingSteps, steps));
    this.matchCount.dataset.count = String(matchingSteps);
    this.clearMatch.hidden = m.units.length === 0;
    this.search = canSearch
      ? dataSetSearchOf(recording, m)
      : { ok: false, reason: l10n.t('This checkpoint has no run dataset to search') };
    this.searchDataSet.disabled = !this.search.ok;
    this.searchDataSet.title = this.search.ok
      ? l10n.t('Find the spans of the validation set where these units match, in the Evaluate view')
      : this.search.reason;
  }

  /**
   * A toggle per signal and the signal menus, rebuilt when the cell changes. The menus offer every signal
   * for sorting, but only those of the gates' width (not a projected h) for the selection's threshold.
   */
  private buildSignalControls(signals: readonly RecordedSignal[], units: number): void {
    const key = signals.map((s) => `${s.name}:${s.width}`).join(' ');
    if (key === this.builtFor) return;
    this.builtFor = key;
    this.toggles = {};
    this.toggleGroup.replaceChildren(
      ...signals.map((signal) => {
        const input = element('input', {
          id: `show-${signal.name}`,
          attrs: { type: 'checkbox', 'aria-label': `${signal.name}, ${signal.label}` },
        });
        input.addEventListener('change', () => {
          const hidden = signals.map((s) => s.name).filter((name) => !this.toggles[name].checked);
          if (hidden.length === signals.length) input.checked = true;
          else this.events.onChange({ hiddenSignals: hidden });
        });
        this.toggles[signal.name] = input;
        return element(
          'label',
          { className: 'toggle', title: signal.label, attrs: { for: input.id } },
          input,
          element('span', { text: signal.name }),
        );
      }),
    );
    this.sortSignal.replaceChildren(...signals.map((s) => option(s.name, s.name, s.label)));
    this.matchSignal.replaceChildren(
      ...signals.filter((s) => s.width === units).map((s) => option(s.name, s.name, s.label)),
    );
  }
}

/** `L2` for a layer, `L2 ←` for a bidirectional layer's backward direction. */
function layerShortName(recording: GateRecording, layer: number): string {
  const recorded = recording.gates[layer];
  if (!recorded) return `L${layer + 1}`;
  const arrow = recording.bidirectional ? (recorded.direction === 'forward' ? ' →' : ' ←') : '';
  return `L${recorded.layer + 1}${arrow}`;
}

function option(value: string, label: string, title?: string): HTMLOptionElement {
  return element('option', { text: label, title, attrs: { value } });
}
