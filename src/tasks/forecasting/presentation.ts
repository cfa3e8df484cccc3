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
    { key: 'mase', label: 'MASE', higherIsBetter: false, format: 'decimal' },
    { key: 'smape', label: 'sMAPE', higherIsBetter: false, format: 'percent' },
    // How much lower the model's MASE is than the best baseline's (0.18: 18 % lower; negative: worse).
    { key: 'maseVsBestBaseline', label: 'MASE gain over the best baseline', higherIsBetter: true, format: 'percent' },
    // A model with a distribution (--distribution gaussian|quantile): its 80 % interval and proper score.
    // Coverage is best near 0.8 rather than highest; `higherIsBetter` only orders it (too narrow is the usual fault).
    { key: 'coverage', label: '80 % interval coverage', higherIsBetter: true, format: 'percent' },
    { key: 'intervalWidth', label: 'interval width', higherIsBetter: false, format: 'decimal' },
    // With a calibration fitted on validation windows (--calibrate on), the head's own coverage beside it.
    { key: 'rawCoverage', label: '80 % coverage before calibration', higherIsBetter: true, format: 'percent' },
    { key: 'crps', label: 'CRPS', higherIsBetter: false, format: 'decimal' },
    { key: 'quantileLoss', label: 'quantile loss', higherIsBetter: false, format: 'decimal' },
  ],
  headline: 'mae',
  settings: ['horizon', 'distribution', 'quantiles', 'season', 'backtest', 'calibrate'],
  columnRoles: [
    { override: 'targetColumns', label: 'Columns to forecast', multiple: true, optional: false, prefers: 'numeric' },
    { override: 'dateColumn', label: 'Date column', multiple: false, optional: true, prefers: 'date' },
    { override: 'seriesColumn', label: 'Series column', multiple: false, optional: true, prefers: 'label' },
    { override: 'knownFutureColumns', label: 'Known ahead', multiple: true, optional: true, prefers: 'numeric' },
  ],
  switches: [
    {
      override: 'wide',
      label: 'Wide table',
      help: 'on: every numeric column but the date is one series (store_1, store_2…), one model for all',
      detectedBy: 'wide',
    },
  ],
};
