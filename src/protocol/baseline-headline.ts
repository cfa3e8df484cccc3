/**
 * The line that says whether a model beats its baselines on MASE (forecasting's `baselines`, scored on
 * the same data): "MASE 0.71 — 18 % better than seasonal naive (0.87)", or "does not beat seasonal naive
 * (MASE 0.95 vs 0.93)". Shared by the CLI's summary and the panels; pure, no task named: a baseline's
 * key is shown in words (`seasonalNaive` → "seasonal naive").
 */

import type { Metrics } from './metrics';

/** `seasonalNaive` → `seasonal naive`. */
export function baselineWords(key: string): string {
  return key.replace(/([A-Z])/g, ' $1').toLowerCase();
}

/** The best baseline by MASE (lowest), or null when none has one. */
export function bestBaselineByMase(baselines: Record<string, Metrics>): { key: string; mase: number } | null {
  let best: { key: string; mase: number } | null = null;
  for (const [key, metrics] of Object.entries(baselines)) {
    const mase = metrics.mase;
    if (mase !== undefined && Number.isFinite(mase) && (best === null || mase < best.mase)) best = { key, mase };
  }
  return best;
}

/**
 * `maseVsBestBaseline`: 1 − the model's MASE / the best baseline's (0.18 = 18 % lower; negative when a
 * baseline is better), or null without MASE.
 */
export function maseGain(metrics: Metrics, baselines: Record<string, Metrics>): number | null {
  const best = bestBaselineByMase(baselines);
  if (metrics.mase === undefined || !best || !(best.mase > 0)) return null;
  return 1 - metrics.mase / best.mase;
}

/** The headline, or null when the model or the baselines have no MASE. */
export function baselineHeadline(metrics: Metrics, baselines: Record<string, Metrics> | undefined): string | null {
  const best = baselines ? bestBaselineByMase(baselines) : null;
  const mase = metrics.mase;
  if (!best || mase === undefined || !Number.isFinite(mase)) return null;
  const name = baselineWords(best.key);
  if (mase < best.mase) {
    const better = Math.round((1 - mase / best.mase) * 100);
    return `MASE ${mase.toFixed(2)} — ${better} % better than ${name} (${best.mase.toFixed(2)})`;
  }
  return `does not beat ${name} (MASE ${mase.toFixed(2)} vs ${best.mase.toFixed(2)})`;
}
