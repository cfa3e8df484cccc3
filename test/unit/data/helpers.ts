import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Result } from '../../../src/data/errors';

/** Absolute path of a file in test/fixtures/data. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/data/${name}`, import.meta.url));
}

export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** The value of an ok result; fails the test with the error message otherwise. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got: ${result.error.message}`);
  return result.value;
}

/** The error message of a failed result; fails the test on success. */
export function errorOf<T>(result: Result<T>): { message: string; line?: number; column?: string; file: string } {
  if (result.ok) throw new Error('expected an error, got success');
  return result.error;
}
