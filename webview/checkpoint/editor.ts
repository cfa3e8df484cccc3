/**
 * The checkpoint editor's page: header, model card and history chart, tensor table, tensor detail. It
 * says `ready`, draws the host's `snapshot` (again when the file changes), and asks the host for
 * statistics (one tensor at a time, in table order, automatically for files up to AUTO_STATS_BYTES;
 * on request above that) and for a tensor's values when its row is clicked. View settings (filter,
 * sort, the open tensor) are kept with setState.
 */

import type { CheckpointOverview } from '../../src/protocol/checkpoint-overview';
import type {
  CheckpointAction,
  CheckpointEditorToHost,
  CheckpointSnapshot,
  CheckpointTask,
  HostToCheckpointEditor,
  TensorStatsResult,
} from '../../src/protocol/checkpoint-editor';
import { element } from '../shared/dom';
import { readThemeColors, watchTheme, type ThemeColors } from '../shared/theme';
import { onHostMessage, vscodeApi, type VsCodeApi } from '../shared/vscode-api';
import { renderError, renderModelCard } from './card-view';
import { heatmapPixelBudget } from './heatmap-layout';
import { HistoryChart } from './history-chart';
import { HeaderView } from './header-view';
import { redrawSparklines } from './sparkline';
import { DEFAULT_SORT } from './table-model';
import { TensorDetail } from './tensor-detail';
import { TensorTable, type StatsState, type TableViewSettings } from './tensor-table';
import * as l10n from '../shared/l10n';

/** Statistics are computed without asking when all tensors together are at most this large. */
export const AUTO_STATS_BYTES = 256 * 1024 * 1024;
const MAX_HEATMAP_CELLS = 512 * 512;

interface PersistedState extends TableViewSettings {
  selected: string | null;
}

type Pending = { kind: 'stats'; name: string } | { kind: 'values'; name: string };

export class CheckpointEditor {
  private readonly api: VsCodeApi<PersistedState, CheckpointEditorToHost>;
  private readonly header = new HeaderView((action) => this.runAction(action));
  private readonly main = element('main', { className: 'editor-main' });
  private theme: ThemeColors = readThemeColors();
  private settings: PersistedState;
  private snapshot: CheckpointSnapshot | null = null;
  private readonly states = new Map<string, StatsState>();
  private readonly results = new Map<string, TensorStatsResult>();
  private readonly pending = new Map<number, Pending>();
  private queue: string[] = [];
  private running = false;
  private nextRequestId = 1;
  private table: TensorTable | null = null;
  private history: HistoryChart | null = null;
  private detail: TensorDetail | null = null;

  constructor(root: HTMLElement) {
    this.api = vscodeApi<PersistedState, CheckpointEditorToHost>();
    const saved = this.api.getState();
    this.settings = {
      filter: typeof saved?.filter === 'string' ? saved.filter : '',
      showOptimizer: saved?.showOptimizer !== false,
      sort: saved?.sort && typeof saved.sort.key === 'string' ? saved.sort : DEFAULT_SORT,
      selected: typeof saved?.selected === 'string' ? saved.selected : null,
    };
    root.replaceChildren(element('div', { className: 'checkpoint-editor' }, this.header.root, this.main));
    this.main.append(element('p', { className: 'muted', text: l10n.t('Reading the header…') }));
    onHostMessage<HostToCheckpointEditor>((message) => this.onMessage(message));
    watchTheme(() => this.onTheme());
    let resizeTimer = 0;
    window.addEventListener('resize', () => {
      clearTimeout(resizeTimer);
      resizeTimer = window.setTimeout(() => this.detail?.redraw(this.theme), 150);
    });
    this.api.postMessage({ type: 'ready' });
  }

  private onMessage(message: HostToCheckpointEditor): void {
    switch (message.type) {
      case 'snapshot':
        return this.show(message.snapshot);
      case 'stats-progress': {
        const pending = this.pending.get(message.requestId);
        if (pending?.kind !== 'stats') return;
        const { done, total } = message.progress;
        this.setState(pending.name, { kind: 'running', fraction: total > 0 ? done / total : 0 });
        return;
      }
      case 'stats': {
        const pending = this.take(message.requestId);
        if (!pending) return;
        this.results.set(pending.name, message.result);
        this.setState(pending.name, { kind: 'done', stats: message.result.stats });
        if (this.detail?.row.name === pending.name) this.detail.setStats(message.result);
        return this.statsFinished();
      }
      case 'values': {
        const pending = this.take(message.requestId);
        if (pending && this.detail?.row.name === pending.name) this.detail.setValues(asFloat32(message.result));
        return;
      }
      case 'request-failed': {
        const pending = this.take(message.requestId);
        if (!pending) return;
        if (pending.kind === 'values') {
          if (this.detail?.row.name === pending.name) this.detail.setError(message.message);
          return;
        }
        this.setState(pending.name, { kind: 'failed', message: message.message });
        return this.statsFinished();
      }
    }
  }

  /** Draws a snapshot; a changed file (other tensors, other size) forgets every computed statistic. */
  private show(snapshot: CheckpointSnapshot): void {
    const changed = !this.snapshot || fingerprint(this.snapshot) !== fingerprint(snapshot);
    this.snapshot = snapshot;
    this.header.update(snapshot);
    if (!changed) return;
    this.states.clear();
    this.results.clear();
    // Answers still on their way describe the old file: they are dropped when they arrive.
    this.pending.clear();
    this.running = false;
    this.queue = [];
    this.history?.dispose();
    this.history = null;
    this.detail = null;
    this.table = null;
    this.main.replaceChildren();
    document.body.dataset.state = snapshot.error ? 'error' : 'loaded';
    if (snapshot.error || !snapshot.overview) {
      this.main.append(
        renderError(snapshot.fileName, snapshot.error ?? { code: 'io', message: l10n.t('the file could not be read') }),
      );
      return;
    }
    this.render(snapshot.overview, snapshot.task);
  }

