/**
 * What lets an Evaluate panel survive a window reload: the host's own record of which checkpoint and which
 * data each panel shows, in the workspace's state, under an opaque key. The webview's saved state carries
 * only that key (and its tab); on a reload the serializer looks the key up here and reopens the session for
 * the recorded checkpoint and data. A path is never taken from the webview: a key it made up, or one of a
 * record since dropped, finds nothing.
 *
 * Records are not deleted when a panel closes (a window reload may dispose panels too, and the record must
 * outlive that): the store keeps the `MAX_PANEL_RECORDS` most recently used and drops older ones.
 */

import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { EvaluateTab, EvaluationData } from '../protocol/evaluate-view';
import { object, oneOf, optional, string, validate, type Validator } from '../protocol/message-validation';

/** The workspace state key of the records. */
export const PANEL_RECORDS_KEY = 'lstmStudio.evaluatePanels';
/** Records kept (more Evaluate panels than this open at one reload are not all restored). */
export const MAX_PANEL_RECORDS = 32;
/** A key is a UUID: 36 characters. */
const KEY_LENGTH = 36;

export interface PanelRecord {
  checkpointPath: string;
  data: EvaluationData;
}

interface StoredRecord extends PanelRecord {
  /** Milliseconds since the epoch of the last time a panel used it (the oldest go first). */
  usedAt: number;
}

/** The part of `vscode.Memento` the records use (a fake in tests). */
export interface RecordMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** A fresh opaque key for a panel. */
export function newPanelKey(): string {
  return randomUUID();
}

export class EvaluatePanelRecords {
  constructor(
    private readonly memento: RecordMemento,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records (or refreshes) what the panel of `key` shows. */
  async remember(key: string, record: PanelRecord): Promise<void> {
    const records = { ...this.all(), [key]: { ...record, usedAt: this.now() } };
    const kept = Object.entries(records)
      .sort(([, a], [, b]) => b.usedAt - a.usedAt)
      .slice(0, MAX_PANEL_RECORDS);
    await this.memento.update(PANEL_RECORDS_KEY, Object.fromEntries(kept));
  }

  /** What the panel of `key` showed, if the host recorded it. */
  recall(key: string): PanelRecord | undefined {
    const stored = Object.hasOwn(this.all(), key) ? this.all()[key] : undefined;
    if (!stored || typeof stored.checkpointPath !== 'string') return undefined;
    const data = stored.data;
    if (data?.kind === 'validation') return { checkpointPath: stored.checkpointPath, data: { kind: 'validation' } };
    if (data?.kind === 'file' && typeof data.path === 'string')
      return { checkpointPath: stored.checkpointPath, data: { kind: 'file', path: data.path } };
    return undefined;
  }

  private all(): Record<string, StoredRecord> {
    const stored = this.memento.get<Record<string, StoredRecord>>(PANEL_RECORDS_KEY);
    return stored && typeof stored === 'object' ? stored : {};
  }
}

/** The state the Evaluate webview saves: its tab and the opaque key the host gave it (checked like a message). */
export interface PersistedEvaluatePanel {
  tab?: EvaluateTab;
  key?: string;
}

export const persistedEvaluatePanel: Validator<PersistedEvaluatePanel> = object({
  tab: optional(oneOf(['errors', 'units', 'search', 'projection', 'ablation'])),
  key: optional(string({ maxLength: KEY_LENGTH, pattern: /^[0-9a-f-]+$/, describe: 'a panel key' })),
});

/**
 * What a webview's saved state restores: the host's record under its key, if the checkpoint (and the data
 * file) are still files; else a one-line reason why nothing is restored.
 */
export async function restorablePanel(
  records: Pick<EvaluatePanelRecords, 'recall'>,
  persisted: unknown,
): Promise<({ key: string } & PanelRecord) | string> {
  const state = validate(persistedEvaluatePanel, persisted ?? {});
  if (!state.ok) return `the saved state is not the panel's (${state.reason})`;
  const key = state.value.key;
  if (!key) return 'the saved state has no panel key';
  const record = records.recall(key);
  if (!record) return `no record of panel ${key}`;
  if (!(await isFile(record.checkpointPath))) return `${record.checkpointPath} no longer exists`;
  if (record.data.kind === 'file' && !(await isFile(record.data.path))) return `${record.data.path} no longer exists`;
  return { key, ...record };
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
