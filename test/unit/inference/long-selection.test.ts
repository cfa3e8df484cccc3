/**
 * A language model's selection of megabytes is read in pieces (an object per character of a piece, not
 * of the whole selection), with the prompt and the notices that reading it whole gives.
 */

import { describe, expect, it, vi } from 'vitest';
import * as textTokens from '../../../src/inference/text-tokens';
import { prepareSelection } from '../../../src/tasks/prepare-selection';
import { SELECTION_PIECE_CHARS } from '../../../src/tasks/language-model/selection';
import { characterModel } from './helpers';

const readLengths: number[] = [];
vi.mock('../../../src/inference/text-tokens', async (importOriginal) => {
  const original = await importOriginal<typeof textTokens>();
  return {
    ...original,
    readText: (
      text: string,
      ...rest: Parameters<typeof original.readText> extends [string, ...infer R] ? R : never
    ) => {
      readLengths.push(text.length);
      return original.readText(text, ...rest);
    },
  };
});

describe('a long selection for a language model', () => {
  it('is read piece by piece, into the prompt and notices of the whole', () => {
    const lm = characterModel('abcdefghijklmnopqrstuvwxyz .,\'"-\n');
    const line = 'Café “au lait” — 5€\r\n';
    const selection = line.repeat(Math.ceil((2.5 * SELECTION_PIECE_CHARS) / line.length));
    const lines = selection.length / line.length;
    readLengths.length = 0;
    const prepared = prepareSelection(lm, selection);
    expect(Math.max(...readLengths)).toBeLessThanOrEqual(SELECTION_PIECE_CHARS);
    if (!prepared.ok || prepared.value.task !== 'language-model') throw new Error('expected a prompt');
    expect(prepared.value.prompt).toBe('cafe "au lait" - \n'.repeat(lines));
    expect(prepared.value.notices.map((n) => n.message)).toEqual([
      `${7 * lines} characters are not in the model's vocabulary and were read as: "C" → "c" (×${lines}), "é" → "e" (×${lines}), "“" → "\\"" (×${lines}), "”" → "\\"" (×${lines}), "—" → "-" (×${lines}), "5" → (left out) (×${lines}), "€" → (left out) (×${lines})`,
    ]);
  });
});
