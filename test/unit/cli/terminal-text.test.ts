/**
 * What the CLI prints: control characters from file names, labels and messages are escaped, never sent
 * raw to the terminal; an error is one line; `train --json` carries no stack trace.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { oneLine, printable, say, sayError, trainingEventJson } from '../../../src/cli/terminal-text';

afterEach(() => vi.restoreAllMocks());

describe('printing file names and labels', () => {
  it('escapes terminal escape codes, carriage returns, C1 controls and bidi overrides; keeps layout and text', () => {
    const hostile = 'evil\u001b[2J\u001b]0;pwned\u0007.csv\rlabel\u009b31m \u202eabc é 猫';
    expect(printable(hostile)).toBe('evil\\u001b[2J\\u001b]0;pwned\\u0007.csv\\u000dlabel\\u009b31m \\u202eabc é 猫');
    expect(printable('a\tb\nc')).toBe('a\tb\nc');
  });

  it('say and sayError print the escaped text', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    say('class \u001b[31mred\u001b[0m: 93 %');
    sayError('warning: \u001b[1mbold');
    expect(log).toHaveBeenCalledWith('class \\u001b[31mred\\u001b[0m: 93 %');
    expect(error).toHaveBeenCalledWith('warning: \\u001b[1mbold');
  });

  it('JSON lines stay valid JSON with the same values', () => {
    const line = printable(JSON.stringify({ label: 'a\u009bb\u001bc' }));
    expect([...line].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f))).toBe(
      false,
    );
    expect(JSON.parse(line)).toEqual({ label: 'a\u009bb\u001bc' });
  });

  it('an error message is one line', () => {
    expect(oneLine('data.csv: bad\n  at x (y.js:1:2)\r\n\u001b[2K')).toBe('data.csv: bad at x (y.js:1:2) \\u001b[2K');
  });
});

describe('train --json', () => {
  it("a failed run's JSON line has the message and run folder but no stack trace", () => {
    const json = JSON.parse(
      trainingEventJson({
        type: 'run-failed',
        message: 'data.csv: line 3: expected 2 columns, found 1',
        runDir: '/runs/r1',
        stack: 'Error: data.csv\n    at prepare (worker.js:1:1)',
      }),
    );
    expect(json).toEqual({
      type: 'run-failed',
      message: 'data.csv: line 3: expected 2 columns, found 1',
      runDir: '/runs/r1',
    });
  });
});
