/**
 * The Sweep section: settings given as a list (`1e-3, 3e-3`) or a range (`1e-4..1e-2`, with a number of
 * points and a log scale), the method (grid or random, with a count and a seed) and how many runs train at
 * once. Each value is checked with `parseSetting`, as the setting's own field checks it; the host counts
 * the runs and builds the sweep file.
 */

import type { FormSweep } from '../../src/protocol/new-run-panel';
import type { SweepParameter } from '../../src/protocol/sweep';
import type { TrainingConfig } from '../../src/protocol/training-config';
import { parseSetting, settingByKey, type SettingDescriptor } from '../../src/protocol/training-settings';
import { element, setText } from '../shared/dom';
import * as l10n from '../shared/l10n';

/** A range is written `min..max`. */
const RANGE = /^\s*([^.\s][^\s]*?)\s*\.\.\s*([^\s]+)\s*$/;

/** A swept setting's text → its parameter, or why it is not one. */
export function parseSweepValues(
  setting: SettingDescriptor,
  text: string,
  points: number | undefined,
  log: boolean,
): { ok: true; parameter: SweepParameter } | { ok: false; reason: string } {
  const range = RANGE.exec(text);
  if (range && (setting.kind === 'integer' || setting.kind === 'number')) {
    const ends = [range[1], range[2]].map((end) => parseSetting(setting, end));
    for (const end of ends) if (!end.ok) return end;
    const [min, max] = ends.map((end) => (end as { value: number }).value);
    if (max < min) return { ok: false, reason: l10n.t('{0}: the range ends below where it starts', setting.label) };
    if (log && min <= 0) return { ok: false, reason: l10n.t('{0}: a log range must start above 0', setting.label) };
    return { ok: true, parameter: { min, max, scale: log ? 'log' : 'linear', ...(points ? { count: points } : {}) } };
  }
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0)
    return { ok: false, reason: l10n.t('{0}: give values (a, b, c) or a range (min..max)', setting.label) };
  const values: (number | string | boolean)[] = [];
  for (const item of items) {
    const parsed = parseSetting(setting, item);
    if (!parsed.ok) return parsed;
    // A list setting (quantile levels) is not sweepable, so the sweep's setting menu never offers one.
    if (Array.isArray(parsed.value)) return { ok: false, reason: l10n.t('{0} cannot be swept', setting.label) };
    values.push(parsed.value);
  }
  return { ok: true, parameter: { values } };
}

interface SweepRow {
  root: HTMLElement;
  setting: HTMLSelectElement;
  values: HTMLInputElement;
  points: HTMLInputElement;
  log: HTMLInputElement;
  error: HTMLElement;
}

export class SweepView {
  readonly root: HTMLFieldSetElement;
  readonly startButton: HTMLButtonElement;
  private readonly rows: SweepRow[] = [];
  private readonly rowList = element('div', { id: 'sweep-rows', className: 'sweep-rows' });
  private readonly method = element('select', { id: 'sweep-method' });
  private readonly count = element('input', { id: 'sweep-count', attrs: { type: 'text', inputmode: 'numeric' } });
  private readonly seed = element('input', {
    id: 'sweep-seed',
    attrs: { type: 'text', inputmode: 'numeric', placeholder: l10n.t('default: 0') },
  });
  private readonly maxConcurrent = element('input', {
    id: 'sweep-max-concurrent',
    attrs: { type: 'text', inputmode: 'numeric' },
  });
  private readonly runs = element('output', { id: 'sweep-runs', attrs: { 'aria-live': 'polite' } });
  private readonly error = element('div', { id: 'sweep-error', className: 'field-error', attrs: { role: 'alert' } });
  private sweepable: readonly SettingDescriptor[] = [];
  private rowCounter = 0;
  private defaultMaxConcurrent = 1;

  constructor(
    private readonly onChange: () => void,
    onStart: () => void,
  ) {
    for (const [value, text] of [
      ['grid', l10n.t('grid: every combination')],
      ['random', l10n.t('random: a seeded sample')],
    ])
      this.method.append(element('option', { text, attrs: { value } }));
    const add = element('button', {
      id: 'sweep-add',
      className: 'button secondary',
      text: l10n.t('Add a swept setting'),
      attrs: { type: 'button' },
    });
    add.addEventListener('click', () => {
      this.addRow();
      this.rows[this.rows.length - 1]?.setting.focus();
    });
    this.startButton = element('button', {
      id: 'start-sweep',
      className: 'button',
      text: l10n.t('Start sweep'),
      attrs: { type: 'button' },
    });
    this.startButton.addEventListener('click', onStart);
    for (const input of [this.method, this.count, this.seed, this.maxConcurrent])
      input.addEventListener('input', () => this.changed());
    const field = (id: string, label: string, control: HTMLElement, help?: string) =>
      element(
        'div',
        { className: 'field' },
        element('label', { text: label, attrs: { for: id } }),
        control,
        help ? element('div', { className: 'field-help muted', text: help }) : null,
      );
    this.root = element(
      'fieldset',
      { className: 'section', attrs: { id: 'section-sweep' } },
      element('legend', { text: l10n.t('Sweep') }),
      element('p', {
        className: 'muted',
        text: l10n.t(
          'Train several runs at once: give settings lists (1e-3, 3e-3) or ranges (1e-4..1e-2). Every other setting comes from the form.',
        ),
      }),
      this.rowList,
      element('div', { className: 'button-row' }, add),
      element(
        'div',
        { className: 'grid' },
        field('sweep-method', l10n.t('Method'), this.method),
        field('sweep-count', l10n.t('Runs (random)'), this.count, l10n.t('how many runs a random sweep draws')),
        field('sweep-seed', l10n.t('Sweep seed'), this.seed, l10n.t('the random draw’s seed')),
        field(
          'sweep-max-concurrent',
          l10n.t('At most at once'),
          this.maxConcurrent,
          l10n.t('runs training at the same time'),
        ),
      ),
      this.error,
      element('div', { className: 'button-row' }, this.startButton, this.runs),
    );
    this.count.disabled = true; // grid first: the count is a random sweep's
  }

