/**
 * The New Training Run form: one webview where every choice of a run is made — the dataset's columns
 * and task, the model, the training, a sweep — with the dataset described again in a worker as the user
 * changes a choice. The host owns the dataset (the form never sends a path), the worker and the files
 * (saved configurations, the clipboard); it checks every message (new-run-panel-validation.ts) and every
 * value again before it trains, saves or starts a sweep. Opened from the quick pick's *Customize…*, the
 * palette, the Explorer, the Runs view, a saved configuration, or a run (*Train again*).
 */

import * as vscode from 'vscode';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import type {
  FormChoices,
  FormInit,
  FormSweep,
  FormTask,
  HostToNewRunPanel,
  NewRunPanelToHost,
} from '../protocol/new-run-panel';
import { fieldOfReason, sweepSpecOfForm } from '../protocol/new-run-panel';
import { expandSweep, sweepSpecProblem } from '../protocol/sweep-expansion';
import { newRunPanelMessage } from '../protocol/new-run-panel-validation';
import {
  commandLine,
  isColumnOverride,
  RUN_CONFIGURATION_FORMAT,
  trainingOverrides,
} from '../protocol/run-configuration';
import { defaultSweepConcurrency } from '../protocol/sweep';
import type { TrainingConfig } from '../protocol/training-config';
import type { DatasetDescription, StartTrainingRequest } from '../protocol/worker-messages';
import { isTaskId } from '../tasks/presentations';
import { DatasetSession } from '../worker/client';
import { Disposable } from './disposable';
import { log } from './log';
import {
  configurationFile,
  configurationOf,
  listConfigurations,
  readConfiguration,
  readRunChoices,
  writeConfiguration,
} from './new-run-configurations';
import type { RunManager } from './run-manager';
import type { RunState } from './run-state';
import { runsFolderPaths, trainingDefaults } from './settings';
import { restrictedModeMessage, runsRootFor } from './train-dataset-command';
import { allTaskWords } from './task-words';
import { runFolderFromWebviewState } from './webview-state-paths';
import { onValidMessage } from './webview-messages';
import { panelHtml, webviewOptions } from './webview-html';

export const NEW_RUN_PANEL_TYPE = 'lstmStudio.newRun';

/** What `lstmStudio.newTrainingRun` takes: nothing, a dataset, a run folder to train again, or a saved configuration. */
export type NewRunArgument =
  | undefined
  | vscode.Uri
  | { runDir: string }
  | { configurationFile: vscode.Uri }
  /** The quick pick's *Customize…*: its dataset and the choices made there. */
  | { dataset: vscode.Uri; initial: FormChoices };

export interface NewRunDependencies {
  context: vscode.ExtensionContext;
  manager: RunManager;
  /** Opens the Training panel (and the progress notification) of a run the form started. */
  showRun: (state: RunState) => void;
}

/** What the form starts from: the dataset (or none yet) and the choices. */
interface FormStart {
  dataset: vscode.Uri | null;
  initial: FormChoices;
}

export class NewRunPanel extends Disposable {
  private static current: NewRunPanel | undefined;
  private session: DatasetSession | null = null;
  /** Worker requests, one after another (the session answers one at a time). */
  private queue: Promise<void> = Promise.resolve();
  private latestDescribe = -1;
  private latestEstimate = -1;
  private lastDescription: DatasetDescription | null = null;
  private ready = false;

