/**
 * The few training settings a model card shows, read from the checkpoint's verbatim `training`
 * metadata (train/config.ts's TrainingConfig as JSON). Read defensively: a missing or odd field is left
 * out, never guessed. Labels and values are in the display language (the inference worker builds the
 * card: src/protocol/l10n.ts); `key` names the setting for code.
 */

import * as l10n from '../protocol/l10n';

export interface TrainingSummaryItem {
  /** The setting (`optimizer`, `batch`, …), for code; never shown. */
  key: string;
  label: string;
  value: string;
}

export function trainingSummary(json: string | undefined): TrainingSummaryItem[] {
  if (json === undefined) return [];
  let config: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return [];
    config = parsed as Record<string, unknown>;
  } catch {
    return [];
  }
  const number = (key: string) =>
    typeof config[key] === 'number' && Number.isFinite(config[key]) ? (config[key] as number) : undefined;
  const text = (key: string) => (typeof config[key] === 'string' ? (config[key] as string) : undefined);
  const out: TrainingSummaryItem[] = [];
  const add = (key: string, label: string, value: string | undefined) => {
    if (value) out.push({ key, label, value });
  };

  const optimizer = text('optimizer');
  const lr = number('lr');
  const weightDecay = number('weightDecay');
  add(
    'optimizer',
    l10n.t('Optimizer'),
    optimizer &&
      [optimizer, lr !== undefined ? `lr ${lr}` : '', weightDecay ? l10n.t('weight decay {0}', weightDecay) : '']
        .filter(Boolean)
        .join(', '),
  );
  const schedule = text('schedule');
  add('schedule', l10n.t('Schedule'), schedule && schedule !== 'constant' ? schedule : undefined);
  const batch = number('batchSize');
  const seqLen = number('seqLen');
  add(
    'batch',
    l10n.t('Batch'),
    batch === undefined ? undefined : seqLen === undefined ? String(batch) : l10n.t('{0} × {1} steps', batch, seqLen),
  );
  const epochs = number('epochs');
  add('epochs', l10n.t('Epochs planned'), epochs !== undefined ? String(epochs) : undefined);
  const dropout = number('dropout');
  add('dropout', l10n.t('Dropout'), dropout ? String(dropout) : undefined);
  const clip = number('clipNorm');
  add('clipNorm', l10n.t('Gradient clip'), clip ? l10n.t('norm {0}', clip) : undefined);
  add('init', l10n.t('Initialisation'), text('init'));
  add('preset', l10n.t('Preset'), text('preset'));
  return out;
}
