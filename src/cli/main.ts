/** `lstm-studio`: the command line over the same engine and pipeline the extension uses. */

import { createProgram } from './program';
import { oneLine } from './terminal-text';

createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    // One line, escaped: the message may quote a file name or its content (the stack is not for the user).
    console.error(`lstm-studio: ${oneLine(error instanceof Error ? error.message : String(error))}`);
    process.exit(1);
  });
