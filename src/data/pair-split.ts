/**
 * The split of a pairs dataset: pairs have no time order and no classes to stratify, so
 * `round(n × fraction)` of them (at most n − 1: training keeps one) go to validation, chosen by a
 * shuffle seeded with `seed`. Both parts are listed in ascending order (the file's order), so
 * validation batches and the validation units read the pairs as the file has them.
 */

import { Random } from '../engine/random';
import type { IndexSplit } from './split';

export function randomPairSplit(total: number, fraction: number, seed: number): IndexSplit {
  if (!(fraction >= 0 && fraction < 1)) throw new Error(`validation fraction must be in [0, 1), got ${fraction}`);
  const held = Math.min(Math.max(0, total - 1), Math.round(total * fraction));
  const order = new Random(seed).permutation(total);
  return { validation: order.slice(0, held).sort(), train: order.slice(held).sort() };
}
