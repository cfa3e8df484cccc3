/**
 * What the Prediction panel's forecast buttons may ask of the host, checked against the host's own answer:
 * the series to forecast must be one the model knows (the answer's `series.ids`), and *Insert quantiles*
 * inserts the answer's own text. Nothing the webview sends is used as it is. Pure (no `vscode`).
 */

import type { PredictionAnswer } from '../protocol/prediction-results';
import { printable } from '../protocol/message-validation';
import * as l10n from './l10n';

/** The series id to forecast next, when `wanted` is one of the answer's; otherwise an error a user can act on. */
export function forecastSeriesChoice(answer: PredictionAnswer | null, wanted: string): string {
  if (answer?.kind !== 'forecast') throw new Error(l10n.t('there is no forecast to pick a series of yet'));
  const series = answer.series;
  if (!series) throw new Error(l10n.t('this model was trained on one series: there is no other to pick'));
  if (!series.ids.includes(wanted))
    throw new Error(l10n.t("the model knows no series '{0}' in column '{1}'", printable(wanted), series.column));
  return wanted;
}

/** The rows *Insert quantiles* adds: the answer's every quantile in the selection's layout. */
export function quantileRowsToInsert(answer: PredictionAnswer | null, running: boolean): string {
  if (answer?.kind !== 'forecast' || running) throw new Error(l10n.t('there is no forecast to insert yet'));
  if (answer.quantileInsertText === undefined)
    throw new Error(l10n.t('this model forecasts single values, not quantiles: use Insert median'));
  return answer.quantileInsertText;
}

/**
 * What *Gate Heatmaps* asks the Gates panel to record: for a forecast of one of several series, a
 * validation sample of that series (the rows selected are not a window the panel can record alone);
 * otherwise the panel's input itself.
 */
export function gatesInputOf(answer: PredictionAnswer | null, input: string): { series: string } | { text: string } {
  if (answer?.kind === 'forecast' && answer.series) return { series: answer.series.id };
  return { text: input };
}
