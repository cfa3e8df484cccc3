/**
 * The panel's copy of the runs it shows, kept up to date from host messages. Every training step is
 * kept (no data is dropped; only drawing thins). Updates are ordered by step index: steps and
 * evaluations at or below the last one applied, and a meta behind the run's step, are dropped (a
 * snapshot may already have carried them). Pure: no DOM, so it is unit-tested directly.
 */

import type { EvaluationRecord } from '../../src/protocol/training-events';
import type {
  HostToTrainingPanel,
  OverlayCandidate,
  RunData,
  RunMeta,
  StepSeries,
} from '../../src/protocol/training-panel';

export interface RunView {
  meta: RunMeta;
  steps: StepSeries;
  evaluations: EvaluationRecord[];
}

/** What a message changed, so the panel redraws only that. */
export type StoreChange = 'snapshot' | 'meta' | 'steps' | 'evaluation' | 'none';

const STEP_FIELDS = ['step', 'epoch', 'time', 'loss', 'lr', 'gradNorm'] as const;

export class RunStore {
  /** `runs[0]` is the panel's own run; the rest are overlays. */
  runs: RunView[] = [];
  overlayCandidates: OverlayCandidate[] = [];
  hasSnapshot = false;

  get main(): RunView | undefined {
    return this.runs[0];
  }

  get overlays(): RunView[] {
    return this.runs.slice(1);
  }

  find(runId: string): RunView | undefined {
    return this.runs.find((run) => run.meta.id === runId);
  }

  /** Applies one host message (the `saved` answer is not the store's business). */
  apply(message: HostToTrainingPanel): StoreChange {
    switch (message.type) {
      case 'snapshot':
        this.runs = message.runs.map(copyRun);
        this.overlayCandidates = [...message.overlayCandidates];
        this.hasSnapshot = true;
        return 'snapshot';
      case 'meta': {
        const run = this.find(message.meta.id);
        // Applied only at or past the step the panel has (a status change keeps the step).
        if (!run || message.meta.step < run.meta.step) return 'none';
        run.meta = message.meta;
        return 'meta';
      }
      case 'steps': {
        const run = this.find(message.runId);
        return run && appendSteps(run.steps, message.steps) > 0 ? 'steps' : 'none';
      }
      case 'evaluation': {
        const run = this.find(message.runId);
        if (!run) return 'none';
        const previous = run.evaluations[run.evaluations.length - 1];
        // A record already in the snapshot (the host may post it just after building the snapshot).
        if (previous && previous.step >= message.record.step) return 'none';
        run.evaluations.push(message.record);
        // The trainer writes best.safetensors before it reports a new best.
        if (message.isBest) run.meta = { ...run.meta, best: message.record, hasBestCheckpoint: true };
        return 'evaluation';
      }
      default:
        return 'none';
    }
  }
}

/** Own copies of a run's arrays (which may arrive as typed arrays), so appending is cheap and safe. */
function copyRun(run: RunData): RunView {
  const steps = {} as StepSeries;
  const count = run.steps.step.length;
  for (const field of STEP_FIELDS) steps[field] = fieldCopy(run.steps[field], count);
  return { meta: run.meta, steps, evaluations: [...run.evaluations] };
}

function fieldCopy(values: ArrayLike<number> | undefined, count: number): number[] {
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = values && i < values.length ? values[i] : NaN;
  return out;
}

/**
 * Appends `added` to `series`, skipping steps it already holds (the host may post steps that were just
 * included in a snapshot). Returns how many were appended.
 */
export function appendSteps(series: StepSeries, added: StepSeries): number {
  const lastStep = series.step.length > 0 ? series.step[series.step.length - 1] : -Infinity;
  let appended = 0;
  for (let i = 0; i < added.step.length; i++) {
    if (added.step[i] <= lastStep) continue;
    for (const field of STEP_FIELDS) {
      const values = added[field];
      series[field].push(values && i < values.length ? values[i] : NaN);
    }
    appended++;
  }
  return appended;
}
