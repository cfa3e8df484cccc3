/** A run's teacher-forcing schedule reaches every step: the first step reads the start ratio, the last the end. */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StepRecord, TrainingEvent } from '../../../src/protocol/training-events';
import { TrainingControl } from '../../../src/train/control';
import { prepareForTraining } from '../../../src/train/setup';
import { runTraining } from '../../../src/train/trainer';

const folder = mkdtempSync(join(tmpdir(), 'lstm-teacher-forcing-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const dates = join(folder, 'dates.tsv');
writeFileSync(
  dates,
  readFileSync(new URL('../../../examples/dates.tsv', import.meta.url), 'utf8')
    .split('\n')
    .slice(0, 301)
    .join('\n') + '\n',
);

async function losses(overrides: Record<string, number>): Promise<number[]> {
  const config = { maxSteps: 3, epochs: 1, batchSize: 16, hiddenSize: 16, embeddingDim: 8, threads: 1, ...overrides };
  const setup = await prepareForTraining(dates, config, {});
  const steps: StepRecord[] = [];
  await runTraining({
    setup: { ...setup, resumed: null },
    runsRoot: join(folder, 'runs'),
    control: new TrainingControl(),
    emit: (e: TrainingEvent) => {
      if (e.type === 'progress') steps.push(...e.steps);
    },
  });
  return steps.map((s) => s.loss);
}

describe('a teacher-forcing schedule in a run', () => {
  it('starts at the start ratio and ends at the end ratio', async () => {
    const constant = await losses({ teacherForcing: 1 });
    const falling = await losses({ teacherForcing: 1, teacherForcingEnd: 0 });
    const none = await losses({ teacherForcing: 0 });
    expect(falling[0]).toBe(constant[0]); // step 1: ratio 1, the reference only
    expect(falling[2]).not.toBe(constant[2]); // step 3: ratio 0, the model's own tokens
    expect(none[0]).not.toBe(constant[0]);
  }, 120_000);
});