  /** Opens the form (one at a time: an open form takes the new dataset and choices). */
  static async open(deps: NewRunDependencies, argument: NewRunArgument): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(restrictedModeMessage());
      return;
    }
    const start = await formStartOf(argument);
    if (!start) return;
    if (NewRunPanel.current) {
      NewRunPanel.current.panel.reveal();
      await NewRunPanel.current.restart(start);
      return;
    }
    const title = vscode.l10n.t('New Training Run');
    const panel = vscode.window.createWebviewPanel(NEW_RUN_PANEL_TYPE, title, vscode.ViewColumn.Active, {
      ...webviewOptions(deps.context.extensionUri),
      // The user's typing lives in the page: a hidden tab keeps it.
      retainContextWhenHidden: true,
    });
    NewRunPanel.current = new NewRunPanel(panel, deps, start);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: NewRunDependencies,
    private start: FormStart,
  ) {
    super();
    panel.webview.html = panelHtml(
      panel.webview,
      deps.context.extensionUri,
      'new-run',
      vscode.l10n.t('New Training Run'),
    );
    panel.iconPath = vscode.Uri.joinPath(deps.context.extensionUri, 'media', 'lstm-studio.svg');
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(onValidMessage(panel.webview, 'New Training Run form', newRunPanelMessage, (m) => this.onMessage(m)));
  }

  override dispose(): void {
    if (NewRunPanel.current === this) NewRunPanel.current = undefined;
    void this.session?.dispose();
    this.session = null;
    super.dispose();
  }

  private async restart(start: FormStart): Promise<void> {
    this.start = start;
    this.lastDescription = null;
    await this.closeSession();
    if (this.ready) await this.sendInit();
  }

  private async closeSession(): Promise<void> {
    const session = this.session;
    this.session = null;
    await session?.dispose();
  }

  private post(message: HostToNewRunPanel): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async onMessage(message: NewRunPanelToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        return this.sendInit();
      case 'describe':
        this.latestDescribe = message.requestId;
        return this.enqueue(() => this.describe(message.requestId, message.choices));
      case 'estimate':
        this.latestEstimate = message.requestId;
        return this.enqueue(() => this.estimate(message.requestId, message.choices));
      case 'copy-command':
        return this.copyCommand(message.choices);
      case 'save-configuration':
        return this.saveConfiguration(message.name, message.choices);
      case 'open-configuration':
        return this.openConfiguration(message.name);
      case 'choose-file':
        return this.chooseFile();
      case 'train':
        return this.enqueue(() => this.train(message.choices));
      case 'count-sweep': {
        // Counted as the queue will expand it: the settings fixed beside it do not change the count.
        const spec = sweepSpecOfForm({ format: RUN_CONFIGURATION_FORMAT, settings: {} }, message.sweep);
        const problem = sweepSpecProblem(spec);
        const count = problem === null ? expandSweep(spec).length : 0;
        this.post({ type: 'sweep-count', requestId: message.requestId, count, problem });
        return;
      }
      case 'start-sweep':
        return this.enqueue(() => this.startSweep(message.choices, message.sweep));
    }
  }

  private async sendInit(): Promise<void> {
    const folder = this.workspaceFolder();
    const form: FormInit = {
      datasetName: this.start.dataset ? basename(this.start.dataset.fsPath) : null,
      datasetLabel: this.start.dataset ? vscode.workspace.asRelativePath(this.start.dataset, false) : null,
      tasks: formTasks(),
      initial: this.start.initial,
      configurations: folder ? await listConfigurations(folder) : [],
      defaultMaxConcurrent: defaultSweepConcurrency(availableParallelism()),
    };
    this.post({ type: 'init', form });
  }

  /** Runs worker requests one after another; a failure of one never stops the next. */
  private enqueue(work: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(work).catch((error: unknown) => {
      log().error(`New Training Run form: ${(error as Error).message}`);
    });
    return this.queue;
  }

  /** The form's dataset worker, started again when the last one crashed or exited. */
  private sessionFor(): DatasetSession {
    if (this.session?.ended) this.session = null;
    this.session ??= new DatasetSession(
      vscode.Uri.joinPath(this.deps.context.extensionUri, 'dist', 'worker.js').fsPath,
    );
    return this.session;
  }

  private requestOf(choices: FormChoices): Pick<StartTrainingRequest, 'datasetPath' | 'config' | 'dataset'> {
    return {
      datasetPath: this.start.dataset!.fsPath,
      // The CLI's rules (steps without epochs let the steps decide…), so the copied command line trains this run.
      config: trainingOverrides(choices.settings),
      dataset: { ...choices.columns, ...(choices.task !== null ? { task: choices.task } : {}) },
    };
  }

  private async describe(requestId: number, choices: FormChoices): Promise<void> {
    if (requestId !== this.latestDescribe || !this.start.dataset) return; // a newer one is queued: it answers
    try {
      const description = await this.sessionFor().describe(this.requestOf(choices));
      this.lastDescription = description;
      if (requestId === this.latestDescribe) this.post({ type: 'described', requestId, description });
    } catch (error) {
      const message = (error as Error).message;
      this.lastDescription = null;
      if (requestId === this.latestDescribe)
        this.post({ type: 'describe-failed', requestId, message, field: fieldOfReason(message) });
    }
  }

  private async estimate(requestId: number, choices: FormChoices): Promise<void> {
    if (requestId !== this.latestEstimate || !this.start.dataset) return;
    try {
      const timing = await this.sessionFor().estimate(this.requestOf(choices));
      this.post({ type: 'estimated', requestId, timing });
    } catch (error) {
      this.post({ type: 'estimate-failed', requestId, message: (error as Error).message });
    }
  }

  /**
   * Why these choices cannot train, or null: what the message validator could not know — a dataset
   * chosen, a registered task, columns the described table has (each setting's rule it checked already).
   */
  private problemOf(choices: FormChoices): string | null {
    if (!this.start.dataset) return vscode.l10n.t('choose a dataset file first');
    if (choices.task !== null && !isTaskId(choices.task)) return vscode.l10n.t("'{0}' is not a task", choices.task);
    const known = new Set(this.lastDescription?.preview?.columns.map((c) => c.name) ?? []);
    for (const [role, value] of Object.entries(choices.columns)) {
      // `wide`/`calendar` are on/off and `holidays` a country, not columns.
      if (!isColumnOverride(role)) continue;
      for (const name of Array.isArray(value) ? value : [value])
        if (typeof name === 'string' && known.size > 0 && !known.has(name))
          return vscode.l10n.t("the dataset has no column '{0}'", name.slice(0, 80));
    }
    return null;
  }

  private async train(choices: FormChoices): Promise<void> {
    const problem = this.problemOf(choices);
    if (problem)
      return this.post({ type: 'notice', level: 'error', message: vscode.l10n.t('Cannot train: {0}', problem) });
    const dataset = this.start.dataset!;
    // Described with exactly these choices (the worker keeps the data, so this is quick): the run's task is known.
    const session = this.sessionFor();
    let description: DatasetDescription;
    try {
      description = await session.describe(this.requestOf(choices));
    } catch (error) {
      const message = (error as Error).message;
      return this.post({
        type: 'describe-failed',
        requestId: this.latestDescribe,
        message,
        field: fieldOfReason(message),
      });
    }
    const request: StartTrainingRequest = { ...this.requestOf(choices), runsRoot: runsRootFor(dataset) };
    this.session = null; // the run takes the worker over
    const state = this.deps.manager.start(request, basename(dataset.fsPath), description.summary.task, session);
    this.deps.showRun(state);
    this.post({
      type: 'notice',
      level: 'info',
      message: vscode.l10n.t('Training started on {0}.', basename(dataset.fsPath)),
    });
  }

  private async copyCommand(choices: FormChoices): Promise<void> {
    if (!this.start.dataset)
      return this.post({ type: 'notice', level: 'error', message: vscode.l10n.t('Choose a dataset file first.') });
    // The dataset as a path from the workspace folder: the command runs there.
    const datasetPath = vscode.workspace.asRelativePath(this.start.dataset, false);
    const { task, columns, settings } = choices;
    const text = commandLine(
      { format: RUN_CONFIGURATION_FORMAT, ...(task !== null ? { task } : {}), columns, settings },
      datasetPath,
    );
    await vscode.env.clipboard.writeText(text);
    this.post({ type: 'command-line', text });
  }

  private async saveConfiguration(name: string, choices: FormChoices): Promise<void> {
    const folder = this.workspaceFolder();
    if (!folder || !this.start.dataset)
      return this.post({
        type: 'notice',
        level: 'error',
        message: vscode.l10n.t('Saving needs a dataset in an open workspace folder.'),
      });
    try {
      const file = configurationFile(folder, name);
      const exists = await vscode.workspace.fs.stat(vscode.Uri.file(file)).then(
        () => true,
        () => false,
      );
      if (exists) {
        const replace = vscode.l10n.t('Replace');
        const answer = await vscode.window.showWarningMessage(
          vscode.l10n.t('A configuration named "{0}" exists. Replace it?', name.trim()),
          { modal: true },
          replace,
        );
        if (answer !== replace) return;
      }
      await writeConfiguration(file, configurationOf(choices, this.start.dataset.fsPath, file));
      this.post({ type: 'configurations', names: await listConfigurations(folder), saved: name.trim() });
      log().info(`saved the training configuration ${file}`);
    } catch (error) {
      this.post({
        type: 'notice',
        level: 'error',
        message: vscode.l10n.t('Could not save: {0}', (error as Error).message),
      });
    }
  }

  private async openConfiguration(name: string): Promise<void> {
    const folder = this.workspaceFolder();
    if (!folder) return;
    try {
      const start = await configurationStart(vscode.Uri.file(configurationFile(folder, name)), this.start.dataset);
      await this.restart(start);
    } catch (error) {
      this.post({ type: 'notice', level: 'error', message: (error as Error).message });
    }
  }

  private async chooseFile(): Promise<void> {
    const dataset = await pickDatasetFile(this.start.dataset ?? undefined);
    if (dataset) await this.restart({ dataset, initial: this.start.initial });
  }

  private async startSweep(choices: FormChoices, sweep: FormSweep): Promise<void> {
    const dataset = this.start.dataset!;
    const specFolder = this.workspaceFolder() ?? join(dataset.fsPath, '..');
    const spec = sweepSpecOfForm(configurationOf(choices, dataset.fsPath, join(specFolder, 'sweep.json')), sweep);
    const problem = this.problemOf(choices) ?? sweepSpecProblem(spec);
    if (problem)
      return this.post({
        type: 'notice',
        level: 'error',
        message: vscode.l10n.t('Cannot start the sweep: {0}', problem),
      });
    try {
      await vscode.commands.executeCommand('lstmStudio.startSweep', spec, specFolder);
      this.post({
        type: 'notice',
        level: 'info',
        message: vscode.l10n.t('Sweep started: {0} runs.', expandSweep(spec).length),
      });
    } catch (error) {
      this.post({
        type: 'notice',
        level: 'error',
        message: vscode.l10n.t('Could not start the sweep: {0}', (error as Error).message),
      });
    }
  }

  /** The dataset's workspace folder (or the first one). */
  private workspaceFolder(): string | undefined {
    const folder = this.start.dataset ? vscode.workspace.getWorkspaceFolder(this.start.dataset) : undefined;
    return (folder ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath;
  }
}

