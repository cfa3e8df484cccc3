/**
 * A labelled folder for evaluating an audio classifier: every readable recording, in listing order,
 * turned into steps with the checkpoint's feature settings and normalisation, labels by the stored
 * classes (an unknown label is an error naming it, or skipped with a count when asked).
 */

import type { AudioDataset } from '../../data/audio/audio-dataset';
import { audioClassValidationBatches, audioClassValidationUnits } from '../../data/audio/audio-batches';
import { storedAudioOf } from '../../data/audio/stored-audio';
import { failWith, listNames, ok, type Result } from '../../data/errors';
import type { EvaluationOptions, TaskEvaluation } from '../../data/prepare-evaluation';
import { classBalance } from '../../data/split';
import type { StoredEncoding } from '../task-training';
import { stepsOf } from './audio-features';
import * as l10n from '../../protocol/l10n';

export function prepareAudioClassificationEvaluation(
  dataset: AudioDataset,
  stored: StoredEncoding,
  { unknownLabels }: Required<EvaluationOptions>,
): Result<TaskEvaluation> {
  const root = dataset.listing.root;
  const audio = storedAudioOf(stored.dataset);
  if (!audio.ok) return failWith('checkpoint', audio.problem);
  const classes = stored.dataset.classes ?? [];
  const idOf = new Map(classes.map((name, id) => [name, id]));
  const kept = [];
  const skipped = new Map<string, number>();
  for (const example of dataset.examples) {
    const label = example.label ?? '';
    if (idOf.has(label)) kept.push(example);
    else if (unknownLabels === 'error')
      return failWith(
        root,
        l10n.t(
          "{0}: label '{1}' is not one of the model's classes ({2}); remove its folder, or choose to skip unknown labels",
          example.name,
          label,
          listNames(classes, 20),
        ),
      );
    else skipped.set(label, (skipped.get(label) ?? 0) + 1);
  }
  if (kept.length === 0) return failWith(root, l10n.t('no recording has a label the model knows'));
  const labels = Int32Array.from(kept, (e) => idOf.get(e.label!)!);
  const { values, steps } = stepsOf(kept, audio.settings, audio.normalization);
  const data = { width: audio.settings.melBands * audio.settings.stackFrames, values, steps, labels };
  const indices = Int32Array.from(kept, (_, i) => i);
  const warnings = [...dataset.warnings];
  for (const [label, count] of skipped)
    warnings.push(l10n.t("{0} recording(s) labelled '{1}' skipped: not a class of the model", count, label));
  return ok({
    summary: {
      size: { unit: 'examples', total: kept.length },
      unknownTokenRate: 0,
      classBalance: classBalance(labels, classes),
      warnings,
    },
    makeBatches: (batchSize, seqLen) => audioClassValidationBatches(data, indices, batchSize, seqLen),
    validationUnits: (seqLen) => audioClassValidationUnits(data, indices, seqLen),
  });
}
