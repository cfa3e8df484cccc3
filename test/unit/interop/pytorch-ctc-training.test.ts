/**
 * A speech-to-text model in the exported project: an LSTM Studio checkpoint of a bidirectional LSTM with
 * CTC, loaded by lstm_studio.checkpoint, gives on the same padded batch (speech.SpeechBatch) the same
 * CTC loss under training.py's step (sharded sum ÷ sequences) and the same validation loss, CER and WER
 * under training.evaluate as LSTM Studio's model and the task's evaluator.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetMetadata } from '../../../src/data/dataset-metadata';
import { createModel } from '../../../src/engine/create-model';
import { Random } from '../../../src/engine/random';
import { getTask } from '../../../src/tasks';
import { speechBatch, type SpeechExamples } from '../../../src/tasks/speech-to-text/batches';
import { evaluateWithExamples } from '../../../src/train/evaluate';
import { saveModelCheckpoint } from '../../../src/train/model-checkpoint';
import { python, requireTorch } from './pytorch-helpers';

const dir = mkdtempSync(join(tmpdir(), 'lstm-ctc-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  await requireTorch();
});

const SCRIPT = `
import json, sys, torch
sys.path.insert(0, sys.argv[1])
from lstm_studio.checkpoint import load_model
from lstm_studio.speech import make_speech_batch
from lstm_studio.training import Processes, evaluate, train_step
data = json.load(open(sys.argv[3]))
model, metadata = load_model(sys.argv[2])
config = json.loads(metadata["config"])
values = [torch.tensor(v, dtype=torch.float32).reshape(-1, data["D"]) for v in data["values"]]
batch = make_speech_batch(values, data["labels"], list(range(len(values))))
metrics = evaluate(model, config, [batch], "speech-to-text", torch.device("cpu"), symbols=data["symbols"])
model.train()
optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
loss, _ = train_step(model, config, batch, optimizer, 0, Processes(1, 0, 0, torch.device("cpu")))
print(json.dumps({"metrics": metrics, "stepLoss": loss}))
`;

describe('a CTC model in the exported project', () => {
  it('has the same loss, CER and WER as in LSTM Studio', async () => {
    const [D, C] = [6, 5];
    const symbols = ['·', ' ', 'a', 'b', 'c'];
    const rng = new Random(5);
    const steps = [9, 4, 7, 2, 8];
    const data: SpeechExamples = {
      values: steps.map((n) => Float32Array.from({ length: n * D }, () => rng.normal())),
      steps: Int32Array.from(steps),
      // the fourth (2 steps, "aa" needs 3) is impossible: 0 under zero_infinity on both sides
      labels: [[2, 3, 1, 4], [3], [2, 2, 4], [2, 2], []].map((l) => Int32Array.from(l)),
      width: D,
    };
    const model = createModel(
      { inputSize: D, hiddenSize: 7, numLayers: 2, bidirectional: true, outputSize: C, headOn: 'every', loss: 'ctc' },
      11,
    );
    // a big head weight and a blank pushed down: the greedy transcripts are varied, not all empty
    for (const p of model.parameters())
      if (p.name.startsWith('head.')) for (let k = 0; k < p.value.length; k++) p.value[k] *= 8;
    model.parameters().find((p) => p.name === 'head.bias')!.value[0] -= 3;
    const batch = speechBatch(data, [0, 1, 2, 3, 4]);
    const stored = { dataset: { symbols } as DatasetMetadata, vocab: null, normalization: null };
    const evaluated = evaluateWithExamples(model, [batch], { task: getTask('speech-to-text').id, stored });
    const ours = evaluated.metrics;
    const checkpoint = join(dir, 'ctc.safetensors');
    await saveModelCheckpoint(checkpoint, model, { metadata: { config: model.config } });
    const inputs = join(dir, 'inputs.json');
    writeFileSync(
      inputs,
      JSON.stringify({
        D,
        symbols,
        values: data.values.map((v) => Array.from(v)),
        labels: data.labels.map((l) => Array.from(l)),
      }),
    );
    const out = JSON.parse(
      await python(['-c', SCRIPT, join(__dirname, '../../../src/interop/python'), checkpoint, inputs], dir),
    );
    console.log(
      `loss ours ${ours.loss} PyTorch ${out.metrics.loss} (step ${out.stepLoss}); CER ${ours.charErrorRate} / ${out.metrics.charErrorRate}`,
    );
    expect(Math.abs(out.metrics.loss - ours.loss) / ours.loss).toBeLessThan(1e-5);
    expect(Math.abs(out.stepLoss - ours.loss) / ours.loss).toBeLessThan(1e-5);
    expect(evaluated.examples!.filter((e) => e.output.length > 0).length).toBeGreaterThan(2);
    expect(out.metrics.charErrorRate).toBeCloseTo(ours.charErrorRate!, 12);
    expect(out.metrics.wordErrorRate).toBeCloseTo(ours.wordErrorRate!, 12);
  }, 60_000);
});
