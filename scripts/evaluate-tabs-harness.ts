/**
 * The screenshot harness's page script (scripts/screenshot-evaluate-tabs.mjs bundles it): the four tab
 * factories on `window`, so the script builds each tab in a bare page and hands it fabricated messages.
 * Not part of the product (no webpack entry of the extension builds it).
 */

import { createAblationTab } from '../webview/evaluate/ablation-tab';
import { createProjectionTab } from '../webview/evaluate/projection-tab';
import { createSearchTab } from '../webview/evaluate/search-tab';
import { createUnitsTab } from '../webview/evaluate/units-tab';

declare global {
  interface Window {
    evaluateTabFactories: Record<string, unknown>;
  }
}

window.evaluateTabFactories = {
  units: createUnitsTab,
  search: createSearchTab,
  projection: createProjectionTab,
  ablation: createAblationTab,
};
