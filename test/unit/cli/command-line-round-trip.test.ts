/**
 * The guarantee behind the New Training Run form's *Copy as command line*: `commandLineArguments` of a
 * configuration, parsed by the real `train` command, asks for exactly that configuration — every
 * setting, every column role — and the quoted `commandLine` splits back into the same words in a POSIX
 * shell.
 */

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { trainingRequestFor } from '../../../src/cli/training-request';
import {
  commandLine,
  commandLineArguments,
  COLUMN_FLAGS,
  isColumnOverride,
  type RunConfiguration,
} from '../../../src/protocol/run-configuration';
import type { TrainingConfig } from '../../../src/protocol/training-config';
import { checkSetting, settingByKey, TRAINING_SETTINGS } from '../../../src/protocol/training-settings';
import { resolveTrainingConfig } from '../../../src/train/config';
import { requestFor } from './captured-request';

/** Every setting at a valid value other than the default (classification, small preset). */
const EVERY_SETTING: Required<TrainingConfig> = {
  task: 'classification',
  validationFraction: 0.2,
  seed: 4_000_000_000,
  tokenUnit: 'char',
  sourceTokens: 'word',
  targetTokens: 'char',
  vocabSize: 777,
  preset: 'medium',
  cell: 'gru',
  bidirectional: true,
  numLayers: 3,
  hiddenSize: 48,
  projSize: 5,
  embeddingDim: 24,
  dropout: 0.125,
  init: 'pytorch',
  attention: 'additive',
  epochs: 9,
  maxSteps: 1234,
  batchSize: 17,
  seqLen: 33,
  horizon: 6,
  distribution: 'gaussian',
  // A list setting: written `--quantiles 0.05,0.1,0.5,0.9,0.95` and read back as the same array.
  quantiles: [0.05, 0.1, 0.5, 0.9, 0.95],
  season: 24,
  backtest: 3,
  calibrate: 'off',
  specAugment: true,
  stateful: true,
  teacherForcing: 0.75,
  teacherForcingEnd: 0.25,
  optimizer: 'sgd',
  lr: 0.0005,
  weightDecay: 0.01,
  momentum: 0.5,
  schedule: 'cosine',
  warmupSteps: 20,
  clipNorm: 2.5,
  patience: 4,
  minDelta: 0.001,
  restoreBest: false,
  validateEverySteps: 50,
  validationMax: 300,
  fullValidation: false,
  checkpointEverySeconds: 90,
  threads: 3,
  kernelBackend: 'js',
};
const { task: _task, ...everySetting } = EVERY_SETTING;
const settings = everySetting as Partial<TrainingConfig>;

const EVERY_COLUMN: Required<NonNullable<RunConfiguration['columns']>> = {
  textColumn: 'body html',
  labelColumn: "reviewer's verdict",
  targetColumns: ['load', 'temp (°C)'],
  dateColumn: 'when',
  seriesColumn: 'store id',
  wide: 'on',
  knownFutureColumns: ['promo', 'price'],
  calendar: 'on',
  holidays: 'US',
  sourceColumn: 'source',
  targetColumn: 'target',
  encoding: 'latin-1',
};

const everything: RunConfiguration = {
  format: 'lstm-studio-config/1',
  dataset: 'data/reviews.csv',
  task: 'classification',
  columns: EVERY_COLUMN,
  settings,
};
const datasetPath = '/work space/data/reviews.csv';

