/**
 * What every task's reading of an editor selection shares: the sequence length the model was trained
 * with, and the check that there is something to read. Each task reads the rest its own way
 * (`TaskUse.prediction.prepare` in src/tasks/<task>/selection.ts).
 */

import type { StudioMetadata } from '../checkpoint/metadata';

/** The sequence length the model was trained with (tokens per text, window, rows of history), if stored. */
export function trainingWindow(metadata: StudioMetadata): number | undefined {
  const stored = metadata.extra?.training;
  if (!stored) return undefined;
  try {
    const seqLen = (JSON.parse(stored) as { seqLen?: unknown }).seqLen;
    return typeof seqLen === 'number' && Number.isInteger(seqLen) && seqLen > 0 ? seqLen : undefined;
  } catch {
    return undefined;
  }
}

/** Why an empty selection cannot be read, or null when there is something to read. */
export function emptySelectionProblem(text: string): string | null {
  return text.trim().length === 0
    ? 'the selection is empty: select some text, or put the cursor on a line that has some'
    : null;
}
