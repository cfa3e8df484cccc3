import { describe, expect, it } from 'vitest';
import {
  appendForecast,
  decodeForecastInUnits,
  firstSteps,
  formatQuantileRows,
} from '../../../../src/tasks/forecasting/decode-output';

// Units = 10 · normalised + 100 for every target (an affine, increasing map).
const toUnits = (flat: ArrayLike<number>, targets: number) => {
  const rows: number[][] = [];
  for (let h = 0; h < flat.length / targets; h++)
    rows.push(Array.from({ length: targets }, (_, t) => 10 * flat[h * targets + t] + 100));
  return rows;
};

describe('decodeForecastInUnits', () => {
  it('maps a point forecast to units and adds no distribution', () => {
    const out = decodeForecastInUnits({ loss: 'mse' }, 2, 1, [0.5, -1], (flat) => toUnits(flat, 1));
    expect(out).toEqual({ values: [[105], [90]] });
  });

  it('maps each quantile and the interval of a quantile head to units, in order', () => {
    // horizon 2 × 1 target × levels 0.1, 0.5, 0.9 (the second step's quantiles crossed: sorted first)
    const raw = [-1, 0, 1, 2, 0.5, 1];
    const out = decodeForecastInUnits({ loss: 'quantile', quantiles: [0.1, 0.5, 0.9] }, 2, 1, raw, (flat) =>
      toUnits(flat, 1),
    );
    expect(out.values).toEqual([[100], [110]]);
    expect(out.quantiles).toEqual({ levels: [0.1, 0.5, 0.9], values: [[[90, 100, 110]], [[105, 110, 120]]] });
    expect(out.interval).toEqual({ level: 0.8, lower: [[90], [105]], upper: [[110], [120]] });
  });

  it('gives a Gaussian head its median and 80 % interval at μ ± 1.2816σ in units', () => {
    // raw scale s with softplus(s) + 1e-3 = 1 → σ = 1 in normalised units
    const raw = Math.log(Math.expm1(1 - 1e-3));
    const out = decodeForecastInUnits({ loss: 'gaussian-nll' }, 1, 1, [0, raw], (flat) => toUnits(flat, 1));
    expect(out.values[0][0]).toBeCloseTo(100, 10);
    expect(out.interval!.lower[0][0]).toBeCloseTo(100 - 12.815515655446, 6);
    expect(out.interval!.upper[0][0]).toBeCloseTo(100 + 12.815515655446, 6);
  });
});

describe('rolling and formatting', () => {
  it('appends the first steps of later windows and cuts a forecast', () => {
    const a = { values: [[1]], quantiles: { levels: [0.1, 0.9], values: [[[0, 2]]] } };
    const b = { values: [[3], [4]], quantiles: { levels: [0.1, 0.9], values: [[[2, 4]], [[3, 5]]] } };
    appendForecast(a, b, 1);
    expect(a).toEqual({ values: [[1], [3]], quantiles: { levels: [0.1, 0.9], values: [[[0, 2]], [[2, 4]]] } });
    expect(firstSteps(a, 1)).toEqual({ values: [[1]], quantiles: { levels: [0.1, 0.9], values: [[[0, 2]]] } });
  });

  it('writes a line per step: its lead cells, then every target’s quantiles', () => {
    const text = formatQuantileRows(
      {
        levels: [0.1, 0.5, 0.9],
        values: [
          [
            [1, 2, 3],
            [10, 20, 30],
          ],
          [
            [4, 5, 6],
            [40, 50, 60],
          ],
        ],
      },
      ',',
      2,
      (step) => ['S01', `2024-01-0${step + 1}`],
    );
    expect(text).toBe(
      '\nS01,2024-01-01,1.00,2.00,3.00,10.00,20.00,30.00\nS01,2024-01-02,4.00,5.00,6.00,40.00,50.00,60.00',
    );
  });
});
