/**
 * The host side of the training worker, shared by the CLI and the extension: starts the worker by path,
 * sends steering messages, delivers events, and turns a crash or an unexpected exit of the worker into a
 * `run-failed` event so the caller always hears how the run ended.
 */

import { Worker } from 'node:worker_threads';
import * as l10n from '../protocol/l10n';
import type { RunSummary, TrainingEvent } from '../protocol/training-events';
import type {
  DatasetDescription,
  HostToWorkerMessage,
  StartTrainingRequest,
  StepTiming,
  WorkerToHostMessage,
} from '../protocol/worker-messages';

/**
 * A training worker that first describes a dataset — as often as the user changes a choice — and then
 * trains in the same thread on the data it prepared (parsing a large file never blocks the host, and the
 * file is read and prepared once). `train` hands the worker over to a TrainingWorkerClient; `dispose`
 * ends a worker that was never handed over.
 */
export class DatasetSession {
  private readonly worker: Worker;
  /** The request the worker is answering (a description or an estimate): one at a time. */
  private pending: {
    kind: 'describe' | 'estimate';
    resolve: (answer: DatasetDescription | StepTiming) => void;
    reject: (e: Error) => void;
    onProgress?: (bytesRead: number, totalBytes: number) => void;
  } | null = null;
  private endedReason: string | null = null;
  private handedOver = false;
  private readonly onMessage = (message: WorkerToHostMessage) => {
    if (message.type === 'describe-progress') this.pending?.onProgress?.(message.bytesRead, message.totalBytes);
    else if (message.type === 'described') this.answer('describe')?.resolve(message.description);
    else if (message.type === 'describe-failed') this.answer('describe')?.reject(new Error(message.message));
    else if (message.type === 'estimated') this.answer('estimate')?.resolve(message.timing);
    else if (message.type === 'estimate-failed') this.answer('estimate')?.reject(new Error(message.message));
  };
  private readonly onError = (error: Error) => this.end(`the dataset worker crashed: ${error.message}`);
  private readonly onExit = (code: number) => this.end(`the dataset worker exited unexpectedly (code ${code})`);

  constructor(workerScriptPath: string) {
    this.worker = new Worker(workerScriptPath, { workerData: l10n.workerL10nData() });
    this.worker.on('message', this.onMessage);
    this.worker.on('error', this.onError);
    this.worker.on('exit', this.onExit);
  }

  /**
   * Detects and prepares the dataset (again only if the request changes the data), with the file's first
   * rows as parsed. One request at a time. `onProgress` hears how much of the file its passes have read.
   */
  describe(
    request: Pick<StartTrainingRequest, 'datasetPath' | 'config' | 'dataset'>,
    onProgress?: (bytesRead: number, totalBytes: number) => void,
  ): Promise<DatasetDescription> {
    return this.ask('describe', { type: 'describe', request }, onProgress) as Promise<DatasetDescription>;
  }

  /**
   * Times a few training steps of the run `request` describes (the data prepared as for `describe`, so a
   * description first costs nothing more). One request at a time.
   */
  estimate(request: Pick<StartTrainingRequest, 'datasetPath' | 'config' | 'dataset'>): Promise<StepTiming> {
    return this.ask('estimate', { type: 'estimate', request }) as Promise<StepTiming>;
  }

  private ask(
    kind: 'describe' | 'estimate',
    message: HostToWorkerMessage,
    onProgress?: (bytesRead: number, totalBytes: number) => void,
  ): Promise<DatasetDescription | StepTiming> {
    if (this.handedOver) return Promise.reject(new Error('this dataset session already trains'));
    if (this.endedReason) return Promise.reject(new Error(this.endedReason));
    if (this.pending) return Promise.reject(new Error('a description is already in progress'));
    return new Promise((resolve, reject) => {
      this.pending = { kind, resolve, reject, onProgress };
      this.worker.postMessage(message);
    });
  }

  /** True once the worker crashed, exited or was closed: every request is refused from then on. */
  get ended(): boolean {
    return this.endedReason !== null;
  }

