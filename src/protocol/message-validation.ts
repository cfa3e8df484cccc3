/**
 * A small validator library for messages that cross a trust border (a webview → the extension host).
 * A webview runs whatever script reaches it, so the host treats every message as `unknown` until one of
 * these validators has checked its shape and its values and rebuilt it: the value a validator returns
 * holds only the fields it declares (an extra field — say a `datasetPath` — is a rejection, never passed
 * on). Pure and dependency-free, so host, tests and webviews can share it.
 */

/** A checked value, or why it was refused (`where` is the field's path, e.g. `input.values[3][0]`). */
export type Validation<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Checks `value` and returns a fresh copy of it; throws `Rejected` with where and what is wrong. */
export type Validator<T> = (value: unknown, where: string) => T;

/** A validator whose field may be absent (or `undefined`, which `postMessage` drops anyway). */
export interface OptionalValidator<T> extends Validator<T | undefined> {
  readonly optional: true;
}

export class Rejected extends Error {}

/** Refuses a value: for checks of one field that the validators here do not express. */
export function reject(where: string, what: string): never {
  throw new Rejected(`${where || 'message'}: ${what}`);
}

/** How a refused value is described in a reason: its type, never its (maybe huge, maybe hostile) content. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function string(limits: { maxLength: number; pattern?: RegExp; describe?: string }): Validator<string> {
  return (value, where) => {
    if (typeof value !== 'string') return reject(where, `expected a string, got ${kindOf(value)}`);
    if (value.length > limits.maxLength)
      return reject(where, `${value.length} characters, at most ${limits.maxLength} allowed`);
    if (limits.pattern && !limits.pattern.test(value)) return reject(where, `not ${limits.describe ?? 'allowed'}`);
    return value;
  };
}

export function integer(range: { min: number; max: number }): Validator<number> {
  return (value, where) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      return reject(where, `expected an integer, got ${kindOf(value)}${typeof value === 'number' ? ` ${value}` : ''}`);
    if (value < range.min || value > range.max) return reject(where, `${value} outside ${range.min}…${range.max}`);
    return value;
  };
}

export function finiteNumber(range: { min: number; max: number }): Validator<number> {
  return (value, where) => {
    if (typeof value !== 'number' || !Number.isFinite(value))
      return reject(
        where,
        `expected a finite number, got ${kindOf(value)}${typeof value === 'number' ? ` ${value}` : ''}`,
      );
    if (value < range.min || value > range.max) return reject(where, `${value} outside ${range.min}…${range.max}`);
    return value;
  };
}

export function boolean(): Validator<boolean> {
  return (value, where) =>
    typeof value === 'boolean' ? value : reject(where, `expected true or false, got ${kindOf(value)}`);
}

/** One of a fixed set of strings (an enum of the protocol). */
export function oneOf<const T extends string>(values: readonly T[]): Validator<T> {
  const known = new Set<string>(values);
  return (value, where) =>
    typeof value === 'string' && known.has(value)
      ? (value as T)
      : reject(where, typeof value === 'string' ? 'not a known value' : `expected a string, got ${kindOf(value)}`);
}

export function array<T>(item: Validator<T>, limits: { maxLength: number; minLength?: number }): Validator<T[]> {
  return (value, where) => {
    if (!Array.isArray(value)) return reject(where, `expected an array, got ${kindOf(value)}`);
    if (value.length > limits.maxLength)
      return reject(where, `${value.length} items, at most ${limits.maxLength} allowed`);
    if (value.length < (limits.minLength ?? 0)) return reject(where, `at least ${limits.minLength} items needed`);
    return value.map((element, k) => item(element, `${where}[${k}]`));
  };
}

export function optional<T>(validator: Validator<T>): OptionalValidator<T> {
  const check = (value: unknown, where: string) => (value === undefined ? undefined : validator(value, where));
  return Object.assign(check, { optional: true as const });
}

type Fields = Record<string, Validator<unknown>>;
type RequiredKeys<F extends Fields> = { [K in keyof F]: F[K] extends OptionalValidator<unknown> ? never : K }[keyof F];
type OptionalKeys<F extends Fields> = Exclude<keyof F, RequiredKeys<F>>;
type Checked<V> = V extends Validator<infer T> ? T : never;
/** The type an object validator returns: its required fields, then its optional ones. */
export type ObjectOf<F extends Fields> = { [K in RequiredKeys<F>]: Checked<F[K]> } & {
  [K in OptionalKeys<F>]?: Exclude<Checked<F[K]>, undefined>;
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** An object with exactly these fields: an unknown field is refused; the copy holds only the declared ones. */
export function object<F extends Fields>(fields: F): Validator<ObjectOf<F>> {
  return (value, where) => {
    if (!isPlainObject(value)) return reject(where, `expected an object, got ${kindOf(value)}`);
    for (const key of Object.keys(value))
      if (!Object.hasOwn(fields, key)) reject(where, `unexpected field '${printable(key)}'`);
    const copy: Record<string, unknown> = {};
    for (const [key, validator] of Object.entries(fields)) {
      const checked = validator(value[key], where ? `${where}.${key}` : key);
      if (checked !== undefined) copy[key] = checked;
    }
    return copy as ObjectOf<F>;
  };
}

type Variants = Record<string, Fields>;
/** The union an object-by-`type` validator returns. */
export type UnionOf<V extends Variants> = { [T in keyof V]: { type: T } & ObjectOf<V[T]> }[keyof V];

/** A discriminated union on `type`: each variant's other fields; an unknown `type` is refused. */
export function byType<V extends Variants>(variants: V): Validator<UnionOf<V>> {
  const checkers = new Map<string, Validator<unknown>>(
    Object.entries(variants).map(([type, fields]) => [type, object({ ...fields, type: oneOf([type]) })]),
  );
  return (value, where) => {
    if (!isPlainObject(value)) return reject(where, `expected an object, got ${kindOf(value)}`);
    const type = value.type;
    const checker = typeof type === 'string' && Object.hasOwn(variants, type) ? checkers.get(type) : undefined;
    if (!checker)
      return reject(
        where ? `${where}.type` : 'type',
        typeof type === 'string' ? `unknown type '${printable(type)}'` : `expected a string, got ${kindOf(type)}`,
      );
    return checker(value, where) as UnionOf<V>;
  };
}

/** Runs a validator at the top of a message: a result instead of an exception. */
export function validate<T>(validator: Validator<T>, value: unknown): Validation<T> {
  try {
    return { ok: true, value: validator(value, '') };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, reason: error.message };
    // A getter that throws, a proxy, a too-deep structure: refused as well, never acted on.
    return { ok: false, reason: `unreadable message (${(error as Error)?.message ?? String(error)})` };
  }
}

/** A name or key as it may appear in a log line: no control characters, at most 60 characters. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 60 ? `${clean.slice(0, 60)}…` : clean;
}
