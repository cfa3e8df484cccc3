import { describe, expect, it } from 'vitest';
import type { Projection } from '../../../src/protocol/evaluate-view';
import { metricChanges } from '../../../webview/evaluate/metric-change';
import {
  activationRange,
  colouringsOf,
  colourPoints,
  type ColouringPalette,
} from '../../../webview/evaluate/projection-colouring';
import { catalogueFilter } from '../../../webview/evaluate/unit-catalogue';
import { formatUnitList, parseUnitList } from '../../../webview/evaluate/unit-list';
import { describePattern, readPattern, REGEX_PRESETS, type PatternForm } from '../../../webview/evaluate/unit-pattern';

describe('unit lists', () => {
  it('reads numbers and ranges as people type them', () => {
    expect(parseUnitList('3, 17, 40-42', 64)).toEqual({ ok: true, units: [3, 17, 40, 41, 42] });
    expect(parseUnitList(' 40 - 42 3;17 ', 64)).toEqual({ ok: true, units: [3, 17, 40, 41, 42] });
    expect(parseUnitList('5–7, 6, 5', 64)).toEqual({ ok: true, units: [5, 6, 7] });
    expect(parseUnitList('63', 64)).toEqual({ ok: true, units: [63] });
  });

  it('names what is wrong', () => {
    const message = (text: string) => {
      const parsed = parseUnitList(text, 64);
      return parsed.ok ? 'accepted' : parsed.message;
    };
    expect(message('')).toMatch(/at least one unit/);
    expect(message('3, x')).toMatch(/"x" is not a unit number/);
    expect(message('3, -2')).toMatch(/"-2" is not a unit number/);
    expect(message('9-4')).toMatch(/range 9-4 runs backwards/);
    expect(message('3, 64')).toMatch(/Unit 64 is past the last unit \(63\)/);
    expect(message('60-70')).toMatch(/Unit 70 is past/);
  });

  it('writes runs of three or more as a range, and reads back what it writes', () => {
    expect(formatUnitList([42, 3, 40, 17, 41])).toBe('3, 17, 40-42');
    expect(formatUnitList([1, 2, 4])).toBe('1, 2, 4');
    expect(formatUnitList([])).toBe('');
    const units = [0, 1, 2, 5, 9, 10, 11, 12, 30];
    expect(parseUnitList(formatUnitList(units), 64)).toEqual({ ok: true, units });
  });
});

describe('unit patterns', () => {
  const form = (overrides: Partial<PatternForm>): PatternForm => ({
    kind: 'regex',
    regex: '',
    ignoreCase: false,
    label: '',
    column: '',
    op: '>',
    value: '',
    ...overrides,
  });

  it('sends a regular expression that compiles with the u flag, and refuses one that does not', () => {
    expect(readPattern(form({ regex: '[0-9]+', ignoreCase: true }))).toEqual({
      ok: true,
      pattern: { kind: 'regex', source: '[0-9]+', ignoreCase: true },
    });
    const broken = readPattern(form({ regex: '(unclosed' }));
    expect(broken.ok).toBe(false);
    // Valid without `u` but not with it: the worker compiles with `u`.
    expect(readPattern(form({ regex: '\\-' })).ok).toBe(false);
    expect(readPattern(form({ regex: '' })).ok).toBe(false);
  });

  it('offers presets that compile and match what their names say', () => {
    const text = 'say "hi"\n(3 apples) 42';
    const matched = Object.fromEntries(
      REGEX_PRESETS.map((preset) => [preset.name(), text.match(new RegExp(preset.source, 'gu'))]),
    );
    expect(matched['inside quotes']).toEqual(['"hi"']);
    expect(matched['after a newline']).toEqual(['(']);
    expect(matched['digits']).toEqual(['3', '42']);
    expect(matched['inside parentheses']).toEqual(['(3 apples)']);
  });

  it('reads a column condition and a label', () => {
    expect(readPattern(form({ kind: 'column', column: 'temp', op: '>=', value: ' 2,5 ' }))).toEqual({
      ok: true,
      pattern: { kind: 'column', column: 'temp', op: '>=', value: 2.5 },
    });
    expect(readPattern(form({ kind: 'column', column: 'temp', op: '>=', value: 'warm' })).ok).toBe(false);
    expect(readPattern(form({ kind: 'column', column: 'temp', op: '=', value: '1' })).ok).toBe(false);
    expect(readPattern(form({ kind: 'label', label: 'spam' }))).toEqual({
      ok: true,
      pattern: { kind: 'label', label: 'spam' },
    });
    expect(readPattern(form({ kind: 'label' })).ok).toBe(false);
    expect(readPattern(form({ kind: 'position-in-line' }))).toEqual({
      ok: true,
      pattern: { kind: 'position-in-line' },
    });
  });

  it('names a pattern for the caption', () => {
    expect(describePattern({ kind: 'regex', source: '"[^"]*"', ignoreCase: true })).toBe('/"[^"]*"/i');
    expect(describePattern({ kind: 'column', column: 'temp', op: '<', value: 3 })).toBe('temp < 3');
    expect(describePattern({ kind: 'label', label: 'spam' })).toBe('label "spam"');
  });
});

