/**
 * One `.safetensors` file opened in the checkpoint editor. It holds the snapshot the webviews draw:
 * the header turned into a model card and a tensor table (read by the inference worker, header only, so
 * a 1 GB file opens in milliseconds and a 16 MiB header does not hold up the extension host; tensor data
 * is read there too, on demand), the actions that
 * apply, or the error that says why the file cannot be shown. It re-reads the header when the file
 * changes on disk (a `last.safetensors` is rewritten all through training) and says so.
 */

import * as vscode from 'vscode';
import { basename, dirname, join } from 'node:path';
import { stat } from 'node:fs/promises';
import type {
  CheckpointActions,
  CheckpointFileOverview,
  CheckpointSnapshot,
  CheckpointTask,
  TensorStatsResult,
} from '../protocol/checkpoint-editor';
import { isTaskId } from '../tasks/presentations';
import { taskWords } from './task-words';

/** Things the document asks of the rest of the extension. */
export interface CheckpointContext {
  /** True while a run is training in this folder (Resume makes no sense then). */
  isTraining(runDir: string): boolean;
  /**
   * The file's header as model card and tensor table, read off the host's thread (the inference worker's
   * `checkpoint-overview`). A file that cannot be read resolves to an error value; it rejects only when
   * the worker could not answer (it crashed, or was stopped under the request).
   */
  readOverview(path: string): Promise<CheckpointFileOverview>;
}

const RELOAD_DELAY_MS = 300;

export class CheckpointDocument implements vscode.CustomDocument {
  private current: CheckpointSnapshot;
  private readonly changed = new vscode.EventEmitter<CheckpointSnapshot>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  /** The run folder holding the file (it has a run.json), or null. */
  runDir: string | null = null;
  /**
   * Statistics the worker computed for this file, by tensor: a webview that was hidden (and so dropped)
   * or a second editor on the same file gets them at once. Emptied when the file changes (size or mtime).
   */
  readonly statistics = new Map<string, TensorStatsResult>();
  /** Size and modification time of the file when last read: what the cached statistics describe. */
  contentKey = '';

  /** A new snapshot after the file changed on disk. */
  readonly onDidChangeSnapshot = this.changed.event;

  static async open(uri: vscode.Uri, context: CheckpointContext): Promise<CheckpointDocument> {
    const document = new CheckpointDocument(uri, context);
    await document.reload();
    document.watch();
    return document;
  }

  private constructor(
    readonly uri: vscode.Uri,
    private readonly context: CheckpointContext,
  ) {
    this.current = emptySnapshot(uri);
  }

  get snapshot(): CheckpointSnapshot {
    return this.current;
  }

  /** Reads the header again; the actions are recomputed too (a run may have started or stopped). */
  async reload(): Promise<CheckpointSnapshot> {
    const uri = this.uri;
    if (uri.scheme !== 'file') {
      this.current = {
        ...emptySnapshot(uri),
        error: {
          code: 'io',
          message: vscode.l10n.t("only files on disk can be opened (this one is on '{0}:')", uri.scheme),
        },
      };
      return this.current;
    }
    const path = uri.fsPath;
    const key = await stat(path).then(
      (s) => `${s.size}:${s.mtimeMs}`,
      () => '',
    );
    if (key !== this.contentKey || key === '') this.statistics.clear();
    this.contentKey = key;
    const file = await this.readOverview(path);
    const folder = dirname(path);
    this.runDir = (await stat(join(folder, 'run.json')).then(
      (s) => s.isFile(),
      () => false,
    ))
      ? folder
      : null;
    this.current = {
      fileName: basename(path),
      path,
      fileSize: file.fileSize,
      headerBytes: file.headerBytes,
      openMs: file.openMs,
      overview: file.overview,
      error: file.error,
      actions: this.actions(file.overview),
      runName: this.runDir ? basename(this.runDir) : null,
      task: checkpointTask(file.overview),
    };
    return this.current;
  }

  /**
   * The worker's answer. A worker stopped under the request (the last editor closing stops a statistics
   * pass by stopping the worker, maybe while this file was being opened) is asked once more — the next
   * request starts a fresh one; if that fails too, the editor shows why in place.
   */
  private async readOverview(path: string): Promise<CheckpointFileOverview> {
    const started = performance.now();
    try {
      return await this.context.readOverview(path).catch(() => this.context.readOverview(path));
    } catch (error) {
      return {
        fileSize: 0,
        headerBytes: 0,
        openMs: performance.now() - started,
        overview: null,
        error: {
          code: 'io',
          message: vscode.l10n.t('the header could not be read: {0}', (error as Error).message),
        },
      };
    }
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }

  private actions(overview: CheckpointSnapshot['overview']): CheckpointActions {
    const card = overview?.card;
    const usable = card?.kind === 'studio' && card.dataset !== null;
    return {
      inspectGates: usable,
      predict: usable,
      evaluate: usable,
      resumeTraining:
        card?.kind === 'studio' &&
        card.hasTrainerState &&
        basename(this.uri.fsPath) === 'last.safetensors' &&
        this.runDir !== null &&
        !this.context.isTraining(this.runDir),
      revealRun: this.runDir !== null,
      exportPyTorch: card?.kind === 'studio',
    };
  }

  private watch(): void {
    if (this.uri.scheme !== 'file') return;
    const pattern = new vscode.RelativePattern(vscode.Uri.file(dirname(this.uri.fsPath)), basename(this.uri.fsPath));
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    // Writers rename a finished temp file over the target, which some platforms report as delete + create.
    const schedule = () => {
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(
        () => void this.reload().then((snapshot) => this.changed.fire(snapshot)),
        RELOAD_DELAY_MS,
      );
    };
    this.disposables.push(
      watcher,
      watcher.onDidChange(schedule),
      watcher.onDidCreate(schedule),
      watcher.onDidDelete(schedule),
    );
  }
}

function emptySnapshot(uri: vscode.Uri): CheckpointSnapshot {
  return {
    fileName: basename(uri.path),
    path: uri.scheme === 'file' ? uri.fsPath : uri.toString(),
    fileSize: 0,
    headerBytes: 0,
    openMs: 0,
    overview: null,
    error: null,
    actions: {
      inspectGates: false,
      predict: false,
      evaluate: false,
      resumeTraining: false,
      revealRun: false,
      exportPyTorch: false,
    },
    runName: null,
    task: null,
  };
}

function checkpointTask(overview: CheckpointSnapshot['overview']): CheckpointTask | null {
  const id = overview?.card.kind === 'studio' ? overview.card.task : null;
  if (!isTaskId(id)) return null;
  const task = taskWords(id);
  return { id, title: task.title, headline: task.headline };
}
