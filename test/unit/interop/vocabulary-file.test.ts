/**
 * Vocabulary files for an import: JSON (a list, a `{token: id}` map, our vocabulary JSON) or one token per
 * line, id = line number; the unit is characters when every token but the specials is one character.
 */

import { describe, expect, it } from 'vitest';
import { parseVocabularyFile, vocabularyFromValue } from '../../../src/interop/import-answers';

describe('reading a vocabulary file', () => {
  it('one token per line: CRLF as LF, a BOM dropped, the last line end is no token', () => {
    expect(parseVocabularyFile('\uFEFF<pad>\r\n<unk>\r\na\r\n b\r\n', 'source.txt')).toEqual([
      '<pad>',
      '<unk>',
      'a',
      ' b',
    ]);
    expect(parseVocabularyFile('x\ny', 'vocab')).toEqual(['x', 'y']);
  });

  it('JSON when it is a list or a map; a .json file that is not JSON is an error', () => {
    expect(parseVocabularyFile('["<pad>", "<unk>", "a"]', 'target.txt')).toEqual(['<pad>', '<unk>', 'a']);
    expect(parseVocabularyFile('{"a": 0, "b": 1}', 'stoi.json')).toEqual({ a: 0, b: 1 });
    // A lone number on a line is a token, not JSON.
    expect(parseVocabularyFile('7\n', 'digits.txt')).toEqual(['7']);
    expect(() => parseVocabularyFile('<pad>\n<unk>\n', 'broken.json')).toThrow(
      /broken.json: not valid JSON [\s\S]*or a text file of one token per line/,
    );
  });

  it('specials are no evidence of words: <pad> <unk> <sos> <eos> then letters is a character vocabulary', () => {
    const target = vocabularyFromValue(['<pad>', '<unk>', '<sos>', '<eos>', 'a', 'b'], 'test');
    expect(target.unit).toBe('char');
    expect(target.tokens).toEqual(['<pad>', '<unk>', '<sos>', '<eos>', 'a', 'b']);
    expect(vocabularyFromValue(['<pad>', '<unk>', 'good', 'bad'], 'test').unit).toBe('word');
  });
});
