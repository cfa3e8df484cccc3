/**
 * The one time axis every view of the Audio view shares: the waveform, the spectrogram, the CTC alignment
 * and the gate maps all draw time t (milliseconds from the start of the recording) at the same x, so a
 * vertical line through any of them is one moment. A model frame k covers [k·modelFrameMs, (k+1)·modelFrameMs)
 * (the hop times the frames stacked into one step); a spectrogram frame f starts at f·frameMs. Pure.
 */

import type { AudioAnalysis } from '../../src/protocol/audio-view';

export interface TimeAxis {
  /** The plot's left edge and width, in CSS pixels. */
  left: number;
  width: number;
  /** The axis spans 0 … durationMs (at least the model frames' span, so no frame is cut off). */
  durationMs: number;
  /** Model steps: the alignment's and the gates' columns. */
  modelFrames: number;
  modelFrameMs: number;
}

/** Model frames of an analysis: the alignment's, else the gate recording's steps. */
export function modelFrameCount(analysis: AudioAnalysis): number {
  return analysis.alignment?.frames ?? analysis.gates.steps;
}

export function timeAxisOf(analysis: AudioAnalysis, left: number, width: number): TimeAxis {
  const modelFrames = modelFrameCount(analysis);
  const modelFrameMs = analysis.modelFrameMs > 0 ? analysis.modelFrameMs : 10;
  const durationMs = Math.max(analysis.durationSeconds * 1000, modelFrames * modelFrameMs, 1);
  return { left, width: Math.max(1, width), durationMs, modelFrames, modelFrameMs };
}

export function xOfMs(axis: TimeAxis, ms: number): number {
  return axis.left + (ms / axis.durationMs) * axis.width;
}

export function msOfX(axis: TimeAxis, x: number): number {
  return ((x - axis.left) / axis.width) * axis.durationMs;
}

/** The model frame under x, or null outside the model frames (the margin, the dropped tail). */
export function modelFrameAtX(axis: TimeAxis, x: number): number | null {
  return modelFrameAtMs(axis, msOfX(axis, x));
}

/** The model frame playing at `ms` (a playhead), or null outside the frames. */
export function modelFrameAtMs(axis: TimeAxis, ms: number): number | null {
  if (!(ms >= 0)) return null;
  const frame = Math.floor(ms / axis.modelFrameMs);
  return frame < axis.modelFrames ? frame : null;
}

/** A frame index kept inside 0 … modelFrames − 1 (keyboard steps past either end stop there). */
export function clampFrame(axis: TimeAxis, frame: number): number {
  return Math.min(Math.max(0, Math.round(frame)), Math.max(0, axis.modelFrames - 1));
}

/** Where model frame k is drawn: [x0, x1). */
export function frameSpanX(axis: TimeAxis, frame: number): { x0: number; x1: number } {
  return { x0: xOfMs(axis, frame * axis.modelFrameMs), x1: xOfMs(axis, (frame + 1) * axis.modelFrameMs) };
}

/** The spectrogram frames model frame k was stacked from: [first, first + count). */
export function spectrogramFramesOf(
  frame: number,
  modelFrameMs: number,
  spectrogramFrameMs: number,
): { first: number; count: number } {
  const count = Math.max(1, Math.round(modelFrameMs / spectrogramFrameMs));
  return { first: frame * count, count };
}

/** The moment a frame starts, written for people: `0.43 s`, `1.20 s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

const TICK_STEPS_MS = [10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000];

/** Tick times (ms) for the axis: the smallest round step that leaves at least `minGapPx` between labels. */
export function timeTicks(axis: TimeAxis, minGapPx = 64): number[] {
  const step = TICK_STEPS_MS.find((s) => (s / axis.durationMs) * axis.width >= minGapPx) ?? TICK_STEPS_MS.at(-1)!;
  const ticks: number[] = [];
  for (let t = 0; t <= axis.durationMs + 1e-9; t += step) ticks.push(t);
  return ticks;
}
