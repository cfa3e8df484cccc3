/**
 * The options each kind of prediction offers beside its button, chosen by the view kind the host sent
 * (the model's task's `prediction.answer`): the attribution method of a classification; length,
 * temperature, top-k, seed and greedy of a continuation; the values ahead of a forecast.
 */

import type { PredictionOptions } from '../../../src/protocol/prediction-panel';
import type { PredictionAnswerKind } from '../../../src/protocol/prediction-results';
import { element } from '../../shared/dom';
import * as l10n from '../../shared/l10n';

export interface OptionControlsContext {
  /** The options when the controls are built (their initial values). */
  options: Readonly<PredictionOptions>;
  /** Changes one option (the card's current options, which outlive these controls' build). */
  set<K extends keyof PredictionOptions>(key: K, value: PredictionOptions[K]): void;
  /** A labelled number input bound to `options[id]`; `auto` predicts again on a change. */
  number(
    id: keyof PredictionOptions,
    label: string,
    min: number,
    max: number,
    step: number,
    title: string,
    auto: boolean,
  ): { control: HTMLElement; input: HTMLInputElement };
  predict(): void;
}

export const OPTION_CONTROLS: Record<PredictionAnswerKind, (context: OptionControlsContext) => HTMLElement[]> = {
  label: attributionControls,
  continuation: continuationControls,
  forecast: ({ number }) => [
    number(
      'horizon',
      l10n.t('Values ahead'),
      1,
      1000,
      1,
      l10n.t('How many values to forecast after the selection'),
      true,
    ).control,
  ],
  transform: ({ number }) => [
    number(
      'beam',
      l10n.t('Beam'),
      1,
      64,
      1,
      l10n.t('Hypotheses kept at each step (1: greedy, the most likely token each time)'),
      true,
    ).control,
    number('maxLength', l10n.t('Max length'), 1, 1000, 10, l10n.t('The most output tokens'), true).control,
  ],
};

function attributionControls({ options, set, predict }: OptionControlsContext): HTMLElement[] {
  const select = element('select', {
    id: 'option-attribution',
    title: l10n.t('How each token’s part in the decision is measured'),
  });
  for (const [value, label] of [
    ['integrated-gradients', l10n.t('Integrated gradients')],
    ['gradient', l10n.t('Gradient × input')],
    ['occlusion', l10n.t('Occlusion')],
  ] as const) {
    select.append(element('option', { text: label, attrs: { value, selected: options.attribution === value } }));
  }
  select.addEventListener('change', () => {
    set('attribution', select.value as PredictionOptions['attribution']);
    predict();
  });
  return [element('label', { className: 'control' }, l10n.t('Attribution'), select)];
}

function continuationControls({ options, set, number }: OptionControlsContext): HTMLElement[] {
  const length = number('length', l10n.t('Length'), 1, 10_000, 50, l10n.t('Characters to generate'), false);
  const temperature = number(
    'temperature',
    l10n.t('Temperature'),
    0.05,
    5,
    0.1,
    l10n.t('Higher: more surprising characters; lower: safer ones'),
    false,
  );
  const topK = number(
    'topK',
    l10n.t('Top-k'),
    0,
    1000,
    1,
    l10n.t('Sample only among the k most likely characters (0: all)'),
    false,
  );
  const seed = number('seed', l10n.t('Seed'), 0, 2 ** 31 - 1, 1, l10n.t('The same seed gives the same text'), false);
  const greedy = element('input', { id: 'option-greedy', attrs: { type: 'checkbox', checked: options.greedy } });
  temperature.input.disabled = options.greedy;
  greedy.addEventListener('change', () => {
    set('greedy', greedy.checked);
    temperature.input.disabled = greedy.checked;
  });
  const greedyControl = element(
    'label',
    { className: 'control', title: l10n.t('Always the most likely character (no sampling)') },
    greedy,
    l10n.t('Greedy'),
  );
  return [length.control, temperature.control, topK.control, seed.control, greedyControl];
}
