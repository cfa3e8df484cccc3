import { applyZScore, denormalizeValue, fitZScore, parseNormalization } from '../../../src/data/normalize';
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
});