describe('commandLineArguments → train', () => {
  it('the fixture sets every setting to a valid non-default value and every column role', () => {
    expect(Object.keys(settings).sort()).toEqual(TRAINING_SETTINGS.map((s) => s.key).sort());
    expect(Object.keys(EVERY_COLUMN).sort()).toEqual(Object.keys(COLUMN_FLAGS).sort());
    const defaults = resolveTrainingConfig('classification') as Partial<TrainingConfig>;
    for (const [key, value] of Object.entries(settings)) {
      expect(checkSetting(settingByKey(key)!, value), key).toBeNull();
      // fullValidation: false is written as --no-full-validation (true would exclude validationMax, below).
      if (key !== 'fullValidation') expect(value, key).not.toEqual(defaults[key as keyof TrainingConfig]);
    }
  });

  it('gives back exactly the configuration: its settings, task and columns', async () => {
    const request = await requestFor(commandLineArguments(everything, datasetPath));
    expect(request.config).toEqual(settings);
    expect(request.dataset).toEqual({ task: 'classification', ...EVERY_COLUMN });
    expect(request.datasetPath).toBe(datasetPath);
    expect(request).toEqual(trainingRequestFor(everything, datasetPath, '.lstm-studio/runs'));
  });

  it('full validation, no date column, and the other value of each yes/no', async () => {
    const other: RunConfiguration = {
      format: 'lstm-studio-config/1',
      task: 'forecasting',
      columns: { targetColumns: ['load'], dateColumn: null },
      settings: { fullValidation: true, restoreBest: true, bidirectional: false, stateful: false, epochs: 2 },
    };
    const request = await requestFor(commandLineArguments(other, datasetPath));
    expect(request.config).toEqual(other.settings);
    expect(request.dataset).toEqual({ task: 'forecasting', targetColumns: ['load'], dateColumn: null });
  });

  it("the form's Wide control: on and off are asked for, detected writes no flag", async () => {
    for (const wide of ['on', 'off'] as const) {
      const chosen: RunConfiguration = {
        format: 'lstm-studio-config/1',
        task: 'forecasting',
        columns: { wide },
        settings: { horizon: 7 },
      };
      const args = commandLineArguments(chosen, datasetPath);
      expect(commandLine(chosen, datasetPath)).toBe(
        `lstm-studio train '/work space/data/reviews.csv' --task forecasting --wide ${wide} --horizon 7`,
      );
      const request = await requestFor(args);
      expect(request.dataset).toEqual({ task: 'forecasting', wide });
      expect(request).toEqual(trainingRequestFor(chosen, datasetPath, '.lstm-studio/runs'));
    }
    const detected: RunConfiguration = { format: 'lstm-studio-config/1', columns: {}, settings: {} };
    expect(commandLineArguments(detected, datasetPath).join(' ')).not.toContain('--wide');
    expect((await requestFor(commandLineArguments(detected, datasetPath))).dataset?.wide).toBeUndefined();
    // The host checks column roles against the file's columns, but not the on/off ones or the country.
    expect(['wide', 'calendar', 'holidays', 'task', 'nonsense'].map(isColumnOverride)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(['targetColumns', 'seriesColumn', 'dateColumn'].every(isColumnOverride)).toBe(true);
  });

  it('full validation beside a sample bound: the bound, meaningless, is left out of both', async () => {
    const both: RunConfiguration = {
      format: 'lstm-studio-config/1',
      settings: { fullValidation: true, validationMax: 300 },
    };
    const args = commandLineArguments(both, datasetPath);
    expect(args).not.toContain('--validation-max');
    const request = await requestFor(args);
    expect(request).toEqual(trainingRequestFor(both, datasetPath, '.lstm-studio/runs'));
    expect(request.config).toEqual({ fullValidation: true });
  });

  it('what the settings imply the file implies too: --tokens chooses both sides, --steps alone the epochs', async () => {
    const partial: RunConfiguration = {
      format: 'lstm-studio-config/1',
      settings: { tokenUnit: 'char', maxSteps: 40 },
    };
    const request = await requestFor(commandLineArguments(partial, datasetPath));
    expect(request).toEqual(trainingRequestFor(partial, datasetPath, '.lstm-studio/runs'));
    expect(request.config).toEqual({
      tokenUnit: 'char',
      sourceTokens: 'char',
      targetTokens: 'char',
      maxSteps: 40,
      epochs: 1_000_000,
    });
  });

  it('the quoted command line splits back into the same words in a POSIX shell', () => {
    const line = commandLine(everything, datasetPath);
    const words = execFileSync('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' })
      .split('\0')
      .slice(0, -1);
    expect(words).toEqual(['lstm-studio', ...commandLineArguments(everything, datasetPath)]);
  });
});
