/**
 * What preparing a dataset gives the training loop: a split, batch makers, the model shape, a summary
 * for the user and the JSON for the checkpoint; and the options it takes, checked once. The task
 * prepares its part (src/tasks/<task>/prepare.ts); src/tasks/prepare-dataset.ts adds the common parts.
 */

import type { DatasetOverrides } from '../protocol/dataset';
import type { SideTokens } from '../protocol/training-config';
import { failWith, type Result } from './errors';
import type { ResolvedOptions } from './prepared-dataset';
import { DEFAULT_VALIDATION_FRACTION } from './split';
import type { TokenUnit, TruncationKeeps } from './tokenize';
import { DEFAULT_MAX_VOCABULARY } from './vocabulary';
import type { WordSplit } from './word-split';
import * as l10n from '../protocol/l10n';

export interface PrepareOptions extends DatasetOverrides {
  /** Share of the data held out for validation, in [0, 1). Default 0.1. */
  validationFraction?: number;
  /** Seed of the stratified classification split (use the run's seed). Default 0. */
  seed?: number;
  /** Classification: `word` tokens (default) or `char`. */
  tokenUnit?: TokenUnit;
  /** Classification: vocabulary size K, `<pad>` and `<unk>` included (Keras `num_words`). Default 10 000. */
  maxVocabulary?: number;
  /** Classification: keep the `start` (default) or the `end` of texts longer than the sequence length. */
  truncationKeeps?: TruncationKeeps;
  /** Forecasting: how many rows ahead to predict. Default 1. */
  horizon?: number;
  /** Forecasting: point values (default), a gaussian or quantiles per value (src/tasks/forecasting/distribution.ts). */
  distribution?: 'point' | 'gaussian' | 'quantile';
  /** Forecasting: the levels of a quantile head. */
  quantiles?: number[];
  /** Forecasting: rows per season of the seasonal-naive baseline (0 = from the dates). */
  season?: number;
  /** Audio tasks: SpecAugment masks on training batches. Default false. */
  specAugment?: boolean;
  /** Sequence to sequence: each side's tokens (`auto`, the default, detects them). */
  sourceTokens?: SideTokens;
  targetTokens?: SideTokens;
  /**
   * How words are split (src/data/word-split.ts). Default: the rule of new vocabularies; a resumed run
   * passes its checkpoint's, so it rebuilds the vocabulary it was trained with.
   */
  wordSplit?: WordSplit;
}

export type { DatasetSummary } from '../protocol/dataset';

export type { PreparedDataset, ResolvedOptions, TaskPreparation } from './prepared-dataset';

export function resolvePrepareOptions(options: PrepareOptions, file: string): Result<ResolvedOptions> {
  const resolved: ResolvedOptions = {
    validationFraction: options.validationFraction ?? DEFAULT_VALIDATION_FRACTION,
    seed: options.seed ?? 0,
    tokenUnit: options.tokenUnit ?? 'word',
    maxVocabulary: options.maxVocabulary ?? DEFAULT_MAX_VOCABULARY,
    truncationKeeps: options.truncationKeeps ?? 'start',
    horizon: options.horizon ?? 1,
    distribution: options.distribution ?? 'point',
    ...(options.quantiles ? { quantiles: options.quantiles } : {}),
    season: options.season ?? 0,
    specAugment: options.specAugment ?? false,
    sourceTokens: options.sourceTokens ?? 'auto',
    targetTokens: options.targetTokens ?? 'auto',
    ...(options.wordSplit ? { wordSplit: options.wordSplit } : {}),
  };
  const { validationFraction: f, maxVocabulary: k, horizon: h, tokenUnit: u, truncationKeeps: t } = resolved;
  if (!(f >= 0 && f < 1))
    return failWith(file, l10n.t('the validation fraction must be at least 0 and below 1, got {0}', f));
  if (!(Number.isInteger(k) && k >= 3) && k !== Infinity)
    return failWith(file, l10n.t('the vocabulary size must be an integer of at least 3, got {0}', k));
  if (!(Number.isInteger(h) && h >= 1))
    return failWith(file, l10n.t('the forecast horizon must be a positive integer, got {0}', h));
  if (u !== 'word' && u !== 'char')
    return failWith(file, l10n.t("the token unit must be 'word' or 'char', got '{0}'", String(u)));
  if (t !== 'start' && t !== 'end')
    return failWith(file, l10n.t("truncation must keep the 'start' or the 'end', got '{0}'", String(t)));
  for (const side of ['sourceTokens', 'targetTokens'] as const)
    if (!['auto', 'word', 'char'].includes(resolved[side]))
      return failWith(file, l10n.t("{0} must be 'auto', 'word' or 'char', got '{1}'", side, String(resolved[side])));
  if (!Number.isFinite(resolved.seed))
    return failWith(file, l10n.t('the seed must be a number, got {0}', resolved.seed));
  return { ok: true, value: resolved };
}
