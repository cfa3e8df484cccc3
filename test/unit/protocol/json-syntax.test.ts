import { describe, expect, it } from 'vitest';
import { jsonNestingDepth, jsonSyntaxProblem } from '../../../src/protocol/json-syntax';

function parseError(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error(`${text} parsed`);
}

describe('jsonSyntaxProblem', () => {
  it('says where the text stops being JSON, in words', () => {
    expect(jsonSyntaxProblem(parseError('{"a": '))).toBe('it ends too early');
    expect(jsonSyntaxProblem(parseError('{"a": "b'))).toBe('it ends too early');
    expect(jsonSyntaxProblem(parseError('[1, 2 3]'))).toBe('at character 7');
    expect(jsonSyntaxProblem(parseError('text,label'))).toBe("at 'e'");
  });
  it('says nothing when the parser did not say where', () => {
    expect(jsonSyntaxProblem(new Error('something else'))).toBe('');
  });
});

describe('jsonNestingDepth', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonNestingDepth('1')).toBe(0);
    expect(jsonNestingDepth('{"a": [1, {"b": []}]}')).toBe(4);
    expect(jsonNestingDepth('["[[[[", "\\"[[["]')).toBe(1);
    expect(jsonNestingDepth('['.repeat(100_000))).toBe(100_000);
  });
});
