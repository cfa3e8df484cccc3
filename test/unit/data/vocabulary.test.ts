import { buildVocabulary, countTokens, PAD_ID, UNK_ID, Vocabulary } from '../../../src/data/vocabulary';
import { charTokens, fitToLength, wordTokens } from '../../../src/data/tokenize';
import { encodeCharCorpus } from '../../../src/data/char-corpus';
import { encodeTexts } from '../../../src/data/corpus';
import { errorOf, unwrap } from './helpers';

describe('tokenize', () => {
  it('words: lowercased runs of letters and digits, Unicode-aware', () => {
    expect(wordTokens("Don't STOP—it's 2024! Naïve café, 東京 and Москва.")).toEqual([
      'don',
      't',
      'stop',
      'it',
      's',
      '2024',
      'naïve',
      'café',
      '東京',
      'and',
      'москва',
    ]);
    expect(wordTokens('...!!!')).toEqual([]);
  });

  it('characters: code points, so an emoji is one token', () => {
    expect(charTokens('a🎉é')).toEqual(['a', '🎉', 'é']);
  });

  it('fits ids to a length: right padding with lengths, truncation keeping the start or the end', () => {
    expect(fitToLength([5, 6], 4)).toEqual({ tokens: Int32Array.of(5, 6, PAD_ID, PAD_ID), length: 2 });
    expect(fitToLength([5, 6, 7, 8, 9], 3)).toEqual({ tokens: Int32Array.of(5, 6, 7), length: 3 });
    expect(fitToLength([5, 6, 7, 8, 9], 3, 'end')).toEqual({ tokens: Int32Array.of(7, 8, 9), length: 3 });
    expect(fitToLength([], 2)).toEqual({ tokens: Int32Array.of(PAD_ID, PAD_ID), length: 1 });
  });
});

describe('Vocabulary', () => {
  it('reserves <pad> = 0 and <unk> = 1, and maps unknown tokens to <unk>', () => {
    const vocab = Vocabulary.fromTokens('word', ['the', 'cat']);
    expect(vocab.tokens).toEqual(['<pad>', '<unk>', 'the', 'cat']);
    expect([PAD_ID, UNK_ID]).toEqual([0, 1]);
    expect(Array.from(vocab.encode('The dog, the CAT'))).toEqual([2, 1, 2, 3]);
    expect(vocab.decode([2, 1, 3, 0, 0])).toBe('the <unk> cat');
  });

  it('keeps the top K by frequency, K counting <pad> and <unk>, ties broken by code point', () => {
    const counts = countTokens(['b a c', 'c b d', 'a e'], 'word'); // a2 b2 c2 d1 e1
    expect(buildVocabulary(counts, { unit: 'word', maxSize: 5 }).tokens).toEqual(['<pad>', '<unk>', 'a', 'b', 'c']);
    expect(buildVocabulary(counts, { unit: 'word', maxSize: 6 }).tokens).toEqual([
      '<pad>',
      '<unk>',
      'a',
      'b',
      'c',
      'd',
    ]);
    // The order of the texts does not change the result.
    const shuffled = countTokens(['a e', 'c b d', 'b a c'], 'word');
    expect(buildVocabulary(shuffled, { unit: 'word', maxSize: 6 }).tokens).toEqual([
      '<pad>',
      '<unk>',
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('defaults to K = 10 000', () => {
    const counts = new Map(Array.from({ length: 12_000 }, (_, i) => [`w${i}`, 1 + (i % 7)] as [string, number]));
    expect(buildVocabulary(counts, { unit: 'word' }).size).toBe(10_000);
  });

  it('round-trips through JSON and rejects a damaged one', () => {
    const vocab = Vocabulary.fromTokens('char', ['a', '🎉']);
    const back = unwrap(Vocabulary.fromJSON(JSON.parse(JSON.stringify(vocab.toJSON()))));
    expect(back.tokens).toEqual(vocab.tokens);
    expect(back.idOf('🎉')).toBe(3);
    expect(errorOf(Vocabulary.fromJSON({ unit: 'char', tokens: ['a', 'b'] })).message).toBe(
      "vocabulary: the vocabulary must start with '<pad>' and '<unk>'",
    );
    expect(errorOf(Vocabulary.fromJSON({ unit: 'bytes', tokens: [] })).message).toContain(
      "unknown vocabulary unit 'bytes'",
    );
    // A stored vocabulary without a unit (found by the fuzz suite) said "unit 'undefined'".
    expect(errorOf(Vocabulary.fromJSON({ tokens: [] })).message).toBe(
      "vocabulary: the vocabulary has no unit (expected 'char' or 'word')",
    );
  });
});

describe('encodeCharCorpus (language models)', () => {
  it('vocabulary = sorted distinct code points of the training part; validation-only characters → <unk>', () => {
    const corpus = encodeCharCorpus('bab🎉a\r\nb' + 'aaaaaaaaaZ', 0.1); // 17 characters (CRLF = 1); the last 2 are validation
    expect(corpus.trainLength + corpus.validationLength).toBe(17);
    expect(corpus.validationLength).toBe(2);
    expect(corpus.vocab.tokens).toEqual(['<pad>', '<unk>', '\n', 'a', 'b', '🎉']);
    expect(corpus.vocab.decode(corpus.ids.subarray(0, 7))).toBe('bab🎉a\nb');
    expect(corpus.ids[16]).toBe(UNK_ID); // 'Z' only in validation
    expect(corpus.ids).toBeInstanceOf(Uint8Array);
  });

  it('orders characters by code point, like Python sorted(set(text))', () => {
    // U+FF01 sorts before U+1F600 by code point, after it by UTF-16 unit (0xD83D)
    const corpus = encodeCharCorpus('😀！a', 0);
    expect(corpus.vocab.tokens.slice(2)).toEqual(['a', '！', '😀']);
  });
});

describe('encodeTexts (classification)', () => {
  it('counts only the training texts for the vocabulary, encodes all', () => {
    const texts = ['good good film', 'bad film', 'unseen words here'];
    const encoded = encodeTexts(texts, Int32Array.of(0, 1), { unit: 'word', maxSize: 100 });
    expect(encoded.vocab.tokens).toEqual(['<pad>', '<unk>', 'film', 'good', 'bad']);
    expect(Array.from(encoded.offsets)).toEqual([0, 3, 5, 8]);
    expect(Array.from(encoded.ids)).toEqual([3, 3, 2, 4, 2, 1, 1, 1]);
  });
});
