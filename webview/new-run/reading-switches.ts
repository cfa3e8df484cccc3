/**
 * The Data section's on/off choices of how the task reads a table (a forecaster's *Wide table*), as the
 * task's presentation lists them (`ReadingSwitch`): a dropdown *detected (on|off)* / *on* / *off* per
 * switch, with what detection found under it — its reason when it turned the switch on, else what *on*
 * would mean. The choice is a dataset override like a column role's (`wide: 'on'`).
 */

import type { DatasetColumns } from '../../src/protocol/dataset';
import type { FormColumns } from '../../src/protocol/new-run-panel';
import type { ReadingSwitch, SwitchOverride } from '../../src/protocol/task-presentation';
import type { DatasetDescription } from '../../src/protocol/worker-messages';
import { element, setText } from '../shared/dom';
import * as l10n from '../shared/l10n';

/** One switch's controls, kept so a new description updates them in place (a focused dropdown stays). */
interface SwitchControls {
  spec: ReadingSwitch;
  select: HTMLSelectElement;
  detectedOption: HTMLOptionElement;
  note: HTMLElement;
}

export class ReadingSwitches {
  readonly root = element('div', { id: 'reading-switches', className: 'grid reading-switches' });
  private controls: SwitchControls[] = [];
  private chosen: Partial<Record<SwitchOverride, 'on' | 'off'>> = {};
  private description: DatasetDescription | null = null;

  constructor(private readonly onChange: () => void) {}

  /** The choices a form opens with (a saved configuration's `wide: 'on'`), kept for any task's switches. */
  setChosen(columns: FormColumns): void {
    this.chosen = {};
    for (const [key, value] of Object.entries(columns))
      if (value === 'on' || value === 'off') this.chosen[key as SwitchOverride] = value;
    for (const control of this.controls) control.select.value = this.chosen[control.spec.override] ?? '';
  }

  /** The switches of the task the run trains (drawn again only when they change). */
  setSwitches(switches: readonly ReadingSwitch[]): void {
    const same =
      switches.length === this.controls.length &&
      switches.every((s, k) => s.override === this.controls[k].spec.override);
    if (same) return;
    this.controls = switches.map((spec) => this.build(spec));
    for (const control of this.controls) control.select.value = this.chosen[control.spec.override] ?? '';
    this.root.replaceChildren(
      ...this.controls.map((c) =>
        element(
          'div',
          { className: 'field' },
          element('label', { text: c.spec.label, attrs: { for: c.select.id } }),
          c.select,
          c.note,
        ),
      ),
    );
    this.root.hidden = this.controls.length === 0;
    if (this.description) this.describe(this.description);
  }

  /** What detection found, from the latest description. */
  describe(description: DatasetDescription): void {
    this.description = description;
    const columns: DatasetColumns = description.summary.columns;
    for (const { spec, detectedOption, note } of this.controls) {
      // The description follows the choice: with `on`/`off` chosen it says nothing of what detection would do.
      const on = columns[spec.detectedBy] !== undefined;
      if (this.chosen[spec.override] === undefined)
        setText(detectedOption, on ? l10n.t('detected: on') : l10n.t('detected: off'));
      // While on, the description's reason says how the table is read; else what on would mean.
      setText(note, on ? description.summary.reason : spec.help);
    }
  }

  /** The switches set (absent: detected), as dataset overrides. */
  chosenOverrides(): FormColumns {
    const result: FormColumns = {};
    for (const { spec } of this.controls) {
      const value = this.chosen[spec.override];
      if (value !== undefined) result[spec.override] = value;
    }
    return result;
  }

  private build(spec: ReadingSwitch): SwitchControls {
    const id = `switch-${spec.override}`;
    const note = element('div', { id: `${id}-note`, className: 'field-help muted' });
    const select = element('select', { id, attrs: { name: spec.override, 'aria-describedby': note.id } });
    const detectedOption = element('option', { text: l10n.t('detected'), attrs: { value: '' } });
    select.append(
      detectedOption,
      element('option', { text: l10n.t('on'), attrs: { value: 'on' } }),
      element('option', { text: l10n.t('off'), attrs: { value: 'off' } }),
    );
    select.addEventListener('input', () => {
      const value = select.value;
      if (value === 'on' || value === 'off') this.chosen[spec.override] = value;
      else delete this.chosen[spec.override];
      if (this.description) this.describe(this.description);
      this.onChange();
    });
    return { spec, select, detectedOption, note };
  }
}
