/**
 * The checkpoint editor's model: a pure function from a file's header (metadata + tensor infos) to the
 * model card and the tensor table rows. Nothing here reads tensor data, so it costs the same for a
 * 10 KB and a 10 GB file. The metadata comes from a file and is trusted no more than the header was:
 * every field is checked and a field that does not fit is left out (and said in `warnings`), never
 * thrown — a checkpoint with odd metadata still shows its tensors.
 */

import { describeArchitecture } from '../engine/config';
import type {
  CheckpointOverview,
  EvaluationPoint,
  HistoryData,
  ModelCard,
  TensorRow,
} from '../protocol/checkpoint-overview';
import { guessArchitecture } from './architecture-guess';
import { gateLayoutOf, recurrentTensorLabel, recurrentTensorOf, type TensorShapeLookup } from './gates';
import type { TensorInfo } from './header';
import { decodeStudioMetadata, type StudioMetadata } from './metadata';
import { isTrainingStateTensor } from './names';
import * as l10n from '../protocol/l10n';
import { trainingSummary } from './training-summary';

export type { RecognisedModule } from '../protocol/checkpoint-overview';

export type {
  CheckpointOverview,
  EvaluationPoint,
  HistoryData,
  ModelCard,
  TensorRow,
} from '../protocol/checkpoint-overview';

export const VOCABULARY_PREVIEW = 60;
export const METADATA_VALUE_LIMIT = 400;
/** More evaluations than this are thinned for the chart (every k-th, the best and the last kept). */
export const HISTORY_POINT_LIMIT = 2000;

export function buildCheckpointOverview(
  metadata: Readonly<Record<string, string>>,
  tensors: readonly TensorInfo[],
): CheckpointOverview {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const rows = tensors.map((info) => tensorRow(info, (name) => byName.get(name)));
  const parameters = rows.filter((r) => r.group === 'parameter');
  const guess = guessArchitecture(tensors);
  const warnings: string[] = [];
  let studio: StudioMetadata | undefined;
  try {
    const decoded = decodeStudioMetadata(metadata);
    if (decoded.kind === 'studio') studio = decoded.metadata;
  } catch (error) {
    warnings.push(
      l10n.t('The LSTM Studio metadata could not be read ({0}); showing the tensors only.', (error as Error).message),
    );
  }
  const card: ModelCard = {
    kind: studio ? 'studio' : 'foreign',
    format: typeof metadata.format === 'string' ? metadata.format : null,
    task: null,
    architecture: guess.architecture,
    parameterCount: parameters.reduce((sum, r) => sum + r.elements, 0),
    parameterTensors: parameters.length,
    optimizerTensors: rows.length - parameters.length,
    modules: guess.modules,
    recurrent: guess.recurrent,
    dataset: null,
    outputs: null,
    vocabulary: null,
    encoderDecoder: guess.encoderDecoder
      ? {
          description: guess.encoderDecoder.description,
          attention: guess.encoderDecoder.attention,
          source: { size: guess.encoderDecoder.encoder.vocabSize, unit: null },
          target: { size: guess.encoderDecoder.decoder.vocabSize, unit: null, preview: [] },
        }
      : null,
    normalization: null,
    seed: null,
    step: null,
    epoch: null,
    best: null,
    created: null,
    training: [],
    history: null,
    hasTrainerState: false,
    metadata: [],
    warnings,
  };
  if (guess.problem) warnings.push(l10n.t('This looks like {0}.', guess.problem));
  if (studio) fillStudioCard(card, studio);
  else fillForeignCard(card, metadata);
  return { card, tensors: rows };
}

function tensorRow(info: TensorInfo, lookup: TensorShapeLookup): TensorRow {
  const elements = info.shape.reduce((a, b) => a * b, 1);
  const row: TensorRow = {
    name: info.name,
    dtype: info.dtype,
    shape: [...info.shape],
    elements,
    bytes: info.byteLength,
    // A stateful run's carried state is training state too: shown with the optimizer's, never counted as parameters.
    group: isTrainingStateTensor(info.name) ? 'optimizer' : 'parameter',
  };
  const recurrent = recurrentTensorOf(info.name, info.shape, lookup);
  if (!recurrent) return row;
  row.recurrent = {
    cell: recurrent.cell,
    layer: recurrent.layer,
    direction: recurrent.direction,
    label: recurrentTensorLabel(recurrent),
  };
  const gates = gateLayoutOf(info.name, info.shape, lookup);
  if (gates) {
    row.gateHiddenSize = gates.hiddenSize;
    row.gates = gates.blocks.map((b) => b.gate);
  }
  if (recurrent.kind === 'weight_hr' && info.shape.length === 2)
    row.projection = { projSize: info.shape[0], hiddenSize: info.shape[1] };
  return row;
}

