/**
 * The New Training Run form (a real HTML form: fieldsets per section, labelled native controls, errors
 * beside their fields). Its fields come from TRAINING_SETTINGS — the common ones and the task's own, as
 * the host sent the tasks — each validated as the user types. Any change asks the host to describe the
 * run again (debounced, the latest answer wins, typing never waits); the answer fills the preview, the
 * defaults, the sizes and the model summary, and its cross-field reasons land at their fields.
 */

import {
  CONFIGURATION_NAME,
  type FormChoices,
  type FormInit,
  type FormSweep,
  type FormTask,
  type HostToNewRunPanel,
  type NewRunPanelToHost,
} from '../../src/protocol/new-run-panel';
import type { TrainingConfig } from '../../src/protocol/training-config';
import { translateSetting } from '../../src/protocol/shared-words';
import { TRAINING_SETTINGS, type SettingSection } from '../../src/protocol/training-settings';
import type { DatasetDescription, StepTiming } from '../../src/protocol/worker-messages';
import { element, setText } from '../shared/dom';
import { formatFixed, formatInteger, formatSignificant } from '../shared/format';
import { onHostMessage, vscodeApi } from '../shared/vscode-api';
import { DataView } from './data-view';
import { SettingField, type SettingValue } from './setting-field';
import { SweepView } from './sweep-view';
import * as l10n from '../shared/l10n';

/** Quiet time after the last keystroke before the run is described again. */
const DESCRIBE_DELAY_MS = 300;
/** Quiet time after a description before the steps are timed. */
const ESTIMATE_DELAY_MS = 1000;

/** A section's heading (a function, not a table: the words are looked up when the form draws). */
function sectionTitle(section: SettingSection): string {
  return { data: l10n.t('Data'), model: l10n.t('Model'), training: l10n.t('Training') }[section];
}

