/**
 * examples.json: the latest validation examples kept beside run.json, read back onto the evaluation they
 * came from when a run's history is loaded; a damaged file costs the table, nothing else.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLES_FILE, readLatestExamples, writeLatestExamples } from '../../../src/train/run-directory';
import { readRunHistory } from '../../../src/worker/inference/run-history';

const folder = mkdtempSync(join(tmpdir(), 'lstm-examples-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const example = {
  source: '3 mars 2021',
  reference: '2021-03-03',
  output: '2021-03-30',
  referenceTokens: [...'2021-03-03'],
  outputTokens: [...'2021-03-30'],
};

describe('latest validation examples', () => {
  it('round-trips and lands on the evaluation of its step', async () => {
    const run = join(folder, 'run');
    await import('node:fs/promises').then((fs) => fs.mkdir(run));
    await writeLatestExamples(run, { step: 20, examples: [example] });
    expect(await readLatestExamples(run)).toEqual({ step: 20, examples: [example] });
    writeFileSync(
      join(run, 'metrics.csv'),
      'kind,step,epoch,time,loss,lr,grad_norm,val_loss,val_exactMatch\n' +
        'validation,10,0,1,,,,0.5,0.1\n' +
        'validation,20,0,2,,,,0.4,0.2\n',
    );
    const history = await readRunHistory(run);
    expect(history.evaluations.map((e) => e.metrics)).toEqual([
      { loss: 0.5, exactMatch: 0.1 },
      { loss: 0.4, exactMatch: 0.2 },
    ]);
    expect(history.evaluations[0].examples).toBeUndefined();
    expect(history.evaluations[1].examples).toEqual([example]);
  });

  it('is null for a missing, malformed or oversized-list file', async () => {
    const run = join(folder, 'bad');
    await import('node:fs/promises').then((fs) => fs.mkdir(run));
    expect(await readLatestExamples(run)).toBeNull();
    for (const text of [
      '{',
      '[]',
      '{"step":1,"examples":[{"source":3}]}',
      JSON.stringify({ step: 1, examples: new Array(65).fill(example) }),
    ]) {
      writeFileSync(join(run, EXAMPLES_FILE), text);
      expect(await readLatestExamples(run)).toBeNull();
    }
  });
});
