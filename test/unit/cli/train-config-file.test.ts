/**
 * `lstm-studio train --config <file.json>`: a saved configuration trains what its equivalent flags train
 * (its dataset relative to the file's folder, its task, columns and settings), flags typed on the
 * command line override it, and a bad file is refused in one line naming it.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainingRequestFor } from '../../../src/cli/training-request';
import { commandLineArguments, type RunConfiguration } from '../../../src/protocol/run-configuration';
import { runInProcess } from '../fuzz/oracle';
import { captureTraining, requestFor } from './captured-request';

const repo = join(__dirname, '../../..');
const energy = join(repo, 'examples/series/energy.csv');
const folder = mkdtempSync(join(tmpdir(), 'lstm-config-file-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const configs = join(folder, '.lstm-studio', 'configs');
mkdirSync(configs, { recursive: true });
const runs = join(folder, 'runs');

/** Writes a configuration file; `dataset` as the form writes it: relative to the file's folder. */
function saved(name: string, content: unknown): string {
  const path = join(configs, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

const configuration: RunConfiguration = {
  format: 'lstm-studio-config/1',
  dataset: '../../energy.csv',
  task: 'forecasting',
  columns: { targetColumns: ['load'], dateColumn: null },
  settings: { epochs: 7, hiddenSize: 12, bidirectional: false, dropout: 0.25, optimizer: 'sgd', maxSteps: 2 },
};
writeFileSync(join(folder, 'energy.csv'), 'when,load,temp\n2024-01-01,1,2\n');
const file = saved('forecast.json', configuration);
const datasetOfFile = join(folder, 'energy.csv');

describe('train --config', () => {
  it('asks for what the equivalent flags ask for, the dataset relative to the file', async () => {
    const fromFile = await requestFor(['train', '--config', file, '--out', runs]);
    const fromFlags = await requestFor([...commandLineArguments(configuration, datasetOfFile), '--out', runs]);
    expect(fromFile).toEqual(fromFlags);
    expect(fromFile).toEqual(trainingRequestFor(configuration, datasetOfFile, runs));
    expect(fromFile.datasetPath).toBe(datasetOfFile);
    expect(fromFile.dataset).toEqual({ task: 'forecasting', targetColumns: ['load'], dateColumn: null });
    expect(fromFile.config).toEqual(configuration.settings);
  });

  it('a dataset argument replaces the file’s', async () => {
    expect((await requestFor(['train', energy, '--config', file])).datasetPath).toBe(energy);
  });

  it('flags typed on the command line override the file', async () => {
    const request = await requestFor([
      'train',
      '--config',
      file,
      '--epochs',
      '3',
      '--bidirectional',
      '--target',
      'temp',
      '--date-column',
      'when',
      '--task',
      'forecast',
    ]);
    expect(request.config).toEqual({ ...configuration.settings, epochs: 3, bidirectional: true });
    expect(request.dataset).toEqual({ task: 'forecasting', targetColumns: ['temp'], dateColumn: 'when' });
  });

  it('--validation-max and --full-validation typed replace the file’s other', async () => {
    const full = saved('full.json', { ...configuration, settings: { fullValidation: true } });
    expect((await requestFor(['train', '--config', full, '--validation-max', '9'])).config).toEqual({
      validationMax: 9,
    });
    const sampled = saved('sampled.json', { ...configuration, settings: { validationMax: 9 } });
    expect((await requestFor(['train', '--config', sampled, '--full-validation'])).config).toEqual({
      fullValidation: true,
    });
  });

  it('a file bounded by steps alone lets the steps decide, as --steps does', async () => {
    const steps = saved('steps.json', {
      format: 'lstm-studio-config/1',
      dataset: '../../energy.csv',
      settings: { maxSteps: 5 },
    });
    expect((await requestFor(['train', '--config', steps])).config).toEqual({ maxSteps: 5, epochs: 1_000_000 });
  });

  it.each([
    ['missing.json', null, /cannot read the configuration \(ENOENT\)/],
    ['not-json.json', '{"format": ', /not JSON/],
    ['array.json', '[]', /expected a JSON object/],
    ['old-format.json', { format: 'lstm-studio-config/0', settings: {} }, /"format" must be "lstm-studio-config\/1"/],
    ['unknown-field.json', { format: 'lstm-studio-config/1', settings: {}, extra: 1 }, /unknown field "extra"/],
    [
      'unknown-setting.json',
      { format: 'lstm-studio-config/1', settings: { speed: 1 } },
      /unknown setting "settings.speed"/,
    ],
    [
      'out-of-range.json',
      { format: 'lstm-studio-config/1', settings: { dropout: 1 } },
      /settings\.dropout must be a number in \[0, 1\), got 1/,
    ],
    ['unknown-task.json', { format: 'lstm-studio-config/1', task: 'poetry', settings: {} }, /unknown task "poetry"/],
    ['bad-column.json', { format: 'lstm-studio-config/1', columns: { target: 'x' }, settings: {} }, /columns\.target/],
    ['no-dataset.json', { format: 'lstm-studio-config/1', settings: {} }, /names no dataset/],
  ])('refuses %s in one line naming the file', async (name, content, reason) => {
    const path = content === null ? join(configs, name) : saved(name, content);
    const refused = await captureTraining(['train', '--config', path]);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.message.startsWith(`${path}: `)).toBe(true);
    expect(refused.message).toMatch(reason);
    expect(refused.message).not.toContain('\n');
  });

  it('is refused with --resume (a resumed run keeps its own dataset and task)', async () => {
    const refused = await captureTraining(['train', '--resume', join(folder, 'some-run'), '--config', file]);
    expect(!refused.ok && refused.message).toMatch(/cannot change --config\b/);
  });
});

describe('a configuration file trains', () => {
  it('the same resolved config as its command line', async () => {
    const tiny: RunConfiguration = {
      format: 'lstm-studio-config/1',
      dataset: energy,
      task: 'forecasting',
      settings: { hiddenSize: 4, batchSize: 8, seqLen: 8, maxSteps: 1, threads: 1, optimizer: 'adamw', seed: 7 },
    };
    const path = saved('tiny.json', tiny);
    const startedConfig = async (argv: string[]) => {
      const outcome = await runInProcess([...argv, '--json', '--out', runs]);
      expect(outcome.error).toBeNull();
      const started = outcome.output
        .flatMap((chunk) => chunk.split('\n'))
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { type: string; config?: unknown })
        .find((event) => event.type === 'run-started')!;
      return started.config;
    };
    const fromFile = await startedConfig(['train', '--config', path]);
    const fromFlags = await startedConfig(commandLineArguments(tiny, energy));
    expect(fromFile).toEqual(fromFlags);
    expect(fromFile).toMatchObject({ hiddenSize: 4, optimizer: 'adamw', seed: 7, maxSteps: 1 });
  }, 120_000);
});
