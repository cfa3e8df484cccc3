import { describe, expect, it } from 'vitest';
import { handOffUnits, onUnitHandoff, SHOW_TAB_EVENT, type UnitHandoff } from '../../../webview/evaluate/unit-handoff';

describe('unit hand-off between the Evaluate tabs', () => {
  it('gives the units to the target tab only and asks the panel to show that tab', () => {
    const search: UnitHandoff[] = [];
    const ablation: UnitHandoff[] = [];
    const stopSearch = onUnitHandoff('search', (h) => search.push(h));
    const stopAblation = onUnitHandoff('ablation', (h) => ablation.push(h));
    const asked: Array<{ type: string; tab: unknown; bubbles: boolean }> = [];
    const source = {
      dispatchEvent: (event: CustomEvent) => {
        asked.push({ type: event.type, tab: (event.detail as { tab: unknown }).tab, bubbles: event.bubbles });
        return true;
      },
    } as unknown as HTMLElement;
    const handoff = { address: { layer: 1, direction: 'forward' as const, signal: 'h' as const }, units: [17] };
    handOffUnits(source, 'ablation', handoff);
    expect(ablation).toEqual([handoff]);
    expect(search).toEqual([]);
    expect(asked).toEqual([{ type: SHOW_TAB_EVENT, tab: 'ablation', bubbles: true }]);
    stopAblation();
    handOffUnits(source, 'ablation', handoff);
    expect(ablation).toHaveLength(1);
    stopSearch();
  });
});
