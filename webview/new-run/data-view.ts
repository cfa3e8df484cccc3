/**
 * The Data section's own parts (its settings are SettingFields): the file with *Choose file…*, the
 * preview of the first rows as parsed with each column's detected type, the detected task with its
 * reason and a task dropdown, the column mapping (a dropdown per role the task reads, checkboxes for a
 * role of several columns), and the split's sizes and class balance from the latest description.
 */

import type { DatasetColumns } from '../../src/protocol/dataset';
import type { FormColumns, FormTask } from '../../src/protocol/new-run-panel';
import type { ColumnRole, ReadingSwitch } from '../../src/protocol/task-presentation';
import type { DatasetDescription, PreviewColumn } from '../../src/protocol/worker-messages';
import { element, setText } from '../shared/dom';
import { formatInteger, formatPercent } from '../shared/format';
import * as l10n from '../shared/l10n';
import { ReadingSwitches } from './reading-switches';

/** The detected column(s) of each role, from the description's summary. */
const DETECTED: Record<ColumnRole['override'], (c: DatasetColumns) => string | string[] | undefined> = {
  textColumn: (c) => c.text,
  labelColumn: (c) => c.label,
  targetColumns: (c) => c.targets,
  dateColumn: (c) => c.date,
  seriesColumn: (c) => c.series,
  knownFutureColumns: (c) => c.knownFuture,
  calendar: () => undefined,
  wide: () => undefined,
  holidays: () => undefined,
  sourceColumn: (c) => c.source,
  targetColumn: (c) => c.target,
  // Not a column: how the file is read (--encoding), never detected as one.
  encoding: () => undefined,
};

export class DataView {
  readonly fileRow: HTMLDivElement;
  readonly previewBlock: HTMLDivElement;
  readonly taskBlock: HTMLDivElement;
  readonly columnsBlock: HTMLFieldSetElement;
  readonly sizesBlock: HTMLDivElement;
  readonly taskSelect: HTMLSelectElement;
  private readonly datasetName = element('span', { id: 'dataset-name', className: 'dataset-name' });
  private readonly previewTable = element('table', { id: 'preview', className: 'preview' });
  readonly detected = element('p', { id: 'detected-task', className: 'detected muted' });
  private readonly columnRoles = element('div', { id: 'column-roles', className: 'grid column-roles' });
  /** On/off choices of how the table is read (a forecaster's wide format), beside the column roles. */
  private readonly switches: ReadingSwitches;
  private readonly sizes = element('p', { id: 'sizes' });
  private readonly balance = element('p', { id: 'class-balance', className: 'muted' });
  private tasks: FormTask[] = [];
  /** The chosen column of each role the user set (absent: detected). */
  private chosen: FormColumns = {};
  private columns: PreviewColumn[] = [];
  private detectedColumns: DatasetColumns = {};
  private roles: readonly ColumnRole[] = [];
  /** What the role controls were drawn from: redrawn only when it changes, so a focused dropdown stays. */
  private rolesDrawn = '';

  constructor(
    onChooseFile: () => void,
    private readonly onChange: () => void,
  ) {
    this.switches = new ReadingSwitches(onChange);
    const choose = element('button', {
      id: 'choose-file',
      className: 'button secondary',
      text: l10n.t('Choose file…'),
      attrs: { type: 'button' },
    });
    choose.addEventListener('click', onChooseFile);
    this.fileRow = element(
      'div',
      { className: 'file-row' },
      element('span', { className: 'field-label', text: l10n.t('File') }),
      this.datasetName,
      choose,
    );
    this.previewBlock = element(
      'div',
      { className: 'preview-block' },
      element('div', {
        className: 'field-label',
        text: l10n.t('First rows as parsed'),
        attrs: { id: 'preview-caption' },
      }),
      element(
        'div',
        { className: 'preview-scroll', attrs: { tabindex: 0, 'aria-labelledby': 'preview-caption', role: 'region' } },
        this.previewTable,
      ),
    );
    this.taskSelect = element('select', { id: 'task', attrs: { name: 'task', 'aria-describedby': 'detected-task' } });
    this.taskSelect.addEventListener('input', () => onChange());
    this.taskBlock = element(
      'div',
      { className: 'field task-field' },
      element('label', { text: l10n.t('Task'), attrs: { for: 'task' } }),
      this.taskSelect,
    );
    this.columnsBlock = element(
      'fieldset',
      { className: 'subsection', attrs: { id: 'columns' } },
      element('legend', { text: l10n.t('Columns') }),
      this.columnRoles,
      this.switches.root,
    );
    this.sizesBlock = element(
      'div',
      { className: 'facts', attrs: { 'aria-live': 'polite' } },
      this.sizes,
      this.balance,
    );
  }

