/**
 * What the hover tooltip says: for a cell, its layer (and direction), unit, step, token and the exact
 * recorded value (with the layer's other signals of that unit and step for context — those of the same
 * width: a projected h's units are not the gates'); for a step, its token and the model's
 * output there (top-5 next tokens, class probabilities, or predicted against actual). Pure.
 */

import { directionLabel, signalOf, type GateRecording } from '../../src/protocol/gate-recording';
import type { HoverTarget } from './scene';
import { outputViewOf, type HoverLine } from './tasks';
import { describeToken } from './token-format';
import * as l10n from '../shared/l10n';

export type { HoverLine };

export interface HoverText {
  title: string;
  lines: HoverLine[];
  /** For a cell: what the e2e tests read back (`data-*` attributes of the tooltip). */
  cell?: { layer: number; signal: string; unit: number; step: number; value: number };
}

export function hoverText(recording: GateRecording, target: HoverTarget): HoverText {
  if (target.kind === 'cell' && target.step < 0) return unitText(recording, target.layer, target.signal, target.unit);
  const step = target.step;
  const token = recording.tokenDetails?.[step] ?? describeToken(recording.tokens[step] ?? '');
  if (target.kind === 'step')
    return { title: l10n.t('Step {0} · {1}', step, token), lines: outputLines(recording, step) };
  const { layer, unit, signal } = target;
  const recorded = recording.gates[layer];
  const hovered = signalOf(recorded, signal)!;
  const value = hovered.values[step * hovered.width + unit];
  const lines: HoverLine[] = recorded.signals
    .filter((g) => g.width === hovered.width)
    .map((g) => ({
      label: `${g.name} ${g.label}`,
      value: formatExact(g.values[step * g.width + unit]),
      emphasis: g.name === signal,
    }));
  return {
    title: l10n.t('{0} · unit {1} · step {2} · {3}', layerTitle(recording, layer), unit, step, token),
    lines: [...lines, ...outputLines(recording, step)],
    cell: { layer, signal, unit, step, value },
  };
}

function unitText(recording: GateRecording, layer: number, signal: string, unit: number): HoverText {
  const T = recording.steps;
  const recorded = recording.gates[layer];
  const width = signalOf(recorded, signal)?.width ?? recording.units;
  const lines = recorded.signals
    .filter((g) => g.width === width)
    .map(({ name, values }) => {
      let sum = 0;
      for (let t = 0; t < T; t++) sum += values[t * width + unit];
      return { label: l10n.t('mean {0}', name), value: T === 0 ? '—' : String(Number((sum / T).toPrecision(6))) };
    });
  const hint = width === recording.units ? l10n.t(' — click to chart it, Ctrl/⌘-click to select it') : '';
  return { title: l10n.t('{0} · unit {1}{2}', layerTitle(recording, layer), unit, hint), lines };
}

/** `Layer 2`, or `Layer 2 ← backward` in a bidirectional model. */
export function layerTitle(recording: GateRecording, layer: number): string {
  const recorded = recording.gates[layer];
  return l10n.t(
    'Layer {0}{1}',
    recorded.layer + 1,
    recording.bidirectional ? ` ${directionLabel(recorded.direction)}` : '',
  );
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
