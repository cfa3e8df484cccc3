/**
 * What a sequence-to-sequence checkpoint must store about its dataset (each side's tokens and lengths,
 * the target vocabulary) and whether that fits the model's sizes: checked before the model is used.
 */

import type { ModelConfig } from '../../engine/config';
import type { DatasetMetadata } from '../../data/dataset-metadata';
import { EOS_ID, EOS_TOKEN, SOS_ID, SOS_TOKEN } from '../../data/pair-vocabulary';
import { Vocabulary } from '../../data/vocabulary';

const UNITS = ['word', 'char'];

export function checkSeq2seqMetadata(m: DatasetMetadata): string | null {
  if (!UNITS.includes(m.sourceTokenUnit as string) || !UNITS.includes(m.targetTokenUnit as string))
    return "a sequence-to-sequence dataset must say each side's tokens (sourceTokenUnit, targetTokenUnit: word or char)";
  for (const key of ['maxSourceLength', 'maxTargetLength'] as const)
    if (!(Number.isInteger(m[key]) && (m[key] as number) >= 1 && (m[key] as number) <= 1_000_000))
      return `a sequence-to-sequence dataset must give ${key} as a positive integer`;
  const target = Vocabulary.fromJSON(m.targetVocab, 'targetVocab');
  if (!target.ok) return `its target vocabulary is unusable: ${target.error.message}`;
  if (target.value.tokenOf(SOS_ID) !== SOS_TOKEN || target.value.tokenOf(EOS_ID) !== EOS_TOKEN)
    return `its target vocabulary must hold '${SOS_TOKEN}' and '${EOS_TOKEN}' at ${SOS_ID} and ${EOS_ID}`;
  return null;
}

export function checkSeq2seqShape(
  m: DatasetMetadata,
  vocabularySize: number | null,
  config: ModelConfig,
): string | null {
  const decoder = config.decoder;
  if (!decoder) return 'a sequence-to-sequence dataset needs an encoder–decoder model (the config has no decoder)';
  if (vocabularySize !== config.vocabSize)
    return `the source vocabulary has ${vocabularySize ?? 0} tokens but the encoder's embedding has ${config.vocabSize} rows`;
  const target = Vocabulary.fromJSON(m.targetVocab, 'targetVocab');
  const targetSize = target.ok ? target.value.size : 0;
  if (targetSize !== decoder.vocabSize)
    return `the target vocabulary has ${targetSize} tokens but the decoder's embedding has ${decoder.vocabSize} rows`;
  return null;
}
