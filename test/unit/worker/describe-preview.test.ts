/**
 * What the New Training Run form gets from the worker: a description with the file's first rows as
 * parsed and each column's type (for dropdowns whose names say nothing: `body_html`, `verdict`), the
 * first lines of a text file, and a time estimate from a few real training steps.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { previewDataset, PREVIEW_CELL_CHARACTERS, PREVIEW_ROWS } from '../../../src/data/dataset-preview';
import type { TrainingEvent } from '../../../src/protocol/training-events';
import { TrainingControl } from '../../../src/train/control';
import {
  describeTrainingData,
  estimateStepTime,
  PreparedDataCache,
  runTrainingJob,
} from '../../../src/worker/training-job';
import '../../../src/tasks';

const dir = mkdtempSync(join(tmpdir(), 'lstm-describe-preview-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const table = join(dir, 'moderation.csv');
const words = ['great', 'awful', 'fine', 'poor', 'lovely', 'broken'];
writeFileSync(
  table,
  [
    'id,body_html,verdict,notes,posted',
    ...Array.from({ length: 200 }, (_, i) => {
      const text = `<p>${words[i % 6]} item ${words[(i * 7) % 6]} and ${words[(i * 5) % 6]} again</p>`;
      return `${i},"${text}",${i % 2 ? 'keep' : 'remove'},note number ${i} about ${words[i % 5]},2024-01-${String((i % 28) + 1).padStart(2, '0')}`;
    }),
  ].join('\n'),
);

describe('the form preview', () => {
  it('types each column and keeps the first rows as parsed', async () => {
    const preview = await previewDataset(table, 'csv');
    expect(preview.columns).toEqual([
      { name: 'id', type: 'numeric' },
      { name: 'body_html', type: 'text' },
      { name: 'verdict', type: 'label' },
      { name: 'notes', type: 'text' },
      { name: 'posted', type: 'date' },
    ]);
    expect(preview.rows).toHaveLength(PREVIEW_ROWS);
    expect(preview.rows[0][1]).toBe('<p>great item great and great again</p>');
  });

  it('gives a text file its first lines, long ones cut', async () => {
    const text = join(dir, 'story.txt');
    writeFileSync(
      text,
      ['Once upon a time', 'x'.repeat(1000), ...Array.from({ length: 20 }, (_, i) => `line ${i}`)].join('\n'),
    );
    const preview = await previewDataset(text, 'text');
    expect(preview.columns).toEqual([]);
    expect(preview.lines).toHaveLength(PREVIEW_ROWS);
    expect(preview.lines![0]).toBe('Once upon a time');
    expect(preview.lines![1]).toHaveLength(PREVIEW_CELL_CHARACTERS);
  });

  it('comes with a description, whose columns follow the overrides', async () => {
    const cache = new PreparedDataCache();
    const request = {
      datasetPath: table,
      config: { hiddenSize: 8, embeddingDim: 8, batchSize: 8, threads: 1, kernelBackend: 'js' as const },
      dataset: { task: 'classification', textColumn: 'body_html', labelColumn: 'verdict' },
    };
    const description = await describeTrainingData(request, cache);
    expect(description.summary.task).toBe('classification');
    expect(description.summary.columns).toMatchObject({ text: 'body_html', label: 'verdict' });
    expect(description.preview?.columns.map((c) => c.name)).toEqual(['id', 'body_html', 'verdict', 'notes', 'posted']);

    const timing = await estimateStepTime(request, cache);
    expect(timing.stepsTimed).toBeGreaterThan(0);
    expect(timing.secondsPerStep).toBeGreaterThan(0);
    expect(timing.stepsPerEpoch).toBe(Math.ceil(description.summary.sizes.train / 8));
    expect(timing.secondsPerEpoch).toBeCloseTo(timing.secondsPerStep * timing.stepsPerEpoch, 10);
  });

  it('reports a rule that joins two fields by its config key (the form shows it at that field)', async () => {
    const request = {
      datasetPath: table,
      config: { hiddenSize: 8, projSize: 8 },
      dataset: { task: 'classification', textColumn: 'body_html', labelColumn: 'verdict' },
    };
    await expect(describeTrainingData(request, new PreparedDataCache())).rejects.toThrow(/^projSize\b/);
  });

  it('leaves the run it timed untouched: the same losses, step for step, as a run never timed', async () => {
    const request = {
      datasetPath: table,
      runsRoot: join(dir, 'runs'),
      config: {
        hiddenSize: 8,
        embeddingDim: 8,
        batchSize: 8,
        epochs: 1,
        threads: 1,
        kernelBackend: 'js' as const,
        dropout: 0.2,
        numLayers: 2,
      },
      dataset: { task: 'classification', textColumn: 'body_html', labelColumn: 'verdict' },
    };
    const losses = async (cache: PreparedDataCache) => {
      const steps: number[] = [];
      await runTrainingJob(request, {
        control: new TrainingControl(),
        cache,
        emit: (event: TrainingEvent) => {
          if (event.type === 'run-failed') throw new Error(event.message);
          if (event.type === 'progress') steps.push(...event.steps.map((s) => s.loss));
        },
      });
      return steps;
    };
    const timed = new PreparedDataCache();
    await describeTrainingData(request, timed);
    await estimateStepTime(request, timed);
    const afterTiming = await losses(timed);
    const untimed = await losses(new PreparedDataCache());
    expect(afterTiming.length).toBeGreaterThan(0);
    expect(afterTiming).toEqual(untimed);
  });
});
