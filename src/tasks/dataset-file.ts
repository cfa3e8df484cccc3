/**
 * A file on disk as a `DatasetFile` (Node only): each `stream` call reads it once more, with progress
 * running once from 0 to the end over all the passes a preparation announces. The facts of the last
 * complete read (size, SHA-256) are kept for the summary and the checkpoint.
 */

import type { DecodedFileFacts } from '../data/decode-text';
import { streamTextFile, type ReadTextOptions, type TextSample } from '../data/read-text';
import type { DatasetFile } from './task-training';

export interface StreamedDatasetFile {
  file: DatasetFile;
  /** Size and fingerprint from the last complete pass, or null before one. */
  facts(): DecodedFileFacts | null;
}

export function streamedDatasetFile(path: string, sample: TextSample, options: ReadTextOptions): StreamedDatasetFile {
  let facts: DecodedFileFacts | null = null;
  const file: DatasetFile = {
    name: sample.name,
    sample,
    stream: async (onText, pass = { index: 0, passes: 1 }) => {
      const { onProgress } = options;
      const streamed = await streamTextFile(path, onText, {
        ...options,
        onProgress: onProgress
          ? (read, total) => onProgress(pass.index * total + read, pass.passes * total)
          : undefined,
      });
      if (streamed.ok) facts = streamed.value;
      return streamed;
    },
  };
  return { file, facts: () => facts };
}