describe('ablation metric changes', () => {
  it('calls a fall in accuracy and a rise in loss worse, the reverse better, noise unchanged', () => {
    const changes = metricChanges(
      { loss: 0.35, accuracy: 0.87, perplexity: 3 },
      { loss: 0.52, accuracy: 0.79, perplexity: 3 + 1e-9 },
    );
    expect(changes.map((c) => [c.key, c.verdict])).toEqual([
      ['loss', 'worse'],
      ['accuracy', 'worse'],
      ['perplexity', 'same'],
    ]);
    expect(changes[0].difference).toBeCloseTo(0.17, 12);
    const better = metricChanges({ accuracy: 0.5, loss: 1 }, { accuracy: 0.6, loss: 0.9 });
    expect(better.map((c) => [c.key, c.verdict])).toEqual([
      ['loss', 'better'],
      ['accuracy', 'better'],
    ]);
  });

  it('lists a metric only one side has, with no difference', () => {
    const [loss, bleu] = metricChanges({ loss: 1, bleu: 20 }, { loss: 1 });
    expect(loss.verdict).toBe('same');
    expect(bleu.key).toBe('bleu');
    expect(bleu.after).toBeUndefined();
    expect(bleu.difference).toBeNaN();
    expect(bleu.verdict).toBe('same');
  });
});

