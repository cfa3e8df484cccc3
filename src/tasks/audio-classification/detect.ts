/**
 * Audio classification reads a folder of label folders, never a text file or a table: its text
 * detector never scores, and its audio half scores listings (`scoreAudioListing`).
 */

import { failWith } from '../../data/errors';
import type { AudioListing } from '../../data/audio/audio-dataset';
import type { TaskDetector, TaskScore } from '../task-training';
import * as l10n from '../../protocol/l10n';

export const audioClassificationDetector: TaskDetector = {
  readsPlainText: false,
  impliedBy: () => 0,
  score: () => null,
  chooseColumns: (input) =>
    failWith(input.file, l10n.t('audio classification reads a folder of .wav files, not a text or a table')),
};

/** Label folders with at least two labels: 10 (the layout is made for this); anything else: no. */
export function scoreAudioListing(listing: AudioListing): TaskScore | null {
  if (listing.layout !== 'label-folders') return null;
  const labels = new Set(listing.entries.map((e) => e.label));
  if (labels.size < 2) return null;
  return { score: 10, reason: l10n.t('{0}: classify each recording by its folder', listing.reason) };
}
