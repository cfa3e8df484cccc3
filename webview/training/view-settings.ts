/**
 * What the Training panel remembers across reloads (through `vscode.setState`): only how the user looks
 * at the data, never the data (the host owns that and sends a snapshot on `ready`). Pure: no DOM.
 */

import { clampSmoothing } from './smoothing';

export type XAxisMode = 'step' | 'epoch' | 'time';
export type YScale = 'linear' | 'log';
export type ChartId = 'loss' | 'metric' | 'lr' | 'grad';

export const CHART_IDS: readonly ChartId[] = ['loss', 'metric', 'lr', 'grad'];
export const X_AXIS_MODES: readonly XAxisMode[] = ['step', 'epoch', 'time'];

export interface ViewSettings {
  /** EMA weight for the training curves, 0…0.999 (TensorBoard's default is 0.6). */
  smoothing: number;
  xAxis: XAxisMode;
  /** Scale of the loss chart's y axis. */
  yScale: YScale;
  /** Ids of the other runs to overlay. */
  overlays: string[];
  visibleCharts: Record<ChartId, boolean>;
}

/**
 * The persisted state. `runDir` is not a view setting: the host's panel serializer reads it to know
 * which run to reopen after a window reload.
 */
export interface PersistedPanelState extends ViewSettings {
  runDir?: string;
}

export function defaultViewSettings(): ViewSettings {
  return {
    smoothing: 0.6,
    xAxis: 'step',
    yScale: 'linear',
    overlays: [],
    visibleCharts: { loss: true, metric: true, lr: true, grad: true },
  };
}

/** Reads what `getState` returned, keeping whatever is valid and defaulting the rest. */
export function restoreViewSettings(saved: unknown): ViewSettings {
  const settings = defaultViewSettings();
  if (!saved || typeof saved !== 'object') return settings;
  const s = saved as Partial<Record<keyof ViewSettings, unknown>>;
  if (typeof s.smoothing === 'number') settings.smoothing = clampSmoothing(s.smoothing);
  if (X_AXIS_MODES.includes(s.xAxis as XAxisMode)) settings.xAxis = s.xAxis as XAxisMode;
  if (s.yScale === 'linear' || s.yScale === 'log') settings.yScale = s.yScale;
  if (Array.isArray(s.overlays))
    settings.overlays = [...new Set(s.overlays.filter((id): id is string => typeof id === 'string'))];
  if (s.visibleCharts && typeof s.visibleCharts === 'object') {
    const visible = s.visibleCharts as Record<string, unknown>;
    for (const id of CHART_IDS)
      if (typeof visible[id] === 'boolean') settings.visibleCharts[id] = visible[id] as boolean;
  }
  return settings;
}
