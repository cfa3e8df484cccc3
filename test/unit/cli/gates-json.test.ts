/**
 * `lstm-studio gates --json`: the recording as nested lists, one entry per layer and direction, each
 * signal with its words, range, width and `values[step][unit]` — for a GRU, a bidirectional stack and a
 * projected LSTM alike (hand-made recordings, see test/unit/webview/gate-recordings.ts).
 */

import { describe, expect, it } from 'vitest';
import { recordingJson } from '../../../src/cli/gates-command';
import { makeRecording, valueAt } from '../webview/gate-recordings';

interface JsonSignal {
  label: string;
  range: string;
  width: number;
  values: number[][];
}
interface JsonRecording {
  cell: string;
  bidirectional: boolean;
  projSize: number;
  units: number;
  gates: { layer: number; direction: string; signals: Record<string, JsonSignal> }[];
}

describe('gates --json', () => {
  it('exports a bidirectional GRU layer by layer and direction, r z n h in words', () => {
    const json = recordingJson(
      makeRecording({ cell: 'gru', steps: 3, units: 2, layers: 2, bidirectional: true }),
    ) as JsonRecording;
    expect([json.cell, json.bidirectional, json.projSize, json.units]).toEqual(['gru', true, 0, 2]);
    expect(json.gates.map((g) => `${g.layer} ${g.direction}`)).toEqual([
      '0 forward',
      '0 backward',
      '1 forward',
      '1 backward',
    ]);
    const z = json.gates[3].signals.z;
    expect(Object.keys(json.gates[3].signals)).toEqual(['r', 'z', 'n', 'h']);
    expect([z.label, z.range, z.width]).toEqual(['update gate', 'unit', 2]);
    expect(z.values[2][1]).toBe(valueAt('gru', 'z', 1, true, 2, 1));
  });

  it('exports a projected h P wide', () => {
    const json = recordingJson(makeRecording({ steps: 2, units: 4, projSize: 3 })) as JsonRecording;
    const { h, c } = json.gates[0].signals;
    expect([h.label, h.range, h.width, h.values[1].length]).toEqual(['projected hidden state', 'unbounded', 3, 3]);
    expect(c.values[1].length).toBe(4);
    expect(json.projSize).toBe(3);
  });
});
