/**
 * A listing → its recordings as log-mel frames (wav.ts, then mel.ts), in the listing's order. A recording
 * that cannot be read (a bad WAV, shorter than one window) is skipped with a warning naming it; when none
 * can be read, the first problem is the error. Progress is reported as recordings done / total.
 */

import { basename } from 'node:path';
import { failWith, ok, type Result } from '../errors';
import type { AudioDataset, AudioExample, AudioFeatureSettings, AudioListing } from './audio-dataset';
import { logMelSpectrogram, melFrameCount } from './mel';
import { decodeWavFile } from './wav';
import * as l10n from '../../protocol/l10n';

/** Called after each recording (and once at 0): recordings done of total. */
export type AudioProgress = (done: number, total: number) => void;

/** Most warnings kept word for word; the rest are counted. */
const MAX_WARNINGS = 20;

export async function readAudioDataset(
  listing: AudioListing,
  settings: AudioFeatureSettings,
  onProgress?: AudioProgress,
): Promise<Result<AudioDataset>> {
  const examples: AudioExample[] = [];
  const problems: string[] = [];
  const total = listing.entries.length;
  onProgress?.(0, total);
  for (let i = 0; i < total; i++) {
    const entry = listing.entries[i];
    const decoded = await decodeWavFile(entry.path);
    if (!decoded.ok) problems.push(`${entry.name}: ${decoded.error.problem}`);
    else if (melFrameCount(decoded.value.samples.length, settings) === 0)
      problems.push(
        `${entry.name}: ${decoded.value.durationSeconds.toFixed(3)} s is shorter than one ${settings.windowMs} ms window`,
      );
    else {
      const mel = logMelSpectrogram(decoded.value.samples, settings);
      examples.push({
        name: entry.name,
        frames: mel.frames,
        bands: mel.bands,
        features: mel.values,
        label: entry.label,
        transcript: entry.transcript,
      });
    }
    onProgress?.(i + 1, total);
  }
  if (examples.length === 0)
    return failWith(
      basename(listing.root),
      l10n.t('no recording could be read ({0})', problems[0] ?? 'the listing is empty'),
    );
  const warnings = [...listing.warnings, ...problems.slice(0, MAX_WARNINGS)];
  if (problems.length > MAX_WARNINGS)
    warnings.push(l10n.t('{0} more recordings could not be read', problems.length - MAX_WARNINGS));
  return ok({ listing, settings, examples, warnings });
}
