/**
 * Hand-made gate recordings for the Gates panel's tests, built through the producer's conversion
 * (src/inference/recorded-layers.ts) from engine-shaped `{ name: [1, T, width] }` arrays: an LSTM, a GRU,
 * a bidirectional stack and an LSTM with projections. Each value is a formula of (signal, layer,
 * direction, step, unit), so a test can say which value it expects.
 */

import { cellSignals, type CellKind } from '../../../src/protocol/cell-signals';
import type { GateRecording } from '../../../src/protocol/gate-recording';
import { recordedLayers, type CellRecording, type LayerRecordingOf } from '../../../src/inference/recorded-layers';

export interface RecordingShape {
  cell?: CellKind;
  steps: number;
  units: number;
  layers?: number;
  bidirectional?: boolean;
  projSize?: number;
}

/** The value of a signal at (layer, direction, step, unit): distinct per signal, layer and direction. */
export function valueAt(cell: CellKind, signal: string, l: number, backward: boolean, t: number, j: number): number {
  const k = cellSignals(cell).findIndex((s) => s.name === signal);
  return Math.fround((k + 1) * 0.01 + t * 0.1 + j * 0.001 + l + (backward ? 0.5 : 0));
}

export function makeRecording({
  cell = 'lstm',
  steps: T,
  units: H,
  layers: L = 1,
  bidirectional = false,
  projSize = 0,
}: RecordingShape): GateRecording {
  const direction = (l: number, backward: boolean): CellRecording =>
    Object.fromEntries(
      cellSignals(cell, projSize).map((s) => {
        const width = s.isOutput && projSize > 0 ? projSize : H;
        return [
          s.name,
          Float32Array.from({ length: T * width }, (_, k) =>
            valueAt(cell, s.name, l, backward, Math.floor(k / width), k % width),
          ),
        ];
      }),
    );
  const engine: LayerRecordingOf[] = Array.from({ length: L }, (_, l) =>
    bidirectional ? { forward: direction(l, false), backward: direction(l, true) } : direction(l, false),
  );
  return {
    checkpointPath: '/m/best.safetensors',
    task: 'language-model',
    architecture: cell.toUpperCase(),
    cell,
    bidirectional,
    projSize,
    layers: L,
    units: H,
    steps: T,
    tokens: Array.from({ length: T }, (_, t) => (t === 1 ? ' ' : t === 2 ? '\n' : String.fromCharCode(97 + t))),
    gates: recordedLayers(engine, { cell, hiddenSize: H, projSize }, T),
    outputs: {
      kind: 'next-token',
      top: Array.from({ length: T }, () => [
        { token: 'a', probability: 0.5 },
        { token: 'b', probability: 0.25 },
      ]),
      actual: Array.from({ length: T }, (_, t) => (t < T - 1 ? 'b' : null)),
      actualProbability: Array.from({ length: T }, (_, t) => (t < T - 1 ? 0.25 : null)),
    },
    source: { kind: 'text', label: 'text', notes: [] },
    recordMs: 1,
  };
}