function formTasks(): FormTask[] {
  return allTaskWords().map((t) => ({
    id: t.id,
    displayName: t.displayName,
    settings: t.settings,
    columnRoles: t.columnRoles,
    switches: t.switches ?? [],
    headline: t.metrics.find((m) => m.key === t.headline) ?? t.metrics[0],
    bidirectionalRefusal: t.bidirectionalRefusal,
  }));
}

/** The settings the user's VS Code settings give (`lstmStudio.*`), as a fresh form starts with them. */
function defaultChoices(): FormChoices {
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(trainingDefaults())) if (value !== undefined) settings[key] = value;
  return { task: null, columns: {}, settings: settings as Partial<TrainingConfig> };
}

async function formStartOf(argument: NewRunArgument): Promise<FormStart | undefined> {
  if (argument instanceof vscode.Uri) return { dataset: argument, initial: defaultChoices() };
  if (argument && 'dataset' in argument) return { dataset: argument.dataset, initial: argument.initial };
  if (argument && 'configurationFile' in argument) {
    if (!(argument.configurationFile instanceof vscode.Uri))
      throw new Error(vscode.l10n.t('configurationFile must be a file'));
    return configurationStart(argument.configurationFile, null);
  }
  if (argument && 'runDir' in argument) {
    // From our own code (the runs table), still checked: only a run folder of this workspace's runs folders.
    const checked = await runFolderFromWebviewState(argument.runDir, runsFolderPaths());
    if (!checked.ok) throw new Error(vscode.l10n.t('cannot train again from that folder: {0}', checked.reason));
    const { datasetPath, choices } = await readRunChoices(checked.path);
    return { dataset: vscode.Uri.file(datasetPath), initial: choices };
  }
  const dataset = await pickDatasetFile(undefined);
  return dataset ? { dataset, initial: defaultChoices() } : undefined;
}

async function configurationStart(file: vscode.Uri, fallback: vscode.Uri | null): Promise<FormStart> {
  const { datasetPath, choices } = await readConfiguration(file.fsPath);
  return { dataset: datasetPath ? vscode.Uri.file(datasetPath) : fallback, initial: choices };
}

async function pickDatasetFile(near: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  const files = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Train on This Dataset'),
    filters: { [vscode.l10n.t('Datasets')]: ['txt', 'md', 'csv', 'tsv', 'jsonl'] },
    defaultUri: near ?? vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return files?.[0];
}