function fillStudioCard(card: ModelCard, meta: StudioMetadata): void {
  const config = meta.config;
  card.architecture = describeArchitecture(config);
  const dataset = asObject(meta.dataset);
  const datasetTask = typeof dataset?.task === 'string' ? dataset.task : null;
  // The task is what the dataset description says; the head alone cannot tell tasks apart.
  card.task = datasetTask;
  if (datasetTask === null) card.warnings.push(l10n.t('The dataset metadata names no task.'));
  if (dataset) {
    const columns = asObject(dataset.columns) ?? {};
    card.dataset = {
      file: typeof dataset.file === 'string' ? dataset.file : l10n.t('(unnamed)'),
      fingerprint: typeof dataset.fingerprint === 'string' ? dataset.fingerprint : '',
      columns: Object.entries(columns)
        .filter(([, v]) => typeof v === 'string' || isStringArray(v))
        .map(([k, v]) => `${columnRoleWord(k)}: ${Array.isArray(v) ? v.join(', ') : v}`)
        .join(' · '),
    };
    const targets = columns.targets;
    if (isStringArray(dataset.classes))
      card.outputs = l10n.t('{0} classes: {1}', dataset.classes.length, dataset.classes.join(', '));
    else if (isStringArray(targets)) {
      const horizon = typeof dataset.horizon === 'number' ? dataset.horizon : 1;
      card.outputs =
        horizon === 1
          ? l10n.t('{0}, 1 step ahead', targets.join(', '))
          : l10n.t('{0}, {1} steps ahead', targets.join(', '), horizon);
    }
  }
  if (card.encoderDecoder && dataset) fillEncoderDecoderCard(card.encoderDecoder, dataset);
  const vocab = asObject(meta.vocab);
  if (vocab && isStringArray(vocab.tokens)) {
    card.vocabulary = {
      size: vocab.tokens.length,
      unit: vocab.unit === 'word' ? 'word' : 'char',
      preview: vocab.tokens.slice(0, VOCABULARY_PREVIEW),
    };
    // A softmax over the vocabulary at every step: the model writes a token per step (a language model: the next one).
    if (config.headOn === 'every' && config.outputSize === vocab.tokens.length) {
      card.outputs =
        card.vocabulary.unit === 'word'
          ? l10n.t('a word per step, over {0} tokens', vocab.tokens.length)
          : l10n.t('a character per step, over {0} tokens', vocab.tokens.length);
    }
  } else if (meta.vocab !== undefined) {
    card.warnings.push(l10n.t("The 'vocab' metadata is not a list of tokens."));
  }
  if (card.encoderDecoder) {
    const { target } = card.encoderDecoder;
    card.outputs =
      target.unit === 'word'
        ? l10n.t('a sequence of words, over {0} target tokens', target.size)
        : target.unit === 'char'
          ? l10n.t('a sequence of characters, over {0} target tokens', target.size)
          : l10n.t('a sequence of tokens, over {0} target tokens', target.size);
  }
  const norm = asObject(meta.normalization);
  const means = norm?.mean;
  const stds = norm?.std;
  if (norm && isStringArray(norm.columns) && Array.isArray(means) && Array.isArray(stds)) {
    const columns = norm.columns.map((name, k) => ({ name, mean: Number(means[k]), std: Number(stds[k]) }));
    card.normalization = { method: typeof norm.method === 'string' ? norm.method : 'z-score', columns };
  }
  card.seed = meta.seed ?? null;
  card.step = meta.step ?? null;
  card.epoch = meta.epoch ?? null;
  card.created = meta.created ?? null;
  card.history = readHistory(meta.history, card.warnings);
  card.best = bestEvaluation(card.history);
  if (card.history) card.history.evaluations = thin(card.history.evaluations, card.best);
  const extra = { ...(meta.extra ?? {}) };
  card.hasTrainerState = typeof extra.trainer === 'string';
  card.training = trainingSummary(extra.training);
  delete extra.trainer;
  delete extra.training;
  card.metadata = metadataList(extra);
}

