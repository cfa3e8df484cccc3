/**
 * A labelled folder (or manifest) for evaluating a speech-to-text model: every recording, in listing
 * order, encoded with what the checkpoint stored (symbols, `dataset.audio`'s settings and global statistics), batched like validation.
 * A transcript with a character the model cannot write is skipped with a warning (or is an error, as
 * `unknownLabels` says); a recording too short for its transcript is skipped with a warning naming it.
 */

import type { AudioDataset } from '../../data/audio/audio-dataset';
import { storedAudioOf } from '../../data/audio/stored-audio';
import { failWith, listNames, ok, type Result } from '../../data/errors';
import type { EvaluationOptions, TaskEvaluation } from '../../data/prepare-evaluation';
import type { StoredEncoding } from '../task-training';
import { speechBatches, speechUnits } from './batches';
import { encodeRecordings, skippedWarning } from './prepare';
import { normalizeTranscript } from './transcript-symbols';
import * as l10n from '../../protocol/l10n';

export function prepareSpeechEvaluation(
  dataset: AudioDataset,
  stored: StoredEncoding,
  { unknownLabels }: Required<EvaluationOptions>,
): Result<TaskEvaluation> {
  const root = dataset.listing.root;
  const { symbols } = stored.dataset;
  if (!symbols) return failWith('checkpoint', l10n.t('the dataset description has no symbols'));
  const audio = storedAudioOf(stored.dataset);
  if (!audio.ok) return failWith('checkpoint', audio.problem);
  const examples = dataset.examples.filter((example) => example.transcript !== undefined);
  if (examples.length === 0) return failWith(root, l10n.t('no recording has a transcript'));
  const texts = examples.map((example) => normalizeTranscript(example.transcript!));
  const encoded = encodeRecordings(
    examples,
    texts,
    symbols,
    audio.settings,
    audio.normalization,
    unknownLabels !== 'error',
  );
  if (!encoded.ok) return failWith(root, encoded.problem);
  const warnings = [...dataset.warnings];
  if (encoded.unknown.size > 0) {
    const count = [...encoded.unknown.values()].reduce((a, n) => a + n, 0);
    warnings.push(
      `${count} transcript(s) with characters the model cannot write skipped: ${listNames([...encoded.unknown.keys()].map((c) => `'${c}'`))}`,
    );
  }
  if (encoded.skipped.length > 0) warnings.push(skippedWarning(encoded.skipped));
  if (encoded.usable.length === 0) return failWith(root, l10n.t('no recording can be scored (see the warnings)'));
  const usable = Int32Array.from(encoded.usable);
  return ok({
    summary: { size: { unit: 'examples', total: usable.length }, unknownTokenRate: 0, warnings },
    makeBatches: (batchSize) => speechBatches(encoded.data, usable, batchSize),
    validationUnits: () => speechUnits(encoded.data, usable),
  });
}
