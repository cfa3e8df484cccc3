/**
 * Model ↔ checkpoint file. A checkpoint holds the parameters under their PyTorch names and, in
 * `last.safetensors`, the optimizer state (`optimizer.…`) plus the trainer's position (`trainer` in the
 * metadata: random-generator states, where in the epoch it stopped, early-stopping counters) so a
 * resumed run continues bit for bit.
 */

import { LstmModel } from '../engine/model';
import type { Optimizer } from '../engine/optimizers';
import { decodeStudioMetadata, encodeStudioMetadata, type StudioMetadata } from '../checkpoint/metadata';
import { openSafetensors, writeSafetensorsAtomic } from '../checkpoint/file';
import type { TensorToWrite } from '../checkpoint/safetensors';
import { CheckpointError } from '../checkpoint/errors';

export interface CheckpointContents {
  metadata: StudioMetadata;
  /** Optimizer state and step count, when saving `last`. */
  optimizer?: Optimizer;
}

export async function saveModelCheckpoint(path: string, model: LstmModel, contents: CheckpointContents): Promise<void> {
  const tensors: TensorToWrite[] = model.parameters().map((p) => ({ name: p.name, shape: p.shape, data: p.value }));
  if (contents.optimizer) {
    const byName = new Map(model.parameters().map((p) => [p.name, p.shape]));
    for (const state of contents.optimizer.stateTensors()) {
      const parameterName = state.name.replace(/^optimizer\.[a-z_]+\./, '');
      tensors.push({ name: state.name, shape: byName.get(parameterName) ?? [state.data.length], data: state.data });
    }
  }
  await writeSafetensorsAtomic(path, tensors, encodeStudioMetadata(contents.metadata));
}

export interface LoadedCheckpoint {
  model: LstmModel;
  metadata: StudioMetadata;
  /** Every `optimizer.*` tensor, by name (empty for a weights-only file). */
  optimizerState: Map<string, Float32Array>;
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
    const model = new LstmModel(metadata.config, 0);
    for (const p of model.parameters()) {
      const info = reader.tensor(p.name);
      if (!info) throw new CheckpointError('unknown-tensor', `${path}: tensor '${p.name}' is missing`);
      if (info.shape.join(',') !== p.shape.join(',')) {
        throw new CheckpointError(
          'bad-shape',
          `${path}: tensor '${p.name}' has shape [${info.shape}] but the config needs [${p.shape}]`,
        );
      }
      p.value.set(await reader.readTensor(p.name));
    }
    const optimizerState = new Map<string, Float32Array>();
    for (const info of reader.tensors) {
      if (info.name.startsWith('optimizer.')) optimizerState.set(info.name, await reader.readTensor(info.name));
    }
    return { model, metadata, optimizerState };
  } finally {
    await reader.close();
  }
}
