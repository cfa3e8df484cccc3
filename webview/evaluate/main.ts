/**
 * The Evaluate view's bundle entry (`dist/webview/evaluate.js`): the header with its progress line, the
 * ARIA tab strip (Errors, Units, Search, Projection, Ablation; the arrow keys move between tabs), and the
 * page's one message listener, which hands each tab the messages meant for it (tab.ts says which).
 */

import type { EvaluatePanelToHost, EvaluateTab, HostToEvaluatePanel } from '../../src/protocol/evaluate-view';
import { element } from '../shared/dom';
import * as l10n from '../shared/l10n';
import { onHostMessage, vscodeApi } from '../shared/vscode-api';
import { createAblationTab } from './ablation-tab';
import { createErrorsTab } from './errors-tab';
import { EvaluateHeader } from './header';
import { createProjectionTab } from './projection-tab';
import { createSearchTab } from './search-tab';
import type { EvaluateTabFactory, EvaluateTabView } from './tab';
import { createUnitsTab } from './units-tab';
import { SHOW_TAB_EVENT } from './unit-handoff';

/** What the page keeps across a reload (the host sends the rest again on `ready`). */
interface PersistedEvaluateState {
  tab?: EvaluateTab;
  /** The host's opaque key of this panel's record (the checkpoint and data stay with the host). */
  key?: string;
}

const FACTORIES: EvaluateTabFactory[] = [
  createErrorsTab,
  createUnitsTab,
  createSearchTab,
  createProjectionTab,
  createAblationTab,
];

/** Which tab a result belongs to, by its type; errors go by request id to the tab that asked. */
const TAB_OF: Partial<Record<HostToEvaluatePanel['type'], EvaluateTab>> = {
  'loss-page': 'errors',
  residuals: 'errors',
  'match-results': 'search',
  'run-match': 'search',
  'unit-results': 'units',
  catalogue: 'units',
  projection: 'projection',
  ablation: 'ablation',
};

class EvaluatePage {
  private readonly api = vscodeApi<PersistedEvaluateState, EvaluatePanelToHost>();
  private readonly tabs: EvaluateTabView[];
  private readonly buttons = new Map<EvaluateTab, HTMLButtonElement>();
  private readonly panels = new Map<EvaluateTab, HTMLElement>();
  /** The tab that sent each request still waiting for its answer. */
  private readonly askedBy = new Map<number, EvaluateTab>();
  private readonly header: EvaluateHeader;
  private selected: EvaluateTab;

  constructor(root: HTMLElement) {
    this.header = new EvaluateHeader({
      onChooseData: () => this.api.postMessage({ type: 'choose-data' }),
      onCancel: () => this.api.postMessage({ type: 'cancel' }),
    });
    this.tabs = FACTORIES.map((create) => {
      let id: EvaluateTab | null = null;
      const tab = create((message) => {
        if ('requestId' in message && id) this.askedBy.set(message.requestId, id);
        this.api.postMessage(message);
      });
      id = tab.id;
      return tab;
    });
    this.selected = this.api.getState()?.tab ?? 'errors';
    const strip = element('div', {
      className: 'tab-strip',
      attrs: { role: 'tablist', 'aria-label': l10n.t('Evaluation views') },
    });
    const content = element('div', { className: 'tab-panels' });
    for (const tab of this.tabs) {
      const button = element('button', {
        id: `tab-${tab.id}`,
        className: 'tab',
        text: tab.title,
        attrs: { type: 'button', role: 'tab', 'aria-controls': `panel-${tab.id}` },
      });
      button.addEventListener('click', () => this.select(tab.id, false));
      button.addEventListener('keydown', (event) => this.onTabKey(event, tab.id));
      const panel = element(
        'div',
        { id: `panel-${tab.id}`, className: 'tab-panel', attrs: { role: 'tabpanel', 'aria-labelledby': button.id } },
        tab.element,
      );
      this.buttons.set(tab.id, button);
      this.panels.set(tab.id, panel);
      strip.append(button);
      content.append(panel);
    }
    root.classList.add('evaluate-panel');
    root.replaceChildren(this.header.root, strip, content);
    this.select(this.selected, false);
    // Nothing to show until the summary: the tabs wait under the progress line.
    strip.hidden = true;
    content.hidden = true;
    this.strip = strip;
    this.content = content;
    // A tab hands units to another (Units → Search, Ablation) and asks for that tab to be shown.
    content.addEventListener(SHOW_TAB_EVENT, (event) => {
      const tab = (event as CustomEvent<{ tab?: unknown }>).detail?.tab;
      if (this.tabs.some((t) => t.id === tab)) this.select(tab as EvaluateTab, false);
    });
    onHostMessage<HostToEvaluatePanel>((message) => this.receive(message));
    this.api.postMessage({ type: 'ready' });
  }

  private readonly strip: HTMLElement;
  private readonly content: HTMLElement;

  /** Left/Right (and Home/End) move between tabs and show the one reached (tabs with automatic activation). */
  private onTabKey(event: KeyboardEvent, from: EvaluateTab): void {
    const ids = this.tabs.map((t) => t.id);
    const at = ids.indexOf(from);
    const to =
      event.key === 'ArrowRight'
        ? (at + 1) % ids.length
        : event.key === 'ArrowLeft'
          ? (at - 1 + ids.length) % ids.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? ids.length - 1
              : -1;
    if (to < 0) return;
    event.preventDefault();
    this.select(ids[to], true);
  }

  private select(id: EvaluateTab, focus: boolean): void {
    this.selected = id;
    for (const [tabId, button] of this.buttons) {
      const selected = tabId === id;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
      this.panels.get(tabId)!.hidden = !selected;
    }
    if (focus) this.buttons.get(id)?.focus();
    this.api.setState({ ...this.api.getState(), tab: id });
    this.tabs.find((t) => t.id === id)?.shown?.();
  }

  private tab(id: EvaluateTab): EvaluateTabView | undefined {
    return this.tabs.find((t) => t.id === id);
  }

  private receive(message: HostToEvaluatePanel): void {
    switch (message.type) {
      case 'panel-key':
        this.api.setState({ ...this.api.getState(), key: message.key });
        return;
      case 'progress':
        this.header.showProgress(message.progress);
        return;
      case 'summary':
        this.header.showProgress(null);
        this.header.showSummary(message.summary);
        this.askedBy.clear();
        this.strip.hidden = false;
        this.content.hidden = false;
        for (const tab of this.tabs) tab.setSummary(message.summary);
        this.select(message.tab ?? this.selected, false);
        return;
      case 'error': {
        this.header.showProgress(null);
        const asker = message.requestId !== null ? this.askedBy.get(message.requestId) : undefined;
        if (message.requestId !== null) this.askedBy.delete(message.requestId);
        if (asker) this.tab(asker)?.receive(message);
        else this.header.showError(message.message);
        return;
      }
      default: {
        const id = TAB_OF[message.type];
        if (!id) return;
        if ('requestId' in message) this.askedBy.delete(message.requestId);
        // Results end the progress line of the request that made them; a Gates search starts one.
        if (message.type !== 'run-match') this.header.showProgress(null);
        if (message.type === 'run-match') this.select('search', false);
        this.tab(id)?.receive(message);
      }
    }
  }
}

const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
new EvaluatePage(root);
