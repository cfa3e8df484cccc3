/**
 * The Audio view's pure parts, on a real-sized synthetic analysis (300 frames of 10 ms, 40 mel bands,
 * 29 symbols, 2 layers × 2 directions × 64 units): the shared time axis (time ↔ x ↔ model frame), the
 * layout of the views on it, the readout and the slider's text, the best path's letters, the heatmap
 * pixels and the saved view state.
 */

import { describe, expect, it } from 'vitest';
import { syntheticAudioAnalysis } from '../../fixtures/audio/audio-analysis-fixture.mjs';
import type { AudioAnalysis, CtcAlignment } from '../../../src/protocol/audio-view';
import {
  clampFrame,
  formatSeconds,
  frameSpanX,
  modelFrameAtMs,
  modelFrameAtX,
  msOfX,
  spectrogramFramesOf,
  timeAxisOf,
  timeTicks,
  xOfMs,
} from '../../../webview/audio/time-axis';
import { bandAtY, layoutAudioView, LABEL_WIDTH, rowHeightFor } from '../../../webview/audio/layout';
import {
  bestPathLetters,
  displaySymbol,
  frameReadout,
  sliderValueText,
  topSymbols,
} from '../../../webview/audio/readout';
import { heatmapPixels, spectrogramDomain, themedScale } from '../../../webview/audio/heatmap-image';
import { readAudioViewState } from '../../../webview/audio/view-state';

const transcript = syntheticAudioAnalysis({ recognition: 'transcript' });
const label = syntheticAudioAnalysis({ recognition: 'audio-label' });

/** An alignment of a few frames from best-path symbol ids (probability 0.9 on the id, the rest shared). */
function alignmentOf(path: number[], symbols = ['', ' ', 'a', 'b']): CtcAlignment {
  const S = symbols.length;
  const probabilities = new Float32Array(path.length * S);
  path.forEach((id, t) => {
    for (let s = 0; s < S; s++) probabilities[t * S + s] = s === id ? 0.9 : 0.1 / (S - 1);
  });
  return { symbols, frames: path.length, probabilities, bestPath: Int32Array.from(path) };
}

describe('the shared time axis', () => {
  const axis = timeAxisOf(transcript, 64, 1000);

  it('spans the recording and maps time to x and back', () => {
    expect(axis.modelFrames).toBe(300);
    expect(axis.durationMs).toBeCloseTo(3015, 6);
    expect(xOfMs(axis, 0)).toBe(64);
    expect(xOfMs(axis, axis.durationMs)).toBe(1064);
    for (const ms of [0, 12.5, 1500, 3000]) expect(msOfX(axis, xOfMs(axis, ms))).toBeCloseTo(ms, 9);
  });

  it('finds the model frame under x and under a playhead, and none outside the frames', () => {
    for (const frame of [0, 1, 150, 299]) {
      const { x0, x1 } = frameSpanX(axis, frame);
      expect(x1).toBeGreaterThan(x0);
      expect(modelFrameAtX(axis, (x0 + x1) / 2)).toBe(frame);
    }
    expect(modelFrameAtX(axis, 63)).toBeNull();
    // The dropped tail (3000 … 3015 ms) has no model frame.
    expect(modelFrameAtMs(axis, 3005)).toBeNull();
    expect(modelFrameAtMs(axis, 2999.9)).toBe(299);
    expect(modelFrameAtMs(axis, Number.NaN)).toBeNull();
  });

  it('keeps keyboard steps inside the frames', () => {
    expect(clampFrame(axis, -4)).toBe(0);
    expect(clampFrame(axis, 400)).toBe(299);
    expect(clampFrame(axis, 17)).toBe(17);
  });

  it('maps a stacked model frame to the spectrogram frames it was made of', () => {
    expect(spectrogramFramesOf(7, 30, 10)).toEqual({ first: 21, count: 3 });
    expect(spectrogramFramesOf(7, 10, 10)).toEqual({ first: 7, count: 1 });
  });

  it('puts round ticks at least 64 px apart and writes seconds', () => {
    const ticks = timeTicks(axis);
    expect(ticks[0]).toBe(0);
    expect(ticks[1]).toBe(200);
    expect(ticks.at(-1)).toBe(3000);
    expect(formatSeconds(1234)).toBe('1.23 s');
  });
});

describe('the layout of the views', () => {
  it('stacks waveform, spectrogram, alignment and one gate map per layer and direction on one axis', () => {
    const layout = layoutAudioView(transcript, 1200, 'h');
    expect(layout.bands.map((b) => b.kind)).toEqual([
      'waveform',
      'spectrogram',
      'alignment',
      'gates',
      'gates',
      'gates',
      'gates',
    ]);
    expect(layout.axis.left).toBe(LABEL_WIDTH);
    const [, spectrogram, alignment, gates] = layout.bands;
    expect(spectrogram.rows).toBe(40);
    expect(spectrogram.height).toBe(160);
    expect(alignment.rows).toBe(29);
    expect(alignment.rowHeight).toBe(10);
    expect(gates.rows).toBe(64);
    expect(gates.height).toBe(128);
    expect(gates.title).toBe('Layer 1 → forward · h (hidden state, 64 units)');
    expect(layout.bands.at(-1)!.title).toContain('Layer 2 ← backward');
    // The letters' strip sits right above the alignment; nothing overlaps.
    expect(layout.letters!.top + layout.letters!.height).toBe(alignment.top);
    for (let k = 1; k < layout.bands.length; k++)
      expect(layout.bands[k].top).toBeGreaterThanOrEqual(layout.bands[k - 1].top + layout.bands[k - 1].height);
    expect(layout.height).toBeGreaterThan(layout.ticksTop);
    expect(bandAtY(layout, gates.top + 5)).toBe(gates);
    expect(bandAtY(layout, gates.top - 1)).toBeNull();
  });

  it('has no alignment for a label, and follows the chosen signal', () => {
    const layout = layoutAudioView(label, 900, 'f');
    expect(layout.letters).toBeNull();
    expect(layout.bands.map((b) => b.kind)).not.toContain('alignment');
    expect(layout.bands[2].title).toContain('· f (forget gate');
  });

  it('gives a heatmap rows of 1 … max pixels', () => {
    expect(rowHeightFor(64, 128, 4)).toBe(2);
    expect(rowHeightFor(512, 128, 4)).toBe(1);
    expect(rowHeightFor(8, 128, 4)).toBe(4);
  });
});