  private render(overview: CheckpointOverview, task: CheckpointTask | null): void {
    const { card, tensors } = overview;
    for (const warning of card.warnings)
      this.main.append(element('div', { className: 'warning', attrs: { role: 'status' }, text: warning }));
    const top = element('div', { className: 'overview' }, renderModelCard(card, task?.title ?? null));
    if (card.history && (card.history.evaluations.length > 0 || card.history.epochs.length > 0)) {
      this.history = new HistoryChart(card.history, task?.headline ?? null);
      top.append(this.history.root);
    }
    this.main.append(top);
    for (const tensor of tensors) this.states.set(tensor.name, { kind: 'idle' });
    this.table = new TensorTable(tensors, this.states, this.settings, this.theme, {
      select: (name) => this.select(name),
      compute: (name) => this.enqueue([name], true),
      computeAll: () =>
        this.enqueue(
          tensors.map((t) => t.name),
          false,
        ),
      settingsChanged: (settings) => this.saveSettings(settings),
    });
    this.main.append(this.table.root);
    this.history?.draw(this.theme);
    const total = tensors.reduce((sum, t) => sum + t.bytes, 0);
    const automatic = total <= AUTO_STATS_BYTES;
    this.table.setComputeAllVisible(!automatic && tensors.length > 0);
    if (automatic)
      this.enqueue(
        tensors.map((t) => t.name),
        false,
      );
    const selected = this.settings.selected;
    if (selected && tensors.some((t) => t.name === selected)) this.select(selected, true);
  }

  /** Opens (or, clicked again, closes) a tensor's detail and asks for its values and statistics. */
  private select(name: string, restoring = false): void {
    const row = this.snapshot?.overview?.tensors.find((t) => t.name === name);
    if (!row || !this.table) return;
    if (this.detail?.row.name === name && !restoring) {
      this.detail = null;
      this.table.showDetail(null, null);
      this.saveSettings({ selected: null });
      return;
    }
    this.detail = new TensorDetail(row, this.theme);
    this.table.showDetail(name, this.detail.root);
    this.saveSettings({ selected: name });
    const { maxRows, maxCols } = heatmapPixelBudget(this.detail.mapWidth(), row.gates?.length ?? 1);
    this.request(
      { kind: 'values', name },
      { type: 'tensor-values', requestId: 0, tensorName: name, maxElements: MAX_HEATMAP_CELLS, maxRows, maxCols },
    );
    const result = this.results.get(name);
    if (result) this.detail.setStats(result);
    else this.enqueue([name], true);
  }

  /** Adds tensors to the statistics queue (at the front when the user asked for them). */
  private enqueue(names: string[], first: boolean): void {
    const wanted = names.filter((name) => {
      const kind = this.states.get(name)?.kind;
      return kind === 'idle' || kind === 'failed' || (first && kind === 'queued');
    });
    this.queue = first
      ? [...wanted, ...this.queue.filter((n) => !wanted.includes(n))]
      : [...this.queue, ...wanted.filter((n) => !this.queue.includes(n))];
    for (const name of wanted) this.setState(name, { kind: 'queued' });
    this.table?.setComputeAllVisible([...this.states.values()].some((s) => s.kind === 'idle'));
    this.pump();
  }

  /** One statistics request at a time: the worker is serial anyway, and a click can jump the queue. */
  private pump(): void {
    if (this.running) return;
    const name = this.queue.shift();
    if (name === undefined) return;
    this.running = true;
    this.setState(name, { kind: 'running', fraction: 0 });
    this.request({ kind: 'stats', name }, { type: 'tensor-stats', requestId: 0, tensorName: name });
  }

  private statsFinished(): void {
    this.running = false;
    this.pump();
  }

  private request(pending: Pending, message: Extract<CheckpointEditorToHost, { requestId: number }>): void {
    const requestId = this.nextRequestId++;
    this.pending.set(requestId, pending);
    this.api.postMessage({ ...message, requestId });
  }

  private take(requestId: number): Pending | undefined {
    const pending = this.pending.get(requestId);
    this.pending.delete(requestId);
    return pending;
  }

  private setState(name: string, state: StatsState): void {
    if (!this.states.has(name)) return;
    this.states.set(name, state);
    this.table?.updateStats(name);
  }

  private runAction(action: CheckpointAction): void {
    this.api.postMessage({ type: 'action', action });
  }

  private saveSettings(partial: Partial<PersistedState>): void {
    this.settings = { ...this.settings, ...partial };
    this.api.setState(this.settings);
  }

  private onTheme(): void {
    this.theme = readThemeColors();
    this.history?.draw(this.theme);
    this.table?.setTheme(this.theme);
    this.detail?.redraw(this.theme);
    redrawSparklines(this.main, this.theme);
  }
}

/** What identifies the file's content for the editor: size and tensor layout. */
function fingerprint(snapshot: CheckpointSnapshot): string {
  const tensors = snapshot.overview?.tensors.map((t) => `${t.name}:${t.dtype}:${t.shape.join('x')}`).join('|') ?? '';
  return `${snapshot.fileSize}|${snapshot.error?.message ?? ''}|${snapshot.overview?.card.step ?? ''}|${snapshot.overview?.card.created ?? ''}|${tensors}`;
}

/** Typed arrays arrive as typed arrays from VS Code ≥ 1.57; anything else (an older host) is converted. */
function asFloat32<T extends { values: Float32Array }>(result: T): T {
  return result.values instanceof Float32Array
    ? result
    : { ...result, values: Float32Array.from(Object.values(result.values as unknown as Record<string, number>)) };
}
