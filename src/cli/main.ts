/** `lstm-studio`: the command line over the same engine and pipeline the extension uses. */

import { createProgram } from './program';

createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    console.error(`lstm-studio: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
