/**
 * The few training settings a model card shows, read from the checkpoint's verbatim `training`
 * metadata (train/config.ts's TrainingConfig as JSON). Read defensively: a missing or odd field is left
 * out, never guessed.
 */

export function trainingSummary(json: string | undefined): { label: string; value: string }[] {
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
  const out: { label: string; value: string }[] = [];
  const add = (label: string, value: string | undefined) => {
    if (value) out.push({ label, value });
  };

  const optimizer = text('optimizer');
  const lr = number('lr');
  const weightDecay = number('weightDecay');
  add(
    'Optimizer',
    optimizer &&
      [optimizer, lr !== undefined ? `lr ${lr}` : '', weightDecay ? `weight decay ${weightDecay}` : '']
        .filter(Boolean)
        .join(', '),
  );
  const schedule = text('schedule');
  add('Schedule', schedule && schedule !== 'constant' ? schedule : undefined);
  const batch = number('batchSize');
  const seqLen = number('seqLen');
  add('Batch', batch !== undefined ? `${batch}${seqLen !== undefined ? ` × ${seqLen} steps` : ''}` : undefined);
  const epochs = number('epochs');
  add('Epochs planned', epochs !== undefined ? String(epochs) : undefined);
  const dropout = number('dropout');
  add('Dropout', dropout ? String(dropout) : undefined);
  const clip = number('clipNorm');
  add('Gradient clip', clip ? `norm ${clip}` : undefined);
  add('Initialisation', text('init'));
  add('Preset', text('preset'));
  return out;
}
