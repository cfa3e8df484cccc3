/**
 * Tokens back to text, as the panels show them: a character model's tokens joined as they are, a word
 * model's with spaces (what the worker's detokenisation does), and whitespace made visible where a
 * single token is shown on its own.
 */

/** What joins a text's tokens: '' when they spell it out character by character, else a space. */
export function joinerOf(text: string, tokens: readonly string[]): '' | ' ' {
  return tokens.join('') === text ? '' : ' ';
}

/** A model's special tokens (`<unk>`, `<eos>`, …): never a character of a character model. */
const SPECIAL = /^<[a-z]+>$/;

/**
 * The joiner of tokens streamed without their text (a transform's hypothesis while it is decoded): a
 * character model's tokens are single characters, and only its tokens can be whitespace; a word
 * model's are whole words. A word model that has produced only one-letter words so far reads as
 * characters until its first longer word.
 */
export function guessJoiner(tokens: readonly string[]): '' | ' ' {
  let sawCharacter = false;
  for (const token of tokens) {
    if (SPECIAL.test(token)) continue;
    if (token.trim() === '') return '';
    if ([...token].length > 1) return ' ';
    sawCharacter = true;
  }
  return sawCharacter ? '' : ' ';
}

/** One token shown alone (a label, a marked difference): whitespace as a visible sign. */
export function visibleToken(token: string): string {
  switch (token) {
    case ' ':
      return '␣';
    case '\n':
      return '↵';
    case '\t':
      return '⇥';
    case '':
      return '∅';
    default:
      return token;
  }
}
