/**
 * The Evaluate view's first tab, Errors: what the model gets wrong, by the kind of report the session
 * carries — a classifier's confusion matrix, per-class scores, calibration and misclassified examples; a
 * language model's text coloured by loss with its worst contexts; a forecaster's residuals.
 */

import type { EvaluationSummary, HostToEvaluatePanel } from '../../src/protocol/evaluate-view';
import { Announcer } from '../shared/announcer';
import { element } from '../shared/dom';
import * as l10n from '../shared/l10n';
import { readThemeColors, watchTheme } from '../shared/theme';
import { ClassifierErrors } from './classifier-errors';
import { ForecastErrors } from './forecast-errors';
import { LanguageModelErrors } from './language-model-errors';
import type { EvaluateTabFactory, EvaluateTabView } from './tab';

export const createErrorsTab: EvaluateTabFactory = (post) => {
  const announcer = new Announcer('errors-announcer');
  const root = element('div', { className: 'errors-tab' });
  const classifier = new ClassifierErrors(post, announcer);
  const languageModel = new LanguageModelErrors(post);
  const forecaster = new ForecastErrors(post);
  const none = element('p', {
    className: 'muted',
    text: l10n.t('This kind of model has no error report yet; the other tabs work on its states.'),
  });
  root.append(classifier.root, languageModel.root, forecaster.root, none, announcer.root);
  let theme = readThemeColors();
  let summary: EvaluationSummary | null = null;

  const showOnly = (shown: HTMLElement | null) => {
    for (const part of [classifier.root, languageModel.root, forecaster.root, none]) part.hidden = part !== shown;
  };
  showOnly(null);
  watchTheme(() => {
    theme = readThemeColors();
    classifier.redraw(theme);
    forecaster.redraw(theme);
  });

  const view: EvaluateTabView = {
    id: 'errors',
    title: l10n.t('Errors'),
    element: root,
    setSummary(next) {
      summary = next;
      const report = next.report;
      switch (report?.kind) {
        case 'classifier':
          showOnly(classifier.root);
          return classifier.show(report, theme);
        case 'language-model':
          showOnly(languageModel.root);
          return languageModel.show(report);
        case 'forecaster':
          showOnly(forecaster.root);
          return forecaster.show(report, theme);
        default:
          showOnly(none);
      }
    },
    receive(message: HostToEvaluatePanel) {
      if (message.type === 'loss-page' && summary?.report?.kind === 'language-model')
        languageModel.showPage(message.page);
      else if (message.type === 'residuals' && summary?.report?.kind === 'forecaster')
        forecaster.showResiduals(message.residuals, theme);
    },
    shown() {
      // Charts drawn while the tab was hidden had no size: draw them again now that they have one.
      classifier.redraw(theme);
      forecaster.redraw(theme);
    },
  };
  return view;
};
