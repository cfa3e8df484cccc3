/**
 * The LSTM Studio `__metadata__` schema (DESIGN.md §4). Safetensors metadata is a flat map of string to
 * string, so structured fields are JSON strings and numbers are decimal strings:
 *
 *   format         "lstm-studio/1"              (absent or different → not ours; see decodeStudioMetadata)
 *   config         JSON ModelConfig             (required; engine/config.ts)
 *   vocab          JSON, owned by data/         normalization  JSON, owned by data/
 *   history        JSON, owned by train/        dataset        JSON, owned by data/
 *   step, epoch    decimal non-negative integers
 *   seed           decimal integer
 *   created        ISO 8601 time, e.g. 2025-01-31T12:00:00.000Z
 *   anything else  kept verbatim in `extra` (e.g. `rng`, `trainer`), so a round trip loses nothing
 */

import { resolveModelConfig, type ModelConfig } from '../engine/config';
import { CheckpointError } from './errors';
import { jsonNestingDepth, jsonSyntaxProblem } from '../protocol/json-syntax';

export const STUDIO_FORMAT = 'lstm-studio/1';

export interface StudioMetadata {
  /** The architecture; enough to rebuild the model. */
  config: ModelConfig;
  /** The tokenizer's vocabulary (data/ owns its shape). */
  vocab?: unknown;
  /** Feature normalisation fitted on the training split (data/). */
  normalization?: unknown;
  /** Per-epoch metrics so far (train/). */
  history?: unknown;
  /** Which dataset, columns and task the run used (data/). */
  dataset?: unknown;
  /** Optimizer steps taken. */
  step?: number;
  /** Epochs completed. */
  epoch?: number;
  /** The run's seed. */
  seed?: number;
  /** When the file was written, ISO 8601. Kept as the string it was, so it round-trips exactly. */
  created?: string;
  /** Keys this schema does not define, kept verbatim. */
  extra?: Record<string, string>;
}

/** Either our schema, or someone else's metadata (e.g. a PyTorch export) returned untouched. */
export type DecodedMetadata =
  { kind: 'studio'; metadata: StudioMetadata } | { kind: 'foreign'; raw: Record<string, string> };

