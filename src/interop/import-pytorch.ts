/**
 * Foreign safetensors files (a PyTorch `state_dict` of Embedding → LSTM/GRU → Linear, any module names,
 * bidirectional or with proj_size; or an encoder–decoder with attention, src/checkpoint/encoder-decoder-layout.ts) as
 * LSTM Studio models: the layout from the tensor names and shapes (import-layout.ts), the rest from the
 * answers stored beside the file (import-answers.ts), and the result is an ordinary `LstmModel` plus
 * `StudioMetadata` — what prediction, gate recording and the checkpoint editor already use (an
 * encoder–decoder: a `Seq2seqModel`, which `createModel` builds from the config's `decoder`).
 */

import { basename } from 'node:path';
import { resolveModelConfig, type ModelConfig } from '../engine/config';
import { createModel } from '../engine/create-model';
import type { TrainableModel } from '../engine/trainable-model';
import type { StudioMetadata } from '../checkpoint/metadata';
import { openSafetensors } from '../checkpoint/file';
import type { SafetensorsReader } from '../checkpoint/reader';
import { decodeStudioMetadata } from '../checkpoint/metadata';
import type { DatasetMetadata } from '../data/dataset-metadata';
import { Vocabulary } from '../data/vocabulary';
import { createInputEncoder } from '../tasks/encode-input';
import type { ImportStatus } from '../protocol/pytorch-interop';
import {
  answerImport,
  findMetadataVocabulary,
  foreignShape,
  importableTasks,
  readImportAnswers,
  writeImportAnswers,
  type ImportAnswers,
  type ImportRequest,
} from './import-answers';
import { getTask, type TaskId } from '../tasks';
import { foreignTensorFor, ImportRefusedError, recogniseRecurrentModel, type ImportedLayout } from './import-layout';

/** A foreign file whose questions (task, vocabulary…) have not been answered yet. */
export class ImportAnswersNeededError extends Error {
  override readonly name = 'ImportAnswersNeededError';
}

export interface ImportedCheckpoint {
  /** An `LstmModel`, or a `Seq2seqModel` for an encoder–decoder. */
  model: TrainableModel;
  metadata: StudioMetadata;
  layout: ImportedLayout;
  answers: ImportAnswers;
}

export type { ImportStatus } from '../protocol/pytorch-interop';

export async function importStatus(path: string): Promise<ImportStatus> {
  const reader = await openSafetensors(path);
  try {
    if (decodeStudioMetadata({ ...reader.metadata }).kind === 'studio') return { kind: 'studio' };
    let layout: ImportedLayout;
    try {
      layout = recogniseRecurrentModel(reader.tensors);
    } catch (error) {
      if (error instanceof ImportRefusedError) return { kind: 'refused', message: error.message };
      throw error;
    }
    const answers = await readImportAnswers(path);
    const V = layout.embedding?.vocabSize ?? 0;
    const found = findMetadataVocabulary(reader.metadata);
    let metadataVocabularySize: number | null = null;
    if (found && (Array.isArray(found.value) || typeof found.value === 'object')) {
      const value = found.value as unknown[] | { tokens?: unknown[] };
      metadataVocabularySize = Array.isArray(value)
        ? value.length
        : Array.isArray(value.tokens)
          ? value.tokens.length
          : Object.keys(value).length;
    }
    return {
      kind: 'foreign',
      answered: answers !== null && answers.file.size === reader.fileSize,
      architecture: layout.architecture,
      moduleNames: layout.moduleNames,
      vocabSize: V,
      targetVocabSize: layout.encoderDecoder?.decoder.vocabSize ?? null,
      inputSize: layout.recurrent.inputSize,
      outputSize: layout.head.outputSize,
      metadataVocabularySize,
      suggestedTask: suggestTask(layout),
      possibleTasks: tasksFor(layout).map((t) => t.id),
    };
  } finally {
    await reader.close();
  }
}

