/**
 * The audio models in the exported project: an LSTM Studio checkpoint of an audio classifier (the head on
 * the mean of the top outputs over each recording's real steps, one and two directions) and of a
 * bidirectional CTC model, loaded by lstm_studio.checkpoint, gives PyTorch's forward the same outputs as
 * ours on a padded batch of frames, within 1e-5 (float32 on both sides, other summation orders).
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../../src/engine/config';
import { createModel } from '../../../src/engine/create-model';
import { Random } from '../../../src/engine/random';
import { saveModelCheckpoint } from '../../../src/train/model-checkpoint';
import { python, requireTorch } from './pytorch-helpers';

const dir = mkdtempSync(join(tmpdir(), 'lstm-audio-forward-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  await requireTorch();
});

const TOLERANCE = 1e-5;

const SCRIPT = `
import json, sys, torch
sys.path.insert(0, sys.argv[1])
from lstm_studio.checkpoint import load_model
data = json.load(open(sys.argv[3]))
model, _ = load_model(sys.argv[2])
model.eval()
features = torch.tensor(data["features"], dtype=torch.float32).reshape(data["B"], data["T"], data["D"])
lengths = torch.tensor(data["lengths"], dtype=torch.long)
with torch.no_grad():
    output = model(features=features, lengths=lengths)
print(json.dumps(output.reshape(-1).tolist()))
`;

const [B, T, D] = [4, 11, 6];
const LENGTHS = Int32Array.of(11, 3, 7, 1);

const CASES: [string, Partial<ModelConfig>][] = [
  ['mean head, one direction', { headOn: 'mean', loss: 'softmax-ce', outputSize: 5 }],
  ['mean head, bidirectional', { headOn: 'mean', loss: 'softmax-ce', outputSize: 5, bidirectional: true }],
  ['CTC on every step, bidirectional', { headOn: 'every', loss: 'ctc', outputSize: 6, bidirectional: true }],
];

describe("the exported project's audio models", () => {
  it.each(CASES)(
    '%s: the same forward as ours',
    async (name, shape) => {
      const model = createModel({ inputSize: D, hiddenSize: 7, numLayers: 2, ...shape }, 13);
      const rng = new Random(3);
      const features = Float32Array.from({ length: B * T * D }, () => rng.normal());
      const ours = model.forward({ batchSize: B, steps: T, features, lengths: LENGTHS }).output;
      const file = name.replace(/[^a-z]+/g, '-');
      const checkpoint = join(dir, `${file}.safetensors`);
      await saveModelCheckpoint(checkpoint, model, { metadata: { config: model.config } });
      const inputs = join(dir, `${file}.json`);
      writeFileSync(inputs, JSON.stringify({ B, T, D, features: Array.from(features), lengths: Array.from(LENGTHS) }));
      const script = join(dir, 'forward.py');
      writeFileSync(script, SCRIPT);
      const theirs = JSON.parse(
        await python([script, join(__dirname, '../../../src/interop/python'), checkpoint, inputs], dir),
      ) as number[];
      const O = shape.outputSize!;
      const every = shape.headOn === 'every';
      expect(theirs.length).toBe(every ? B * T * O : B * O);
      let worst = 0;
      for (let b = 0; b < B; b++)
        for (let t = 0; t < (every ? LENGTHS[b] : 1); t++)
          for (let o = 0; o < O; o++) {
            const at = every ? (b * T + t) * O + o : b * O + o;
            worst = Math.max(worst, Math.abs(ours[at] - theirs[at]));
          }
      console.log(`${name}: worst difference ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(TOLERANCE);
    },
    60_000,
  );
});
