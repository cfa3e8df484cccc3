// Numbers for people in the display language's formats (src/extension/display-format.ts).
import {
  capitalize,
  formatFixed,
  formatInteger,
  formatMetricValue,
  formatSignificant,
  setDisplayLocale,
  usableLocale,
} from '../../../src/extension/display-format';

describe('display-format', () => {
  afterEach(() => setDisplayLocale(undefined));

  it('writes German numbers the German way', () => {
    expect(formatFixed(1234.5, 1, 'de')).toBe('1.234,5');
    expect(formatInteger(1234567, 'de')).toBe('1.234.567');
    expect(formatSignificant(0.314159, 4, 'de')).toBe('0,3142');
    expect(formatMetricValue(0.8125, 'percent', 'de')).toBe('81,3 %');
  });

  it('writes English numbers the English way', () => {
    expect(formatFixed(1234.5, 1, 'en')).toBe('1,234.5');
    expect(formatInteger(6400, 'en')).toBe('6,400');
    expect(formatFixed(0.41234, 3, 'en')).toBe('0.412');
    expect(formatMetricValue(0.45213, 'decimal', 'en')).toBe('0.4521');
    expect(formatInteger(Number.NaN, 'en')).toBe('—');
  });

  it('follows the display language activation installs', () => {
    setDisplayLocale('de');
    expect(formatFixed(1234.5, 1)).toBe('1.234,5');
    setDisplayLocale('en');
    expect(formatFixed(1234.5, 1)).toBe('1,234.5');
  });

  it("accepts VS Code's language tags, and falls back to the runtime's for one Intl refuses", () => {
    expect(usableLocale('zh-cn')).toBe('zh-CN');
    expect(usableLocale('qps-ploc')).toBe('qps-Ploc');
    expect(usableLocale('not a locale')).toBeUndefined();
    setDisplayLocale('not a locale');
    expect(formatInteger(12)).toBe('12');
  });

  it('capitalises by the display language', () => {
    expect(capitalize('language model')).toBe('Language model');
    expect(capitalize('istanbul', 'tr')).toBe('İstanbul');
  });
});