/** The importable task whose shapes fit best (the first registered on a tie); never one a bidirectional model cannot be. */
function suggestTask(layout: ImportedLayout): TaskId {
  const shape = foreignShape(layout);
  // A task that answers from the past cannot use a bidirectional model (import-answers.ts refuses it).
  const tasks = tasksFor(layout);
  let best = tasks[0];
  let bestFit = 0;
  for (const task of tasks) {
    const fit = task.training.importer!.fit(shape);
    if (fit > bestFit) [best, bestFit] = [task, fit];
  }
  return best.id;
}

/**
 * The importable tasks a layout can be: an encoder–decoder only a task importing encoder–decoders, and the
 * other way round; a bidirectional model never a task that answers from the past.
 */
function tasksFor(layout: ImportedLayout): ReturnType<typeof importableTasks> {
  return importableTasks().filter(
    (t) =>
      (!layout.recurrent.bidirectional || t.bidirectionalRefusal === null) &&
      (t.training.importer!.encoderDecoder === true) === (layout.encoderDecoder !== null),
  );
}

/** Reads a foreign file with its stored answers into a model. Throws ImportAnswersNeededError without them. */
export async function loadImportedCheckpoint(path: string): Promise<ImportedCheckpoint> {
  const reader = await openSafetensors(path);
  try {
    const layout = recogniseRecurrentModel(reader.tensors);
    const answers = await readImportAnswers(path);
    const hint = layout.encoderDecoder
      ? `say once what its vocabularies are: lstm-studio import ${JSON.stringify(path)} --task seq2seq --vocab SOURCE --target-vocab TARGET (or use it from VS Code, which asks)`
      : `say once what it does: lstm-studio import ${JSON.stringify(path)} --task lm|classify|forecast (or use it from VS Code, which asks)`;
    if (!answers)
      throw new ImportAnswersNeededError(
        `${path} is a PyTorch model (${layout.architecture}) without LSTM Studio metadata; ${hint}`,
      );
    if (answers.file.size !== reader.fileSize) {
      throw new ImportAnswersNeededError(
        `${path} has changed since its import answers were stored (${answers.file.size} bytes then, ${reader.fileSize} now); ${hint}`,
      );
    }
    const metadata = importedMetadata(layout, answers, path);
    const model = createModel(metadata.config, 0);
    await copyWeights(reader, layout, model);
    return { model, metadata, layout, answers };
  } finally {
    await reader.close();
  }
}

/** The model config and metadata LSTM Studio would have written for this model. */
export function importedMetadata(layout: ImportedLayout, answers: ImportAnswers, path: string): StudioMetadata {
  const { task } = answers;
  const definition = getTask(task);
  const importer = definition.training.importer;
  if (!importer) throw new Error(`${path}: a ${definition.displayName} model cannot be imported`);
  const vocab = answers.vocab ? Vocabulary.fromJSON(answers.vocab, 'import answers') : null;
  if (vocab && !vocab.ok) throw new Error(vocab.error.message);
  const O = layout.head.outputSize;
  const { recurrent } = layout;
  const partial: Partial<ModelConfig> = {
    vocabSize: layout.embedding?.vocabSize ?? 0,
    embeddingDim: layout.embedding?.dim ?? 0,
    inputSize: layout.recurrent.inputSize,
    // Only training uses it (the row whose gradient stays zero); a vocabulary without <pad> keeps 0.
    paddingIdx: vocab?.value.padId ?? 0,
    hiddenSize: recurrent.hiddenSize,
    numLayers: recurrent.numLayers,
    cell: recurrent.cell,
    bidirectional: recurrent.bidirectional,
    projSize: recurrent.projSize,
    dropout: 0,
    outputSize: O,
    ...importer.head(O),
    init: 'pytorch',
    dtype: 'float32',
    ...(layout.encoderDecoder
      ? {
          decoder: {
            vocabSize: layout.encoderDecoder.decoder.vocabSize,
            attention: layout.encoderDecoder.attention,
            attentionSize: layout.encoderDecoder.attentionSize,
          },
        }
      : {}),
  };
  let config: ModelConfig;
  try {
    config = resolveModelConfig(partial);
  } catch (error) {
    throw new Error(`${path}: the import answers do not fit the model (${(error as Error).message})`);
  }
  const { fileFormat, ...taskDataset } = importer.dataset(answers);
  const dataset: DatasetMetadata = {
    format: 'lstm-studio-dataset/1',
    file: `(imported with ${basename(path)})`,
    fingerprint: '',
    fileFormat,
    kind: definition.training.datasetKind,
    task,
    ...taskDataset,
    ...(answers.classes ? { classes: answers.classes } : {}),
    ...(vocab ? { tokenUnit: vocab.value.unit } : {}),
    ...(answers.truncationKeeps ? { truncationKeeps: answers.truncationKeeps } : {}),
  };
  return {
    config,
    vocab: answers.vocab,
    normalization: answers.normalization,
    dataset,
    extra: { imported: JSON.stringify({ from: 'pytorch', file: basename(path), modules: layout.moduleNames }) },
  };
}

