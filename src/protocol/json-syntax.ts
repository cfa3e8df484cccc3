/**
 * Where a JSON text is broken, in the user's words. `JSON.parse`'s own messages quote the engine
 * ("Unexpected token 'e', \"text,label\" is not valid JSON") and differ between Node versions; a user
 * needs only where the text stops being JSON.
 */

/** "it ends too early", "at character 42", "at 'x'", or "" when the parser did not say where. */
export function jsonSyntaxProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/end of JSON input|Unterminated/i.test(message)) return 'it ends too early';
  const position = /position (\d+)/.exec(message);
  if (position) return `at character ${Number(position[1]) + 1}`;
  // Node 20+ names only the character when the text does not even start like JSON.
  const token = /Unexpected token '(.)'/u.exec(message);
  return token ? `at '${token[1]}'` : '';
}

/**
 * How deep `text`'s arrays and objects nest (strings skipped). Printing or copying a value nested tens of
 * thousands deep overflows the stack, so readers refuse such text before parsing it.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
