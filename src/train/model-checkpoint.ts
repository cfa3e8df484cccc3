/**
 * Model ↔ checkpoint file. A checkpoint holds the parameters under their PyTorch names and, in
 * `last.safetensors`, the optimizer state (`optimizer.…`) plus the trainer's position (`trainer` in the
 * metadata: random-generator states, where in the epoch it stopped, early-stopping counters) and, for a
 * stateful run, the state carried into the next window (`trainer.carried_h`, `trainer.carried_c`), so a
 * resumed run continues bit for bit.
 */

import { createModel } from '../engine/create-model';
import type { TrainableModel } from '../engine/trainable-model';
import type { Optimizer } from '../engine/optimizers';
import { decodeStudioMetadata, encodeStudioMetadata, type StudioMetadata } from '../checkpoint/metadata';
import { openSafetensors, writeSafetensorsAtomic } from '../checkpoint/file';
import type { TensorToWrite } from '../checkpoint/safetensors';
import { CheckpointError } from '../checkpoint/errors';
import { OPTIMIZER_PREFIX, TRAINER_PREFIX } from '../checkpoint/names';
import { checkFiniteTensor, checkTensorsMatchConfig } from '../checkpoint/expected-tensors';

export interface CheckpointContents {
  metadata: StudioMetadata;
  /** Optimizer state and step count, when saving `last`. */
  optimizer?: Optimizer;
  /** The trainer's own tensors, when saving `last` (names start with `trainer.`). */
  trainerTensors?: TensorToWrite[];
}

export async function saveModelCheckpoint(
  path: string,
  model: TrainableModel,
  contents: CheckpointContents,
): Promise<void> {
  const tensors: TensorToWrite[] = model.parameters().map((p) => ({ name: p.name, shape: p.shape, data: p.value }));
  if (contents.optimizer) {
    const byName = new Map(model.parameters().map((p) => [p.name, p.shape]));
    for (const state of contents.optimizer.stateTensors()) {
      const parameterName = state.name.replace(/^optimizer\.[a-z_]+\./, '');
      tensors.push({ name: state.name, shape: byName.get(parameterName) ?? [state.data.length], data: state.data });
    }
  }
  for (const tensor of contents.trainerTensors ?? []) {
    if (!tensor.name.startsWith(TRAINER_PREFIX))
      throw new Error(`trainer tensor '${tensor.name}' must start with '${TRAINER_PREFIX}'`);
    tensors.push(tensor);
  }
  await writeSafetensorsAtomic(path, tensors, encodeStudioMetadata(contents.metadata));
}

export interface LoadedCheckpoint {
  model: TrainableModel;
  metadata: StudioMetadata;
  /** Every `optimizer.*` tensor, by name (empty for a weights-only file). */
  optimizerState: Map<string, Float32Array>;
  /** Every `trainer.*` tensor, by name (a stateful run's carried state). */
  trainerState: Map<string, Float32Array>;
}

/** Reads one of our checkpoints into a model. Foreign files are refused here (the importer handles them). */
export async function loadModelCheckpoint(path: string): Promise<LoadedCheckpoint> {
  const reader = await openSafetensors(path);
  try {
    const decoded = decodeStudioMetadata({ ...reader.metadata });
    if (decoded.kind === 'foreign') {
      throw new CheckpointError(
        'foreign',
        `${path}: not an LSTM Studio checkpoint (no "format": "lstm-studio/1" in its metadata)`,
      );
    }
    const metadata = decoded.metadata;
    // The config is a claim of the file: checked against the header's shapes and the file's bytes
    // before the model (sized by the config) is allocated.
    try {
      checkTensorsMatchConfig(metadata.config, reader.tensors, reader.fileSize - 8 - reader.headerSize);
    } catch (error) {
      throw error instanceof CheckpointError ? error.inFile(path) : error;
    }
    const model = createModel(metadata.config, 0);
    for (const p of model.parameters()) {
      const values = await reader.readTensor(p.name);
      if (values.length !== p.value.length) {
        throw new CheckpointError(
          'config-mismatch',
          `${path}: tensor '${p.name}' holds ${values.length} values but the model needs ${p.value.length}`,
        );
      }
      checkFinite(path, p.name, values);
      p.value.set(values);
    }
    const optimizerState = new Map<string, Float32Array>();
    const trainerState = new Map<string, Float32Array>();
    for (const info of reader.tensors) {
      const into = info.name.startsWith(OPTIMIZER_PREFIX)
        ? optimizerState
        : info.name.startsWith(TRAINER_PREFIX)
          ? trainerState
          : null;
      if (!into) continue;
      const values = await reader.readTensor(info.name);
      checkFinite(path, info.name, values);
      into.set(info.name, values);
    }
    return { model, metadata, optimizerState, trainerState };
  } finally {
    await reader.close();
  }
}

function checkFinite(path: string, name: string, values: Float32Array): void {
  try {
    checkFiniteTensor(name, values);
  } catch (error) {
    throw error instanceof CheckpointError ? error.inFile(path) : error;
  }
}