export class NewRunForm {
  private readonly api = vscodeApi<unknown, NewRunPanelToHost>();
  private readonly fields = new Map<keyof TrainingConfig, SettingField>();
  private readonly data: DataView;
  private readonly sweep: SweepView;
  private readonly formError = element('div', {
    id: 'form-error',
    className: 'form-error',
    attrs: { role: 'alert', 'aria-live': 'assertive' },
  });
  private readonly notice = element('div', {
    id: 'notice',
    className: 'notice',
    attrs: { role: 'status', 'aria-live': 'polite' },
  });
  private readonly busy = element('span', {
    id: 'busy',
    className: 'busy muted',
    attrs: { role: 'status', 'aria-live': 'polite' },
  });
  private readonly modelSummary = element('p', { id: 'model-summary' });
  private readonly parameterCount = element('p', { id: 'parameter-count', className: 'muted' });
  private readonly timing = element('output', { id: 'timing', attrs: { 'aria-live': 'polite' } });
  private readonly commandLine = element('code', {
    id: 'command-line',
    attrs: { 'aria-label': l10n.t('Command line') },
  });
  private readonly configurationName = element('input', {
    id: 'configuration-name',
    attrs: {
      type: 'text',
      placeholder: 'my-run',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': 'configuration-help',
    },
  });
  private readonly openConfiguration = element('select', { id: 'open-configuration' });
  private readonly trainButton = element('button', {
    id: 'train',
    className: 'button',
    text: l10n.t('Train'),
    attrs: { type: 'submit' },
  });
  private init: FormInit | null = null;
  private description: DatasetDescription | null = null;
  private describeFailed = false;
  private requestCounter = 0;
  private latestDescribe = -1;
  private latestEstimate = -1;
  private latestCount = -1;
  private describeTimer: ReturnType<typeof setTimeout> | undefined;
  private estimateTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(root: HTMLElement) {
    this.data = new DataView(
      () => this.send({ type: 'choose-file' }),
      () => this.changed(),
    );
    this.sweep = new SweepView(
      () => this.sweepChanged(),
      () => this.startSweep(),
    );
    for (const setting of TRAINING_SETTINGS)
      // Labels and help in the display language (the CLI prints them in English, where they are defined).
      this.fields.set(setting.key, new SettingField(translateSetting(setting, l10n.t), () => this.changed()));
    const form = element('form', { id: 'new-run-form', attrs: { novalidate: true, 'aria-labelledby': 'form-title' } });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.train();
    });
    form.append(
      element('h1', { id: 'form-title', text: l10n.t('New Training Run') }),
      this.formError,
      this.notice,
      this.dataSection(),
      this.section('model', this.modelFacts()),
      this.section('training'),
      this.sweep.root,
      this.actions(),
    );
    root.append(form);
    onHostMessage<HostToNewRunPanel>((message) => this.onMessage(message));
    this.send({ type: 'ready' });
  }

  private send(message: NewRunPanelToHost): void {
    this.api.postMessage(message);
  }

  private dataSection(): HTMLFieldSetElement {
    const fieldset = this.section('data');
    const grid = fieldset.querySelector('.grid')!;
    fieldset.insertBefore(this.data.fileRow, grid);
    fieldset.insertBefore(this.data.previewBlock, grid);
    fieldset.insertBefore(element('div', { className: 'grid' }, this.data.taskBlock), grid);
    fieldset.insertBefore(this.data.detected, grid);
    fieldset.insertBefore(this.data.columnsBlock, grid);
    fieldset.append(this.data.sizesBlock);
    return fieldset;
  }

  private section(section: SettingSection, ...extra: HTMLElement[]): HTMLFieldSetElement {
    const fields = TRAINING_SETTINGS.filter((s) => s.section === section).map((s) => this.fields.get(s.key)!.root);
    return element(
      'fieldset',
      { className: 'section', attrs: { id: `section-${section}` } },
      element('legend', { text: sectionTitle(section) }),
      element('div', { className: 'grid' }, ...fields),
      ...extra,
    );
  }

  private modelFacts(): HTMLElement {
    const estimate = element('button', {
      id: 'estimate',
      className: 'button secondary',
      text: l10n.t('Estimate time'),
      attrs: { type: 'button' },
    });
    estimate.addEventListener('click', () => this.estimate());
    return element(
      'div',
      { className: 'facts', attrs: { 'aria-live': 'polite' } },
      this.modelSummary,
      this.parameterCount,
      element('div', { className: 'button-row' }, estimate, this.timing),
    );
  }

  private actions(): HTMLElement {
    const reset = element('button', {
      id: 'reset',
      className: 'button secondary',
      text: l10n.t('Reset to preset'),
      attrs: { type: 'button' },
    });
    reset.addEventListener('click', () => this.resetToPreset());
    const copy = element('button', {
      id: 'copy-command',
      className: 'button secondary',
      text: l10n.t('Copy as command line'),
      attrs: { type: 'button' },
    });
    copy.addEventListener('click', () => this.withChoices((choices) => this.send({ type: 'copy-command', choices })));
    const save = element('button', {
      id: 'save-configuration',
      className: 'button secondary',
      text: l10n.t('Save configuration'),
      attrs: { type: 'button' },
    });
    save.addEventListener('click', () => this.save());
    this.openConfiguration.addEventListener('input', () => {
      const name = this.openConfiguration.value;
      if (name !== '') this.send({ type: 'open-configuration', name });
    });
    return element(
      'div',
      { className: 'actions' },
      element('div', { className: 'button-row' }, this.trainButton, reset, copy, this.busy),
      element('div', { className: 'command-line' }, this.commandLine),
      element(
        'div',
        { className: 'button-row' },
        element('label', { text: l10n.t('Configuration name'), attrs: { for: 'configuration-name' } }),
        this.configurationName,
        save,
        element('label', { text: l10n.t('Open configuration'), attrs: { for: 'open-configuration' } }),
        this.openConfiguration,
      ),
      element('div', {
        id: 'configuration-help',
        className: 'field-help muted',
        text: l10n.t(
          'Saved as .lstm-studio/configs/<name>.json in the workspace; lstm-studio train --config <file> trains it.',
        ),
      }),
    );
  }

  private onMessage(message: HostToNewRunPanel): void {
    switch (message.type) {
      case 'init':
        return this.start(message.form);
      case 'described':
        if (message.requestId !== this.latestDescribe) return;
        this.describeFailed = false;
        this.showDescription(message.description);
        this.setBusy(null);
        // Timing takes the worker up to ~2 s: only once the user has paused a little longer.
        this.estimateTimer = setTimeout(() => this.estimate(), ESTIMATE_DELAY_MS);
        return;
      case 'describe-failed': {
        if (message.requestId !== this.latestDescribe) return;
        this.describeFailed = true;
        const field = message.field ? this.fields.get(message.field as keyof TrainingConfig) : undefined;
        if (field && !field.root.hidden) field.setCrossFieldReason(message.message);
        else setText(this.formError, message.message);
        this.setBusy(null);
        this.updateButtons();
        return;
      }
      case 'estimated':
        if (message.requestId === this.latestEstimate) setText(this.timing, timingText(message.timing));
        return;
      case 'estimate-failed':
        if (message.requestId === this.latestEstimate)
          setText(this.timing, l10n.t('No estimate: {0}', message.message));
        return;
      case 'command-line':
        setText(this.commandLine, message.text);
        setText(this.notice, l10n.t('Command line copied to the clipboard.'));
        return;
      case 'configurations':
        this.listConfigurations(message.names);
        if (message.saved) setText(this.notice, l10n.t('Saved the configuration “{0}”.', message.saved));
        return;
      case 'sweep-count':
        if (message.requestId === this.latestCount) this.sweep.showCount(message.count, message.problem);
        return;
      case 'notice':
        if (message.level === 'error') setText(this.formError, message.message);
        else setText(this.notice, message.message);
        return;
    }
  }

  private start(init: FormInit): void {
    this.init = init;
    this.description = null;
    // Answers still on their way belong to the form before: none of them is awaited any more.
    this.latestDescribe = this.latestEstimate = this.latestCount = -1;
    this.describeFailed = false;
    this.data.setDataset(init.datasetLabel);
    this.data.setTasks(init.tasks, init.initial.task);
    this.data.setColumns(init.initial.columns);
    for (const field of this.fields.values()) field.set(init.initial.settings[field.key] as SettingValue | undefined);
    this.sweep.setSweepable(
      TRAINING_SETTINGS.filter((s) => s.sweepable),
      init.defaultMaxConcurrent,
    );
    this.listConfigurations(init.configurations);
    setText(this.formError, '');
    setText(this.commandLine, '');
    this.showTaskFields();
    this.changed();
  }

  private listConfigurations(names: string[]): void {
    this.openConfiguration.replaceChildren(
      element('option', { text: names.length ? l10n.t('choose…') : l10n.t('none saved'), attrs: { value: '' } }),
      ...names.map((name) => element('option', { text: name, attrs: { value: name } })),
    );
  }

  /** The task the run trains: the chosen one, else the described one. */
  private task(): FormTask | undefined {
    const id = this.data.chosenTask ?? this.description?.summary.task;
    return this.init?.tasks.find((t) => t.id === id);
  }

  /** Task-specific settings show for a task that reads them (all of them until a task is known). */
  private showTaskFields(): void {
    const task = this.task();
    for (const field of this.fields.values())
      field.root.hidden =
        field.setting.taskSpecific === true && task !== undefined && !task.settings.includes(field.key);
    this.data.setRoles(task?.columnRoles ?? [], task?.switches ?? []);
  }

  /** The form's choices, or null (errors shown) when a field is invalid. */
  private choices(): FormChoices | null {
    const settings: Record<string, unknown> = {};
    let valid = true;
    for (const field of this.fields.values()) {
      if (field.root.hidden) continue;
      const read = field.read();
      if (!read.ok) valid = false;
      else if (read.value !== undefined) settings[field.key] = read.value;
    }
    if (!valid) return null;
    return {
      task: this.data.chosenTask,
      columns: this.data.chosenColumns(),
      settings: settings as Partial<TrainingConfig>,
    };
  }

  private withChoices(act: (choices: FormChoices) => void): void {
    const choices = this.choices();
    if (!choices) {
      setText(this.formError, l10n.t('Some values are not valid: see the fields marked.'));
      this.firstInvalid()?.focus();
      return;
    }
    act(choices);
  }

  private firstInvalid(): HTMLElement | undefined {
    for (const field of this.fields.values()) if (!field.root.hidden && !field.valid) return field.control;
    return undefined;
  }

  /** Any change: check, then describe again after a quiet moment. */
  private changed(): void {
    this.showTaskFields();
    setText(this.formError, '');
    setText(this.notice, '');
    this.updateButtons();
    clearTimeout(this.describeTimer);
    clearTimeout(this.estimateTimer);
    if (!this.init?.datasetName) return;
    const choices = this.choices();
    if (!choices) return;
    this.setBusy(l10n.t('Describing…'));
    this.describeTimer = setTimeout(() => {
      const requestId = ++this.requestCounter;
      this.latestDescribe = requestId;
      this.send({ type: 'describe', requestId, choices });
    }, DESCRIBE_DELAY_MS);
    this.sweepChanged();
  }

  private estimate(): void {
    const choices = this.choices();
    if (!choices || !this.init?.datasetName) return;
    const requestId = ++this.requestCounter;
    this.latestEstimate = requestId;
    setText(this.timing, l10n.t('Timing a few steps…'));
    this.send({ type: 'estimate', requestId, choices });
  }

  private showDescription(description: DatasetDescription): void {
    this.description = description;
    this.showTaskFields();
    const task = this.task();
    this.data.describe(description);
    for (const field of this.fields.values()) {
      field.showDefault(description.config[field.key]);
      field.setCrossFieldReason(null);
    }
    setText(this.modelSummary, description.architecture);
    setText(
      this.parameterCount,
      l10n.t(
        '{0} parameters · {1} is the headline metric',
        formatInteger(description.parameterCount),
        task?.headline.label ?? '',
      ),
    );
    setText(this.formError, '');
    this.updateButtons();
  }

  private updateButtons(): void {
    const invalid = [...this.fields.values()].some((f) => !f.root.hidden && !f.valid);
    this.trainButton.disabled = invalid || this.describeFailed || !this.init?.datasetName;
    const sweep = this.sweep.read();
    this.sweep.startButton.disabled = this.trainButton.disabled || sweep === null || !sweep.ok;
  }

  private setBusy(text: string | null): void {
    setText(this.busy, text ?? '');
    this.busy.classList.toggle('active', text !== null);
  }

  private resetToPreset(): void {
    // The preset, the data's settings and the runtime's stay; everything the preset decides returns to it.
    for (const field of this.fields.values())
      if (
        field.setting.section !== 'data' &&
        field.key !== 'preset' &&
        field.key !== 'threads' &&
        field.key !== 'kernelBackend'
      )
        field.set(undefined);
    this.changed();
  }

  private save(): void {
    const name = this.configurationName.value.trim();
    if (!CONFIGURATION_NAME.test(name)) {
      setText(this.formError, l10n.t('Name the configuration: letters, digits, spaces, - _ . (at most 64).'));
      this.configurationName.focus();
      return;
    }
    this.withChoices((choices) => this.send({ type: 'save-configuration', name, choices }));
  }

  private train(): void {
    if (this.trainButton.disabled) return;
    this.withChoices((choices) => {
      setText(this.notice, l10n.t('Starting…'));
      this.send({ type: 'train', choices });
    });
  }

  private sweepChanged(): void {
    const sweep = this.sweep.read();
    this.updateButtons();
    if (sweep === null) return this.sweep.showProblem(null);
    if (!sweep.ok) return this.sweep.showProblem(sweep.reason);
    const requestId = ++this.requestCounter;
    this.latestCount = requestId;
    this.send({ type: 'count-sweep', requestId, sweep: sweep.sweep });
  }

  private startSweep(): void {
    const sweep = this.sweep.read();
    if (!sweep?.ok) return;
    this.withChoices((choices) => this.send({ type: 'start-sweep', choices, sweep: sweep.sweep as FormSweep }));
  }
}

/** "≈ 0.12 s/step, 43 steps/epoch, ≈ 5 s/epoch". */
export function timingText(t: StepTiming): string {
  const perStep =
    t.secondsPerStep < 0.01
      ? l10n.t('{0} ms', formatFixed(t.secondsPerStep * 1000, 1))
      : l10n.t('{0} s', formatSignificant(t.secondsPerStep, 2));
  const perEpoch =
    t.secondsPerEpoch < 60
      ? l10n.t('{0} s', formatInteger(Math.max(1, Math.round(t.secondsPerEpoch))))
      : l10n.t('{0} min', formatFixed(t.secondsPerEpoch / 60, 1));
  return l10n.t(
    '≈ {0}/step, {1} steps/epoch, ≈ {2}/epoch (one thread)',
    perStep,
    formatInteger(t.stepsPerEpoch),
    perEpoch,
  );
}
