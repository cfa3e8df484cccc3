/**
 * Small DOM helpers for panels that build their whole page from script (the HTML shell has only
 * `<div id="app">`). Nothing here writes a `style` attribute or an inline handler: the panels run under
 * a strict Content-Security-Policy (DESIGN.md §6).
 */

type Child = Node | string | null | undefined | false;

export interface ElementProps {
  id?: string;
  className?: string;
  text?: string;
  title?: string;
  /** Plain attributes (`type`, `role`, `aria-*`, `data-*`, …); `false`/`undefined` leave one out. */
  attrs?: Record<string, string | number | boolean | undefined>;
}

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.id) node.id = props.id;
  if (props.className) node.className = props.className;
  if (props.title) node.title = props.title;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Sets text only when it changed, so frequent updates do not dirty layout for nothing. */
export function setText(node: Element, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/** Sets (or, with `null`, removes) an attribute only when it changed. */
export function setAttribute(node: Element, name: string, value: string | null): void {
  if (value === null) {
    if (node.hasAttribute(name)) node.removeAttribute(name);
  } else if (node.getAttribute(name) !== value) {
    node.setAttribute(name, value);
  }
}

/**
 * One of VS Code's own icons (`@vscode/codicons`, its font and stylesheet shipped with the panels):
 * `codicon('debug-pause')`. Decorative: the button or link it sits in carries the words.
 */
export function codicon(name: string): HTMLSpanElement {
  return element('span', { className: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

/** Shows or hides an element through the `hidden` attribute (styled `display: none`). */
export function setVisible(node: HTMLElement, visible: boolean): void {
  if (node.hidden === visible) node.hidden = !visible;
}
