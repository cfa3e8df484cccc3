/**
 * The view controls above the charts: smoothing, x axis, y scale, which charts to show, which other
 * runs to overlay, and the exports. It only edits view settings and reports changes; the panel
 * decides what they mean.
 */

import type { OverlayCandidate } from '../../src/protocol/training-panel';
import { element, setText } from '../shared/dom';
import { controlButton } from './header';
import { MAX_SMOOTHING } from './smoothing';
import type { ChartId, ViewSettings, XAxisMode, YScale } from './view-settings';
import { CHART_IDS } from './view-settings';
import { formatFixed } from '../shared/format';
import * as l10n from '../shared/l10n';

/** A chart's title (looked up when drawn, in the display language). */
export function chartTitle(id: ChartId): string {
  switch (id) {
    case 'loss':
      return l10n.t('Loss');
    case 'metric':
      return l10n.t('Metric');
    case 'lr':
      return l10n.t('Learning rate');
    case 'grad':
      return l10n.t('Gradient norm');
  }
}

export interface ToolbarEvents {
  onSettingsChange(change: Partial<ViewSettings>): void;
  onOverlaysChange(runIds: string[]): void;
}

export class Toolbar {
  readonly root: HTMLElement;
  readonly exportButtons: HTMLButtonElement[];
  private readonly smoothing = element('input', {
    id: 'smoothing',
    attrs: { type: 'range', min: 0, max: MAX_SMOOTHING, step: 0.001, 'aria-label': l10n.t('Smoothing') },
  });
  private readonly smoothingValue = element('output', {
    id: 'smoothing-value',
    className: 'smoothing-value',
    attrs: { for: 'smoothing' },
  });
  private readonly xAxis = element(
    'select',
    { id: 'x-axis', attrs: { 'aria-label': l10n.t('Horizontal axis') } },
    option('step', l10n.t('Step')),
    option('epoch', l10n.t('Epoch')),
    option('time', l10n.t('Wall time')),
  );
  private readonly yScale = element(
    'select',
    { id: 'y-scale', attrs: { 'aria-label': l10n.t('Loss scale') } },
    option('linear', l10n.t('Linear')),
    option('log', l10n.t('Log')),
  );
  private readonly chartToggles = {} as Record<ChartId, HTMLInputElement>;
  private readonly overlayCount = element('span', { id: 'overlay-count', className: 'count-badge', text: '0' });
  private readonly overlayList = element('div', {
    id: 'overlay-list',
    className: 'overlay-list',
    attrs: { role: 'group', 'aria-label': l10n.t('Runs to overlay') },
  });
  private readonly overlayPicker = element('details', { id: 'overlays', className: 'overlay-picker' });
  readonly saveStatus = element('span', {
    id: 'save-status',
    className: 'save-status',
    attrs: { role: 'status', 'aria-live': 'polite' },
  });
  private saveStatusTimer: ReturnType<typeof setTimeout> | undefined;
  private candidatesSignature = '';

