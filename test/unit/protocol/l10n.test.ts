/**
 * The translator of the modules that do not import `vscode` (src/protocol/l10n.ts): English by default,
 * the host's bundle once installed, and the same bundle handed to and taken up by a worker thread.
 */

import { afterEach, describe, expect, it } from 'vitest';
import {
  bundleTranslator,
  fillPlaceholders,
  installTranslator,
  installWorkerTranslator,
  t,
  workerL10nData,
} from '../../../src/protocol/l10n';

afterEach(() => installTranslator(fillPlaceholders));

describe('l10n for pure modules and workers', () => {
  it('is English with its placeholders filled until a translator is installed (the CLI)', () => {
    expect(t('line {0}: expected {1} columns', 12, 3)).toBe('line 12: expected 3 columns');
    expect(workerL10nData()).toEqual({});
  });

  it('the host installs vscode.l10n.t and the bundle; new workers get the bundle', () => {
    const bundle = { 'line {0}': 'Zeile {0}' };
    installTranslator((message, ...args) => `[${fillPlaceholders(message, ...args)}]`, bundle);
    expect(t('line {0}', 4)).toBe('[line 4]');
    expect(workerL10nData()).toEqual({ l10nBundle: bundle });
  });

  it('an English host (no bundle, or an empty one) sends nothing', () => {
    installTranslator(fillPlaceholders, {});
    expect(workerL10nData()).toEqual({});
  });

  it('a worker speaks the bundle it was sent, English for messages it lacks, and English when it was sent none', () => {
    installWorkerTranslator({
      cancelFlags: null,
      l10nBundle: { 'line {0}': 'Zeile {0}', "column '{0}'": "Spalte '{0}'" },
    });
    expect(t('line {0}', 7)).toBe('Zeile 7');
    expect(t("column '{0}'", 'price')).toBe("Spalte 'price'");
    expect(t('{0} more', 3)).toBe('3 more');
    installWorkerTranslator(undefined);
    expect(t('line {0}', 7)).toBe('line 7');
    installWorkerTranslator({ l10nBundle: 'not a bundle' });
    expect(t('line {0}', 7)).toBe('line 7');
  });

  it('a bundle entry that is not a string, or one inherited from Object.prototype, is not a translation', () => {
    const translate = bundleTranslator({ toString: 'x', odd: 5 } as unknown as Record<string, string>);
    expect(translate('odd')).toBe('odd');
    expect(translate('constructor')).toBe('constructor');
    expect(translate('toString')).toBe('x');
  });
});
