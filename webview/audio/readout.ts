/**
 * What the Audio view says about one model frame: the side readout (every view's values at that frame),
 * the time axis slider's `aria-valuetext` (the time, the symbol heard, the label) and the best path's
 * letters written along the alignment. Pure: text from an analysis and a frame.
 */

import type { AudioAnalysis, CtcAlignment } from '../../src/protocol/audio-view';
import { directionLabel } from '../../src/protocol/gate-recording';
import { formatSeconds, modelFrameCount, spectrogramFramesOf } from './time-axis';
import * as l10n from '../shared/l10n';

export interface ReadoutRow {
  label: string;
  value: string;
}

export interface ReadoutSection {
  title: string;
  rows: ReadoutRow[];
}

/** How a CTC symbol is shown: the blank (index 0) as `·`, a space as `␣`. */
export function displaySymbol(symbol: string, index: number): string {
  if (index === 0) return '·';
  return symbol === ' ' ? '␣' : symbol;
}

/** The `count` most likely symbols at a frame, most likely first. */
export function topSymbols(
  alignment: CtcAlignment,
  frame: number,
  count: number,
): { index: number; symbol: string; probability: number }[] {
  const S = alignment.symbols.length;
  const row = alignment.probabilities.subarray(frame * S, (frame + 1) * S);
  return [...row.keys()]
    .sort((a, b) => row[b] - row[a] || a - b)
    .slice(0, count)
    .map((index) => ({ index, symbol: displaySymbol(alignment.symbols[index], index), probability: row[index] }));
}

/**
 * The best path's letters where they begin: a frame whose symbol is not the blank and differs from the
 * frame before (CTC collapses repeats, so `e e` over two frames is one letter, `e · e` two).
 */
export function bestPathLetters(alignment: CtcAlignment): { frame: number; symbol: string }[] {
  const letters: { frame: number; symbol: string }[] = [];
  let previous = -1;
  for (let t = 0; t < alignment.frames; t++) {
    const id = alignment.bestPath[t];
    if (id !== 0 && id !== previous) letters.push({ frame: t, symbol: displaySymbol(alignment.symbols[id], id) });
    previous = id;
  }
  return letters;
}

/** A probability as the readout and the bars write it: `87.3 %` (one decimal, so a column of them lines up). */
export function percent(probability: number): string {
  return `${(probability * 100).toFixed(1)} %`;
}

