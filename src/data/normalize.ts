/**
 * Z-score normalisation per column, z = (x − mean) / std, fitted on the training rows only so nothing
 * about the validation part leaks into training. std is the population standard deviation (like
 * scikit-learn's StandardScaler); a constant column gets std 1 and a warning. Serialises to JSON for the
 * checkpoint so prediction can normalise inputs and turn outputs back into the data's units.
 *
 * Huge values (a series near 1e155, whose squares overflow float64) are fitted on the column scaled by
 * its largest magnitude, so mean and std stay finite for any finite data; a value that still does not fit
 * float32 once normalised is refused naming the column and the row (`normalizeSeries`).
 */

import { dataError, fail, ok, type Result } from './errors';
import * as l10n from '../protocol/l10n';

export interface NormalizationJSON {
  format: 'lstm-studio-normalization/1';
  method: 'z-score';
  /** Column names, in feature order. */
  columns: string[];
  mean: number[];
  std: number[];
}

/**
 * Fits mean and std of each column over the first `fitRows` rows of `values` ([rows, columns],
 * row-major). Two passes (mean, then squared deviations) in float64 for accuracy.
 */
export function fitZScore(
  values: Float64Array,
  columns: readonly string[],
  fitRows: number,
): { normalization: NormalizationJSON; warnings: string[] } {
  const D = columns.length;
  if (!(fitRows >= 1) || fitRows * D > values.length)
    throw new Error(`fitZScore: cannot fit on ${fitRows} rows of ${values.length / D}`);
  const mean = new Array<number>(D).fill(0);
  const std = new Array<number>(D).fill(0);
  const warnings: string[] = [];
  for (let d = 0; d < D; d++) {
    // Scale by the power of two at or above the largest magnitude: sums and squares of values near 1e155
    // would overflow. A power of two keeps every result bit-identical to the unscaled fit of normal data.
    let largest = 0;
    for (let r = 0; r < fitRows; r++) largest = Math.max(largest, Math.abs(values[r * D + d]));
    const scale = largest > 0 && Number.isFinite(largest) ? 2 ** Math.min(1023, Math.ceil(Math.log2(largest))) : 1;
    let sum = 0;
    for (let r = 0; r < fitRows; r++) sum += values[r * D + d] / scale;
    const scaledMean = sum / fitRows;
    let squares = 0;
    for (let r = 0; r < fitRows; r++) {
      const x = values[r * D + d] / scale - scaledMean;
      squares += x * x;
    }
    const m = scaledMean * scale;
    const s = Math.sqrt(squares / fitRows) * scale;
    mean[d] = m;
    // Relative threshold: a column of 1e6 ± 1e-9 is constant for float32 training too.
    if (s <= 1e-12 * Math.max(1, Math.abs(m))) {
      std[d] = 1;
      warnings.push(
        l10n.t("column '{0}' is constant ({1}) in the training part; it carries no information", columns[d], m),
      );
    } else std[d] = s;
  }
  return {
    normalization: { format: 'lstm-studio-normalization/1', method: 'z-score', columns: [...columns], mean, std },
    warnings,
  };
}

/** Normalised copy of `values` ([rows, columns]) in float32, the engine's type. */
export function applyZScore(normalization: NormalizationJSON, values: ArrayLike<number>): Float32Array {
  const D = normalization.columns.length;
  const out = new Float32Array(values.length);
  for (let k = 0; k < values.length; k++) {
    const d = k % D;
    out[k] = (values[k] - normalization.mean[d]) / normalization.std[d];
  }
  return out;
}

/**
 * `applyZScore`, refusing a value the engine's float32 cannot hold once normalised (a validation value
 * astronomically far from the training part, or a non-finite one), with the column and the data row.
 */
export function normalizeSeries(
  normalization: NormalizationJSON,
  values: ArrayLike<number>,
  file: string,
): Result<Float32Array> {
  const out = applyZScore(normalization, values);
  const D = normalization.columns.length;
  for (let k = 0; k < out.length; k++) {
    if (Number.isFinite(out[k])) continue;
    const d = k % D;
    const row = Math.floor(k / D) + 1;
    return fail(
      dataError(
        file,
        l10n.t(
          "data row {0} holds {1}, which cannot be normalised: it is too far from the training part's values (mean {2}, std {3}) for 32-bit numbers; remove or rescale it",
          row,
          values[k],
          normalization.mean[d].toPrecision(3),
          normalization.std[d].toPrecision(3),
        ),
        { column: normalization.columns[d] },
      ),
    );
  }
  return ok(out);
}

export function normalizeValue(normalization: NormalizationJSON, column: number, x: number): number {
  return (x - normalization.mean[column]) / normalization.std[column];
}

/** Back to the data's units. */
export function denormalizeValue(normalization: NormalizationJSON, column: number, z: number): number {
  return z * normalization.std[column] + normalization.mean[column];
}

/** Checks a stored normalisation. */
export function parseNormalization(json: unknown, source = 'normalization'): Result<NormalizationJSON> {
  const bad = (problem: string) => fail<NormalizationJSON>(dataError(source, problem));
  if (json === null || typeof json !== 'object') return bad('the normalization is not a JSON object');
  const n = json as Partial<NormalizationJSON>;
  if (n.method !== 'z-score') return bad(`unknown normalization method '${String(n.method)}'`);
  if (!Array.isArray(n.columns) || !n.columns.every((c) => typeof c === 'string'))
    return bad('normalization columns must be a list of names');
  const D = n.columns.length;
  const numbers = (a: unknown): a is number[] =>
    Array.isArray(a) && a.length === D && a.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!numbers(n.mean) || !numbers(n.std)) return bad(`normalization mean and std must each hold ${D} finite numbers`);
  if (n.std.some((s) => s <= 0)) return bad('normalization std must be positive');
  return ok({
    format: 'lstm-studio-normalization/1',
    method: 'z-score',
    columns: [...n.columns],
    mean: [...n.mean],
    std: [...n.std],
  });
}
