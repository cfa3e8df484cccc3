/**
 * The CSV export of the maps shown: one row per step (`step`, `token`), one column per shown unit of each
 * shown map, named `layer<l>.<signal>.unit<j>` (1-based layers, 0-based units as in the panel;
 * `layer<l>.<direction>.<signal>.unit<j>` in a bidirectional model), in the panel's order. Values are float32 written with 9 significant digits, which read back to the exact
 * recorded value. Pure: no DOM.
 */

import { signalOf, type GateRecording } from '../../src/protocol/gate-recording';

export interface ShownMap {
  /** The entry of `recording.gates` (a layer's direction). */
  layer: number;
  signal: string;
  /** Units in display order. */
  order: Int32Array;
}

export function buildGatesCsv(recording: GateRecording, maps: readonly ShownMap[]): string {
  const header = ['step', 'token'];
  for (const map of maps) {
    const recorded = recording.gates[map.layer];
    const direction = recording.bidirectional ? `.${recorded.direction}` : '';
    for (const unit of map.order) header.push(`layer${recorded.layer + 1}${direction}.${map.signal}.unit${unit}`);
  }
  const columns = maps.map((map) => signalOf(recording.gates[map.layer], map.signal)!);
  const lines = [header.join(',')];
  for (let t = 0; t < recording.steps; t++) {
    const cells = [String(t), csvField(recording.tokens[t] ?? '')];
    for (let m = 0; m < maps.length; m++) {
      const { values, width } = columns[m];
      for (const unit of maps[m].order) cells.push(formatFloat32(values[t * width + unit]));
    }
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/** A float32 with 9 significant digits (enough to read back the same float32), without trailing zeros. */
export function formatFloat32(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(9))) : String(x);
}

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A file name from the model and the input: letters, digits, `.`, `_` and `-` only. */
export function exportFileName(base: string, suffix: string, extension: 'csv' | 'png'): string {
  const clean =
    base
      .replace(/\.safetensors$/, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'gates';
  return `${clean}-${suffix}.${extension}`;
}