function number(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

/** The frame's time span: `0.43 s – 0.46 s`. */
export function frameTime(analysis: AudioAnalysis, frame: number): string {
  return `${formatSeconds(frame * analysis.modelFrameMs)} – ${formatSeconds((frame + 1) * analysis.modelFrameMs)}`;
}

/** The label the model gives the recording had it ended at this frame (class probabilities per step), if known. */
function labelAtFrame(analysis: AudioAnalysis, frame: number): { label: string; probability: number } | null {
  const outputs = analysis.gates.outputs;
  if (outputs.kind !== 'class-probabilities' || frame >= analysis.gates.steps) return null;
  const C = outputs.classes.length;
  let best = 0;
  for (let c = 1; c < C; c++)
    if (outputs.probabilities[frame * C + c] > outputs.probabilities[frame * C + best]) best = c;
  return { label: outputs.classes[best], probability: outputs.probabilities[frame * C + best] };
}

/** The slider's `aria-valuetext`: `0.43 s; hears e (87 %); transcript "seven"` or `…; label seven (93 %)`. */
export function sliderValueText(analysis: AudioAnalysis, frame: number): string {
  const parts = [formatSeconds(frame * analysis.modelFrameMs)];
  if (analysis.alignment) {
    const [top] = topSymbols(analysis.alignment, frame, 1);
    parts.push(
      top.index === 0
        ? l10n.t('blank ({0})', percent(top.probability))
        : l10n.t('hears {0} ({1})', top.symbol, percent(top.probability)),
    );
  }
  const recognition = analysis.recognition;
  if (recognition.kind === 'audio-label') {
    const here = labelAtFrame(analysis, frame);
    parts.push(l10n.t('label {0} ({1})', recognition.label, percent(recognition.probabilities[0]?.probability ?? 0)));
    if (here && here.label !== recognition.label) parts.push(l10n.t('so far {0}', here.label));
  } else {
    parts.push(l10n.t('transcript "{0}"', recognition.text));
  }
  return parts.join('; ');
}

/** The waveform's peak |amplitude| over a time span (its buckets spread evenly over the recording). */
function peakOver(analysis: AudioAnalysis, startMs: number, endMs: number): number {
  const { min, max } = analysis.waveform;
  const buckets = min.length;
  const durationMs = analysis.durationSeconds * 1000;
  if (buckets === 0 || durationMs <= 0) return 0;
  const first = Math.max(0, Math.floor((startMs / durationMs) * buckets));
  const last = Math.min(buckets - 1, Math.max(first, Math.ceil((endMs / durationMs) * buckets) - 1));
  let peak = 0;
  for (let b = first; b <= last; b++) peak = Math.max(peak, Math.abs(min[b]), Math.abs(max[b]));
  return peak;
}

/** Every view's values at one model frame, a section per view, for the side readout. */
export function frameReadout(analysis: AudioAnalysis, frame: number, signal: string): ReadoutSection[] {
  const sections: ReadoutSection[] = [];
  const startMs = frame * analysis.modelFrameMs;
  const endMs = (frame + 1) * analysis.modelFrameMs;
  sections.push({
    title: l10n.t('Time'),
    rows: [
      { label: l10n.t('frame'), value: l10n.t('{0} of {1}', frame + 1, modelFrameCount(analysis)) },
      { label: l10n.t('time'), value: frameTime(analysis, frame) },
      { label: l10n.t('peak amplitude'), value: peakOver(analysis, startMs, endMs).toFixed(3) },
    ],
  });
  const spectrogram = analysis.spectrogram;
  const { first, count } = spectrogramFramesOf(frame, analysis.modelFrameMs, spectrogram.frameMs);
  if (first < spectrogram.frames) {
    const B = spectrogram.bands;
    let loudest = 0;
    let sum = 0;
    let n = 0;
    const band = new Float64Array(B);
    for (let f = first; f < Math.min(spectrogram.frames, first + count); f++)
      for (let b = 0; b < B; b++) band[b] += spectrogram.values[f * B + b];
    for (let b = 0; b < B; b++) {
      sum += band[b];
      n += 1;
      if (band[b] > band[loudest]) loudest = b;
    }
    const frames = Math.min(spectrogram.frames, first + count) - first;
    sections.push({
      title: l10n.t('Spectrogram'),
      rows: [
        {
          label: l10n.t('loudest band'),
          value: l10n.t('{0} of {1} ({2})', loudest + 1, B, number(band[loudest] / frames)),
        },
        { label: l10n.t('mean log-mel'), value: number(sum / n / frames) },
      ],
    });
  }
  const alignment = analysis.alignment;
  if (alignment && frame < alignment.frames) {
    const best = alignment.bestPath[frame];
    sections.push({
      title: l10n.t('CTC alignment'),
      rows: [
        {
          label: l10n.t('best path'),
          value: best === 0 ? l10n.t('· (blank)') : displaySymbol(alignment.symbols[best], best),
        },
        ...topSymbols(alignment, frame, 3).map((s, rank) => ({
          label: rank === 0 ? l10n.t('most likely') : `#${rank + 1}`,
          value: `${s.symbol} ${percent(s.probability)}`,
        })),
      ],
    });
  }
  const here = labelAtFrame(analysis, frame);
  if (here)
    sections.push({ title: l10n.t('Label so far'), rows: [{ label: here.label, value: percent(here.probability) }] });
  const gateRows: ReadoutRow[] = [];
  for (const layer of analysis.gates.gates) {
    const recorded = layer.signals.find((s) => s.name === signal);
    if (!recorded || frame >= analysis.gates.steps) continue;
    const W = recorded.width;
    const row = recorded.values.subarray(frame * W, (frame + 1) * W);
    let sum = 0;
    let top = 0;
    for (let j = 0; j < W; j++) {
      sum += row[j];
      if (Math.abs(row[j]) > Math.abs(row[top])) top = j;
    }
    gateRows.push({
      label: `L${layer.layer + 1} ${directionLabel(layer.direction).split(' ')[0]}`, // L1 →: a name and an arrow
      value: l10n.t('mean {0}, strongest unit {1}: {2}', number(sum / W), top + 1, number(row[top])),
    });
  }
  if (gateRows.length > 0) sections.push({ title: l10n.t('Gates · {0}', signal), rows: gateRows });
  return sections;
}
