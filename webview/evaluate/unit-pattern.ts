/**
 * The Units tab's pattern form read into an `InputPattern`, checked before it is sent (the host checks
 * again): a regular expression must compile with the `u` flag the worker uses, a column condition needs a
 * number. Pure, plus the presets a text model offers and a pattern's name for the results' caption.
 */

import type { InputPattern } from '../../src/protocol/evaluate-view';
import * as l10n from '../shared/l10n';

export type PatternKind = InputPattern['kind'];

export interface PatternForm {
  kind: PatternKind;
  regex: string;
  ignoreCase: boolean;
  label: string;
  column: string;
  op: string;
  value: string;
}

export type PatternParse = { ok: true; pattern: InputPattern } | { ok: false; message: string };

const OPS = ['>', '<', '>=', '<='] as const;
type ColumnOp = (typeof OPS)[number];

/** Regular expressions a text model's user reaches for first. */
export const REGEX_PRESETS: ReadonlyArray<{ name: () => string; source: string }> = [
  { name: () => l10n.t('inside quotes'), source: '"[^"\\n]*"' },
  { name: () => l10n.t('after a newline'), source: '(?<=\\n)[^\\n]' },
  { name: () => l10n.t('digits'), source: '[0-9]+' },
  { name: () => l10n.t('inside parentheses'), source: '\\([^()]*\\)' },
];

export function readPattern(form: PatternForm): PatternParse {
  switch (form.kind) {
    case 'regex': {
      if (form.regex === '') return { ok: false, message: l10n.t('Type a regular expression (or pick a preset).') };
      try {
        new RegExp(form.regex, form.ignoreCase ? 'ui' : 'u');
      } catch (error) {
        return { ok: false, message: l10n.t('The regular expression is not valid: {0}', (error as Error).message) };
      }
      return { ok: true, pattern: { kind: 'regex', source: form.regex, ignoreCase: form.ignoreCase } };
    }
    case 'position-in-line':
      return { ok: true, pattern: { kind: 'position-in-line' } };
    case 'label':
      if (form.label === '') return { ok: false, message: l10n.t('Choose a label.') };
      return { ok: true, pattern: { kind: 'label', label: form.label } };
    case 'column': {
      if (form.column === '') return { ok: false, message: l10n.t('Choose a column.') };
      if (!(OPS as readonly string[]).includes(form.op)) return { ok: false, message: l10n.t('Choose a comparison.') };
      const value = Number(form.value.trim().replace(',', '.'));
      if (form.value.trim() === '' || !Number.isFinite(value)) {
        return { ok: false, message: l10n.t('"{0}" is not a number to compare {1} with.', form.value, form.column) };
      }
      return { ok: true, pattern: { kind: 'column', column: form.column, op: form.op as ColumnOp, value } };
    }
  }
}

/** `/"[^"\n]*"/i`, `position in line`, `label "spam"`, `temperature > 20`. */
export function describePattern(pattern: InputPattern): string {
  switch (pattern.kind) {
    case 'regex':
      return `/${pattern.source}/${pattern.ignoreCase ? 'i' : ''}`;
    case 'position-in-line':
      return l10n.t('position in line');
    case 'label':
      return l10n.t('label "{0}"', pattern.label);
    case 'column':
      return `${pattern.column} ${pattern.op} ${pattern.value}`;
  }
}
