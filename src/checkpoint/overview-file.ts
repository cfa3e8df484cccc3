/**
 * Opens a checkpoint for the editor: the header only (8 bytes, then the header's own length, both
 * checked against the file size before anything is allocated), turned into the model card and the
 * tensor table. A file that cannot be read comes back as an error value with a message for the user,
 * never as a throw, so the editor can show it in place.
 */

import type { CheckpointFileOverview } from '../protocol/checkpoint-editor';
import { CheckpointError } from './errors';
import { openSafetensors } from './file';
import { buildCheckpointOverview } from './model-card';

export type { CheckpointFileOverview };

export async function readCheckpointOverview(path: string): Promise<CheckpointFileOverview> {
  const started = performance.now();
  let reader;
  try {
    reader = await openSafetensors(path);
  } catch (error) {
    const checkpointError =
      error instanceof CheckpointError
        ? error
        : new CheckpointError('io', `${path}: ${(error as Error)?.message ?? String(error)}`);
    return {
      fileSize: 0,
      headerBytes: 0,
      openMs: performance.now() - started,
      overview: null,
      error: { code: checkpointError.code, message: withoutPath(checkpointError.message, path) },
    };
  }
  try {
    const overview = buildCheckpointOverview(reader.metadata, reader.tensors);
    return {
      fileSize: reader.fileSize,
      headerBytes: reader.headerSize,
      openMs: performance.now() - started,
      overview,
      error: null,
    };
  } catch (error) {
    // buildCheckpointOverview does not throw by design; this is the last guard that the answer is a value.
    return {
      fileSize: reader.fileSize,
      headerBytes: reader.headerSize,
      openMs: performance.now() - started,
      overview: null,
      error: { code: 'bad-input', message: (error as Error).message },
    };
  } finally {
    await reader.close().catch(() => undefined);
  }
}

/** The editor names the file in its title; the message need not repeat the absolute path. */
function withoutPath(message: string, path: string): string {
  return message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
}