describe('projection colourings', () => {
  const palette: ColouringPalette = {
    categories: [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
    right: [0, 200, 0],
    wrong: [200, 0, 0],
    low: [0, 0, 0],
    high: [100, 100, 100],
    neutral: [200, 200, 200],
    unknown: [50, 50, 50],
  };
  const projection = (extra: Partial<Projection>): Projection => ({
    method: 'pca',
    points: new Float32Array(8),
    sequence: new Int32Array([0, 1, 2, 3]),
    step: new Int32Array([9, 9, 9, 9]),
    sampledFrom: 4,
    ms: 1,
    ...extra,
  });

  it('offers what the answer carries', () => {
    // A unit's activation is always offered: the tab asks for its values.
    expect(colouringsOf(projection({}))).toEqual(['unit']);
    expect(
      colouringsOf(projection({ label: new Int32Array(4), predicted: new Int32Array(4), error: new Float32Array(4) })),
    ).toEqual(['label', 'predicted', 'correct', 'error', 'unit']);
    expect(colouringsOf(projection({ characterClass: new Int8Array(4) }))).toEqual(['characterClass', 'unit']);
  });

  it('colours right and wrong predictions and counts them in the legend', () => {
    const p = projection({ label: new Int32Array([0, 1, 2, -1]), predicted: new Int32Array([0, 2, 2, 1]) });
    const { colors, legend } = colourPoints(p, 'correct', ['a', 'b', 'c'], palette);
    expect(Array.from(colors.filter((_, k) => k % 4 === 0))).toEqual([0, 200, 0, 50]);
    expect(legend).toEqual({
      kind: 'categories',
      items: [
        { name: 'right', rgb: [0, 200, 0], count: 2 },
        { name: 'wrong', rgb: [200, 0, 0], count: 1 },
        { name: 'unknown', rgb: [50, 50, 50], count: 1 },
      ],
    });
  });

  it('names label categories and scales the loss between its 5th and 95th percentile', () => {
    const p = projection({ label: new Int32Array([2, 0, 2, 1]), error: new Float32Array([0, 1, 2, 3]) });
    const labels = colourPoints(p, 'label', ['neg', 'neu', 'pos'], palette).legend;
    expect(labels.kind === 'categories' && labels.items.map((i) => [i.name, i.count])).toEqual([
      ['neg', 1],
      ['neu', 1],
      ['pos', 2],
    ]);
    const { legend } = colourPoints(p, 'error', [], palette);
    expect(legend).toMatchObject({ kind: 'scale', low: 0, high: 3 });
  });

  it('colours a unit’s activation on a diverging scale centred on 0, symmetric at its 95th percentile of |value|', () => {
    // |values| sorted: 0, 0.25, 0.5, 1, …, 1, 4 (20 values): the 95th percentile is the 19th, 1; the 4 is clamped.
    const values = [-1, -0.5, 0, 0.25, 1, 4, ...Array(14).fill(1)];
    const p = projection({
      sequence: new Int32Array(20),
      step: new Int32Array(20),
      unitValues: new Float32Array(values),
    });
    const { colors, legend } = colourPoints(p, 'unit', [], palette, 12);
    expect(legend).toEqual({
      kind: 'diverging',
      name: 'unit 12 activation',
      low: -1,
      high: 1,
      from: [0, 0, 0],
      middle: [200, 200, 200],
      to: [100, 100, 100],
    });
    const red = Array.from(colors.filter((_, k) => k % 4 === 0)).slice(0, 6);
    // −1 → low, −0.5 → halfway low…neutral, 0 → neutral, 0.25 → a quarter neutral…high, 1 and 4 → high.
    expect(red).toEqual([0, 100, 200, 175, 100, 100]);
    expect(colors[3]).toBe(255);
    // Not finite → unknown; all zeros → a unit half-width (no division by 0), every point neutral.
    const odd = colourPoints(projection({ unitValues: new Float32Array([Number.NaN, 0, 0, 0]) }), 'unit', [], palette);
    expect(Array.from(odd.colors.slice(0, 8))).toEqual([50, 50, 50, 255, 200, 200, 200, 255]);
    expect(odd.legend).toMatchObject({ kind: 'diverging', name: 'unit activation', low: -1, high: 1 });
    expect(activationRange([0, 0])).toBe(1);
    expect(activationRange([-3, 2, 1])).toBe(3);
  });
});

describe('unit catalogue filter', () => {
  const entry = (unit: number, text: string) => ({
    address: { layer: 0, direction: 'forward' as const, signal: 'h' as const },
    unit,
    mean: 0,
    max: 1,
    top: [{ sequence: 0, start: 0, end: 1, before: 'x', text, after: 'y' }],
  });

  it('matches a number to the unit and other text to the contexts, ignoring case', () => {
    const entries = [entry(3, 'Quote'), entry(30, 'digit 3'), entry(7, 'other')];
    expect(entries.filter(catalogueFilter('3')).map((e) => e.unit)).toEqual([3]);
    expect(entries.filter(catalogueFilter('quote')).map((e) => e.unit)).toEqual([3]);
    expect(entries.filter(catalogueFilter('  ')).length).toBe(3);
  });
});
