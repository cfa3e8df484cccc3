/**
 * The words for what a run's evaluations score, shared by the CLI's summary and the Training panel so
 * both say the same thing. Pure; the type is the run manifest's.
 */

import type { ValidationScope } from './run-manifest';

/**
 * "2 048 of 81 920 windows (a fixed sample)", or "all 512 examples". `howToScoreAll` follows the
 * sample's note where the reader can act on it ("--full-validation scores all").
 */
export function describeValidationScope(scope: ValidationScope, howToScoreAll?: string): string {
  return scope.sampled
    ? `${groupDigits(scope.units)} of ${groupDigits(scope.total)} ${scope.unit} (a fixed sample${howToScoreAll ? `; ${howToScoreAll}` : ''})`
    : `all ${groupDigits(scope.total)} ${scope.unit}`;
}

/** 81920 → "81 920": thin groups read the same in every locale. */
function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