  /** Starts the run in this worker; the session is done (the client owns the worker). */
  train(request: StartTrainingRequest): TrainingWorkerClient {
    if (this.handedOver) throw new Error('this dataset session already trains');
    if (this.endedReason) throw new Error(this.endedReason);
    this.handedOver = true;
    this.worker.off('message', this.onMessage);
    this.worker.off('error', this.onError);
    this.worker.off('exit', this.onExit);
    return new TrainingWorkerClient(this.worker, request);
  }

  /** Ends the worker unless it was handed over to a run. */
  async dispose(): Promise<void> {
    if (this.handedOver || this.endedReason) return;
    this.end('the dataset session was closed');
    await this.worker.terminate();
  }

  /** The pending request, taken, when it is of `kind` (an answer of another kind is not its answer). */
  private answer(kind?: 'describe' | 'estimate') {
    const pending = this.pending;
    if (kind !== undefined && pending?.kind !== kind) return null;
    this.pending = null;
    return pending;
  }

  private end(message: string): void {
    if (this.endedReason) return;
    this.endedReason = message;
    this.answer()?.reject(new Error(message));
  }
}

/** A running training job as its caller sees it: events, steering, and how it ended. */
export interface TrainingJob {
  readonly outcome: Promise<RunOutcome>;
  onEvent(listener: (event: TrainingEvent) => void): void;
  pause(): void;
  resume(): void;
  stop(): void;
  terminate(): Promise<void>;
}

export type RunOutcome = { ok: true; summary: RunSummary } | { ok: false; message: string; runDir?: string };

export class TrainingWorkerClient implements TrainingJob {
  private readonly worker: Worker;
  private readonly listeners: ((event: TrainingEvent) => void)[] = [];
  private settled = false;
  private runDir: string | undefined;
  private resolveOutcome!: (outcome: RunOutcome) => void;
  /** Resolves once with how the run ended. */
  readonly outcome: Promise<RunOutcome>;

  /** Starts a run in a new worker (by its script's path), or in one a DatasetSession hands over. */
  constructor(worker: string | Worker, request: StartTrainingRequest) {
    this.outcome = new Promise((resolve) => (this.resolveOutcome = resolve));
    this.worker = typeof worker === 'string' ? new Worker(worker, { workerData: l10n.workerL10nData() }) : worker;
    this.worker.on('message', (message: WorkerToHostMessage) => this.onMessage(message));
    this.worker.on('error', (error) => this.fail(`the training worker crashed: ${error.message}`));
    this.worker.on('exit', (code) => {
      if (!this.settled) this.fail(`the training worker exited unexpectedly (code ${code})`);
    });
    this.send({ type: 'start', request });
  }

  onEvent(listener: (event: TrainingEvent) => void): void {
    this.listeners.push(listener);
  }

  pause(): void {
    this.send({ type: 'pause' });
  }

  resume(): void {
    this.send({ type: 'resume' });
  }

  /** Asks the run to stop at the next step boundary; it saves last.safetensors first. */
  stop(): void {
    this.send({ type: 'stop' });
  }

  /** Ends the worker at once (no checkpoint). */
  async terminate(): Promise<void> {
    this.settle({ ok: false, message: 'the training worker was terminated', runDir: this.runDir });
    await this.worker.terminate();
  }

  private send(message: HostToWorkerMessage): void {
    if (!this.settled) this.worker.postMessage(message);
  }

  private onMessage(message: WorkerToHostMessage): void {
    if (message.type === 'exit') {
      void this.worker.terminate();
      return;
    }
    if (message.type !== 'event') return;
    const event = message.event;
    if (event.type === 'run-started') this.runDir = event.runDir;
    for (const listener of this.listeners) listener(event);
    if (event.type === 'run-finished') this.settle({ ok: true, summary: event.summary });
    if (event.type === 'run-failed')
      this.settle({ ok: false, message: event.message, runDir: event.runDir ?? this.runDir });
  }

  private fail(message: string): void {
    if (this.settled) return;
    const event: TrainingEvent = { type: 'run-failed', message, runDir: this.runDir };
    for (const listener of this.listeners) listener(event);
    this.settle({ ok: false, message, runDir: this.runDir });
  }

  private settle(outcome: RunOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveOutcome(outcome);
  }
}