  setSweepable(settings: readonly SettingDescriptor[], defaultMaxConcurrent: number): void {
    this.sweepable = settings;
    this.maxConcurrent.placeholder = l10n.t('default: {0}', defaultMaxConcurrent);
    this.defaultMaxConcurrent = defaultMaxConcurrent;
  }

  /** The sweep as stated, or why it is not one yet (null when no setting is swept). */
  read(): { ok: true; sweep: FormSweep } | { ok: false; reason: string } | null {
    const parameters: Partial<Record<keyof TrainingConfig, SweepParameter>> = {};
    let problem: string | null = null;
    for (const row of this.rows) {
      const setting = settingByKey(row.setting.value);
      if (!setting) continue;
      const points = row.points.value.trim() === '' ? undefined : Number(row.points.value);
      let reason: string | null = null;
      if (points !== undefined && (!Number.isInteger(points) || points < 1 || points > 1000))
        reason = l10n.t('points must be a whole number from 1 to 1000');
      else {
        const parsed = parseSweepValues(setting, row.values.value, points, row.log.checked);
        if (parsed.ok) parameters[setting.key] = parsed.parameter;
        else reason = parsed.reason;
      }
      setText(row.error, reason ?? '');
      row.values.setAttribute('aria-invalid', reason ? 'true' : 'false');
      problem ??= reason;
    }
    if (Object.keys(parameters).length === 0 && problem === null) return null;
    if (problem) return { ok: false, reason: problem };
    const integer = (input: HTMLInputElement, what: string, min: number) => {
      const text = input.value.trim();
      if (text === '') return undefined;
      const n = Number(text);
      if (!Number.isInteger(n) || n < min) throw new Error(l10n.t('{0} must be a whole number ≥ {1}', what, min));
      return n;
    };
    try {
      const method = this.method.value === 'random' ? 'random' : 'grid';
      const count = integer(this.count, l10n.t('Runs'), 1);
      if (method === 'random' && count === undefined)
        return { ok: false, reason: l10n.t('a random sweep needs a number of runs') };
      const sweep: FormSweep = {
        method,
        maxConcurrent: integer(this.maxConcurrent, l10n.t('At most at once'), 1) ?? this.defaultMaxConcurrent,
        parameters,
      };
      if (method === 'random') sweep.count = count;
      const seed = integer(this.seed, l10n.t('Sweep seed'), 0);
      if (seed !== undefined) sweep.seed = seed;
      return { ok: true, sweep };
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  }

  /** The host's count of the runs (or its reason against them). */
  showCount(count: number, problem: string | null): void {
    setText(this.runs, problem ? '' : count === 1 ? l10n.t('1 run') : l10n.t('{0} runs', count));
    setText(this.error, problem ?? '');
  }

  showProblem(reason: string | null): void {
    setText(this.error, reason ?? '');
    if (reason) setText(this.runs, '');
  }

  private changed(): void {
    this.count.disabled = this.method.value !== 'random';
    this.onChange();
  }

  private addRow(): void {
    const k = this.rowCounter++;
    const setting = element('select', { id: `sweep-setting-${k}`, attrs: { 'aria-label': l10n.t('Swept setting') } });
    for (const s of this.sweepable) setting.append(element('option', { text: s.label, attrs: { value: s.key } }));
    const values = element('input', {
      id: `sweep-values-${k}`,
      attrs: { type: 'text', placeholder: l10n.t('a, b, c  or  min..max'), autocomplete: 'off', spellcheck: 'false' },
    });
    const points = element('input', {
      id: `sweep-points-${k}`,
      className: 'narrow',
      attrs: { type: 'text', inputmode: 'numeric', placeholder: '3' },
    });
    const log = element('input', { id: `sweep-log-${k}`, attrs: { type: 'checkbox' } });
    const remove = element('button', {
      className: 'button secondary',
      text: l10n.t('Remove'),
      attrs: { type: 'button', 'aria-label': l10n.t('Remove this swept setting') },
    });
    const error = element('div', { className: 'field-error', attrs: { role: 'alert' } });
    const root = element(
      'div',
      { className: 'sweep-row' },
      element('label', { text: l10n.t('Setting'), attrs: { for: setting.id } }),
      setting,
      element('label', { text: l10n.t('Values'), attrs: { for: values.id } }),
      values,
      element('label', { text: l10n.t('Points'), attrs: { for: points.id } }),
      points,
      element('label', { className: 'check', attrs: { for: log.id } }, log, l10n.t(' log scale')),
      remove,
      error,
    );
    const row: SweepRow = { root, setting, values, points, log, error };
    for (const input of [setting, values, points, log]) input.addEventListener('input', () => this.onChange());
    remove.addEventListener('click', () => {
      this.rows.splice(this.rows.indexOf(row), 1);
      root.remove();
      this.onChange();
    });
    this.rows.push(row);
    this.rowList.append(root);
    this.onChange();
  }
}
