/**
 * What the CLI prints goes through here. File names, class labels, dataset text and error messages come
 * from files a stranger may have made, so control characters in them (terminal escape codes, carriage
 * returns, bidi overrides) are shown escaped, as `\u001b`, never sent raw to the terminal. Newlines and
 * tabs of the CLI's own layout stay; in JSON output the escape is the same character's JSON spelling.
 */

import type { TrainingEvent } from '../protocol/training-events';

// C0 controls but tab and newline, DEL, C1 controls, and the bidi embedding/override/isolate marks.
// eslint-disable-next-line no-control-regex -- matching control characters is this module's job
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every unsafe character escaped as `\uXXXX`. */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** An error message as one printable line (a message never spans lines on the terminal). */
export function oneLine(text: string): string {
  return printable(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
}

/** `console.log`, escaped. */
export function say(text: string): void {
  console.log(printable(text));
}

/** `console.error`, escaped. */
export function sayError(text: string): void {
  console.error(printable(text));
}

/**
 * A training event as the JSON line `train --json` prints: without the worker's stack trace, which is for
 * a developer (`--verbose` prints it to stderr), not part of the run's outcome.
 */
export function trainingEventJson(event: TrainingEvent): string {
  if (event.type !== 'run-failed') return JSON.stringify(event);
  const { stack: _stack, ...rest } = event;
  return JSON.stringify(rest);
}
