import {
  applyZScore,
  denormalizeValue,
  fitZScore,
  normalizeSeries,
  parseNormalization,
} from '../../../src/data/normalize';
import { errorOf, unwrap } from './helpers';

describe('z-score normalisation', () => {
  // rows [x, y]: training rows 0…3, a validation row 4 with an outlier that must not move the fit
  const values = Float64Array.of(1, 10, 2, 10, 3, 10, 4, 10, 1000, 10);

  it('fits mean and population std on the training rows only', () => {
    const { normalization, warnings } = fitZScore(values, ['x', 'y'], 4);
    expect(normalization.mean).toEqual([2.5, 10]);
    expect(normalization.std[0]).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(normalization.std[1]).toBe(1); // constant column
    expect(warnings).toEqual(["column 'y' is constant (10) in the training part; it carries no information"]);
  });

  it('applies and inverts', () => {
    const { normalization } = fitZScore(values, ['x', 'y'], 4);
    const z = applyZScore(normalization, values);
    expect(z).toBeInstanceOf(Float32Array);
    expect(z[0]).toBeCloseTo(-1.5 / Math.sqrt(1.25), 6);
    expect(z[1]).toBe(0);
    expect(denormalizeValue(normalization, 0, z[8])).toBeCloseTo(1000, 3);
  });

  it('round-trips through JSON and rejects a damaged one', () => {
    const { normalization } = fitZScore(values, ['x', 'y'], 4);
    expect(unwrap(parseNormalization(JSON.parse(JSON.stringify(normalization))))).toEqual(normalization);
    expect(errorOf(parseNormalization({ ...normalization, std: [1, 0] })).message).toBe(
      'normalization: normalization std must be positive',
    );
    expect(errorOf(parseNormalization({ ...normalization, mean: [1] })).message).toContain(
      'must each hold 2 finite numbers',
    );
  });

  it('fits series near 1e155 (whose squares overflow) to a finite mean and std, and normalises them', () => {
    const huge = Float64Array.from([1, 2, 3, 4, 5], (k) => k * 1e155);
    const { normalization } = fitZScore(huge, ['price'], 4);
    expect(normalization.mean[0] / 1e155).toBeCloseTo(2.5, 12);
    expect(normalization.std[0] / 1e155).toBeCloseTo(Math.sqrt(1.25), 12);
    const z = unwrap(normalizeSeries(normalization, huge, 'prices.csv'));
    expect(z[0]).toBeCloseTo(-1.5 / Math.sqrt(1.25), 6);
    expect(denormalizeValue(normalization, 0, z[4]) / 1e155).toBeCloseTo(5, 5);
  });

  it('refuses a value that cannot be normalised to 32 bits, naming the file, the column and the row', () => {
    const values = Float64Array.of(1, 2, 3, 4, 1e300);
    const { normalization } = fitZScore(values, ['price'], 4);
    expect(errorOf(normalizeSeries(normalization, values, 'prices.csv')).message).toMatch(
      /^prices\.csv, column 'price': data row 5 holds 1e\+300, which cannot be normalised/,
    );
  });
});
