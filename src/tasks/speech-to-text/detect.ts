/**
 * Speech to text reads a folder of recordings, never a text file or a table: its text detector never
 * scores, and choosing it for one says what it needs. Its audio score (training.ts) reads listings.
 */

import type { AudioListing } from '../../data/audio/audio-dataset';
import { failWith } from '../../data/errors';
import type { TaskDetector, TaskScore } from '../task-training';
import * as l10n from '../../protocol/l10n';

export const NOT_A_FOLDER =
  'speech to text trains on a folder of .wav files with transcripts (a CSV/TSV/JSON Lines manifest with a path and a text column, or name.wav + name.txt pairs), not on a text file or a table';

export const speechToTextDetector: TaskDetector = {
  readsPlainText: false,
  impliedBy: () => 0,
  score: () => null,
  chooseColumns: (input) => failWith(input.file, NOT_A_FOLDER),
};

/** Recordings with transcripts (a manifest or pairs) are speech to text; label folders are not. */
export function scoreSpeechListing(listing: AudioListing): TaskScore | null {
  if (listing.layout !== 'manifest' && listing.layout !== 'pairs') return null;
  const transcribed = listing.entries.filter((entry) => entry.transcript !== undefined).length;
  if (transcribed === 0) return null;
  const source = listing.layout === 'manifest' ? 'a manifest' : '.txt files beside them';
  return {
    score: 10,
    reason: l10n.t('{0} recordings with transcripts from {1}: transcribe them', transcribed, source),
  };
}
