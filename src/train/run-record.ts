/**
 * Recording a run: its folder, `run.json` (kept current at every status change and evaluation),
 * `metrics.csv` (every step and evaluation), the history and trainer position stored in checkpoints,
 * and the checkpoints themselves. The training loop tells it what happened; it decides what is written.
 */

import { join } from 'node:path';
import type { RunManifest, ValidationScope } from '../protocol/run-manifest';
import type { SweepMembership } from '../protocol/sweep';
import type { EvaluationRecord, RunStatus, StepRecord } from '../protocol/training-events';
import { loadModelCheckpoint, saveModelCheckpoint } from './model-checkpoint';
import {
  createRunFolder,
  MetricsLog,
  removeStaleTemporaries,
  RUN_FORMAT,
  writeLatestExamples,
  writeManifest,
} from './run-directory';
import type { ValidationExample } from '../protocol/run-records';
import { TensorBoardLog } from './tensorboard/event-file-writer';
import { architectureOf, type TrainerPosition, type TrainingHistory, type TrainingSetup } from './setup';

export interface RunRecordOptions {
  setup: TrainingSetup;
  /** Folder receiving a new run's folder (a resumed run keeps its own). */
  runsRoot: string;
  /** The loop's position, read whenever something is written (the record never changes it). */
  position: TrainerPosition;
  totalSteps: number;
  stepsPerEpoch: number;
  threads: number;
  /** What each evaluation scores (null or absent: no validation data). */
  validation?: ValidationScope | null;
  /** Seconds trained so far (pauses excluded). */
  elapsed: () => number;
  /** Told about a problem that does not stop the run (the TensorBoard event file could not be written). */
  warn?: (message: string) => void;
  /** The sweep a new run is a trial of, recorded in its run.json (a resumed run keeps what it has). */
  sweep?: SweepMembership;
}

export class RunRecord {
  private constructor(
    private readonly options: RunRecordOptions,
    readonly runDir: string,
    readonly manifest: RunManifest,
    readonly history: TrainingHistory,
    private readonly metricsLog: MetricsLog,
    private readonly tensorBoardLog: TensorBoardLog,
  ) {}

  /** Creates the run's folder (or reopens a resumed run's) and writes run.json with status `running`. */
  static async open(options: RunRecordOptions): Promise<RunRecord> {
    const { setup, position } = options;
    const { resumed, prepared, config } = setup;
    const history: TrainingHistory = resumed?.history ?? { evaluations: [], epochs: [] };
    const runDir = resumed?.runDir ?? (await createRunFolder(options.runsRoot, new Date(), setup.datasetPath));
    await removeStaleTemporaries(runDir);
    const metricsLog = resumed ? await MetricsLog.reopen(runDir, position.step) : await MetricsLog.create(runDir);
    const now = new Date().toISOString();
    const manifest: RunManifest = {
      ...(resumed?.manifest ?? {
        format: RUN_FORMAT,
        id: runDir.split(/[\\/]/).pop()!,
        created: now,
        dataset: {
          path: setup.datasetPath,
          name: prepared.summary.file,
          fingerprint: prepared.fingerprint,
          summary: prepared.summary,
          overrides: setup.datasetOverrides,
        },
        config,
        model: setup.modelConfig,
        architecture: architectureOf(setup),
        parameterCount: setup.model.parameterCount(),
        best: null,
        final: null,
        ...(options.sweep ? { sweep: options.sweep } : {}),
      }),
      status: 'running',
      updated: now,
      step: position.step,
      epoch: position.epoch,
      totalSteps: options.totalSteps,
      stepsPerEpoch: options.stepsPerEpoch,
      elapsedSeconds: position.elapsedSeconds,
      threads: options.threads,
      ...(options.validation ? { validation: options.validation } : {}),
    };
    delete manifest.message;
    await writeManifest(runDir, manifest);
    // The same steps and evaluations as metrics.csv, for TensorBoard (a resumed session in a file of its own).
    const tensorBoardLog = TensorBoardLog.create(runDir, {
      startStep: position.step,
      warn: options.warn ?? (() => undefined),
    });
    return new RunRecord(options, runDir, manifest, history, metricsLog, tensorBoardLog);
  }

  addStep(record: StepRecord): void {
    this.metricsLog.addStep(record);
    this.tensorBoardLog.addStep(record);
  }

  addEvaluation(record: EvaluationRecord): void {
    this.history.evaluations.push(record);
    this.metricsLog.addEvaluation(record);
    this.tensorBoardLog.addEvaluation(record);
  }

  addEpoch(epoch: number, step: number, trainLoss: number): void {
    this.history.epochs.push({ epoch, step, trainLoss });
  }

  /** Appends the metrics rows gathered since the last flush, to metrics.csv and the TensorBoard event file. */
  async flushMetrics(): Promise<void> {
    await this.metricsLog.flush();
    await this.tensorBoardLog.flush();
  }

  /** Keeps the latest evaluation's validation examples beside run.json (for a Training panel reopened later). */
  saveExamples(step: number, examples: ValidationExample[]): Promise<void> {
    return writeLatestExamples(this.runDir, { step, examples });
  }

  /** Rewrites run.json with the status, the position, the best evaluation and `extra`. */
  async update(status: RunStatus, extra: Partial<RunManifest> = {}): Promise<void> {
    const { position } = this.options;
    Object.assign(
      this.manifest,
      {
        status,
        updated: new Date().toISOString(),
        step: position.step,
        epoch: position.epoch,
        elapsedSeconds: this.options.elapsed(),
        best: position.best,
      },
      extra,
    );
    await writeManifest(this.runDir, this.manifest);
  }

  /**
   * Writes `last.safetensors` (with the optimizer and the trainer position, to resume from) or
   * `best.safetensors` (weights only). Returns its path.
   */
  async saveCheckpoint(kind: 'last' | 'best'): Promise<string> {
    const { model, optimizer, carriedState } = this.options.setup;
    const path = join(this.runDir, `${kind}.safetensors`);
    const metadata = this.checkpointMetadata(kind === 'last');
    // The rows the checkpoint's history records go to metrics.csv first: a resume keeps the log's rows up
    // to the checkpoint's step, so a kill -9 right after the save must not lose that epoch's evaluation.
    await this.metricsLog.flush();
    await saveModelCheckpoint(
      path,
      model,
      kind === 'last' ? { metadata, optimizer, trainerTensors: carriedState?.tensors() } : { metadata },
    );
    return path;
  }

  /** Copies best.safetensors' weights into the model. */
  async restoreBestWeights(): Promise<void> {
    const best = await loadModelCheckpoint(join(this.runDir, 'best.safetensors'));
    const ours = this.options.setup.model.parameters();
    best.model.parameters().forEach((p, i) => ours[i].value.set(p.value));
  }

  private checkpointMetadata(withTrainer: boolean) {
    const { setup, position, elapsed } = this.options;
    const { prepared, config, dropoutRng } = setup;
    return {
      config: setup.modelConfig,
      vocab: prepared.checkpoint.vocab ?? undefined,
      normalization: prepared.checkpoint.normalization ?? undefined,
      dataset: prepared.checkpoint.dataset,
      history: this.history,
      step: position.step,
      epoch: position.epoch,
      seed: config.seed,
      created: new Date().toISOString(),
      extra: {
        training: JSON.stringify(config),
        ...(withTrainer
          ? { trainer: JSON.stringify({ ...position, dropoutRng: dropoutRng.getState(), elapsedSeconds: elapsed() }) }
          : {}),
      },
    };
  }
}
