/**
 * Training / validation splits. Language models and series keep time order: the validation part is the
 * end. Classification is stratified: each class gives the same share to validation, picked at random
 * with the seed (a class with a single example stays in training).
 */

import { Random } from '../engine/random';
import type { ClassCount } from '../protocol/dataset';

/** Default share of the data held out for validation. */
export const DEFAULT_VALIDATION_FRACTION = 0.1;

/** Sizes when the last `fraction` of `total` items is the validation part (training keeps ≥ 1). */
export function tailSplit(total: number, fraction: number): { train: number; validation: number } {
  checkFraction(fraction);
  const validation = Math.min(Math.max(0, total - 1), Math.round(total * fraction));
  return { train: total - validation, validation };
}

export interface IndexSplit {
  /** Example indices in the training part, ascending. */
  train: Int32Array;
  /** Example indices in the validation part, ascending. */
  validation: Int32Array;
}

/**
 * Per class, `round(n × fraction)` examples go to validation (at most n − 1, so every class is trained
 * on), chosen by shuffling the class's examples with a generator seeded by `seed`.
 */
export function stratifiedSplit(labels: Int32Array, numClasses: number, fraction: number, seed: number): IndexSplit {
  checkFraction(fraction);
  const random = new Random(seed);
  const members: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) members[labels[i]].push(i);
  const train: number[] = [];
  const validation: number[] = [];
  for (const indices of members) {
    random.shuffle(indices);
    const held = indices.length < 2 ? 0 : Math.min(indices.length - 1, Math.round(indices.length * fraction));
    validation.push(...indices.slice(0, held));
    train.push(...indices.slice(held));
  }
  return { train: Int32Array.from(train).sort(), validation: Int32Array.from(validation).sort() };
}

export type { ClassCount } from '../protocol/dataset';

export function classBalance(labels: Int32Array, classes: readonly string[], indices?: Int32Array): ClassCount[] {
  const counts = new Array<number>(classes.length).fill(0);
  const n = indices ? indices.length : labels.length;
  for (let k = 0; k < n; k++) counts[labels[indices ? indices[k] : k]]++;
  return classes.map((label, id) => ({ label, count: counts[id], share: n === 0 ? 0 : counts[id] / n }));
}

function checkFraction(fraction: number): void {
  if (!(fraction >= 0 && fraction < 1)) throw new Error(`validation fraction must be in [0, 1), got ${fraction}`);
}
