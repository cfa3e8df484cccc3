/** Forecasting numeric series: names and metrics (no code that reads data or runs a model). */

import type { TaskPresentation } from '../../protocol/task-presentation';

export const forecastingPresentation: TaskPresentation = {
  id: 'forecasting',
  cliNames: ['forecast', 'forecasting'],
  displayName: 'forecasting',
  modelNoun: 'a forecaster',
  modelBadge: 'forecaster',
  shortName: 'forecasting',
  title: 'Time-series forecasting',
  prediction: { request: 'forecast', answer: 'forecast', action: 'Forecast', running: 'Forecasting' },
  stepOutput: 'forecast',
  bidirectionalRefusal:
    "a forecaster's answer after each row must come from that row and the ones before it; a backward direction reads the rows after it, the future it is asked to predict",
  metrics: [
    { key: 'mae', label: 'MAE', higherIsBetter: false, format: 'decimal' },
    { key: 'rmse', label: 'RMSE', higherIsBetter: false, format: 'decimal' },
  ],
  headline: 'mae',
  settings: ['horizon'],
  columnRoles: [
    { override: 'targetColumns', label: 'Columns to forecast', multiple: true, optional: false, prefers: 'numeric' },
    { override: 'dateColumn', label: 'Date column', multiple: false, optional: true, prefers: 'date' },
    { override: 'seriesColumn', label: 'Series column', multiple: false, optional: true, prefers: 'label' },
    { override: 'knownFutureColumns', label: 'Known ahead', multiple: true, optional: true, prefers: 'numeric' },
  ],
};
