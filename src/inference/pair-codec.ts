/**
 * A trained pair model's two vocabularies read back from what its checkpoint stores, and the ways in
 * and out of it: a source text as the encoder's ids (with each token's place in the text), the
 * decoder's ids as tokens and as text, the ids decoding starts from, ends at and never produces.
 * Built once per stored description (the Vocabulary objects are kept, not rebuilt per request).
 */

import type { DatasetMetadata } from '../data/dataset-metadata';
import { EOS_ID, SOS_ID } from '../data/pair-vocabulary';
import { detokenize, pairTokenSpans } from '../data/pair-tokens';
import { PAD_ID, UNK_ID, Vocabulary } from '../data/vocabulary';
import type { EncoderDecoderModel } from '../engine/encoder-decoder';
import { Seq2seqModel } from '../engine/seq2seq-model';
import type { SpecialTokens } from './pair-decoding';
import type { Predictor } from './predictor';
import type { AnswerToken } from '../protocol/prediction-results';
import type { TokenUnit } from '../protocol/tokens';

export interface EncodedSource {
  ids: Int32Array;
  /** Each token as written in the text and as the model read it, with its UTF-16 offsets. */
  tokens: AnswerToken[];
}

export interface PairCodec {
  sourceVocab: Vocabulary;
  targetVocab: Vocabulary;
  sourceUnit: TokenUnit;
  targetUnit: TokenUnit;
  special: SpecialTokens;
  /** The longest source kept in training. */
  maxSourceLength: number;
  /** The most tokens a decode produces unless told otherwise: room beyond the longest target seen. */
  maxOutputLength: number;
  encodeSource(text: string): EncodedSource;
  /** Decoder ids (no `<sos>`/`<eos>`) as tokens. */
  targetTokens(ids: ArrayLike<number>): string[];
  /** Output tokens as text. */
  targetText(tokens: readonly string[]): string;
  /** Encoder ids (padding dropped) as text, the way the vocabulary reads it. */
  sourceText(ids: ArrayLike<number>): string;
}

/** What a codec is built from: a checkpoint's dataset description and (source) vocabulary. */
export interface StoredPairs {
  dataset: DatasetMetadata;
  vocab: Vocabulary | null;
}

const codecs = new WeakMap<StoredPairs, PairCodec>();
/** The most tokens a decode produces by default (a request may ask for up to 1 000). */
const MAX_OUTPUT_LENGTH = 400;

export function pairCodecOf(stored: StoredPairs): PairCodec {
  let codec = codecs.get(stored);
  if (!codec) {
    codec = buildCodec(stored);
    codecs.set(stored, codec);
  }
  return codec;
}

/** The predictor's encoder–decoder, or an error naming what the checkpoint holds instead. */
export function encoderDecoderOf(predictor: Predictor): EncoderDecoderModel {
  if (predictor.model instanceof Seq2seqModel) return predictor.model.network;
  throw new Error('this checkpoint is not an encoder–decoder (its config has no decoder)');
}

function buildCodec({ dataset, vocab }: StoredPairs): PairCodec {
  if (!vocab) throw new Error('a sequence-to-sequence checkpoint must store its source vocabulary');
  const target = Vocabulary.fromJSON(dataset.targetVocab, 'targetVocab');
  if (!target.ok) throw new Error(target.error.message);
  const targetVocab = target.value;
  const sourceUnit = dataset.sourceTokenUnit!;
  const targetUnit = dataset.targetTokenUnit!;
  const maxTarget = dataset.maxTargetLength!;
  const forbidden = [PAD_ID, UNK_ID, SOS_ID];
  return {
    sourceVocab: vocab,
    targetVocab,
    sourceUnit,
    targetUnit,
    special: { sos: SOS_ID, eos: EOS_ID, forbidden },
    maxSourceLength: dataset.maxSourceLength!,
    // The stored lengths are the training pairs' before any cut: an outlier must not make every decode long.
    maxOutputLength: Math.min(MAX_OUTPUT_LENGTH, Math.ceil(maxTarget * 1.5) + 5),
    encodeSource(text) {
      const spans = pairTokenSpans(text, sourceUnit, vocab.words);
      const ids = new Int32Array(spans.length);
      const tokens = spans.map((span, i) => {
        const known = vocab.has(span.token);
        ids[i] = known ? vocab.idOf(span.token) : UNK_ID;
        return {
          text: span.token,
          token: known ? span.token : vocab.tokenOf(UNK_ID),
          start: span.start,
          end: span.end,
          known,
        };
      });
      return { ids, tokens };
    },
    targetTokens: (ids) => Array.from(ids, (id) => targetVocab.tokenOf(id)),
    targetText: (tokens) => detokenize(tokens, targetUnit),
    sourceText(ids) {
      const tokens: string[] = [];
      for (let i = 0; i < ids.length; i++) if (ids[i] !== PAD_ID) tokens.push(vocab.tokenOf(ids[i]));
      return detokenize(tokens, sourceUnit);
    },
  };
}
