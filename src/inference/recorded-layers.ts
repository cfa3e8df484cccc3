/**
 * From the engine's gate recordings to the protocol's self-describing `RecordedLayer`s. A recurrent
 * layer's `recordGates()` gives its signals by name as batch-major `[B, T, width]` arrays (B = 1 here):
 * LSTM `{ i, f, g, o, c, h }`, GRU `{ r, z, n, h }`; a bidirectional layer gives `{ forward, backward }`,
 * the backward one already in time order. Which signals there are, their names in words, ranges and
 * widths come from the cell table (src/protocol/cell-signals.ts), never from a list here. Pure.
 */

import type { FloatArray } from '../engine/tensor';
import { cellSignals, type CellKind } from '../protocol/cell-signals';
import type { Direction, RecordedLayer, RecordedSignal } from '../protocol/gate-recording';

/** One direction of one layer, as the engine records it: `[1, T, width]` per signal name. */
export type CellRecording = Readonly<Record<string, FloatArray>>;

/** One layer: a single direction, or both of a bidirectional layer. */
export type LayerRecordingOf = CellRecording | { forward: CellRecording; backward: CellRecording };

/** What the conversion needs to know about the stack. */
export interface RecurrentShape {
  cell: CellKind;
  /** H. */
  hiddenSize: number;
  /** P (0: none): the width of a projected LSTM's h. */
  projSize: number;
}

/** Every layer's recording, layer-major and forward before backward, as the Gates panel reads them. */
export function recordedLayers(
  recording: readonly LayerRecordingOf[],
  shape: RecurrentShape,
  steps: number,
): RecordedLayer[] {
  return recording.flatMap((layer, index) =>
    isBidirectional(layer)
      ? [
          recordedLayer(index, 'forward', layer.forward, shape, steps),
          recordedLayer(index, 'backward', layer.backward, shape, steps),
        ]
      : [recordedLayer(index, 'forward', layer, shape, steps)],
  );
}

/** One direction of one layer: each of the cell's signals as `[T, width]` float32. */
export function recordedLayer(
  layer: number,
  direction: Direction,
  arrays: CellRecording,
  shape: RecurrentShape,
  steps: number,
): RecordedLayer {
  const signals = cellSignals(shape.cell, shape.projSize).map((spec): RecordedSignal => {
    const values = arrays[spec.name];
    if (!values) throw new Error(`the ${shape.cell} layer ${layer} (${direction}) recorded no '${spec.name}'`);
    const width = spec.isOutput && shape.projSize > 0 ? shape.projSize : shape.hiddenSize;
    if (values.length < steps * width)
      throw new Error(
        `'${spec.name}' of layer ${layer} (${direction}) has ${values.length} values, fewer than ${steps} steps × ${width}`,
      );
    return { ...spec, width, values: toFloat32(values, steps * width) };
  });
  return { layer, direction, signals };
}

/**
 * What the head reads at every step: the top layer's h, forward ‖ backward for a bidirectional stack,
 * `[T, width]` or `[T, 2·width]` (PyTorch's `output` of the last layer).
 */
export function topLayerOutput(layers: readonly RecordedLayer[], steps: number): Float32Array {
  const top = layers[layers.length - 1].layer;
  const hs = layers.filter((l) => l.layer === top).map((l) => l.signals.find((s) => s.isOutput)!);
  if (hs.length === 1) return hs[0].values;
  const width = hs.reduce((sum, h) => sum + h.width, 0);
  const out = new Float32Array(steps * width);
  for (let t = 0; t < steps; t++) {
    let offset = t * width;
    for (const h of hs) {
      out.set(h.values.subarray(t * h.width, (t + 1) * h.width), offset);
      offset += h.width;
    }
  }
  return out;
}

function isBidirectional(layer: LayerRecordingOf): layer is { forward: CellRecording; backward: CellRecording } {
  // A cell's signals are typed arrays; a pair's `forward` is an object of them.
  return 'forward' in layer && 'backward' in layer && !ArrayBuffer.isView(layer.forward);
}

function toFloat32(values: FloatArray, length: number): Float32Array {
  if (values instanceof Float32Array && values.length === length) return values;
  return Float32Array.from(values.subarray(0, length));
}
