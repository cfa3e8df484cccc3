/**
 * What the hover tooltip says: for a cell, its layer, unit, step, token and the exact recorded value
 * (with the other five signals of that unit and step for context); for a step, its token and the model's
 * output there (top-5 next tokens, class probabilities, or predicted against actual). Pure.
 */

import { GATE_SIGNALS, type GateRecording, type GateSignal } from '../../src/protocol/gate-recording';
import type { HoverTarget } from './scene';
import { SIGNAL_NAMES } from './scene';
import { outputViewOf, type HoverLine } from './tasks';
import { describeToken } from './token-format';

export type { HoverLine };

export interface HoverText {
  title: string;
  lines: HoverLine[];
  /** For a cell: what the e2e tests read back (`data-*` attributes of the tooltip). */
  cell?: { layer: number; signal: GateSignal; unit: number; step: number; value: number };
}

export function hoverText(recording: GateRecording, target: HoverTarget): HoverText {
  if (target.kind === 'cell' && target.step < 0) return unitText(recording, target.layer, target.unit);
  const step = target.step;
  const token = recording.tokenDetails?.[step] ?? describeToken(recording.tokens[step] ?? '');
  if (target.kind === 'step') return { title: `Step ${step} · ${token}`, lines: outputLines(recording, step) };
  const { layer, unit, signal } = target;
  const H = recording.units;
  const value = recording.gates[layer][signal][step * H + unit];
  const lines: HoverLine[] = GATE_SIGNALS.map((g) => ({
    label: `${g} ${SIGNAL_NAMES[g]}`,
    value: formatExact(recording.gates[layer][g][step * H + unit]),
    emphasis: g === signal,
  }));
  return {
    title: `Layer ${layer + 1} · unit ${unit} · step ${step} · ${token}`,
    lines: [...lines, ...outputLines(recording, step)],
    cell: { layer, signal, unit, step, value },
  };
}

function unitText(recording: GateRecording, layer: number, unit: number): HoverText {
  const H = recording.units;
  const T = recording.steps;
  const lines = GATE_SIGNALS.map((g) => {
    const values = recording.gates[layer][g];
    let sum = 0;
    for (let t = 0; t < T; t++) sum += values[t * H + unit];
    return { label: `mean ${g}`, value: T === 0 ? '—' : String(Number((sum / T).toPrecision(6))) };
  });
  return { title: `Layer ${layer + 1} · unit ${unit} — click to chart it, Ctrl/⌘-click to select it`, lines };
}

function outputLines(recording: GateRecording, step: number): HoverLine[] {
  const out = recording.outputs;
  return outputViewOf(out.kind).hoverLines(out, step);
}

/** The recorded float32 exactly (shortest decimal that reads back to it). */
export function formatExact(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  for (let digits = 6; digits <= 9; digits++) {
    const text = x.toPrecision(digits);
    if (Math.fround(Number(text)) === x) return String(Number(text));
  }
  return String(x);
}