/**
 * Copies every parameter of our model from the file's tensor of the same role (import-layout.ts maps the
 * names), and checks that every recurrent tensor of the file found a place: a model built without the
 * file's cell, direction or projection fails here instead of running something else.
 */
async function copyWeights(reader: SafetensorsReader, layout: ImportedLayout, model: TrainableModel): Promise<void> {
  const copied = new Set<string>();
  for (const parameter of model.parameters()) {
    const source = foreignTensorFor(layout, parameter.name);
    // bias=False computes exactly what zero biases compute.
    if (source === null) {
      parameter.value.fill(0);
      continue;
    }
    const values = await reader.readTensor(source);
    if (values.length !== parameter.value.length) {
      throw new Error(
        `'${source}' holds ${values.length} values but LSTM Studio's '${parameter.name}' [${parameter.shape.join(', ')}] needs ${parameter.value.length}`,
      );
    }
    parameter.value.set(values);
    copied.add(source);
  }
  const pair = layout.encoderDecoder;
  const expected = pair
    ? [
        ...layout.recurrent.tensorNames,
        pair.encoder.embedding,
        pair.decoder.embedding,
        ...Object.values(pair.attentionTensors).filter((n): n is string => !!n),
      ]
    : layout.recurrent.tensorNames;
  const unused = expected.filter((name) => !copied.has(name));
  if (unused.length > 0) {
    throw new Error(
      `the model LSTM Studio built for ${layout.architecture} has no place for ${unused.join(', ')}: this build cannot run that recurrent layout`,
    );
  }
}

/** Answers the import questions for a foreign file and stores them beside it (the CLI's `import`, the extension's questions). */
export async function saveImportAnswers(
  path: string,
  request: ImportRequest,
): Promise<{ sidecar: string; answers: ImportAnswers; layout: ImportedLayout }> {
  const reader = await openSafetensors(path);
  let layout: ImportedLayout;
  let answers: ImportAnswers;
  try {
    if (decodeStudioMetadata({ ...reader.metadata }).kind === 'studio')
      throw new Error(`${path} is an LSTM Studio checkpoint already; there is nothing to import`);
    layout = recogniseRecurrentModel(reader.tensors);
    answers = await answerImport(layout, { path, size: reader.fileSize, metadata: reader.metadata }, request);
  } finally {
    await reader.close();
  }
  // Check the answers make a usable model before storing them.
  const metadata = importedMetadata(layout, answers, path);
  const encoder = createInputEncoder({
    dataset: metadata.dataset,
    vocab: metadata.vocab,
    normalization: metadata.normalization,
  });
  if (!encoder.ok) throw new Error(encoder.error.message);
  const problem = getTask(answers.task).training.checkModelShape(
    encoder.value.dataset,
    encoder.value.vocab?.size ?? null,
    metadata.config,
  );
  if (problem) throw new Error(problem);
  return { sidecar: await writeImportAnswers(path, answers), answers, layout };
}
