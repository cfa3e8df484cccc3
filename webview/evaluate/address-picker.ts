/**
 * The layer/direction/signal picker of every unit query: a `<select>` of the session's cached state
 * signals (`EvaluationSummary.layers`), optionally with "All layers" first (Find units searches them all).
 */

import type { StateAddress, StateLayer } from '../../src/protocol/evaluate-view';
import { element } from '../shared/dom';
import * as l10n from '../shared/l10n';

/** One key per address, for `<option value>` and comparisons. */
export function addressKey(address: StateAddress): string {
  return `${address.layer}:${address.direction}:${address.signal}`;
}

export function sameAddress(a: StateAddress, b: StateAddress): boolean {
  return a.layer === b.layer && a.direction === b.direction && a.signal === b.signal;
}

/** `Layer 1 · h`, `Layer 2 ← backward · c` (layers counted from 1 as the Gates panel does). */
export function addressName(address: StateAddress, bidirectional: boolean): string {
  const direction = bidirectional
    ? address.direction === 'forward'
      ? l10n.t(' → forward')
      : l10n.t(' ← backward')
    : '';
  return l10n.t('Layer {0}{1} · {2}', address.layer + 1, direction, address.signal);
}

export function isBidirectional(layers: readonly StateLayer[]): boolean {
  return layers.some((l) => l.direction === 'backward');
}

const ALL = 'all';

export class AddressPicker {
  readonly select: HTMLSelectElement;
  /** The picker with its visible label, for a form row. */
  readonly root: HTMLElement;
  private layers: StateLayer[] = [];

  constructor(
    id: string,
    label: string,
    private readonly allowAll = false,
  ) {
    this.select = element('select', { id });
    this.root = element(
      'label',
      { className: 'field' },
      element('span', { className: 'field-label', text: label }),
      this.select,
    );
  }

  /** The session's signals; the choice is kept when the new session has it, else the last layer's h. */
  setLayers(layers: readonly StateLayer[]): void {
    const previous = this.select.value;
    this.layers = [...layers];
    const bidirectional = isBidirectional(layers);
    const options = layers.map((l) =>
      element('option', { text: addressName(l, bidirectional), attrs: { value: addressKey(l) } }),
    );
    if (this.allowAll) options.unshift(element('option', { text: l10n.t('All layers'), attrs: { value: ALL } }));
    this.select.replaceChildren(...options);
    const keys = options.map((o) => o.value);
    if (keys.includes(previous)) this.select.value = previous;
    else if (this.allowAll) this.select.value = ALL;
    else {
      const lastH = [...layers].reverse().find((l) => l.signal === 'h');
      if (lastH) this.select.value = addressKey(lastH);
    }
    this.select.disabled = layers.length === 0;
  }

  /** The chosen address; `null` for "All layers" (or before a session). */
  value(): StateAddress | null {
    const layer = this.layers.find((l) => addressKey(l) === this.select.value);
    return layer ? { layer: layer.layer, direction: layer.direction, signal: layer.signal } : null;
  }

  /** Units of the chosen signal (the widest when "All layers"). */
  width(): number {
    const layer = this.layers.find((l) => addressKey(l) === this.select.value);
    return layer ? layer.width : Math.max(0, ...this.layers.map((l) => l.width));
  }

  /** Chooses `address`; false when the session has no such signal. */
  set(address: StateAddress): boolean {
    const key = addressKey(address);
    if (!this.layers.some((l) => addressKey(l) === key)) return false;
    this.select.value = key;
    return true;
  }

  bidirectional(): boolean {
    return isBidirectional(this.layers);
  }
}