describe('the readout', () => {
  it('writes the blank as · and a space as ␣', () => {
    expect(displaySymbol('', 0)).toBe('·');
    expect(displaySymbol(' ', 1)).toBe('␣');
    expect(displaySymbol('e', 5)).toBe('e');
  });

  it('writes the best path’s letters where they begin, repeats collapsed, a blank between two of the same', () => {
    const alignment = alignmentOf([0, 2, 2, 0, 2, 1, 3, 3, 0]);
    expect(bestPathLetters(alignment)).toEqual([
      { frame: 1, symbol: 'a' },
      { frame: 4, symbol: 'a' },
      { frame: 5, symbol: '␣' },
      { frame: 6, symbol: 'b' },
    ]);
    expect(topSymbols(alignment, 6, 2).map((s) => s.symbol)).toEqual(['b', '·']);
  });

  it('reads every view at a frame', () => {
    const letterFrame = bestPathLetters(transcript.alignment!)[0].frame;
    const sections = frameReadout(transcript, letterFrame, 'h');
    expect(sections.map((s) => s.title)).toEqual(['Time', 'Spectrogram', 'CTC alignment', 'Gates · h']);
    expect(sections[0].rows[0].value).toBe(`${letterFrame + 1} of 300`);
    expect(sections[2].rows[0]).toEqual({ label: 'best path', value: 's' });
    expect(sections[3].rows).toHaveLength(4);
    expect(sections[3].rows[1].label).toBe('L1 ←');
  });

  it('says the time, the symbol heard and the transcript or label on the slider', () => {
    const letterFrame = bestPathLetters(transcript.alignment!)[0].frame;
    expect(sliderValueText(transcript, letterFrame)).toMatch(
      /^0\.\d\d s; hears s \(\d+(\.\d)? %\); transcript "seven one three"$/,
    );
    expect(sliderValueText(label, 10)).toBe('0.10 s; label seven (90.0 %)');
    const sections = frameReadout(label, 299, 'c');
    expect(sections.find((s) => s.title === 'Label so far')!.rows[0].label).toBe('seven');
    expect(sections.at(-1)!.title).toBe('Gates · c');
  });

  it('stays inside the arrays at the last frame of a stacked analysis', () => {
    const stacked: AudioAnalysis = { ...transcript, modelFrameMs: 30 };
    expect(() => frameReadout(stacked, 99, 'h')).not.toThrow();
    expect(frameReadout(stacked, 99, 'h')[1].title).toBe('Spectrogram');
  });
});

describe('heatmap pixels', () => {
  const scale = themedScale(['#000000', '#0000ff', '#ffffff'], 0, 1);

  it('puts frame t in column t, a band bottom-up and a symbol top-down', () => {
    // values (frames 2, rows 3)
    const values = Float32Array.from([0, 0.5, 1, 1, 0, 0]);
    const up = heatmapPixels(values, 2, 3, scale, 'bottom-up');
    expect(up.width).toBe(2);
    expect(up.height).toBe(3);
    // Row 0 of frame 0 (value 0) at the bottom, row 2 (value 1) at the top.
    expect(up.pixels[2 * 2 + 0]).toBe(scale.packed[0]);
    expect(up.pixels[0 * 2 + 0]).toBe(scale.packed[255]);
    const down = heatmapPixels(values, 2, 3, scale, 'top-down');
    expect(down.pixels[0 * 2 + 1]).toBe(scale.packed[255]);
    expect(down.pixels[2 * 2 + 1]).toBe(scale.packed[0]);
  });

  it('runs from the background through the middle colour to the strongest', () => {
    expect(Array.from(scale.lut.subarray(0, 4))).toEqual([0, 0, 0, 255]);
    expect(Array.from(scale.lut.subarray(255 * 4, 256 * 4))).toEqual([255, 255, 255, 255]);
  });

  it('keeps the spectrogram’s scale within 12 log units of its loudest cell', () => {
    expect(spectrogramDomain(Float32Array.from([-13.8, -2, 4]))).toEqual([-8, 4]);
    expect(spectrogramDomain(Float32Array.from([1, 2, Number.NaN]))).toEqual([1, 2]);
    expect(spectrogramDomain(new Float32Array(0))).toEqual([0, 1]);
  });
});

describe('the saved view state', () => {
  it('keeps what is well formed and defaults the rest', () => {
    expect(readAudioViewState(undefined)).toEqual({
      audioPath: undefined,
      checkpointPath: undefined,
      beam: 1,
      signal: 'h',
    });
    expect(readAudioViewState({ beam: 8, signal: 'f', audioPath: '/a.wav' })).toMatchObject({
      beam: 8,
      signal: 'f',
      audioPath: '/a.wav',
    });
    expect(readAudioViewState({ beam: -3, signal: 4 })).toMatchObject({ beam: 1, signal: 'h' });
  });
});
