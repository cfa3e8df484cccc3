/**
 * The Prediction panel: the model in use (switchable), the input, and the answer — a classification, a
 * continuation streaming in, a forecast, or a transform streaming in — or the message that says why the
 * model cannot use the input. It says `ready`, draws every `state` the host sends, appends a
 * continuation's `chunk`s and shows a transform's `transform-chunk`s as they come. Only what the host's serializer needs is persisted (model, input, options).
 */

import type {
  HostToPredictionPanel,
  PersistedPredictionPanel,
  PredictionPanelToHost,
  PredictionState,
} from '../../src/protocol/prediction-panel';
import type { ContinuationStep, PredictionAnswer } from '../../src/protocol/prediction-results';
import { element, setText } from '../shared/dom';
import type { ThemeColors } from '../shared/theme';
import { readThemeColors, watchTheme } from '../shared/theme';
import type { VsCodeApi } from '../shared/vscode-api';
import { onHostMessage, vscodeApi } from '../shared/vscode-api';
import { InputCard } from './input-card';
import { ModelBar } from './model-bar';
import { ClassificationView } from './tasks/classification-view';
import { ContinuationView } from './tasks/continuation-view';
import { ForecastView } from './tasks/forecast-view';
import { TransformView } from './tasks/transform-view';
import { formatFixed, formatInteger } from '../shared/format';
import * as l10n from '../shared/l10n';

export class PredictionPanel {
  private readonly api: VsCodeApi<PersistedPredictionPanel, PredictionPanelToHost>;
  private theme: ThemeColors;
  private state: PredictionState | null = null;
  private readonly modelBar: ModelBar;
  private readonly input: InputCard;
  private readonly problem = element('div', { id: 'problem', className: 'problem', attrs: { role: 'alert' } });
  private readonly notices = element('ul', { id: 'notices', className: 'notices' });
  private readonly running = element('div', { id: 'running', className: 'running' });
  private readonly result = element('div', { id: 'result' });
  private readonly timing = element('div', { id: 'timing', className: 'timing' });
  private readonly classification = new ClassificationView();
  private readonly continuation: ContinuationView;
  private readonly forecast: ForecastView;
  private readonly transform: TransformView;
  private focusedInput = false;
  /** What the result area shows: view and request, so a new state redraws only when needed. */
  private shown = '';

  constructor(root: HTMLElement) {
    this.api = vscodeApi<PersistedPredictionPanel, PredictionPanelToHost>();
    this.theme = readThemeColors();
    const post = (message: PredictionPanelToHost) => this.api.postMessage(message);
    const actions = {
      insert: (text: string) => post({ type: 'insert', text }),
      copy: (text: string) => post({ type: 'copy', text }),
    };
    this.continuation = new ContinuationView(actions);
    this.forecast = new ForecastView({
      ...actions,
      insertQuantiles: () => post({ type: 'insert-quantiles' }),
      pickSeries: (series) => post({ type: 'forecast-series', series }),
    });
    this.transform = new TransformView({
      edit: (edit, candidate) => post({ type: 'transform-edit', edit, candidate }),
      copy: actions.copy,
    });
    this.modelBar = new ModelBar({
      switchModel: () => post({ type: 'switch-model' }),
      openGates: () => post({ type: 'open-gates' }),
    });
    this.input = new InputCard({
      predict: (input, options) => post({ type: 'predict', input, options }),
      stop: () => post({ type: 'stop' }),
      revealSource: () => post({ type: 'reveal-source' }),
    });
    this.problem.hidden = true;
    root.append(
      element(
        'main',
        { className: 'prediction-panel' },
        this.modelBar.root,
        this.input.root,
        this.running,
        this.problem,
        this.notices,
        this.result,
        this.timing,
      ),
    );
    onHostMessage<HostToPredictionPanel>((message) => this.onMessage(message));
    watchTheme(() => {
      this.theme = readThemeColors();
      this.classification.setTheme(this.theme);
      this.forecast.setTheme(this.theme);
    });
    post({ type: 'ready' });
  }

  private onMessage(message: HostToPredictionPanel): void {
    if (message.type === 'state') return this.render(message.state);
    if (message.type === 'transform-chunk' && this.state && message.requestId === this.state.requestId) {
      // The hypothesis so far, whole (a beam's best may change): it replaces what was shown.
      this.transform.stream(message.chunk.tokens, true, this.state.canInsert);
      this.mount(this.state, this.transform.root, `transform:${message.requestId}`);
      if (message.chunk.firstTokenMs !== undefined)
        setText(this.timing, l10n.t('first token after {0} in the worker', ms(message.chunk.firstTokenMs)));
      return;
    }
    if (message.type === 'chunk' && this.state && message.requestId === this.state.requestId) {
      if (this.shown !== `continuation:${message.requestId}`) this.showContinuation(this.state, []);
      this.continuation.append(message.chunk.steps);
      if (message.chunk.firstCharMs !== undefined)
        setText(this.timing, l10n.t('first character after {0} in the worker', ms(message.chunk.firstCharMs)));
    }
  }

