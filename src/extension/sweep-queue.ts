/**
 * A sweep running in the extension: its plan (src/protocol/sweep-expansion.ts) trained through the
 * `SweepScheduler` — at most `concurrency` runs at once, each a normal run started by the given
 * `SweepTrialRunner` (the RunManager in the extension, a fake in a test) with its sweep membership. It
 * keeps each trial's result and says how far it is in one line. No `vscode` here: the commands, the
 * status bar item and the notification are in sweep-commands.ts.
 */

import { datasetOverridesOf, trainingOverrides } from '../protocol/run-configuration';
import { trialConfiguration, trialMembership, type SweepRunPlan } from '../protocol/sweep-expansion';
import type { SweepTrial } from '../protocol/sweep';
import { recordTrialEnd, type SweepTrialResult, type TrialRunEnd } from '../protocol/sweep-ranking';
import { SweepScheduler, type SweepProgress, type TrialEnd } from '../protocol/sweep-scheduler';
import type { StartTrainingRequest } from '../protocol/worker-messages';
import { taskByName } from '../tasks/presentations';
import * as l10n from './l10n';

export type { TrialRunEnd };

/** A trial's run once started: how it ends, and a clean stop. */
export interface TrialRun {
  readonly ended: Promise<TrialRunEnd>;
  stop(): void;
}

/** Starts trial `index`'s run from its request (the extension: through `RunManager.start`). */
export type SweepTrialRunner = (request: StartTrainingRequest, index: number) => TrialRun | Promise<TrialRun>;

export class SweepQueue {
  private readonly scheduler: SweepScheduler;
  private readonly results: SweepTrialResult[];
  private readonly listeners: (() => void)[] = [];

  constructor(
    readonly plan: SweepRunPlan,
    private readonly datasetPath: string,
    private readonly runsRoot: string,
    private readonly runner: SweepTrialRunner,
  ) {
    this.results = plan.trials.map((t) => ({
      index: t.index,
      settings: t.settings,
      status: 'skipped',
      final: null,
      best: null,
    }));
    this.scheduler = new SweepScheduler(plan.trials.length, plan.concurrency, (index) => this.startTrial(index));
    this.scheduler.onEvent(() => this.changed());
  }

  get id(): string {
    return this.plan.id;
  }

  get name(): string {
    return this.plan.name;
  }

  /** Called on every trial start and end. */
  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Trains every trial (or until `stop`); resolves with each trial's result in the sweep's order. */
  async run(): Promise<SweepTrialResult[]> {
    await this.scheduler.run();
    return this.results;
  }

  /** Queued trials never start; running ones stop cleanly (their last checkpoint saved). */
  stop(): void {
    this.scheduler.stop();
  }

  progress(): SweepProgress {
    return this.scheduler.progress();
  }

  /** `Sweep lr × hidden: 2 of 4 done, 2 training` (`, 1 failed`; `stopping` while it stops). */
  statusLine(): string {
    const p = this.progress();
    const failed = p.failed > 0 ? l10n.t(', {0} failed', p.failed) : '';
    const state = p.stopping ? l10n.t('stopping, {0} still training', p.running) : l10n.t('{0} training', p.running);
    return l10n.t('Sweep {0}: {1} of {2} done, {3}{4}', this.name, p.done, p.total, state, failed);
  }

  /** The request that trains trial `trial`: the base with its settings, the threads rule, its membership. */
  trialRequest(trial: SweepTrial): StartTrainingRequest {
    const config = trainingOverrides(trialConfiguration(this.plan.spec, trial).settings);
    if (this.plan.threads !== undefined) config.threads = this.plan.threads;
    return {
      datasetPath: this.datasetPath,
      runsRoot: this.runsRoot,
      config,
      dataset: datasetOverridesOf(this.plan.spec.base, (name) => taskByName(name)?.id),
      sweep: trialMembership(this.plan, trial),
    };
  }

  private async startTrial(index: number): Promise<{ ended: Promise<TrialEnd>; stop(): void }> {
    const run = await this.runner(this.trialRequest(this.plan.trials[index]), index);
    const ended = run.ended.then((end) => recordTrialEnd(this.results[index], end));
    return { ended, stop: () => run.stop() };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
