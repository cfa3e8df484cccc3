/**
 * A gate recording: what the inference worker answers to `record-gates` and what the Gates panel draws.
 * It describes itself: per layer and direction, the cell's signals (src/protocol/cell-signals.ts: LSTM
 * i, f, g, o, c, h; GRU r, z, n, h), each with its name in words, its range and its width, and its values
 * at every step as a `[T, width]` Float32Array (step-major: unit j at step t is at `t·width + j`; a
 * backward direction's values are in time order too, step t under token t). Beside them: the input
 * tokens along the time axis and the model's output per step. The arrays travel as transferable buffers
 * (worker → host) and as ArrayBuffer-backed typed arrays (host → webview).
 */

import type { CellKind, SignalSpec } from './cell-signals';
import type { TaskId } from './task-id';

export type Direction = 'forward' | 'backward';

/** One signal of one layer and direction: `[T, width]` values. */
export interface RecordedSignal extends SignalSpec {
  /** Units: H, or P for a projected LSTM's h. */
  width: number;
  values: Float32Array;
}

/** One direction of one layer: its signals in the cell's order (the order the panel shows them). */
export interface RecordedLayer {
  /** 0-based layer of the stack. */
  layer: number;
  direction: Direction;
  signals: RecordedSignal[];
}

/** The model's output at every step, next to the maps; discriminated by what the output is. */
export type StepOutputs =
  | {
      kind: 'next-token';
      /** Per step, the five most likely next tokens with their probabilities (best first). */
      top: { token: string; probability: number }[][];
      /** Per step, the token that actually comes next (null where unknown: the end of a typed text). */
      actual: (string | null)[];
      /** Per step, the probability the model gave to `actual` (null where unknown). */
      actualProbability: (number | null)[];
    }
  | {
      kind: 'class-probabilities';
      classes: string[];
      /** `[T, C]`: the class probabilities if the text ended at this step (the head applied to every step). */
      probabilities: Float32Array;
      /** The sample's true class, when known (validation samples). */
      label: string | null;
    }
  | {
      kind: 'forecast';
      /** Target column names. */
      targets: string[];
      /** `[T, targets]`: the next value(s) the model predicts after each step, in the data's units. */
      predicted: Float32Array;
      /** `[T, targets]`: what came next (NaN where unknown), in the data's units. */
      actual: Float32Array;
    }
  | {
      /** An encoder's steps (the Gates panel derives it from `pair.attention`): how much the decoder read each. */
      kind: 'attention-received';
      /** `[Ts]`: the attention each source step received, averaged over the output steps (sums to 1). */
      received: Float32Array;
    };

/** What a task's model outputs per step (its presentation's `stepOutput`); an encoder's attention is no task's. */
export type StepOutputKind = Exclude<StepOutputs['kind'], 'attention-received'>;

/** Where the recorded sequence came from. */
export interface RecordingSource {
  kind: 'text' | 'rows' | 'validation-sample';
  /** A line for the panel's header: "validation sample 12 of 98 (fables.txt)", "selected text (214 characters)". */
  label: string;
  /** Validation samples: which one (0-based) and how many there are. */
  index?: number;
  total?: number;
  /** Validation samples: false when the run's split could not be rebuilt and the whole file is sampled. */
  fromValidationSplit?: boolean;
  /** Validation samples of a model trained on several series: the series of the recorded window. */
  series?: string;
  /** Notes for the user (the input was cut, characters outside the vocabulary, …). */
  notes: string[];
}

export interface GateRecording {
  checkpointPath: string;
  task: TaskId;
  /** `LSTM(2 × 256)`-style summary of the model. */
  architecture: string;
  cell: CellKind;
  /** Two directions per layer: `gates` holds layer 0 forward, layer 0 backward, layer 1 forward, … */
  bidirectional: boolean;
  /** P, the width of a projected LSTM's h (0: no projection, h is H wide). */
  projSize: number;
  /** Layers of the stack (not counting directions). */
  layers: number;
  /** H: units per layer and direction (of every signal but a projected h). */
  units: number;
  /** T: recorded steps. */
  steps: number;
  /** The input at each step as the model read it: a character, a word, or (series) the target value(s). */
  tokens: string[];
  /** Series: every column of each step's row, named (`date 2024-01-03, load 412.5`), for the tooltip. */
  tokenDetails?: string[];
  /** One entry per layer and direction, layer-major, forward before backward. */
  gates: RecordedLayer[];
  outputs: StepOutputs;
  source: RecordingSource;
  /** Time the worker spent (load excluded), in milliseconds. */
  recordMs: number;
  /**
   * An encoder–decoder's recording: then `gates`, `tokens`, `steps` and `outputs` are the decoder's
   * (one step per output token, the last one choosing `<eos>`), and this holds the encoder's side and
   * the attention between them.
   */
  pair?: PairGateRecording;
}

/**
 * The encoder's half of an encoder–decoder's recording and the attention between the halves. The
 * decoder ran teacher-forced on `<sos>` + the greedy output, so decoder step t read output token t − 1
 * (`<sos>` at 0) and chose output token t (`<eos>` at the last step when the decode finished).
 */
export interface PairGateRecording {
  /** Ts: recorded source steps. */
  sourceSteps: number;
  /** The source tokens as the encoder read them (unknown ones as `<unk>`). */
  sourceTokens: string[];
  /** The encoder stack's signals, `[Ts, width]` each, layer-major like `gates`. */
  encoder: RecordedLayer[];
  /** `[T, Ts]`: decoder step t's weight on source step s (rows sum to 1); null for a model without attention. */
  attention: Float32Array | null;
  /** `dot`, `general`, `additive` or `none`. */
  attentionKind: string;
  /** The greedy output as text, and whether it ended with `<eos>` (else it was cut at the length limit). */
  output: string;
  finished: boolean;
  /** A validation sample's reference target as text (null for a typed or selected text). */
  reference: string | null;
}

/** Every transferable buffer of a recording (for postMessage's transfer list). */
export function recordingBuffers(recording: GateRecording): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const layer of recording.gates)
    for (const signal of layer.signals) buffers.push(signal.values.buffer as ArrayBuffer);
  const out = recording.outputs;
  if (out.kind === 'class-probabilities') buffers.push(out.probabilities.buffer as ArrayBuffer);
  if (out.kind === 'forecast') buffers.push(out.predicted.buffer as ArrayBuffer, out.actual.buffer as ArrayBuffer);
  if (out.kind === 'attention-received') buffers.push(out.received.buffer as ArrayBuffer);
  const pair = recording.pair;
  if (pair) {
    for (const layer of pair.encoder)
      for (const signal of layer.signals) buffers.push(signal.values.buffer as ArrayBuffer);
    if (pair.attention) buffers.push(pair.attention.buffer as ArrayBuffer);
  }
  return [...new Set(buffers)];
}

/** A layer's signal by name (`h`, `f`), or undefined when its cell has none. */
export function signalOf(layer: RecordedLayer, name: string): RecordedSignal | undefined {
  return layer.signals.find((s) => s.name === name);
}

/** How the views label a direction: `→ forward`, `← backward`. */
export function directionLabel(direction: Direction): string {
  return direction === 'forward' ? '→ forward' : '← backward';
}