const JSON_FIELDS = ['vocab', 'normalization', 'history', 'dataset'] as const;
const INTEGER_FIELDS = ['step', 'epoch', 'seed'] as const;
const SCHEMA_KEYS: ReadonlySet<string> = new Set(['format', 'config', 'created', ...JSON_FIELDS, ...INTEGER_FIELDS]);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function encodeStudioMetadata(meta: StudioMetadata): Record<string, string> {
  const out: Record<string, string> = { format: STUDIO_FORMAT, config: toJson('config', meta.config) };
  for (const key of JSON_FIELDS) {
    if (meta[key] !== undefined) out[key] = toJson(key, meta[key]);
  }
  for (const key of INTEGER_FIELDS) {
    const value = meta[key];
    if (value === undefined) continue;
    checkInteger(key, value, 'bad-input');
    out[key] = String(value);
  }
  if (meta.created !== undefined) {
    checkCreated(meta.created, 'bad-input');
    out.created = meta.created;
  }
  for (const [key, value] of Object.entries(meta.extra ?? {})) {
    // Letting an extra key override a schema key would silently write something the fields do not say.
    if (SCHEMA_KEYS.has(key))
      throw new CheckpointError(
        'bad-input',
        `metadata: extra key '${key}' collides with a schema field; set the field instead`,
      );
    if (typeof value !== 'string')
      throw new CheckpointError('bad-input', `metadata: extra key '${key}' must be a string, got ${typeof value}`);
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Reads `__metadata__`. No `format`, or another tool's (`"pt"`), is `foreign` — a normal case for an
 * importer, not an error. `lstm-studio/<n>` with n ≠ 1 and malformed fields are errors.
 */
export function decodeStudioMetadata(raw: Readonly<Record<string, string>>): DecodedMetadata {
  const format = raw.format;
  if (typeof format !== 'string' || !format.startsWith('lstm-studio/')) return { kind: 'foreign', raw: { ...raw } };
  if (format !== STUDIO_FORMAT) {
    throw new CheckpointError(
      'unsupported-format',
      `metadata format is '${format}', but this version of LSTM Studio reads only '${STUDIO_FORMAT}': update the extension`,
    );
  }
  if (raw.config === undefined) {
    throw new CheckpointError(
      'bad-studio-metadata',
      `metadata: an ${STUDIO_FORMAT} checkpoint must have 'config' (the model configuration)`,
    );
  }
  const metadata: StudioMetadata = { config: decodeConfig(fromJson('config', raw.config)) };
  for (const key of JSON_FIELDS) {
    if (raw[key] !== undefined) metadata[key] = fromJson(key, raw[key]);
  }
  for (const key of INTEGER_FIELDS) {
    if (raw[key] !== undefined) metadata[key] = parseInteger(key, raw[key]);
  }
  if (raw.created !== undefined) metadata.created = checkCreated(raw.created, 'bad-studio-metadata');
  const extra = Object.entries(raw).filter(([key]) => !SCHEMA_KEYS.has(key));
  if (extra.length > 0) metadata.extra = Object.fromEntries(extra);
  return { kind: 'studio', metadata };
}

function decodeConfig(value: unknown): ModelConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CheckpointError(
      'bad-studio-metadata',
      `metadata 'config': expected a JSON object, got ${Array.isArray(value) ? 'a list' : typeof value}`,
    );
  }
  try {
    // The engine owns the schema: it fills fields added since the file was written and checks ranges.
    return resolveModelConfig(value as Partial<ModelConfig>);
  } catch (error) {
    throw new CheckpointError('bad-studio-metadata', `metadata 'config': ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function toJson(key: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new CheckpointError(
      'bad-input',
      `metadata '${key}': cannot be stored as JSON (${(error as Error).message})`,
      { cause: error },
    );
  }
  if (text === undefined)
    throw new CheckpointError('bad-input', `metadata '${key}': ${typeof value} cannot be stored as JSON`);
  return text;
}

/** Deeper than any field we write; far below what overflows the stack when the value is printed. */
const MAX_JSON_DEPTH = 64;

function fromJson(key: string, text: string): unknown {
  if (jsonNestingDepth(text) > MAX_JSON_DEPTH)
    throw new CheckpointError(
      'bad-studio-metadata',
      `metadata '${key}' nests deeper than ${MAX_JSON_DEPTH} levels: not written by LSTM Studio`,
    );
  try {
    return JSON.parse(text);
  } catch (error) {
    const where = jsonSyntaxProblem(error);
    throw new CheckpointError(
      'bad-studio-metadata',
      `metadata '${key}' is not valid JSON${where ? ` (${where})` : ''}`,
      {
        cause: error,
      },
    );
  }
}

function parseInteger(key: (typeof INTEGER_FIELDS)[number], text: string): number {
  // Strict decimal: Number('') is 0 and Number('1e3') is 1000, neither of which a writer of ours produces.
  if (!/^-?(0|[1-9]\d*)$/.test(text)) {
    throw new CheckpointError(
      'bad-studio-metadata',
      `metadata '${key}': expected a decimal integer, got ${JSON.stringify(text)}`,
    );
  }
  const value = Number(text);
  checkInteger(key, value, 'bad-studio-metadata');
  return value;
}

function checkInteger(
  key: (typeof INTEGER_FIELDS)[number],
  value: number,
  code: 'bad-input' | 'bad-studio-metadata',
): void {
  const nonNegative = key !== 'seed';
  if (!Number.isSafeInteger(value) || (nonNegative && value < 0)) {
    throw new CheckpointError(
      code,
      `metadata '${key}': expected ${nonNegative ? 'a non-negative integer' : 'an integer'}, got ${value}`,
    );
  }
}

function checkCreated(text: string, code: 'bad-input' | 'bad-studio-metadata'): string {
  if (typeof text !== 'string' || !ISO_TIME.test(text) || Number.isNaN(Date.parse(text))) {
    throw new CheckpointError(
      code,
      `metadata 'created': expected an ISO 8601 time like 2025-01-31T12:00:00.000Z, got ${JSON.stringify(text)}`,
    );
  }
  return text;
}