  private render(state: PredictionState): void {
    this.state = state;
    this.api.setState({ modelPath: state.model?.path, input: state.input, options: state.options });
    this.modelBar.update(state.model);
    this.input.update(state.input, state.source, state.model?.prediction ?? null, state.options, state.running);
    const answer = state.answer;
    const problem = state.error ?? (answer?.kind === 'problem' ? answer.message : null);
    this.problem.hidden = problem === null;
    if (problem !== null)
      this.problem.replaceChildren(
        element('strong', {
          text: state.error ? l10n.t('Cannot predict: ') : l10n.t('The model cannot use this input: '),
        }),
        problem,
      );
    this.notices.replaceChildren(
      ...(answer?.notices ?? []).map((n) => element('li', { className: `notice ${n.level}`, text: n.message })),
    );
    const busy = state.running && (!answer || answer.kind === 'continuation') && state.model?.prediction;
    setText(this.running, busy ? `${busy.running}…` : '');
    this.running.hidden = !busy;
    this.showAnswer(state, answer);
    setText(this.timing, timingText(state));
    // Nothing to show yet: the text box is where to start — if the panel has the focus (the host reveals it
    // so when there is no editor selection to read); never taken from an editor.
    if (!state.input && !state.running && !this.focusedInput && document.hasFocus()) {
      this.focusedInput = true;
      this.input.focus();
    }
  }

  private showAnswer(state: PredictionState, answer: PredictionAnswer | null): void {
    if (!answer || answer.kind === 'problem') {
      if (state.model?.prediction?.answer === 'continuation' && state.running) return this.showContinuation(state, []);
      // A transform being decoded (or stopped before its answer): the hypothesis so far.
      if (state.model?.prediction?.answer === 'transform' && (state.running || state.transformSoFar?.length)) {
        this.transform.stream(state.transformSoFar ?? [], state.running, state.canInsert);
        return this.mount(state, this.transform.root, `transform:${state.requestId}`);
      }
      this.result.replaceChildren();
      this.shown = '';
      return;
    }
    switch (answer.kind) {
      case 'label':
        this.classification.render(answer, state.input, this.theme);
        return this.mount(state, this.classification.root, `label:${state.requestId}`);
      case 'continuation': {
        const key = `continuation:${state.requestId}`;
        if (this.shown !== key || !state.running) this.showContinuation(state, answer.steps);
        return;
      }
      case 'forecast':
        this.forecast.render(answer, state.canInsert, this.theme);
        return this.mount(state, this.forecast.root, `forecast:${state.requestId}`);
      case 'transform':
        this.transform.render(answer, state.requestId, state.input, state.running, state.canInsert);
        return this.mount(state, this.transform.root, `transform:${state.requestId}`);
    }
  }

  /** Starts (or redraws) the continuation of the current request with the steps so far. */
  private showContinuation(state: PredictionState, steps: readonly ContinuationStep[]): void {
    const answer = state.answer?.kind === 'continuation' ? state.answer : null;
    this.continuation.start(answer?.promptRead ?? state.input, steps, state.running, state.canInsert);
    this.mount(state, this.continuation.root, `continuation:${state.requestId}`);
  }

  private mount(state: PredictionState, view: HTMLElement, key: string): void {
    // The model's task, for tests and styles that look for one task's result.
    view.dataset.task = state.model?.task ?? '';
    if (this.result.firstChild !== view) this.result.replaceChildren(view);
    this.shown = key;
  }
}

function ms(x: number): string {
  return l10n.t('{0} ms', x < 10 ? formatFixed(x, 1) : formatInteger(x));
}

function timingText(state: PredictionState): string {
  const answer = state.answer;
  const timing = state.timing;
  if (!answer || !timing || answer.kind === 'problem') return '';
  switch (answer.kind) {
    case 'label': {
      const parts = [
        l10n.t('answered in {0} ({1} tokens)', ms(timing.firstMs ?? timing.roundTripMs), answer.tokens.length),
      ];
      if (!answer.attributionPending && answer.attributionMs !== undefined)
        parts.push(l10n.t('attribution in {0}', ms(timing.roundTripMs)));
      return parts.join(' · ');
    }
    case 'continuation':
      return state.running
        ? l10n.t('first character after {0}', ms(timing.firstMs ?? timing.roundTripMs))
        : l10n.t(
            '{0} characters: first after {1}, all in {2}',
            answer.text.length,
            ms(timing.firstMs ?? 0),
            ms(timing.roundTripMs),
          );
    case 'forecast':
      return l10n.t('forecast in {0}', ms(timing.roundTripMs));
    case 'transform':
      return l10n.t(
        '{0} tokens, beam {1}: first after {2}, all in {3}',
        answer.outputTokens.length,
        answer.beam,
        ms(answer.firstTokenMs),
        ms(timing.roundTripMs),
      );
  }
}
