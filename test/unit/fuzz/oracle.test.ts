/** The fuzz oracle itself: it must call each kind of bad ending bad (a lenient oracle would pass anything). */

import { describe, expect, it } from 'vitest';
import { judge, MEMORY_BOUND_BYTES, type CliOutcome } from './oracle';

const file = '/tmp/case/7-data.csv';

function outcome(fields: Partial<CliOutcome>): CliOutcome {
  return { output: [], error: null, exitCode: 0, milliseconds: 5, timedOut: false, memoryGrowth: 0, ...fields };
}

describe('the fuzz oracle', () => {
  it.each<[string, Partial<CliOutcome>, boolean, string]>([
    ['a hang', { timedOut: true }, true, 'no answer within 10 s'],
    ['memory beyond the bound', { memoryGrowth: MEMORY_BOUND_BYTES + 1 }, true, 'memory grew by 1024 MiB'],
    [
      'a stack trace',
      { error: `${file}: bad`, output: ['    at parse (/src/data/table.ts:12:5)'] },
      true,
      'a stack trace in the output',
    ],
    ['a raw internal message', { error: `${file}: Maximum call stack size exceeded` }, true, 'a raw internal message'],
    ['a raw parser message', { error: `${file}: Unexpected token 'e'` }, true, 'a raw internal message'],
    [
      'an error not naming the file',
      { error: "line 1: 'x' is not a number" },
      true,
      'the error does not name the file',
    ],
    ['exit 0 with NaN', { output: ['loss NaN'] }, true, 'exit 0 with a non-finite number'],
    ['exit 0 with a null metric', { output: ['{"loss":0.5,"rmse":null}'] }, true, 'exit 0 with a non-finite number'],
    ['exit 1 unexplained', { exitCode: 1 }, true, 'exit 1 unexplained'],
  ])('calls %s bad', (_label, fields, printsNumbers, reason) => {
    expect(judge(outcome(fields), [file], printsNumbers)).toEqual({ good: false, reason });
  });

  it.each<[string, Partial<CliOutcome>, boolean]>([
    ['an error naming the file', { error: `${file}: line 3: 'x' is not a number` }, true],
    ['finite results', { output: ['{"loss":0.5,"rmse":1.5}'] }, true],
    ['a prompt that says NaN in words', { output: ['{"prompt":"NaN Infinity","next":{"a":0.5}}'] }, true],
    ['inspect counting NaNs', { output: ['w F32 [2] min NaN max NaN NaN 2'] }, false],
    ['a run that failed and said so', { exitCode: 1, output: ['{"type":"summary","status":"failed"}'] }, true],
  ])('calls %s good', (_label, fields, printsNumbers) => {
    expect(judge(outcome(fields), [file], printsNumbers)).toEqual({ good: true, reason: '' });
  });
});
