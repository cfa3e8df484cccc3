// The words shared code gives the panels (task presentations, settings), translated at the host and in
// the webviews with the English text as the key; ids, keys and values stay as they are.
import { translatePresentation, translateSetting } from '../../../src/protocol/shared-words';
import { settingByKey } from '../../../src/protocol/training-settings';
import { taskPresentation } from '../../../src/tasks/presentations';
import { fillPlaceholders, installTranslator } from '../../../src/extension/l10n';
import { allTaskWords, headlineMetricWords, taskWords, trainingSettingWords } from '../../../src/extension/task-words';

const shout = (message: string) => `«${message.toUpperCase()}»`;

describe('translatePresentation / translateSetting', () => {
  it('translates names, metric labels, column roles and the prediction button, not ids or kinds', () => {
    const translated = translatePresentation(taskPresentation('classification'), shout);
    expect(translated).toMatchObject({
      id: 'classification',
      cliNames: ['classify', 'classification'],
      displayName: '«SEQUENCE CLASSIFICATION»',
      modelBadge: '«CLASSIFIER»',
      title: '«SEQUENCE CLASSIFICATION»',
      headline: 'accuracy',
      prediction: { request: 'classify', answer: 'label', action: '«CLASSIFY»', running: '«CLASSIFYING»' },
      metrics: [{ key: 'accuracy', label: '«ACCURACY»', format: 'percent' }],
    });
    expect(translated.columnRoles.map((r) => [r.override, r.label])).toEqual([
      ['textColumn', '«TEXT COLUMN»'],
      ['labelColumn', '«LABEL COLUMN»'],
    ]);
    expect(taskPresentation('classification').displayName).toBe('sequence classification');
  });

  it("translates a setting's label and help, not its choices (the values a config holds)", () => {
    const setting = translateSetting(settingByKey('optimizer')!, shout);
    expect(setting).toMatchObject({ key: 'optimizer', flag: 'optimizer', label: '«OPTIMIZER»' });
    expect(setting.help).toBe('«ADAM, ADAMW OR SGD»');
    expect(setting.choices).toEqual(settingByKey('optimizer')!.choices);
  });
});

describe('the host’s task words (src/extension/task-words.ts)', () => {
  afterEach(() => installTranslator(fillPlaceholders));

  it('are English before activation', () => {
    expect(taskWords('forecasting').modelNoun).toBe('a forecaster');
    expect(headlineMetricWords('forecasting')).toMatchObject({ key: 'mae', label: 'MAE' });
  });

  it('go through the translator activation installs (vscode.l10n.t)', () => {
    installTranslator((message) => `[${message}]`);
    expect(taskWords('language-model').shortName).toBe('[language model]');
    expect(allTaskWords().every((p) => p.displayName.startsWith('['))).toBe(true);
    expect(headlineMetricWords('classification')).toMatchObject({ key: 'accuracy', label: '[accuracy]' });
    expect(trainingSettingWords().find((s) => s.key === 'batchSize')).toMatchObject({
      label: '[Batch size]',
      flag: 'batch-size',
    });
  });

  it('fill placeholders as vscode.l10n.t does when no translator is installed', () => {
    expect(fillPlaceholders('{0} of {1}, {2}', 3, 4)).toBe('3 of 4, {2}');
    expect(fillPlaceholders('a {token: id} map')).toBe('a {token: id} map');
  });
});
