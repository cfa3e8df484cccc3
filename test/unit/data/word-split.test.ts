import { fixtureText } from './helpers';
import { pairTokens, pairTokenSpans } from '../../../src/data/pair-tokens';
import { wordTokens } from '../../../src/data/tokenize';
import { buildVocabulary, countTokens, Vocabulary } from '../../../src/data/vocabulary';
import { splitWords, storedWordSplit } from '../../../src/data/word-split';
import { readText } from '../../../src/inference/text-tokens';

describe('words of scripts written without spaces (Intl.Segmenter)', () => {
  it('Chinese', () => {
    expect(wordTokens('我喜欢学习中文。')).toEqual(['我', '喜欢', '学习', '中文']);
  });

  it('Japanese (kanji, hiragana, katakana)', () => {
    expect(wordTokens('東京は晴れです。私は学生です')).toEqual([
      '東京',
      'は',
      '晴れ',
      'です',
      '私',
      'は',
      '学生',
      'です',
    ]);
    expect(wordTokens('コーヒーを飲みます').slice(0, 2)).toEqual(['コーヒー', 'を']);
  });

  it('Thai', () => {
    expect(wordTokens('ฉันชอบกินข้าวผัด')).toEqual(['ฉัน', 'ชอบ', 'กิน', 'ข้าว', 'ผัด']);
  });

  it('the old rule keeps each run whole (checkpoints built with it read text as before)', () => {
    expect(wordTokens('我喜欢学习中文。', 'letter-runs')).toEqual(['我喜欢学习中文']);
    expect(wordTokens('ฉันชอบกินข้าวผัด', 'letter-runs')).toEqual(['ฉันชอบกินข้าวผัด']);
  });

  it('text in spaced scripts splits exactly as before: English, French, Russian, Hindi, mixed', () => {
    const texts = [
      fixtureText('poem.txt'),
      fixtureText('notes.md'),
      "Don't stop — it's 3.5 km-long, naïve café; e-mail me at a.b@c.d!",
      'Привет, мир! Это тест. नमस्ते दुनिया, यह परीक्षण है।',
    ];
    for (const text of texts) expect(wordTokens(text, 'segmented')).toEqual(wordTokens(text, 'letter-runs'));
    expect(wordTokens("Don't stop")).toEqual(['don', 't', 'stop']);
  });

  it('mixed runs: a Latin word beside Japanese stays one word, nothing is dropped', () => {
    const words = splitWords('iPhoneを買った', 'segmented');
    expect(words.join('')).toBe('iPhoneを買った');
    expect(words[0]).toBe('iPhone');
  });
});

describe('the word rule travels with the vocabulary', () => {
  it('a new word vocabulary records `segmented`; one without the field is read with letter runs', () => {
    const built = buildVocabulary(countTokens(['東京は晴れです'], 'word'), { unit: 'word' });
    expect(built.toJSON().words).toBe('segmented');
    expect(Vocabulary.fromJSON(built.toJSON()).ok && Vocabulary.fromJSON(built.toJSON())).toMatchObject({
      value: { words: 'segmented' },
    });
    const old = Vocabulary.fromJSON({
      format: 'lstm-studio-vocabulary/1',
      unit: 'word',
      tokens: ['<pad>', '<unk>', '東京は晴れです'],
    });
    if (!old.ok) throw new Error(old.error.message);
    expect(old.value.words).toBe('letter-runs');
    expect([...old.value.encode('東京は晴れです')]).toEqual([2]);
    expect(old.value.toJSON()).not.toHaveProperty('words');
    expect(Vocabulary.fromTokens('char', ['a']).toJSON()).not.toHaveProperty('words');
  });

  it('a selection is read with offsets by the vocabulary rule', () => {
    const vocab = buildVocabulary(countTokens(['東京は晴れです'], 'word'), { unit: 'word' });
    const read = readText('今日も東京は晴れ', vocab);
    expect(read.tokens.map((t) => [t.token, t.start, t.end])).toEqual([
      ['今日', 0, 2],
      ['も', 2, 3],
      ['東京', 3, 5],
      ['は', 5, 6],
      ['晴れ', 6, 8],
    ]);
    expect(read.unknown.map((u) => u.text)).toEqual(['今日', 'も']);
  });

  it('pair tokens segment too, with spans, and keep marks', () => {
    expect(pairTokens('我喜欢学习中文。', 'word')).toEqual(['我', '喜欢', '学习', '中文', '。']);
    expect(pairTokens('我喜欢学习中文。', 'word', 'letter-runs')).toEqual(['我喜欢学习中文', '。']);
    expect(pairTokenSpans('Hi, 東京', 'word')).toEqual([
      { token: 'Hi', start: 0, end: 2 },
      { token: ',', start: 2, end: 3 },
      { token: '東京', start: 4, end: 6 },
    ]);
    expect(pairTokens("Don't!", 'word')).toEqual(['Don', "'", 't', '!']);
  });

  it('a resumed run rebuilds its vocabulary with the rule its checkpoint stored', () => {
    const word = (words?: string) => ({
      format: 'lstm-studio-vocabulary/1',
      unit: 'word',
      tokens: [],
      ...(words ? { words } : {}),
    });
    expect(storedWordSplit(word('segmented'), {})).toBe('segmented');
    expect(storedWordSplit(word(), {})).toBe('letter-runs');
    expect(storedWordSplit({ unit: 'char', tokens: [] }, { targetVocab: word() })).toBe('letter-runs');
    expect(storedWordSplit({ unit: 'char', tokens: [] }, {})).toBeUndefined();
  });
});
