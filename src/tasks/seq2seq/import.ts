/**
 * Importing a foreign encoder–decoder (a PyTorch seq2seq of our layout, src/checkpoint/encoder-decoder-layout.ts):
 * the user gives both vocabularies. Their ids must be the ones the model was trained with, and the
 * decoding here follows LSTM Studio's conventions, so each side must keep our special ids:
 *
 *   source: `<pad>` 0, `<unk>` 1, then the tokens (an unknown source token is read as id 1)
 *   target: `<pad>` 0, `<unk>` 1, `<sos>` 2 (the decoder's first input), `<eos>` 3 (ends an output), then the tokens
 *
 * Each side's unit (characters or words) is the user's, else guessed from the tokens.
 */

import { EOS_ID, EOS_TOKEN, SOS_ID, SOS_TOKEN } from '../../data/pair-vocabulary';
import { PAD_ID, PAD_TOKEN, UNK_ID, UNK_TOKEN, type Vocabulary } from '../../data/vocabulary';
import type { TaskImporter } from '../task-import';

/** What the imported model's dataset says of lengths it never saw: generous bounds, editable in the sidecar. */
export const IMPORTED_MAX_SOURCE_LENGTH = 256;
export const IMPORTED_MAX_TARGET_LENGTH = 128;

export const seq2seqImporter: TaskImporter = {
  encoderDecoder: true,
  fit: (shape) => (shape.targetVocabSize !== undefined ? 3 : 0),
  async answer(_shape, questions, sources) {
    const source = await sources.loadVocabulary(questions.sourceTokens ?? questions.tokenUnit);
    const target = await sources.loadTargetVocabulary(questions.targetTokens ?? questions.tokenUnit);
    requireSpecials(source, 'source', [
      [PAD_ID, PAD_TOKEN],
      [UNK_ID, UNK_TOKEN],
    ]);
    requireSpecials(target, 'target', [
      [PAD_ID, PAD_TOKEN],
      [UNK_ID, UNK_TOKEN],
      [SOS_ID, SOS_TOKEN],
      [EOS_ID, EOS_TOKEN],
    ]);
    return {
      vocab: source.toJSON(),
      targetVocab: target.toJSON(),
      sourceTokenUnit: source.unit,
      targetTokenUnit: target.unit,
      maxSourceLength: IMPORTED_MAX_SOURCE_LENGTH,
      maxTargetLength: IMPORTED_MAX_TARGET_LENGTH,
    };
  },
  head: () => ({ headOn: 'every', loss: 'softmax-ce' }),
  dataset: (answers) => ({
    // `lstm-studio eval` reads columns of these names, else the two text columns pair detection finds.
    fileFormat: 'tsv',
    columns: { source: 'source', target: 'target' },
    sourceTokenUnit: answers.sourceTokenUnit,
    targetTokenUnit: answers.targetTokenUnit,
    maxSourceLength: answers.maxSourceLength,
    maxTargetLength: answers.maxTargetLength,
    targetVocab: answers.targetVocab,
  }),
};

/** Throws, saying what the file must list first, when a side's special tokens are not at our ids. */
function requireSpecials(vocab: Vocabulary, side: string, specials: [number, string][]): void {
  const wrong = specials.filter(([id, token]) => vocab.size <= id || vocab.tokenOf(id) !== token);
  if (wrong.length === 0) return;
  const want = specials.map(([id, token]) => `${token} (${id})`).join(', ');
  const found = specials.map(([id]) => (id < vocab.size ? JSON.stringify(vocab.tokenOf(id)) : '(none)')).join(', ');
  throw new Error(
    `the ${side} vocabulary must list ${want} first — LSTM Studio decodes with these ids — but its first entries are ${found}; ` +
      `write the tokens in the ids the model was trained with, with these specials at those ids`,
  );
}
