/**
 * The panels speak the display language: `l10n.t` finds a message in the bundle the host wrote into the
 * page and fills its placeholders, falls back to the English message when the bundle lacks it, and the
 * shared formatters write numbers the display language's way (`1.234,5` in German).
 */

import { afterEach, describe, expect, it } from 'vitest';
import { escapeForScriptElement, pageL10nElement } from '../../../src/extension/page-l10n';
import {
  formatFixed,
  formatInteger,
  formatMetric,
  formatPercent,
  formatRate,
  formatSignificant,
} from '../../../webview/shared/format';
import * as l10n from '../../../webview/shared/l10n';

afterEach(() => l10n.setPageL10n(undefined));

/** The JSON inside the element the host writes, as the page's `textContent` would give it. */
function dataBlock(html: string): string {
  return /<script type="application\/json" id="l10n" nonce="n">(.*)<\/script>$/s.exec(html)![1];
}

describe('l10n.t', () => {
  it('is the English message with its placeholders filled when there is no bundle', () => {
    expect(l10n.t('Stop training')).toBe('Stop training');
    expect(l10n.t('Epoch {0} of {1}', 3, 10)).toBe('Epoch 3 of 10');
    expect(l10n.t('{1} before {0}', 'a', 'b')).toBe('b before a');
    expect(l10n.t('{0} and {2}', 'x')).toBe('x and {2}');
    expect(l10n.t({ message: 'Step {0}', args: [7], comment: 'a training step' })).toBe('Step 7');
  });

  it('looks the message up in the bundle and fills the translation', () => {
    l10n.setPageL10n({ language: 'de', bundle: { 'Epoch {0} of {1}': 'Epoche {0} von {1}', Stop: 'Anhalten' } });
    expect(l10n.t('Epoch {0} of {1}', 3, 10)).toBe('Epoche 3 von 10');
    expect(l10n.t('Stop')).toBe('Anhalten');
    expect(l10n.t('Not in the bundle {0}', 1)).toBe('Not in the bundle 1');
    expect(l10n.displayLanguage()).toBe('de');
  });

  it('reads what the host wrote into the page, a translation holding </script> included', () => {
    const bundle = { 'Loss {0}': 'Verlust {0} </script><script>alert(1)</script>', 'Mean & max': '<!-- Mittel' };
    const html = pageL10nElement('de', bundle, 'n');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).not.toContain('<!--');
    const page = l10n.parsePageL10n(dataBlock(html));
    expect(page).toEqual({ language: 'de', bundle });
    l10n.setPageL10n(page);
    expect(l10n.t('Loss {0}', 2)).toBe('Verlust 2 </script><script>alert(1)</script>');
  });

  it('takes a page without a bundle (English) or with a broken one as English', () => {
    expect(l10n.parsePageL10n(dataBlock(pageL10nElement('en', undefined, 'n')))).toEqual({
      language: 'en',
      bundle: {},
    });
    expect(l10n.parsePageL10n(undefined)).toEqual({ language: 'en', bundle: {} });
    expect(l10n.parsePageL10n('{not json')).toEqual({ language: 'en', bundle: {} });
    expect(l10n.parsePageL10n('{"language":"no such tag!","bundle":{"a":"b","c":3}}')).toEqual({
      language: 'en',
      bundle: { a: 'b' },
    });
    expect(l10n.parsePageL10n('{"language":"qps-ploc","bundle":null}')).toEqual({ language: 'qps-ploc', bundle: {} });
  });

  it('escapes only what could end the script element, so the JSON parses to the same values', () => {
    const json = JSON.stringify({ s: '</script> & <!-- \u2028' });
    expect(escapeForScriptElement(json)).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(escapeForScriptElement(json))).toEqual(JSON.parse(json));
  });
});

describe('formats in the display language', () => {
  it('writes English numbers the English way', () => {
    l10n.setPageL10n({ language: 'en', bundle: {} });
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect(formatFixed(1234.5, 1)).toBe('1,234.5');
    expect(formatPercent(0.93125)).toBe('93.1%');
    expect(formatMetric('accuracy', 0.93125)).toBe('93.1%');
    expect(formatSignificant(12345.67, 4)).toBe('12350');
    expect(formatSignificant(0.000123456, 3)).toBe('0.000123');
    expect(formatSignificant(1.23456e-7, 3)).toBe('1.23e-7');
    expect(formatSignificant(2.5e6, 4)).toBe('2.5e+6');
    expect(formatRate(3.14159)).toBe('3.1');
  });

  it('writes German numbers the German way', () => {
    l10n.setPageL10n({ language: 'de', bundle: {} });
    expect(formatInteger(1234567)).toBe('1.234.567');
    expect(formatFixed(1234.5, 1)).toBe('1.234,5');
    expect(formatPercent(0.93125)).toBe('93,1\u00a0%');
    expect(formatMetric('mae', 12.34567)).toBe('12,35');
    expect(formatSignificant(12345.67, 4)).toBe('12350');
    expect(formatSignificant(1.23456e-7, 3)).toBe('1,23e-7');
    expect(formatRate(3.14159)).toBe('3,1');
  });
});
