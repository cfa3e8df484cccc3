/**
 * One tab of the Evaluate view (Errors, Units, Search, Projection, Ablation): its own module under
 * webview/evaluate/, built by the panel's entry (main.ts), which owns the tab strip, the progress line and
 * the one message listener, and hands each tab the messages meant for it.
 */

import type {
  EvaluatePanelToHost,
  EvaluateTab,
  EvaluationSummary,
  HostToEvaluatePanel,
} from '../../src/protocol/evaluate-view';

/** Sends a message to the host (the entry's `vscode.postMessage`). */
export type PostToHost = (message: EvaluatePanelToHost) => void;

export interface EvaluateTabView {
  readonly id: EvaluateTab;
  /** The tab's name on the tab strip (translated). */
  readonly title: string;
  /** The tab panel's content; the entry places it in a `role="tabpanel"`. */
  readonly element: HTMLElement;
  /** A session's summary arrived: a new one replaces the old, so earlier results are cleared. */
  setSummary(summary: EvaluationSummary): void;
  /**
   * A message for this tab: the entry routes results by type (`match-results` and `run-match` to Search,
   * `unit-results` and `catalogue` to Units, `projection` to Projection, `ablation` to Ablation,
   * `loss-page` and `residuals` to Errors) and an `error` to the tab that sent its `requestId`.
   */
  receive(message: HostToEvaluatePanel): void;
  /** Called when the tab is shown (it may lay out canvases now that they have a size). */
  shown?(): void;
}

/** What a tab module exports: a factory given the way to post to the host. */
export type EvaluateTabFactory = (post: PostToHost) => EvaluateTabView;

let lastRequestId = 0;

/** A new request id, unique in this page: the answer (or error) to the request carries it back. */
export function nextRequestId(): number {
  lastRequestId += 1;
  return lastRequestId;
}