/** Each side's unit and the target vocabulary, as a sequence-to-sequence dataset description stores them. */
function fillEncoderDecoderCard(
  card: NonNullable<ModelCard['encoderDecoder']>,
  dataset: Record<string, unknown>,
): void {
  const unit = (value: unknown) => (value === 'word' || value === 'char' ? value : null);
  card.source.unit = unit(dataset.sourceTokenUnit);
  card.target.unit = unit(dataset.targetTokenUnit);
  const target = asObject(dataset.targetVocab);
  if (target && isStringArray(target.tokens)) card.target.preview = target.tokens.slice(0, VOCABULARY_PREVIEW);
}

function fillForeignCard(card: ModelCard, metadata: Readonly<Record<string, string>>): void {
  // A vocabulary stored as a JSON list of tokens (what a PyTorch char-LM export usually does) is shown as ours is.
  const vocab = parseJson(metadata.vocab);
  if (isStringArray(vocab))
    card.vocabulary = {
      size: vocab.length,
      unit: vocab.every((t) => [...t].length === 1) ? 'char' : 'word',
      preview: vocab.slice(0, VOCABULARY_PREVIEW),
    };
  card.metadata = metadataList(metadata);
}

function readHistory(value: unknown, warnings: string[]): HistoryData | null {
  if (value === undefined) return null;
  const history = asObject(value);
  if (!history) {
    warnings.push(l10n.t("The 'history' metadata is not an object; no training chart."));
    return null;
  }
  const evaluations: EvaluationPoint[] = [];
  for (const item of Array.isArray(history.evaluations) ? history.evaluations : []) {
    const e = asObject(item);
    const metrics = asObject(e?.metrics);
    if (!e || !metrics || !isCount(e.step)) continue;
    const finite = Object.entries(metrics).filter(
      (entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1]),
    );
    evaluations.push({
      step: e.step,
      epoch: isCount(e.epoch) ? e.epoch : 0,
      time: typeof e.time === 'number' ? e.time : 0,
      metrics: Object.fromEntries(finite),
    });
  }
  const epochs: HistoryData['epochs'] = [];
  for (const item of Array.isArray(history.epochs) ? history.epochs : []) {
    const e = asObject(item);
    if (e && isCount(e.epoch) && isCount(e.step) && typeof e.trainLoss === 'number' && Number.isFinite(e.trainLoss)) {
      epochs.push({ epoch: e.epoch, step: e.step, trainLoss: e.trainLoss });
    }
  }
  return { evaluations, epochs: epochs.slice(-HISTORY_POINT_LIMIT) };
}

function bestEvaluation(history: HistoryData | null): EvaluationPoint | null {
  let best: EvaluationPoint | null = null;
  for (const e of history?.evaluations ?? []) {
    if (e.metrics.loss !== undefined && (best === null || e.metrics.loss < best.metrics.loss)) best = e;
  }
  return best;
}

function thin(points: EvaluationPoint[], keep: EvaluationPoint | null): EvaluationPoint[] {
  if (points.length <= HISTORY_POINT_LIMIT) return points;
  const stride = Math.ceil(points.length / HISTORY_POINT_LIMIT);
  return points.filter((p, k) => k % stride === 0 || p === keep || k === points.length - 1);
}

function metadataList(metadata: Readonly<Record<string, string>>): { key: string; value: string }[] {
  return Object.entries(metadata).map(([key, value]) => ({
    key,
    value:
      value.length > METADATA_VALUE_LIMIT
        ? l10n.t('{0}… ({1} characters)', value.slice(0, METADATA_VALUE_LIMIT), value.length)
        : value,
  }));
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** A dataset description's column role (`text`, `targets`…, src/protocol/dataset.ts) as a person reads it. */
function columnRoleWord(role: string): string {
  switch (role) {
    case 'text':
      return l10n.t('text');
    case 'label':
      return l10n.t('label');
    case 'targets':
      return l10n.t('targets');
    case 'features':
      return l10n.t('features');
    case 'date':
      return l10n.t('date');
    case 'series':
      return l10n.t('series');
    case 'wide':
      return l10n.t('series columns');
    case 'knownFuture':
      return l10n.t('known ahead');
    case 'source':
      return l10n.t('source');
    case 'target':
      return l10n.t('target');
    default:
      return role; // a role this version does not know: its name as stored
  }
}
