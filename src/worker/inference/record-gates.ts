/**
 * `record-gates`: runs one sequence through a checkpoint with gate recording on and answers a
 * `GateRecording` whose arrays are transferred, not copied. The sample set of a run's dataset is kept
 * while the checkpoint and the dataset file are unchanged, so previous / next / random is instant.
 */

import { stat } from 'node:fs/promises';
import { openSampleSet, type SampleSet } from './gate-samples';
import { recordGateInput } from './record-gate-input';
import { recordingBuffers } from '../../protocol/gate-recording';
import { getTask } from '../../tasks';
import { registerHandler } from './handlers';
import { predictorFor } from './model-cache';

interface CachedSamples {
  key: string;
  samples: Promise<SampleSet>;
}

/** The most recently used sample sets (a panel per model; a few at most). */
const sampleCache = new Map<string, CachedSamples>();
const MAX_CACHED_SAMPLE_SETS = 3;

registerHandler('record-gates', async ({ checkpointPath, input }, context) => {
  const predictor = await predictorFor(checkpointPath);
  const recording = await recordGateInput(
    checkpointPath,
    predictor,
    input,
    async (datasetPath) => {
      const id = `${checkpointPath}\u0000${datasetPath ?? ''}`;
      const key = await fileKey(checkpointPath);
      const cached = sampleCache.get(id);
      if (cached && cached.key === key) return cached.samples;
      const samples = openSampleSet(checkpointPath, predictor, datasetPath);
      sampleCache.delete(id);
      sampleCache.set(id, { key, samples });
      samples.catch(() => sampleCache.delete(id));
      while (sampleCache.size > MAX_CACHED_SAMPLE_SETS) sampleCache.delete(sampleCache.keys().next().value!);
      return samples;
    },
    getTask(predictor.encoder.task).use.gateOutputs,
  );
  context.transfer.push(...recordingBuffers(recording));
  return recording;
});

async function fileKey(path: string): Promise<string> {
  const info = await stat(path);
  return `${info.size}:${info.mtimeMs}`;
}
