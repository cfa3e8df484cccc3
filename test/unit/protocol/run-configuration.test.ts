/**
 * The saved configuration file (`lstm-studio-config/1`): what it accepts, what it refuses (one line
 * naming the file and the field), and the command line it gives.
 */

import { describe, expect, it } from 'vitest';
import {
  commandLine,
  parseRunConfiguration,
  shellWord,
  trainingOverrides,
  type RunConfiguration,
} from '../../../src/protocol/run-configuration';

const NAME = 'configs/reviews.json';

describe('parseRunConfiguration', () => {
  it('reads back what was saved', () => {
    const saved: RunConfiguration = {
      format: 'lstm-studio-config/1',
      dataset: '../../data/reviews.csv',
      task: 'classification',
      columns: { textColumn: 'body_html', labelColumn: 'verdict', dateColumn: null },
      settings: { epochs: 3, tokenUnit: 'char', dropout: 0.2, restoreBest: false },
    };
    expect(parseRunConfiguration(JSON.stringify(saved), NAME)).toEqual(saved);
    expect(parseRunConfiguration('{"format": "lstm-studio-config/1"}', NAME)).toEqual({
      format: 'lstm-studio-config/1',
      settings: {},
    });
  });

  it.each([
    ['{', /^configs\/reviews\.json: not JSON \(/],
    ['"text"', /^configs\/reviews\.json: expected a JSON object$/],
    ['{"settings": {}}', /"format" must be "lstm-studio-config\/1", got undefined/],
    ['{"format": "lstm-studio-config/1", "dataset": 3}', /"dataset" must be a file path/],
    ['{"format": "lstm-studio-config/1", "task": ""}', /"task" must be a task name/],
    [
      '{"format": "lstm-studio-config/1", "columns": {"textColumn": ""}}',
      /"columns\.textColumn" must be a column name/,
    ],
    ['{"format": "lstm-studio-config/1", "columns": {"targetColumns": []}}', /must be a list of column names/],
    [
      '{"format": "lstm-studio-config/1", "columns": {"dateColumn": 5}}',
      /"columns\.dateColumn" must be a column name or null/,
    ],
    ['{"format": "lstm-studio-config/1", "settings": {"batch-size": 8}}', /unknown setting "settings\.batch-size"/],
    [
      '{"format": "lstm-studio-config/1", "settings": {"epochs": 0}}',
      /settings\.epochs must be an integer ≥ 1, got 0$/,
    ],
    [
      '{"format": "lstm-studio-config/1", "settings": {"lr": "fast"}}',
      /settings\.lr must be a number > 0, got 'fast'$/,
    ],
    ['{"format": "lstm-studio-config/1", "settings": []}', /"settings" must be an object/],
  ])('refuses %s in one line naming the file', (text, reason) => {
    let message = '';
    try {
      parseRunConfiguration(text, NAME);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.startsWith(`${NAME}: `)).toBe(true);
    expect(message).toMatch(reason);
    expect(message).not.toContain('\n');
  });
});

describe('commandLine', () => {
  it('quotes what a POSIX shell would split or expand', () => {
    expect(shellWord('data/reviews.csv')).toBe('data/reviews.csv');
    expect(shellWord('body html')).toBe("'body html'");
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    expect(shellWord('$HOME')).toBe("'$HOME'");
  });

  it('keeps a dataset path that starts with a dash from reading as an option', () => {
    expect(commandLine({ format: 'lstm-studio-config/1', settings: {} }, '-data.csv')).toBe(
      'lstm-studio train ./-data.csv',
    );
  });

  it('writes the task, the columns and the settings in the list order, yes/no as switches', () => {
    const configuration: RunConfiguration = {
      format: 'lstm-studio-config/1',
      task: 'forecasting',
      columns: { targetColumns: ['load', 'temp'], dateColumn: null },
      settings: { restoreBest: false, epochs: 20, seed: 7, bidirectional: true },
    };
    expect(commandLine(configuration, 'data/energy.csv')).toBe(
      'lstm-studio train data/energy.csv --task forecasting --target load,temp --no-date-column --seed 7 --bidirectional --epochs 20 --no-restore-best',
    );
  });
});

describe('trainingOverrides (the CLI’s rules, shared by the form and sweeps)', () => {
  it('lets steps decide when epochs are not given, and sets both pair sides from tokenUnit', () => {
    expect(trainingOverrides({ maxSteps: 30 })).toEqual({ maxSteps: 30, epochs: 1_000_000 });
    expect(trainingOverrides({ maxSteps: 30, epochs: 2 })).toEqual({ maxSteps: 30, epochs: 2 });
    expect(trainingOverrides({ tokenUnit: 'char', targetTokens: 'word' })).toEqual({
      tokenUnit: 'char',
      sourceTokens: 'char',
      targetTokens: 'word',
    });
  });
});