  setDataset(label: string | null): void {
    setText(this.datasetName, label ?? l10n.t('no file chosen'));
  }

  setTasks(tasks: FormTask[], chosen: string | null): void {
    this.tasks = tasks;
    this.taskSelect.replaceChildren(
      element('option', { text: l10n.t('detected'), attrs: { value: '' } }),
      ...tasks.map((t) => element('option', { text: t.displayName, attrs: { value: t.id } })),
    );
    this.taskSelect.value = chosen ?? '';
  }

  /** The task chosen, or null for the detected one. */
  get chosenTask(): string | null {
    return this.taskSelect.value === '' ? null : this.taskSelect.value;
  }

  setColumns(columns: FormColumns): void {
    this.chosen = { ...columns };
    this.switches.setChosen(columns);
    this.rolesDrawn = '';
    this.renderRoles();
  }

  /** The columns chosen for the roles the current task reads. */
  chosenColumns(): FormColumns {
    const result: Record<string, unknown> = {};
    for (const role of this.roles) {
      const value = this.chosen[role.override];
      if (value !== undefined) result[role.override] = value;
    }
    return { ...(result as FormColumns), ...this.switches.chosenOverrides() };
  }

  /** The column roles and switches of the task the run trains (a changed task shows its own at once). */
  setRoles(roles: readonly ColumnRole[], switches: readonly ReadingSwitch[] = []): void {
    this.roles = roles;
    this.renderRoles();
    this.switches.setSwitches(switches);
  }

  /** Redraws from a description: preview, detected task, column choices, sizes and balance. */
  describe(description: DatasetDescription): void {
    const s = description.summary;
    const detectedName = this.tasks.find((t) => t.id === s.task)?.displayName ?? s.task;
    const detectedOption = this.taskSelect.options[0];
    if (detectedOption) setText(detectedOption, l10n.t('detected: {0}', detectedName));
    setText(
      this.detected,
      this.chosenTask === null
        ? l10n.t('Detected: {0} — {1}', detectedName, s.reason)
        : l10n.t('Training: {0} — {1}', detectedName, s.reason),
    );
    this.renderPreview(description);
    this.columns = description.preview?.columns ?? [];
    this.detectedColumns = s.columns;
    this.renderRoles();
    this.switches.describe(description);
    const { unit, train, validation, total } = s.sizes;
    setText(
      this.sizes,
      l10n.t(
        '{0} {1}: {2} train, {3} validation',
        formatInteger(total),
        unit,
        formatInteger(train),
        formatInteger(validation),
      ) +
        (s.vocabularySize ? l10n.t(' · vocabulary {0}', formatInteger(s.vocabularySize)) : '') +
        (s.sequenceLengths
          ? l10n.t(
              ' · tokens per text: mean {0}, {1} ≤ {2}',
              formatInteger(s.sequenceLengths.mean),
              formatPercent(0.95, 0),
              formatInteger(s.sequenceLengths.p95),
            )
          : ''),
    );
    setText(
      this.balance,
      s.classBalance
        ? l10n.t(
            'Classes (train): {0}',
            s.classBalance.train.map((c) => `${c.label} ${formatPercent(c.share, 0)}`).join(', '),
          )
        : s.warnings.length
          ? l10n.t('Note: {0}', s.warnings.join('; '))
          : '',
    );
  }

  private renderPreview(description: DatasetDescription): void {
    const preview = description.preview;
    if (!preview) return this.previewTable.replaceChildren();
    if (preview.columns.length === 0) {
      this.previewTable.replaceChildren(
        element('tbody', {}, ...(preview.lines ?? []).map((line) => element('tr', {}, element('td', { text: line })))),
      );
      return;
    }
    const head = element(
      'tr',
      {},
      ...preview.columns.map((c) =>
        element(
          'th',
          { attrs: { scope: 'col' } },
          element('span', { text: c.name }),
          element('span', { className: `type type-${c.type}`, text: columnTypeWord(c.type) }),
        ),
      ),
    );
    const body = preview.rows.map((row) =>
      element('tr', {}, ...row.map((cell) => element('td', { text: cell, title: cell }))),
    );
    this.previewTable.replaceChildren(element('thead', {}, head), element('tbody', {}, ...body));
  }

