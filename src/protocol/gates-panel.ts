/**
 * Host ↔ Gates panel webview. The host owns what is recorded (which checkpoint, which input) and the
 * last recording; the panel sends `ready` when it loads and gets `model` + the last `recording` back
 * (so a hidden or reloaded panel redraws at once, without recording again). The panel asks for a new
 * recording with `record`; the host runs it in the inference worker and answers `recording` or `error`.
 * Typed arrays travel as ArrayBuffer-backed views (VS Code ≥ 1.57 transfers them efficiently).
 */

import type { GateRecording, StepOutputKind } from './gate-recording';
import type { GateInput } from './inference-messages';
import type { MatchQuery } from './evaluate-view';
import type { TaskId } from './task-id';

/** The model the panel inspects. */
export interface GatesModelInfo {
  checkpointPath: string;
  /** `best.safetensors · 20261126-221530-fables`. */
  name: string;
  task: TaskId;
  /** The task in the header: `language model`, `classification`, `forecasting`. */
  taskName: string;
  /** What the model outputs at every step (and so how its input is typed: rows for a forecast). */
  output: StepOutputKind;
  architecture: string;
  /** True when the checkpoint sits in a run folder whose dataset can be sampled. */
  hasDataset: boolean;
  /** Series models: the feature columns a typed row must give, in order. */
  featureColumns?: string[];
  /** A model trained on several series: their column and ids (the series picker's choices). */
  series?: { column: string; ids: string[] };
}

export type HostToGatesPanel =
  | { type: 'model'; model: GatesModelInfo }
  /** Recording started (the panel shows progress and disables the controls). */
  | { type: 'busy'; input: GateInput }
  /**
   * `focusStep`: the step the panel puts its keyboard cursor on and scrolls into view (a sequence opened at
   * a span from the Evaluate view); the host sends it only when it is one of the recording's steps.
   */
  | { type: 'recording'; input: GateInput; recording: GateRecording; focusStep?: number }
  | { type: 'error'; input: GateInput | null; message: string }
  | { type: 'saved'; requestId: number; path: string | null; error?: string };

/**
 * What the panel may ask to record: a typed text, typed rows, or a validation sample of the run's own
 * dataset. Never a path: the host resolves the dataset itself (run.json next to the checkpoint).
 */
export type GatesPanelInput =
  | { type: 'text'; text: string }
  | { type: 'rows'; values: number[][] }
  /** `series`: a model trained on several series records a sample of this one (the series picker's choice). */
  | { type: 'validation-sample'; index: number; search?: string; series?: string };

export type GatesPanelToHost =
  | { type: 'ready' }
  | { type: 'record'; input: GatesPanelInput }
  /** Export: `data` is CSV text or a base64 PNG. */
  | { type: 'save'; requestId: number; kind: 'csv' | 'png'; suggestedName: string; data: string }
  /** Choose another checkpoint (a quick pick on the host). */
  | { type: 'choose-model' }
  /** *Search the Data Set*: the LSTMVis selection as a match over the run's validation set (the Evaluate view). */
  | { type: 'search-data-set'; query: MatchQuery };
