/**
 * The words for what a run's evaluations score, shared by the CLI's summary and the Training panel so
 * both say the same thing. Pure; the type is the run manifest's.
 */

import type { ValidationScope } from './run-manifest';

export interface ScopeWording {
  /** Follows the sample's note where the reader can act on it ("--full-validation scores all"). */
  howToScoreAll?: string;
  /** How counts are written; default: groups of three digits split by a space ("81 920"). */
  formatCount?: (n: number) => string;
}

/** "2 048 of 81 920 windows (a fixed sample)", or "all 512 examples". */
export function describeValidationScope(scope: ValidationScope, wording: ScopeWording = {}): string {
  const count = wording.formatCount ?? groupDigits;
  const note = wording.howToScoreAll ? `a fixed sample; ${wording.howToScoreAll}` : 'a fixed sample';
  return scope.sampled
    ? `${count(scope.units)} of ${count(scope.total)} ${scope.unit} (${note})`
    : `all ${count(scope.total)} ${scope.unit}`;
}

/** 81920 → "81 920". */
function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
