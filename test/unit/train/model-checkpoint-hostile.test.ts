/**
 * Checkpoints that lie: a config claiming a model the file cannot hold is refused from the header alone
 * (before the model is built), and NaN/Infinity weights are refused with the tensor's name.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { join } from 'node:path';
import { resolveModelConfig, type ModelConfig } from '../../../src/engine/config';
import { LstmModel } from '../../../src/engine/model';
import { encodeStudioMetadata } from '../../../src/checkpoint/metadata';
import { writeSafetensorsAtomic } from '../../../src/checkpoint/file';
import { loadModelCheckpoint, saveModelCheckpoint } from '../../../src/train/model-checkpoint';
import { expectCheckpointError, makeTempDir } from '../checkpoint/helpers';

let dir: string;
let removeDir: () => Promise<void>;
beforeEach(async () => ({ dir, remove: removeDir } = await makeTempDir()));
afterEach(() => removeDir());

const small = resolveModelConfig({
  vocabSize: 5,
  embeddingDim: 3,
  hiddenSize: 4,
  numLayers: 1,
  outputSize: 5,
  headOn: 'every',
  loss: 'softmax-ce',
});

/** The small model's real tensors, with `config` written into the metadata instead of its own. */
async function lyingCheckpoint(config: Partial<ModelConfig>): Promise<string> {
  const model = new LstmModel(small, 1);
  const path = join(dir, 'lying.safetensors');
  const tensors = model.parameters().map((p) => ({ name: p.name, shape: p.shape, data: p.value }));
  await writeSafetensorsAtomic(path, tensors, encodeStudioMetadata({ config: { ...small, ...config } }));
  return path;
}

describe('a config the file cannot hold is refused before the model is built', () => {
  it('hiddenSize 20000 in a 1 KB file', async () => {
    const path = await lyingCheckpoint({ hiddenSize: 20000 });
    const started = performance.now();
    await expectCheckpointError(
      () => loadModelCheckpoint(path),
      'config-mismatch',
      new RegExp(
        `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: its config \\(hiddenSize 20000, numLayers 1, vocabSize 5, outputSize 5\\) needs 1,600,500,020 parameters, but the file holds only 736 bytes of tensor data$`,
      ),
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('numLayers 1e6', async () => {
    const path = await lyingCheckpoint({ numLayers: 1_000_000 });
    await expectCheckpointError(
      () => loadModelCheckpoint(path),
      'config-mismatch',
      /numLayers 1000000, vocabSize 5, outputSize 5\) needs 160,000,024 parameters, but the file holds only 736 bytes/,
    );
  });

  it('a shape that differs from what the config implies names the tensor', async () => {
    // 4 → 3 hidden units needs fewer parameters than the file holds, so the shapes decide.
    const path = await lyingCheckpoint({ hiddenSize: 3 });
    await expectCheckpointError(
      () => loadModelCheckpoint(path),
      'config-mismatch',
      /: tensor 'lstm\.weight_ih_l0' has shape \[16, 3\] but the config needs \[12, 3\]$/,
    );
  });

  it('a tensor the config needs but the file lacks', async () => {
    const path = join(dir, 'missing.safetensors');
    const model = new LstmModel(small, 1);
    const tensors = model
      .parameters()
      .filter((p) => p.name !== 'head.bias')
      .map((p) => ({ name: p.name, shape: p.shape, data: p.value }));
    await writeSafetensorsAtomic(path, tensors, encodeStudioMetadata({ config: small }));
    await expectCheckpointError(() => loadModelCheckpoint(path), 'unknown-tensor', /tensor 'head\.bias' is missing/);
  });

  it('a truthful checkpoint still loads', async () => {
    const path = join(dir, 'good.safetensors');
    const model = new LstmModel(small, 1);
    await saveModelCheckpoint(path, model, { metadata: { config: small } });
    const loaded = await loadModelCheckpoint(path);
    expect(loaded.model.parameters().map((p) => Array.from(p.value))).toEqual(
      model.parameters().map((p) => Array.from(p.value)),
    );
  });
});

describe('non-finite weights are refused on load, naming the tensor', () => {
  async function withValues(name: string, poison: number[]): Promise<string> {
    const model = new LstmModel(small, 1);
    const parameter = model.parameters().find((p) => p.name === name)!;
    poison.forEach((value, k) => (parameter.value[k] = value));
    const path = join(dir, 'poisoned.safetensors');
    await saveModelCheckpoint(path, model, { metadata: { config: small } });
    return path;
  }

  it('3 NaN values', async () => {
    const path = await withValues('lstm.weight_hh_l0', [NaN, NaN, NaN]);
    await expectCheckpointError(
      () => loadModelCheckpoint(path),
      'non-finite',
      /: tensor 'lstm\.weight_hh_l0' holds 3 NaN values: the weights are damaged/,
    );
  });

  it('NaN and Infinity together', async () => {
    const path = await withValues('head.bias', [Infinity, NaN, -Infinity]);
    await expectCheckpointError(
      () => loadModelCheckpoint(path),
      'non-finite',
      /tensor 'head\.bias' holds 1 NaN and 2 infinite values/,
    );
  });

  it('in the optimizer state of last.safetensors', async () => {
    const model = new LstmModel(small, 1);
    const path = join(dir, 'last.safetensors');
    const tensors = model.parameters().map((p) => ({ name: p.name, shape: p.shape, data: p.value }));
    tensors.push({ name: 'optimizer.exp_avg.head.bias', shape: [5], data: new Float32Array([0, 0, Infinity, 0, 0]) });
    await writeSafetensorsAtomic(path, tensors, encodeStudioMetadata({ config: small }));
    await expectCheckpointError(
      () => loadModelCheckpoint(path),
      'non-finite',
      /tensor 'optimizer\.exp_avg\.head\.bias' holds 1 infinite value:/,
    );
  });
});
