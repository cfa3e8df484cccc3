/**
 * An audio run's recordings for the exported train.py: the dataset listed as LSTM Studio lists it
 * (src/data/audio/audio-listing.ts), each recording's path relative to the dataset's folder (a manifest's
 * folder) with its label or transcript, in LSTM Studio's order — so Python reads the same WAVs and its
 * seeded split and batches pick the same recordings. The WAVs themselves are read by Python
 * (lstm_studio/audio.py); nothing prepared from them is written.
 */

import { stat } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import type { AudioLayout } from '../data/audio/audio-dataset';
import { listAudioDataset } from '../data/audio/audio-listing';

/** What run_config.json's `audioListing` holds. */
export interface ExportedAudioListing {
  layout: AudioLayout;
  /** `name`: the WAV's path relative to the listing's folder, with `/` separators. */
  entries: { name: string; label?: string; transcript?: string }[];
}

/** The listing of the audio dataset at `datasetPath`; a one-line error naming it when it cannot be listed. */
export async function exportAudioListing(datasetPath: string): Promise<ExportedAudioListing> {
  const listed = await listAudioDataset(datasetPath);
  if (!listed.ok)
    throw new Error(`${datasetPath}: ${listed.error.problem} (an audio run's export lists its recordings)`);
  const { root, layout, entries } = listed.value;
  const isFolder = await stat(root).then((s) => s.isDirectory());
  const folder = isFolder ? root : dirname(root);
  return {
    layout,
    entries: entries.map((entry) => ({
      name: relative(folder, entry.path).split(sep).join('/'),
      ...(entry.label !== undefined ? { label: entry.label } : {}),
      ...(entry.transcript !== undefined ? { transcript: entry.transcript } : {}),
    })),
  };
}
