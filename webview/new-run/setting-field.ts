/**
 * One training setting as a form field, built from its descriptor (src/protocol/training-settings.ts):
 * a labelled `<input>` for numbers and lists of numbers (typed comma-separated, `0.1,0.5,0.9`), a
 * `<select>` for choices and yes/no, its help as the field's
 * description, and its error beside it (`role="alert"`). Empty means "the default", shown as the
 * placeholder (or the select's first entry) from the worker's resolved config. Values are checked as the
 * user types with `parseSetting`, the very function the CLI uses.
 */

import type { TrainingConfig } from '../../src/protocol/training-config';
import { parseSetting, type SettingDescriptor, type SettingValue } from '../../src/protocol/training-settings';
import { element, setAttribute, setText } from '../shared/dom';
import * as l10n from '../shared/l10n';

export type { SettingValue };

export class SettingField {
  readonly root: HTMLDivElement;
  readonly control: HTMLInputElement | HTMLSelectElement;
  private readonly error: HTMLDivElement;
  private readonly defaultOption: HTMLOptionElement | null = null;
  /** A reason from the worker (a rule that joins fields), shown until the next description. */
  private crossFieldReason: string | null = null;

  constructor(
    readonly setting: SettingDescriptor,
    onChange: () => void,
  ) {
    const id = `setting-${setting.key}`;
    const helpId = `${id}-help`;
    const errorId = `${id}-error`;
    const described = `${helpId} ${errorId}`;
    if (setting.kind === 'choice' || setting.kind === 'boolean') {
      const select = element('select', { id, attrs: { name: setting.key, 'aria-describedby': described } });
      this.defaultOption = element('option', { text: l10n.t('default'), attrs: { value: '' } });
      select.append(this.defaultOption);
      const choices = setting.kind === 'boolean' ? ['true', 'false'] : setting.choices!;
      for (const choice of choices)
        select.append(
          element('option', { text: setting.kind === 'boolean' ? yesNo(choice) : choice, attrs: { value: choice } }),
        );
      this.control = select;
    } else {
      this.control = element('input', {
        id,
        attrs: {
          name: setting.key,
          type: 'text',
          inputmode: setting.kind === 'integer' ? 'numeric' : 'decimal',
          autocomplete: 'off',
          spellcheck: 'false',
          'aria-describedby': described,
        },
      });
    }
    this.error = element('div', {
      id: errorId,
      className: 'field-error',
      attrs: { role: 'alert', 'aria-live': 'polite' },
    });
    this.root = element(
      'div',
      { className: 'field', attrs: { 'data-setting': setting.key } },
      element('label', { text: setting.label, attrs: { for: id } }),
      this.control,
      element('div', { id: helpId, className: 'field-help muted', text: setting.help }),
      this.error,
    );
    this.control.addEventListener('input', () => {
      this.crossFieldReason = null;
      this.showError();
      onChange();
    });
  }

  get key(): keyof TrainingConfig {
    return this.setting.key;
  }

  /** The value typed, checked: undefined when empty (the default), or the reason it is not valid. */
  read(): { ok: true; value: SettingValue | undefined } | { ok: false; reason: string } {
    const text = this.control.value;
    if (text.trim() === '') return { ok: true, value: undefined };
    return parseSetting(this.setting, text);
  }

  get valid(): boolean {
    return this.read().ok && this.crossFieldReason === null;
  }

  set(value: SettingValue | undefined): void {
    // A list is written as it is typed: `0.1,0.5,0.9`.
    this.control.value = value === undefined ? '' : Array.isArray(value) ? value.join(',') : String(value);
    this.crossFieldReason = null;
    this.showError();
  }

  /** The resolved value the run takes when the field is left empty (the preset's or the task's). */
  showDefault(value: unknown): void {
    const text = value === undefined || value === null ? '' : Array.isArray(value) ? value.join(',') : String(value);
    if (this.defaultOption)
      setText(
        this.defaultOption,
        text === '' ? l10n.t('default') : l10n.t('default ({0})', this.setting.kind === 'boolean' ? yesNo(text) : text),
      );
    else setAttribute(this.control, 'placeholder', text === '' ? '' : l10n.t('default: {0}', text));
  }

  /** Shows a reason from the worker at this field (null clears it). */
  setCrossFieldReason(reason: string | null): void {
    this.crossFieldReason = reason;
    this.showError();
  }

  private showError(): void {
    const own = this.read();
    const reason = !own.ok ? own.reason : this.crossFieldReason;
    setText(this.error, reason ?? '');
    setAttribute(this.control, 'aria-invalid', reason ? 'true' : null);
    this.root.classList.toggle('invalid', reason !== null);
  }
}

function yesNo(value: string): string {
  return value === 'true' ? l10n.t('yes') : value === 'false' ? l10n.t('no') : value;
}
