/**
 * The Gates panel's series picker: for a forecaster trained on several series (long format with a
 * series column, or a wide table), a dropdown of the model's series ids beside the sample buttons.
 * It shows the series of the recorded validation sample; choosing one reports it, and the panel records
 * a validation sample of that series (the host checks the id is the model's). Hidden for other models.
 */

import type { GateRecording } from '../../src/protocol/gate-recording';
import type { GatesModelInfo } from '../../src/protocol/gates-panel';
import { element } from '../shared/dom';
import * as l10n from '../shared/l10n';

export class SeriesPicker {
  readonly root = element('label', { className: 'series-picker', attrs: { for: 'gates-series' } });
  private readonly select = element('select', { id: 'gates-series' });
  /** The ids offered (the model's), to redraw only when the model changes. */
  private ids: readonly string[] = [];

  constructor(onChoose: (series: string) => void) {
    this.root.append(element('span', { className: 'bar-label', text: l10n.t('Series') }), this.select);
    this.root.hidden = true;
    this.select.addEventListener('change', () => onChoose(this.select.value));
  }

  /** Offers the model's series (hidden when it has none, or no dataset to sample). */
  showModel(model: GatesModelInfo): void {
    const series = model.series;
    this.root.hidden = !series || !model.hasDataset;
    this.ids = series?.ids ?? [];
    this.select.title = series
      ? l10n.t('Record a validation sample of another {0} (the model knows {1})', series.column, series.ids.length)
      : '';
    this.select.replaceChildren(...this.ids.map((id) => element('option', { text: id, attrs: { value: id } })));
  }

  /** Shows the series of the recorded sample (a typed input keeps the last choice). */
  showRecording(recording: GateRecording): void {
    const series = recording.source.series;
    if (series !== undefined && this.ids.includes(series)) this.select.value = series;
  }

  setBusy(busy: boolean): void {
    this.select.disabled = busy;
  }
}
