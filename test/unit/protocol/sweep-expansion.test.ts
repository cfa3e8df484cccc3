import { describe, expect, it } from 'vitest';
import {
  describeSweepParameter,
  expandSweep,
  MAX_SWEEP_TRIALS,
  mulberry32,
  parseSweepSpec,
  sweepSpecProblem,
  trialConfiguration,
} from '../../../src/protocol/sweep-expansion';
import { SWEEP_FORMAT, type SweepSpec } from '../../../src/protocol/sweep';

function spec(parts: Partial<SweepSpec>): SweepSpec {
  return {
    format: SWEEP_FORMAT,
    base: { format: 'lstm-studio-config/1', dataset: 'reviews.csv', settings: { epochs: 1 } },
    parameters: {},
    method: 'grid',
    ...parts,
  };
}

describe('expandSweep: grid', () => {
  it('runs every combination, the last key varying fastest', () => {
    const trials = expandSweep(
      spec({ parameters: { lr: { values: [0.01, 0.001] }, hiddenSize: { values: [16, 32, 64] } } }),
    );
    expect(trials.map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(trials.map((t) => [t.settings.lr, t.settings.hiddenSize])).toEqual([
      [0.01, 16],
      [0.01, 32],
      [0.01, 64],
      [0.001, 16],
      [0.001, 32],
      [0.001, 64],
    ]);
  });

  it('keeps the parameters in the file’s key order in each trial', () => {
    const [first] = expandSweep(spec({ parameters: { cell: { values: ['gru'] }, dropout: { values: [0.1] } } }));
    expect(Object.keys(first.settings)).toEqual(['cell', 'dropout']);
  });

  it('spaces a linear range evenly, ends included', () => {
    const trials = expandSweep(spec({ parameters: { dropout: { min: 0, max: 0.6, count: 4 } } }));
    expect(trials.map((t) => t.settings.dropout)).toEqual([0, 0.2, 0.4, 0.6]);
  });

  it('spaces a log range geometrically, to clean numbers', () => {
    const trials = expandSweep(spec({ parameters: { lr: { min: 1e-4, max: 1e-1, scale: 'log', count: 4 } } }));
    expect(trials.map((t) => t.settings.lr)).toEqual([0.0001, 0.001, 0.01, 0.1]);
  });

  it('rounds an integer range and drops the repeats rounding makes', () => {
    const trials = expandSweep(spec({ parameters: { hiddenSize: { min: 8, max: 10, count: 5 } } }));
    // 8, 8.5, 9, 9.5, 10 → 8, 9 (8.5 rounds up), 9, 10, 10
    expect(trials.map((t) => t.settings.hiddenSize)).toEqual([8, 9, 10]);
    const log = expandSweep(spec({ parameters: { hiddenSize: { min: 16, max: 256, scale: 'log', count: 5 } } }));
    expect(log.map((t) => t.settings.hiddenSize)).toEqual([16, 32, 64, 128, 256]);
  });

  it('drops repeated values from a list', () => {
    expect(expandSweep(spec({ parameters: { cell: { values: ['lstm', 'gru', 'lstm'] } } }))).toHaveLength(2);
  });

  it('gives a one-point range its minimum', () => {
    expect(expandSweep(spec({ parameters: { batchSize: { min: 8, max: 64, count: 1 } } }))[0].settings).toEqual({
      batchSize: 8,
    });
  });
});

describe('expandSweep: random', () => {
  const random = spec({
    method: 'random',
    count: 20,
    seed: 7,
    parameters: {
      lr: { min: 1e-4, max: 1e-1, scale: 'log' },
      dropout: { min: 0, max: 0.5 },
      hiddenSize: { min: 16, max: 64 },
      cell: { values: ['lstm', 'gru'] },
    },
  });

  it('draws the same runs from the same seed, other runs from another', () => {
    expect(expandSweep(random)).toEqual(expandSweep(random));
    expect(expandSweep({ ...random, seed: 8 })).not.toEqual(expandSweep(random));
  });

  it('keeps every draw in its range, integers whole, numbers to 4 significant digits, choices from the list', () => {
    const trials = expandSweep(random);
    expect(trials).toHaveLength(20);
    for (const { settings } of trials) {
      expect(Number(settings.lr!.toPrecision(4))).toBe(settings.lr);
      expect(Number(settings.dropout!.toPrecision(4))).toBe(settings.dropout);
      expect(settings.lr).toBeGreaterThanOrEqual(1e-4);
      expect(settings.lr).toBeLessThanOrEqual(1e-1);
      expect(settings.dropout).toBeGreaterThanOrEqual(0);
      expect(settings.dropout).toBeLessThanOrEqual(0.5);
      expect(Number.isInteger(settings.hiddenSize)).toBe(true);
      expect(settings.hiddenSize).toBeGreaterThanOrEqual(16);
      expect(settings.hiddenSize).toBeLessThanOrEqual(64);
      expect(['lstm', 'gru']).toContain(settings.cell);
    }
  });

  it('draws a log range log-uniformly: about as many draws in each decade', () => {
    const trials = expandSweep(
      spec({ method: 'random', count: 900, parameters: { lr: { min: 1e-4, max: 1e-1, scale: 'log' } } }),
    );
    const decades = [0, 0, 0];
    for (const { settings } of trials) decades[Math.min(2, Math.floor(Math.log10(settings.lr!) + 4))]++;
    for (const n of decades) expect(n).toBeGreaterThan(240);
  });

  it('never repeats a combination of a small finite grid, and takes all of it when asked', () => {
    const small = spec({
      method: 'random',
      count: 6,
      seed: 3,
      parameters: { cell: { values: ['lstm', 'gru'] }, numLayers: { min: 1, max: 3 } },
    });
    const keys = expandSweep(small).map((t) => `${t.settings.cell}/${t.settings.numLayers}`);
    expect(new Set(keys).size).toBe(6);
    expect(sweepSpecProblem({ ...small, count: 7 })).toMatch(/only 6 different combinations/);
  });

  it('uses seed 0 when none is given', () => {
    const { seed: _seed, ...unseeded } = random;
    expect(expandSweep(unseeded)).toEqual(expandSweep({ ...random, seed: 0 }));
  });

  it('mulberry32 gives the reference algorithm’s first outputs of seed 0 (checked in Python) and stays in [0, 1)', () => {
    const next = mulberry32(0);
    const first = [next(), next(), next()];
    expect(first.map((x) => Math.round(x * 4294967296))).toEqual([1144304738, 1416247, 958946056]);
    const more = mulberry32(12345);
    for (let i = 0; i < 10_000; i++) {
      const x = more();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});

describe('sweep refusals, each naming the parameter', () => {
  const problem = (parts: Partial<SweepSpec>) => sweepSpecProblem(spec(parts));

  it('refuses unknown and unsweepable settings', () => {
    expect(problem({ parameters: { learningRate: { values: [1] } } as never })).toMatch(
      /parameters\.learningRate: unknown setting/,
    );
    expect(problem({ parameters: { validationFraction: { values: [0.1, 0.2] } } })).toMatch(
      /parameters\.validationFraction: .*cannot be swept/,
    );
  });

  it('refuses values its setting’s rule refuses', () => {
    expect(problem({ parameters: { batchSize: { values: [16, 0] } } })).toBe(
      'parameters.batchSize: batchSize must be an integer in [1, 65536], got 0',
    );
    expect(problem({ parameters: { cell: { values: ['lstm', 'rnn'] } } })).toMatch(
      /parameters\.cell: cell must be one of lstm, gru/,
    );
    expect(problem({ parameters: { dropout: { min: 0, max: 1, count: 3 } } })).toMatch(
      /parameters\.dropout\.max: dropout must be/,
    );
    expect(problem({ parameters: { hiddenSize: { min: 1.5, max: 8, count: 2 } } })).toMatch(
      /parameters\.hiddenSize\.min/,
    );
  });

  it('refuses ranges that cannot be', () => {
    expect(problem({ parameters: { cell: { min: 0, max: 1, count: 2 } } })).toMatch(/a choice; give "values"/);
    expect(problem({ parameters: { lr: { min: 0.1, max: 0.01, count: 2 } } })).toMatch(/"min" \(0\.1\) is above "max"/);
    expect(problem({ parameters: { weightDecay: { min: 0, max: 0.1, scale: 'log', count: 2 } } })).toMatch(
      /log range needs "min" > 0/,
    );
    expect(problem({ parameters: { lr: { min: 0.01, max: 0.1 } } })).toMatch(
      /parameters\.lr: a grid range needs "count"/,
    );
    expect(problem({ parameters: { lr: { values: [] } } })).toMatch(/non-empty list/);
    expect(problem({ parameters: {} })).toMatch(/"parameters" is empty/);
  });

  it('refuses a random sweep without a count, and grid-only fields on the wrong method', () => {
    expect(problem({ method: 'random', parameters: { lr: { min: 0.01, max: 0.1 } } })).toMatch(/needs "count"/);
    expect(problem({ count: 3, parameters: { lr: { values: [0.1] } } })).toMatch(/"count" is for random sweeps/);
    expect(problem({ maxConcurrent: 0, parameters: { lr: { values: [0.1] } } })).toMatch(/"maxConcurrent"/);
  });

  it(`caps a sweep at ${MAX_SWEEP_TRIALS} runs with the product in the message`, () => {
    const big = {
      hiddenSize: { min: 8, max: 512, count: 20 },
      lr: { min: 1e-4, max: 1e-1, scale: 'log' as const, count: 10 },
      dropout: { min: 0, max: 0.5, count: 6 },
    };
    expect(problem({ parameters: big })).toBe(
      'the grid has 1200 combinations (20 × 10 × 6): a sweep may have at most 1000 runs',
    );
    expect(() => expandSweep(spec({ parameters: big }))).toThrow(/at most 1000 runs/);
    expect(problem({ method: 'random', count: 1001, parameters: { lr: { min: 0.01, max: 0.1 } } })).toMatch(
      /at most 1000 runs/,
    );
  });
});

describe('parseSweepSpec', () => {
  const file = {
    format: SWEEP_FORMAT,
    name: 'lr × hidden',
    base: { dataset: 'reviews.csv', settings: { maxSteps: 20 } },
    parameters: { lr: { values: [0.01, 0.003] }, hiddenSize: { values: [16, 32] } },
    method: 'grid',
    maxConcurrent: 2,
  };

  it('reads a sweep file, the base configuration’s format filled in', () => {
    const parsed = parseSweepSpec(JSON.stringify(file), 'sweep.json');
    expect(parsed.base).toEqual({ format: 'lstm-studio-config/1', dataset: 'reviews.csv', settings: { maxSteps: 20 } });
    expect(expandSweep(parsed)).toHaveLength(4);
    expect(parsed.maxConcurrent).toBe(2);
  });

  it('names the file and the field in every refusal', () => {
    const bad = (o: object) => () => parseSweepSpec(JSON.stringify({ ...file, ...o }), 'sweep.json');
    expect(() => parseSweepSpec('{', 'sweep.json')).toThrow(/^sweep\.json: not JSON/);
    expect(bad({ format: 'lstm-studio-sweep/2' })).toThrow(/sweep\.json: "format" must be "lstm-studio-sweep\/1"/);
    expect(bad({ metod: 'grid' })).toThrow(/sweep\.json: unknown field "metod"/);
    expect(bad({ base: { settings: { epochs: 0 } } })).toThrow(/sweep\.json: base: settings\.epochs must be/);
    expect(bad({ parameters: { lr: 0.1 } })).toThrow(/sweep\.json: parameters\.lr must be \{"values"/);
    expect(bad({ parameters: { lr: { values: [0.1], min: 0 } } })).toThrow(/unknown field "min" beside "values"/);
    expect(bad({ parameters: { lr: { min: 0.1, max: 1, steps: 3 } } })).toThrow(
      /parameters\.lr: unknown field "steps"/,
    );
    expect(bad({ parameters: { lr: { values: [0.1, -1] } } })).toThrow(/sweep\.json: parameters\.lr: lr must be/);
    expect(bad({ method: 'bayes' })).toThrow(/"method" must be "grid" or "random"/);
  });
});

describe('trialConfiguration and describeSweepParameter', () => {
  it('puts a trial’s settings over the base, a swept setting winning over a fixed one', () => {
    const s = spec({
      base: { format: 'lstm-studio-config/1', settings: { epochs: 1, lr: 0.5 } },
      parameters: { lr: { values: [0.01] } },
    });
    const [trial] = expandSweep(s);
    expect(trialConfiguration(s, trial).settings).toEqual({ epochs: 1, lr: 0.01 });
    expect(s.base.settings.lr).toBe(0.5);
  });

  it('describes a parameter for the plan', () => {
    expect(describeSweepParameter('cell', { values: ['lstm', 'gru'] }, 'grid')).toBe('cell: lstm, gru');
    expect(describeSweepParameter('lr', { min: 0.001, max: 0.1, scale: 'log', count: 3 }, 'grid')).toBe(
      'lr: 0.001, 0.01, 0.1 (log, 0.001 … 0.1)',
    );
    expect(describeSweepParameter('lr', { min: 0.001, max: 0.1, scale: 'log' }, 'random')).toBe(
      'lr: 0.001 … 0.1 (log-uniform)',
    );
  });
});