  constructor(
    events: ToolbarEvents,
    private readonly metricTitle: () => string,
  ) {
    this.smoothing.addEventListener('input', () => {
      const smoothing = Number(this.smoothing.value);
      setText(this.smoothingValue, formatFixed(smoothing, 3));
      events.onSettingsChange({ smoothing });
    });
    this.xAxis.addEventListener('change', () => events.onSettingsChange({ xAxis: this.xAxis.value as XAxisMode }));
    this.yScale.addEventListener('change', () => events.onSettingsChange({ yScale: this.yScale.value as YScale }));

    const toggles = element('div', {
      className: 'chart-toggles',
      attrs: { role: 'group', 'aria-label': l10n.t('Charts to show') },
    });
    for (const id of CHART_IDS) {
      const input = element('input', { id: `show-${id}`, attrs: { type: 'checkbox' } });
      input.addEventListener('change', () =>
        events.onSettingsChange({ visibleCharts: { ...this.visibleCharts(), [id]: input.checked } }),
      );
      this.chartToggles[id] = input;
      toggles.append(
        element(
          'label',
          { className: 'checkbox', attrs: { for: input.id } },
          input,
          element('span', { id: `show-${id}-label`, text: chartTitle(id) }),
        ),
      );
    }

    this.overlayPicker.append(
      element(
        'summary',
        { className: 'button secondary', title: l10n.t('Overlay other runs of the same dataset') },
        element('span', { text: l10n.t('Compare runs') }),
        this.overlayCount,
      ),
      element(
        'div',
        { className: 'overlay-popup' },
        element('div', { className: 'overlay-popup-title', text: l10n.t('Runs of this dataset') }),
        this.overlayList,
      ),
    );
    this.overlayList.addEventListener('change', () => {
      const ids = Array.from(this.overlayList.querySelectorAll<HTMLInputElement>('input[type=checkbox]'))
        .filter((c) => c.checked)
        .map((c) => c.value);
      setText(this.overlayCount, String(ids.length));
      events.onOverlaysChange(ids);
    });
    // Open the popup toward the side with room.
    this.overlayPicker.addEventListener('toggle', () => {
      if (!this.overlayPicker.open) return;
      const rect = this.overlayPicker.getBoundingClientRect();
      this.overlayPicker.classList.toggle(
        'align-right',
        rect.left + 320 > window.innerWidth - 8 || rect.left > window.innerWidth / 2,
      );
    });
    // Close the popup on Escape or a click elsewhere, as a dropdown would.
    document.addEventListener('click', (event) => {
      if (this.overlayPicker.open && !this.overlayPicker.contains(event.target as Node))
        this.overlayPicker.open = false;
    });
    this.overlayPicker.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.overlayPicker.open) {
        this.overlayPicker.open = false;
        this.overlayPicker.querySelector('summary')?.focus();
      }
    });

    this.exportButtons = [
      controlButton({
        id: 'export-csv',
        label: l10n.t('CSV'),
        title: l10n.t('Export every series of the shown runs as CSV'),
      }),
      controlButton({ id: 'export-png', label: l10n.t('PNG'), title: l10n.t('Export the loss chart as a PNG image') }),
    ];
    this.root = element(
      'div',
      { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': l10n.t('Chart settings') } },
      element(
        'label',
        { className: 'control', attrs: { for: 'smoothing' } },
        element('span', { className: 'control-label', text: l10n.t('Smoothing') }),
        this.smoothing,
        this.smoothingValue,
      ),
      element(
        'label',
        { className: 'control', attrs: { for: 'x-axis' } },
        element('span', { className: 'control-label', text: l10n.t('X axis') }),
        this.xAxis,
      ),
      element(
        'label',
        { className: 'control', attrs: { for: 'y-scale' } },
        element('span', { className: 'control-label', text: l10n.t('Loss scale') }),
        this.yScale,
      ),
      toggles,
      this.overlayPicker,
      element('span', { className: 'spacer' }),
      this.saveStatus,
    );
  }

  /** Puts the controls in the state `settings` describes (without reporting a change). */
  show(settings: ViewSettings): void {
    this.smoothing.value = String(settings.smoothing);
    setText(this.smoothingValue, formatFixed(settings.smoothing, 3));
    this.xAxis.value = settings.xAxis;
    this.yScale.value = settings.yScale;
    for (const id of CHART_IDS) this.chartToggles[id].checked = settings.visibleCharts[id];
    setText(this.chartToggles.metric.nextElementSibling!, capitalize(this.metricTitle()));
  }

  /** Lists the runs that can be overlaid, with the selected ones ticked and their line colour. */
  showOverlayCandidates(
    candidates: readonly OverlayCandidate[],
    selected: readonly string[],
    colorOf: (runId: string) => string | undefined,
  ): void {
    const chosen = new Set(selected);
    setText(this.overlayCount, String(candidates.filter((c) => chosen.has(c.id)).length));
    const signature = JSON.stringify(candidates);
    if (signature === this.candidatesSignature) {
      // Same runs: update ticks and colours in place, so keyboard focus stays where it was.
      for (const input of Array.from(this.overlayList.querySelectorAll<HTMLInputElement>('input[type=checkbox]'))) {
        input.checked = chosen.has(input.value);
        const swatch = input.nextElementSibling as HTMLElement;
        swatch.style.backgroundColor = colorOf(input.value) ?? '';
      }
      return;
    }
    this.candidatesSignature = signature;
    const rows = candidates.map((candidate) => {
      const input = element('input', {
        className: 'overlay-option',
        attrs: { type: 'checkbox', value: candidate.id, checked: chosen.has(candidate.id) },
      });
      input.checked = chosen.has(candidate.id);
      const swatch = element('span', { className: 'swatch', attrs: { 'aria-hidden': 'true' } });
      const color = colorOf(candidate.id);
      if (color) swatch.style.backgroundColor = color;
      return element(
        'label',
        { className: 'checkbox overlay-row', title: candidate.runDir },
        input,
        swatch,
        element('span', { className: 'overlay-label', text: candidate.label }),
      );
    });
    this.overlayList.replaceChildren(
      ...(rows.length > 0
        ? rows
        : [element('p', { className: 'muted', text: l10n.t('No other runs of this dataset yet.') })]),
    );
  }

  /** Shows a short note (where an export went) for a few seconds. */
  flash(text: string, isError = false): void {
    setText(this.saveStatus, text);
    this.saveStatus.classList.toggle('error', isError);
    this.saveStatus.title = text;
    if (this.saveStatusTimer) clearTimeout(this.saveStatusTimer);
    this.saveStatusTimer = setTimeout(() => setText(this.saveStatus, ''), isError ? 10_000 : 6_000);
  }

  private visibleCharts(): Record<ChartId, boolean> {
    const visible = {} as Record<ChartId, boolean>;
    for (const id of CHART_IDS) visible[id] = this.chartToggles[id].checked;
    return visible;
  }
}

function option(value: string, label: string): HTMLOptionElement {
  return element('option', { text: label, attrs: { value } });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
