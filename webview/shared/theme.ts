/**
 * Theme colours for canvas drawing. CSS can use `var(--vscode-…)` directly, but a canvas needs concrete
 * colour strings, so panels read the variables with getComputedStyle — at startup and again whenever
 * VS Code switches theme (it changes the `vscode-light` / `vscode-dark` / `vscode-high-contrast` class of
 * `<body>` and rewrites the variables on `<html>`).
 */

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface ThemeColors {
  kind: ThemeKind;
  /** Page text and background (`--vscode-foreground`, `--vscode-editor-background`). */
  foreground: string;
  background: string;
  /** Secondary text: axis titles, notes. */
  descriptionForeground: string;
  /** Chart text (ticks, legend) and lines (axes); `grid` is a fainter version of `chartLines`. */
  chartForeground: string;
  chartLines: string;
  grid: string;
  blue: string;
  orange: string;
  green: string;
  red: string;
  purple: string;
  yellow: string;
  /** Hover tooltips, like the editor's hover widget. */
  tooltipBackground: string;
  tooltipForeground: string;
  tooltipBorder: string;
  /** The keyboard focus outline (`--vscode-focusBorder`; in high contrast `--vscode-contrastActiveBorder`). */
  focusBorder: string;
  fontFamily: string;
  /** In CSS pixels. */
  fontSize: number;
}

/** VS Code's Dark Modern / Light Modern values, used when a variable is missing (e.g. outside VS Code). */
const FALLBACKS: Record<'dark' | 'light', Record<string, string>> = {
  dark: {
    foreground: '#cccccc',
    'editor-background': '#1f1f1f',
    descriptionForeground: '#9d9d9d',
    'charts-foreground': '#cccccc',
    'charts-lines': 'rgba(204, 204, 204, 0.5)',
    'charts-blue': '#3794ff',
    'charts-orange': '#d18616',
    'charts-green': '#89d185',
    'charts-red': '#f14c4c',
    'charts-purple': '#b180d7',
    'charts-yellow': '#cca700',
    'editorHoverWidget-background': '#202020',
    'editorHoverWidget-foreground': '#cccccc',
    'editorHoverWidget-border': '#454545',
    focusBorder: '#0078d4',
  },
  light: {
    foreground: '#3b3b3b',
    'editor-background': '#ffffff',
    descriptionForeground: '#3b3b3b',
    'charts-foreground': '#616161',
    'charts-lines': 'rgba(97, 97, 97, 0.5)',
    'charts-blue': '#1a85ff',
    'charts-orange': '#d18616',
    'charts-green': '#388a34',
    'charts-red': '#e51400',
    'charts-purple': '#652d90',
    'charts-yellow': '#bf8803',
    'editorHoverWidget-background': '#f8f8f8',
    'editorHoverWidget-foreground': '#3b3b3b',
    'editorHoverWidget-border': '#c8c8c8',
    focusBorder: '#005fb8',
  },
};

const DEFAULT_FONT = '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif';

export function themeKind(body: HTMLElement = document.body): ThemeKind {
  const attribute = body.getAttribute('data-vscode-theme-kind');
  const classes = body.classList;
  if (attribute === 'vscode-high-contrast-light' || classes.contains('vscode-high-contrast-light'))
    return 'high-contrast-light';
  if (attribute === 'vscode-high-contrast' || classes.contains('vscode-high-contrast')) return 'high-contrast';
  if (attribute === 'vscode-light' || classes.contains('vscode-light')) return 'light';
  return 'dark';
}

export function readThemeColors(): ThemeColors {
  const kind = themeKind();
  const style = getComputedStyle(document.documentElement);
  const fallbacks = FALLBACKS[kind === 'light' || kind === 'high-contrast-light' ? 'light' : 'dark'];
  const read = (name: string): string => style.getPropertyValue(`--vscode-${name}`).trim() || fallbacks[name] || '';
  const highContrast = kind === 'high-contrast' || kind === 'high-contrast-light';
  const chartLines = read('charts-lines');
  const fontSize = Number.parseFloat(style.getPropertyValue('--vscode-font-size'));
  return {
    kind,
    foreground: read('foreground'),
    background: read('editor-background'),
    descriptionForeground: read('descriptionForeground'),
    chartForeground: read('charts-foreground'),
    chartLines,
    // High contrast themes want every line visible; elsewhere the grid recedes behind the data.
    grid: highContrast ? chartLines : withAlpha(chartLines, 0.35),
    blue: read('charts-blue'),
    orange: read('charts-orange'),
    green: read('charts-green'),
    red: read('charts-red'),
    purple: read('charts-purple'),
    yellow: read('charts-yellow'),
    tooltipBackground: read('editorHoverWidget-background'),
    tooltipForeground: read('editorHoverWidget-foreground'),
    tooltipBorder: read('editorHoverWidget-border'),
    focusBorder:
      (highContrast && style.getPropertyValue('--vscode-contrastActiveBorder').trim()) || read('focusBorder'),
    fontFamily: style.getPropertyValue('--vscode-font-family').trim() || DEFAULT_FONT,
    fontSize: Number.isFinite(fontSize) && fontSize > 0 ? fontSize : 13,
  };
}

/**
 * Calls `onChange` (once per animation frame at most) when VS Code switches theme. Returns a function
 * that stops watching.
 */
export function watchTheme(onChange: () => void): () => void {
  let pending = 0;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      onChange();
    });
  });
  observer.observe(document.body, {
    attributes: true,
    attributeFilter: ['class', 'data-vscode-theme-kind', 'data-vscode-theme-id'],
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => {
    observer.disconnect();
    if (pending) cancelAnimationFrame(pending);
  };
}

/**
 * `color` with its opacity multiplied by `alpha`, as `rgba(…)`. Understands `#rgb`, `#rgba`, `#rrggbb`,
 * `#rrggbbaa`, `rgb(…)` and `rgba(…)` (comma or space separated); anything else comes back unchanged.
 */
export function withAlpha(color: string, alpha: number): string {
  const rgba = parseColor(color);
  if (!rgba) return color;
  const [r, g, b, a] = rgba;
  return `rgba(${r}, ${g}, ${b}, ${round(a * alpha)})`;
}

export function parseColor(color: string): [number, number, number, number] | null {
  const text = color.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(text);
  if (hex) {
    let digits = hex[1];
    if (digits.length === 3 || digits.length === 4) digits = [...digits].map((d) => d + d).join('');
    if (digits.length !== 6 && digits.length !== 8) return null;
    const channel = (k: number) => Number.parseInt(digits.slice(2 * k, 2 * k + 2), 16);
    return [channel(0), channel(1), channel(2), digits.length === 8 ? round(channel(3) / 255) : 1];
  }
  const functional = /^rgba?\(([^)]*)\)$/.exec(text);
  if (functional) {
    const parts = functional[1].split(/[\s,/]+/).filter(Boolean);
    if (parts.length < 3) return null;
    const channels = parts
      .slice(0, 3)
      .map((p) => (p.endsWith('%') ? (Number.parseFloat(p) * 255) / 100 : Number.parseFloat(p)));
    const alphaPart = parts[3];
    const alpha =
      alphaPart === undefined
        ? 1
        : alphaPart.endsWith('%')
          ? Number.parseFloat(alphaPart) / 100
          : Number.parseFloat(alphaPart);
    if ([...channels, alpha].some((v) => !Number.isFinite(v))) return null;
    return [Math.round(channels[0]), Math.round(channels[1]), Math.round(channels[2]), alpha];
  }
  return null;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
