/**
 * The form's files: a saved configuration holds the dataset relative to its own folder and reads back
 * as the same choices (what `lstm-studio train --config` reads too); a run folder's run.json gives the
 * choices it was trained with; names cannot leave the configs folder.
 */

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  configurationFile,
  configurationOf,
  listConfigurations,
  readConfiguration,
  readRunChoices,
  writeConfiguration,
} from '../../../src/extension/new-run-configurations';
import type { FormChoices } from '../../../src/protocol/new-run-panel';
import { parseRunConfiguration } from '../../../src/protocol/run-configuration';

const workspace = mkdtempSync(join(tmpdir(), 'lstm-new-run-configs-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

const dataset = join(workspace, 'data', 'moderation.csv');
const choices: FormChoices = {
  task: 'classification',
  columns: { textColumn: 'body_html', labelColumn: 'verdict' },
  settings: { hiddenSize: 24, epochs: 2, lr: 0.005, preset: 'small' },
};

describe('saved configurations', () => {
  it('writes the dataset relative to the file and reads the same choices back', async () => {
    const file = configurationFile(workspace, ' moderation small ');
    expect(file).toBe(join(workspace, '.lstm-studio', 'configs', 'moderation small.json'));
    await writeConfiguration(file, configurationOf(choices, dataset, file));
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved).toEqual({
      format: 'lstm-studio-config/1',
      dataset: '../../data/moderation.csv',
      task: 'classification',
      columns: { textColumn: 'body_html', labelColumn: 'verdict' },
      settings: { hiddenSize: 24, epochs: 2, lr: 0.005, preset: 'small' },
    });
    // The CLI's parser takes it as it is.
    expect(parseRunConfiguration(readFileSync(file, 'utf8'), file).settings).toEqual(choices.settings);
    expect(await readConfiguration(file)).toEqual({ datasetPath: dataset, choices });
    expect(await listConfigurations(workspace)).toEqual(['moderation small']);
  });

  it('leaves a detected task and columns out', () => {
    const detected = configurationOf({ task: null, columns: {}, settings: {} }, dataset, join(workspace, 'x.json'));
    expect(detected).toEqual({ format: 'lstm-studio-config/1', dataset: 'data/moderation.csv', settings: {} });
  });

  it('refuses a name that would leave the configs folder', () => {
    for (const name of ['../x', 'a/b', '.x', ''])
      expect(() => configurationFile(workspace, name), name).toThrow(/not a configuration name/);
  });

  it('has none where the folder is missing', async () => {
    expect(await listConfigurations(join(workspace, 'nowhere'))).toEqual([]);
  });
});

describe("a run's choices (Train again with these settings)", () => {
  it('reads the dataset, the task, the column overrides and the settings that keep their rules', async () => {
    const runDir = join(workspace, '.lstm-studio', 'runs', '20261207-010000-moderation');
    mkdirSync(runDir, { recursive: true });
    const manifest = {
      dataset: {
        path: dataset,
        overrides: { task: 'classification', textColumn: 'body_html', labelColumn: 'verdict' },
      },
      config: { task: 'classification', hiddenSize: 24, lr: 0.005, teacherForcingEnd: null, someFutureField: 3 },
    };
    writeFileSync(join(runDir, 'run.json'), JSON.stringify(manifest));
    expect(await readRunChoices(runDir)).toEqual({
      datasetPath: dataset,
      choices: {
        task: 'classification',
        columns: { textColumn: 'body_html', labelColumn: 'verdict' },
        settings: { hiddenSize: 24, lr: 0.005 },
      },
    });
  });
});
