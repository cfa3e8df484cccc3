/**
 * Units handed from one tab to another: Find units' *Search like this* and *Ablate* put a unit into the
 * Search or Ablation form. The tabs are separate modules that do not know each other; they meet here.
 * The sending tab also dispatches `evaluate-show-tab` (bubbling, `detail.tab`) from its element, so the
 * panel's entry can switch to the receiving tab.
 */

import type { EvaluateTab, StateAddress } from '../../src/protocol/evaluate-view';

export interface UnitHandoff {
  address: StateAddress;
  units: number[];
}

export type HandoffTarget = Extract<EvaluateTab, 'search' | 'ablation'>;

/** The event a tab dispatches to ask the panel to show another tab. */
export const SHOW_TAB_EVENT = 'evaluate-show-tab';

const listeners = new Map<HandoffTarget, Set<(handoff: UnitHandoff) => void>>();

/** The receiving tab's listener; returns the way to stop listening. */
export function onUnitHandoff(target: HandoffTarget, listener: (handoff: UnitHandoff) => void): () => void {
  let set = listeners.get(target);
  if (!set) listeners.set(target, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

/** Hands `handoff` to the `target` tab's form and asks the panel (from `source`) to show that tab. */
export function handOffUnits(source: HTMLElement, target: HandoffTarget, handoff: UnitHandoff): void {
  for (const listener of listeners.get(target) ?? []) listener(handoff);
  source.dispatchEvent(new CustomEvent(SHOW_TAB_EVENT, { bubbles: true, detail: { tab: target } }));
}
