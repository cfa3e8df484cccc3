/** Labelled form fields of the Evaluate tabs (a visible label around each control, so clicks and screen readers find it). */

import { element } from '../shared/dom';

/** `<label class="field"><span>Label</span>control</label>`. */
export function field(label: string, control: HTMLElement, className = ''): HTMLLabelElement {
  return element(
    'label',
    { className: `field ${className}`.trim() },
    element('span', { className: 'field-label', text: label }),
    control,
  );
}

/** `<select>` of `[value, text]` options. */
export function selectOf(id: string, options: ReadonlyArray<readonly [string, string]>): HTMLSelectElement {
  return element('select', { id }, ...options.map(([value, text]) => element('option', { text, attrs: { value } })));
}

/** Replaces a `<select>`'s options, keeping the chosen value when it is still offered. */
export function setOptions(select: HTMLSelectElement, options: ReadonlyArray<readonly [string, string]>): void {
  const previous = select.value;
  select.replaceChildren(...options.map(([value, text]) => element('option', { text, attrs: { value } })));
  if (options.some(([value]) => value === previous)) select.value = previous;
}

/** The primary button that runs a tab's request. */
export function runButton(id: string, text: string): HTMLButtonElement {
  return element('button', { id, className: 'button', text, attrs: { type: 'submit' } });
}