  private renderRoles(): void {
    const drawn = JSON.stringify([this.roles, this.columns]);
    if (drawn === this.rolesDrawn) return;
    this.rolesDrawn = drawn;
    const blocks = this.roles.map((role) => (role.multiple ? this.multipleRole(role) : this.singleRole(role)));
    this.columnRoles.replaceChildren(...blocks);
    this.columnsBlock.hidden = this.roles.length === 0;
  }

  /** Columns in the order the role prefers (its kind first), the file's order within each group. */
  private ordered(role: ColumnRole): PreviewColumn[] {
    if (role.prefers === 'any') return this.columns;
    const fits = (c: PreviewColumn) =>
      role.prefers === 'text'
        ? c.type === 'text'
        : role.prefers === 'label'
          ? c.type === 'label'
          : c.type === role.prefers;
    return [...this.columns.filter(fits), ...this.columns.filter((c) => !fits(c))];
  }

  private singleRole(role: ColumnRole): HTMLElement {
    const id = `column-${role.override}`;
    const detected = DETECTED[role.override](this.detectedColumns);
    const select = element('select', { id, attrs: { name: role.override } });
    select.append(
      element('option', {
        text: typeof detected === 'string' ? l10n.t('detected: {0}', detected) : l10n.t('detected'),
        attrs: { value: '' },
      }),
    );
    if (role.optional) select.append(element('option', { text: l10n.t('(none)'), attrs: { value: '\u0000none' } }));
    for (const column of this.ordered(role))
      select.append(
        element('option', { text: `${column.name} (${columnTypeWord(column.type)})`, attrs: { value: column.name } }),
      );
    const value = this.chosen[role.override];
    select.value = value === null ? '\u0000none' : typeof value === 'string' ? value : '';
    select.addEventListener('input', () => {
      const picked = select.value;
      const chosen = this.chosen as Record<string, unknown>;
      if (picked === '') delete chosen[role.override];
      else chosen[role.override] = picked === '\u0000none' ? null : picked;
      this.onChange();
    });
    return element('div', { className: 'field' }, element('label', { text: role.label, attrs: { for: id } }), select);
  }

  private multipleRole(role: ColumnRole): HTMLElement {
    const chosen = this.chosen[role.override];
    const picked = new Set(Array.isArray(chosen) ? chosen : []);
    const detected = DETECTED[role.override](this.detectedColumns);
    const boxes = this.ordered(role).map((column, k) => {
      const id = `column-${role.override}-${k}`;
      const box = element('input', { id, attrs: { type: 'checkbox', value: column.name } });
      box.checked = picked.has(column.name);
      box.addEventListener('change', () => {
        if (box.checked) picked.add(column.name);
        else picked.delete(column.name);
        const chosenColumns = this.chosen as Record<string, unknown>;
        if (picked.size === 0) delete chosenColumns[role.override];
        else chosenColumns[role.override] = this.columns.map((c) => c.name).filter((name) => picked.has(name));
        this.onChange();
      });
      return element('label', { className: 'check', attrs: { for: id } }, box, ` ${column.name}`);
    });
    return element(
      'fieldset',
      { className: 'checks', attrs: { id: `column-${role.override}` } },
      element('legend', {
        text: Array.isArray(detected)
          ? l10n.t('{0} (none ticked: detected {1})', role.label, detected.join(', '))
          : role.label,
      }),
      ...boxes,
    );
  }
}

/** What detection found a column holds (src/protocol/worker-messages.ts), as a person reads it. */
function columnTypeWord(type: 'numeric' | 'date' | 'label' | 'text'): string {
  switch (type) {
    case 'numeric':
      return l10n.t('numeric');
    case 'date':
      return l10n.t('date');
    case 'label':
      return l10n.t('label');
    case 'text':
      return l10n.t('text');
  }
}
