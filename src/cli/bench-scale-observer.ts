/**
 * Reads `lstm-studio train --json` from outside, line by line, and turns it into the scale benchmark's
 * figures. It relies only on the CLI's event stream (src/protocol/training-events.ts), never on how the
 * data readers or the trainer work inside:
 *
 * - time to first step: when `run-started` arrived (seconds since the child was spawned) plus the first
 *   step's `time`, which the run's clock counts from just after `run-started`;
 * - steps per second: over the steps after the first (the first pays for compilation and buffers), from
 *   their `time`s;
 * - one evaluation's time: the `evaluation` record's `time` (taken when validation ends) minus the `time`
 *   of the step it followed.
 */

import type { TrainingEvent } from '../protocol/training-events';

/** Where the child was when it was last heard from. */
export type ScaleStage = 'starting' | 'loading' | 'preparing' | 'training' | 'evaluating' | 'evaluated';

export interface ScaleFigures {
  /** Seconds from spawn to the end of the first optimizer step. */
  secondsToFirstStep: number | null;
  stepsPerSecond: number | null;
  /** Seconds of the first validation pass. */
  evaluationSeconds: number | null;
  /** Seconds from spawn to `run-started` (reading and preparing the data, building the model). */
  secondsToRunStarted: number | null;
  /** Optimizer steps seen. */
  steps: number;
  /** The detected task and the split, as `run-started` gave them. */
  task: string | null;
  split: { unit: string; train: number; validation: number } | null;
}

interface StepTime {
  step: number;
  time: number;
}

export class TrainEventObserver {
  stage: ScaleStage = 'starting';
  /** The run's own failure message (`run-failed`), if it sent one. */
  failure: string | null = null;
  /** The last `loading` progress: bytes read of the file's size. */
  loading: { bytesRead: number; totalBytes: number } | null = null;
  private runStartedAt: number | null = null;
  private readonly steps: StepTime[] = [];
  private evaluation: { step: number; time: number } | null = null;
  private task: string | null = null;
  private split: ScaleFigures['split'] = null;

  /** `validatedAfterStep`: the step after which the run validates (`--validate-every`), to tell when it does. */
  constructor(private readonly validatedAfterStep: number) {}

  /** One line of the child's stdout, received `seconds` after the spawn. Lines that are not events are skipped. */
  line(text: string, seconds: number): void {
    let event: TrainingEvent;
    try {
      event = JSON.parse(text) as TrainingEvent;
    } catch {
      return;
    }
    if (event === null || typeof event !== 'object') return;
    switch (event.type) {
      case 'loading':
        this.loading = { bytesRead: event.bytesRead, totalBytes: event.totalBytes };
        this.stage = event.totalBytes > 0 && event.bytesRead >= event.totalBytes ? 'preparing' : 'loading';
        return;
      case 'run-started': {
        this.runStartedAt = seconds;
        this.stage = 'training';
        const summary = event.dataset?.summary;
        this.task = summary?.task ?? null;
        if (summary?.sizes)
          this.split = { unit: summary.sizes.unit, train: summary.sizes.train, validation: summary.sizes.validation };
        return;
      }
      case 'progress':
        // Once validated, later steps (a run not yet stopped) do not count.
        if (this.evaluation) return;
        for (const s of event.steps) this.steps.push({ step: s.step, time: s.time });
        if (this.steps.length > 0 && this.steps[this.steps.length - 1].step >= this.validatedAfterStep)
          this.stage = 'evaluating';
        return;
      case 'evaluation':
        if (!this.evaluation) this.evaluation = { step: event.record.step, time: event.record.time };
        this.stage = 'evaluated';
        return;
      case 'run-failed':
        this.failure = event.message;
        return;
      default:
        return;
    }
  }

  /** True once the first evaluation has been reported: everything the benchmark measures is in. */
  get evaluated(): boolean {
    return this.evaluation !== null;
  }

  figures(): ScaleFigures {
    const first = this.steps[0];
    const last = this.steps[this.steps.length - 1];
    const evaluatedAfter = this.evaluation && this.steps.find((s) => s.step === this.evaluation!.step);
    return {
      secondsToFirstStep: this.runStartedAt !== null && first ? this.runStartedAt + first.time : null,
      stepsPerSecond:
        first && last && last.step > first.step && last.time > first.time
          ? (last.step - first.step) / (last.time - first.time)
          : null,
      evaluationSeconds: this.evaluation && evaluatedAfter ? this.evaluation.time - evaluatedAfter.time : null,
      secondsToRunStarted: this.runStartedAt,
      steps: last ? last.step : 0,
      task: this.task,
      split: this.split,
    };
  }
}
